"""XML from outside, read with defusedxml: a file that declares entities (which can make a
few kilobytes unpack to gigabytes, or reach for files on the server) is refused with a
message, never expanded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree
from defusedxml import DefusedXmlException

from journal.imports.records import ImportFileError

ENTITIES = (
    "This file declares XML entities, which Rebound does not read: they can make a small "
    "file unpack to gigabytes. Export the file again from the app or device."
)


def not_xml(error: ParseError) -> ImportFileError:
    line = getattr(error, "position", (None, None))[0]
    where = f" at line {line}" if line else ""
    return ImportFileError(
        f"This file is not well-formed XML{where}: it is damaged or cut short. Export it "
        "again from the app or device."
    )


def check(content: bytes) -> None:
    """Raise ImportFileError unless `content` is well-formed XML without entities."""
    try:
        defusedxml.ElementTree.fromstring(content)
    except DefusedXmlException:
        raise ImportFileError(ENTITIES) from None
    except ParseError as error:
        raise not_xml(error) from None


def iterparse(file: IO[bytes], tags: set[str]) -> Iterator[Element]:
    """Each element whose local name (without namespace) is in `tags`, once complete. The
    caller clears what it no longer needs, so a file of 1 GB streams in little memory."""
    try:
        for _, element in defusedxml.ElementTree.iterparse(file, events=("end",)):
            if local_name(element.tag) in tags:
                yield element
    except DefusedXmlException:
        raise ImportFileError(ENTITIES) from None
    except ParseError as error:
        raise not_xml(error) from None


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
