"""A small FIT file writer for the import tests, written from Garmin's FIT SDK documentation
("FIT Protocol": the 14-byte file header, definition and data messages, little-endian
architecture, the CRC-16 of §3.3.2; "FIT Profile": message and field numbers, scales, and
times in seconds since 1989-12-31 00:00 UTC). It writes only the fields the tests need."""

import struct
from datetime import UTC, datetime

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
_CRC_TABLE = (
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
    0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
)  # fmt: skip
# Base types (FIT Protocol, Table 7): (number, struct code)
ENUM, UINT8, UINT16, UINT32, UINT32Z, STRING = 0x00, 0x02, 0x84, 0x86, 0x8C, 0x07
CODES = {ENUM: "B", UINT8: "B", UINT16: "H", UINT32: "I", UINT32Z: "I"}
SPORTS = {"running": 1, "cycling": 2, "training": 10, "walking": 11, "soccer": 7, "driving": 24}
SUB_SPORTS = {"generic": 0, "strength_training": 20, "yoga": 43}


def crc16(data: bytes, crc: int = 0) -> int:
    for byte in data:
        for nibble in (byte & 0x0F, byte >> 4):
            tmp = _CRC_TABLE[crc & 0x0F]
            crc = (crc >> 4) & 0x0FFF
            crc = crc ^ tmp ^ _CRC_TABLE[nibble]
    return crc


def fit_time(moment: datetime) -> int:
    return int((moment - FIT_EPOCH).total_seconds())


class FitWriter:
    def __init__(self):
        self.body = bytearray()
        self.locals: dict[int, tuple] = {}

    def message(self, local: int, global_number: int, fields: list[tuple[int, int, object]]):
        """Write a definition (when this local type's layout changes) and one data message.
        `fields` is [(field number, base type, value)]; a string value is its bytes."""
        layout = tuple(
            (number, base, len(v) if base == STRING else None) for number, base, v in fields
        )
        if self.locals.get(local) != (global_number, layout):
            self.locals[local] = (global_number, layout)
            definition = bytearray([0x40 | local, 0, 0])
            definition += struct.pack("<HB", global_number, len(fields))
            for number, base, value in fields:
                size = len(value) if base == STRING else struct.calcsize(CODES[base])
                definition += bytes([number, size, base])
            self.body += definition
        data = bytearray([local])
        for _, base, value in fields:
            data += value if base == STRING else struct.pack("<" + CODES[base], value)
        self.body += data

    def content(self) -> bytes:
        header = bytearray(struct.pack("<BBHI4s", 14, 0x20, 2132, len(self.body), b".FIT"))
        header += struct.pack("<H", crc16(bytes(header)))
        content = bytes(header) + bytes(self.body)
        return content + struct.pack("<H", crc16(content))


def activity(
    start: datetime,
    minutes: float,
    sport: str = "running",
    sub_sport: str = "generic",
    avg_hr: int | None = 150,
    max_hr_zone: int | None = 190,
    distance_km: float = 10.0,
    serial: int = 123456,
    records: int = 0,
    with_session: bool = True,
) -> bytes:
    """An activity file: file_id, heart-rate zones, `records` per-second records, a session."""
    writer = FitWriter()
    created = fit_time(start)
    writer.message(
        0,
        0,
        [(0, ENUM, 4), (1, UINT16, 1), (2, UINT16, 1), (3, UINT32Z, serial), (4, UINT32, created)],
    )
    if max_hr_zone:
        writer.message(1, 7, [(1, UINT8, max_hr_zone)])
    for second in range(records):
        writer.message(
            2,
            20,
            [
                (253, UINT32, created + second),
                (3, UINT8, avg_hr or 0xFF),
                (5, UINT32, second * 300),
            ],
        )
    if with_session:
        session = [
            (253, UINT32, created + int(minutes * 60)),
            (2, UINT32, created),
            (7, UINT32, int(minutes * 60_000)),
            (8, UINT32, int(minutes * 60_000)),
            (9, UINT32, int(distance_km * 100_000)),
            (5, ENUM, SPORTS[sport]),
            (6, ENUM, SUB_SPORTS[sub_sport]),
        ]
        if avg_hr:
            session += [(16, UINT8, avg_hr), (17, UINT8, avg_hr + 20)]
        writer.message(3, 18, session)
    return writer.content()


def weight_scale(weighings: list[tuple[datetime, float]], serial: int = 99) -> bytes:
    writer = FitWriter()
    writer.message(
        0,
        0,
        [
            (0, ENUM, 9),
            (1, UINT16, 1),
            (2, UINT16, 1),
            (3, UINT32Z, serial),
            (4, UINT32, fit_time(weighings[0][0])),
        ],
    )
    for moment, kg in weighings:
        writer.message(1, 30, [(253, UINT32, fit_time(moment)), (0, UINT16, round(kg * 100))])
    return writer.content()
