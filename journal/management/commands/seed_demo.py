"""Demo accounts and 16 weeks of journal data, so a new user sees a full app after one command.

Idempotent: accounts are created once, and an athlete's journal is generated only when it is
empty (or with --reset). The data is deterministic for a given end date.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from journal.models import (
    ENTRY_MODELS,
    Athlete,
    CheckIn,
    CoachLink,
    DayTags,
    Exercise,
    ExerciseSet,
    Intake,
    Meal,
    SleepEntry,
    Workout,
    note_change,
    one_refresh,
)

DEMO_PASSWORD = "rebound-demo"  # noqa: S105 (published demo credentials, see README.md)
WEEKS = 16


@dataclass(frozen=True)
class DemoAthlete:
    username: str
    display_name: str
    email: str
    timezone: str
    focus: str
    goal: str
    body_mass_kg: float
    story: str
    access: str  # what the demo coach may do


DEMO_ATHLETES = [
    DemoAthlete(
        "sam",
        "Sam Strong",
        "sam@example.com",
        "Europe/London",
        "strength",
        "gain_muscle",
        84.0,
        "strength",
        CoachLink.Access.MANAGE,
    ),
    DemoAthlete(
        "erin",
        "Erin Endure",
        "erin@example.com",
        "America/New_York",
        "endurance",
        "perform",
        61.0,
        "steady",
        CoachLink.Access.VIEW,
    ),
    DemoAthlete(
        "maya",
        "Maya Mixed",
        "maya@example.com",
        "Europe/Berlin",
        "mixed",
        "maintain",
        68.0,
        "stressed",
        CoachLink.Access.VIEW,
    ),
]


class Command(BaseCommand):
    help = "Create the demo accounts and 16 weeks of journal data (safe to run twice)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Regenerate the demo athletes' journals."
        )

    @transaction.atomic
    def handle(self, *args, reset: bool = False, **options):
        self.account("admin", "admin@example.com", "rebound-admin", superuser=True)
        coach = self.account("coach", "coach@example.com", "rebound-coach")
        exercises = {exercise.name: exercise for exercise in Exercise.objects.all()}
        for spec in DEMO_ATHLETES:
            user = self.account(spec.username, spec.email, DEMO_PASSWORD)
            athlete, _ = Athlete.objects.get_or_create(
                user=user,
                defaults={
                    "display_name": spec.display_name,
                    "timezone": spec.timezone,
                    "focus": spec.focus,
                    "goal": spec.goal,
                    "body_mass_kg": spec.body_mass_kg,
                    "kcal_target": 3200 if spec.goal == "gain_muscle" else None,
                    "weekly_digest": True,
                },
            )
            CoachLink.objects.get_or_create(
                athlete=athlete,
                coach=coach,
                defaults={
                    "status": CoachLink.Status.ACTIVE,
                    "access": spec.access,
                    "accepted_at": timezone.now(),
                },
            )
            with transaction.atomic(), one_refresh():
                if reset:
                    for model in ENTRY_MODELS:
                        model.objects.filter(athlete=athlete).delete()
                if Workout.objects.filter(athlete=athlete).exists():
                    continue
                JournalGenerator(athlete, spec.story, exercises).generate()
            self.stdout.write(f"Generated {WEEKS} weeks of journal for {spec.username}.")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))

    def account(self, username: str, email: str, password: str, superuser: bool = False) -> User:
        user, created = User.objects.get_or_create(username=username, defaults={"email": email})
        if created:
            user.set_password(password)
            user.is_staff = user.is_superuser = superuser
            user.save()
            self.stdout.write(f"Created user {username}.")
        return user


STRENGTH_DAYS = {
    0: [("Back squat", 100), ("Bench press", 80), ("Barbell row", 70)],
    1: [("Deadlift", 140), ("Overhead press", 50), ("Pull-up", 10)],
    3: [("Front squat", 80), ("Incline bench press", 65), ("Romanian deadlift", 100)],
    4: [("Back squat", 100), ("Bench press", 80), ("Dumbbell row", 34)],
}


class JournalGenerator:
    """Writes one demo athlete's 16 weeks with bulk inserts."""

    def __init__(
        self,
        athlete: Athlete,
        story: str,
        exercises: dict[str, Exercise] | None = None,
        weeks: int = WEEKS,
    ):
        self.athlete = athlete
        self.story = story
        self.exercises = exercises or {e.name: e for e in Exercise.objects.all()}
        self.rng = random.Random(f"{athlete.user.username}-{story}")
        self.tz = athlete.tz
        self.end = athlete.today()
        self.start = self.end - timedelta(days=weeks * 7 - 1)

    def at(self, day: date, hour: float) -> datetime:
        """An aware datetime at a local clock time; hours past 24 roll into the next day."""
        whole = int(hour)
        minutes = round((hour - whole) * 60)
        local = datetime.combine(day, time(0, 0)) + timedelta(hours=whole, minutes=minutes)
        return local.replace(tzinfo=self.tz)

    def week_of(self, day: date) -> int:
        """Weeks counted back from the end, so week 16 is always the current one."""
        return WEEKS - (self.end - day).days // 7

    def late_phase(self, day: date) -> float:
        """0 before the last three weeks, rising to 1 on the last day (the stressed story)."""
        days_in = (day - (self.end - timedelta(days=20))).days
        return max(0.0, min(1.0, days_in / 20))

    def generate(self) -> None:
        workouts, sets, sleeps, meals, intakes, checkins = [], [], [], [], [], []
        day = self.start
        while day <= self.end:
            sleeps.append(self.sleep(day))
            trained = self.workouts(day, workouts, sets)
            if day < self.end:
                meals.extend(self.meals(day, trained))
                intakes.extend(self.intakes(day))
            # Maya has checked in this morning; the others still have today's check-in to do.
            checked_in = self.rng.random() < 0.93 or self.story == "stressed"
            if checked_in and (day < self.end or self.story == "stressed"):
                checkins.append(self.checkin(day, trained))
            day += timedelta(days=1)
        Workout.objects.bulk_create(workouts)
        for workout_sets in sets:
            for exercise_set in workout_sets:
                exercise_set.workout_id = exercise_set.workout.pk
        ExerciseSet.objects.bulk_create([s for workout_sets in sets for s in workout_sets])
        SleepEntry.objects.bulk_create(sleeps)
        Meal.objects.bulk_create(meals)
        Intake.objects.bulk_create(intakes)
        CheckIn.objects.bulk_create(checkins)
        if self.story == "strength":  # a trip two days ago, tagged as such
            DayTags.objects.create(
                athlete=self.athlete, date=self.end - timedelta(days=2), tags=["travel"]
            )
        note_change(self.athlete.pk, None)  # bulk inserts send no signal

    def sleep(self, day: date) -> SleepEntry:
        rng = self.rng
        if self.story == "strength":
            bed = 23.6 + rng.uniform(-0.9, 1.3)
            hours = rng.uniform(5.4, 7.0)
        elif self.story == "steady":
            bed = 22.4 + rng.uniform(-0.25, 0.25)
            hours = rng.uniform(7.9, 8.7)
        else:
            phase = self.late_phase(day)
            bed = 23.0 + rng.uniform(-0.4, 0.4) + phase * rng.uniform(0, 1.2)
            hours = rng.uniform(7.2, 8.3) - phase * rng.uniform(0.5, 1.5)
        bedtime = self.at(day - timedelta(days=1), bed)
        return SleepEntry(
            athlete=self.athlete,
            date=day,
            bedtime=bedtime,
            wake_time=bedtime + timedelta(hours=round(hours, 2)),
            quality=max(1, min(5, round(hours - 3 + rng.uniform(-1, 1)))),
            awakenings=rng.randint(0, 3),
            resting_hr=rng.randint(48, 58),
            hrv_ms=round(rng.uniform(55, 85), 1),
        )

    def load_factor(self, day: date) -> float:
        if self.story == "strength":
            # From week 14 the load climbs day by day to almost three times the usual.
            days_left = (self.end - day).days
            return 1.0 if days_left >= 21 else 1.4 + 1.5 * (1 - days_left / 21)
        if self.story == "steady" and self.week_of(day) % 4 == 0:
            return 0.4  # a lighter week every fourth week
        if self.story == "stressed" and self.week_of(day) in (6, 12):
            return 0.5
        return 1.0

    def workouts(self, day: date, workouts: list, sets: list) -> bool:
        weekday = day.weekday()
        rng = self.rng
        factor = self.load_factor(day)
        plan: list[tuple[str, str, int, float]] = []  # kind, title, minutes, rpe
        if self.story == "strength":
            if weekday in STRENGTH_DAYS:
                plan.append(("strength", "Strength session", round(65 * factor), 7))
            elif weekday == 5 or factor > 2.2:
                # In the last week the extra bike rides leave no rest day at all.
                plan.append(("cardio", "Bike", round(45 * factor), 6))
        elif self.story == "steady":
            plan = {
                0: [("cardio", "Easy run", 45, 4)],
                1: [("cardio", "Intervals", 60, 7)],
                2: [("strength", "Gym", 45, 5)],
                3: [("cardio", "Tempo run", 55, 6)],
                5: [("cardio", "Long ride", 120, 5)],
                6: [("active_recovery", "Walk and stretch", 30, 2)],
            }.get(weekday, [])
            plan = [(k, t, round(m * factor), r) for k, t, m, r in plan]
        else:
            plan = {
                0: [("strength", "Full body", 60, 6)],
                1: [("cardio", "Run", 40, 5)],
                3: [("strength", "Full body", 60, 7)],
                4: [("sport", "Five-a-side", 60, 7)],
                5: [("cardio", "Long run", 70, 6)],
            }.get(weekday, [])
            plan = [(k, t, round(m * factor), r) for k, t, m, r in plan]
        for kind, title, minutes, rpe in plan:
            workout = Workout(
                athlete=self.athlete,
                date=day,
                # Today's session was in the morning; other days after work.
                started_at=self.at(day, 7 if day == self.end else 17.5 + rng.uniform(-0.5, 1)),
                kind=kind,
                title=title,
                duration_min=max(10, minutes + rng.randint(-5, 5)),
                rpe=max(1, min(10, rpe + rng.choice([-1, 0, 0, 1]))),
            )
            workouts.append(workout)
            sets.append(self.sets_for(workout, day))
        return bool(plan)

    def sets_for(self, workout: Workout, day: date) -> list[ExerciseSet]:
        if workout.kind != "strength":
            return []
        if self.story == "strength":
            lifts = STRENGTH_DAYS[day.weekday()]
        else:
            lifts = [("Goblet squat", 24), ("Push-up", 0), ("Dumbbell row", 22)]
        # Longer journals than the demo's 16 weeks start at the base loads.
        progress = 1 + 0.012 * max(self.week_of(day), 0)
        built = []
        for name, base_kg in lifts:
            for position in range(4):
                built.append(
                    ExerciseSet(
                        workout=workout,
                        exercise=self.exercises[name],
                        position=len(built),
                        reps=5 if self.story == "strength" else 10,
                        load_kg=round(base_kg * progress / 2.5) * 2.5,
                        rir=2 if position < 3 else 1,
                    )
                )
        return built

    def meals(self, day: date, trained: bool) -> list[Meal]:
        rng = self.rng
        protein_per_kg = {"strength": 1.5, "steady": 1.35, "stressed": 1.65}[self.story]
        total_protein = protein_per_kg * self.athlete.body_mass_kg * rng.uniform(0.85, 1.15)
        kinds = [("breakfast", 7.5, 0.25), ("lunch", 12.75, 0.35), ("dinner", 19.25, 0.4)]
        built = []
        for kind, hour, share in kinds:
            protein = round(total_protein * share)
            carbs = round(rng.uniform(50, 110) * (1.3 if trained else 1))
            fat = round(rng.uniform(12, 30))
            eaten = hour + rng.uniform(-0.5, 0.5)
            if self.story == "strength" and kind == "dinner" and rng.random() < 0.25:
                eaten, carbs, fat = 22.5, carbs + 80, fat + 25  # a big late dinner now and then
            built.append(
                Meal(
                    athlete=self.athlete,
                    date=day,
                    eaten_at=self.at(day, eaten),
                    kind=kind,
                    description=kind.capitalize(),
                    protein_g=protein,
                    carbs_g=carbs,
                    fat_g=fat,
                    kcal=Meal.kcal_from_macros(protein, carbs, fat),
                )
            )
        return built

    def intakes(self, day: date) -> list[Intake]:
        rng = self.rng
        built = [
            Intake(
                athlete=self.athlete,
                date=day,
                taken_at=self.at(day, 8),
                category="caffeine",
                name="Coffee",
                amount=1,
                unit="serving",
            )
        ]
        if self.story == "strength" and rng.random() < 0.3:
            built.append(
                Intake(
                    athlete=self.athlete,
                    date=day,
                    taken_at=self.at(day, 18.5),
                    category="caffeine",
                    name="Pre-workout coffee",
                    amount=1,
                    unit="serving",
                )
            )
        per_kg = {"strength": 36, "steady": 40, "stressed": 38}[self.story]
        water_ml = per_kg * self.athlete.body_mass_kg * rng.uniform(0.85, 1.15)
        for hour in (10, 14, 19):
            built.append(
                Intake(
                    athlete=self.athlete,
                    date=day,
                    taken_at=self.at(day, hour),
                    category="water",
                    name="Water",
                    amount=round(water_ml / 3, -1),
                    unit="ml",
                )
            )
        return built

    def checkin(self, day: date, trained: bool) -> CheckIn:
        rng = self.rng
        soreness = rng.randint(2, 4) + (1 if trained else 0)
        stress, fatigue, energy = rng.randint(2, 3), rng.randint(2, 4), rng.randint(3, 4)
        areas = []
        if self.story == "strength" and self.week_of(day) >= 14:
            fatigue, soreness = fatigue + 1, soreness + 1
        if self.story == "stressed":
            phase = self.late_phase(day)
            stress = round(stress + phase * 3.5)
            soreness = round(soreness + phase * 3)
            fatigue = round(fatigue + phase * 2.5)
            energy = max(1, round(energy - phase * 2.5))
            if phase > 0.5:
                soreness = max(soreness, 5)
                areas = ["quads", "lower_back"]
        fatigue = min(7, fatigue)
        return CheckIn(
            athlete=self.athlete,
            date=day,
            sleep_quality=rng.randint(2, 4),
            fatigue=fatigue,
            stress=min(7, stress),
            soreness=min(7, soreness),
            energy=min(5, energy),
            sore_areas=areas,
            feel_ready=self.feel_ready(day, fatigue),
        )

    def feel_ready(self, day: date, fatigue: int) -> int | None:
        """How ready the athlete said they felt, over the last 8 weeks: mostly the opposite of
        their fatigue, with a wobble of its own. From the day, not the random stream, so the
        rest of the demo journal stays as it was."""
        if (self.end - day).days >= 56:
            return None
        wobble = (day.toordinal() * 7919) % 3 - 1
        return max(0, min(10, 11 - fatigue * 3 // 2 + wobble))
