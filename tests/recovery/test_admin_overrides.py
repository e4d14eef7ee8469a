"""Admin's page for one athlete's rule change uses the coach's typed form too."""

import pytest

from recovery.models import AthleteRuleOverride
from tests.factories import AthleteFactory

pytestmark = pytest.mark.django_db


def test_admin_edits_an_athletes_rule_change_with_typed_fields(admin_client):
    override = AthleteRuleOverride.objects.create(
        athlete=AthleteFactory(), code="sleep.debt", params={"debt_h": 4}
    )
    url = f"/admin/recovery/athleteruleoverride/{override.pk}/change/"
    html = admin_client.get(url).content.decode()
    assert html.count('name="param_debt_h"') == 1 and 'value="4"' in html
    assert 'name="athlete"' in html and 'name="params"' not in html
    post = {"athlete": override.athlete_id, "enabled": "on", "severity": ""}
    bad = admin_client.post(url, post | {"param_debt_h": "-3"})
    assert bad.status_code == 200  # admin redraws the form with the error
    assert "param_debt_h" in bad.context["adminform"].form.errors
    assert admin_client.post(url, post | {"param_debt_h": "6"}).status_code == 302
    override.refresh_from_db()
    assert (override.code, override.params) == ("sleep.debt", {"debt_h": 6.0})
    assert admin_client.get("/admin/recovery/athleteruleoverride/add/").status_code == 200
