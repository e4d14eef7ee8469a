"""Journal views: sign-up, the athlete's settings, and the journal itself."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from journal import access
from journal.forms import ProfileForm, SignupForm


def home(request: HttpRequest) -> HttpResponse:
    """Landing page for visitors; signed-in users go to their day (or their roster)."""
    if not request.user.is_authenticated:
        return render(request, "landing.html")
    if not hasattr(request.user, "athlete") and access.is_coach(request.user):
        return redirect("coach")
    return redirect("today")


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("today")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to Rebound. Start with today's check-in.")
        return redirect("today")
    return render(request, "registration/signup.html", {"form": form}, status=_status(form))


@login_required
def profile_settings(request: HttpRequest) -> HttpResponse:
    athlete = access.own_athlete(request.user)
    form = ProfileForm(request.POST or None, instance=athlete)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("settings")
    return render(request, "journal/settings.html", {"form": form}, status=_status(form))


def _status(form) -> int:
    """400 for a submitted form with errors, so clients and tests can tell; 200 otherwise."""
    return 400 if form.is_bound and form.errors else 200
