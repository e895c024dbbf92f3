"""Stage 3: the report tree → the model (Report, Section, Item, tables), every node with its
place in the file. Which part of the template each section is, the aligner decides
(checker/align); here every section starts as "other". A parse failure never escapes: it
becomes ``parse_error``.
"""

from __future__ import annotations

import re
from typing import Any

from checker.model import BackMatter, Item, Report, Section, Span, TableCell, TableGrid
from checker.parse.lexer import Block
from checker.read.types import Document, Paragraph
from checker.text.chars import count_chars_like_word

_HEADING_END = "。！？；!?;："
_HEADING_CUT = re.compile(f"[{_HEADING_END}]")


class _Builder:
    def __init__(self, document: Document, blocks: list[Block]) -> None:
        self.paragraphs = document.paragraphs
        self.blocks = blocks

    # -- helpers ---------------------------------------------------------------------------
    def block(self, token: Any) -> Block:
        return self.blocks[int(token)]

    def text(self, block: Block) -> str:
        return self.paragraphs[block.para].text[block.start : block.end].strip()

    def span(self, block: Block, start: int, end: int) -> Span:
        """Span of [start, end) in the block's paragraph; an empty range marks one character."""
        p = self.paragraphs[block.para]
        end = max(end, start + 1)
        line, column = p.position(start)
        end_line, end_column = p.position(end - 1)
        return Span(line, column, end_line, end_column)

    @staticmethod
    def children(tree: Any, name: str) -> list[Any]:
        return [c for c in tree.children if getattr(c, "data", None) == name]

    @staticmethod
    def tokens(tree: Any, *types: str) -> list[Any]:
        return [c for c in tree.children if getattr(c, "type", None) in types]

    # -- nodes -----------------------------------------------------------------------------
    def item(self, tree: Any, depth: int) -> Item:
        head, *rest = tree.children
        block = self.block(head)
        marker = block.marker
        assert marker is not None
        paragraph = self.paragraphs[block.para]
        para_text = paragraph.text
        body_start = marker.end
        body = para_text[body_start : block.end]
        found = _HEADING_CUT.search(body)
        cut = found.start() if found else None
        heading_raw = body if cut is None else body[:cut]
        heading = heading_raw.strip()
        after = "" if cut is None else body[cut + 1 :].strip()
        # One pass over the children: this item's own paragraphs, then its sub-items.
        paras = [self.text(self.block(c.children[0])) for c in rest if getattr(c, "data", None) == "para"]
        own = "\n".join([self.text(block), *paras]).strip() if paras else self.text(block)
        lead = len(heading_raw) - len(heading_raw.lstrip())
        item = Item(
            marker=marker,
            index=0,
            depth=depth,
            heading=heading,
            own_text=own,
            line=paragraph.position(marker.start)[0],
            marker_span=self.span(block, marker.start, marker.start + len(marker.text)),
            heading_span=self.span(block, body_start + lead, body_start + lead + len(heading)),
            # A title line such as 「（一）理论学习方面」 whose content follows in other paragraphs.
            heading_alone=False,
            from_label=block.from_label,
            inline=block.inline,
        )
        child_name = f"d{depth + 1}"
        if any(getattr(c, "data", None) == child_name for c in rest):
            item.children = self.items(tree, child_name, depth + 1)
        item.finish()
        item.heading_alone = (
            not block.inline and not after and block.end == len(para_text) and bool(paras or item.children)
        )
        return item

    def items(self, tree: Any, name: str, depth: int) -> list[Item]:
        result = [self.item(child, depth) for child in self.children(tree, name)]
        for index, item in enumerate(result, start=1):
            item.index = index
        return result

    def section(self, tree: Any) -> Section:
        head = tree.children[0]
        block = self.block(head)
        marker = block.marker
        assert marker is not None
        para_text = self.paragraphs[block.para].text
        title = para_text[marker.end : block.end].strip().rstrip("。：:；;")
        numeral = re.sub(r"[^零〇○一二两三四五六七八九十百]", "", marker.text.replace("部分", "")) or None
        start = marker.start
        items = self.items(tree, "d2", 2)
        outro = _detach_outro(items)
        return Section(
            marker=marker,
            number=marker.number,
            numeral=numeral,
            title=title,
            line=self.paragraphs[block.para].position(start)[0],
            span=self.span(block, start, max(block.end, start + 1)),
            role="other",
            spec_id=None,
            intro="\n".join(self.text(self.block(p.children[0])) for p in self.children(tree, "para")),
            items=items,
            from_label=block.from_label,
            outro=outro,
        )

    def report(self, tree: Any, path: str) -> Report:
        front = self.children(tree, "front")[0]
        back = self.children(tree, "back")[0]
        titles = [self.block(t) for t in self.tokens(front, "TITLE")]
        title = "".join(self.text(b) for b in titles) or None
        preamble = [self.text(self.block(p.children[0])) for p in self.children(front, "para")]
        addressees = [self.block(t) for t in self.tokens(front, "ADDRESSEE")]
        preamble += [self.text(b) for b in addressees]
        report = Report(
            path=path,
            paragraphs=self.paragraphs,
            title=title,
            title_line=self.paragraphs[titles[0].para].line if titles else None,
            preamble="\n".join(preamble),
            sections=[self.section(s) for s in self.children(tree, "section")],
            front_items=self.items(front, "d2", 2),
            back=[
                BackMatter(t.type, self.paragraphs[self.block(t).para].line, self.text(self.block(t)))
                for t in back.children
            ],
            title_lines=tuple(self.paragraphs[b.para].line for b in titles),
            addressee_lines=tuple(self.paragraphs[b.para].line for b in addressees),
        )
        return report


# How a section's closing paragraph opens: what it says is about the whole section, not its
# last item (下一步，我将……; 总之……).
_WRAP_UP = ("下一步", "下步", "今后", "总之", "综上", "总的来说", "总的来看", "我将", "本人将", "下一阶段")


def _detach_outro(items: list[Item]) -> str:
    """A paragraph after the last item that opens like a section's conclusion, in a list whose
    other items are one paragraph each: it closes the section, it is not the last item's text."""
    if len(items) < 2 or items[-1].children or any("\n" in item.own_text or item.children for item in items[:-1]):
        return ""
    last = items[-1]
    first, _, rest = last.own_text.partition("\n")
    if not rest or not rest.lstrip().startswith(_WRAP_UP):
        return ""
    last.own_text = first
    last.finish()
    return rest


def build_report(document: Document, blocks: list[Block]) -> Report:
    """The model of ``document`` from its lexed ``blocks`` (checker/parse/lexer.py)."""
    report = _build(document, blocks)
    report.chars = sum(count_chars_like_word(p.text) for p in document.paragraphs)
    report.tables = build_tables(document.paragraphs)
    report.formatting = document.formatting
    return report


def build_tables(paragraphs: tuple[Paragraph, ...]) -> list[TableGrid]:
    """Tables from the cell coordinates the reader gave each paragraph."""
    cells: dict[int, dict[int, dict[int, list[Paragraph]]]] = {}
    continued: set[tuple[int, int, int]] = set()
    for p in paragraphs:
        if p.cell is None:
            continue
        c = p.cell
        cells.setdefault(c.table, {}).setdefault(c.row, {}).setdefault(c.column, []).append(p)
        if c.continued:
            continued.add((c.table, c.row, c.column))
    tables = []
    for number in sorted(cells):
        rows_in = cells[number]
        width = max((max(cols) + 1 for cols in rows_in.values() if cols), default=0)
        rows: list[list[TableCell]] = []
        for r in sorted(rows_in):
            row: list[TableCell] = []
            for column in range(width):
                paras = rows_in[r].get(column)
                if paras is None:
                    row.append(TableCell("", rows[-1][column].span if rows else Span(1, 1, 1, 1)))
                    continue
                text = "\n".join(p.text.strip() for p in paras if p.text.strip())
                first = paras[0]
                line, col = first.position(0)
                span = Span(line, col, line, col + max(len(first.text), 1) - 1)
                if (number, r, column) in continued and rows and not text:
                    text = rows[-1][column].text
                row.append(TableCell(text, span))
            rows.append(row)
        tables.append(TableGrid(number, rows))
    return tables


def _build(document: Document, blocks: list[Block]) -> Report:
    from checker.parse.grammar import parse_blocks

    builder = _Builder(document, blocks)
    try:
        tree = parse_blocks(blocks, document.paragraphs)
        return builder.report(tree, document.path)
    except Exception as exc:  # never a traceback for a real document: report it instead
        return Report(
            path=document.path,
            paragraphs=document.paragraphs,
            title=None,
            title_line=None,
            preamble="\n".join(p.text for p in document.paragraphs),
            sections=[],
            front_items=[],
            back=[],
            parse_error=f"{type(exc).__name__}: {exc}",
        )
