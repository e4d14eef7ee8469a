"""Your data: download the whole journal, import an export, delete the account."""

from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from journal import access, portability
from journal.models import Athlete


class ImportForm(forms.Form):
    """An uploaded export; `cleaned_data["journal_file"]` is the parsed journal (a dict)."""

    journal_file = forms.FileField(
        label="Journal file",
        help_text="The journal.json from a Rebound export (or the export's ZIP), up to 20 MB.",
        widget=forms.FileInput(attrs={"accept": ".json,.zip,application/json"}),
    )

    def clean_journal_file(self) -> dict:
        upload = self.cleaned_data["journal_file"]
        if upload.size > portability.MAX_IMPORT_BYTES:
            raise forms.ValidationError("This file is larger than 20 MB.")
        try:
            data = portability.read_journal_file(upload.read())
            portability.check_format(data)
        except portability.JournalImportError as error:
            raise forms.ValidationError(error.messages) from None
        return data


class DeleteAccountForm(forms.Form):
    username = forms.CharField(
        label="Your username",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request: HttpRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = request.user
        self.fields["username"].help_text = f"Type {self.user.get_username()} to confirm."

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if username != self.user.get_username():
            raise forms.ValidationError(
                f"That is not your username. Type {self.user.get_username()} exactly."
            )
        return username

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        # Through authenticate(), so failed attempts count towards the log-in lockout.
        confirmed = authenticate(self.request, username=self.user.get_username(), password=password)
        if confirmed is None or confirmed.pk != self.user.pk:
            raise forms.ValidationError("That is not your password.")
        return password


def _page(
    request: HttpRequest,
    athlete: Athlete | None,
    import_form: ImportForm | None = None,
    delete_form: DeleteAccountForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "athlete": athlete,
        "has_entries": athlete is not None and portability.has_entries(athlete),
        "import_form": import_form or ImportForm(),
        "delete_form": delete_form or DeleteAccountForm(request=request),
    }
    return render(request, "journal/data_settings.html", context, status=status)


@login_required
@require_GET
@never_cache
def export(request: HttpRequest) -> HttpResponse:
    """The signed-in athlete's whole journal as a ZIP download."""
    athlete = access.own_athlete(request.user)
    archive = portability.export_journal(athlete)
    filename = f"rebound-{request.user.get_username()}-{athlete.today().isoformat()}.zip"
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@require_GET
def data_settings(request: HttpRequest) -> HttpResponse:
    return _page(request, access.own_athlete_or_none(request.user))


@login_required
@require_POST
def import_journal(request: HttpRequest) -> HttpResponse:
    """Restore an uploaded export into the athlete's empty account, or show why not."""
    athlete = access.own_athlete(request.user)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            counts = portability.import_journal(athlete, form.cleaned_data["journal_file"])
        except portability.JournalImportError as error:
            form.add_error("journal_file", error.messages)
        else:
            messages.success(request, f"Imported {portability.describe_counts(counts)}.")
            return redirect("data_settings")
    return _page(request, athlete, import_form=form, status=400)


@login_required
@require_POST
def delete_account(request: HttpRequest) -> HttpResponse:
    """Delete the user with every row that hangs off them, then sign them out. An account
    without a journal may be deleted too."""
    athlete = access.own_athlete_or_none(request.user)
    form = DeleteAccountForm(request.POST, request=request)
    if not form.is_valid():
        return _page(request, athlete, delete_form=form, status=400)
    user = request.user
    with transaction.atomic():
        # Cascades: the athlete, every entry, coach links both ways, notes and overrides.
        user.delete()
    logout(request)
    done = "Your account and your whole journal have" if athlete else "Your account has"
    messages.success(request, f"{done} been deleted.")
    return redirect("home")
