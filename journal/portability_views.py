"""Your data: download the whole journal, import an export, delete the account."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from config import throttle
from journal import access, accounts, portability
from journal.imports.commit import discard_expired
from journal.imports.forms import UploadForm
from journal.imports.models import ImportBatch
from journal.imports.views import import_limits
from journal.models import Athlete

# Counted apart from log-ins (django-axes), so they never lock the owner out of logging in.
WRONG_DELETE_PASSWORDS_PER_USER = throttle.Limit("delete-account-user", 5, timedelta(minutes=15))
WRONG_DELETE_PASSWORDS_MESSAGE = (
    "Too many wrong passwords: deleting this account is paused for 15 minutes. "
    "Logging in is not affected."
)


class ImportForm(forms.Form):
    """An uploaded export; `cleaned_data["journal_file"]` is the parsed journal (a dict)."""

    journal_file = forms.FileField(
        label="Journal file",
        help_text="The journal.json from a Rebound export (or the export's ZIP), up to 20 MB.",
        widget=forms.FileInput(attrs={"accept": ".json,.zip,application/json"}),
    )
    restore_profile = forms.BooleanField(
        label="Also restore my profile from the file",
        help_text="Your name, targets, time zone and units as the export has them. Left "
        "unticked, your profile stays as it is.",
        required=False,
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
        # Not through authenticate(): its failures count towards the log-in lockout.
        count = (WRONG_DELETE_PASSWORDS_PER_USER, str(self.user.pk))
        if throttle.count_attempt(count):
            raise forms.ValidationError(WRONG_DELETE_PASSWORDS_MESSAGE, code="throttled")
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        throttle.refund(count)  # only wrong passwords count
        return password


def data_page(
    request: HttpRequest,
    athlete: Athlete | None,
    import_form: ImportForm | None = None,
    delete_form: DeleteAccountForm | None = None,
    status: int = 200,
    upload_form: UploadForm | None = None,
) -> HttpResponse:
    """Your data: export, the import (files from other apps, or a Rebound export) with the
    list of imports and their undo, and account deletion."""
    imports = []
    if athlete is not None:
        discard_expired(athlete)
        imports = list(ImportBatch.objects.filter(athlete=athlete).order_by("-created_at")[:50])
    context = {
        "athlete": athlete,
        "has_entries": athlete is not None and portability.has_entries(athlete),
        "import_form": import_form or ImportForm(),
        "upload_form": upload_form or UploadForm(),
        "imports": imports,
        "import_limits": import_limits(),
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
    return data_page(request, access.own_athlete_or_none(request.user))


@login_required
@require_POST
def import_journal(request: HttpRequest) -> HttpResponse:
    """Restore an uploaded export into the athlete's empty account, or show why not."""
    athlete = access.own_athlete(request.user)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            counts = portability.import_journal(
                athlete,
                form.cleaned_data["journal_file"],
                restore_profile=form.cleaned_data["restore_profile"],
            )
        except portability.JournalImportError as error:
            form.add_error("journal_file", error.messages)
        else:
            messages.success(
                request, _("Imported %(what)s.") % {"what": portability.describe_counts(counts)}
            )
            return redirect("data_settings")
    return data_page(request, athlete, import_form=form, status=400)


@login_required
@require_POST
def delete_account(request: HttpRequest) -> HttpResponse:
    """Delete the user with every row that hangs off them, then sign them out. An account
    without a journal may be deleted too."""
    athlete = access.own_athlete_or_none(request.user)
    form = DeleteAccountForm(request.POST, request=request)
    if not form.is_valid():
        status = 429 if form.has_error("password", "throttled") else 400
        return data_page(request, athlete, delete_form=form, status=status)
    accounts.delete_account(request.user)
    logout(request)
    if athlete:
        messages.success(request, _("Your account and your whole journal have been deleted."))
    else:
        messages.success(request, _("Your account has been deleted."))
    return redirect("home")
