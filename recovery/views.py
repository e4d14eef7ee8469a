"""Recovery pages: what the journal means for the athlete, and for their coach.

Every page reaches the athlete through `journal.access` and takes its numbers from
`recovery.pages`, which reads day states. The views only pick the template.
"""

import logging
from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config import throttle
from config.middleware import client_ip
from journal import access
from journal.access import AthleteAccess
from journal.models import EARLIEST_DATE, CoachLink
from journal.sharing import EnterCodeForm, accept_code
from recovery import articles as guidance_figures
from recovery import pages, summaries
from recovery.engine import REGISTRY
from recovery.forms import (
    CoachNoteForm,
    RuleChoiceForm,
    TargetsForm,
    describe_params,
    rule_config_form,
)
from recovery.guidance_translation import base_language
from recovery.models import AthleteRuleOverride, FindingSnooze, Guidance, GuidanceTranslation

logger = logging.getLogger("rebound.throttle")

# ---------------------------------------------------------------- today


@login_required
def today(request: HttpRequest) -> HttpResponse:
    if access.own_athlete_or_none(request.user) is None:
        from journal.views import start_page

        return redirect(start_page(request.user))  # staff and coaches without a journal
    acc = access.own_access(request.user)
    context = pages.today_context(acc)
    if request.htmx and request.htmx.target == "recovery-panel":
        return render(request, "recovery/today.html#recovery-panel", context)
    from journal.views import checkin_context

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


def parse_week(label: str | None, today: date) -> date:
    """The Monday of an ISO week label like "2026-W07"; the current week when None; else 404."""
    if label is None:
        return today - timedelta(days=today.weekday())
    try:
        year, week = label.split("-W")
        if len(year) != 4 or len(week) != 2 or not 1900 < int(year) <= today.year + 1:
            raise ValueError(label)
        return summaries.iso_week_start(int(year), int(week))
    except ValueError:
        raise Http404("No such week.") from None


def week_context(acc: AthleteAccess, label: str | None) -> dict:
    return pages.week_context(acc, parse_week(label, acc.athlete.today()))


@login_required
def week(request: HttpRequest, label: str | None = None) -> HttpResponse:
    context = week_context(access.own_access(request.user), label)
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
            problem = "Give the last day to show as a date such as 2025-03-01."
            return render(request, "400.html", {"problem": problem}, status=400)
        if until < EARLIEST_DATE:
            problem = f"The journal starts in {EARLIEST_DATE.year}."
            return render(request, "400.html", {"problem": problem}, status=400)
    context = pages.journal_days_context(acc.athlete, acc, until=until)
    return render(request, "journal/journal_list.html", context)


@login_required
def journal_days(request: HttpRequest) -> HttpResponse:
    """The journal 30 days at a time, one line each: the day states' numbers, with links to
    each day's entries."""
    athlete = access.own_athlete(request.user)
    return render_journal_days(request, AthleteAccess(athlete, is_owner=True, can_manage=True))


# ---------------------------------------------------------------- coach


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
        link.status = CoachLink.Status.ACTIVE
        link.accepted_at = timezone.now()
        link.save(update_fields=["status", "accepted_at"])
        messages.success(
            request, _("You now coach %(name)s.") % {"name": link.athlete.display_name}
        )
    else:
        link.status = CoachLink.Status.REVOKED
        link.ended_at = timezone.now()
        link.save(update_fields=["status", "ended_at"])
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
    acc.link.status = CoachLink.Status.REVOKED
    acc.link.ended_at = timezone.now()
    acc.link.save(update_fields=["status", "ended_at"])
    messages.success(
        request, _("You no longer coach %(name)s.") % {"name": acc.athlete.display_name}
    )
    return redirect("coach")


@login_required
def coach_athlete(request: HttpRequest, public_id) -> HttpResponse:
    acc = access.coach_access(request.user, public_id)
    context = pages.today_context(acc)
    context["note_form"] = CoachNoteForm(initial={"date": context["day"]})
    return render(request, "recovery/today.html", context)


@login_required
def coach_athlete_week(request: HttpRequest, public_id, label: str | None = None) -> HttpResponse:
    return render_week(request, week_context(access.coach_access(request.user, public_id), label))


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


# ---------------------------------------------------------------- guidance


def rule_catalogue(request: HttpRequest) -> HttpResponse:
    """Every rule with its parameters, defaults and bounds, and a link to its article."""
    return render(request, "recovery/rule_catalogue.html", {"rules": list(REGISTRY.values())})


def glossary(request: HttpRequest) -> HttpResponse:
    from recovery.glossary import TERMS

    terms = [(key, word, explanation) for key, (word, explanation) in TERMS.items()]
    return render(request, "recovery/glossary.html", {"terms": terms})


def guidance_index(request: HttpRequest) -> HttpResponse:
    """Published articles grouped by topic, with a search over title, summary and body."""
    query = request.GET.get("q", "").strip()[:100]
    articles = Guidance.objects.all()
    if not request.user.is_staff:
        articles = articles.filter(published=True)
    if query:
        articles = articles.filter(
            Q(title__icontains=query) | Q(summary__icontains=query) | Q(body__icontains=query)
        )
    topics = dict(Guidance.Topic.choices)
    grouped: dict[str, list[Guidance]] = {}
    params = guidance_figures.current_params()
    language = base_language(get_language())
    articles = articles.only("slug", "title", "summary", "topic", "published")
    translations = {}
    if language != "en":
        translations = {
            t.guidance_id: t for t in GuidanceTranslation.objects.filter(language=language)
        }
    for article in articles:
        article.in_language(language, translations.get(article.pk))
        article.summary_shown = article.summary_text(params)
        grouped.setdefault(str(topics.get(article.topic, article.topic)), []).append(article)
    return render(
        request,
        "recovery/guidance_index.html",
        {
            "grouped": sorted(grouped.items()),
            "query": query,
            "count": sum(map(len, grouped.values())),
        },
    )


def guidance_article(request: HttpRequest, slug: str) -> HttpResponse:
    """One article. A draft is visible to staff only, marked as such; 404 for anyone else."""
    article = get_object_or_404(Guidance, slug=slug)
    if not article.published and not request.user.is_staff:
        raise Http404
    article.in_language(get_language())
    rules = [rule for rule in REGISTRY.values() if rule.guidance_slug == slug]
    params = guidance_figures.current_params()
    context = {
        "article": article,
        "rules": rules,
        "summary": article.summary_text(params),
        "body_html": article.body_html(params),
    }
    return render(request, "recovery/guidance_article.html", context)
