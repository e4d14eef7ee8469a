"""ImportBatch: one upload, from its preview to the rows it added (and their undo)."""

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from journal.validators import validate_text

PENDING_FOR = timedelta(hours=24)  # an unconfirmed preview is discarded after this
ADDED = ("workouts", "nights", "weigh_ins")  # the rows an import adds (sets come with workouts)


class ImportBatch(models.Model):
    """One upload: read into a preview (nothing written yet), then, once the athlete
    confirms, the rows it added. Every row an import adds points back here, so undoing the
    batch removes exactly those rows."""

    class Status(models.TextChoices):
        READING = "reading", "Reading the file"
        READY = "ready", "Waiting for you to confirm"
        SAVING = "saving", "Saving"
        DONE = "done", "Imported"
        FAILED = "failed", "Could not be imported"

    athlete = models.ForeignKey(
        "journal.Athlete", on_delete=models.CASCADE, related_name="import_batches"
    )
    source = models.CharField(max_length=20, help_text="The format read: fit, gpx, strong, …")
    file_name = models.CharField(max_length=255, validators=[validate_text])
    file_sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.READING)
    counts = models.JSONField(
        default=dict, blank=True, help_text="What the import added (or will add), by kind."
    )
    # Until the commit: the parsed records, the problems and the preview's summary. The
    # commit keeps only the summary.
    preview = models.JSONField(null=True, blank=True)
    spool_dir = models.CharField(
        max_length=500,
        blank=True,
        help_text="Where a big upload waits on disk for the background job that reads it.",
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True, help_text="Why it failed, in the athlete's words.")
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "import batches"
        indexes = [models.Index(fields=["athlete", "status"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    def save(self, *args, **kwargs) -> None:
        if self.expires_at is None and self.status != self.Status.DONE:
            self.expires_at = timezone.now() + PENDING_FOR
        super().save(*args, **kwargs)

    @property
    def pending(self) -> bool:
        return self.status in (self.Status.READING, self.Status.READY, self.Status.SAVING)

    def describe(self) -> str:
        return describe_counts(self.counts)

    @property
    def progress_percent(self) -> int | None:
        """How far the background job is, 0–100, or None while it can't tell."""
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))


def _count(number: int, singular: str, plural: str) -> str:
    """`number` with its noun, in the active language: ngettext picks the form."""
    return ngettext(singular, plural, number) % {"n": number_format(number, force_grouping=True)}


def describe_counts(counts: dict[str, int]) -> str:
    """“12 workouts (150 sets and 9 warm-ups), 3 nights, 1 weigh-in; 4 exercises of your
    own” for what an import adds (or added), in the active language."""
    parts = []
    if counts.get("workouts"):
        sets = [_count(counts["sets"], "%(n)s set", "%(n)s sets")] if counts.get("sets") else []
        if counts.get("warmup_sets"):
            sets.append(_count(counts["warmup_sets"], "%(n)s warm-up", "%(n)s warm-ups"))
        text = _count(counts["workouts"], "%(n)s workout", "%(n)s workouts")
        if sets:
            text = _("%(workouts)s (%(sets)s)") % {
                "workouts": text,
                "sets": sets[0]
                if len(sets) == 1
                else _("%(a)s and %(b)s") % {"a": sets[0], "b": sets[1]},
            }
        parts.append(text)
    if counts.get("nights"):
        text = _count(counts["nights"], "%(n)s night", "%(n)s nights")
        if counts.get("hrv_days"):
            hrv = _count(counts["hrv_days"], "%(n)s with HRV", "%(n)s with HRV")
            text = _("%(nights)s (%(hrv)s)") % {"nights": text, "hrv": hrv}
        parts.append(text)
    if counts.get("weigh_ins"):
        parts.append(_count(counts["weigh_ins"], "%(n)s weigh-in", "%(n)s weigh-ins"))
    text = ", ".join(parts) if parts else _("nothing new")
    if counts.get("exercises_new"):
        own = _count(
            counts["exercises_new"], "%(n)s exercise of your own", "%(n)s exercises of your own"
        )
        text += "; " + own
    return text
