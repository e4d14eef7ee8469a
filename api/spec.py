"""What every operation shares in the OpenAPI schema: its error answers and path ids."""

from typing import Annotated
from uuid import UUID

from ninja import Path

from api.errors import ErrorOut

MAX_ID = 2**63 - 1

# Every operation may answer these, in the one error shape (api/errors.py).
ERRORS = dict.fromkeys((400, 401, 403, 404, 422, 429), ErrorOut)

EntryId = Annotated[int, Path(ge=1, le=MAX_ID, description="The entry's id.")]
AthleteId = Annotated[UUID, Path(description="The athlete's public id (GET /coach/athletes/).")]
