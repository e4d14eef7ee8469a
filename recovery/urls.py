from django.urls import path, re_path

import journal.urls  # noqa: F401 (registers the isodate converter)
from recovery import reach_views
from recovery.views import athlete, coach, guidance

WEEK = r"(?P<label>\d{4}-W\d{2})"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

urlpatterns = [
    path("today/", athlete.today, name="today"),
    path("today/findings/<str:code>/snooze/", athlete.snooze_finding, name="snooze_finding"),
    path("week/", athlete.week, name="week"),
    re_path(rf"^week/{WEEK}/$", athlete.week, name="week_of"),
    path("trends/", athlete.trends, name="trends"),
    path("journal/", athlete.journal_days, name="journal_days"),
    path("coach/", coach.coach_roster, name="coach"),
    path("glossary/", guidance.glossary, name="glossary"),
    path("rules/", guidance.rule_catalogue, name="rule_catalogue"),
    path("guidance/", guidance.guidance_index, name="guidance"),
    path("guidance/<slug:slug>/", guidance.guidance_article, name="guidance_article"),
]

COACH = "coach/athletes/<uuid:public_id>/"
urlpatterns += [
    path("coach/code/", coach.coach_enter_code, name="coach_code"),
    path("coach/invitations/<int:link_id>/", coach.coach_invitation, name="coach_invitation"),
    path(COACH, coach.coach_athlete, name="coach_athlete"),
    path(f"{COACH}week/", coach.coach_athlete_week, name="coach_athlete_week_current"),
    re_path(
        rf"^coach/athletes/(?P<public_id>{UUID})/week/{WEEK}/$",
        coach.coach_athlete_week,
        name="coach_athlete_week",
    ),
    path(f"{COACH}trends/", coach.coach_athlete_trends, name="coach_athlete_trends"),
    path(f"{COACH}journal/", coach.coach_athlete_journal, name="coach_athlete_journal"),
    path(f"{COACH}journal/<isodate:day>/", coach.coach_athlete_day, name="coach_athlete_day"),
    path(f"{COACH}notes/", coach.coach_note, name="coach_note"),
    path(f"{COACH}targets/", coach.coach_targets, name="coach_targets"),
    path(f"{COACH}leave/", coach.coach_leave, name="coach_leave"),
]

urlpatterns += [
    path("settings/reminders/", reach_views.reminder_settings, name="reminder_settings"),
    path(
        "unsubscribe/reminder/<str:token>/",
        reach_views.reminder_unsubscribe,
        name="reminder_unsubscribe",
    ),
    path(
        "unsubscribe/coach-digest/<str:token>/",
        reach_views.coach_digest_unsubscribe,
        name="coach_digest_unsubscribe",
    ),
]
