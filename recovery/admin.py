from django.contrib import admin
from django.db import models
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from recovery.forms import PARAM_PREFIX, ParamsJSONField, rule_config_form
from recovery.models import (
    AthleteRuleOverride,
    CoachNote,
    Guidance,
    GuidanceTranslation,
    RuleSetting,
)
from recovery.reach_models import CheckInReminder, CoachDigestSent, CoachDigestSetting, ReminderSent


def rules_using(slug: str) -> list:
    from recovery.engine import REGISTRY

    return [rule for rule in REGISTRY.values() if rule.guidance_slug == slug]


class GuidanceTranslationInline(admin.StackedInline):
    """The article in another language; an empty field shows the English one."""

    model = GuidanceTranslation
    extra = 0
    fields = ["language", "title", "summary", "body"]


@admin.register(Guidance)
class GuidanceAdmin(admin.ModelAdmin):
    inlines = [GuidanceTranslationInline]
    list_display = [
        "title",
        "slug",
        "topic",
        "published",
        "used_by_rules",
        "updated_at",
        "updated_by",
    ]
    list_filter = ["topic", "published"]
    search_fields = ["title", "slug", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["updated_by"]
    readonly_fields = ["updated_at", "updated_by"]
    fields = [
        "title",
        "slug",
        "topic",
        "summary",
        "body",
        "sources",
        "published",
        "updated_at",
        "updated_by",
    ]

    @admin.display(description="used by rules")
    def used_by_rules(self, obj: Guidance) -> str:
        return ", ".join(rule.code for rule in rules_using(obj.slug)) or "—"

    help_texts = {
        "body": "Markdown. Scripts and unsafe links are removed on display. Write a threshold"
        " as a placeholder filled in from the rule, e.g. {{ debt_h }} or"
        " {{ lighter_fraction|percent }}; end a sentence whose figure comes from a source with"
        " [n], the n-th line of the sources; mark any other figure as Rebound's own"
        " (docs/rules.md, “Guidance articles”).",
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in self.help_texts and field is not None:
            field.help_text = self.help_texts[db_field.name]
        return field

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class RuleConfigAdmin(admin.ModelAdmin):
    """A rule's settings: on a rule's change page, one typed field per parameter (the form
    coaches use), instead of the raw JSON."""

    config_fields = ("enabled", "severity")  # the model fields edited beside the parameters
    formfield_overrides = {models.JSONField: {"form_class": ParamsJSONField}}

    def get_fields(self, request, obj=None):
        if obj is None or obj.rule is None:
            return super().get_fields(request, obj)
        typed = [PARAM_PREFIX + param.name for param in obj.rule.params]
        return ["code", "title", "default_severity", "defaults", *self.config_fields, *typed]

    def get_readonly_fields(self, request, obj=None):
        # A rule's own page: its code stays, its parameters are the rule's.
        return [*self.readonly_fields, "code"] if obj else self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and obj.rule is not None:
            kwargs["form"] = rule_config_form(self.model, obj.rule, self.config_fields)
        return super().get_form(request, obj, change, **kwargs)

    @admin.display(description="title")
    def title(self, obj) -> str:
        return obj.rule.title if obj.rule else "unknown rule"

    @admin.display(description="default severity")
    def default_severity(self, obj) -> str:
        return obj.rule.severity if obj.rule else ""

    @admin.display(description="parameters and defaults")
    def defaults(self, obj) -> str:
        if not obj.rule:
            return ""
        return (
            format_html_join(
                mark_safe("<br>"),  # noqa: S308 (a constant)
                "<code>{}</code> = {} {} <small>({} to {})</small>",
                (
                    (param.name, param.default, param.unit, param.min, param.max)
                    for param in obj.rule.params
                ),
            )
            or "no parameters"
        )


@admin.register(RuleSetting)
class RuleSettingAdmin(RuleConfigAdmin):
    list_display = [
        "code",
        "title",
        "enabled",
        "default_severity",
        "severity",
        "defaults",
        "params",
    ]
    list_filter = ["enabled", "severity"]
    search_fields = ["code"]
    readonly_fields = ["title", "default_severity", "defaults"]
    fields = ["code", "title", "default_severity", "defaults", "enabled", "severity", "params"]

    def changelist_view(self, request, extra_context=None):
        # Every rule in the registry is listed, even one that no one has changed yet.
        RuleSetting.ensure_all()
        return super().changelist_view(request, extra_context)


@admin.register(AthleteRuleOverride)
class AthleteRuleOverrideAdmin(RuleConfigAdmin):
    list_display = ["athlete", "code", "enabled", "severity", "params", "set_by", "updated_at"]
    list_filter = ["code", "enabled"]
    search_fields = ["athlete__display_name", "athlete__user__username", "code"]
    list_select_related = ["athlete", "set_by"]
    readonly_fields = ["title", "default_severity", "defaults"]
    raw_id_fields = ["athlete", "set_by"]
    config_fields = ("athlete", "set_by", "enabled", "severity")


@admin.register(CoachNote)
class CoachNoteAdmin(admin.ModelAdmin):
    list_display = ["date", "athlete", "author", "short_text"]
    search_fields = ["athlete__display_name", "author__username", "text"]
    list_select_related = ["athlete", "author"]
    date_hierarchy = "date"
    raw_id_fields = ["athlete", "author"]

    @admin.display(description="note")
    def short_text(self, obj: CoachNote) -> str:
        return obj.text[:80]


@admin.register(CheckInReminder)
class CheckInReminderAdmin(admin.ModelAdmin):
    list_display = ["athlete", "enabled", "local_time", "weekdays", "updated_at"]
    list_filter = ["enabled"]
    search_fields = ["athlete__display_name", "athlete__user__username"]
    list_select_related = ["athlete"]
    raw_id_fields = ["athlete"]


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["day", "athlete", "sent_at"]
    search_fields = ["athlete__display_name", "athlete__user__username"]
    list_select_related = ["athlete"]
    date_hierarchy = "day"
    raw_id_fields = ["athlete"]


@admin.register(CoachDigestSetting)
class CoachDigestSettingAdmin(admin.ModelAdmin):
    list_display = ["coach", "enabled", "updated_at"]
    list_filter = ["enabled"]
    search_fields = ["coach__username", "coach__email"]
    list_select_related = ["coach"]
    raw_id_fields = ["coach"]


@admin.register(CoachDigestSent)
class CoachDigestSentAdmin(admin.ModelAdmin):
    list_display = ["week_start", "coach", "sent_at"]
    search_fields = ["coach__username"]
    list_select_related = ["coach"]
    date_hierarchy = "week_start"
    raw_id_fields = ["coach"]
