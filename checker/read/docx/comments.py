"""Word comments: their texts, and the paragraphs each is anchored to (the writer's
`reportlint: ignore[…]` remarks are comments)."""

from __future__ import annotations

from typing import Any

from checker.read.docx.ooxml import W_TAG


def comment_texts(comments_root: Any | None) -> dict[str, str]:
    if comments_root is None:
        return {}
    texts = {}
    for comment in comments_root.iter(W_TAG + "comment"):
        comment_id = comment.get(W_TAG + "id")
        if comment_id is not None:
            texts[comment_id] = "\n".join(
                "".join(t.text or "" for t in p.iter(W_TAG + "t")) for p in comment.iter(W_TAG + "p")
            )
    return texts


def comment_anchors(body: Any) -> dict[Any, set[str]]:
    """Each paragraph → the comments anchored to it: those whose range is open across it,
    starts or ends in it, or whose reference mark stands in it."""
    anchors: dict[Any, set[str]] = {}
    open_ids: set[str] = set()
    current: Any = None
    for element in body.iter(
        W_TAG + "p", W_TAG + "commentRangeStart", W_TAG + "commentRangeEnd", W_TAG + "commentReference"
    ):
        tag = element.tag
        if tag == W_TAG + "p":
            current = element
            anchors[element] = set(open_ids)
            continue
        comment_id = element.get(W_TAG + "id")
        if comment_id is None:
            continue
        paragraph = next(element.iterancestors(W_TAG + "p"), None)
        if tag == W_TAG + "commentRangeStart":
            open_ids.add(comment_id)
        elif tag == W_TAG + "commentRangeEnd":
            open_ids.discard(comment_id)
        if paragraph is not None:
            anchors.setdefault(paragraph, set()).add(comment_id)
        elif tag == W_TAG + "commentRangeEnd" and current is not None:
            anchors.setdefault(current, set()).add(comment_id)
    return anchors

