"""Where a request goes: the first page for a user, a day's page, and the day or `next`
address a request asks for."""

from datetime import date

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from journal import access
from journal.models import Athlete


def start_page(user) -> str:
    """The URL name of the first page for a signed-in user."""
    if access.own_athlete_or_none(user) is not None:
        return "today"
    if access.is_coach(user):
        return "coach"
    if user.is_staff:
        return "admin:index"
    return "settings"


def day_url(acc: access.AthleteAccess, day: date) -> str:
    """Where this viewer reads one day of the athlete's journal (owner or coach)."""
    if acc.is_owner:
        return reverse("journal:day", args=[day.isoformat()])
    return reverse("coach_athlete_day", args=[acc.athlete.public_id, day.isoformat()])


def requested_day(request: HttpRequest, athlete: Athlete) -> date:
    """The `?date=` of the request when it is a real day not in the future, else today."""
    today = athlete.today()
    try:
        day = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return today
    return day if day <= today else today


def safe_next(request: HttpRequest, default: str) -> str:
    """`next` when it is a path on this site ("/journal/"), else `default`."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default
