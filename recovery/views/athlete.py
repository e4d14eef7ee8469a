"""The athlete's recovery pages: Today, Week, Trends and the journal list, with their
htmx partials.

Every page reaches the athlete through `journal.access` and takes its numbers from
`recovery.pages`, which reads day states. The views only pick the template.
"""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from journal import access
from journal.access import AthleteAccess
from journal.models import EARLIEST_DATE
from recovery import pages
from recovery.models import FindingSnooze

# ---------------------------------------------------------------- today


@login_required
def today(request: HttpRequest) -> HttpResponse:
    if access.own_athlete_or_none(request.user) is None:
        from journal.navigation import start_page

        return redirect(start_page(request.user))  # staff and coaches without a journal
    acc = access.own_access(request.user)
    context = pages.today_context(acc)
    if request.htmx and request.htmx.target == "recovery-panel":
        return render(request, "recovery/today.html#recovery-panel", context)
    from journal.checkin import checkin_context

    state = context["state"]
    tags = state.record.tags if state.record else ()
    context.update(
        checkin_context(
            acc.athlete, context["day"], checkin=context["entries"].checkin, tags=list(tags)
        )
    )
    return render(request, "recovery/today.html", context)


@login_required
@require_POST
def snooze_finding(request: HttpRequest, code: str) -> HttpResponse:
    """Hide one of today's findings from the athlete's Today for 7 days ("undo" lifts it).
    Only a finding that Today shows can be snoozed; it returns early if it gets worse."""
    acc = access.own_access(request.user)
    athlete = acc.athlete
    day = athlete.today()
    if request.POST.get("undo"):
        FindingSnooze.objects.filter(athlete=athlete, code=code).delete()
        messages.success(request, _("Shown again."))
        return redirect("today")
    state = pages.today_context(acc)["state"]
    finding = next((f for f in state.findings if f.code == code), None)
    if finding is None:
        raise Http404("No such finding on your Today.")
    until = day + timedelta(days=FindingSnooze.SNOOZE_DAYS)
    FindingSnooze.objects.update_or_create(
        athlete=athlete, code=code, defaults={"severity": finding.severity, "until": until}
    )
    messages.success(
        request,
        _("“%(title)s” hidden until %(until)s, unless it gets worse.")
        % {"title": _(finding.title), "until": date_format(until, _("j F"))},
    )
    return redirect("today")


# ---------------------------------------------------------------- week


@login_required
def week(request: HttpRequest, label: str | None = None) -> HttpResponse:
    context = pages.labelled_week_context(access.own_access(request.user), label)
    return render_week(request, context)


def render_week(request: HttpRequest, context: dict) -> HttpResponse:
    template = "recovery/week.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#week-body"
    return render(request, template, context)


# ---------------------------------------------------------------- trends


@login_required
def trends(request: HttpRequest) -> HttpResponse:
    context = pages.trends_context(access.own_access(request.user))
    return render(request, "recovery/trends.html", context)


# ---------------------------------------------------------------- journal list


def render_journal_days(request: HttpRequest, acc: AthleteAccess) -> HttpResponse:
    """30 days of the journal up to `?until=` (today by default), or a 400 that says why
    the day given can't be read."""
    until = None
    if "until" in request.GET:
        field = forms.DateField(input_formats=["%Y-%m-%d"])
        try:
            until = field.clean(request.GET["until"])
        except ValidationError:
            problem = _("Give the last day to show as a date such as 2025-03-01.")
            return render(request, "400.html", {"problem": problem}, status=400)
        if until < EARLIEST_DATE:
            problem = _("The journal starts in %(year)s.") % {"year": EARLIEST_DATE.year}
            return render(request, "400.html", {"problem": problem}, status=400)
    context = pages.journal_days_context(acc.athlete, acc, until=until)
    return render(request, "journal/journal_list.html", context)


@login_required
def journal_days(request: HttpRequest) -> HttpResponse:
    """The journal 30 days at a time, one line each: the day states' numbers, with links to
    each day's entries."""
    athlete = access.own_athlete(request.user)
    return render_journal_days(request, AthleteAccess(athlete, is_owner=True, can_manage=True))
