"""Templates: what a report of one kind must contain. Data in rules/templates/*.toml, validated
here once when loaded; a bad key or value is one clear error naming the file and the key."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from checker.paths import data_dir
from checker.settings import SettingsError, load_settings, positive

ROLES = ("problems", "causes", "measures", "achievements", "other")
FAMILIES = ("cn", "paren-cn", "arabic", "paren-arabic", "circled")
_ID = {"pattern": r"[a-z][a-z0-9-]*"}


@dataclass(frozen=True, slots=True)
class SectionSpec:
    id: str = field(metadata=_ID)
    role: Literal["problems", "causes", "measures", "achievements", "other"]
    label: str = field(metadata={"min_length": 1})  # display name used in messages, e.g. 存在的问题
    label_en: str = ""
    required: bool = False
    ordered: bool = True  # False: may stand anywhere without an S102 finding
    synonyms: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    exclude: list[str] = field(
        default_factory=list
    )  # words that veto this section (整改落实情况 is no measures)
    weight: int = field(default=1, metadata=positive(0, 100))  # which spec wins when several keywords match
    min_items: int = field(default=0, metadata=positive(0))
    max_items: int | None = field(default=None, metadata=positive(1))

    def validate(self) -> list[str]:
        errors = []
        if not self.synonyms and not self.keywords:
            errors.append(f"section {self.id!r} needs synonyms or keywords to be recognised")
        if self.max_items is not None and self.max_items < self.min_items:
            errors.append(f"section {self.id!r}: max_items is smaller than min_items")
        return errors


@dataclass(frozen=True, slots=True)
class Lengths:
    document_min_chars: int = field(default=1000, metadata=positive(0))
    document_max_chars: int = field(default=10000, metadata=positive(1))
    item_min_chars: int = field(default=40, metadata=positive(0))
    item_max_chars: int = field(default=800, metadata=positive(1))
    heading_max_chars: int = field(default=30, metadata=positive(1))
    item_roles: list[str] = field(default_factory=lambda: ["problems", "causes", "measures"])


@dataclass(frozen=True, slots=True)
class Numbering:
    levels: list[Literal["cn", "paren-cn", "arabic", "paren-arabic", "circled"]] = field(
        default_factory=lambda: ["cn", "paren-cn", "arabic", "paren-arabic"]
    )
    allow_level_skip: bool = True
    enumerations_anywhere: bool = True


@dataclass(frozen=True, slots=True)
class Counts:
    one_to_one: bool = False  # problems, causes and measures must be equally many (C103)


@dataclass(frozen=True, slots=True)
class Template:
    name: str = field(metadata=_ID)
    title: str
    sections: list[SectionSpec] = field(metadata={"min_length": 1})
    title_en: str = ""
    description: str = ""
    kinds: list[str] = field(default_factory=list)
    lengths: Lengths = field(default_factory=Lengths)
    numbering: Numbering = field(default_factory=Numbering)
    counts: Counts = field(default_factory=Counts)

    def validate(self) -> list[str]:
        ids = [s.id for s in self.sections]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        return [f"sections: ids must be unique: {', '.join(dupes)}"] if dupes else []

    def spec(self, spec_id: str | None) -> SectionSpec | None:
        return next((s for s in self.sections if s.id == spec_id), None)


class TemplateError(Exception):
    """A template that cannot be used; the message names the file and the key."""


_NORMALISE = re.compile(r"[的之及和与以及、，,。：:；;“”\"'‘’「」\s]")


def normalise_title(title: str) -> str:
    return _NORMALISE.sub("", title)


@dataclass(frozen=True, slots=True)
class RoleMatch:
    spec: SectionSpec
    score: int


def classify_title(template: Template, title: str) -> RoleMatch | None:
    """Which template section a heading names: an exact synonym first, then the weightiest
    meaning-bearing keyword (「产生上述问题的主要原因」 holds 问题 and 原因; 原因 weighs more)."""
    norm = normalise_title(title)
    if not norm:
        return None
    best: RoleMatch | None = None
    for spec in template.sections:
        if any(word in title for word in spec.exclude):
            continue
        score = 0
        if any(norm == normalise_title(s) for s in spec.synonyms):
            score = 1000 + spec.weight
        elif any(len(normalise_title(s)) >= 3 and normalise_title(s) in norm for s in spec.synonyms):
            score = 500 + spec.weight
        elif any(word in title for word in spec.keywords):
            score = 100 + spec.weight
        if score and (best is None or score > best.score):
            best = RoleMatch(spec, score)
    return best


def builtin_names() -> list[str]:
    return sorted(p.stem for p in (data_dir("rules") / "templates").glob("*.toml"))


_cache: dict[str, Template] = {}


def load_template(name_or_path: str) -> Template:
    """A built-in template by name (party-spirit) or a TOML file by path."""
    if name_or_path in _cache:
        return _cache[name_or_path]
    candidate = Path(name_or_path)
    if candidate.suffix == ".toml" or candidate.exists():
        path = candidate
    else:
        path = data_dir("rules") / "templates" / f"{name_or_path}.toml"
        if not path.exists():
            raise TemplateError(
                f"unknown template {name_or_path!r}; built-in templates: {', '.join(builtin_names())}"
            )
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise TemplateError(f"{path}: no such template file") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TemplateError(f"{path}: not valid TOML: {exc}") from exc
    try:
        template = load_settings(Template, raw, str(path))
    except SettingsError as exc:
        raise TemplateError(str(exc)) from exc
    _cache[name_or_path] = template
    return template
