"""Day states for the API: readiness with its parts, the metrics, and the findings with
their evidence, read through `recovery.pages` like every page, so the numbers are the same."""

from dataclasses import asdict
from datetime import timedelta
from typing import Annotated

from ninja import Query, Router

from api.entries import Listing, page
from api.errors import ApiError
from api.spec import ERRORS
from api.state_schemas import DayStatePage
from journal import access
from journal.access import AthleteAccess
from journal.validators import EARLIEST_DATE
from recovery import pages
from recovery.engine import Evaluation

router = Router(tags=["day states"])
DEFAULT_DAYS = 7


def state_out(state: Evaluation) -> dict:
    readiness = state.readiness
    return {
        "date": state.day,
        "readiness": {
            "score": readiness.score,
            "band": readiness.band,
            "calibrating": readiness.calibrating,
            "calibrating_days_left": readiness.calibrating_days_left,
            "weakest": readiness.weakest,
            "used": list(readiness.used),
            "parts": [asdict(part) | {"counted": part.counted} for part in readiness.parts],
        },
        "metrics": asdict(state.metrics),
        "findings": [
            {
                "code": finding.code,
                "title": finding.title,
                "severity": finding.severity,
                "message": finding.message,
                "guidance_slug": finding.guidance_slug,
                "evidence": [_evidence(item) for item in finding.evidence],
            }
            for finding in state.findings
        ],
        "pending": [asdict(pending) for pending in state.pending],
        "tags": list(state.record.tags) if state.record else [],
    }


def states_page(acc: AthleteAccess, listing: Listing) -> dict:
    """One state per day of the range, oldest first; by default the last 7 days. Days after
    the athlete's today have none yet."""
    listing.range_errors()
    today = acc.athlete.today()
    wanted_last = listing.to or today
    if (listing.from_ or wanted_last) < EARLIEST_DATE:
        raise ApiError({"from": [f"Enter a date from {EARLIEST_DATE.year} on."]})
    first = listing.from_ or max(EARLIEST_DATE, wanted_last - timedelta(days=DEFAULT_DAYS - 1))
    last = min(wanted_last, today)
    count = max(0, (last - first).days + 1)
    states = []
    if listing.offset < count:
        start = first + timedelta(days=listing.offset)
        end = min(last, start + timedelta(days=listing.limit - 1))
        states = [state_out(state) for state in pages.day_states(acc, start, end)]
    return page(states, count, listing)


@router.get(
    "/states/",
    response={200: DayStatePage, **ERRORS},
    summary="Your day states",
)
def list_states(request, listing: Annotated[Listing, Query()]):
    """Readiness, its parts, the metrics and the findings of each day from `from` to `to`
    (by default the last 7 days), the same numbers as Today, Week and Trends. Every finding
    of the day is listed, also those hidden on Today with "Not now"."""
    return states_page(access.own_access(request.user), listing)


def _evidence(item) -> dict:
    """An evidence row in English, as the API documents it (its label's phrase is for
    the pages' translation only)."""
    return {
        "label": item.label,
        "value": item.value,
        "unit": item.unit,
        "threshold": item.threshold,
        "baseline": item.baseline,
    }
