"""The words Rebound shows: no diagnosis, every figure sourced or marked as Rebound's own,
and every rule's article stating the thresholds the rule uses.

The conventions are in docs/rules.md ("Figures in guidance articles"). The articles are
read from recovery/guidance/*.md, the files the seed migrations load.
"""

import ast
import importlib
import re
from pathlib import Path

import pytest

from journal.models import MUSCLE_GROUPS
from recovery import articles
from recovery.engine import REGISTRY
from recovery.engine.rules import area_label

ROOT = Path(__file__).resolve().parents[2]
GUIDANCE = ROOT / "recovery" / "guidance"
parse_article = importlib.import_module("recovery.migrations.0002_seed_guidance").parse

BANNED = re.compile(r"diagnos|syndrome|\byou have\b|detects|predicts", re.IGNORECASE)
# Python modules whose string literals are shown to athletes: rule messages, readiness notes,
# chart summaries, the glossary. Docstrings and rules' `source=` (citations) are left out.
MESSAGE_MODULES = [
    *sorted((ROOT / "recovery" / "engine").glob("*.py")),
    ROOT / "recovery" / "summaries.py",
    ROOT / "recovery" / "glossary.py",
    ROOT / "recovery" / "pages.py",
]
TEMPLATES = sorted((ROOT / "templates").rglob("*.html")) + sorted(
    (ROOT / "templates").rglob("*.txt")
)
SCRIPTS = sorted((ROOT / "static" / "js").glob("*.js"))

NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty"
    "|sixty|seventy|eighty|ninety|hundred|thousand|half|halves|third|thirds|quarter|double"
)
FIGURE = re.compile(rf"\d|\b(?:{NUMBER_WORDS})\b", re.IGNORECASE)
NOT_FIGURES = re.compile(r"\be?1RM\b")  # the name of a measure, not a figure
OWN = re.compile(r"Rebound(?:'|’)s own")
# A section that carries this sentence marks its unmarked figures as Rebound's own.
OWN_SECTION = re.compile(r"Figures in this section without a source number are Rebound(?:'|’)s own")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(*\[])")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
LIST_MARK = re.compile(r"^\s*(?:[-*]|\d+\.)\s+")


def article_files() -> list[Path]:
    return sorted(GUIDANCE.glob("*.md"))


ARTICLES = {path.stem: parse_article(path) for path in article_files()}


# ---------------------------------------------------------------- the checks


def sections(body: str) -> list[tuple[str, str]]:
    """(heading, text) for the part before the first heading and for each `## ` section."""
    found: list[tuple[str, list[str]]] = [("", [])]
    for line in body.splitlines():
        if line.startswith("## "):
            found.append((line[3:].strip(), []))
        else:
            found[-1][1].append(line)
    return [(heading, "\n".join(lines)) for heading, lines in found]


def sentences(text: str) -> list[str]:
    """The sentences of a block of markdown: each list item and paragraph split at full stops."""
    blocks: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        if not line.strip() or LIST_MARK.match(line):
            if current:
                blocks.append(" ".join(current))
            current = [LIST_MARK.sub("", line).strip()] if line.strip() else []
        else:
            current.append(line.strip())
    if current:
        blocks.append(" ".join(current))
    return [s for block in blocks if block for s in SENTENCE_END.split(block)]


def unmarked_figures(text: str, section_is_own: bool = False) -> list[str]:
    """The sentences of `text` with a figure that is neither followed by a source marker
    `[n]` nor marked as Rebound's own. A placeholder is a figure Rebound sets: marked."""
    bad = []
    for sentence in sentences(text):
        plain = LINK_TARGET.sub("]", sentence)
        plain = articles.PLACEHOLDER.sub("", plain)
        plain = NOT_FIGURES.sub("", plain)
        # the digits of a marker are no figure: mask them, keeping every position
        masked = articles.CITATION.sub(lambda m: "[" + "#" * len(m["n"]) + "]", plain)
        figure_ends = [m.end() for m in FIGURE.finditer(masked)]
        if not figure_ends or section_is_own or OWN.search(plain):
            continue
        markers = [m.start() for m in articles.CITATION.finditer(plain)]
        if not markers or max(markers) < max(figure_ends):
            bad.append(sentence)
    return bad


def article_unmarked(article: dict) -> list[str]:
    bad = unmarked_figures(article["summary"])
    for _, text in sections(article["body"]):
        bad += unmarked_figures(text, section_is_own=bool(OWN_SECTION.search(text)))
    return bad


def bad_citations(article: dict) -> list[int]:
    count = len([s for s in article["sources"].splitlines() if s.strip()])
    text = article["summary"] + "\n" + article["body"]
    return [int(m["n"]) for m in articles.CITATION.finditer(text) if not 1 <= int(m["n"]) <= count]


def unknown_placeholders(article: dict) -> list[str]:
    defaults = articles.default_params()
    text = article["title"] + article["summary"] + article["body"]
    return [
        m[0]
        for m in articles.PLACEHOLDER.finditer(text)
        if articles.resolve(m["name"], article["slug"], defaults) is None
        or (m["filter"] and m["filter"] not in articles.FILTERS)
    ]


def params_not_stated(article: dict) -> list[str]:
    """The parameters of the article's rule that the article does not state as placeholders."""
    rule = articles.rule_for_slug(article["slug"])
    if rule is None:
        return []
    text = article["summary"] + article["body"]
    named = set()
    for m in articles.PLACEHOLDER.finditer(text):
        parts = m["name"].split(".")
        if len(parts) == 1:
            named.add(parts[0])
        elif len(parts) == 3 and f"{parts[0]}.{parts[1]}" == rule.code:
            named.add(parts[2])
    return [p.name for p in rule.params if p.name not in named]


def banned_in(text: str) -> list[str]:
    return [m[0] for m in BANNED.finditer(text)]


def shown_strings(path: Path) -> list[str]:
    """String literals of a module that are not docstrings nor a rule's `source=`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if (
            isinstance(first, ast.Expr)
            and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)
        ):
            skip.add(id(first.value))  # a docstring
        if isinstance(node, ast.keyword) and node.arg == "source":
            skip.update(id(n) for n in ast.walk(node.value))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
    ]


# ---------------------------------------------------------------- no diagnosis


@pytest.mark.parametrize("slug", list(ARTICLES))
def test_articles_never_diagnose(slug):
    article = ARTICLES[slug]
    text = "\n".join((article["title"], article["summary"], article["body"]))
    assert banned_in(text) == [], slug  # the sources (citation titles) are not checked


@pytest.mark.parametrize("path", MESSAGE_MODULES, ids=lambda p: p.name)
def test_rule_messages_never_diagnose(path):
    found = [s for s in shown_strings(path) if banned_in(s)]
    assert found == [], path.name


@pytest.mark.parametrize("path", TEMPLATES + SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_never_diagnose(path):
    assert banned_in(path.read_text(encoding="utf-8")) == [], path


def test_rule_titles_never_diagnose():
    assert [rule.code for rule in REGISTRY.values() if banned_in(rule.title)] == []


# ---------------------------------------------------------------- figures and sources


@pytest.mark.parametrize("slug", list(ARTICLES))
def test_every_figure_is_sourced_or_marked_as_rebounds_own(slug):
    assert article_unmarked(ARTICLES[slug]) == [], slug


@pytest.mark.parametrize("slug", list(ARTICLES))
def test_source_markers_name_a_listed_source(slug):
    assert bad_citations(ARTICLES[slug]) == [], slug


# ---------------------------------------------------------------- thresholds from the rules


@pytest.mark.parametrize("slug", list(ARTICLES))
def test_placeholders_name_a_figure_rebound_sets(slug):
    assert unknown_placeholders(ARTICLES[slug]) == [], slug


@pytest.mark.parametrize("code", list(REGISTRY))
def test_each_rule_article_states_every_parameter_from_the_rule(code):
    slug = REGISTRY[code].guidance_slug
    assert slug in ARTICLES, f"{code} has no article {slug}.md"
    assert params_not_stated(ARTICLES[slug]) == [], code


def test_articles_are_filled_in_with_the_rules_defaults():
    defaults = articles.default_params()
    debt = articles.fill(ARTICLES["sleep-debt"]["body"], "sleep-debt", defaults)
    assert f"more than {REGISTRY['sleep.debt'].params[0].default:g} hours" in debt
    deload = articles.fill(ARTICLES["load-deload-due"]["body"], "load-deload-due", defaults)
    assert "below 60 % of" in deload
    for slug, article in ARTICLES.items():
        filled = articles.fill(article["summary"] + article["body"], slug, defaults)
        assert "{{" not in filled, slug


def test_the_load_ratio_band_is_the_one_the_code_shades():
    from recovery.engine.load import LOAD_RATIO_REFERENCE_BAND

    low, high = LOAD_RATIO_REFERENCE_BAND
    assert f"ratio of {low:g} to {high:g} as the band" in ARTICLES["load-spike"]["body"]


def test_default_targets_come_from_the_athlete_model():
    from journal.models import PROTEIN_DEFAULT_BY_FOCUS, Athlete

    figures = articles.targets()
    assert figures["protein_endurance"] == PROTEIN_DEFAULT_BY_FOCUS["endurance"]
    assert figures["water_ml_per_kg"] == Athlete._meta.get_field("water_target_ml_per_kg").default
    assert (figures["sleep_min_h"], figures["sleep_h"], figures["sleep_max_h"]) == (7, 8, 9)


def test_sore_areas_read_as_their_check_in_labels():
    for code, label in MUSCLE_GROUPS:
        assert area_label(code) == label.lower(), code


# ---------------------------------------------------------------- the checks can fail


def test_the_checks_catch_what_they_are_for():
    assert banned_in("This detects overtraining syndrome; you have it.") == [
        "detects",
        "syndrome",
        "you have",
    ]
    assert unmarked_figures("Adults need 7 to 9 hours.") == ["Adults need 7 to 9 hours."]
    assert unmarked_figures("Adults need seven hours.") == ["Adults need seven hours."]
    assert unmarked_figures("Adults need 7 to 9 hours [1].") == []
    assert unmarked_figures("It is [1] for adults: 7 to 9 hours.") != []
    assert unmarked_figures("Rebound's own rule of thumb is 35 ml per kg.") == []
    assert unmarked_figures("More than {{ debt_h }} hours.") == []
    article = dict(ARTICLES["sleep-debt"])
    for part in ("summary", "body"):
        article[part] = article[part].replace("{{ debt_h }}", "5")
    assert params_not_stated(article) == ["debt_h"]
    assert article_unmarked({**article, "summary": "More than 5 hours."}) != []
    article["body"] += "\n\nA typo {{ debt_hours }}.\n"
    assert unknown_placeholders(article) == ["{{ debt_hours }}"]
    article["summary"] += " See [9]."
    assert bad_citations(article) == [9]


# ---------------------------------------------------------------- in the database and on the page


@pytest.mark.django_db
def test_articles_show_the_rules_settings_and_link_their_sources(client):
    from recovery.models import RuleSetting

    html = client.get("/guidance/sleep-debt/").content.decode()
    assert "more than 5 hours in total" in html and "{{" not in html
    assert '<li id="source-1">' in html
    assert '<a class="cite" href="#source-1" title="Source 1">[1]</a>' in html
    RuleSetting.objects.update_or_create(code="sleep.debt", defaults={"params": {"debt_h": 4}})
    html = client.get("/guidance/sleep-debt/").content.decode()
    assert "more than 4 hours in total" in html and "more than 5 hours" not in html
    index = client.get("/guidance/").content.decode()
    assert "more than 4 hours in total" in index and "{{" not in index


@pytest.mark.django_db
def test_the_wording_migration_updates_articles_no_editor_has_saved():
    from django.apps import apps
    from django.contrib.auth.models import User

    from recovery.models import Guidance

    update = importlib.import_module("recovery.migrations.0011_guidance_wording").update
    editor = User.objects.create_user("editor", password="x", is_staff=True)
    Guidance.objects.filter(slug="sleep-debt").update(body="Old text.")
    Guidance.objects.filter(slug="sleep-short").update(body="An editor's text.", updated_by=editor)
    Guidance.objects.filter(slug="readiness").delete()
    update(apps, None)
    assert Guidance.objects.get(slug="sleep-debt").body == ARTICLES["sleep-debt"]["body"]
    assert Guidance.objects.get(slug="sleep-short").body == "An editor's text."
    assert Guidance.objects.get(slug="readiness").title == "How readiness works"


@pytest.mark.django_db
def test_the_seeded_database_holds_the_articles_as_written():
    from recovery.models import Guidance

    stored = {g.slug: g for g in Guidance.objects.filter(slug__in=ARTICLES)}
    assert set(stored) == set(ARTICLES)
    for slug, article in ARTICLES.items():
        assert stored[slug].body == article["body"], slug
        assert stored[slug].summary == article["summary"], slug
