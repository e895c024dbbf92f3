"""Yearly check-lists (rules/checklists/*.toml): the aspects a year's meeting asks every
member to examine. Versioned data, because the list changes every year."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from checker.paths import data_dir
from checker.settings import SettingsError, load_settings, positive

_ID = {"pattern": r"[a-z0-9][a-z0-9-]*"}


@dataclass(frozen=True, slots=True)
class Aspect:
    """One aspect of a yearly check-list, with the keywords that show a report covers it."""

    id: str = field(metadata=_ID)
    name: str = field(metadata={"min_length": 1})
    keywords: list[str] = field(metadata={"min_length": 1})
    confirmed: bool = False  # the wording was read in a primary source (see the file's `source`)


@dataclass(frozen=True, slots=True)
class Checklist:
    """A yearly check-list (rules/checklists/): the aspects a report of that year must cover."""

    name: str = field(metadata=_ID)
    title: str
    year: int = field(metadata=positive(2000, 2100))
    aspects: list[Aspect] = field(metadata={"min_length": 1})
    source: str = ""


def checklist_names() -> list[str]:
    return sorted(p.stem for p in (data_dir("rules") / "checklists").glob("*.toml"))


class ChecklistError(Exception):
    """A check-list that cannot be used; the message names the file and the key."""


def load_checklist(name_or_path: str) -> Checklist:
    import tomllib

    path = Path(name_or_path)
    if not (path.suffix == ".toml" or path.exists()):
        path = data_dir("rules") / "checklists" / f"{name_or_path}.toml"
        if not path.exists():
            raise ChecklistError(
                f"unknown checklist {name_or_path!r}; built-in: {', '.join(checklist_names())}"
            )
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ChecklistError(f"{path}: {exc}") from exc
    try:
        return load_settings(Checklist, raw, str(path))
    except SettingsError as exc:
        raise ChecklistError(str(exc)) from exc


def aspects_of(text: str, checklist: Checklist) -> list[Aspect]:
    """The aspects whose keywords ``text`` mentions."""
    return [a for a in checklist.aspects if any(k in text for k in a.keywords)]
