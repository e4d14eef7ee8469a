"""Recovery pages: what the journal means for the athlete, and for their coach.

Every page reaches the athlete through `journal.access`, loads its rows through
`recovery.window` and leaves the arithmetic to `recovery.engine`.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from journal import access
from journal.access import AthleteAccess
from journal.models import LB_PER_KG, Athlete, CoachLink
from journal.sharing import EnterCodeForm, accept_code
from recovery import freshness, summaries, window
from recovery.engine import REGISTRY, TRENDS_DAYS, WINDOW_DAYS, evaluate, evaluate_days
from recovery.engine import metric_series as engine_metric_series
from recovery.forms import CoachNoteForm, OverrideForm, TargetsForm
from recovery.models import AthleteRuleOverride, CoachNote, Guidance

NOTES_SHOWN_DAYS = 7
PAGE_CACHE_SECONDS = 600
# Part of every page cache key: raise it when the shape of a cached dict changes, so that a
# deploy never hands new code a value cached by the old (Redis outlives the processes).
PAGE_CACHE_SCHEMA = 2


def athlete_urls(acc: AthleteAccess) -> dict[str, str]:
    """Where the dashboards of this athlete live for this viewer (owner or coach)."""
    if acc.is_owner:
        return {"today": reverse("today"), "week": reverse("week"), "trends": reverse("trends")}
    public_id = acc.athlete.public_id
    return {
        "today": reverse("coach_athlete", args=[public_id]),
        "week": reverse("coach_athlete_week_current", args=[public_id]),
        "trends": reverse("coach_athlete_trends", args=[public_id]),
    }


def week_url(acc: AthleteAccess, monday: date) -> str:
    label = summaries.iso_week_label(monday)
    if acc.is_owner:
        return reverse("week_of", args=[label])
    return reverse("coach_athlete_week", args=[acc.athlete.public_id, label])


# ---------------------------------------------------------------- today


def cached_for(athlete: Athlete, name: str, compute) -> dict:
    """`compute()` once per athlete, name and journal version; later calls read the cache.

    Every journal write bumps the athlete's version (recovery.freshness), so a cached value
    is never stale; it only expires to free memory. The dict comes back with its cache key
    as `data_key`, for templates that cache the HTML drawn from it.
    """
    version = freshness.versions([athlete])[athlete.pk]
    key = f"page{PAGE_CACHE_SCHEMA}:{name}:{athlete.pk}:{version}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=PAGE_CACHE_SECONDS)
    return {**value, "data_key": key}


def today_data(athlete: Athlete, day: date) -> dict:
    athlete_window = window.load_windows([athlete], end=day)[athlete.pk]
    evaluation = evaluate(athlete_window.input)
    notes = CoachNote.objects.filter(
        athlete=athlete, date__gt=day - timedelta(days=NOTES_SHOWN_DAYS)
    ).select_related("author")
    return {
        "notes": list(notes),
        "evaluation": evaluation,
        "readiness": evaluation.readiness,
        "findings": evaluation.findings,
        "pending": evaluation.pending,
        "entries": athlete_window.entries,
        "days_with_data": sum(1 for record in athlete_window.input.days if record.has_data),
    }


def today_context(acc: AthleteAccess) -> dict:
    athlete = acc.athlete
    day = athlete.today()
    return {
        "acc": acc,
        "athlete": athlete,
        "day": day,
        **cached_for(athlete, f"today:{day}", lambda: today_data(athlete, day)),
        "urls": athlete_urls(acc),
    }


@login_required
def today(request: HttpRequest) -> HttpResponse:
    acc = access.own_access(request.user)
    context = today_context(acc)
    if request.htmx and request.htmx.target == "recovery-panel":
        return render(request, "recovery/today.html#recovery-panel", context)
    from journal.views import checkin_context

    context.update(checkin_context(acc.athlete, context["day"], checkin=context["entries"].checkin))
    return render(request, "recovery/today.html", context)


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
    athlete = acc.athlete
    today = athlete.today()
    monday = parse_week(label, today)
    sunday = monday + timedelta(days=6)
    context = {
        "acc": acc,
        "athlete": athlete,
        "monday": monday,
        "sunday": sunday,
        "label": summaries.iso_week_label(monday),
        "previous_url": week_url(acc, monday - timedelta(days=7)),
        "next_url": week_url(acc, monday + timedelta(days=7)) if sunday < today else None,
        "is_future": monday > today,
        "is_current": monday <= today <= sunday,
        "urls": athlete_urls(acc),
    }
    if context["is_future"]:
        return context
    context.update(
        cached_for(athlete, f"week:{monday}:{today}", lambda: week_data(athlete, monday, today))
    )
    return context


def week_data(athlete: Athlete, monday: date, today: date) -> dict:
    """The numbers of one ISO week: totals, change, findings, day rows and chart series."""
    last = min(monday + timedelta(days=6), today)
    # Enough history for every rule on the Monday, plus the week before for the comparison.
    inp = window.load_input(athlete, end=last, days=WINDOW_DAYS + 7)
    series = engine_metric_series(inp)
    by_day = {record.day: metrics for record, metrics in zip(inp.days, series, strict=True)}
    shown_days = [monday + timedelta(days=i) for i in range(7)]
    this_week = [by_day[d] for d in shown_days if d in by_day]
    last_week = [
        by_day[d - timedelta(days=7)] for d in shown_days if d - timedelta(days=7) in by_day
    ]
    target = athlete.sleep_target_h
    totals = summaries.week_totals(this_week, target)
    evaluations = evaluate_days(inp, [d for d in shown_days if d <= last])
    return {
        "totals": totals,
        "rows": summaries.total_rows(totals, summaries.week_totals(last_week, target)),
        "day_rows": [(d, by_day.get(d)) for d in shown_days],
        "week_findings": summaries.week_findings(evaluations),
        "chart": {
            "labels": [d.strftime("%a %d") for d in shown_days],
            "load": [round(by_day[d].daily_load or 0) if d in by_day else None for d in shown_days],
            "sleep": [
                round(by_day[d].sleep_h, 2)
                if d in by_day and by_day[d].sleep_h is not None
                else None
                for d in shown_days
            ],
            "sleep_target": target,
        },
    }


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


def trends_context(acc: AthleteAccess) -> dict:
    athlete = acc.athlete

    def compute() -> dict:
        unit = ("lb", LB_PER_KG) if athlete.imperial else ("kg", 1.0)
        return summaries.trend_data(window.load_input(athlete, days=TRENDS_DAYS), mass_unit=unit)

    trends = cached_for(athlete, f"trends:{athlete.today()}", compute)
    trends.pop("data_key")
    return {
        "acc": acc,
        "athlete": acc.athlete,
        "trends": trends,
        "charts": summaries.chart_summaries(trends),
        "weekly_table": summaries.weekly_table(trends),
        "urls": athlete_urls(acc),
    }


@login_required
def trends(request: HttpRequest) -> HttpResponse:
    return render(request, "recovery/trends.html", trends_context(access.own_access(request.user)))


# ---------------------------------------------------------------- coach

BAND_ORDER = {"red": 0, "amber": 1, "green": 2, None: 3}
ROSTER_CACHE_SECONDS = 600


@dataclass(frozen=True)
class RosterSummary:
    """What one roster row shows; cached per athlete, day and journal version."""

    score: int | None
    band: str | None
    calibrating: bool
    top_findings: tuple[tuple[str, str, str], ...]  # (severity, title, guidance slug)
    last_checkin: date | None
    compliance_pct: int
    load_ratio: float | None
    sleep_mean_7_h: float | None


def roster_summary(inp) -> RosterSummary:
    evaluation = evaluate(inp)
    recent = inp.days[-7:]
    last_checkin = next((r.day for r in reversed(inp.days) if r.checkin is not None), None)
    return RosterSummary(
        score=evaluation.readiness.score,
        band=evaluation.readiness.band,
        calibrating=evaluation.readiness.calibrating,
        top_findings=tuple((f.severity, f.title, f.guidance_slug) for f in evaluation.findings[:2]),
        last_checkin=last_checkin,
        compliance_pct=round(100 * sum(1 for r in recent if r.checkin is not None) / 7),
        load_ratio=evaluation.metrics.load_ratio,
        sleep_mean_7_h=evaluation.metrics.sleep_mean_7_h,
    )


def roster_summaries(athletes: list[Athlete]) -> tuple[dict[int, RosterSummary], dict[int, str]]:
    """Each athlete's summary, from the cache when their journal has not changed since, with
    the cache key it is stored under. The misses are evaluated together: one window load.
    """
    versions = freshness.versions(athletes)
    keys = {a.pk: f"roster:{a.pk}:{a.today()}:{versions[a.pk]}" for a in athletes}
    found = cache.get_many(list(keys.values()))
    missing = [a for a in athletes if keys[a.pk] not in found]
    if missing:
        windows = window.load_windows(missing)
        fresh = {keys[a.pk]: roster_summary(windows[a.pk].input) for a in missing}
        cache.set_many(fresh, timeout=ROSTER_CACHE_SECONDS)
        found.update(fresh)
    return {pk: found[key] for pk, key in keys.items()}, keys


def roster_context(request: HttpRequest, code_form: EnterCodeForm | None = None) -> dict:
    """The coach's athletes, worst first, filtered by ?band= and ?q=; invitations; code box."""
    # Active links and pending invitations in one query.
    coach_links = access.coach_links(request.user).select_related("athlete")
    links = [link for link in coach_links if link.status == CoachLink.Status.ACTIVE]
    invitations = [link for link in coach_links if link.status == CoachLink.Status.PENDING]
    query = request.GET.get("q", "").strip()[:80]
    band = request.GET.get("band", "")
    summaries_by_id, summary_keys = roster_summaries([link.athlete for link in links])
    rows = [(link, summaries_by_id[link.athlete_id]) for link in links]
    counts = {b: sum(1 for _, s in rows if s.band == b) for b in ("red", "amber", "green")}
    if query:
        rows = [row for row in rows if query.lower() in row[0].athlete.display_name.lower()]
    if band in BAND_ORDER and band:
        rows = [row for row in rows if row[1].band == band]
    rows.sort(
        key=lambda row: (
            BAND_ORDER[row[1].band],
            row[1].score if row[1].score is not None else 101,
            row[0].athlete.display_name,
        )
    )
    # The rows' HTML is cached under everything it shows: each row's link and summary.
    rows_key = hashlib.sha256(
        "|".join(
            f"{link.pk}:{link.access}:{summary_keys[link.athlete_id]}" for link, _ in rows
        ).encode()
    ).hexdigest()
    return {
        "rows": rows,
        "rows_key": rows_key,
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
    form = EnterCodeForm(request.POST, coach=request.user)
    if form.is_valid():
        try:
            link = accept_code(form.cleaned_data["code"], request.user)
        except ValidationError as error:
            form.add_error("code", error)
        else:
            messages.success(request, f"You now coach {link.athlete.display_name}.")
            return redirect("coach")
    messages.error(request, "That share code did not work; see the message beside it.")
    return render(request, "recovery/coach_roster.html", roster_context(request, form), status=400)


@login_required
@require_POST
def coach_invitation(request: HttpRequest, link_id: int) -> HttpResponse:
    link = access.invitation_for(request.user, link_id)
    if request.POST.get("decision") == "accept":
        link.status = CoachLink.Status.ACTIVE
        link.accepted_at = timezone.now()
        link.save(update_fields=["status", "accepted_at"])
        messages.success(request, f"You now coach {link.athlete.display_name}.")
    else:
        link.status = CoachLink.Status.REVOKED
        link.ended_at = timezone.now()
        link.save(update_fields=["status", "ended_at"])
        messages.info(request, f"Declined {link.athlete.display_name}'s invitation.")
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
    messages.success(request, f"You no longer coach {acc.athlete.display_name}.")
    return redirect("coach")


def coach_access(request: HttpRequest, public_id) -> AthleteAccess:
    acc = access.athlete_access(request.user, public_id)
    if acc.is_owner:
        # An athlete's own dashboards live at /today/; this page is the coach's view.
        raise Http404
    return acc


@login_required
def coach_athlete(request: HttpRequest, public_id) -> HttpResponse:
    acc = coach_access(request, public_id)
    context = today_context(acc)
    context["note_form"] = CoachNoteForm(initial={"date": context["day"]})
    return render(request, "recovery/today.html", context)


@login_required
def coach_athlete_week(request: HttpRequest, public_id, label: str | None = None) -> HttpResponse:
    return render_week(request, week_context(coach_access(request, public_id), label))


@login_required
def coach_athlete_trends(request: HttpRequest, public_id) -> HttpResponse:
    return render(request, "recovery/trends.html", trends_context(coach_access(request, public_id)))


@login_required
@require_POST
def coach_note(request: HttpRequest, public_id) -> HttpResponse:
    acc = coach_access(request, public_id)
    acc.require_manage()
    form = CoachNoteForm(request.POST, athlete=acc.athlete)
    if form.is_valid():
        note = form.save(commit=False)
        note.athlete = acc.athlete
        note.author = request.user
        note.save()
        messages.success(request, f"Note saved for {note.date:%a %d %b}.")
        return redirect("coach_athlete", public_id=acc.athlete.public_id)
    context = today_context(acc)
    context["note_form"] = form
    return render(request, "recovery/today.html", context, status=400)


@login_required
def coach_targets(request: HttpRequest, public_id) -> HttpResponse:
    """A manage coach sets the athlete's targets and per-athlete rule overrides."""
    acc = coach_access(request, public_id)
    if request.method == "POST":
        acc.require_manage()
    athlete = acc.athlete
    targets_form = TargetsForm(instance=athlete)
    override_form = OverrideForm()
    status = 200
    if request.method == "POST" and request.POST.get("action") == "targets":
        targets_form = TargetsForm(request.POST, instance=athlete)
        if targets_form.is_valid():
            targets_form.save()
            messages.success(request, f"Targets saved for {athlete.display_name}.")
            return redirect("coach_targets", public_id=athlete.public_id)
        status = 400
    elif request.method == "POST" and request.POST.get("action") == "override":
        code = request.POST.get("code", "")
        existing = AthleteRuleOverride.objects.filter(athlete=athlete, code=code).first()
        override_form = OverrideForm(
            request.POST, instance=existing or AthleteRuleOverride(athlete=athlete)
        )
        if override_form.is_valid():
            override = override_form.save(commit=False)
            override.set_by = request.user
            override.save()
            messages.success(request, f"Rule {override.code} changed for {athlete.display_name}.")
            return redirect("coach_targets", public_id=athlete.public_id)
        status = 400
    elif request.method == "POST" and request.POST.get("action") == "reset":
        if not request.POST.get("override", "").isdigit():
            raise Http404
        AthleteRuleOverride.objects.filter(
            athlete=athlete, pk=request.POST.get("override")
        ).delete()
        messages.success(request, "Rule back to its usual settings.")
        return redirect("coach_targets", public_id=athlete.public_id)
    return render(
        request,
        "recovery/coach_targets.html",
        {
            "acc": acc,
            "athlete": athlete,
            "urls": athlete_urls(acc),
            "targets_form": targets_form,
            "override_form": override_form,
            "overrides": AthleteRuleOverride.objects.filter(athlete=athlete).order_by("code"),
        },
        status=status,
    )


# ---------------------------------------------------------------- guidance


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
    for article in articles.only("slug", "title", "summary", "topic", "published"):
        grouped.setdefault(topics.get(article.topic, article.topic), []).append(article)
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
    rules = [rule for rule in REGISTRY.values() if rule.guidance_slug == slug]
    return render(request, "recovery/guidance_article.html", {"article": article, "rules": rules})
