"""`reportlint similar` for a person: the most similar pairs of reports in a table, then each
pair's shared passages side by side (line and opening words on both sides)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from checker.messages import render as message
from checker.result import FileResult

QUOTE = 36  # characters of a passage quoted


def render_pairs(pairs: Sequence[Any], failed: Sequence[FileResult], lang: str, top: int, files: int,
                 colour: bool = False) -> str:  # fmt: skip
    """``pairs`` (checker.run.similar.SimilarPair), most alike first; the first ``top`` are shown."""
    from rich.console import Console
    from rich.table import Table

    zh = lang == "zh"
    out = io.StringIO()
    console = Console(file=out, force_terminal=colour, width=160, highlight=False, soft_wrap=True)
    for result in failed:
        assert result.error is not None
        code, detail = result.error
        console.print(f"{result.path}: {code} {message(code, lang, {'detail': detail})}", markup=False)
    if not pairs:
        console.print(f"共比较 {files} 份报告，没有发现雷同段落。" if zh
                      else f"{files} reports compared: no shared passages.", markup=False)  # fmt: skip
        return out.getvalue().rstrip("\n")
    table = Table(title="雷同报告" if zh else "Reports sharing passages", title_justify="left")
    for header in (("相同内容", "shared"), ("报告 A", "report A"), ("报告 B", "report B"), ("雷同段落", "passages")):
        table.add_column(header[0] if zh else header[1], overflow="fold")
    for pair in pairs[:top]:
        b = f"{pair.b}（已知文本）" if zh and pair.reference else f"{pair.b} (known text)" if pair.reference else pair.b
        table.add_row(f"{pair.share * 100:.0f}%", pair.a, b, str(len(pair.passages)))
    console.print(table)
    for pair in pairs[:top]:
        console.print(f"\n{pair.a} ↔ {pair.b}  {pair.share * 100:.0f}%", markup=False, style="bold")
        for passage in pair.passages:
            console.print(
                f"  {passage['line_a']:>4} ↔ {passage['line_b']:<4} {passage['similarity'] * 100:3.0f}%  "
                f"{_quote(passage['text_a'])}  |  {_quote(passage['text_b'])}",
                markup=False,
            )
    shown = min(top, len(pairs))
    console.print(f"\n共比较 {files} 份报告：{len(pairs)} 对有雷同段落（列出 {shown} 对）。" if zh
                  else f"\n{files} reports compared: {len(pairs)} pairs share passages ({shown} listed).", markup=False)  # fmt: skip
    return out.getvalue().rstrip("\n")


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE else text[: QUOTE - 1] + "…"
