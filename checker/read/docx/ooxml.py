"""The OOXML namespaces, and the one XML parser every part of a package is read with: entities
never expanded or fetched, no DTD loaded, no network touched. The write stage uses the same."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from checker.read.types import ReadError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


M = "http://schemas.openxmlformats.org/officeDocument/2006/math"


W_TAG = "{" + W + "}"


R_TAG = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


M_TAG = "{" + M + "}"


NS = {"w": W, "m": M, "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}


_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


WORD_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)


def safe_xml_parser() -> Any:
    # Entities are never expanded or fetched, no DTD is loaded, no network is touched.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)



def refuse_declarations(data: bytes, partname: str) -> bytes:
    """``data`` when it declares no DTD and no entity; else E012. OPC forbids DTDs in package
    parts (ECMA-376 Part 2, 8.1.4) and Word never writes one: that is where entity bombs and
    external entities live."""
    if _DOCTYPE.search(data[:4096]) or b"<!ENTITY" in data[:65536]:
        raise ReadError("E012", f"{partname}: DOCTYPE or ENTITY declaration")
    return data
