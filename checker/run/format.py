"""`reportlint format`: a copy of each Word document laid out as its format profile says,
checked again; the inputs are never changed."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.run.copies import copy_target
from checker.run.plan import CheckOptions, UsageError, plan
from checker.write import names


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
    zipped: dict[str, list[tuple[str, bytes]]] = {}  # an archive → its members' formatted copies
    for task in work.tasks:
        outcome = FormatOutcome(task.path)
        outcomes.append(outcome)
        member = work.members.get(task.path)
        if task.refused is not None:
            if task.path in named or member is not None:
                outcome.error = task.refused
            else:
                outcomes.pop()
            continue
        if not task.path.lower().endswith(WORD_SUFFIXES):
            if member is not None:
                outcomes.pop()  # a text file in an archive, as in a folder
                continue
            if task.path in named:
                outcome.error = ("E010", os.path.splitext(task.path)[1] or task.path)  # format lays out .docx only
            else:
                outcomes.pop()  # a text file found in a folder: nothing to lay out
            continue
        profile = task.settings.format_profile()
        if profile is None:
            outcome.error = ("F000", "profile = none")
            continue
        if task.data is not None and output_dir is None and member is None:
            outcome.error = ("F000", "stdin")
            continue
        target = copy_target(member[0] if member else task.path, work.roots.get(task.path), output_dir,
                             names.FORMATTED_ARCHIVE if member else names.FORMATTED)  # fmt: skip
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
        if member is not None:  # written with the archive's other members below
            zipped.setdefault(str(target), []).append((os.path.splitext(member[1])[0] + names.FORMATTED, done.data))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, done.data)
        outcome.target = str(target)
        outcome.paragraphs, outcome.typed_labels, outcome.footers_added = done.paragraphs, done.typed_labels, done.footers_added
        again = task.check_bytes(done.data)
        outcome.remaining = [d for d in again.diagnostics if d.code.startswith("F") and d.code != "F111"]
    if zipped:
        from checker.read.archive import write_archive

        for target_name, files in zipped.items():
            write_atomically(Path(target_name), write_archive(files))
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

