from django import template
from django.utils.html import format_html_join
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
