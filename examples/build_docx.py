"""Regenerate the .docx examples from the .txt ones: `python examples/build_docx.py`.

nested.docx numbers its level-1 headings with Word's automatic numbering (the 「一、」 is not in
the text), as many real reports do; the others type their numbers.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.docxgen import write_report  # noqa: E402


def main() -> None:
    for name, auto in (("clean", False), ("flawed", False), ("nested", True)):
        lines = (HERE / f"{name}.txt").read_text(encoding="utf-8").splitlines()
        out = write_report(lines, HERE / f"{name}.docx", auto_number_h1=auto)
        print(f"wrote {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
