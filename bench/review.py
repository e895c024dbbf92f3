"""Review copies: what annotating (a comment per finding) and fixing add to checking, on
generated ~4,000-字 .docx reports with a few faults each.

    python bench/review.py [--docs 200] [--rounds 3]

In one process, the same files, interleaved, median of --rounds: the check alone; the check
plus the annotated copy (what `--annotate` does per file); the check plus the corrected copy
(`--fix`). Then the same through the command line over the folder (--jobs 1, no cache).
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.speed import make_report  # noqa: E402
from tests.docxgen import write_report  # noqa: E402


def with_faults(lines: list[str], rng: random.Random) -> list[str]:
    """A gap, a half-width comma and a bracket typed half-width, at random places."""
    out = list(lines)
    items = [i for i, line in enumerate(out) if line[:2] in ("1.", "2.")]
    i = rng.choice(items)
    out[i] = "3." + out[i][2:]
    j = rng.randrange(2, len(out) - 3)
    out[j] = out[j].replace("，", ",", 1)
    heads = [i for i, line in enumerate(out) if line.startswith("（")]
    k = rng.choice(heads)
    out[k] = "(" + out[k][1:].replace("）", ")", 1)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from checker.pipeline import check_path
    from checker.template import load_template
    from checker.text.chars import count_chars_like_word
    from checker.write.annotate import annotate_docx
    from checker.write.fix import fix_file

    workdir = Path(tempfile.mkdtemp(prefix="reportlint-review-"))
    try:
        rng = random.Random(11)
        folder = workdir / "reports"
        folder.mkdir()
        paths, sizes = [], []
        for i in range(args.docs):
            lines = with_faults(make_report(rng), rng)
            sizes.append(sum(count_chars_like_word(line) for line in lines))
            paths.append(write_report(lines, folder / f"r{i:03}.docx", auto_number_h1=i % 2 == 1))
        blobs = {p: p.read_bytes() for p in paths}
        template = load_template("party-spirit")
        check_path(str(paths[0]), template)  # imports and the grammar once, as a batch does
        annotate_docx(str(paths[0]), blobs[paths[0]], [], "zh")

        def check_only(path: Path) -> None:
            check_path(str(path), template, data=blobs[path])

        def check_and_annotate(path: Path) -> None:
            result = check_path(str(path), template, data=blobs[path])
            annotate_docx(str(path), blobs[path], result.diagnostics, "zh")

        def check_and_fix(path: Path) -> None:
            result = check_path(str(path), template, data=blobs[path])
            fix_file(str(path), blobs[path], result, lambda d: check_path(str(path), template, data=d), False)

        kinds = {"check": check_only, "check + annotate": check_and_annotate, "check + fix": check_and_fix}
        totals: dict[str, list[float]] = {name: [] for name in kinds}
        for _ in range(args.rounds):
            for name, run in kinds.items():  # interleaved: drift of the machine hits all alike
                t0 = time.perf_counter()
                for path in paths:
                    run(path)
                totals[name].append(time.perf_counter() - t0)
        comments = sum(len(check_path(str(p), template, data=blobs[p]).diagnostics) for p in paths)
        print(f"{len(paths)} documents, median {statistics.median(sizes):.0f} 字, {comments} findings in all")
        base = statistics.median(totals["check"])
        for name, samples in totals.items():
            median = statistics.median(samples)
            print(f"{name:18} {median:6.2f} s  ({median / len(paths) * 1000:5.1f} ms a file)  "
                  f"{median / base:4.2f}x the check  [{min(samples):.2f}–{max(samples):.2f} s]")  # fmt: skip

        exe = [sys.executable, "-m", "checker"]
        cli: dict[str, list[float]] = {"cli check": [], "cli --annotate": []}
        for _ in range(args.rounds):
            for name, extra in (("cli check", []), ("cli --annotate", ["--annotate", "--output-dir", str(workdir / "out")])):
                t0 = time.perf_counter()
                subprocess.run([*exe, str(folder), "--no-cache", "--jobs", "1", "-q", *extra],
                               capture_output=True, cwd=ROOT, check=False)  # fmt: skip
                cli[name].append(time.perf_counter() - t0)
        base = statistics.median(cli["cli check"])
        for name, samples in cli.items():
            median = statistics.median(samples)
            print(f"{name:18} {median:6.2f} s  {median / base:4.2f}x  [{min(samples):.2f}–{max(samples):.2f} s]")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
