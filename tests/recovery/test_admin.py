import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from recovery.engine import REGISTRY
from recovery.models import Guidance, RuleSetting
from tests.factories import CheckInFactory, WorkoutFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client():
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.com", "pw"))
    return client


@pytest.fixture
def editor_client():
    editor = User.objects.create_user("editor", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Guidance editors"))
    client = Client()
    client.force_login(editor)
    return client


def test_rule_settings_list_every_rule_with_its_defaults(superuser_client):
    response = superuser_client.get("/admin/recovery/rulesetting/")
    assert response.status_code == 200
    html = response.content.decode()
    assert RuleSetting.objects.count() == len(REGISTRY) == 19
    for code in REGISTRY:
        assert code in html
    assert "debt_h" in html  # the sleep.debt parameter with its default


def test_admin_changes_a_rule_with_the_same_typed_fields_and_clear_errors(superuser_client):
    RuleSetting.ensure_all()
    setting = RuleSetting.objects.get(code="sleep.debt")
    url = f"/admin/recovery/rulesetting/{setting.pk}/change/"
    page = superuser_client.get(url).content.decode()
    assert 'name="param_debt_h"' in page and 'name="params"' not in page
    for value, message in [("-2", "greater than or equal to 0"), ("lots", "Enter a number")]:
        response = superuser_client.post(
            url, {"enabled": "on", "severity": "", "param_debt_h": value}
        )
        assert response.status_code == 200, value
        errors = str(response.context["adminform"].form.errors["param_debt_h"])
        assert message in errors, (value, errors)
    setting.refresh_from_db()
    assert setting.params == {}
    response = superuser_client.post(
        url, {"enabled": "on", "severity": "alert", "param_debt_h": "3"}
    )
    assert response.status_code == 302
    setting.refresh_from_db()
    assert (setting.params, setting.severity) == ({"debt_h": 3.0}, "alert")


def test_guidance_admin_lists_rules_using_each_article_and_records_the_editor(superuser_client):
    html = superuser_client.get("/admin/recovery/guidance/").content.decode()
    assert "sleep.short" in html
    article = Guidance.objects.get(slug="sleep-short")
    response = superuser_client.get(f"/admin/recovery/guidance/{article.pk}/change/")
    assert (
        "/guidance/sleep-short/" in response.content.decode()
        or "View on site" in response.content.decode()
    )


def test_editor_can_edit_guidance_but_not_users_or_journal(editor_client):
    article = Guidance.objects.get(slug="hydration")
    url = f"/admin/recovery/guidance/{article.pk}/change/"
    data = {
        "title": article.title,
        "slug": article.slug,
        "topic": article.topic,
        "summary": "A new summary from the editor.",
        "body": article.body,
        "sources": article.sources,
        "published": "on",
        # The translations inline (recovery.admin.GuidanceTranslationInline), left empty.
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
    }
    assert editor_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.summary == "A new summary from the editor."
    assert article.updated_by.username == "editor"
    assert editor_client.get("/admin/recovery/rulesetting/").status_code == 200
    WorkoutFactory()
    CheckInFactory()
    for forbidden in (
        "/admin/auth/user/",
        "/admin/journal/workout/",
        "/admin/journal/checkin/",
        "/admin/journal/athlete/",
    ):
        assert editor_client.get(forbidden).status_code == 403, forbidden


def test_the_editor_group_holds_exactly_guidance_and_rule_setting_permissions():
    codenames = set(
        Group.objects.get(name="Guidance editors").permissions.values_list("codename", flat=True)
    )
    assert codenames == {
        f"{action}_{model}"
        for action in ("add", "change", "delete", "view")
        for model in ("guidance", "guidancetranslation", "rulesetting")
    }
