"""Recovery pages: what the journal means for the athlete, and for their coach."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from journal import access


@login_required
def today(request: HttpRequest) -> HttpResponse:
    athlete = access.own_athlete(request.user)
    return render(request, "recovery/today.html", {"athlete": athlete})


@login_required
def coach_roster(request: HttpRequest) -> HttpResponse:
    return render(request, "recovery/coach_roster.html", {"athletes": []})
