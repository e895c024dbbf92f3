"""Word automatic numbering: what label («二、», «（一）», «1.») Word shows before a paragraph.

python-docx gives no access to these labels (they are not in ``paragraph.text``), so this module
renders them from numbering.xml and styles.xml the way Word does:

* ``w:numPr`` on the paragraph, or inherited through its style's ``basedOn`` chain; ``numId`` 0
  switches numbering off; a style-linked list picks its level from ``w:lvl/w:pStyle``.
* ``w:num`` → ``w:abstractNum`` (through ``w:numStyleLink`` list styles), with ``w:lvlOverride``
  replacing a level or its start.
* Counters belong to the abstract definition (ECMA-376 §17.9): numIds that share one continue
  each other's count, unless a numId brings a ``startOverride``, which restarts the count the
  first time that numId is met. Using a level restarts every deeper level (``w:lvlRestart``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from checker.read.styles import StyleTable
from checker.text.numerals import format_number

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + W + "}"


def _val(el: Any, tag: str) -> str | None:
    child = el.find(_W + tag) if el is not None else None
    if child is None:
        return None
    v = child.get(_W + "val")
    return str(v) if v is not None else None


def _int(value: str | None, default: int | None = None) -> int | None:
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        return default


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a Word list definition (numbering.xml): start, format and text."""

    start: int = 1
    num_fmt: str = "decimal"
    lvl_text: str = ""
    suffix: str = "tab"
    is_legal: bool = False
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level is used; 0 = never
    p_style: str | None = None
    # The level's own paragraph and run properties (indent; the label's font), for the formatting
    # resolver.
    ppr: Any = field(default=None, compare=False, repr=False)
    rpr: Any = field(default=None, compare=False, repr=False)


def _parse_level(lvl: Any) -> Level:
    start = _int(_val(lvl, "start"), 1)
    restart_el = lvl.find(_W + "lvlRestart")
    return Level(
        start=start if start is not None else 1,
        num_fmt=_val(lvl, "numFmt") or "decimal",
        lvl_text=_val(lvl, "lvlText") or "",
        suffix=_val(lvl, "suff") or "tab",
        is_legal=lvl.find(_W + "isLgl") is not None and _val(lvl, "isLgl") not in ("0", "false", "off"),
        restart=_int(restart_el.get(_W + "val")) if restart_el is not None else None,
        p_style=_val(lvl, "pStyle"),
        ppr=lvl.find(_W + "pPr"),
        rpr=lvl.find(_W + "rPr"),
    )


@dataclass(slots=True)
class StyleInfo:
    """What a paragraph style says about list numbering, and the style it is based on."""

    based_on: str | None = None
    num_id: int | None = None
    ilvl: int | None = None
    name: str | None = None
    vanish: bool = False


@dataclass(slots=True)
class _Instance:
    """A list instance (w:num) and its overrides of the abstract definition."""

    abstract_id: str
    overrides: dict[int, Level] = field(default_factory=dict)
    start_overrides: dict[int, int] = field(default_factory=dict)


class Styles:
    """The paragraph and character styles of a document, with their ``basedOn`` chains."""

    def __init__(self, table: StyleTable | None) -> None:
        # Styles are parsed on first use: a template carries hundreds, a report uses a few.
        self.table = table
        self._parsed: dict[str, StyleInfo] = {}
        self._numbering_cache: dict[str, tuple[int | None, int | None]] = {}
        self.default_paragraph: str | None = table.default_paragraph if table is not None else None
        self.hidden_ids: set[str] = table.hidden_ids if table is not None else set()

    def info(self, style_id: str) -> StyleInfo | None:
        cached = self._parsed.get(style_id)
        if cached is not None:
            return cached
        style = self.table.element(style_id) if self.table is not None else None
        if style is None:
            return None
        info = StyleInfo(based_on=_val(style, "basedOn"), name=_val(style, "name"))
        ppr = style.find(_W + "pPr")
        numpr = ppr.find(_W + "numPr") if ppr is not None else None
        if numpr is not None:
            info.num_id = _int(_val(numpr, "numId"))
            info.ilvl = _int(_val(numpr, "ilvl"))
        rpr = style.find(_W + "rPr")
        if rpr is not None and rpr.find(_W + "vanish") is not None:
            info.vanish = _val(rpr, "vanish") not in ("0", "false", "off")
        self._parsed[style_id] = info
        return info

    def chain(self, style_id: str | None) -> Iterable[StyleInfo]:
        """The style and its ancestors, nearest first (cycle-safe)."""
        if self.table is None:
            return
        for each in self.table.lineage(style_id):
            info = self.info(each)
            if info is not None:
                yield info

    def name(self, style_id: str | None) -> str | None:
        info = self.info(style_id) if style_id else None
        return info.name if info else style_id

    def numbering(self, style_id: str | None) -> tuple[int | None, int | None]:
        """(numId, ilvl) that a paragraph style gives, the nearest definition winning."""
        key = style_id or ""
        if key not in self._numbering_cache:
            self._numbering_cache[key] = self._numbering(style_id)
        return self._numbering_cache[key]

    def _numbering(self, style_id: str | None) -> tuple[int | None, int | None]:
        num_id: int | None = None
        ilvl: int | None = None
        for info in self.chain(style_id):
            if num_id is None and info.num_id is not None:
                num_id = info.num_id
            if ilvl is None and info.ilvl is not None:
                ilvl = info.ilvl
        return num_id, ilvl

    def hidden(self, style_id: str | None) -> bool:
        if not self.hidden_ids:
            return False
        return any(info.vanish for info in self.chain(style_id))


class NumberingRenderer:
    """Stateful: call :meth:`label` for every paragraph in reading order."""

    def __init__(self, numbering_root: Any | None, styles: Styles) -> None:
        self.styles = styles
        self._abstract_elements: dict[str, Any] = {}
        self._abstracts: dict[str, dict[int, Level]] = {}
        self.style_links: dict[str, str] = {}  # abstractNumId → list style id (numStyleLink)
        self.instances: dict[int, _Instance] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self._seen_instance_levels: set[tuple[int, int]] = set()
        self.last_level: Level | None = None  # the level label() last rendered
        self.last_direct = False  # whether its numbering was on the paragraph (not its style)
        if numbering_root is None:
            return
        for abstract in numbering_root.iterchildren(_W + "abstractNum"):
            abstract_id = abstract.get(_W + "abstractNumId")
            if abstract_id is None:
                continue
            self._abstract_elements[abstract_id] = abstract  # levels parsed on first use
            link = _val(abstract, "numStyleLink")
            if link:
                self.style_links[abstract_id] = link
        for num in numbering_root.iterchildren(_W + "num"):
            num_id = _int(num.get(_W + "numId"))
            abstract_id = _val(num, "abstractNumId")
            if num_id is None or abstract_id is None:
                continue
            instance = _Instance(abstract_id=abstract_id)
            for override in num.findall(_W + "lvlOverride"):
                ilvl = _int(override.get(_W + "ilvl"))
                if ilvl is None:
                    continue
                start = _int(_val(override, "startOverride"))
                if start is not None:
                    instance.start_overrides[ilvl] = start
                lvl = override.find(_W + "lvl")
                if lvl is not None:
                    instance.overrides[ilvl] = _parse_level(lvl)
            self.instances[num_id] = instance

    def abstract_levels(self, abstract_id: str) -> dict[int, Level]:
        levels = self._abstracts.get(abstract_id)
        if levels is None:
            levels = {}
            element = self._abstract_elements.get(abstract_id)
            if element is not None:
                for lvl in element.iterchildren(_W + "lvl"):
                    ilvl = _int(lvl.get(_W + "ilvl"))
                    if ilvl is not None:
                        levels[ilvl] = _parse_level(lvl)
            self._abstracts[abstract_id] = levels
        return levels

    def _resolve_abstract(self, abstract_id: str, depth: int = 0) -> str:
        """Follow numStyleLink: the abstract that holds the levels of a list style."""
        link = self.style_links.get(abstract_id)
        if link is None or depth > 5:
            return abstract_id
        num_id, _ = self.styles.numbering(link)
        instance = self.instances.get(num_id) if num_id is not None else None
        if instance is None or instance.abstract_id == abstract_id:
            return abstract_id
        return self._resolve_abstract(instance.abstract_id, depth + 1)

    def _level(self, num_id: int, ilvl: int) -> tuple[str, dict[int, Level]] | None:
        instance = self.instances.get(num_id)
        if instance is None:
            return None
        abstract_id = self._resolve_abstract(instance.abstract_id)
        levels = dict(self.abstract_levels(abstract_id))
        levels.update(instance.overrides)
        if ilvl not in levels:
            return None
        return abstract_id, levels

    def numbering_of(self, p_pr: Any | None, style_id: str | None) -> tuple[int, int] | None:
        """(numId, ilvl) in force for a paragraph, or None when it is not numbered."""
        num_id: int | None = None
        ilvl: int | None = None
        numpr = p_pr.find(_W + "numPr") if p_pr is not None else None
        if numpr is not None:
            num_id = _int(_val(numpr, "numId"))
            ilvl = _int(_val(numpr, "ilvl"))
        style_num, style_ilvl = self.styles.numbering(style_id)
        if num_id is None:
            num_id = style_num
            if ilvl is None:
                ilvl = style_ilvl
        if not num_id:  # None, or 0: numbering switched off
            return None
        if ilvl is None:
            ilvl = self._level_for_style(num_id, style_id)
        return num_id, ilvl

    def _level_for_style(self, num_id: int, style_id: str | None) -> int:
        """A style-linked list gives its paragraphs the level whose w:pStyle names the style."""
        instance = self.instances.get(num_id)
        if instance is None or style_id is None:
            return 0
        levels = self.abstract_levels(self._resolve_abstract(instance.abstract_id))
        for ilvl, level in levels.items():
            if level.p_style == style_id:
                return ilvl
        return 0

    def label(self, p_pr: Any | None, style_id: str | None) -> tuple[str, str] | None:
        """Advance the counters for this paragraph; return (label, suffix) or None."""
        self.last_level = None
        found = self.numbering_of(p_pr, style_id)
        if found is None:
            return None
        num_id, ilvl = found
        resolved = self._level(num_id, ilvl)
        if resolved is None:
            return None
        abstract_id, levels = resolved
        instance = self.instances[num_id]
        counters = self.counters.setdefault(abstract_id, {})
        level = levels[ilvl]
        self.last_level = level
        self.last_direct = p_pr is not None and p_pr.find(_W + "numPr") is not None
        key = (num_id, ilvl)
        if key not in self._seen_instance_levels:
            self._seen_instance_levels.add(key)
            if ilvl in instance.start_overrides:
                counters[ilvl] = instance.start_overrides[ilvl] - 1
        start = instance.start_overrides.get(ilvl, level.start)
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        # Using this level restarts the deeper ones (unless their lvlRestart says otherwise).
        for deeper, deeper_level in levels.items():
            if deeper <= ilvl or deeper not in counters:
                continue
            restart_after = deeper_level.restart
            if restart_after == 0:
                continue
            if restart_after is None or ilvl + 1 <= restart_after:
                del counters[deeper]
        text = self._render(level.lvl_text, ilvl, levels, counters, instance)
        if level.num_fmt == "bullet":
            text = "•" if not text or not text.isprintable() or "\uf000" <= text[0] <= "\uf8ff" else text
        return text, level.suffix

    @staticmethod
    def _render(
        lvl_text: str, current: int, levels: dict[int, Level], counters: dict[int, int], instance: _Instance
    ) -> str:
        out: list[str] = []
        i = 0
        while i < len(lvl_text):
            ch = lvl_text[i]
            if ch == "%" and i + 1 < len(lvl_text) and lvl_text[i + 1].isdigit():
                ref = int(lvl_text[i + 1]) - 1
                ref_level = levels.get(ref, Level())
                value = counters.get(ref)
                if value is None:
                    value = instance.start_overrides.get(ref, ref_level.start)
                fmt = ref_level.num_fmt
                if levels.get(current, Level()).is_legal and ref != current:
                    fmt = "decimal"
                out.append(format_number(value, fmt))
                i += 2
                continue
            out.append(ch)
            i += 1
        return "".join(out)
