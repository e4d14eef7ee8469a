"""The API's docs page (Swagger UI from django-ninja's own static files) under the site's
Content-Security-Policy: it draws every operation, with no CSP violation and no request
off the site."""

import pytest

from tests.browser.conftest import log_in
from tests.factories import PASSWORD, AthleteFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_docs_page_draws_the_api_under_the_csp(page, live_server):
    problems, foreign = [], []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "request",
        lambda r: not r.url.startswith((live_server.url, "data:")) and foreign.append(r.url),
    )
    response = page.goto("/api/v1/docs")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() >= 40
    page.get_by_text("Rebound API").first.wait_for()
    assert problems == [] and foreign == []


def test_a_signed_in_athlete_can_try_a_read_from_the_docs(page, live_server):
    AthleteFactory(user__username="docs")
    log_in(page, "docs", PASSWORD)
    page.wait_for_url("**/today/")
    page.goto("/api/v1/docs#/journal/get_me")
    operation = page.locator("#operations-journal-get_me")
    operation.wait_for()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    status = operation.locator(".live-responses-table tr.response td.response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"
