"""Django's makemessages, also extracting the engine's markers (recovery/engine/i18n.py):
`N_("…")`, `phrase("…", …)` and `plural_phrase("…", "…", …)`. The engine imports no Django,
so it cannot call gettext_noop; these keywords are how its English reaches the .po files.
Tests, benchmarks and collected static files are never read: their strings are not the app's."""

from django.core.management.commands import makemessages

NOT_THE_APP = ["tests/*", "bench/*", "staticfiles/*", ".venv/*"]


class Command(makemessages.Command):
    xgettext_options = [
        *makemessages.Command.xgettext_options,
        "--keyword=_l",  # gettext_lazy, as journal/forms/ imports it
        "--keyword=N_",
        "--keyword=phrase",
        "--keyword=plural_phrase:1,2",
        "--keyword=_count:2,3",  # a count and its noun, journal/imports/models.py
    ]

    def handle(self, *args, **options):
        options["ignore_patterns"] = [*(options.get("ignore_patterns") or []), *NOT_THE_APP]
        super().handle(*args, **options)
