"""The copies a check writes of each file: the corrected one (--fix, --fix-in-place, --diff) and
the annotated one (--annotate, a Word comment per finding). The input is never changed, but by
--fix-in-place, which replaces it atomically."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from checker.batch.task import Task
from checker.result import Diagnostic, FileResult
from checker.run.plan import Plan
from checker.write import names


@dataclass(slots=True)
class CopyOptions:
    """What copies of a checked file to write: corrected, annotated, where, and whether in place."""

    fix: bool = False
    unsafe: bool = False
    in_place: bool = False
    annotate: bool = False
    diff: bool = False  # print what --fix would change; write nothing
    output_dir: str | None = None
    lang: str = "zh"


@dataclass(slots=True)
class WrittenCopies:
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
    targets = {t.path: copy_target(t.path, work.roots.get(t.path), output_dir, names.ANNOTATED) for t in work.tasks}
    seen: dict[Path, int] = {}
    for target in targets.values():
        seen[target] = seen.get(target, 0) + 1
    for path, target in targets.items():
        if seen[target] > 1 and not path.lower().endswith(".docx"):
            targets[path] = target.with_name(Path(path).name + names.ANNOTATED)
    return targets


def write_copies(task: Task, result: FileResult, options: CopyOptions, root: str | None,
                 annotated_target: Path | None = None, member: ArchiveCopies | None = None) -> WrittenCopies:  # fmt: skip
    """The corrected and annotated copies of one checked file, as ``options`` asks. A member of
    a .zip (``member``) has its copies gathered there, to be written as one .zip each."""
    from checker.write.fix import can_fix, fix_file, unified_diff
    from checker.write.package import write_atomically

    copies = WrittenCopies(task.path)
    if result.error is not None:
        copies.note = "unreadable"
        return copies
    if task.data is not None and options.output_dir is None and not options.diff and member is None:
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
            elif member is not None:
                member.fixed.append((names.fixed_name(member.inside[task.path]), fixed.data))
                copies.fixed = member.target(names.FIXED_ARCHIVE)
            else:
                target = Path(task.path) if options.in_place and task.data is None else (
                    copy_target(task.path, root, options.output_dir, names.fixed_suffix(task.path)))  # fmt: skip
                write_atomically(target, fixed.data)
                copies.fixed = str(target)
    elif wants_fix:
        copies.note = "format"
    if options.annotate and not options.diff:
        from checker.write.annotate import annotate

        annotated, count = annotate(task.path, final_data, final.diagnostics, options.lang)
        if member is not None:
            member.annotated.append((names.annotated_name(member.inside[task.path]), annotated))
            copies.annotated, copies.comments = member.target(names.ANNOTATED_ARCHIVE), count
            return copies
        target = annotated_target or copy_target(task.path, root, options.output_dir, names.ANNOTATED)
        write_atomically(target, annotated)
        copies.annotated, copies.comments = str(target), count
    return copies


@dataclass(slots=True)
class ArchiveCopies:
    """The copies of one .zip's members, written as one .zip each (材料.reportlint.zip,
    材料.fixed.zip) beside it or under --output-dir; the archive itself is never changed."""

    path: str  # the archive
    root: str | None
    output_dir: str | None
    inside: dict[str, str] = field(default_factory=dict)  # a member's task path → its name inside
    annotated: list[tuple[str, bytes]] = field(default_factory=list)
    fixed: list[tuple[str, bytes]] = field(default_factory=list)

    def target(self, suffix: str) -> str:
        return str(copy_target(self.path, self.root, self.output_dir, suffix))

    def write(self) -> None:
        from checker.read.archive import write_archive
        from checker.write.package import write_atomically

        for files, suffix in ((self.annotated, names.ANNOTATED_ARCHIVE), (self.fixed, names.FIXED_ARCHIVE)):
            if files:
                write_atomically(Path(self.target(suffix)), write_archive(files))


def write_all_copies(work: Plan, results: list[FileResult], options: CopyOptions) -> tuple[list[FileResult], list[str], str]:
    """Write the copies of every file; return the results (with --fix-in-place, those of the
    corrected files), a line per file saying what was written, and the diffs (--diff)."""
    zh = options.lang != "en"
    lines: list[str] = []
    diffs: list[str] = []
    out = list(results)
    targets = annotated_targets(work, options.output_dir) if options.annotate else {}
    archives: dict[str, ArchiveCopies] = {}
    for member_path, (archive_path, inside) in work.members.items():
        if archive_path not in archives:
            archives[archive_path] = ArchiveCopies(archive_path, work.roots.get(archive_path), options.output_dir)
        archives[archive_path].inside[member_path] = inside
    for index, (task, result) in enumerate(zip(work.tasks, results, strict=True)):
        member = archives[work.members[task.path][0]] if task.path in work.members else None
        copies = write_copies(task, result, options, work.roots.get(task.path), targets.get(task.path), member)
        lines.extend(copy_lines(copies, options, zh))
        diffs.append(copies.diff)
        if options.in_place and copies.fixed is not None and member is None:
            out[index] = task.run()  # the input now holds the corrected text: show what remains
    for archive in archives.values():
        archive.write()
    return out, lines, "".join(diffs)


def copy_lines(copies: WrittenCopies, options: CopyOptions, zh: bool) -> list[str]:
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

