"""Speed: the whole check per .docx against python-docx merely opening the same files, and the
cold start of the command line.

    python bench/speed.py [--docs 200] [--cold-runs 10] [--base PATH]

With ``--base``, a second checkout (``git worktree add ../base <commit>``; this venv runs it) is
timed in the same run on the same documents, each checkout in its own process, turn about: the
per-document time and the cold starts of both, and their ratio, are measured side by side.

Generates ~4,000-字 reports (typed and automatically numbered headings, runs split mid-word),
then prints medians. Figures are printed, never asserted: timing belongs in a script.
"""

from __future__ import annotations

import argparse
import json
import os
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

from tests.docxgen import write_report  # noqa: E402

PHRASES = [
    "理论学习不够系统深入", "联系服务群众不够紧密", "担当作为的劲头不足", "工作作风不够扎实",
    "纪律规矩意识有所放松", "调查研究不够深入", "创新意识不强", "抓落实的韧劲不够",
]  # fmt: skip
FILLER = "结合分管工作实际，认真对照检查，深入查找差距，在具体工作中表现为学用结合不紧、推动落实不力、跟踪问效不够，需要在今后切实加以改进。"


def make_report(rng: random.Random) -> list[str]:
    lines = [
        "党性分析报告",
        "按照党组统一安排，我认真学习规定篇目，广泛征求意见，现将个人党性分析情况报告如下。" + FILLER,
    ]
    for number, title in zip("一二三", ("存在的主要问题", "产生问题的原因", "今后的努力方向"), strict=True):
        lines.append(f"{number}、{title}")
        for k, cn in enumerate("一二三四五"):
            phrase = rng.choice(PHRASES)
            lines.append(f"（{cn}）{phrase}")
            for sub in range(1, 3):
                lines.append(f"{sub}.{phrase}的第{sub}个表现。" + FILLER * (1 + (k + sub) % 2))
    lines += ["以上分析，请同志们批评指正。", "报告人：张某", "2024年12月20日"]
    return lines


def importtime_top(exe: str, path: str, env: dict[str, str], count: int = 10) -> list[tuple[str, int, int]]:
    """The imports of a one-file check (in-process) that cost most, as -X importtime reports them."""
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "checker", path, "--no-cache", "-q"],
                         capture_output=True, text=True, env=env | {"REPORTLINT_NO_WORKER": "1"}, cwd=ROOT)  # fmt: skip
    rows = []
    for line in run.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own, cumulative, name = line[len("import time:") :].split("|")
        # First-level imports (what the run asked for) and the project's own modules at any depth.
        if not name[1:].startswith(" ") or name.strip().startswith("checker"):
            rows.append((name.strip(), int(cumulative), int(own)))
    return sorted(rows, key=lambda r: -r[1])[:count]


# A process that checks the documents with one checkout's code and prints each one's time (ms).
_TIMER = """
import json, sys, time
root, paths = sys.argv[1], sys.argv[2:]
sys.path.insert(0, root)
try:
    from checker.pipeline import check_path
except ImportError:  # before the pipeline was called so
    from checker.engine import check_path
from checker.profile import load_profile
from checker.template import load_template
from checker.write.layout import format_docx
template, profile = load_template("party-spirit"), load_profile("gbt9704")
check_path(paths[0], template, profile=profile)  # imports, the grammar and the rules once, as a batch does
format_docx(paths[0], open(paths[0], "rb").read(), profile)
times = []
for path in paths:
    t0 = time.perf_counter()
    result = check_path(path, template, profile=profile)
    checked = time.perf_counter()
    format_docx(path, open(path, "rb").read(), profile)
    times.append(((checked - t0) * 1000, (time.perf_counter() - checked) * 1000))
    assert result.error is None, result.error
print(json.dumps(times))
"""


def checkout_times(root: Path, paths: list[str]) -> list[tuple[float, float]]:
    """Per document, the checkout at ``root``'s whole check (with the GB/T 9704 profile, as a .docx
    is checked by default) and `format` (its copy laid out), in ms."""
    out = subprocess.run([sys.executable, "-c", _TIMER, str(root), *paths], capture_output=True, text=True,
                         env=os.environ | {"PYTHONPATH": str(root)}, cwd=root, check=True)  # fmt: skip
    return [(float(c), float(f)) for c, f in json.loads(out.stdout)]


def fastest(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> list[tuple[float, float]]:
    return [(min(x[0], y[0]), min(x[1], y[1])) for x, y in zip(a, b, strict=True)] if a else b


def compare_checkouts(base: Path, paths: list[str], cold_runs: int) -> None:
    """This checkout against ``base``: per-document check time and cold starts, turn about."""
    ours: list[tuple[float, float]] = []
    theirs: list[tuple[float, float]] = []
    for _ in range(3):  # turn about: a machine busier in one turn weighs on both
        ours = fastest(ours, checkout_times(ROOT, paths))
        theirs = fastest(theirs, checkout_times(base, paths))
    print(f"\nper document, this checkout against {base} (median over {len(paths)} documents of each one's "
          "fastest of three, the two checkouts turn about):")  # fmt: skip
    for index, label in ((0, "whole check (GB/T 9704 profile)"), (1, "format (a laid-out copy)")):
        now, before = statistics.median(t[index] for t in ours), statistics.median(t[index] for t in theirs)
        print(f"  {label:32} before {before:7.2f} ms   after {now:7.2f} ms   after / before {now / before:5.3f}")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"NO_COLOR": "1"}

    def wall(root: Path, args: list[str], extra: dict[str, str] | None = None) -> float:
        cmd = [sys.executable, "-m", "checker", *args]
        run_env = env | {"PYTHONPATH": str(root)} | (extra or {})
        subprocess.run(cmd, capture_output=True, env=run_env, cwd=root, check=False)  # bytecode, caches
        times = []
        for _ in range(cold_runs):
            t0 = time.perf_counter()
            subprocess.run(cmd, capture_output=True, env=run_env, cwd=root, check=False)
            times.append(time.perf_counter() - t0)
        return median_ms(times)

    for label, args, extra in (("--version", ["--version"], None),
                               ("FILE.docx (no cache)", [paths[1], "--no-cache", "-q"], None),
                               ("  … without the early worker", [paths[1], "--no-cache", "-q"], {"REPORTLINT_NO_WORKER": "1"})):  # fmt: skip
        after, earlier = wall(ROOT, args, extra), wall(base, args, extra)
        print(f"  reportlint {label:30} before {earlier:6.1f} ms   after {after:6.1f} ms   ({after / earlier:5.3f})")
    for label, args in (("--version", ["--version"]), ("FILE.docx, in-process", [paths[1], "--no-cache", "-q"])):
        counts = [imported(root, args, env) for root in (base, ROOT)]
        print(f"  modules imported by reportlint {label}: before {counts[0][0]} ({counts[0][1]} of reportlint's own), "
              f"after {counts[1][0]} ({counts[1][1]})")  # fmt: skip


def imported(root: Path, args: list[str], env: dict[str, str]) -> tuple[int, int]:
    """How many modules a command imports, and how many of them are reportlint's (-X importtime)."""
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "checker", *args], capture_output=True, text=True,
                         env=env | {"PYTHONPATH": str(root), "REPORTLINT_NO_WORKER": "1"}, cwd=root, check=False)  # fmt: skip
    names = [line.split("|")[-1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")]
    names = [n for n in names if n != "package"]
    return len(names), sum(1 for n in names if n == "checker" or n.startswith("checker."))


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--cold-runs", type=int, default=10)
    parser.add_argument("--base", type=Path, help="another checkout to time side by side (before/after)")
    args = parser.parse_args()

    from checker.pipeline import check_path
    from checker.template import load_template
    from checker.text.chars import count_chars_like_word

    workdir = Path(tempfile.mkdtemp(prefix="reportlint-bench-"))
    try:
        rng = random.Random(7)
        paths = []
        sizes = []
        for i in range(args.docs):
            lines = make_report(rng)
            sizes.append(sum(count_chars_like_word(line) for line in lines))
            paths.append(write_report(lines, workdir / f"r{i:03}.docx", auto_number_h1=i % 2 == 1))
        print(f"{len(paths)} documents, median {statistics.median(sizes):.0f} 字")

        import docx

        template = load_template("party-spirit")
        check_path(str(paths[0]), template)  # warm imports and the grammar once, as a batch does
        docx.Document(str(paths[0]))
        opening: list[float] = []
        checking: list[float] = []
        for path in paths:
            t0 = time.perf_counter()
            docx.Document(str(path))
            opening.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            result = check_path(str(path), template)
            checking.append(time.perf_counter() - t0)
            assert result.error is None and result.report is not None
        open_ms, check_ms = median_ms(opening), median_ms(checking)
        print(f"python-docx opening a file:     {open_ms:7.2f} ms (median)")
        print(f"reportlint whole check:         {check_ms:7.2f} ms (median)")
        print(f"ratio check / open:             {check_ms / open_ms:7.2f}x  (goal ≤ 1.5x)")

        exe = shutil.which("reportlint") or str(Path(sys.executable).parent / "reportlint")
        # Bytecode written as users have it (a session may set PYTHONDONTWRITEBYTECODE).
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"NO_COLOR": "1"}
        one = str(paths[1])

        def wall(cmd: list[str], extra: dict[str, str] | None = None) -> float:
            subprocess.run(cmd, capture_output=True, env=env | (extra or {}), check=False)  # bytecode, caches
            times = []
            for _ in range(args.cold_runs):
                t0 = time.perf_counter()
                subprocess.run(cmd, capture_output=True, env=env | (extra or {}), check=False)
                times.append(time.perf_counter() - t0)
            return median_ms(times)

        bare = wall([sys.executable, "-c", "pass"])
        typer_start = wall([sys.executable, "-c", "import typer"])
        version = wall([exe, "--version"])
        cold = wall([exe, one, "--no-cache", "-q"])
        in_process = wall([exe, one, "--no-cache", "-q"], {"REPORTLINT_NO_WORKER": "1"})
        print(f"python -c pass:                     {bare:6.1f} ms (median of {args.cold_runs})")
        print(f"python -c 'import typer':           {typer_start:6.1f} ms")
        print(f"reportlint --version:               {version:6.1f} ms")
        print(f"reportlint FILE.docx (no cache):    {cold:6.1f} ms = {cold / version:.1f}x --version, "
              f"{cold / typer_start:.1f}x a typer start (goal 1.5x --version)")  # fmt: skip
        print(f"  … without the early worker:       {in_process:6.1f} ms = {in_process / version:.1f}x --version")
        top = importtime_top(exe, one, env)
        print("\n-X importtime, one-file check in-process, top ten by cumulative time (ms):")
        for name, cumulative, own in top:
            print(f"  {cumulative / 1000:6.1f}  (own {own / 1000:5.1f})  {name}")
        if args.base is not None:
            compare_checkouts(args.base.resolve(), [str(p) for p in paths], args.cold_runs)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
