"""From an upload to a preview waiting on the athlete: `start` reads a small upload at once,
and spools a big one to disk for a background job (journal/imports/tasks.py), which reports
its progress on the batch."""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings

from journal.imports import formats
from journal.imports.models import ImportBatch
from journal.imports.preview import plan
from journal.imports.records import (
    ImportFileError,
    ParseContext,
    ParseResult,
    WorkoutRecord,
    problems_to_json,
    to_json,
)
from journal.models import Athlete
from journal.validators import showable, text_problem

BACKGROUND_BYTES = 2 * formats.MB  # uploads larger than this are read by a background job
PROGRESS_EVERY_S = 0.5


def spool_root() -> Path:
    """Where big uploads wait for their job: REBOUND_IMPORT_SPOOL, else the temp folder.
    Several machines running jobs need a folder they all see."""
    configured = getattr(settings, "REBOUND_IMPORT_SPOOL", "")
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "rebound-imports"


def describe_files(uploads: list[formats.Upload]) -> str:
    if len(uploads) == 1:
        return showable(uploads[0].name)[:255]
    shown = ", ".join(showable(u.name) for u in uploads[:3])
    more = f" and {len(uploads) - 3} more" if len(uploads) > 3 else ""
    return f"{len(uploads)} files ({shown}{more})"[:255]


def fingerprint(uploads: list[formats.Upload]) -> str:
    digest = hashlib.sha256()
    for upload in uploads:
        upload.file.seek(0)
        for chunk in iter(lambda f=upload.file: f.read(1 << 20), b""):
            digest.update(chunk)
        upload.file.seek(0)
    return digest.hexdigest()


def check_kinds(uploads: list[formats.Upload]) -> None:
    """Refuse at once, from the first bytes, a single file no format reads."""
    if len(uploads) != 1:
        return
    upload = uploads[0]
    head = upload.file.read(formats.HEAD_BYTES)
    upload.file.seek(0)
    if head.startswith(b"PK\x03\x04") and not formats.is_rebound_export(upload.name, head):
        return
    if formats.detect(upload.name, head) is None:
        raise ImportFileError(formats.named(upload.name, formats.why_unreadable(upload.name, head)))


def start(athlete: Athlete, uploads: list[formats.Upload]) -> ImportBatch:
    """A batch for the upload: read now into a preview (READY) when small, else queued for
    the background job (READING). Raises ImportFileError for a file that can't be read."""
    total = sum(u.size for u in uploads)
    if total > formats.MAX_UPLOAD_BYTES:
        raise ImportFileError("This upload is larger than 100 MB. Split it into parts.")
    check_kinds(uploads)
    batch = ImportBatch(
        athlete=athlete,
        source="",
        file_name=describe_files(uploads),
        file_sha256=fingerprint(uploads),
        progress_total=total,
    )
    if total <= BACKGROUND_BYTES:
        source, payload = read(athlete, uploads, batch.file_sha256)
        batch.source, batch.preview, batch.status = source, payload, ImportBatch.Status.READY
        batch.save()
        return batch
    from journal.imports.tasks import read_import

    batch.source = "…"
    batch.save()
    folder = spool_root() / f"{batch.pk}-{uuid.uuid4().hex}"
    folder.mkdir(parents=True, exist_ok=True)
    for number, upload in enumerate(uploads):
        upload.file.seek(0)
        with (folder / f"{number:04d}-{_safe(upload.name)}").open("wb") as out:
            shutil.copyfileobj(upload.file, out, 1 << 20)
    batch.spool_dir = str(folder)
    batch.save(update_fields=["spool_dir"])
    read_import.enqueue(batch.pk)
    return batch


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", Path(name).name)[-100:] or "upload"


def spooled_uploads(batch: ImportBatch) -> list[formats.Upload]:
    folder = Path(batch.spool_dir)
    uploads = []
    for path in sorted(folder.iterdir()):
        name = path.name.split("-", 1)[1] if "-" in path.name else path.name
        uploads.append(formats.Upload(name, path.open("rb"), path.stat().st_size))
    return uploads


def read(
    athlete: Athlete,
    uploads: list[formats.Upload],
    sha256: str = "",
    progress=None,
) -> tuple[str, dict]:
    """Parse the uploads and plan them: the batch's source and its preview payload (records,
    the problems met in parsing, and the summary the page shows)."""
    context = ParseContext(tz=athlete.tz, imperial=athlete.imperial, progress=progress)
    source, result = formats.read_uploads(uploads, context)
    storable(result)
    planned = plan(athlete, result.records)
    notes = list(result.notes)
    if sha256:
        before = (
            ImportBatch.objects.filter(
                athlete=athlete, file_sha256=sha256, status=ImportBatch.Status.DONE
            )
            .order_by("-committed_at")
            .first()
        )
        if before is not None and before.committed_at:
            notes.append(
                f"You imported this same file on {before.committed_at:%-d %B %Y}: what is "
                "still in your journal shows below as duplicates."
            )
    parse_problems = problems_to_json(result.problems)
    summary = planned.summary(notes)
    summary["problems"] = (parse_problems + summary["problems"])[:200]
    summary["problem_count"] += result.problem_count
    if not result.records and result.problem_count:
        reasons = "; ".join(
            f"{p.where}: {p.message}" if p.where else p.message for p in result.problems[:3]
        )
        if len(uploads) == 1:
            message = formats.named(
                uploads[0].name, "Nothing in this file can be imported: " + reasons
            )
        else:
            message = "Nothing in these files can be imported: " + reasons
        raise ImportFileError(message)
    payload = {
        "records": [to_json(record) for record in result.records],
        "parse_problems": parse_problems,
        "parse_problem_count": result.problem_count,
        "summary": summary,
    }
    return source, payload


def storable(result: ParseResult) -> None:
    """Leave out of `result` the text no column (nor PostgreSQL's JSON) can hold, a NUL byte
    or a lone surrogate, reporting each record or set it drops at its line: the preview is
    stored as JSON before any model validates it."""
    kept = []
    for record in result.records:
        record.where = showable(record.where)
        texts = [getattr(record, name, "") for name in ("title", "notes", "source_id")]
        problem = next((text_problem(t) for t in texts if t and text_problem(t)), None)
        if problem:
            result.problem(record.where, problem)
            continue
        if isinstance(record, WorkoutRecord):
            sets = []
            for item in record.sets:
                item.where = showable(item.where)
                if problem := text_problem(item.exercise):
                    result.problem(
                        item.where or record.where, f"{showable(item.exercise)}: {problem}"
                    )
                    continue
                sets.append(item)
            record.sets = sets
        kept.append(record)
    result.records = kept
    for problem in result.problems:
        problem.where, problem.message = showable(problem.where), showable(problem.message)
    result.notes = [showable(note) for note in result.notes]


class Progress:
    """Writes a background job's progress onto its batch, at most twice a second."""

    def __init__(self, batch_id: int):
        self.batch_id = batch_id
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY_S and done < total:
            return
        self.last = now
        ImportBatch.objects.filter(pk=self.batch_id).update(
            progress_done=done, progress_total=total
        )
