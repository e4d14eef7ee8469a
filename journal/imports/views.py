"""The import pages: upload → preview (nothing written) → confirm → commit; a big file's
progress; undo. Only the athlete who imports sees these (journal.access.own_import)."""

from __future__ import annotations

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh

from journal import access
from journal.imports import batches
from journal.imports.commit import commit, discard_expired, discard_spool, undo
from journal.imports.forms import ConfirmForm, UploadForm
from journal.imports.models import ADDED, ImportBatch, describe_counts
from journal.imports.records import ImportFileError
from journal.models import Workout

BACKGROUND_RECORDS = 1000  # a preview with more records than this is committed in the background


@login_required
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    """Read the uploaded files into a preview, or say beside the field why they can't be."""
    from journal.portability_views import data_page

    athlete = access.own_athlete(request.user)
    discard_expired(athlete)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            batch = batches.start(athlete, form.cleaned_data["import_files"])
        except ImportFileError as error:
            form.add_error("import_files", str(error))
        else:
            return redirect("import_batch", pk=batch.pk)
    return data_page(request, athlete, upload_form=form, status=400)


def _page(request, batch: ImportBatch, form: ConfirmForm | None = None, status: int = 200):
    summary = (batch.preview or {}).get("summary")
    if batch.status == ImportBatch.Status.READY and form is None:
        form = ConfirmForm(athlete=batch.athlete, summary=summary)
    to_rate = []
    if batch.status == ImportBatch.Status.DONE:
        to_rate = list(
            Workout.objects.filter(import_batch=batch, rpe_estimated=True).order_by("started_at")[
                :100
            ]
        )
    context = {
        "athlete": batch.athlete,
        "batch": batch,
        "summary": summary,
        "form": form,
        "to_rate": to_rate,
        "to_add": sum(summary["counts"].get(key, 0) for key in ADDED) if summary else 0,
        "mass_unit": "lb" if batch.athlete.imperial else "kg",
    }
    return render(request, "journal/import_batch.html", context, status=status)


@login_required
@require_GET
@never_cache
def batch_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The batch as it stands: its progress, its preview with the confirm form, or what it
    added with its undo."""
    return _page(request, access.own_import(request.user, pk))


@login_required
@require_GET
@never_cache
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar alone, polled by htmx while a background job runs; once it is over
    the page reloads to show the preview or the result."""
    batch = access.own_import(request.user, pk)
    if batch.status not in (ImportBatch.Status.READING, ImportBatch.Status.SAVING):
        if request.htmx:
            return HttpResponseClientRefresh()
        return redirect("import_batch", pk=batch.pk)
    return render(request, "journal/import_batch.html#progress", {"batch": batch})


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Commit a preview as the athlete decided it, or queue the commit of a big one."""
    batch = access.own_import(request.user, pk)
    if batch.status != ImportBatch.Status.READY:
        messages.info(request, _("This import is no longer waiting to be confirmed."))
        return redirect("import_batch", pk=batch.pk)
    summary = batch.preview["summary"]
    form = ConfirmForm(request.POST, athlete=batch.athlete, summary=summary)
    if not form.is_valid():
        return _page(request, batch, form, status=400)
    choices = form.choices()
    records = len(batch.preview.get("records", []))
    if batch.spool_dir or records > BACKGROUND_RECORDS:
        from journal.imports.tasks import commit_import

        queued = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.READY).update(
            status=ImportBatch.Status.SAVING, progress_done=0, progress_total=0
        )
        if queued:
            commit_import.enqueue(batch.pk, dataclasses.asdict(choices))
        return redirect("import_batch", pk=batch.pk)
    try:
        counts = commit(batch, choices)
    except ImportFileError as error:
        form.add_error(None, str(error))
        return _page(request, batch, form, status=400)
    if not any(counts[key] for key in ADDED):
        messages.info(request, _("Nothing was imported: all of it is already in your journal."))
    else:
        messages.success(request, _("Imported %(what)s.") % {"what": describe_counts(counts)})
    return redirect(reverse("data_settings") + "#imports")


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Forget a preview (or a failed import) without importing anything."""
    batch = access.own_import(request.user, pk)
    if batch.status == ImportBatch.Status.DONE:
        messages.info(request, _("This import is done: use Undo to remove what it added."))
        return redirect(reverse("data_settings") + "#imports")
    if batch.status == ImportBatch.Status.SAVING:
        messages.info(request, _("This import is being saved; undo it once it is done."))
        return redirect("import_batch", pk=batch.pk)
    discard_spool(batch)
    batch.delete()
    messages.success(request, _("Import cancelled: nothing was added."))
    return redirect(reverse("data_settings") + "#imports")


@login_required
@require_POST
def undo_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove exactly what an import added."""
    batch = access.own_import(request.user, pk)
    if batch.status != ImportBatch.Status.DONE:
        messages.info(request, _("Only a finished import can be undone."))
        return redirect(reverse("data_settings") + "#imports")
    removed = undo(batch)
    counts = {
        "workouts": removed.get("journal.Workout", 0),
        "sets": removed.get("journal.ExerciseSet", 0),
        "nights": removed.get("journal.SleepEntry", 0),
        "weigh_ins": removed.get("journal.WeighIn", 0),
        "exercises_new": removed.get("journal.Exercise", 0),
    }
    messages.success(
        request,
        _("Import of %(file)s undone: removed %(what)s.")
        % {"file": batch.file_name, "what": describe_counts(counts)},
    )
    return redirect(reverse("data_settings") + "#imports")


def import_limits() -> dict:
    """The limits the page states, from the constants the import enforces."""
    from journal.imports import formats, tabular

    return {
        "upload_mb": formats.MAX_UPLOAD_BYTES // formats.MB,
        "unzipped_gb": formats.MAX_UNZIPPED_BYTES // (1024 * formats.MB),
        "zip_files": formats.MAX_ZIP_MEMBERS,
        "csv_rows": tabular.MAX_ROWS,
        "records": formats.MAX_RECORDS,
        "background_mb": batches.BACKGROUND_BYTES // formats.MB,
    }
