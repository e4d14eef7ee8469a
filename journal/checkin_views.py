"""The daily check-in's page and its htmx partial (the saving is in journal/checkin.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_htmx.http import reswap, retarget

from journal import access, quick
from journal.checkin import checkin_context, save_checkin, save_day_tags
from journal.forms import CheckInForm
from journal.models import one_refresh
from journal.navigation import requested_day, safe_next


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest) -> HttpResponse:
    """GET: the check-in (the partial for htmx). POST: save it; answer htmx with the redrawn
    partial and an HX-Trigger, or redirect back without JS."""
    athlete = access.own_athlete(request.user)
    partial = request.htmx and not request.htmx.boosted
    if request.method == "GET":
        context = checkin_context(athlete, requested_day(request, athlete))
        return _render_checkin(request, context, partial)

    form = CheckInForm(request.POST, athlete=athlete)
    next_url = safe_next(request, reverse("today"))
    if form.is_valid():
        day = form.cleaned_data["date"]
        with transaction.atomic(), one_refresh():
            save_checkin(athlete, day, quick.checkin_values_adding_water(athlete, day, form))
            save_day_tags(athlete, day, form.cleaned_data["tags"])
        if not partial:
            messages.success(request, _("Check-in saved."))
            return HttpResponseRedirect(next_url)
        if request.htmx.target == "checkin-status":
            # A clean form already shows what was saved: only its status line changes.
            response = render(
                request, "journal/checkin.html#checkin-status", {"checkin_saved": True}
            )
        else:
            # Redrawn from the valid form, which clears the errors of an earlier attempt.
            context = checkin_context(athlete, day, saved=True, form=form, checkin=True)
            context["checkin_next"] = next_url
            response = _render_checkin(request, context, partial)
        response["HX-Trigger"] = "checkin-saved"
        return response
    day = form.cleaned_data.get("date") or requested_day(request, athlete)
    context = checkin_context(athlete, day, form=form) | {"checkin_next": next_url}
    if not partial:
        return _render_checkin(request, context, partial, status=400)
    # A 400 like the page's, which htmx swaps in (base.html's responseHandling): the errors
    # are redrawn in place of the whole section whatever the form targeted.
    response = _render_checkin(request, context, partial, status=400)
    return reswap(retarget(response, "#checkin"), "outerHTML")


def _render_checkin(
    request: HttpRequest, context: dict, partial: bool, status: int = 200
) -> HttpResponse:
    template = "journal/checkin.html#checkin-form" if partial else "journal/checkin.html"
    return render(request, template, context, status=status)
