"""Guidance articles in other languages: one optional translation per article and language,
edited in admin beside the article. English, the article itself, is the fallback: a field
left empty in a translation, or a language without one, shows the English text."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from journal.validators import validate_text

NOT_FETCHED = object()  # Guidance.in_language: look the translation up

# The fields a translation may give; the sources stay the article's, so [n] still matches.
TRANSLATED_FIELDS = ("title", "summary", "body")


def translation_languages() -> list[tuple[str, str]]:
    """The offered languages other than English, by their base code ("de", "es")."""
    return [(code, name) for code, name in settings.LANGUAGES if not code.startswith("en")]


def base_language(code: str | None) -> str:
    return (code or settings.LANGUAGE_CODE).split("-")[0].lower()


class GuidanceTranslation(models.Model):
    guidance = models.ForeignKey(
        "recovery.Guidance", on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=10, choices=translation_languages())
    title = models.CharField(_("title"), max_length=120, blank=True, validators=[validate_text])
    summary = models.TextField(_("summary"), max_length=400, blank=True, validators=[validate_text])
    body = models.TextField(
        _("body"),
        blank=True,
        validators=[validate_text],
        help_text=_("Markdown, with the same placeholders and [n] source markers as the English."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "recovery"
        constraints = [
            models.UniqueConstraint(
                fields=["guidance", "language"], name="guidance_translation_once_per_language"
            )
        ]
        verbose_name = _("guidance translation")
        verbose_name_plural = _("guidance translations")

    def __str__(self) -> str:
        return f"{self.guidance.slug} ({self.language})"
