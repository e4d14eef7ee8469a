from django.urls import path, re_path

import journal.urls  # noqa: F401 (registers the isodate converter)
from recovery import reach_views, views

WEEK = r"(?P<label>\d{4}-W\d{2})"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("today/findings/<str:code>/snooze/", views.snooze_finding, name="snooze_finding"),
    path("week/", views.week, name="week"),
    re_path(rf"^week/{WEEK}/$", views.week, name="week_of"),
    path("trends/", views.trends, name="trends"),
    path("journal/", views.journal_days, name="journal_days"),
    path("coach/", views.coach_roster, name="coach"),
    path("glossary/", views.glossary, name="glossary"),
    path("rules/", views.rule_catalogue, name="rule_catalogue"),
    path("guidance/", views.guidance_index, name="guidance"),
    path("guidance/<slug:slug>/", views.guidance_article, name="guidance_article"),
]

COACH = "coach/athletes/<uuid:public_id>/"
urlpatterns += [
    path("coach/code/", views.coach_enter_code, name="coach_code"),
    path("coach/invitations/<int:link_id>/", views.coach_invitation, name="coach_invitation"),
    path(COACH, views.coach_athlete, name="coach_athlete"),
    path(f"{COACH}week/", views.coach_athlete_week, name="coach_athlete_week_current"),
    re_path(
        rf"^coach/athletes/(?P<public_id>{UUID})/week/{WEEK}/$",
        views.coach_athlete_week,
        name="coach_athlete_week",
    ),
    path(f"{COACH}trends/", views.coach_athlete_trends, name="coach_athlete_trends"),
    path(f"{COACH}journal/", views.coach_athlete_journal, name="coach_athlete_journal"),
    path(f"{COACH}journal/<isodate:day>/", views.coach_athlete_day, name="coach_athlete_day"),
    path(f"{COACH}notes/", views.coach_note, name="coach_note"),
    path(f"{COACH}targets/", views.coach_targets, name="coach_targets"),
    path(f"{COACH}leave/", views.coach_leave, name="coach_leave"),
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
