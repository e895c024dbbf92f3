"""Project configuration: `reportlint.toml`, or `[tool.reportlint]` in pyproject.toml, found by
walking up from each checked file (the nearest wins, as in ruff); `--config PATH` overrides.

    template = "party-spirit"          # or "auto", or a TOML path relative to this file
    checklist = "2024-mzshh"
    select = ["S", "N", "C1"]          # codes or prefixes; default: every rule
    extend-select = ["K"]
    ignore = ["L105", "S106"]
    fail-on = "warning"                # error | warning | info
    lang = "zh"                        # zh | en
    profile = "gbt9704"                # format profile for .docx: auto (default) | none | a TOML path
    exclude = ["drafts/**", "*.bak.docx"]

    [severity]                         # per code or prefix
    N105 = "error"

    [per-file-ignores]                 # glob (relative to this file) → codes or prefixes
    "archive/**" = ["L", "N105"]

    [lengths]                          # override the template's thresholds
    document_min_chars = 2000

    [format.headings.2]                # change the profile: an organiser's own rules
    bold = true

    [substance]                        # the substance rules' thresholds and lists (rules/substance.toml)
    problem_vague_terms = 6
    [substance.lexicons.objective_excuse]
    extend = ["迎检任务多"]
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from checker.paths import DEFAULT_PROFILE
from checker.settings import SettingsError, load_settings

if TYPE_CHECKING:
    from checker.substance import SubstanceChanges

CONFIG_NAMES = ("reportlint.toml", ".reportlint.toml", "pyproject.toml")
SEVERITIES = ("error", "warning", "info")


class ConfigError(Exception):
    """An invalid configuration; the message names the file, the key and the allowed values."""


@dataclass(frozen=True, slots=True)
class LengthOverrides:
    """A configuration's length thresholds, in place of the template's (None: the template's)."""

    document_min_chars: int | None = None
    document_max_chars: int | None = None
    item_min_chars: int | None = None
    item_max_chars: int | None = None
    heading_max_chars: int | None = None


@dataclass(frozen=True, slots=True)
class Config:
    """A configuration file's [tool.reportlint] table (or .reportlint.toml), validated."""

    template: str | None = None
    checklist: str | None = None
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: Literal["error", "warning", "info"] | None = None
    lang: Literal["zh", "en"] | None = None
    exclude: list[str] = field(default_factory=list)
    timeout: float | None = field(default=None, metadata={"min": 0})  # seconds a file's check may take
    profile: str | None = None  # the format profile: auto | none | gbt9704 | a TOML path
    format: dict[str, Any] = field(default_factory=dict, metadata={"internal": True})  # changes to it
    severity: dict[str, str] = field(default_factory=dict, metadata={"internal": True})
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict, metadata={"internal": True})
    lengths: LengthOverrides = field(default_factory=LengthOverrides)
    # The [substance] table's changes; None without one (the substance module, 1 ms to import,
    # is then left to the processes that check)
    substance: SubstanceChanges | None = field(default=None, metadata={"internal": True})
    path: Path | None = field(default=None, metadata={"internal": True})  # the file it came from

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()


def _known_codes() -> set[str]:
    # The message catalogue names every code (a test keeps it equal to the rule registry) and
    # is cheap to import; the registry would import every check.
    from checker.messages import MESSAGES

    return set(MESSAGES)


def _check_selectors(values: list[str], key: str, source: str, codes: set[str]) -> list[str]:
    errors = []
    for value in values:
        if value != "ALL" and not any(code.startswith(value) for code in codes):
            errors.append(
                f"{source}: {key}: {value!r} matches no rule (codes look like N101; prefixes like N or C2)"
            )
    return errors


def parse_config(raw: dict[str, Any], source: Path) -> Config:
    """Validate a [tool.reportlint] table or a reportlint.toml document."""
    table = {str(k).replace("-", "_"): v for k, v in raw.items()}
    severity = table.pop("severity", {})
    per_file = table.pop("per_file_ignores", {})
    changes = table.pop("format", {})
    substance_table = table.pop("substance", None)
    errors: list[str] = []
    substance = None
    if substance_table is not None:
        from checker.substance import SubstanceError, parse_changes

        try:
            substance = parse_changes(substance_table, str(source))
        except SubstanceError as exc:
            errors.extend(str(exc).splitlines())
    if not isinstance(changes, dict):
        errors.append(f"{source}: format: expected a table of profile settings")
        changes = {}
    try:
        config = load_settings(Config, table, str(source))
    except SettingsError as exc:
        # Name keys as the user wrote them (fail-on, not fail_on).
        for error in exc.errors:
            for name in ("fail_on", "extend_select", "per_file_ignores"):
                error = error.replace(f": {name}", f": {name.replace('_', '-')}")
            errors.append(error)
        config = Config()
    codes = _known_codes()
    if not isinstance(severity, dict):
        errors.append(f'{source}: severity: expected a table of code = "error|warning|info"')
        severity = {}
    for code, level in severity.items():
        if level not in SEVERITIES:
            errors.append(
                f"{source}: severity.{code}: {level!r} is not allowed; expected one of {', '.join(SEVERITIES)}"
            )
        errors.extend(_check_selectors([code], "severity", source.as_posix(), codes))
    if not isinstance(per_file, dict):
        errors.append(f"{source}: per-file-ignores: expected a table of glob = [codes]")
        per_file = {}
    for glob, values in per_file.items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            errors.append(f"{source}: per-file-ignores.{glob}: expected a list of codes or prefixes")
            continue
        errors.extend(_check_selectors(values, f"per-file-ignores.{glob}", source.as_posix(), codes))
    if not errors:
        for key, values in (
            ("select", config.select or []),
            ("extend-select", config.extend_select),
            ("ignore", config.ignore),
        ):
            errors.extend(_check_selectors(values, key, source.as_posix(), codes))
    if not errors and (changes or config.profile not in (None, "auto", "none")):
        errors.extend(_check_profile(config.profile, changes, source))
    if errors:
        raise ConfigError("\n".join(errors))
    return replace(config, severity=dict(severity), per_file_ignores=dict(per_file), format=dict(changes),
                   substance=substance, path=source)  # fmt: skip


def _check_profile(name: str | None, changes: dict[str, Any], source: Path) -> list[str]:
    """Load the profile with the [format] changes now, so that a wrong key fails the run at once
    with the file and key named."""
    from checker.profile import ProfileError, load_profile

    try:
        named = name if name not in (None, "auto", "none") else None  # auto's is the built-in one, never a file beside
        load_profile(named or DEFAULT_PROFILE, changes, source.parent if named else None)
    except ProfileError as exc:
        return [f"{source}: profile / [format]: {line}" for line in str(exc).splitlines()]
    return []


def load_config_file(path: Path) -> Config | None:
    """The configuration in ``path``, or None for a pyproject.toml without [tool.reportlint]."""
    import tomllib  # only when there is a configuration file: a run without one parses no TOML

    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    if path.name == "pyproject.toml":
        table = raw.get("tool", {}).get("reportlint")
        if table is None:
            return None
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: tool.reportlint: expected a table")
        return parse_config(table, path)
    return parse_config(raw, path)


@lru_cache(maxsize=1024)
def find_config(directory: str) -> Config | None:
    """The nearest configuration at or above ``directory``."""
    current = Path(directory).resolve()
    while True:
        for name in CONFIG_NAMES:
            candidate = current / name
            if candidate.is_file():
                config = load_config_file(candidate)
                if config is not None:
                    return config
        if current.parent == current:
            return None
        current = current.parent


def _matches(code: str, selectors: list[str]) -> bool:
    return any(s == "ALL" or code.startswith(s) for s in selectors)


# Rules that run only when a selector names them (D, D1, D101), never by default or by ALL: copy
# detection compares every report of a batch with the others, which a single-file check does not want.
OPT_IN = frozenset({"D101"})


def _chosen(code: str, selectors: list[str]) -> bool:
    if code in OPT_IN:
        return any(s != "ALL" and code.startswith(s) for s in selectors)
    return _matches(code, selectors)


def with_selection(config: Config | None, select: list[str] | None, extend_select: list[str],
                   ignore: list[str]) -> Config | None:  # fmt: skip
    """``config`` with the command line's --select (in place of the configuration's),
    --extend-select and --ignore (added to it), as ruff has them."""
    if select is None and not extend_select and not ignore:
        return config
    codes = _known_codes()
    errors = [error for values, key in ((select or [], "--select"), (extend_select, "--extend-select"),
                                        (ignore, "--ignore"))
              for error in _check_selectors(values, key, "command line", codes)]  # fmt: skip
    if errors:
        raise ConfigError("\n".join(errors))
    base = config if config is not None else Config()
    return replace(
        base,
        select=select if select is not None else base.select,
        extend_select=[*base.extend_select, *extend_select],
        ignore=[*base.ignore, *ignore],
    )


@dataclass(frozen=True, slots=True)
class RuleFilter:
    """Which rules run on one file and at which severity."""

    enabled: frozenset[str]
    severity: dict[str, str]

    def level(self, code: str, default: str) -> str:
        best = max((s for s in self.severity if code.startswith(s)), key=len, default=None)
        return self.severity[best] if best is not None else default


def rule_filter(config: Config | None, path: str) -> RuleFilter:
    """The rules for ``path``: one object per distinct outcome, so a batch shares them."""
    if config is None:
        return _filter(None, ())
    if not config.per_file_ignores:
        return _filter(config, ())  # no glob to match: no path to resolve (a syscall or more per file)
    relative = _relative(path, config.root)
    globs = tuple(
        glob
        for glob in config.per_file_ignores
        if fnmatch.fnmatch(relative, glob) or fnmatch.fnmatch(os.path.basename(path), glob)
    )
    return _filter(config, globs)


_FILTERS: dict[tuple[int, tuple[str, ...]], tuple[Config | None, RuleFilter]] = {}


def _filter(config: Config | None, globs: tuple[str, ...]) -> RuleFilter:
    key = (id(config), globs)
    cached = _FILTERS.get(key)
    if cached is not None and cached[0] is config:
        return cached[1]
    codes = _known_codes()
    if config is None:
        result = RuleFilter(frozenset(codes - OPT_IN), {})
    else:
        chosen = {
            c
            for c in codes
            if _chosen(c, config.select or ["ALL"]) or _chosen(c, config.extend_select)
        }
        ignored = list(config.ignore) + [v for glob in globs for v in config.per_file_ignores[glob]]
        enabled = {c for c in chosen if not _matches(c, ignored)} | {c for c in codes if c.startswith("E")}
        result = RuleFilter(frozenset(enabled), dict(config.severity))
    _FILTERS[key] = (config, result)
    return result


def _relative(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def is_excluded(config: Config | None, path: str) -> bool:
    if config is None or not config.exclude:
        return False
    relative = _relative(path, config.root)
    return any(
        fnmatch.fnmatch(relative, g) or fnmatch.fnmatch(os.path.basename(path), g) for g in config.exclude
    )


STARTER = """\
# reportlint configuration (https://… see README: Configuration). The nearest reportlint.toml
# above a checked file applies; [tool.reportlint] in pyproject.toml works the same way.

# template = "auto"            # party-spirit | life-meeting | self-examination | duty-report |
#                              # rectification | checklist-table | a TOML path | auto (detect)
# checklist = "2024-mzshh"     # every aspect of the year's list must be examined (K101/K102)
# lang = "zh"                  # zh | en
# fail-on = "warning"          # exit 1 at or above: error | warning | info
# timeout = 30                 # seconds one file's check may take (0: no limit); past it, E013
# profile = "auto"             # format profile (F1xx): auto = GB/T 9704 for .docx | none | a TOML path

# Rules: codes (N101) or prefixes (N, C2); every rule runs unless select narrows it, except D101
# (copied passages between the reports of a run), which runs only when named: extend-select = ["D"].
# select = ["S", "N", "C", "L", "R", "K"]
# extend-select = ["D"]
# ignore = ["S106"]

# Files not to check (globs relative to this file).
# exclude = ["drafts/**"]

# [severity]
# N105 = "error"

# [per-file-ignores]
# "archive/**" = ["L", "N105"]

# [lengths]                     # override the template's thresholds (字 as Word counts them)
# document_min_chars = 1000
# item_min_chars = 40

# [format.headings.2]           # an organiser's own layout rules over the profile
# bold = true
# [format.line_spacing]
# exact_min = 30

# [substance]                   # the substance rules Q101–Q108 (rules/substance.toml has every key)
# problem_vague_terms = 6       # stock phrases before a problem is plainly unspecific (Q101)
# [substance.lexicons.objective_excuse]
# extend = ["迎检任务多"]        # terms added to a list; `remove` takes out, `terms` replaces it
"""
