"""Every user-facing text in templates/ is marked for translation (tests/i18n/template_text.py
says what counts), and the checker itself finds what it should."""

from pathlib import Path

import pytest
from django.conf import settings

from tests.i18n.template_text import unmarked_text

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def template_files() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*") if p.suffix in {".html", ".txt"})


def test_every_template_is_marked():
    problems = [problem for path in template_files() for problem in unmarked_text(path, TEMPLATES)]
    assert not problems, "unmarked text in templates:\n" + "\n".join(map(str, problems[:40]))


CASES = [
    ("<p>Hello there</p>", ["Hello there"]),
    ('{% load i18n %}<p>{% translate "Hello" %}</p>', []),
    ("{% load i18n %}<p>{% blocktranslate trimmed %}Hi {{ name }}{% endblocktranslate %}</p>", []),
    ('<button aria-label="Close menu">×</button>', ["Close menu"]),
    ('<input type="submit" value="Save">', ["Save"]),
    ('<button name="decision" value="accept">{{ label }}</button>', []),
    ('<a class="x{% if on %} active{% endif %}" href="/">{{ title }}</a>', []),
    ('<p>{{ day|default:"never" }}</p>', ["never"]),
    ('<p>{{ day|default:_("never") }}</p>', []),
    ("<span class=\"{{ kind|default:'info' }}\">42 h · 6 ms</span>", []),
    ("<p>Rebound · AU · kg</p>", []),
    ("{% comment %}Not shown to anyone{% endcomment %}<script>let a = 'x';</script>", []),
    ("<p>{{ a }} of {{ b }}</p>", ["of"]),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_the_checker_finds_unmarked_text_and_nothing_else(tmp_path, source, expected):
    path = tmp_path / "page.html"
    path.write_text(source, encoding="utf-8")
    assert [problem.text for problem in unmarked_text(path, tmp_path)] == expected


def test_plain_text_templates_are_read_as_text(tmp_path):
    path = tmp_path / "mail.txt"
    path.write_text(
        "{% autoescape off %}Hello {{ name }}\nSee {{ url }}/settings/{% endautoescape %}"
    )
    assert [problem.text for problem in unmarked_text(path, tmp_path)] == ["Hello", "See"]
