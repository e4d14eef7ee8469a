"""The forms of /settings/reminders/: the athlete's check-in reminder, a coach's digest."""

from django import forms
from django.utils.translation import gettext_lazy as _

from recovery.reach_models import WEEKDAY_NAMES, CheckInReminder, CoachDigestSetting


class ReminderForm(forms.ModelForm):
    enabled = forms.BooleanField(
        label=_("E-mail me a reminder to check in"),
        required=False,
        help_text=_("Only on days without a check-in yet."),
    )
    local_time = forms.TimeField(
        label=_("At (your time)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M", "%H:%M:%S"],
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("On"),
        choices=list(WEEKDAY_NAMES.items()),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = CheckInReminder
        fields = ["enabled", "local_time", "weekdays"]

    def clean_local_time(self):
        """Minutes are what the reminder keeps: seconds are dropped."""
        return self.cleaned_data["local_time"].replace(second=0, microsecond=0)

    def clean_weekdays(self) -> list[int]:
        return sorted(set(self.cleaned_data["weekdays"]))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("enabled") and "weekdays" in cleaned and not cleaned["weekdays"]:
            self.add_error("weekdays", _("Choose at least one day, or turn the reminder off."))
        return cleaned


class CoachDigestForm(forms.ModelForm):
    enabled = forms.BooleanField(
        label=_("E-mail me a weekly digest of my athletes"),
        required=False,
        help_text=_(
            "On Monday: your athletes worst first, what changed since last week, and a link "
            "to each. It shows what your access lets you see, never their private notes."
        ),
    )

    class Meta:
        model = CoachDigestSetting
        fields = ["enabled"]
