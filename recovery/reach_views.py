"""Settings for the e-mails that bring people back (the check-in reminder, the coach
digest), and their unsubscribe links, which work without a log-in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from journal import access
from recovery import coach_digest, reminders
from recovery.reach_forms import CoachDigestForm, ReminderForm
from recovery.reach_models import CheckInReminder, CoachDigestSetting


@login_required
@require_http_methods(["GET", "POST"])
def reminder_settings(request: HttpRequest) -> HttpResponse:
    """An athlete's check-in reminder and, for a coach, the weekly digest: each its own
    form on the page, told apart by the `form` field of the POST."""
    user = request.user
    athlete = access.own_athlete_or_none(user)
    digest = CoachDigestSetting.objects.filter(coach=user).first()
    coaching = access.is_coach(user) or (digest is not None and digest.enabled)
    posted = request.POST.get("form") if request.method == "POST" else None

    reminder_form = None
    if athlete is not None:
        reminder = CheckInReminder.objects.filter(athlete=athlete).first()
        reminder_form = ReminderForm(
            request.POST if posted == "reminder" else None,
            instance=reminder or CheckInReminder(athlete=athlete),
            prefix="reminder",
        )
    digest_form = None
    if coaching:
        digest_form = CoachDigestForm(
            request.POST if posted == "digest" else None,
            instance=digest or CoachDigestSetting(coach=user),
            prefix="digest",
        )

    status = 200
    if request.method == "POST":
        form = {"reminder": reminder_form, "digest": digest_form}.get(posted or "")
        if form is None:
            messages.error(request, _("Nothing to save here."))
            status = 400
        elif form.is_valid():
            form.save()
            messages.success(
                request,
                _("Reminder saved.") if posted == "reminder" else _("Digest setting saved."),
            )
            return redirect("reminder_settings")
        else:
            status = 400
    context = {
        "reminder_form": reminder_form,
        "digest_form": digest_form,
        "athlete": athlete,
    }
    return render(request, "recovery/reminder_settings.html", context, status=status)


def _unsubscribe(request: HttpRequest, subject, turn_off, what: str) -> HttpResponse:
    if subject is None:
        return render(request, "recovery/unsubscribe.html", {"broken": True}, status=400)
    if request.method == "POST":
        turn_off(subject)
        return render(request, "recovery/unsubscribe.html", {"done": True, "what": what})
    return render(request, "recovery/unsubscribe.html", {"what": what})


# The token in the address is the authority, not a session: no log-in and no CSRF token.
# GET asks (a mail scanner that follows links changes nothing); POST turns the e-mail off,
# which is also what a mail client's one-click unsubscribe (List-Unsubscribe-Post) sends.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def reminder_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    athlete = reminders.athlete_for_token(token)
    return _unsubscribe(request, athlete, reminders.turn_off, "reminder")


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def coach_digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    coach = coach_digest.coach_for_token(token)
    return _unsubscribe(request, coach, coach_digest.turn_off, "digest")
