"""The coach's pages: the roster, share codes and invitations, leaving an athlete, and the
coach's read-only views of one athlete, their notes and targets.

Every page reaches the athlete through `journal.access` (`coach_access`) and takes its
numbers from `recovery.pages`; the rules for links are in `journal.sharing`.
"""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config import throttle
from config.middleware import client_ip
from journal import access
from journal.models import CoachLink
from journal.sharing import EnterCodeForm, accept_code, accept_invitation, end_link
from recovery import pages
from recovery.engine import REGISTRY
from recovery.forms import (
    CoachNoteForm,
    RuleChoiceForm,
    TargetsForm,
    describe_params,
    rule_config_form,
)
from recovery.models import AthleteRuleOverride
from recovery.views.athlete import render_journal_days, render_week

logger = logging.getLogger("rebound.throttle")

# ---------------------------------------------------------------- roster


def roster_context(request: HttpRequest, code_form: EnterCodeForm | None = None) -> dict:
    """The coach's athletes, worst first, filtered by ?band= and ?q=; invitations; code box."""
    # Active links and pending invitations in one query.
    coach_links = access.coach_links(request.user).select_related("athlete")
    links = [link for link in coach_links if link.status == CoachLink.Status.ACTIVE]
    invitations = [link for link in coach_links if link.status == CoachLink.Status.PENDING]
    query = request.GET.get("q", "").strip()[:80]
    band = request.GET.get("band", "")
    rows, counts = pages.roster_rows(links, query, band)
    return {
        "rows": rows,
        "has_athletes": bool(links),
        "counts": counts,
        "band": band,
        "query": query,
        "invitations": invitations,
        "code_form": code_form or EnterCodeForm(coach=request.user),
    }


@login_required
def coach_roster(request: HttpRequest) -> HttpResponse:
    """The coach's athletes, worst first; pending invitations; a box for a share code."""
    context = roster_context(request)
    if request.htmx and request.htmx.target == "roster-rows":
        return render(request, "recovery/coach_roster.html#roster-rows", context)
    return render(request, "recovery/coach_roster.html", context)


@login_required
@require_POST
def coach_enter_code(request: HttpRequest) -> HttpResponse:
    """Redeems a share code. Codes that do not work are limited per coach and per client
    address (config.throttle); over a limit the code is not even looked at: 429."""
    client = client_ip(request) or ""
    counts = (
        (throttle.SHARE_CODE_FAILURES_PER_USER, str(request.user.pk)),
        (throttle.SHARE_CODE_FAILURES_PER_ADDRESS, client),
    )
    if exceeded := throttle.count_attempt(*counts):
        logger.warning(
            "Share code not checked: limit %s reached (user %s, client %s)",
            exceeded.name,
            request.user.pk,
            client,
        )
        minutes = exceeded.window_seconds // 60
        messages.error(
            request,
            _("Too many share codes that did not work. Try again in %(minutes)s minutes.")
            % {"minutes": minutes},
        )
        response = render(
            request, "recovery/coach_roster.html", roster_context(request), status=429
        )
        response["Retry-After"] = str(exceeded.window_seconds)
        return response
    form = EnterCodeForm(request.POST, coach=request.user)
    if form.is_valid():
        try:
            link = accept_code(form.cleaned_data["code"], request.user)
        except ValidationError as error:
            form.add_error("code", error)
        else:
            throttle.refund(*counts)  # only the codes that did not work count
            messages.success(
                request, _("You now coach %(name)s.") % {"name": link.athlete.display_name}
            )
            return redirect("coach")
    messages.error(request, _("That share code did not work; see the message beside it."))
    return render(request, "recovery/coach_roster.html", roster_context(request, form), status=400)


@login_required
@require_POST
def coach_invitation(request: HttpRequest, link_id: int) -> HttpResponse:
    link = access.invitation_for(request.user, link_id)
    if request.POST.get("decision") == "accept":
        accept_invitation(link)
        messages.success(
            request, _("You now coach %(name)s.") % {"name": link.athlete.display_name}
        )
    else:
        end_link(link)
        messages.info(
            request,
            _("Declined %(name)s's invitation.") % {"name": link.athlete.display_name},
        )
    return redirect("coach")


@login_required
@require_POST
def coach_leave(request: HttpRequest, public_id: str) -> HttpResponse:
    acc = access.athlete_access(request.user, public_id)
    if acc.is_owner:
        raise Http404
    end_link(acc.link)
    messages.success(
        request, _("You no longer coach %(name)s.") % {"name": acc.athlete.display_name}
    )
    return redirect("coach")


# ---------------------------------------------------------------- one athlete


@login_required
def coach_athlete(request: HttpRequest, public_id) -> HttpResponse:
    acc = access.coach_access(request.user, public_id)
    context = pages.today_context(acc)
    context["note_form"] = CoachNoteForm(initial={"date": context["day"]})
    return render(request, "recovery/today.html", context)


@login_required
def coach_athlete_week(request: HttpRequest, public_id, label: str | None = None) -> HttpResponse:
    return render_week(
        request, pages.labelled_week_context(access.coach_access(request.user, public_id), label)
    )


@login_required
def coach_athlete_journal(request: HttpRequest, public_id) -> HttpResponse:
    """The athlete's journal 30 days at a time, read-only, with links to each day."""
    return render_journal_days(request, access.coach_access(request.user, public_id))


@login_required
def coach_athlete_day(request: HttpRequest, public_id, day) -> HttpResponse:
    """One day of the athlete's journal, read-only: the entries without private notes,
    and the coach notes about that day."""
    from journal.views import day_context

    acc = access.coach_access(request.user, public_id)
    context = day_context(acc, day) | {"urls": pages.athlete_urls(acc)}
    return render(request, "journal/day.html", context)


@login_required
def coach_athlete_trends(request: HttpRequest, public_id) -> HttpResponse:
    context = pages.trends_context(access.coach_access(request.user, public_id))
    return render(request, "recovery/trends.html", context)


@login_required
@require_POST
def coach_note(request: HttpRequest, public_id) -> HttpResponse:
    acc = access.coach_access(request.user, public_id)
    acc.require_manage()
    form = CoachNoteForm(request.POST, athlete=acc.athlete)
    if form.is_valid():
        note = form.save(commit=False)
        note.athlete = acc.athlete
        note.author = request.user
        note.save()
        messages.success(
            request, _("Note saved for %(day)s.") % {"day": date_format(note.date, _("D j M"))}
        )
        return redirect("coach_athlete", public_id=acc.athlete.public_id)
    context = pages.today_context(acc)
    context["note_form"] = form
    return render(request, "recovery/today.html", context, status=400)


@login_required
def coach_targets(request: HttpRequest, public_id) -> HttpResponse:
    """A manage coach sets the athlete's targets and per-athlete rule overrides."""
    acc = access.coach_access(request.user, public_id)
    if request.method == "POST":
        acc.require_manage()
    athlete = acc.athlete
    targets_form = TargetsForm(instance=athlete)
    # The rule to change comes from ?rule= (the choice box) or the posted rule change.
    posted_override = request.method == "POST" and request.POST.get("action") == "override"
    chosen = (request.POST if posted_override else request.GET).get("rule")
    choice = RuleChoiceForm({"rule": chosen}) if chosen is not None else RuleChoiceForm()
    rule = REGISTRY[choice.cleaned_data["rule"]] if choice.is_valid() else None
    override_form = None
    if rule is not None:
        existing = AthleteRuleOverride.objects.filter(athlete=athlete, code=rule.code).first()
        form_class = rule_config_form(AthleteRuleOverride, rule)
        override_form = form_class(instance=existing or AthleteRuleOverride(athlete=athlete))
    status = 200
    if request.method == "POST" and request.POST.get("action") == "targets":
        targets_form = TargetsForm(request.POST, instance=athlete)
        if targets_form.is_valid():
            with transaction.atomic():  # the day states refresh with the targets
                targets_form.save()
            messages.success(
                request, _("Targets saved for %(name)s.") % {"name": athlete.display_name}
            )
            return redirect("coach_targets", public_id=athlete.public_id)
        status = 400
    elif posted_override:
        if rule is None:
            status = 400  # the choice form says why
        else:
            override_form = form_class(request.POST, instance=override_form.instance)
            if override_form.is_valid():
                override = override_form.save(commit=False)
                override.set_by = request.user
                with transaction.atomic():
                    override.save()
                messages.success(
                    request,
                    _("Rule “%(title)s” changed for %(name)s.")
                    % {"title": _(rule.title), "name": athlete.display_name},
                )
                return redirect("coach_targets", public_id=athlete.public_id)
            status = 400
    elif request.method == "POST" and request.POST.get("action") == "reset":
        if not request.POST.get("override", "").isdigit():
            raise Http404
        with transaction.atomic():
            AthleteRuleOverride.objects.filter(
                athlete=athlete, pk=request.POST.get("override")
            ).delete()
        messages.success(request, _("Rule back to its usual settings."))
        return redirect("coach_targets", public_id=athlete.public_id)
    return render(
        request,
        "recovery/coach_targets.html",
        {
            "acc": acc,
            "athlete": athlete,
            "urls": pages.athlete_urls(acc),
            "targets_form": targets_form,
            "choice_form": choice,
            "rule": rule,
            "override_form": override_form,
            "overrides": [
                (override, describe_params(override.rule, override.params))
                for override in AthleteRuleOverride.objects.filter(athlete=athlete).order_by("code")
            ],
        },
        status=status,
    )
