"""The names of the copies reportlint writes, beside the input or under --output-dir: one place,
so that the command line, the web page and the diff all call a copy the same."""

from __future__ import annotations

import os

ANNOTATED = ".reportlint.docx"  # 报告.docx → 报告.reportlint.docx: a Word comment per finding
FORMATTED = ".formatted.docx"  # 报告.docx → 报告.formatted.docx: laid out as the profile says
FIXED = ".fixed"  # 报告.txt → 报告.fixed.txt: the input's own extension follows


def fixed_suffix(path: str) -> str:
    """The suffix of the corrected copy of ``path``: ".fixed.txt", ".fixed.docx"."""
    return FIXED + os.path.splitext(path)[1]


def fixed_name(path: str) -> str:
    """报告.txt → 报告.fixed.txt"""
    return os.path.splitext(path)[0] + fixed_suffix(path)


ANNOTATED_ARCHIVE = ".reportlint.zip"  # 材料.zip → 材料.reportlint.zip: the annotated copies of its members
FIXED_ARCHIVE = ".fixed.zip"  # 材料.zip → 材料.fixed.zip: the corrected copies of its members
FORMATTED_ARCHIVE = ".formatted.zip"  # 材料.zip → 材料.formatted.zip: its Word members laid out


def annotated_name(path: str) -> str:
    """报告.docx → 报告.reportlint.docx"""
    return os.path.splitext(path)[0] + ANNOTATED
