"""Reading large list XML as a stream of records, without DTDs or entities, in bounded memory."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path
from xml.parsers.expat import errors

import defusedxml
import defusedxml.ElementTree as SafeElementTree

from sanctscreen.errors import ListError

Element = ElementTree.Element

# The errors expat reports only when the input stops before the document does: inside an
# element, inside a tag or a CDATA section, or in the middle of a UTF-8 character. A download
# cut short ends at any byte, so each of them is a truncated file.
_TRUNCATED = frozenset(errors.codes[name] for name in (
    errors.XML_ERROR_NO_ELEMENTS, errors.XML_ERROR_UNCLOSED_TOKEN, errors.XML_ERROR_PARTIAL_CHAR,
    errors.XML_ERROR_UNCLOSED_CDATA_SECTION))


def local(tag: str) -> str:
    """'{https://…/ENHANCED_XML}entity' -> 'entity'."""
    return tag.rsplit("}", 1)[-1]


def namespace(tag: str) -> str:
    """'{https://…/ENHANCED_XML}entity' -> 'https://…/ENHANCED_XML' ('' when none)."""
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


class Tags:
    """Tag names qualified by one namespace: `tags.entity` is '{https://…}entity'.

    Lookups by a qualified name (`element.find(tags.names)`) run in ElementTree's C code; a
    120 MB list makes millions of them.
    """

    def __init__(self, uri: str) -> None:
        self.uri = uri

    def __getattr__(self, name: str) -> str:
        qualified = f"{{{self.uri}}}{name}" if self.uri else name
        setattr(self, name, qualified)
        return qualified


def text(element: Element | None, tag: str | None = None) -> str | None:
    """The stripped text of `element` (or of its child `tag`), None when blank or absent."""
    if element is None:
        return None
    raw = element.text if tag is None else element.findtext(tag)
    if not raw:
        return None
    value = " ".join(raw.split())
    return value or None


def items(element: Element | None, container: str, item: str) -> list[Element]:
    """The `item` children of `element`'s child `container` (qualified tags)."""
    if element is None:
        return []
    holder = element.find(container)
    return holder.findall(item) if holder is not None else []


def records(path: Path, wanted: frozenset[str]) -> Iterator[Element]:
    """The document's root element (when it opens), then each element named in `wanted` (by
    local name, in the root's namespace; they must not nest) as it closes.

    Each record is cleared once the caller has taken the next one, so a 120 MB file is read in
    the memory of one record (and an empty shell per record read). Files that declare a DTD or
    entities are refused: list files never need one, and DTDs carry entity-expansion bombs and
    external entities that would read local files or reach the network.
    """
    try:
        events = SafeElementTree.iterparse(str(path), events=("start", "end"), forbid_dtd=True,
                                           forbid_entities=True, forbid_external=True)
        qualified: frozenset[str] | None = None
        for event, element in events:
            if event == "end":
                if qualified is not None and element.tag in qualified:
                    yield element
                    element.clear()
            elif qualified is None:
                tags = Tags(namespace(element.tag))
                qualified = frozenset(getattr(tags, name) for name in wanted)
                yield element
    except defusedxml.DefusedXmlException:
        raise ListError("the XML declares a DTD or entities, which list files never need; "
                        "refused", path=path) from None
    except ElementTree.ParseError as exc:
        line, column = exc.position
        if exc.code in _TRUNCATED:
            raise ListError(f"the XML ends before the document does, at line {line} (a "
                            "truncated download?)", path=path) from None
        raise ListError(f"not well-formed XML at line {line}, column {column + 1} "
                        f"({str(exc).split(':')[0]})", path=path) from None
    except FileNotFoundError:
        raise ListError("file not found", path=path) from None
    except OSError as exc:
        raise ListError(f"cannot read the file ({exc.strerror})", path=path) from None
    except RecursionError:
        raise ListError("the document is nested too deeply to be a list file",
                        path=path) from None
