"""Personal access tokens: the page, the command, scopes, revocation, session auth and the
per-token limit."""

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from api.models import ApiToken
from tests.api.conftest import BASE, Api, errors_of, token_for
from tests.factories import AthleteFactory, UserFactory

pytestmark = pytest.mark.django_db

CHECKIN = {"date": "2025-03-12", "sleep_quality": 3, "fatigue": 3, "stress": 3, "soreness": 3,
           "energy": 3}  # fmt: skip


def test_only_a_hash_of_the_secret_is_stored(athlete):
    token, secret = ApiToken.create_for(athlete.user, "Script", ApiToken.Scope.READ)
    token.refresh_from_db()
    assert secret.startswith("rb_") and len(secret) > 40
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = [str(value) for value in ApiToken.objects.values_list(flat=False).get()]
    assert secret not in stored
    assert token.prefix == secret[:10]


def test_the_page_shows_a_new_token_once_and_lists_it(athlete_client, athlete):
    url = reverse("api_tokens")
    response = athlete_client.post(url, {"name": "Phone shortcut", "scope": "write"})
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    secret = response.context["created"]["secret"]
    assert secret in response.content.decode()
    again = athlete_client.get(url)
    assert secret not in again.content.decode()
    assert "Phone shortcut" in again.content.decode()
    assert "never" in again.content.decode()  # not used yet
    assert Api(secret).get("/me/").status_code == 200
    page = athlete_client.get(url).content.decode()
    assert "never" not in page  # last used: just now


def test_the_page_refuses_a_token_without_a_name(athlete_client):
    response = athlete_client.post(reverse("api_tokens"), {"name": "", "scope": "read"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_settings_link_to_the_token_page(athlete_client):
    assert reverse("api_tokens") in athlete_client.get(reverse("settings")).content.decode()


def test_a_user_without_a_journal_may_make_tokens(db):
    client = Client()
    client.force_login(UserFactory())
    response = client.post(reverse("api_tokens"), {"name": "Roster", "scope": "read"})
    assert response.status_code == 201


def test_a_revoked_token_stops_working_at_once(athlete_client, athlete):
    token, secret = ApiToken.create_for(athlete.user, "Old", ApiToken.Scope.WRITE)
    client = Api(secret)
    assert client.get("/me/").status_code == 200
    response = athlete_client.post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    refused = client.get("/me/")
    assert refused.status_code == 401
    assert "revoked" in errors_of(refused)["__all__"][0]
    assert "Bearer" in refused["WWW-Authenticate"]
    assert "revoked" in athlete_client.get(reverse("api_tokens")).content.decode()


def test_someone_elses_token_cannot_be_revoked(athlete_client):
    other = AthleteFactory()
    token, secret = ApiToken.create_for(other.user, "Theirs", ApiToken.Scope.READ)
    response = athlete_client.post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 404
    assert Api(secret).get("/me/").status_code == 200


def test_a_read_token_reads_and_may_not_write(read_api, frozen):
    assert read_api.get("/checkins/").status_code == 200
    response = read_api.post("/checkins/", CHECKIN)
    assert response.status_code == 403
    assert "only read" in errors_of(response)["__all__"][0]
    for method in ("patch", "delete"):
        assert read_api.send(method, "/checkins/1/", {}).status_code == 403


def test_a_write_token_writes(api, frozen):
    assert api.post("/checkins/", CHECKIN).status_code == 201


@pytest.mark.parametrize(
    "header", ["Bearer", "Bearer ", "Bearer nope", "Bearer rb_" + "x" * 43, "Bearer " + "y" * 500]
)
def test_an_unknown_token_is_401_and_never_falls_back_to_the_session(athlete_client, header):
    response = athlete_client.get(BASE + "/me/", headers={"Authorization": header})
    assert response.status_code == 401
    assert errors_of(response)


def test_no_credentials_is_401(anonymous_api):
    response = anonymous_api.get("/me/")
    assert response.status_code == 401
    assert errors_of(response)["__all__"]


def test_the_session_works_for_the_sites_own_pages(athlete_client, frozen):
    api = Api(client=athlete_client)
    assert api.get("/me/").status_code == 200
    assert api.post("/checkins/", CHECKIN).status_code == 201


def test_a_session_write_needs_the_csrf_token(athlete, frozen):
    client = Client(enforce_csrf_checks=True)
    client.force_login(athlete.user)
    client.get(reverse("settings"))  # sets the CSRF cookie
    api = Api(client=client)
    refused = api.post("/checkins/", CHECKIN)
    assert refused.status_code == 403
    assert "CSRF" in errors_of(refused)["__all__"][0]
    token = client.cookies["csrftoken"].value
    assert api.post("/checkins/", CHECKIN, **{"X-CSRFToken": token}).status_code == 201


def test_last_used_is_kept_to_the_minute(athlete, frozen):
    token, secret = ApiToken.create_for(athlete.user, "Script", ApiToken.Scope.READ)
    Api(secret).get("/me/")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    frozen.shift(timedelta(seconds=30))
    Api(secret).get("/me/")
    token.refresh_from_db()
    assert token.last_used_at == first
    frozen.shift(timedelta(seconds=40))
    Api(secret).get("/me/")
    token.refresh_from_db()
    assert token.last_used_at > first


def test_each_token_has_its_own_limit(athlete, settings):
    settings.API_REQUESTS_PER_MINUTE = 3
    busy, calm = Api(token_for(athlete.user)), Api(token_for(athlete.user))
    assert [busy.get("/me/").status_code for _ in range(3)] == [200, 200, 200]
    refused = busy.get("/me/")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert errors_of(refused)["__all__"]
    assert calm.get("/me/").status_code == 200


def test_guessing_tokens_is_limited_per_address(db):
    guesser = Api("rb_guess")
    answers = [guesser.get("/me/").status_code for _ in range(21)]
    assert answers[:20] == [401] * 20
    assert answers[20] == 429


def test_create_token_prints_a_working_token(athlete):
    out = StringIO()
    call_command("create_token", athlete.user.username, "--name", "Cron", "--scope", "write",
                 stdout=out)  # fmt: skip
    secret = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert token.name == "Cron" and token.scope == "write"
    assert Api(secret).get("/me/").status_code == 200


def test_create_token_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user"):
        call_command("create_token", "nobody", "--name", "x")


def test_create_token_refuses_a_name_it_cannot_store(athlete):
    with pytest.raises(CommandError, match="NUL"):
        call_command("create_token", athlete.user.username, "--name", "a\x00b")


def test_staff_see_tokens_in_admin_and_may_revoke_them(athlete):
    token, secret = ApiToken.create_for(athlete.user, "Script", ApiToken.Scope.READ)
    admin = Client()
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = admin.get(reverse("admin:api_apitoken_changelist"))
    assert page.status_code == 200 and "Script" in page.content.decode()
    assert secret not in page.content.decode()
    admin.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert Api(secret).get("/me/").status_code == 401
