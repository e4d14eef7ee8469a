"""Revoking a token asks first: the button opens a confirmation, without JavaScript."""

import re

import pytest
from django.urls import reverse

from tests.api.conftest import token_for

pytestmark = pytest.mark.django_db


def test_revoke_opens_a_confirmation_before_the_post(athlete_client, athlete):
    token_for(athlete.user, name="Phone shortcut")
    html = athlete_client.get(reverse("api_tokens")).content.decode()
    details = re.search(r'<details[^>]*data-testid="revoke-confirm".*?</details>', html, re.S)
    assert details
    assert "<summary" in details[0] and "stops working at once" in details[0]
    assert "Yes, revoke" in details[0] and "onclick" not in details[0]
