"""What the GB/T 9704 format profile costs: resolving every paragraph's fonts, sizes and spacing
in the reader and running the F rules, against the check without a profile, on generated
~4,000-字 .docx reports (half of them with automatic heading numbers); and what `reportlint
format` costs per file.

    python bench/layout.py [--docs 200] [--rounds 3]

Same files, one process, interleaved, median of --rounds. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.review import with_faults  # noqa: E402
from bench.speed import make_report  # noqa: E402
from tests.docxgen import write_report  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from checker.pipeline import check_path
    from checker.profile import load_profile
    from checker.read import read_bytes
    from checker.template import load_template
    from checker.text.chars import count_chars_like_word
    from checker.write.layout import format_docx

    workdir = Path(tempfile.mkdtemp(prefix="reportlint-layout-"))
    try:
        rng = random.Random(7)
        paths, sizes = [], []
        for i in range(args.docs):
            lines = with_faults(make_report(rng), rng)
            sizes.append(sum(count_chars_like_word(line) for line in lines))
            paths.append(write_report(lines, workdir / f"r{i:03}.docx", auto_number_h1=i % 2 == 1, layout=i % 4 != 3))
        blobs = {p: p.read_bytes() for p in paths}
        template = load_template("party-spirit")
        profile = load_profile("gbt9704")
        check_path(str(paths[0]), template, data=blobs[paths[0]], profile=profile)  # imports, grammar

        kinds = {
            "read": lambda p: read_bytes(str(p), blobs[p]),
            "read + formatting": lambda p: read_bytes(str(p), blobs[p], formatting=True),
            "check": lambda p: check_path(str(p), template, data=blobs[p]),
            "check + profile": lambda p: check_path(str(p), template, data=blobs[p], profile=profile),
            "format": lambda p: format_docx(str(p), blobs[p], profile),
        }
        totals: dict[str, list[float]] = {name: [] for name in kinds}
        for _ in range(args.rounds):
            for name, run in kinds.items():  # interleaved: drift of the machine hits all alike
                t0 = time.perf_counter()
                for path in paths:
                    run(path)
                totals[name].append(time.perf_counter() - t0)
        found = sum(
            sum(1 for d in check_path(str(p), template, data=blobs[p], profile=profile).diagnostics if d.code.startswith("F"))
            for p in paths
        )
        print(f"{len(paths)} documents, median {statistics.median(sizes):.0f} 字; {found} layout findings in all")
        for name, samples in totals.items():
            median = statistics.median(samples)
            base = statistics.median(totals["read" if name.startswith("read") else "check"])
            print(f"{name:18} {median:6.2f} s  ({median / len(paths) * 1000:5.1f} ms a file)  "
                  f"{median / base:4.2f}x {'the read' if name.startswith('read') else 'the check'}  "
                  f"[{min(samples):.2f}–{max(samples):.2f} s]")  # fmt: skip
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
