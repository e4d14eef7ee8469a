"""Background jobs for big imports, run by `manage.py db_worker` (django-tasks-db): reading
an upload into its preview, and committing a confirmed one. Each reports its progress on
the batch, which the batch page polls."""

import logging

from django_tasks import task

from journal.imports.batches import Progress, read, spooled_uploads
from journal.imports.commit import commit, discard_spool
from journal.imports.models import ImportBatch
from journal.imports.preview import Choices
from journal.imports.records import ImportFileError

logger = logging.getLogger(__name__)

FAILED = "The import stopped on an error of ours. Nothing was imported; try again later."


def _fail(batch_id: int, message: str) -> None:
    ImportBatch.objects.filter(pk=batch_id).update(
        status=ImportBatch.Status.FAILED, message=message, preview=None
    )


@task()
def read_import(batch_id: int) -> str:
    """Parse the spooled upload of a batch into its preview; the status it ends in."""
    batch = ImportBatch.objects.select_related("athlete").filter(pk=batch_id).first()
    if batch is None or batch.status != ImportBatch.Status.READING:
        return "gone"
    uploads = spooled_uploads(batch)
    try:
        source, payload = read(batch.athlete, uploads, batch.file_sha256, Progress(batch_id))
    except ImportFileError as error:
        _fail(batch_id, str(error))
        discard_spool(batch)
        return ImportBatch.Status.FAILED
    except Exception:
        logger.exception("Reading import batch %s failed", batch_id)
        _fail(batch_id, FAILED)
        discard_spool(batch)
        return ImportBatch.Status.FAILED
    finally:
        for upload in uploads:
            upload.file.close()
    updated = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.READING).update(
        source=source, preview=payload, status=ImportBatch.Status.READY
    )
    discard_spool(batch)
    return ImportBatch.Status.READY if updated else "gone"


@task()
def commit_import(batch_id: int, choices: dict) -> str:
    """Write a confirmed batch (status SAVING); the status it ends in."""
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.status != ImportBatch.Status.SAVING:
        return "gone"
    try:
        commit(batch, Choices(**choices))
    except ImportFileError as error:
        _fail(batch_id, str(error))
        return ImportBatch.Status.FAILED
    except Exception:
        logger.exception("Committing import batch %s failed", batch_id)
        _fail(batch_id, FAILED)
        return ImportBatch.Status.FAILED
    return ImportBatch.Status.DONE
