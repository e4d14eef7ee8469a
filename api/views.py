"""Settings → API tokens: make a token (shown once), see when each was last used, revoke."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from api.models import ApiToken
from journal import access


class TokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name", "scope"]
        labels = {"name": "Name", "scope": "Access"}
        help_texts = {"name": "What uses it, e.g. “Phone shortcut” or “Spreadsheet”."}
        widgets = {"scope": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = [
            (ApiToken.Scope.READ, "Read: scripts that only read your journal"),
            (ApiToken.Scope.WRITE, "Read and write: also logs entries and check-ins"),
        ]
        self.fields["name"].widget.attrs["placeholder"] = "Phone shortcut"


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """The user's tokens. A new token's secret is in this one answer and nowhere else: the
    page is drawn on the POST itself (never_cache: no-store), never kept for a redirect."""
    form = TokenForm(request.POST or None)
    created = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            token, secret = ApiToken.create_for(
                request.user, form.cleaned_data["name"], form.cleaned_data["scope"]
            )
            created = {"token": token, "secret": secret}
            form = TokenForm()
            status = 201
        else:
            status = 400
    context = {
        "form": form,
        "created": created,
        "tokens": ApiToken.objects.filter(user=request.user),
        "has_journal": access.own_athlete_or_none(request.user) is not None,
        "api_limit": settings.API_REQUESTS_PER_MINUTE,
    }
    return render(request, "api/tokens.html", context, status=status)


@login_required
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    token = ApiToken.objects.own(request.user, pk)
    token.revoke()
    messages.success(
        request, _("Token “%(name)s” revoked: it no longer works.") % {"name": token.name}
    )
    return redirect("api_tokens")
