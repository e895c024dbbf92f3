"""Shared test helpers: lint a report given as text, find shared/ when it exists."""

from __future__ import annotations

from pathlib import Path

from checker.pipeline import FileResult, check_path
from checker.template import load_template

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def lint_text(text: str, template: str | None = "party-spirit", name: str = "report.txt") -> FileResult:
    """Check ``text``; ``template`` None detects the template as the CLI's default does."""
    return check_path(name, load_template(template) if template else None, data=text.encode("utf-8"))


def codes(result: FileResult) -> list[str]:
    return [d.code for d in result.diagnostics]


def findings(result: FileResult, code: str) -> list[tuple[int, int]]:
    return [(d.line, d.column) for d in result.diagnostics if d.code == code]


LONG = "坚持把学习成果转化为推动工作的具体举措，做到学以致用、知行合一，在实际工作中见到成效。"  # 44 字


def filler(k: int) -> str:
    """A sentence of about 44 字 that differs from every other filler (Y102 flags repeats)."""
    return f"在第{k}次专题学习之后，我坚持把学习成果转化为推动工作的具体举措，在实际工作中见到成效。"


def report(problems: list[str] | None = None, causes: list[str] | None = None,
           measures: list[str] | None = None, title: str = "党性分析报告") -> str:  # fmt: skip
    """A well-formed report whose sections can be replaced to plant one defect at a time."""

    counter = iter(range(1, 100))

    def items(prefix: str) -> list[str]:
        heads = [
            prefix,
            "工作作风不够扎实。" if "问题" in prefix or "学习" in prefix else "纪律意识有所松懈。",
            "服务群众不够主动。",
        ]
        return [f"{n}是{h}{filler(next(counter))}" for n, h in zip("一二三", heads, strict=True)]

    lines = [
        title,
        "按照支部安排，我认真开展了党性分析，现报告如下。" + "".join(filler(k) for k in range(100, 112)),
    ]
    lines += ["一、存在的问题", *(problems if problems is not None else items("理论学习不够深入。"))]
    lines += ["二、原因剖析", *(causes if causes is not None else items("理想信念有所放松。"))]
    lines += ["三、整改措施", *(measures if measures is not None else items("加强理论武装。"))]
    lines += ["以上材料，请同志们批评指正。", "报告人：张某", "2024年12月20日"]
    return "\n".join(lines) + "\n"


# Playwright: drop files (a list of [name, bytes]) on the page's drop zone as a person drags them
# from a folder (the browser and nginx tests).
DROP_FILES = """async (files) => {
  const transfer = new DataTransfer();
  for (const [name, bytes] of files) { transfer.items.add(new File([new Uint8Array(bytes)], name, {type: ''})); }
  const zone = document.getElementById('zone');
  for (const type of ['dragenter', 'dragover', 'drop']) {
    zone.dispatchEvent(new DragEvent(type, {dataTransfer: transfer, bubbles: true, cancelable: true}));
  }
}"""
