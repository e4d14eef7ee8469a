"""docs/rules.md and the rule registry must tell the same story."""

import re
from pathlib import Path

import pytest

from recovery.engine import REGISTRY

DOC = Path(__file__).resolve().parents[3] / "docs" / "rules.md"
HEADING = re.compile(r"^### `(?P<code>[a-z_]+\.[a-z_]+)` — (?P<title>.+?)\s*$")
ROW = re.compile(r"^\|\s*(?P<key>[^|]+?)\s*\|\s*(?P<value>.+?)\s*\|\s*$")
PARAM_ROW = re.compile(r"^\|\s*`(?P<name>\w+)`\s*\|\s*(?P<default>[-0-9.]+)\s*\|")


def parse_catalogue(text: str) -> dict[str, dict]:
    """Rule sections of the doc: title, severity, minimum days, guidance and defaults."""
    rules: dict[str, dict] = {}
    current = None
    for line in text.splitlines():
        heading = HEADING.match(line)
        if heading:
            current = {"title": heading["title"], "params": {}}
            rules[heading["code"]] = current
            continue
        if line.startswith("## "):
            current = None
        if current is None:
            continue
        param = PARAM_ROW.match(line)
        if param:
            current["params"][param["name"]] = float(param["default"])
            continue
        row = ROW.match(line)
        if not row:
            continue
        key, value = row["key"], row["value"]
        if key == "Severity":
            current["severity"] = value.split(";")[0].strip()
        elif key == "Minimum days":
            current["min_days"] = int(value.split()[0])
        elif key == "Guidance":
            current["guidance"] = value.strip("`")
    return rules


@pytest.fixture(scope="module")
def catalogue() -> dict[str, dict]:
    return parse_catalogue(DOC.read_text(encoding="utf-8"))


def test_doc_lists_every_rule_in_registry_order(catalogue):
    assert list(catalogue) == list(REGISTRY)


@pytest.mark.parametrize("code", list(REGISTRY))
def test_doc_matches_registry(catalogue, code):
    rule = REGISTRY[code]
    section = catalogue.get(code)
    assert section is not None, f"docs/rules.md has no section for {code}"
    assert section["title"] == rule.title
    assert section.get("severity") == rule.severity
    assert section.get("min_days") == rule.min_days
    assert section.get("guidance") == rule.guidance_slug
    assert section["params"] == {p.name: float(p.default) for p in rule.params}


def test_parser_notices_a_wrong_default():
    text = "### `sleep.debt` — Sleep debt\n| Severity | caution |\n| `debt_h` | 4 | h |\n"
    assert parse_catalogue(text)["sleep.debt"]["params"] == {"debt_h": 4.0}


def test_doc_has_a_metrics_section():
    text = DOC.read_text(encoding="utf-8")
    for needle in ("## Metrics", "Banister", "Williams et al. 2017", "Foster 1998", "Epley"):
        assert needle in text
