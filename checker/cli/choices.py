"""The choices the commands' options take and what the shared ones mean, without typer: the
quick path of a check (checker/cli/quick.py) uses them too, and must not import it."""

from __future__ import annotations

import os
import sys
from enum import StrEnum


class Lang(StrEnum):
    zh = "zh"
    en = "en"


class Format(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"
    html = "html"
    xlsx = "xlsx"


class LinkBackend(StrEnum):
    auto = "auto"
    lexical = "lexical"
    semantic = "semantic"
    blend = "blend"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


# What the shared options mean (the check command's quick path reads them too).
BACKEND_MISSING = "reportlint: --links semantic 需要安装 / needs: pip install 'reportlint[semantic]'"


def available_backend(links: LinkBackend) -> str | None:
    """The link back end to use (auto: checker.run.plan.default_links); None when the one asked
    for is not installed (BACKEND_MISSING says so)."""
    from checker.run.plan import default_links

    if links is LinkBackend.auto:
        return default_links()
    if links is not LinkBackend.lexical and default_links() != "blend":
        return None
    return links.value


def colour() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def workers(jobs: int | None) -> int:
    """The worker processes: --jobs, else one per CPU."""
    return jobs if jobs is not None else (os.cpu_count() or 1)


def language(lang: Lang | None, configured: str | None) -> str:
    """--lang, else the configuration's, else Chinese."""
    return (lang.value if lang else None) or configured or "zh"
