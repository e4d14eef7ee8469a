"""The service worker, served from the site's root so that its scope covers every page."""

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache  # a new version must reach the browser on its next visit
def service_worker(request: HttpRequest) -> HttpResponse:
    """static/sw.js, as found by the static finders (development, tests) or as collected."""
    path = finders.find("sw.js")
    try:
        if path:
            with open(path, "rb") as source:
                body = source.read()
        else:
            with staticfiles_storage.open("sw.js") as source:
                body = source.read()
    except OSError:
        raise Http404("No service worker.") from None
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response
