"""A test-only URLconf: the real URLs plus views that fail on purpose (never in config.urls)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.urls import path

from config.urls import urlpatterns as real_urlpatterns

SECRET_DETAIL = "secret-detail-that-must-not-leak"


def crash(request: HttpRequest):
    raise RuntimeError(SECRET_DETAIL)


def forbidden(request: HttpRequest):
    raise PermissionDenied(SECRET_DETAIL)


def missing(request: HttpRequest):
    raise Http404(SECRET_DETAIL)


urlpatterns = [
    path("test-crash/", crash),
    path("test-forbidden/", forbidden),
    path("test-missing/", missing),
    *real_urlpatterns,
]
