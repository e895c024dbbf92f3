"""Speed: the whole check per .docx against python-docx opening the same files and listing their
text, and against pandoc; the cold start of a one-file check against a python-docx process.

    python bench/speed.py [--docs 200] [--rounds 5] [--pandoc-docs 20] [--cold-runs 10] [--no-batch] [--base PATH]

Every figure is a ratio to a baseline measured in the same run, the two turn about (the machine
may be shared): per document, the check (GB/T 9704 profile, as a .docx is checked by default) and
python-docx opening and listing the text alternate on each file, pandoc (docx → plain, a process
per file) on the first --pandoc-docs of each round; the cold start alternates `reportlint FILE`
with a python-docx process doing the same opening and listing.

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

from bench import private_user_cache  # noqa: E402
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


# One process opening a file with python-docx and listing its paragraphs' text: the floor a
# one-file check is held to (the interpreter, lxml and python-docx imported, the file parsed).
_PYTHON_DOCX = "import sys, docx\nfor p in docx.Document(sys.argv[1]).paragraphs: p.text"


def python_docx_listing(path: str) -> None:
    """What the per-document baseline does: open with python-docx and list every paragraph's text."""
    import docx

    for paragraph in docx.Document(path).paragraphs:
        paragraph.text  # noqa: B018  (computed, as a reader of the file would)


def batch_figures(paths: list[str], rounds: int, pandoc_docs: int) -> None:
    """Per document, in one process: the whole check (GB/T 9704 profile, as a .docx is checked by
    default; no cache) against python-docx opening the file and listing its text, the two turn
    about on every document; and against a pandoc process per file (docx → plain text) when
    pandoc is installed. Each round gives medians and their ratio; the median round is printed."""
    from checker.batch.workers import tune_gc
    from checker.pipeline import check_path
    from checker.profile import load_profile
    from checker.template import load_template

    tune_gc()  # the collector's thresholds every reportlint process that checks files runs with
    template, profile = load_template("party-spirit"), load_profile("gbt9704")
    check_path(paths[0], template, profile=profile)  # imports, the grammar and the rules once, as a batch does
    python_docx_listing(paths[0])
    pandoc = shutil.which("pandoc")
    rows = []
    for _ in range(rounds):
        opening, checking, converting = [], [], []
        for index, path in enumerate(paths):
            t0 = time.perf_counter()
            python_docx_listing(path)
            t1 = time.perf_counter()
            result = check_path(path, template, profile=profile)
            t2 = time.perf_counter()
            assert result.error is None and result.report is not None, result.error
            opening.append(t1 - t0)
            checking.append(t2 - t1)
            if pandoc and index < pandoc_docs:
                t0 = time.perf_counter()
                subprocess.run([pandoc, "-f", "docx", "-t", "plain", path, "-o", os.devnull], check=True)
                converting.append(time.perf_counter() - t0)
        check_ms, open_ms = median_ms(checking), median_ms(opening)
        rows.append((check_ms / open_ms, check_ms, open_ms, median_ms(converting) if converting else None))
    rows.sort(key=lambda row: row[0])
    ratio, check_ms, open_ms, pandoc_ms = rows[len(rows) // 2]
    print(f"\nbatch, per .docx (one process, no cache, GB/T 9704 profile; medians over {len(paths)} documents; "
          f"the median of {rounds} rounds, whose ratios ran {rows[0][0]:.2f}–{rows[-1][0]:.2f}x):")  # fmt: skip
    print(f"  python-docx open and list text:   {open_ms:7.2f} ms")
    print(f"  reportlint whole check:           {check_ms:7.2f} ms")
    print(f"  check / python-docx:              {ratio:7.2f}x  (goal ≤ 1.0x)")
    if pandoc_ms is None:
        print("  pandoc: not installed (apt-get install pandoc), no figure")
    else:
        print(f"  pandoc per file (docx → plain):   {pandoc_ms:7.2f} ms ({pandoc_docs} documents a round)")
        print(f"  check / pandoc:                   {check_ms / pandoc_ms:7.2f}x  (goal ≤ 0.5x)")


def cold_figures(one: str, runs: int) -> None:
    """A one-file check from a fresh process against a python-docx process opening the same file
    and listing its text, the commands turn about; medians of ``runs`` of each."""
    exe = shutil.which("reportlint") or str(Path(sys.executable).parent / "reportlint")
    # Bytecode written as users have it (a session may set PYTHONDONTWRITEBYTECODE); this
    # checkout's code, whichever one the venv installed.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"NO_COLOR": "1",
                                                                                 "PYTHONPATH": str(ROOT)}  # fmt: skip
    reportlint = [sys.executable, "-c", "from checker.main import main; main()"]  # what the console script runs
    commands: dict[str, tuple[list[str], dict[str, str]]] = {
        "python -c pass": ([sys.executable, "-c", "pass"], {}),
        "python -c 'import typer'": ([sys.executable, "-c", "import typer"], {}),
        "python-docx process, open + list": ([sys.executable, "-c", _PYTHON_DOCX, one], {}),
        "reportlint --version": ([*reportlint, "--version"], {}),
        "reportlint FILE.docx --no-cache": ([*reportlint, one, "--no-cache", "-q"], {}),
        "  … without the early worker": ([*reportlint, one, "--no-cache", "-q"], {"REPORTLINT_NO_WORKER": "1"}),
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for cmd, extra in commands.values():  # bytecode and snapshots written once, before any figure
        subprocess.run(cmd, capture_output=True, env=env | extra, check=False)
    for _ in range(runs):
        for name, (cmd, extra) in commands.items():
            t0 = time.perf_counter()
            subprocess.run(cmd, capture_output=True, env=env | extra, check=False)
            times[name].append(time.perf_counter() - t0)
    floor = median_ms(times["python-docx process, open + list"])
    print(f"\ncold start, one file (medians of {runs}, the commands turn about):")
    for name in commands:
        ms = median_ms(times[name])
        print(f"  {name:34} {ms:6.1f} ms   {ms / floor:5.2f}x the python-docx process")
    print("  goal: reportlint FILE.docx ≤ 1.5x the python-docx process")
    top = importtime_top(exe, one, env)
    print("\n-X importtime, one-file check in-process, top ten by cumulative time (ms):")
    for name, cumulative, own in top:
        print(f"  {cumulative / 1000:6.1f}  (own {own / 1000:5.1f})  {name}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the per-document figures")
    parser.add_argument("--pandoc-docs", type=int, default=20, help="documents a round converted by pandoc")
    parser.add_argument("--cold-runs", type=int, default=10)
    parser.add_argument("--no-batch", action="store_true", help="only the cold start")
    parser.add_argument("--base", type=Path, help="another checkout to time side by side (before/after)")
    args = parser.parse_args()
    private_user_cache()

    from checker.text.chars import count_chars_like_word

    workdir = Path(tempfile.mkdtemp(prefix="reportlint-bench-"))
    try:
        rng = random.Random(7)
        paths = []
        sizes = []
        for i in range(args.docs):
            lines = make_report(rng)
            sizes.append(sum(count_chars_like_word(line) for line in lines))
            paths.append(str(write_report(lines, workdir / f"r{i:03}.docx", auto_number_h1=i % 2 == 1)))
        print(f"{len(paths)} documents, median {statistics.median(sizes):.0f} 字")
        if not args.no_batch:
            batch_figures(paths, args.rounds, args.pandoc_docs)
        cold_figures(paths[1], args.cold_runs)
        if args.base is not None:
            compare_checkouts(args.base.resolve(), paths, args.cold_runs)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
