"""Settings → Language: the signed-in user's saved language (journal/language.py)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from journal import access
from journal.language import save_language, saved_language, set_language_cookie


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Rebound's pages and the e-mails it sends you (reminders, digests, password"
            " resets) use this language. Units stay as set under Profile and targets."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def language_settings(request: HttpRequest) -> HttpResponse:
    initial = {"language": saved_language(request.user) or get_language()}
    form = LanguageForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            code = form.cleaned_data["language"]
            save_language(request, code)
            messages.success(request, _("Language saved."))  # already in the new language
            response = redirect("language_settings")
            set_language_cookie(response, code)
            return response
        status = 400
    else:
        status = 200
    context = {
        "form": form,
        "athlete": access.own_athlete_or_none(request.user),
    }
    return render(request, "journal/language_settings.html", context, status=status)
