"""Guidance articles per language, edited in admin beside the article, with the English as
the fallback for a missing translation or an empty field."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from recovery.models import Guidance, GuidanceTranslation

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return Guidance.objects.get(slug="sleep-debt")


def test_a_translated_article_shows_in_its_language_with_english_for_empty_fields(article):
    GuidanceTranslation.objects.create(
        guidance=article,
        language="de",
        title="Schlafdefizit",
        summary="",  # not translated yet: the English summary shows
        body="Erwäge, ein paar Nächte lang früher ins Bett zu gehen.",
    )
    html = Client().get("/guidance/sleep-debt/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "<h1" in html and "Schlafdefizit" in html
    assert "Erwäge, ein paar Nächte lang früher ins Bett zu gehen." in html
    assert article.summary_text()[:40] in html
    english = Client().get("/guidance/sleep-debt/").content.decode()
    assert "Schlafdefizit" not in english and article.title in english


def test_a_language_without_a_translation_shows_the_english(article):
    GuidanceTranslation.objects.create(guidance=article, language="de", title="Schlafdefizit")
    html = Client().get("/guidance/sleep-debt/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert article.title in html and "Schlafdefizit" not in html


def test_the_index_lists_translated_titles_and_topics(article):
    GuidanceTranslation.objects.create(
        guidance=article, language="es", title="Déficit de sueño", summary="Resumen en español."
    )
    html = Client().get("/guidance/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Déficit de sueño" in html and "Resumen en español." in html
    assert ">Sueño</h2>" in html  # the topic


def test_the_rendered_body_is_cached_per_language(article):
    GuidanceTranslation.objects.create(guidance=article, language="es", body="Cuerpo en español.")
    assert (
        "Cuerpo en español."
        in Client().get("/guidance/sleep-debt/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    )
    english = Client().get("/guidance/sleep-debt/").content.decode()
    assert "Cuerpo en español." not in english


def test_guidance_editors_translate_in_the_articles_admin_page(article):
    editor = User.objects.create_user("editor", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Guidance editors"))
    client = Client()
    client.force_login(editor)
    url = f"/admin/recovery/guidance/{article.pk}/change/"
    assert "translations-TOTAL_FORMS" in client.get(url).content.decode()
    data = {
        "title": article.title,
        "slug": article.slug,
        "topic": article.topic,
        "summary": article.summary,
        "body": article.body,
        "sources": article.sources,
        "published": "on",
        "translations-TOTAL_FORMS": "1",
        "translations-INITIAL_FORMS": "0",
        "translations-0-language": "es",
        "translations-0-title": "Déficit de sueño",
        "translations-0-summary": "",
        "translations-0-body": "",
    }
    assert client.post(url, data).status_code == 302
    assert article.translations.get().title == "Déficit de sueño"
