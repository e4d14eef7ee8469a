"""Shared helpers for the import tests: the real samples, uploads and the confirm step."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from journal.models import ImportBatch

SAMPLES = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "imports-dev"


def sample(relative: str) -> bytes:
    """A real file from ../shared/data/imports-dev/, or the test skips saying why."""
    path = SAMPLES / relative
    if not path.exists():
        pytest.skip(f"the real import samples are not here ({SAMPLES.resolve()} has no {relative})")
    return path.read_bytes()


def upload(client, content: bytes, name: str, *more: tuple[bytes, str]):
    files = [SimpleUploadedFile(name, content)] + [SimpleUploadedFile(n, c) for c, n in more]
    return client.post("/settings/data/import/files/", {"import_files": files})


def batch_of(response) -> ImportBatch:
    assert response.status_code == 302, response.content.decode()[:2000]
    pk = int(re.search(r"/import/(\d+)/", response["Location"])[1])
    return ImportBatch.objects.get(pk=pk)


def confirm(client, batch: ImportBatch, **data):
    response = client.post(f"/settings/data/import/{batch.pk}/confirm/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    batch.refresh_from_db()
    return response


def import_file(client, content: bytes, name: str, **choices) -> ImportBatch:
    """Upload and confirm: the finished batch."""
    batch = batch_of(upload(client, content, name))
    confirm(client, batch, **choices)
    assert batch.status == ImportBatch.Status.DONE, batch.message
    return batch


def error_of(response) -> str:
    """The message beside the file field of a refused upload."""
    assert response.status_code == 400, response.content.decode()[:500]
    errors = response.context["upload_form"].errors["import_files"]
    html = response.content.decode()
    assert re.search(r'id="id_import_files".*?invalid-feedback', html, re.S)
    assert 'data-testid="import-refused"' in html  # also said at the top, for a phone
    return " ".join(errors)
