"""FIT files (Garmin, Wahoo, Coros, Zwift, Strava…): activities become workouts, weight-scale
files weigh-ins. Decoded with fitdecode.

A workout needs only a file's few summary messages (file_id, session, sport, the heart-rate
zones), while an hour's activity holds some 3,600 per-second `record` messages that take
fitdecode most of its time. So the file is first skimmed (FIT's record layout, SDK "FIT
Protocol" §3-4: header, then definition and data messages): every definition and every
wanted data message is copied, byte for byte, into a small FIT stream that fitdecode then
decodes. A file without a session message is decoded whole instead, and its workout is
summed from its records. Times in FIT are UTC.
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime
from typing import IO

import fitdecode

from journal.imports.records import (
    ImportFileError,
    ParseContext,
    ParseResult,
    WeighInRecord,
    WorkoutRecord,
)

KEY = "fit"
LABEL = "FIT (Garmin, Wahoo, Coros, Zwift, Strava device files)"
MAX_BYTES = 50 * 1024 * 1024

# Global message numbers (FIT profile, Messages): the summary a workout or a weigh-in needs.
FILE_ID, USER_PROFILE, ZONES_TARGET, SPORT, SESSION, WEIGHT_SCALE, ACTIVITY = (
    0,
    3,
    7,
    12,
    18,
    30,
    34,
)
FIELD_DESCRIPTION, DEVELOPER_DATA_ID = 206, 207
WANTED = {
    FILE_ID,
    USER_PROFILE,
    ZONES_TARGET,
    SPORT,
    SESSION,
    WEIGHT_SCALE,
    ACTIVITY,
    FIELD_DESCRIPTION,
    DEVELOPER_DATA_ID,
}

# FIT sport (and, where it decides, sub-sport) to Rebound's kind of workout.
SPORT_KINDS = {
    "running": "cardio",
    "cycling": "cardio",
    "e_biking": "cardio",
    "fitness_equipment": "cardio",
    "swimming": "cardio",
    "rowing": "cardio",
    "paddling": "cardio",
    "kayaking": "cardio",
    "stand_up_paddleboarding": "cardio",
    "cross_country_skiing": "cardio",
    "inline_skating": "cardio",
    "ice_skating": "cardio",
    "snowshoeing": "cardio",
    "hiking": "cardio",
    "mountaineering": "cardio",
    "floor_climbing": "cardio",
    "multisport": "cardio",
    "walking": "active_recovery",
    "training": "cardio",
    "basketball": "sport",
    "soccer": "sport",
    "tennis": "sport",
    "american_football": "sport",
    "golf": "sport",
    "alpine_skiing": "sport",
    "snowboarding": "sport",
    "rock_climbing": "sport",
    "boxing": "sport",
    "surfing": "sport",
    "sailing": "sport",
    "wakeboarding": "sport",
    "water_skiing": "sport",
    "windsurfing": "sport",
    "kitesurfing": "sport",
    "rafting": "sport",
    "horseback_riding": "sport",
    "diving": "sport",
}
SUB_SPORT_KINDS = {
    "strength_training": "strength",
    "flexibility_training": "mobility",
    "yoga": "mobility",
    "pilates": "mobility",
    "warm_up": "active_recovery",
    "casual_walking": "active_recovery",
    "speed_walking": "cardio",
    "cardio_training": "cardio",
}
# Sports that are a way of getting somewhere, not training: such sessions are reported.
NOT_TRAINING = {
    "driving",
    "motorcycling",
    "flying",
    "boating",
    "snowmobiling",
    "sky_diving",
    "hang_gliding",
    "jumpmaster",
    "hunting",
    "fishing",
    "transition",
}
FILE_TYPES_READ = {"activity", "weight"}
MIN_SECONDS = 30  # a session shorter than this is a start pressed by mistake


def detect(filename: str, head: bytes) -> bool:
    return len(head) >= 12 and head[8:12] == b".FIT"


def parse(file: IO[bytes], context: ParseContext) -> ParseResult:
    content = file.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise ImportFileError("This FIT file is larger than 50 MB: no device file is that big.")
    summary, has_records = skim(content)
    messages = _decode(summary)
    file_type = _first(messages, "file_id", "type")
    if file_type not in FILE_TYPES_READ:
        shown = str(file_type).replace("_", " ") if file_type is not None else "no"
        raise ImportFileError(
            f"This FIT file holds {shown} data, not an activity or a weigh-in: nothing to import."
        )
    result = ParseResult()
    if file_type == "weight":
        _weigh_ins(messages, result)
        return result
    sessions = [m for m in messages if m.name == "session"]
    if not sessions and has_records:
        sessions = _session_from_records(content)
    if not sessions:
        raise ImportFileError("This FIT activity holds no session: there is no workout in it.")
    max_hr, max_hr_basis = _max_heart_rate(messages)
    sport_names = [_value(m, "name") for m in messages if m.name == "sport"]
    serial = _first(messages, "file_id", "serial_number")
    created = _first(messages, "file_id", "time_created")
    for number, session in enumerate(sessions, start=1):
        where = f"session {number}" if len(sessions) > 1 else "session"
        name = sport_names[number - 1] if number - 1 < len(sport_names) else None
        record = _workout(session, where, name, (max_hr, max_hr_basis), result)
        if record is None:
            continue
        if serial is not None and isinstance(created, datetime):
            record.source_id = f"fit:{serial}:{created.astimezone(UTC).isoformat()}:{number}"
        else:
            record.source_id = f"fit:{record.started_at.isoformat()}:{number}"
        result.records.append(record)
    return result


# --- Skimming ---------------------------------------------------------------------------------


def skim(content: bytes) -> tuple[bytes, bool]:
    """A FIT stream holding only the summary messages of `content`, and whether `content`
    has per-second records. Raises ImportFileError for a damaged or cut-short file."""
    out = bytearray()
    has_records = False
    offset = 0
    while offset < len(content):
        if len(content) - offset < 12:
            if offset:
                break  # padding after the last chained file
            raise ImportFileError("This FIT file is cut short: it ends inside its header.")
        header_size = content[offset]
        if header_size not in (12, 14) or content[offset + 8 : offset + 12] != b".FIT":
            if offset:
                break  # trailing bytes after a complete file
            raise ImportFileError(
                "This FIT file's header is damaged (it should start with a 12- or 14-byte "
                "header holding “.FIT”). Copy the file from the device again."
            )
        (data_size,) = struct.unpack_from("<I", content, offset + 4)
        start = offset + header_size
        end = start + data_size
        if end + 2 > len(content):
            have = max(0, len(content) - start)
            raise ImportFileError(
                f"This FIT file is cut short: its header announces {data_size:,} bytes of "
                f"data but only {have:,} are there. Copy the file from the device again."
            )
        body, records = _skim_body(content, start, end)
        has_records = has_records or records
        header = bytearray(content[offset : offset + 12])
        struct.pack_into("<I", header, 4, len(body))
        header[0] = 12
        out += header + body + b"\x00\x00"
        offset = end + 2
    return bytes(out), has_records


def _skim_body(content: bytes, start: int, end: int) -> tuple[bytearray, bool]:
    kept = bytearray()
    definitions: dict[int, tuple[int, int]] = {}  # local number: (global number, data size)
    has_records = False
    at = start
    while at < end:
        header = content[at]
        if header & 0x80:  # compressed timestamp header: a data message of local type 0–3
            local = (header >> 5) & 0x03
            definition = False
        else:
            local = header & 0x0F
            definition = bool(header & 0x40)
        if definition:
            if at + 6 > end:
                raise _damaged(at)
            big_endian = content[at + 2] == 1
            (global_number,) = struct.unpack_from(">H" if big_endian else "<H", content, at + 3)
            fields = content[at + 5]
            size_at = at + 6
            length = 6 + 3 * fields
            data_size = sum(content[size_at + 3 * i + 1] for i in range(fields))
            if header & 0x20:  # developer fields follow
                if at + length >= end:
                    raise _damaged(at)
                dev_fields = content[at + length]
                data_size += sum(content[at + length + 1 + 3 * i + 1] for i in range(dev_fields))
                length += 1 + 3 * dev_fields
            if at + length > end:
                raise _damaged(at)
            definitions[local] = (global_number, data_size)
            kept += content[at : at + length]
            at += length
            continue
        if local not in definitions:
            raise _damaged(at)
        global_number, data_size = definitions[local]
        length = 1 + data_size
        if at + length > end:
            raise _damaged(at)
        if global_number in WANTED:
            kept += content[at : at + length]
        elif global_number == 20:
            has_records = True
        at += length
    return kept, has_records


def _damaged(at: int) -> ImportFileError:
    return ImportFileError(
        f"This FIT file is damaged at byte {at:,}: a message there can't be read. Copy the "
        "file from the device again."
    )


def _decode(content: bytes) -> list[fitdecode.FitDataMessage]:
    messages = []
    try:
        with fitdecode.FitReader(
            content,
            check_crc=fitdecode.CrcCheck.DISABLED,
            error_handling=fitdecode.ErrorHandling.IGNORE,
        ) as reader:
            for frame in reader:
                if frame.frame_type == fitdecode.FIT_FRAME_DATA:
                    messages.append(frame)
    except fitdecode.FitError as error:
        offset = getattr(error, "offset", None)
        where = f" at byte {offset:,}" if isinstance(offset, int) else ""
        raise ImportFileError(
            f"This FIT file can't be decoded{where}: it is damaged. Copy it from the device again."
        ) from None
    return messages


# --- Messages to records --------------------------------------------------------------------


def _value(message, name: str):
    try:
        return message.get_value(name, fallback=None)
    except (KeyError, ValueError, TypeError):
        return None


def _first(messages, message_name: str, field: str):
    for message in messages:
        if message.name == message_name:
            value = _value(message, field)
            if value is not None:
                return value
    return None


def _number(value) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _workout(session, where: str, sport_name, max_hr, result: ParseResult) -> WorkoutRecord | None:
    start = _value(session, "start_time")
    if not isinstance(start, datetime):
        result.problem(where, "The session has no start time.")
        return None
    seconds = _number(_value(session, "total_timer_time")) or _number(
        _value(session, "total_elapsed_time")
    )
    if seconds is None:
        result.problem(where, "The session has no duration.")
        return None
    sport = _value(session, "sport")
    sub_sport = _value(session, "sub_sport")
    sport_text = str(sport) if sport is not None else "generic"
    if sport_text in NOT_TRAINING:
        result.problem(
            where, f"A {sport_text.replace('_', ' ')} session is not training: left out."
        )
        return None
    if seconds < MIN_SECONDS:
        result.problem(where, f"It lasted {seconds:.0f} s, under a minute: left out.")
        return None
    minutes = max(1, round(seconds / 60))
    kind = SUB_SPORT_KINDS.get(str(sub_sport)) or SPORT_KINDS.get(sport_text, "cardio")
    title = str(sport_name).strip() if sport_name else _title(sport_text, sub_sport)
    avg_hr = _number(_value(session, "avg_heart_rate"))
    top_hr = _number(_value(session, "max_heart_rate"))
    distance_m = _number(_value(session, "total_distance"))
    record = WorkoutRecord(
        where=where,
        started_at=start.astimezone(UTC),
        duration_min=minutes,
        kind=kind,
        title=title[:100],
        avg_hr_bpm=round(avg_hr) if avg_hr else None,
        max_hr_bpm=round(top_hr) if top_hr else None,
        distance_km=round(distance_m / 1000, 3) if distance_m else None,
    )
    estimate_rpe(record, *max_hr)
    return record


def _title(sport: str, sub_sport) -> str:
    title = sport.replace("_", " ").capitalize() if sport not in ("generic", "all") else "Workout"
    sub = str(sub_sport) if sub_sport is not None else "generic"
    if sub not in ("generic", "all", "None") and not sub.isdigit():
        title += f" ({sub.replace('_', ' ')})"
    return title


def _max_heart_rate(messages) -> tuple[float | None, str]:
    """The athlete's maximum heart rate as the file knows it, and where it came from."""
    zone_max = _number(_first(messages, "zones_target", "max_heart_rate"))
    if zone_max and zone_max > 100:
        return zone_max, "the maximum in the file's heart-rate zones"
    age = _number(_first(messages, "user_profile", "age"))
    if age and 10 <= age <= 100:
        # Fox et al. (1971): HRmax ≈ 220 − age, a population estimate.
        return 220 - age, f"220 − age ({age:.0f}), as the device's profile gives it"
    return None, ""


# %HRmax to CR-10, from the ACSM intensity bands (ACSM's Guidelines, 10th ed., Table 6.1):
# very light < 57 %, light 57–63 %, moderate 64–76 %, vigorous 77–95 %, near-maximal ≥ 96 %.
HR_TO_RPE = ((0.50, 1.0), (0.57, 2.0), (0.64, 3.0), (0.76, 5.0), (0.95, 8.0), (1.00, 10.0))


def rpe_from_heart_rate(avg_hr: float, max_hr: float) -> float:
    """A session RPE (CR-10) estimated from the session's average as a share of HRmax."""
    share = avg_hr / max_hr
    if share <= HR_TO_RPE[0][0]:
        return HR_TO_RPE[0][1]
    for (low, low_rpe), (high, high_rpe) in zip(HR_TO_RPE, HR_TO_RPE[1:], strict=False):
        if share <= high:
            return round(low_rpe + (share - low) / (high - low) * (high_rpe - low_rpe), 1)
    return 10.0


def estimate_rpe(record: WorkoutRecord, max_hr: float | None, basis: str) -> None:
    """Give the workout an RPE estimated from heart rate, labelled so, when both are known."""
    if record.rpe is not None or not record.avg_hr_bpm or not max_hr:
        return
    record.rpe = rpe_from_heart_rate(record.avg_hr_bpm, max_hr)
    record.rpe_estimated = True
    record.rpe_basis = (
        f"estimated from heart rate: average {record.avg_hr_bpm} bpm is "
        f"{100 * record.avg_hr_bpm / max_hr:.0f} % of {max_hr:.0f} bpm ({basis})"
    )


def _session_from_records(content: bytes) -> list:
    """For an activity with no session message: one session summed from its records."""
    times, rates, distance = [], [], None
    for message in _decode(content):
        if message.name != "record":
            continue
        stamp = _value(message, "timestamp")
        if isinstance(stamp, datetime):
            times.append(stamp)
        rate = _number(_value(message, "heart_rate"))
        if rate:
            rates.append(rate)
        distance = _number(_value(message, "distance")) or distance
    if len(times) < 2:
        return []
    return [
        _Summary(
            start_time=min(times),
            total_elapsed_time=(max(times) - min(times)).total_seconds(),
            avg_heart_rate=sum(rates) / len(rates) if rates else None,
            max_heart_rate=max(rates) if rates else None,
            total_distance=distance,
        )
    ]


class _Summary:
    """A session message built from records: answers `get_value` like fitdecode's."""

    name = "session"

    def __init__(self, **values):
        self.values = values

    def get_value(self, name, fallback=None):
        return self.values.get(name, fallback)


def _weigh_ins(messages, result: ParseResult) -> None:
    people = {}
    for message in messages:
        if message.name == "user_profile":
            about = [str(_value(message, key)) for key in ("gender", "age") if _value(message, key)]
            people[_value(message, "message_index")] = ", ".join(about)
    for number, message in enumerate((m for m in messages if m.name == "weight_scale"), 1):
        where = f"weigh-in {number}"
        stamp = _value(message, "timestamp")
        weight = _number(_value(message, "weight"))
        if not isinstance(stamp, datetime) or weight is None:
            result.problem(where, "The weigh-in has no time or no weight.")
            continue
        person = _value(message, "user_profile_index")
        several = len(people) > 1 and isinstance(person, int)
        result.records.append(
            WeighInRecord(
                where=where,
                measured_at=stamp.astimezone(UTC),
                body_mass_kg=round(weight, 2),
                person=person if several else None,
                person_label=f"person {person + 1} ({people.get(person) or 'no profile'})"
                if several
                else "",
            )
        )
    if not result.records and not result.problems:
        raise ImportFileError("This FIT weight-scale file holds no weigh-in.")
