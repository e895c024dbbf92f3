"""Templates: what a report of one kind must contain. Data in rules/templates/*.toml, validated
here once when loaded; a bad key or value is one clear error naming the file and the key."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from checker.paths import data_dir, rules_file

if TYPE_CHECKING:
    from checker.checklists import Checklist
    from checker.profile import Profile
from checker.settings import SettingsError, load_settings, positive
from checker.substance import SubstanceChanges, SubstanceError, parse_changes

_ID = {"pattern": r"[a-z][a-z0-9-]*"}


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """One part of a template: its role, label, synonyms and limits."""

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
    """The template's length limits, in characters, for the document and its items."""

    document_min_chars: int = field(default=1000, metadata=positive(0))
    document_max_chars: int = field(default=10000, metadata=positive(1))
    item_min_chars: int = field(default=40, metadata=positive(0))
    item_max_chars: int = field(default=800, metadata=positive(1))
    heading_max_chars: int = field(default=30, metadata=positive(1))
    item_roles: list[str] = field(default_factory=lambda: ["problems", "causes", "measures"])


@dataclass(frozen=True, slots=True)
class Numbering:
    """The numbering styles the template expects, level by level."""

    levels: list[Literal["cn", "paren-cn", "arabic", "paren-arabic", "circled"]] = field(
        default_factory=lambda: ["cn", "paren-cn", "arabic", "paren-arabic"]
    )
    allow_level_skip: bool = True
    enumerations_anywhere: bool = True


@dataclass(frozen=True, slots=True)
class Counts:
    """What the template says about how many items each part holds."""

    one_to_one: bool = False  # problems, causes and measures must be equally many (C103)


@dataclass(frozen=True, slots=True)
class Detect:
    """How auto-detection recognises this kind of report."""

    title: list[str] = field(default_factory=list)  # words in the title that name the kind (述职 …)
    body: list[str] = field(default_factory=list)  # words in the opening paragraphs (主题教育 …)
    exclude: list[str] = field(default_factory=list)  # title words that rule the kind out
    priority: int = field(default=0, metadata=positive(0, 100))  # breaks ties between related kinds


@dataclass(frozen=True, slots=True)
class Links:
    """Which roles must answer which: every problem needs a cause and a measure in 党性分析,
    only a measure in 述职 (the correspondence checks read this)."""

    problems: list[Literal["causes", "measures"]] = field(default_factory=lambda: ["causes", "measures"])
    one_to_one_order: bool = False  # the n-th problem is answered by the n-th cause and measure
    # Words of the commitment such reports close their measures with (述职述廉: 廉洁自律、严于律己):
    # a measure whose heading holds one answers the report as a whole, never an orphan (C204).
    commitments: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Phrases:
    """Phrases the template requires (S107) or forbids (S108)."""

    required: list[str] = field(default_factory=list)  # each must appear somewhere (S107)
    forbidden: list[str] = field(default_factory=list)  # none may appear (S108)


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a table the template expects (id, label, synonyms)."""

    id: str = field(metadata=_ID)
    label: str = field(metadata={"min_length": 1})
    synonyms: list[str] = field(default_factory=list)
    required: bool = True
    kind: Literal["text", "number", "date", "person"] = "text"


@dataclass(frozen=True, slots=True)
class Table:
    """A 问题清单 kept as a Word table: the columns its header row must have."""

    columns: list[Column] = field(default_factory=list)
    min_rows: int = field(default=1, metadata=positive(0))


@dataclass(frozen=True, slots=True)
class Template:
    """A report template (rules/templates/): its parts, numbering, lengths, phrases and links."""

    name: str = field(metadata=_ID)
    title: str
    sections: list[SectionSpec]
    title_en: str = ""
    description: str = ""
    kinds: list[str] = field(default_factory=list)
    extends: str = ""  # the template this one was derived from (already merged in)
    lengths: Lengths = field(default_factory=Lengths)
    numbering: Numbering = field(default_factory=Numbering)
    counts: Counts = field(default_factory=Counts)
    detect: Detect = field(default_factory=Detect)
    links: Links = field(default_factory=Links)
    phrases: Phrases = field(default_factory=Phrases)
    table: Table | None = None
    # Changes to the substance rules' thresholds and lists (rules/substance.toml), e.g. a short
    # 发言提纲 format that allows one-sentence problems.
    substance: SubstanceChanges = field(default_factory=SubstanceChanges)
    # Severities this kind of report gives its rules, by code or prefix (an organiser raises Q108);
    # a configuration's [severity] still wins.
    severity: dict[str, str] = field(default_factory=dict, metadata={"internal": True})
    # A yearly check-list that problems must cover (set by --checklist or `checklist = "…"`).
    checklist: Checklist | None = field(default=None, metadata={"internal": True})
    # The format profile a .docx is set against (F1xx), chosen per file by --profile or `profile`.
    profile: Profile | None = field(default=None, metadata={"internal": True})

    def validate(self) -> list[str]:
        ids = [s.id for s in self.sections]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        errors = [f"sections: ids must be unique: {', '.join(dupes)}"] if dupes else []
        if not self.sections and self.table is None:
            errors.append("sections: a template needs sections (or a [table] of columns)")
        return errors

    def spec(self, spec_id: str | None) -> SectionSpec | None:
        return next((s for s in self.sections if s.id == spec_id), None)

    def level(self, code: str) -> str | None:
        """The severity this template gives ``code`` (the longest matching prefix), if any."""
        best = max((s for s in self.severity if code.startswith(s)), key=len, default=None)
        return self.severity[best] if best is not None else None


class TemplateError(Exception):
    """A template that cannot be used; the message names the file and the key."""


_NORMALISE = re.compile(r"[的之及和与以及、，,。：:；;“”\"'‘’「」\s]")


@lru_cache(maxsize=8192)
def normalise_title(title: str) -> str:
    return _NORMALISE.sub("", title)


@dataclass(frozen=True, slots=True)
class RoleMatch:
    """A section spec that a heading matches, and how strongly."""

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


@cache
def _role_cues() -> dict[str, tuple[str, ...]]:
    import tomllib

    raw = tomllib.loads((data_dir("rules") / "sections.toml").read_text("utf-8"))
    return {role: tuple(words) for role, words in raw.get("cues", {}).items()}


def _characters(text: str) -> set[str]:
    return {c for c in normalise_title(text) if c not in "的和及与之"}


def heading_likeness(spec: SectionSpec, title: str) -> float:
    """How much a heading reads like one of the section's own names, in [0, 1]: the share of
    the closer name's characters it holds (履行职责的情况 holds 履、职、责、情、况 of 履职尽责情况).
    Characters, not words: headings abbreviate (履职 for 履行职责)."""
    mine = _characters(title)
    if not mine:
        return 0.0
    best = 0.0
    for name in (spec.label, *spec.synonyms):
        theirs = _characters(name)
        if len(theirs) >= 3:
            best = max(best, len(mine & theirs) / len(theirs))
    return best


def content_role(text: str) -> tuple[str, float]:
    """The section role whose usual words ``text`` uses most (rules/sections.toml), with that
    role's share of all the cue words found; ("", 0) when none."""
    counts = {role: sum(text.count(word) for word in words) for role, words in _role_cues().items()}
    total = sum(counts.values())
    if not total:
        return "", 0.0
    role = max(counts, key=lambda r: counts[r])
    return role, counts[role] / total


def section_by_meaning(template: Template, title: str, text: str, wanted: list[SectionSpec]) -> SectionSpec | None:
    """Which of the ``wanted`` sections (required, not found by name) a heading that matched
    none by its synonyms or keywords could be, by its words and by what its items say: a heading
    much like the section's names whose text reads as that kind of section, or a heading somewhat
    like them whose text reads clearly so."""
    role, share = content_role(text)
    best: tuple[float, SectionSpec] | None = None
    for spec in wanted:
        likeness = heading_likeness(spec, title)
        fits = role == spec.role
        plausible = (likeness >= 0.6 and (fits or not role)) or (likeness >= 0.4 and fits and share >= 0.5)
        if plausible and (best is None or likeness > best[0]):
            best = (likeness, spec)
    return best[1] if best else None


def builtin_names() -> list[str]:
    return sorted(p.stem for p in (data_dir("rules") / "templates").glob("*.toml"))


_cache: dict[str, Template] = {}


def _template_path(name_or_path: str, relative_to: Path | None = None) -> Path:
    path = rules_file(name_or_path, "templates", relative_to, existing=True)
    if path is None:
        raise TemplateError(
            f"unknown template {name_or_path!r}; built-in templates: {', '.join(builtin_names())}"
        )
    return path


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise TemplateError(f"{path}: no such template file") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TemplateError(f"{path}: not valid TOML: {exc}") from exc


def _merge_sections(base: list[Any], child: list[Any], path: Path) -> list[Any]:
    """Sections are merged by id: a child section with a base id changes only the keys it
    names; a new id is added after the base ones (or after the id in its `after` key)."""
    merged = [dict(s) for s in base if isinstance(s, dict)]
    for index, section in enumerate(child):
        if not isinstance(section, dict) or "id" not in section:
            raise TemplateError(
                f"{path}: sections.{index}.id: every section of a derived template needs an id"
            )
        section = dict(section)
        after = section.pop("after", None)
        existing = next((m for m in merged if m.get("id") == section["id"]), None)
        if existing is not None:
            existing.update(section)
            continue
        if after is not None:
            position = next((i for i, m in enumerate(merged) if m.get("id") == after), None)
            if position is None:
                raise TemplateError(
                    f"{path}: sections.{index}.after: no section {after!r} in the base template"
                )
            merged.insert(position + 1, section)
        else:
            merged.append(section)
    return merged


def _deep_merge(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """Tables merged key by key at every depth ([substance.lexicons.deficit] changes one list)."""
    merged = dict(base)
    for key, value in child.items():
        merged[key] = _deep_merge(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
    return merged


def resolve_raw(path: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """The template's TOML with its `extends` chain merged in (base first, this file last)."""
    raw = _read_toml(path)
    parent_name = raw.get("extends")
    if not parent_name:
        return raw
    if not isinstance(parent_name, str):
        raise TemplateError(f"{path}: extends: expected the name or path of a template, got {parent_name!r}")
    parent_path = _template_path(parent_name, relative_to=path.parent)
    if parent_path.resolve() in seen or parent_path.resolve() == path.resolve():
        raise TemplateError(f"{path}: extends: {parent_name!r} leads back to itself")
    base = resolve_raw(parent_path, (*seen, path.resolve()))
    merged: dict[str, Any] = {k: v for k, v in base.items() if k != "extends"}
    remove = raw.get("remove_sections", [])
    if not isinstance(remove, list):
        raise TemplateError(f"{path}: remove_sections: expected a list of section ids")
    for key, value in raw.items():
        if key in ("extends", "remove_sections"):
            continue
        if key == "sections":
            if not isinstance(value, list):
                raise TemplateError(f"{path}: sections: expected a list of tables")
            merged["sections"] = _merge_sections(base.get("sections", []), value, path)
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = _deep_merge(base[key], value)
        else:
            merged[key] = value
    unknown = [r for r in remove if r not in {s.get("id") for s in merged.get("sections", [])}]
    if unknown:
        raise TemplateError(f"{path}: remove_sections: no section {unknown[0]!r} in the base template")
    merged["sections"] = [s for s in merged.get("sections", []) if s.get("id") not in remove]
    merged["extends"] = parent_name
    return merged


def load_template(name_or_path: str) -> Template:
    """A built-in template by name (party-spirit) or a TOML file by path; `extends` is merged."""
    if name_or_path in _cache:
        return _cache[name_or_path]
    path = _template_path(name_or_path)
    if path == data_dir("rules") / "templates" / f"{name_or_path}.toml":
        template = builtin_templates()[name_or_path]
    else:
        template = _build_template(path)
    _cache[name_or_path] = template
    return template


@cache
def builtin_templates() -> dict[str, Template]:
    """Every built-in template, from the snapshot of the rules files when there is one; read
    once per process (detection asks for each of them)."""
    from checker.snapshot import load_or_build

    folder = data_dir("rules") / "templates"
    return load_or_build(
        "templates", lambda: {n: _build_template(folder / f"{n}.toml") for n in builtin_names()}
    )


def _build_template(path: Path) -> Template:
    raw = resolve_raw(path)
    checklist_name = raw.pop("checklist", None)
    severity = raw.pop("severity", {})
    substance = raw.pop("substance", None)
    try:
        template = load_settings(Template, raw, str(path))
    except SettingsError as exc:
        raise TemplateError(str(exc)) from exc
    if substance is not None:
        try:
            changes = parse_changes(substance, str(path))
        except SubstanceError as exc:
            raise TemplateError(str(exc)) from exc
        template = dataclasses.replace(template, substance=changes)
    if severity:
        template = dataclasses.replace(template, severity=_severities(severity, path))
    if checklist_name is not None:
        if not isinstance(checklist_name, str):
            raise TemplateError(f"{path}: checklist: expected the name or path of a checklist")
        template = with_checklist(template, checklist_name)
    return template


def _severities(raw: Any, path: Path) -> dict[str, str]:
    """A template's [severity] table: code or prefix = "error" | "warning" | "info"."""
    from checker.messages import MESSAGES

    if not isinstance(raw, dict):
        raise TemplateError(f'{path}: severity: expected a table of code = "error|warning|info"')
    for code, level in raw.items():
        if level not in ("error", "warning", "info"):
            raise TemplateError(f"{path}: severity.{code}: {level!r} is not allowed; expected one of error, warning, info")
        if not any(known.startswith(code) for known in MESSAGES):
            raise TemplateError(f"{path}: severity.{code}: matches no rule (codes look like Q108; prefixes like Q)")
    return dict(raw)


def with_checklist(template: Template, checklist: str) -> Template:
    """The template with a yearly check-list attached (K101/K102 then apply)."""
    from checker.checklists import ChecklistError, load_checklist

    try:
        return dataclasses.replace(template, checklist=load_checklist(checklist))
    except ChecklistError as exc:  # named by the template: the template cannot be used
        raise TemplateError(str(exc)) from exc


def template_schema() -> dict[str, Any]:
    """The JSON Schema of a template file, for editors (docs/template.schema.json). A derived
    template (`extends`) may name only the keys it changes, so its sections need only an id."""
    from checker.settings import json_schema

    schema = json_schema(Template, title="reportlint template")
    props = schema["properties"]
    props["remove_sections"] = {"type": "array", "items": {"type": "string"}}
    props["checklist"] = {"type": "string", "description": "a yearly check-list, e.g. 2024-mzshh"}
    props["severity"] = {
        "type": "object",
        "description": "severity by rule code or prefix (a configuration's [severity] wins)",
        "additionalProperties": {"enum": ["error", "warning", "info"]},
    }
    section = schema["$defs"]["SectionSpec"]
    section["properties"]["after"] = {
        "type": "string",
        "description": "in a derived template: insert after this id",
    }
    base_required = section.pop("required")
    schema["$defs"]["SectionSpec"] = section
    schema["allOf"] = [
        {
            "if": {"not": {"required": ["extends"]}},
            "then": {
                "required": ["sections"],
                "properties": {"sections": {"items": {"required": base_required}}},
            },
            "else": {"properties": {"sections": {"items": {"required": ["id"]}}}},
        }
    ]
    schema["required"] = [r for r in schema.get("required", []) if r != "sections"]
    return schema


if __name__ == "__main__":  # python -m checker.template > docs/template.schema.json
    import json

    print(json.dumps(template_schema(), ensure_ascii=False, indent=2))
