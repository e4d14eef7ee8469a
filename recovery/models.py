"""What the journal means: guidance content, rule settings, per-athlete overrides, coach notes."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from config import caching
from journal.models import Athlete
from journal.validators import validate_text
from recovery import articles
from recovery.guidance_translation import (  # noqa: F401 (GuidanceTranslation: registered here)
    NOT_FETCHED,
    TRANSLATED_FIELDS,
    GuidanceTranslation,
    base_language,
)
from recovery.markdown import render_markdown

SEVERITY_CHOICES = [("info", "Info"), ("caution", "Caution"), ("alert", "Alert")]


class Guidance(models.Model):
    class Topic(models.TextChoices):
        SLEEP = "sleep", _("Sleep")
        NUTRITION = "nutrition", _("Nutrition")
        HYDRATION = "hydration", _("Hydration")
        TRAINING_LOAD = "training_load", _("Training load")
        STRESS = "stress", _("Stress")
        SORENESS = "soreness", _("Soreness")
        SUBSTANCES = "substances", _("Supplements and substances")
        GENERAL = "general", _("General")

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=120, validators=[validate_text])
    summary = models.TextField(max_length=400, validators=[validate_text])
    topic = models.CharField(max_length=16, choices=Topic.choices, default=Topic.GENERAL)
    body = models.TextField(
        validators=[validate_text],
        help_text="Markdown. Scripts and unsafe links are removed on display.",
    )
    sources = models.TextField(
        blank=True, validators=[validate_text], help_text="One source per line."
    )
    published = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )

    class Meta:
        ordering = ["topic", "title"]
        verbose_name_plural = "guidance"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("guidance_article", args=[self.slug])

    @property
    def source_list(self) -> list[str]:
        return [
            line.strip().lstrip("-• ").strip() for line in self.sources.splitlines() if line.strip()
        ]

    def body_html(self, params=None) -> str:
        """The body as sanitized HTML (cached until the article next changes), with the
        figures Rebound sets filled in and the source markers linked (recovery.articles).
        `params`: every rule's parameters, read from the rule settings when not given."""
        changed = self.updated_at.timestamp() if self.updated_at else 0
        parts: tuple = (self.pk, changed)
        language = getattr(self, "shown_language", "en")
        if language != "en":
            parts = (*parts, language, self.translation_changed)
        html = caching.get_or_make(
            "guidance-html", parts, lambda: render_markdown(self.body), timeout=None
        )
        return articles.link_citations(
            articles.fill(html, self.slug, params), len(self.source_list)
        )

    def summary_text(self, params=None) -> str:
        """The summary with the figures Rebound sets filled in (see body_html)."""
        return articles.fill(self.summary, self.slug, params)

    def in_language(self, language: str | None, translation=NOT_FETCHED) -> "Guidance":
        """This article as shown in `language`: the fields its translation gives replace the
        English ones on this instance; English is the fallback for the rest. `translation`:
        the translation (or None) if the caller has already fetched it; one query otherwise."""
        code = base_language(language)
        self.shown_language = "en"
        if code == "en" or not self.pk:
            return self
        if translation is NOT_FETCHED:
            translation = self.translations.filter(language=code).first()
        if translation is None:
            return self
        for field in TRANSLATED_FIELDS:
            text = getattr(translation, field)
            if text.strip():
                setattr(self, field, text)
        self.shown_language = code
        self.translation_changed = translation.updated_at.timestamp()
        return self


def validate_flat_params(value) -> None:
    """Parameters are one level of names and numbers: {"alert_below_h": 5.5}."""
    flat = isinstance(value, dict) and all(
        isinstance(name, str)
        and len(name) <= 40
        and isinstance(number, int | float)
        and not isinstance(number, bool)
        for name, number in value.items()
    )
    if not flat or len(value) > 20:
        raise ValidationError('Give the parameters as {"name": number}, at most 20 of them.')


class RuleConfigFields(models.Model):
    """What an admin (for everyone) or a manage coach (for one athlete) may change on a rule."""

    code = models.CharField(max_length=40)
    enabled = models.BooleanField(default=True)
    severity = models.CharField(
        max_length=8, choices=SEVERITY_CHOICES, blank=True, help_text="Empty: the rule's default."
    )
    params = models.JSONField(
        default=dict,
        blank=True,
        validators=[validate_flat_params],
        help_text='Parameters to change, e.g. {"alert_below_h": 5.5}. Empty: the defaults.',
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def rule(self):
        from recovery.engine import REGISTRY

        return REGISTRY.get(self.code)

    def clean(self) -> None:
        from recovery.engine import validate_params

        if self.rule is None:
            raise ValidationError({"code": f"“{self.code}” is not a rule Rebound knows."})
        if not isinstance(self.params, dict):
            raise ValidationError(
                {"params": 'Parameters must be an object, e.g. {"alert_below_h": 5.5}.'}
            )
        cleaned, errors = validate_params(self.code, self.params)
        if errors:
            raise ValidationError(
                {"params": [f"{name}: {message}" for name, message in errors.items()]}
            )
        self.params = cleaned


class RuleSetting(RuleConfigFields):
    """The admin's setting for a rule, for every athlete. Defaults live in code."""

    code = models.CharField(max_length=40, unique=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @classmethod
    def ensure_all(cls) -> None:
        """Give every rule in the registry a row, so admin lists them all."""
        from recovery.engine import REGISTRY

        existing = set(cls.objects.values_list("code", flat=True))
        missing = [cls(code=code) for code in REGISTRY if code not in existing]
        if missing:
            cls.objects.bulk_create(missing)  # sends no signal; defaults change nothing


class RulesVersion(models.Model):
    """One row: moves up with every change to a rule setting in admin. A day state computed
    with an older number re-runs its rules on read until the refresh task has caught up."""

    number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"rules version {self.number}"

    @classmethod
    def current(cls) -> int:
        return cls.objects.filter(pk=1).values_list("number", flat=True).first() or 0

    @classmethod
    def bump(cls) -> int:
        """The new number, moved in the caller's transaction."""
        row, _ = cls.objects.get_or_create(pk=1)
        cls.objects.filter(pk=1).update(number=models.F("number") + 1)
        return row.number + 1


class AthleteRuleOverride(RuleConfigFields):
    """A manage coach's change to one rule for one athlete; it wins over the RuleSetting."""

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="rule_overrides")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["athlete", "code"], name="one_override_per_rule")
        ]

    def __str__(self) -> str:
        return f"{self.code} for {self.athlete}"


class CoachNote(models.Model):
    """A note a manage coach leaves on one of the athlete's days."""

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="coach_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    date = models.DateField()
    text = models.TextField(max_length=2000, validators=[validate_text])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["athlete", "date"])]

    def __str__(self) -> str:
        return f"Note for {self.athlete} on {self.date}"


class DigestSent(models.Model):
    """One weekly digest e-mailed to one athlete: the row makes sending idempotent."""

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="digests")
    week_start = models.DateField(help_text="Monday of the ISO week summarised.")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(fields=["athlete", "week_start"], name="one_digest_per_week")
        ]

    def __str__(self) -> str:
        return f"Digest for {self.athlete}, week of {self.week_start}"


class DayState(models.Model):
    """An athlete's day as the engine sees it: derived from the journal, never edited.

    One row per day from the athlete's first journal day to the last day refreshed
    (recovery.states). The JSON columns hold the engine's values (recovery.engine.codec);
    the plain columns repeat the few numbers that lists and the API sort or filter on.
    `manage.py recompute_states` rebuilds every row from the journal.
    """

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="day_states")
    date = models.DateField()
    rules_version = models.PositiveIntegerField(
        help_text="The rules version the findings were computed with."
    )
    readiness_score = models.PositiveSmallIntegerField(null=True)
    readiness_band = models.CharField(max_length=8, blank=True)
    fitness = models.FloatField()
    fatigue = models.FloatField()
    form = models.FloatField(help_text="Yesterday's fitness minus yesterday's fatigue.")
    load_ratio = models.FloatField(null=True)
    record = models.JSONField(help_text="The day's summary: what the rules read of the day.")
    entries = models.JSONField(
        encoder=DjangoJSONEncoder, help_text="The day's entries as Today lists them."
    )
    metrics = models.JSONField()
    readiness = models.JSONField()
    findings = models.JSONField()
    pending = models.JSONField()
    roster = models.JSONField(
        default=dict,
        help_text="What a coach's roster shows of the day (recovery.states.roster_of): read "
        "without decoding the rest. Empty on rows stored before it was kept.",
    )

    class Meta:
        ordering = ["athlete_id", "date"]
        constraints = [
            models.UniqueConstraint(fields=["athlete", "date"], name="one_state_per_athlete_day")
        ]

    def __str__(self) -> str:
        return f"{self.athlete} on {self.date}"


class FindingSnooze(models.Model):
    """An athlete's "not now" on one finding: hidden from their Today until `until`, unless
    it comes back worse than it was (a caution snoozed returns as an alert)."""

    SNOOZE_DAYS = 7

    athlete = models.ForeignKey(Athlete, on_delete=models.CASCADE, related_name="snoozes")
    code = models.CharField(max_length=40)
    severity = models.CharField(max_length=8, choices=SEVERITY_CHOICES)
    until = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["athlete", "code"], name="one_snooze_per_finding")
        ]

    def __str__(self) -> str:
        return f"{self.code} snoozed until {self.until} for {self.athlete}"


from recovery.reach_models import (  # noqa: E402, F401 (reminders and the coach digest)
    CheckInReminder,
    CoachDigestSent,
    CoachDigestSetting,
    ReminderSent,
)
