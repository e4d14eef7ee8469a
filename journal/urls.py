"""Journal URLs (namespace "journal") and the account pages that keep their plain names."""

from datetime import date

from django.urls import path, register_converter

from journal import checkin_views, entry_views, logger_views, pwa, quick, views
from journal.imports import views as import_views
from journal.models import Intake, Meal, SleepEntry, Workout


class IsoDateConverter:
    """A real calendar day as yyyy-mm-dd; anything else (2025-02-30) does not match: 404."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        return date.fromisoformat(value)

    def to_url(self, value: date | str) -> str:
        return value.isoformat() if isinstance(value, date) else value


register_converter(IsoDateConverter, "isodate")

app_name = "journal"

urlpatterns = [
    path("journal/<isodate:day>/", views.day_view, name="day"),
    path("journal/<isodate:day>/tags/", views.day_tags_view, name="day_tags"),
    path("journal/workouts/new/", entry_views.workout_form, name="workout_new"),
    path("journal/workouts/set-row/", entry_views.workout_set_row, name="workout_set_row"),
    path("journal/workouts/<int:pk>/edit/", entry_views.workout_form, name="workout_edit"),
    path(
        "journal/workouts/<int:pk>/delete/",
        entry_views.entry_delete,
        {"model": Workout},
        name="workout_delete",
    ),
    path("checkin/", checkin_views.checkin, name="checkin"),
    # Logging fast (docs/logging.md): the set-by-set logger, routines, one-tap amounts.
    path("journal/workouts/log/", logger_views.logger_start, name="logger_start"),
    path("journal/workouts/<int:pk>/log/", logger_views.logger_page, name="logger"),
    path("journal/workouts/<int:pk>/log/pick/", logger_views.logger_pick, name="logger_pick"),
    path(
        "journal/workouts/<int:pk>/log/exercise/",
        logger_views.logger_exercise,
        name="logger_exercise",
    ),
    path("journal/workouts/<int:pk>/log/set/", logger_views.logger_set, name="logger_set"),
    path("journal/workouts/<int:pk>/log/finish/", logger_views.logger_finish, name="logger_finish"),
    path(
        "journal/workouts/<int:pk>/routine/",
        logger_views.routine_from_workout,
        name="routine_from_workout",
    ),
    path("journal/routines/", logger_views.routines, name="routines"),
    path("journal/routines/<int:pk>/edit/", logger_views.routine_edit, name="routine_edit"),
    path("journal/routines/<int:pk>/delete/", logger_views.routine_delete, name="routine_delete"),
    path(
        "journal/athletes/<uuid:public_id>/routines/",
        logger_views.routine_give,
        name="routine_give",
    ),
    path("journal/quick/", quick.quick_panel, name="quick"),
    path("journal/quick/add/", quick.quick_add, name="quick_add"),
    path("journal/quick/meal/", quick.quick_meal, name="quick_meal"),
    path(
        "journal/quick/favourites/<int:pk>/delete/",
        quick.favourite_delete,
        name="favourite_delete",
    ),
    path("journal/morning/", quick.morning, name="morning"),
]

for slug, model in (("sleep", SleepEntry), ("meals", Meal), ("intake", Intake)):
    urlpatterns += [
        path(f"journal/{slug}/new/", entry_views.entry_form, {"model": model}, name=f"{slug}_new"),
        path(
            f"journal/{slug}/<int:pk>/edit/",
            entry_views.entry_form,
            {"model": model},
            name=f"{slug}_edit",
        ),
        path(
            f"journal/{slug}/<int:pk>/delete/",
            entry_views.entry_delete,
            {"model": model},
            name=f"{slug}_delete",
        ),
    ]

# Sign-up and settings are reached as {% url 'signup' %} and {% url 'settings' %}, without
# the namespace: config/urls.py includes this list on its own.
account_urlpatterns = [
    # The service worker at the root, so that its scope is the whole app (static/sw.js).
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("accounts/signup/", views.signup, name="signup"),
    path("settings/", views.profile_settings, name="settings"),
    # Imports from other apps and devices (the Rebound export's restore is in config/urls.py).
    path("settings/data/import/files/", import_views.upload, name="import_upload"),
    path("settings/data/import/<int:pk>/", import_views.batch_page, name="import_batch"),
    path("settings/data/import/<int:pk>/progress/", import_views.progress, name="import_progress"),
    path("settings/data/import/<int:pk>/confirm/", import_views.confirm, name="import_confirm"),
    path("settings/data/import/<int:pk>/cancel/", import_views.cancel, name="import_cancel"),
    path("settings/data/import/<int:pk>/undo/", import_views.undo_view, name="import_undo"),
]
