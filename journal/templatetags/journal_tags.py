from django import forms, template
from django.forms.widgets import Input
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def choice_buttons(name: str, options, input_type: str, button_class: str, aria: bool = True):
    """Radio or checkbox inputs drawn as buttons, from (id, value, label, checked) options.

    Built in Python: the check-in has some fifty of them, and a template loop over them was
    the costliest part of the check-in's answer.
    """
    template_with_aria = (
        '<input type="{}" class="btn-check" name="{}" id="{}" value="{}" aria-label="{}" '
        'autocomplete="off"{}><label class="btn {}" for="{}" title="{}">{}</label>'
    )
    template_plain = (
        '<input type="{}" class="btn-check" name="{}" id="{}" value="{}" autocomplete="off"{}>'
        '<label class="btn {}" for="{}">{}</label>'
    )
    checked = mark_safe(" checked")  # noqa: S308 (a constant)
    if aria:
        rows = (
            (
                input_type,
                name,
                id_,
                value,
                label,
                checked if on else "",
                button_class,
                id_,
                label,
                value,
            )  # fmt: skip
            for id_, value, label, on in options
        )
        return format_html_join("\n", template_with_aria, rows)
    rows = (
        (input_type, name, id_, value, checked if on else "", button_class, id_, label)
        for id_, value, label, on in options
    )
    return format_html_join("\n", template_plain, rows)


@register.simple_tag
def widget_html(field):
    """A bound field's input or textarea, as `{{ field }}` draws it, built in Python: the
    form renderer's templates cost about a millisecond per field, the larger part of the
    check-in on Today. Other widgets (selects, multiple inputs) are drawn the usual way."""
    widget = field.field.widget
    if not isinstance(widget, Input | forms.Textarea) or isinstance(
        widget, forms.ClearableFileInput
    ):
        return field.as_widget()
    if field.field.localize:
        widget.is_localized = True
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    shown = format_html_join(
        "",
        "{}",
        (
            (
                format_html(" {}", key)
                if value is True
                else format_html(' {}="{}"', key, str(value)),
            )
            for key, value in context["attrs"].items()
            if value is not False
        ),
    )
    value = context["value"]
    if isinstance(widget, forms.Textarea):
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>', context["name"], shown, value or ""
        )
    value_attr = format_html(' value="{}"', str(value)) if value is not None else ""
    return format_html(
        '<input type="{}" name="{}"{}{}>', context["type"], context["name"], value_attr, shown
    )


@register.filter
def workout_kind(value: str) -> str:
    """A workout kind's label in the reader's language. Previews saved before they kept
    the kind's value hold its English label, which is translated as it stands."""
    from django.utils.translation import gettext

    from journal.models import Workout

    try:
        return str(Workout.Kind(value).label)
    except ValueError:
        return gettext(value)
