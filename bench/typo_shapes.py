"""Regenerate the look-alike character pairs of rules/typos.toml (`shapes`) from char-similar's
tables (four-corner codes, stroke counts, structures and stroke orders; MIT, see
rules/TYPOS-SOURCES.md). Only a maintainer runs this, with char-similar-z installed:

    pip install char-similar-z && python bench/typo_shapes.py > /tmp/shapes.txt

Two characters of GB 2312 (at least one of level 1, the 3,755 common ones) are look-alikes when
they share the first four digits of their four-corner code, a stroke count
within one, and stroke orders at least 85 % alike: 己/已, 侯/候, 拨/拔, 戊/戍, 浙/淅, 治/冶.
"""

from __future__ import annotations

import difflib
import json
import sys
from collections import defaultdict
from pathlib import Path


def level(c: str) -> int:
    try:
        raw = c.encode("gb2312")
    except UnicodeEncodeError:
        return 0
    return 0 if len(raw) != 2 else (1 if raw[0] <= 0xD7 else 2)


def main() -> int:
    try:
        import char_similar_z
    except ImportError:
        print("char-similar-z is not installed", file=sys.stderr)
        return 1
    data = Path(char_similar_z.__file__).parent / "data"
    corner = json.loads((data / "char_fourangle.dict").read_text("utf-8"))
    strokes = json.loads((data / "char_number.dict").read_text("utf-8"))
    order = json.loads((data / "char_order.dict").read_text("utf-8"))
    chars = [chr(i) for i in range(0x4E00, 0xA000) if level(chr(i)) and chr(i) in corner and chr(i) in order]
    by_code: dict[str, list[str]] = defaultdict(list)
    for c in chars:
        by_code[corner[c][:4]].append(c)
    pairs = []
    for group in by_code.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if 1 not in (level(a), level(b)) or abs(strokes[a] - strokes[b]) > 1:
                    continue
                if difflib.SequenceMatcher(None, order[a], order[b]).ratio() >= 0.85:
                    pairs.append(a + b)
    pairs.sort()
    for start in range(0, len(pairs), 20):
        print("  " + ", ".join(f'"{p}"' for p in pairs[start : start + 20]) + ",")
    print(len(pairs), "pairs", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
