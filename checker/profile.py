"""Format profiles: what fonts, sizes, spacing and page set-up a document must have (data in
``rules/profiles/*.toml``, validated here; the F checks read it, ``reportlint format`` applies it).

A configuration picks one with ``profile = "gbt9704"`` (or a TOML path, or ``"none"``) and may
change any of its keys in a ``[format]`` table, the way an organiser's own rules differ from the
standard (bold level-2 headings, 30 pt lines):

    profile = "gbt9704"
    [format.headings.2]
    bold = true
    [format.line_spacing]
    exact_max = 30

The default, ``auto``, applies the GB/T 9704 profile to Word documents and none to plain text,
which carries no formatting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from checker.paths import DEFAULT_PROFILE, WORD_SUFFIXES, data_dir, rules_file
from checker.settings import SettingsError, load_settings

Alignment = Literal["left", "center", "right", "both", "any"]


class ProfileError(Exception):
    """An unknown or invalid profile; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class FontFamily:
    """A typeface as organisers name it, and every font name that counts as it."""

    id: str = field(metadata={"pattern": r"[a-z][a-z0-9_-]*"})
    name: str  # how messages name it: 仿宋
    write: str  # what `reportlint format` sets: 仿宋_GB2312
    names: list[str] = field(default_factory=list)  # names that are this family (matched without case or spaces)
    contains: list[str] = field(default_factory=list)  # …and names containing one of these (方正仿宋_GBK)

    def matches(self, font: str | None) -> bool:
        if not font:
            return False
        cached = _MATCHES.get((id(self), font))
        if cached is not None and cached[0] is self:
            return cached[1]
        key = _normal(font)
        found = any(_normal(n) == key for n in (self.name, self.write, *self.names)) or any(
            _normal(c) in key for c in self.contains
        )
        _MATCHES[(id(self), font)] = (self, found)  # a check asks the same few fonts thousands of times
        return found


_MATCHES: dict[tuple[int, str], tuple[FontFamily, bool]] = {}


def _normal(name: str) -> str:
    return "".join(name.split()).casefold()


@dataclass(frozen=True, slots=True)
class TextSpec:
    """How one kind of text is set: the title, the body, a heading level."""

    font: str  # a FontFamily id
    size: float = field(metadata={"min": 1, "max": 96})  # points (三号 = 16, 二号 = 22)
    bold: bool | None = None  # None: either
    align: Alignment = "any"
    indent: float | None = None  # first-line indent in 字 (None: not checked)
    latin: list[str] = field(default_factory=lambda: ["Times New Roman"])  # also allowed for digits


@dataclass(frozen=True, slots=True)
class HeadingSpec:
    """The font and size a heading level must have under a format profile."""

    level: int = field(metadata={"min": 1, "max": 4})  # 一、 （一） 1. （1）
    font: str
    size: float = field(default=16, metadata={"min": 1, "max": 96})
    bold: bool | None = None
    indent: float | None = None
    latin: list[str] = field(default_factory=lambda: ["Times New Roman"])


@dataclass(frozen=True, slots=True)
class LineSpacing:
    """Fixed line spacing in points (GB/T 9704 5.2.3: 22 lines a page; in practice 28–30 pt)."""

    exact_min: float = field(default=28, metadata={"min": 0})
    exact_max: float = field(default=30, metadata={"min": 0})
    multiples: list[float] = field(default_factory=list)  # also accepted: 1.5 for "1.5 倍行距"
    write: float = field(default=28, metadata={"min": 1})  # what `reportlint format` sets

    def validate(self) -> list[str]:
        return ["exact_min: must not exceed exact_max"] if self.exact_min > self.exact_max else []


@dataclass(frozen=True, slots=True)
class Page:
    """Paper and margins in millimetres (GB/T 9704 5.1, 5.2.1)."""

    width: float = 210
    height: float = 297
    top: float = 37
    bottom: float = 35
    left: float = 28
    right: float = 26
    tolerance: float = field(default=1, metadata={"min": 0})


@dataclass(frozen=True, slots=True)
class PageNumbers:
    """How a format profile wants pages numbered."""

    required: bool = True
    dashes: bool = True  # 一字线 either side: — 1 —
    size: float | None = 14  # 4号


@dataclass(frozen=True, slots=True)
class Profile:
    """A format profile (rules/profiles/): page, fonts, sizes and spacing the F rules check."""

    name: str = field(metadata={"pattern": r"[a-z0-9][a-z0-9_-]*"})
    title: str  # 《党政机关公文格式》
    standard: str  # GB/T 9704-2012, named in the messages
    fonts: list[FontFamily]
    document_title: TextSpec
    body: TextSpec
    headings: list[HeadingSpec]
    title_en: str = ""
    line_spacing: LineSpacing = field(default_factory=LineSpacing)
    page: Page = field(default_factory=Page)
    page_numbers: PageNumbers = field(default_factory=PageNumbers)
    black_text: bool = True
    typed_numbering: bool = True  # headings must not use automatic numbering (F111; format types it)

    def validate(self) -> list[str]:
        ids = {f.id for f in self.fonts}
        errors = []
        specs: list[tuple[str, Any]] = [("document_title", self.document_title), ("body", self.body)]
        specs += [(f"headings.{h.level}", h) for h in self.headings]
        for where, spec in specs:
            if spec.font not in ids:
                errors.append(f"{where}.font: {spec.font!r} is not one of fonts ({', '.join(sorted(ids))})")
        levels = [h.level for h in self.headings]
        if len(set(levels)) != len(levels):
            errors.append("headings: each level once")
        return errors

    def family(self, family_id: str) -> FontFamily:
        for family in self.fonts:
            if family.id == family_id:
                return family
        raise KeyError(family_id)

    def heading(self, level: int) -> HeadingSpec | None:
        return next((h for h in self.headings if h.level == level), None)

    def latin_ok(self, spec: TextSpec | HeadingSpec, font: str | None) -> bool:
        """Whether ``font`` may draw the digits and Latin letters of text set by ``spec``: a
        listed name, or the text's own Chinese family (仿宋 digits in 仿宋 text)."""
        if not spec.latin:
            return True
        if font is None:
            return False
        if self.family(spec.font).matches(font):
            return True
        key = (id(spec), font)
        cached = _LATIN.get(key)
        if cached is None or cached[0] is not spec:
            cached = _LATIN[key] = (spec, any(_normal(font) == _normal(name) or self._named_family(name, font)
                                              for name in spec.latin))  # fmt: skip
        return cached[1]

    def _named_family(self, name: str, font: str) -> bool:
        family = next((f for f in self.fonts if f.id == name), None)
        return family is not None and family.matches(font)


_LATIN: dict[tuple[int, str], tuple[Any, bool]] = {}


def builtin_profiles() -> list[str]:
    return sorted(p.stem for p in (data_dir("rules") / "profiles").glob("*.toml"))


def _path(name_or_path: str, relative_to: Path | None = None) -> Path:
    path = rules_file(name_or_path, "profiles", relative_to)
    if path is None:
        raise ProfileError(
            f"unknown profile {name_or_path!r}; built-in profiles: {', '.join(builtin_profiles())}, or none"
        )
    return path


def _merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """``changes`` over ``base``, table by table; heading levels are matched by number
    (``[format.headings.2]`` changes level 2)."""
    merged = dict(base)
    for key, value in changes.items():
        if key == "headings" and isinstance(value, dict):
            levels = {str(h.get("level")): dict(h) for h in base.get("headings", []) if isinstance(h, dict)}
            for level, heading in value.items():
                if not isinstance(heading, dict):
                    raise ProfileError(f"format.headings.{level}: expected a table")
                levels[str(level)] = {**levels.get(str(level), {"level": _level(level)}), **heading}
            merged["headings"] = list(levels.values())
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = _merge(base[key], value)
        else:
            merged[key] = value
    return merged


def _level(value: str) -> int | str:
    return int(value) if str(value).isdigit() else value


@cache
def _load(path: Path, changes: tuple[tuple[str, Any], ...]) -> Profile:
    """A built-in profile without changes comes from its snapshot (checker/snapshot.py): a
    check of a .docx parses no TOML."""
    builtin = (data_dir("rules") / "profiles").resolve()
    if not changes and path.parent == builtin:
        from checker.snapshot import load_or_build

        return load_or_build(f"profile-{path.stem}", lambda: _build(path, changes))
    return _build(path, changes)


def _build(path: Path, changes: tuple[tuple[str, Any], ...]) -> Profile:
    import tomllib

    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ProfileError(f"{path}: no such profile file") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: not valid TOML: {exc}") from exc
    extends = raw.pop("extends", None)
    if isinstance(extends, str):
        parent = _path(extends, path.parent)
        if parent.resolve() == path.resolve():
            raise ProfileError(f"{path}: extends: leads back to itself")
        raw = _merge(_raw(parent), raw)
    raw = _merge(raw, _thaw(changes))
    try:
        return load_settings(Profile, raw, str(path))
    except SettingsError as exc:
        raise ProfileError(str(exc)) from exc


def _raw(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: {exc}") from exc


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("__list__", tuple(_freeze(v) for v in value))
    return value


def _thaw(value: Any) -> Any:
    if isinstance(value, tuple) and value[:1] == ("__list__",):
        return [_thaw(v) for v in value[1]]
    if isinstance(value, tuple):
        return {k: _thaw(v) for k, v in value}
    return value


def load_profile(name_or_path: str, changes: dict[str, Any] | None = None, relative_to: Path | None = None) -> Profile:
    """A built-in profile by name, or a TOML file, with a configuration's ``[format]`` changes."""
    frozen = _freeze(changes or {})
    return _load(_path(name_or_path, relative_to).resolve(), frozen)


def profile_for(setting: str | None, path: str, changes: dict[str, Any] | None = None,
                relative_to: Path | None = None) -> Profile | None:  # fmt: skip
    """The profile a file is checked against: ``auto`` (or unset) gives GB/T 9704 to Word
    documents and none to text; ``none`` gives none."""
    if setting in (None, "auto"):
        if not path.lower().endswith(WORD_SUFFIXES):
            return None
        setting, relative_to = DEFAULT_PROFILE, None  # the built-in one, whatever stands beside a configuration
    if setting == "none":
        return None
    return load_profile(setting, changes, relative_to)
