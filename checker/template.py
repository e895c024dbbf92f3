"""Templates: what a report of one kind must contain. Data in rules/templates/*.toml, validated
here once when loaded; a bad key or value is one clear error naming the file and the key."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from checker.paths import data_dir

ROLES = ("problems", "causes", "measures", "achievements", "other")
FAMILIES = ("cn", "paren-cn", "arabic", "paren-arabic", "circled")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SectionSpec(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    role: str
    label: str = Field(min_length=1, description="display name used in messages, e.g. 存在的问题")
    label_en: str = ""
    required: bool = False
    ordered: bool = True  # False: may stand anywhere without an S102 finding
    synonyms: list[str] = []
    keywords: list[str] = []
    exclude: list[str] = []  # words that veto this section (整改落实情况 is no measures section)
    weight: int = Field(default=1, ge=0, le=100)  # which spec wins when several keywords match
    min_items: int = Field(default=0, ge=0)
    max_items: int | None = Field(default=None, ge=1)

    @field_validator("role")
    @classmethod
    def _known_role(cls, value: str) -> str:
        if value not in ROLES:
            raise ValueError(f"unknown role {value!r}; allowed: {', '.join(ROLES)}")
        return value

    @model_validator(mode="after")
    def _matchable(self) -> SectionSpec:
        if not self.synonyms and not self.keywords:
            raise ValueError("a section needs synonyms or keywords to be recognised")
        if self.max_items is not None and self.max_items < self.min_items:
            raise ValueError("max_items is smaller than min_items")
        return self


class Lengths(_Strict):
    document_min_chars: int = Field(default=1000, ge=0)
    document_max_chars: int = Field(default=10000, ge=1)
    item_min_chars: int = Field(default=40, ge=0)
    item_max_chars: int = Field(default=800, ge=1)
    heading_max_chars: int = Field(default=30, ge=1)
    item_roles: list[str] = ["problems", "causes", "measures"]  # whose items the item rules measure


class Numbering(_Strict):
    levels: list[Literal["cn", "paren-cn", "arabic", "paren-arabic", "circled"]] = [
        "cn",
        "paren-cn",
        "arabic",
        "paren-arabic",
    ]
    allow_level_skip: bool = True
    enumerations_anywhere: bool = True


class Counts(_Strict):
    one_to_one: bool = False  # problems, causes and measures must be equally many (C103)


class Template(_Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str
    title_en: str = ""
    description: str = ""
    kinds: list[str] = []
    sections: list[SectionSpec]
    lengths: Lengths = Lengths()
    numbering: Numbering = Numbering()
    counts: Counts = Counts()

    @model_validator(mode="after")
    def _unique_ids(self) -> Template:
        ids = [s.id for s in self.sections]
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            raise ValueError(f"section ids must be unique: {', '.join(sorted(dupes))}")
        return self

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


def _format_validation_error(path: str, exc: ValidationError) -> str:
    lines = []
    for err in exc.errors():
        key = ".".join(str(part) for part in err["loc"]) or "(top level)"
        lines.append(f"{path}: {key}: {err['msg']}")
    return "\n".join(lines)


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
        template = Template.model_validate(raw)
    except ValidationError as exc:
        raise TemplateError(_format_validation_error(str(path), exc)) from exc
    _cache[name_or_path] = template
    return template
