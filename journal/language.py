"""The language a user reads Rebound in: a saved preference per user, applied to their pages
and to the e-mails sent to them (reminders, digests, password resets).

A visitor's language is Django's: the language cookie (set by the landing page's chooser
through `set_language`), else the browser's Accept-Language. A signed-in user's saved
preference wins over both. It is copied into the session when they log in and when they
change it, so applying it costs no query per request.

The preference is keyed to the user, not the Athlete: coaches without a journal get
digests and everyone gets password resets.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import InterfaceError, OperationalError, models
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from config.middleware import DatabaseUnavailableMiddleware

SESSION_KEY = "rebound_language"


def language_codes() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


class LanguagePreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="language_preference"
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "journal"
        verbose_name = _("language preference")
        verbose_name_plural = _("language preferences")

    def __str__(self) -> str:
        return f"{self.user} → {self.language}"


def saved_language(user) -> str | None:
    """The user's saved language code, or None (not saved, or no longer offered)."""
    if user is None or not getattr(user, "pk", None):
        return None
    code = (
        LanguagePreference.objects.filter(user_id=user.pk)
        .values_list("language", flat=True)
        .first()
    )
    return code if code in language_codes() else None


def language_for(user) -> str:
    """The language to write to `user` in when no request is there to say: their saved
    preference, else the site's default. No query when the caller fetched the user with
    `select_related("language_preference")`."""
    try:
        code = user.language_preference.language
    except LanguagePreference.DoesNotExist:
        code = None
    return code if code in language_codes() else settings.LANGUAGE_CODE


def override_for(user) -> translation.override:
    """`with override_for(user):` renders e-mails and subjects in the user's language."""
    return translation.override(language_for(user))


def save_language(request: HttpRequest, code: str) -> None:
    """Save the signed-in user's choice and apply it to this session at once."""
    LanguagePreference.objects.update_or_create(user=request.user, defaults={"language": code})
    request.session[SESSION_KEY] = code
    translation.activate(code)
    request.LANGUAGE_CODE = code


def set_language_cookie(response: HttpResponse, code: str) -> None:
    """The cookie Django's LocaleMiddleware reads, so pages after log-out keep the language."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@receiver(user_logged_in, dispatch_uid="journal.language.remember_on_login")
def remember_on_login(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    code = saved_language(user)
    if code:
        request.session[SESSION_KEY] = code
    else:
        request.session.pop(SESSION_KEY, None)


class LanguagePreferenceMiddleware:
    """Applies the signed-in user's saved language (from the session), after
    LocaleMiddleware has picked the visitor's. Goes after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Only a log-in puts the key in a session and a log-out flushes it: reading it needs
        # neither request.user nor a query.
        session = getattr(request, "session", None)
        try:
            code = session.get(SESSION_KEY) if session is not None else None
        except (OperationalError, InterfaceError) as error:
            # The database is down or stalled: answer as a view would (503), at once, rather
            # than a 500 here or a second wait for it in the view.
            return DatabaseUnavailableMiddleware(self.get_response).process_exception(
                request, error
            )
        if code in language_codes():
            translation.activate(code)
            request.LANGUAGE_CODE = code
        return self.get_response(request)
