"""Helpers for the tests of annotated and corrected copies: the parts of a package, a body
normalised so that comment anchors and run splits do not count, comment and revision counts."""

from __future__ import annotations

import copy
import io
import zipfile
from typing import Any

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + W + "}"
# Parts that adding comments may change besides the body.
COMMENT_PARTS = ("word/comments.xml", "word/_rels/document.xml.rels", "[Content_Types].xml")


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def main_part(data: bytes) -> str:
    names = parts(data)
    return "word/document2.xml" if "word/document2.xml" in names else "word/document.xml"


def comment_ids(data: bytes) -> set[str]:
    xml = parts(data).get("word/comments.xml")
    if xml is None:
        return set()
    return {c.get(_W + "id") for c in etree.fromstring(xml).iter(_W + "comment")}


def comments(data: bytes) -> list[tuple[str, str, str]]:
    """(id, author, text) of every comment."""
    xml = parts(data).get("word/comments.xml")
    if xml is None:
        return []
    out = []
    for c in etree.fromstring(xml).iter(_W + "comment"):
        text = "\n".join("".join(t.text or "" for t in p.iter(_W + "t")) for p in c.iter(_W + "p"))
        out.append((c.get(_W + "id"), c.get(_W + "author"), text))
    return out


def revisions(data: bytes) -> dict[str, int]:
    body = etree.fromstring(parts(data)[main_part(data)])
    return {tag: sum(1 for _ in body.iter(_W + tag)) for tag in ("ins", "del", "moveFrom", "moveTo")}


def normalised_body(xml: bytes, drop_ids: set[str]) -> bytes:
    """The body without the comment markers of ``drop_ids`` and with adjacent runs of equal
    formatting merged (so that a run split in two compares equal to the run)."""
    root = etree.fromstring(xml)
    for element in list(root.iter(_W + "commentRangeStart", _W + "commentRangeEnd")):
        if element.get(_W + "id") in drop_ids:
            element.getparent().remove(element)
    for reference in list(root.iter(_W + "commentReference")):
        if reference.get(_W + "id") in drop_ids:
            run = reference.getparent()
            run.getparent().remove(run)
    for parent in list(root.iter()):
        _merge_runs(parent)
    return etree.tostring(root, method="c14n")


def _key(run: Any) -> bytes:
    rpr = run.find(_W + "rPr")
    return repr(sorted(run.attrib.items())).encode() + (etree.tostring(rpr, method="c14n") if rpr is not None else b"")


def _merge_runs(parent: Any) -> None:
    previous = None
    for child in list(parent):
        if child.tag == _W + "r" and previous is not None and previous.tag == _W + "r" and _key(child) == _key(previous):
            for grandchild in [c for c in child if c.tag != _W + "rPr"]:
                previous.append(grandchild)
            parent.remove(child)
            continue
        previous = child
    if parent.tag == _W + "r":
        last = None
        for child in list(parent):
            if child.tag == _W + "t" and last is not None and last.tag == _W + "t":
                last.text = (last.text or "") + (child.text or "")
                parent.remove(child)
                continue
            if child.tag == _W + "t":
                child.attrib.pop("{http://www.w3.org/XML/1998/namespace}space", None)
            last = child


def run_formats(data: bytes) -> list[tuple[str, bytes]]:
    """Each character of the body's w:t text with the formatting of its run."""
    body = etree.fromstring(parts(data)[main_part(data)])
    out = []
    for t in body.iter(_W + "t"):
        rpr = t.getparent().find(_W + "rPr")
        key = etree.tostring(copy.deepcopy(rpr), method="c14n") if rpr is not None else b""
        out.extend((ch, key) for ch in t.text or "")
    return out
