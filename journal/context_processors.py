from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from journal import access


def navigation(request: HttpRequest) -> dict:
    """`show_coach_nav` is evaluated only when a template reads it."""
    return {"show_coach_nav": SimpleLazyObject(lambda: access.is_coach(request.user))}
