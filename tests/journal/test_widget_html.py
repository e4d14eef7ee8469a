"""`{% widget_html %}` draws a field's input exactly as `{{ field }}` does, only faster."""

import pytest
from django import forms

from journal.forms import CheckInForm
from journal.templatetags.journal_tags import widget_html


class Sample(forms.Form):
    name = forms.CharField(max_length=20, help_text="Shown under the field")
    count = forms.IntegerField(required=False, widget=forms.NumberInput(attrs={"step": "1"}))
    day = forms.DateField(widget=forms.HiddenInput)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    off = forms.CharField(required=False, disabled=True)
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])


BOUND = [
    {},
    {"name": 'Tom & "Jerry" <b>', "count": "x", "day": "2026-13-01", "note": "two\nlines"},
    {"name": "ok", "count": "3", "day": "2026-01-01", "note": "", "kind": "b"},
]


@pytest.mark.parametrize("data", [None, *BOUND])
def test_every_field_is_drawn_as_the_form_renderer_draws_it(data):
    form = Sample(data) if data is not None else Sample(initial={"name": "first"})
    form.is_valid() if data is not None else None
    for field in form:
        assert widget_html(field) == str(field), field.name


@pytest.mark.parametrize(
    "data", [None, {"date": "2026-03-01", "body_mass": "-4", "water_ml": "lots", "note": "<i>"}]
)
@pytest.mark.django_db
def test_the_check_in_fields_are_drawn_as_before(data, athlete):
    form = CheckInForm(data, athlete=athlete) if data is not None else CheckInForm(athlete=athlete)
    if data is not None:
        assert not form.is_valid()
    for name in ("date", "body_mass", "water_ml", "feel_ready", "note"):
        assert widget_html(form[name]) == str(form[name]), name
