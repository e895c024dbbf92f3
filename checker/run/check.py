"""Checking the planned files (the cache, the worker processes), an upload from the web page,
and the documents the HTML report shows."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.read.limits import DEFAULT_LIMITS, Limits
from checker.result import FileResult
from checker.run.plan import Plan, default_links

if TYPE_CHECKING:
    from collections.abc import Callable

    from checker.batch.task import Task
    from checker.batch.workers import WarmWorker


def check(tasks: list[Task], jobs: int, use_cache: bool, warm: WarmWorker | None = None,
          progress: Callable[[int], None] | None = None, outline: bool = False,
          meanwhile: Callable[[], None] | None = None) -> list[FileResult]:  # fmt: skip
    """Results in the order of ``tasks``; ``meanwhile`` is done while workers check (run_tasks)."""
    from checker.batch.workers import run_tasks

    cache = None
    if use_cache:
        from checker.batch.cache import Cache

        cache = Cache(Path.cwd(), need_outline=outline)
    # The command ends soon after: its workers are killed and left for the kernel to reap.
    try:
        return run_tasks(tasks, jobs, cache, progress=progress, warm=warm, reap=False, meanwhile=meanwhile)
    finally:
        if warm is not None:
            warm.stop(reap=False)


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

