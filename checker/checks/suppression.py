"""Unused suppressions (X101): yielded by the engine after it applies the writer's
`reportlint: ignore[…]` remarks, documented here like every other rule."""

from __future__ import annotations

from checker.checks.base import Severity, register_static

register_static(
    code="X101",
    name="unused-suppression",
    severity=Severity.INFO,
    family="suppression",
    summary={"zh": "忽略指令没有忽略任何发现。", "en": "A suppression that suppresses nothing."},
    why={
        "zh": "问题改好后留下的忽略指令会在将来掩盖新问题；不再需要时应删除（同 ruff 的 RUF100）。",
        "en": "A suppression left after the fix would hide a future problem; remove it when unused (as ruff's RUF100).",
    },
    bad="<!-- reportlint: ignore[N101] 编号按上级模板 -->\n一是……二是……（编号连续，指令无用）",
    good="一是……二是……（不再需要指令）",
)
