"""Admin for the journal: athletes, coach links, the exercise catalogue and every entry."""

from django.contrib import admin

from journal.models import (
    Athlete,
    CheckIn,
    CoachLink,
    DayTags,
    Exercise,
    ExerciseSet,
    FavouriteMeal,
    Intake,
    Meal,
    Routine,
    RoutineSet,
    SleepEntry,
    Workout,
)


@admin.register(Athlete)
class AthleteAdmin(admin.ModelAdmin):
    list_display = ["display_name", "user", "focus", "goal", "body_mass_kg", "timezone", "units"]
    list_filter = ["focus", "goal", "units", "weekly_digest"]
    search_fields = ["display_name", "user__username", "user__email", "public_id"]
    list_select_related = ["user"]
    readonly_fields = ["public_id", "created_at"]
    date_hierarchy = "created_at"


@admin.register(CoachLink)
class CoachLinkAdmin(admin.ModelAdmin):
    list_display = ["athlete", "coach", "status", "access", "created_at", "accepted_at"]
    list_filter = ["status", "access"]
    search_fields = ["athlete__display_name", "coach__username", "coach__email", "share_code"]
    list_select_related = ["athlete", "coach"]
    raw_id_fields = ["athlete", "coach"]
    date_hierarchy = "created_at"


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    """The shared catalogue (no owner), which only staff edit, and athletes' own exercises."""

    list_display = ["name", "kind", "muscle_groups", "owner"]
    list_filter = ["kind", ("owner", admin.EmptyFieldListFilter)]
    list_select_related = ["owner"]
    search_fields = ["name"]
    raw_id_fields = ["owner"]


class EntryAdmin(admin.ModelAdmin):
    """What every journal entry's admin shares: by athlete and local day, newest first."""

    list_filter = ["date"]
    search_fields = ["athlete__display_name", "athlete__user__username"]
    list_select_related = ["athlete"]
    raw_id_fields = ["athlete"]
    date_hierarchy = "date"
    readonly_fields = ["created_at", "updated_at"]


class ExerciseSetInline(admin.TabularInline):
    model = ExerciseSet
    extra = 0
    fields = ["position", "exercise", "reps", "load_kg", "rir"]
    autocomplete_fields = ["exercise"]


@admin.register(Workout)
class WorkoutAdmin(EntryAdmin):
    list_display = ["date", "athlete", "kind", "title", "duration_min", "rpe", "session_load"]
    list_filter = ["kind", "date"]
    search_fields = [*EntryAdmin.search_fields, "title", "notes"]
    inlines = [ExerciseSetInline]

    @admin.display(description="session load (AU)")
    def session_load(self, workout: Workout) -> str:
        return f"{workout.session_load:g}"


@admin.register(SleepEntry)
class SleepEntryAdmin(EntryAdmin):
    list_display = ["date", "athlete", "bedtime", "wake_time", "hours", "quality"]
    list_filter = ["quality", "date"]

    @admin.display(description="hours")
    def hours(self, entry: SleepEntry) -> str:
        return f"{entry.duration_h:.1f}"


@admin.register(Meal)
class MealAdmin(EntryAdmin):
    list_display = ["date", "athlete", "kind", "description", "protein_g", "kcal"]
    list_filter = ["kind", "date"]
    search_fields = [*EntryAdmin.search_fields, "description"]


@admin.register(Intake)
class IntakeAdmin(EntryAdmin):
    list_display = ["date", "athlete", "category", "name", "amount", "unit"]
    list_filter = ["category", "date"]
    search_fields = [*EntryAdmin.search_fields, "name"]


@admin.register(CheckIn)
class CheckInAdmin(EntryAdmin):
    list_display = [
        "date",
        "athlete",
        "sleep_quality",
        "fatigue",
        "stress",
        "soreness",
        "energy",
        "hooper",
    ]
    list_filter = ["date"]
    search_fields = [*EntryAdmin.search_fields, "note"]

    @admin.display(description="Hooper index")
    def hooper(self, checkin: CheckIn) -> int:
        return checkin.hooper


@admin.register(DayTags)
class DayTagsAdmin(EntryAdmin):
    list_display = ["date", "athlete", "tags"]


class RoutineSetInline(admin.TabularInline):
    model = RoutineSet
    extra = 0
    raw_id_fields = ["exercise"]


@admin.register(Routine)
class RoutineAdmin(admin.ModelAdmin):
    list_display = ["name", "athlete", "given_by", "updated_at"]
    search_fields = ["name", "athlete__display_name"]
    list_select_related = ["athlete", "given_by"]
    raw_id_fields = ["athlete", "given_by"]
    inlines = [RoutineSetInline]


@admin.register(FavouriteMeal)
class FavouriteMealAdmin(admin.ModelAdmin):
    list_display = ["description", "kind", "athlete", "protein_g", "kcal"]
    search_fields = ["description", "athlete__display_name"]
    list_select_related = ["athlete"]
    raw_id_fields = ["athlete"]
