import pytest
from django.contrib.auth.models import User
from django.test import Client

from recovery.engine import REGISTRY
from recovery.markdown import render_markdown
from recovery.models import Guidance

pytestmark = pytest.mark.django_db


def test_every_rule_links_to_a_published_article(client):
    for rule in REGISTRY.values():
        article = Guidance.objects.get(slug=rule.guidance_slug)
        assert article.published, rule.code
        assert article.source_list, rule.code
        response = client.get(f"/guidance/{rule.guidance_slug}/")
        assert response.status_code == 200, rule.code
        assert rule.code in response.content.decode()


def test_seeded_articles_cite_sources_and_carry_the_caution():
    articles = Guidance.objects.all()
    assert articles.count() >= 27
    for article in articles:
        assert len(article.source_list) >= 2, article.slug
        assert "not medical advice" in article.body, article.slug
        for banned in ("overtraining syndrome", "CTL", "ATL", "TSB"):
            assert banned not in article.body, (article.slug, banned)


def test_index_groups_by_topic_and_searches(client):
    response = client.get("/guidance/")
    topics = [topic for topic, _ in response.context["grouped"]]
    assert "Sleep" in topics and "Nutrition" in topics
    found = client.get("/guidance/", {"q": "caffeine"}).context["grouped"]
    slugs = {article.slug for _, articles in found for article in articles}
    assert "sleep-late-caffeine" in slugs and "deload-weeks" not in slugs
    assert client.get("/guidance/", {"q": "zzzz-nothing"}).context["count"] == 0


def test_article_renders_sources_as_a_list(client):
    html = client.get("/guidance/sleep-short/").content.decode()
    assert '<h2 class="h5 mt-4">Sources</h2>' in html
    assert html.count("<li>") >= 3


def test_a_draft_is_404_for_everyone_but_staff(client, athlete_client):
    Guidance.objects.filter(slug="hydration").update(published=False)
    assert client.get("/guidance/hydration/").status_code == 404
    assert athlete_client.get("/guidance/hydration/").status_code == 404
    assert "hydration" not in {
        a.slug for _, group in athlete_client.get("/guidance/").context["grouped"] for a in group
    }
    staff = User.objects.create_user("editor", password="x", is_staff=True)
    staff_client = Client()
    staff_client.force_login(staff)
    response = staff_client.get("/guidance/hydration/")
    assert response.status_code == 200
    assert "Draft: not published" in response.content.decode()


@pytest.mark.parametrize(
    "markdown_text",
    [
        "<script>alert('x')</script>hello",
        '<img src="x" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="/ok" onclick="steal()">ok</a>',
        '<p onmouseover="alert(1)">hover</p>',
        "<iframe src='https://evil.example'></iframe>",
    ],
)
def test_markdown_is_sanitized(markdown_text):
    html = render_markdown(markdown_text)
    lowered = html.lower()
    assert "<script" not in lowered
    assert "onerror" not in lowered and "onclick" not in lowered and "onmouseover" not in lowered
    assert "javascript:" not in lowered
    assert "<iframe" not in lowered


def test_external_links_get_noopener_and_internal_links_do_not():
    html = render_markdown("[a](https://example.org/x) and [b](/guidance/hydration/)")
    assert '<a rel="noopener noreferrer" href="https://example.org/x">a</a>' in html
    assert '<a href="/guidance/hydration/">b</a>' in html


def test_rendered_body_is_cached_until_the_article_changes(client, django_assert_num_queries):
    article = Guidance.objects.get(slug="sleep-debt")
    first = article.body_html()
    article.body = "New **text**"
    assert article.body_html() == first  # same updated_at: the cached HTML
    article.save()
    assert "<strong>text</strong>" in article.body_html()
    assert "<strong>text</strong>" in client.get("/guidance/sleep-debt/").content.decode()


def test_the_glossary_explains_every_term_and_pages_link_to_it(client, db):
    from recovery.glossary import TERMS

    page = client.get("/glossary/")
    assert page.status_code == 200
    html = page.content.decode()
    for key, (word, explanation) in TERMS.items():
        assert f'id="{key}"' in html and word in html
        assert explanation.replace("'", "&#x27;") in html
    assert 'href="/glossary/"' in client.get("/guidance/").content.decode()


def test_terms_on_pages_link_to_the_glossary_with_their_explanation(athlete):
    from tests.conftest import client_for
    from tests.recovery.conftest import fill_journal

    fill_journal(athlete, "strength", weeks=6)
    client = client_for(athlete.user)
    today = client.get("/today/").content.decode()
    assert (
        '<a class="term" href="/glossary/#form">form<span class="term-tip" aria-hidden="true">'
        in today
    )
    assert 'href="/glossary/#au"' in today
    week = client.get("/week/").content.decode()
    assert 'href="/glossary/#hooper"' in week
    assert 'href="/glossary/#load-ratio"' in client.get("/trends/").content.decode()


def test_the_rule_catalogue_lists_every_rule_with_its_parameters_and_article(client, db):
    from recovery.engine import REGISTRY

    html = client.get("/rules/").content.decode()
    for code, rule in REGISTRY.items():
        assert f'id="{code}"' in html
        assert f"/guidance/{rule.guidance_slug}/" in html
        for param in rule.params:
            assert f"<code>{param.name}</code>" in html
