import math

from django import template

register = template.Library()


@register.filter
def num(value, digits: int = 1) -> str:
    """A number for people: at most `digits` decimals, no trailing zeros, "—" when missing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value
    rounded = round(float(value), int(digits))
    text = f"{rounded:.{int(digits)}f}".rstrip("0").rstrip(".") if digits else f"{rounded:.0f}"
    return "0" if text in {"-0", ""} else text


@register.simple_tag
def term(key: str, shown: str | None = None):
    """A word linked to its glossary entry, its explanation shown on hover and focus. The
    shown explanation is hidden from screen readers: for them the link leads to it."""
    from django.urls import reverse
    from django.utils.html import format_html

    from recovery.glossary import explain

    word, explanation = explain(key)
    return format_html(
        '<a class="term" href="{}#{}">{}<span class="term-tip" aria-hidden="true">{}</span></a>',
        reverse("glossary"),
        key,
        shown or word,
        explanation,
    )


@register.filter
def exp_ms(ln_value) -> str:
    """An HRV kept as ln(ms), in whole ms."""
    if ln_value is None:
        return "—"
    return f"{math.exp(float(ln_value)):.0f}"


@register.filter
def signed(value, digits: int = 1) -> str:
    """A change with its direction: "▲ 1.5", "▼ 0.3", "no change", "—"."""
    if value is None:
        return "—"
    if round(float(value), int(digits)) == 0:
        return "no change"
    arrow = "▲" if value > 0 else "▼"
    return f"{arrow} {num(abs(value), digits)}"


SEVERITY_CLASSES = {"alert": "danger", "caution": "warning", "info": "info"}


@register.filter
def severity_class(severity: str) -> str:
    return SEVERITY_CLASSES.get(severity, "secondary")
