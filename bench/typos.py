"""错别字 (T105) measured: recall, corrections and false alarms on ../shared/corpus/typos, false
alarms on every report of ../shared/corpus and examples/, the time per 1,000 characters, the
cost on a 6,000-字 report's check, and the candidates the rule was chosen from.

    python bench/typos.py [--sighan PATH] [--no-candidates] [--runs 7]

* sentence-level detection recall: a typo line counts when a finding overlaps its labelled span
  (T105 alone, and T104 + T105: T105 leaves T104's words to T104), by kind;
* correction accuracy: of the findings on labelled spans, how many fixes give the right sentence;
* false alarms: any T105 finding on clean.txt, and on typo lines outside the labelled span;
* reports: T105 findings on d01–d24, s01–s12 and examples/ (none has a typo);
* real documents: every T105 finding on ../shared/realdocx (Word and WPS files written outside the
  project: notices, plans, meeting materials, theses), printed to be judged by eye;
* time per 1,000 characters of the rule alone (warm), and the whole check of a 6,000-字 report
  from a fresh process, with T105 and without it (`--ignore T105`), medians of ``--runs``;
* candidates (``--no-candidates`` skips them): each source switched off or swapped (pypinyin's
  readings for the input method's, no bigram model, no look-alikes, other frequency floors), and
  each mechanism on its own, so the choice in checker/typos/ rests on figures;
* ``--sighan PATH``: a tab-separated file of sentence and corrected sentence (SIGHAN-15 in that
  form). Read where it lies, never copied; skipped when absent.

The corpus is measuring material: nothing here feeds the rule.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"
TYPOS = CORPUS / "typos"

Found = tuple[str, int, int, str]  # code, start, end, fix


def findings(text: str) -> list[Found]:
    """T104 and T105 on one paragraph, as the checks yield them."""
    from checker.terms import lists
    from checker.typos import find_typos

    data = lists()
    out: list[Found] = []
    owned = [(end - len(key) + 1, end + 1, word) for end, (key, word) in data.literal_words.iter(text)]
    for start, end, word in owned:
        if word.after or word.before or word.near:
            continue  # context-checked: counted only through the engine (below)
        out.append(("T104", start, end, word.right))
    out += [("T105", t.start, t.end, t.expected) for t in find_typos(text, [(s, e) for s, e, _ in owned])]
    return out


def engine_findings(text: str) -> list[Found]:
    """T104 and T105 through the real engine (context checks, spans, fixes)."""
    from checker.pipeline import check_path

    result = check_path("s.txt", None, data=text.encode("utf-8"))
    out = []
    for d in result.diagnostics:
        if d.code in ("T104", "T105") and d.line == 1:
            out.append((d.code, d.column - 1, d.end_column, d.fix or ""))
    return out


def score(find: Callable[[str], list[Found]], codes: tuple[str, ...] = ("T105",)) -> dict[str, object]:
    typo = (TYPOS / "typo.txt").read_text("utf-8").split("\n")[:-1]
    clean = (TYPOS / "clean.txt").read_text("utf-8").split("\n")[:-1]
    labels = {e["line"]: e for e in json.loads((TYPOS / "labels.json").read_text("utf-8"))["typo"]}
    hit: Counter[str] = Counter()
    total: Counter[str] = Counter()
    reported = corrected = outside = 0
    for number, line in enumerate(typo, 1):
        e = labels[number]
        total[e["kind"]] += 1
        lo, hi = e["col"], e["col"] + len(e["wrong"])
        right = line[:lo] + e["right"] + line[hi:]
        ok = False
        for code, start, end, fix in find(line):
            if code not in codes:
                continue
            if start < hi and lo < end:
                ok = True
                reported += 1
                corrected += line[:start] + fix + line[end:] == right
            else:
                outside += 1
        hit[e["kind"]] += ok
    clean_alarms = [(line, f) for line in clean for f in find(line) if f[0] in codes]
    return {
        "recall": sum(hit.values()) / len(typo),
        "kinds": {k: f"{hit[k]}/{total[k]}" for k in sorted(total)},
        "corrected": f"{corrected}/{reported}",
        "clean": len(clean_alarms),
        "outside": outside,
        "alarms": clean_alarms,
    }


def report_files() -> list[Path]:
    files = sorted(CORPUS.glob("d*.txt")) + sorted((CORPUS / "harder").glob("d*.txt"))
    files += sorted((CORPUS / "substance").glob("s*.txt"))
    files += [p for p in sorted((ROOT / "examples").iterdir()) if p.suffix in (".txt", ".md", ".docx")]
    return files


def report_alarms() -> tuple[int, list[str], int]:
    """T105 findings on every report (none has a typo), the characters checked and the rule's time."""
    from checker.pipeline import check_path

    alarms: list[str] = []
    chars = 0
    for path in report_files():
        result = check_path(str(path))
        chars += result.chars
        for d in result.diagnostics:
            if d.code == "T105":
                alarms.append(f"{path.name}:{d.line}: {d.args['found']} → {d.args['expected']}")
    return len(report_files()), alarms, chars


def real_documents() -> None:
    """Every T105 finding on the real Word and WPS files, with its context, to be judged by eye."""
    from checker.pipeline import check_path

    files = sorted((ROOT.parent / "shared" / "realdocx").glob("*.docx"))
    found, chars = [], 0
    for path in files:
        result = check_path(str(path))
        chars += result.chars
        if result.document is None:
            continue
        for d in result.diagnostics:
            if d.code == "T105":
                line = result.document.line_text(d.line)
                context = line[max(0, d.column - 9) : d.column + 9]
                found.append(f"{path.name}:{d.line}: {d.args['found']} → {d.args['expected']}  ({context})")
    print(f"real documents: {len(found)} T105 findings on {len(files)} files ({chars:,} characters)")
    for line in found:
        print(f"  {line}")


def rule_time() -> float:
    """Milliseconds of find_typos per 1,000 characters over the reports, warm."""
    from checker.typos import find_typos

    paragraphs = []
    for path in report_files():
        if path.suffix != ".docx":
            paragraphs += [p for p in path.read_text("utf-8").splitlines() if p.strip()]
    find_typos(paragraphs[0])
    chars = sum(len(p) for p in paragraphs)
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        for p in paragraphs:
            find_typos(p)
        runs.append(time.perf_counter() - start)
    return min(runs) / chars * 1e6


def cold_check(runs: int) -> dict[str, float]:
    """The whole check of a 6,000-字 report from a fresh process: without T105, with it, and
    without it but with jieba's dictionary loaded first (what T105 costs once another rule has
    loaded the shared segmenter). Medians, the three interleaved."""
    sys.path.insert(0, str(ROOT / "bench"))
    from segment import report_text

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.txt"
        path.write_text(report_text(), "utf-8")
        args = [str(path), "--no-cache", "-q"]
        preload = ("import sys; from checker.text import words; words.segment('理论学习'); "
                   f"sys.argv = ['reportlint', *{args!r}, '--ignore', 'T105']; "
                   "from checker.main import main; main()")  # fmt: skip
        commands = {
            "without T105": [sys.executable, "-m", "checker", *args, "--ignore", "T105"],
            "with T105": [sys.executable, "-m", "checker", *args],
            "without T105, segmenter loaded": [sys.executable, "-c", preload],
        }
        subprocess.run(commands["with T105"], capture_output=True, cwd=ROOT)  # snapshots built, files cached
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                start = time.perf_counter()
                subprocess.run(command, capture_output=True, cwd=ROOT)
                times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


@contextmanager
def patched(**changes: object) -> Iterator[None]:
    """checker.typos with some of its data or settings swapped, caches cleared around it. A
    setting is changed in the module that reads it (checker/typos/find.py or data.py)."""
    from checker.typos import data as typo_module
    from checker.typos import find

    data = typo_module.typo_data()
    saved = {}
    for name, value in changes.items():
        owner = data if hasattr(data, name) else find if hasattr(find, name) else typo_module
        saved[name] = (owner, getattr(owner, name))
        setattr(owner, name, value)
    _forget(find)
    try:
        yield
    finally:
        for name, (owner, value) in saved.items():
            setattr(owner, name, value)
        _forget(find)


def _forget(find: Any) -> None:
    """T105's memos of what a window or a word could become: each depends on the data and settings."""
    for memo in (find._fixes, find._swaps, find._could_fix, find._hopeless, find._rare_han):
        memo.cache_clear()
    find._LOOSE.clear()


def pypinyin_readings() -> tuple[dict[str, tuple[str, ...]], dict[str, str]] | None:
    """Every reading pypinyin knows (heteronyms, toneless), homophones in the same order."""
    try:
        import pypinyin
    except ImportError:
        return None
    from checker import typos

    data = typos.typo_data()
    order = {c: i for r in data.by_reading.values() for i, c in enumerate(r)}
    readings = {}
    for c in data.readings:
        found = pypinyin.pinyin(c, heteronym=True, style=pypinyin.Style.NORMAL)[0]
        readings[c] = tuple(sorted({r.replace("ü", "v") for r in found}))
    by_reading: dict[str, list[str]] = {}
    for c in sorted(readings, key=lambda c: order.get(c, 99)):
        for r in readings[c]:
            by_reading.setdefault(r, []).append(c)
    return readings, {r: "".join(cs[: typos.data.HOMOPHONES]) for r, cs in by_reading.items()}


def candidates() -> None:
    from checker import typos

    def line(name: str) -> None:
        s = score(findings)
        alarms = report_alarm_count()
        print(f"  {name:<44} recall {s['recall']:.2f} {s['kinds']}  fixes {s['corrected']}  "
              f"clean {s['clean']}  outside {s['outside']}  reports {alarms}")  # fmt: skip

    print("candidates (T105 alone; reports = T105 findings on the clean reports):")
    line("chosen")
    with patched(lm_keys=typos.typo_data().lm_keys[:0], lm_default={}):
        line("no bigram model (gain 0 everywhere)")
    with patched(MIN_GAIN={2: -99.0, 3: -99.0, 4: -99.0}):
        line("bigram model not used as a gate")
    swapped = pypinyin_readings()
    if swapped:
        with patched(readings=swapped[0], by_reading=swapped[1]):
            line("pypinyin readings (all heteronyms)")
    else:
        print("  pypinyin readings: pypinyin not installed")
    with patched(shapes={}):
        line("no look-alikes")
    with patched(MIN_FREQUENCY={2: 100, 3: 50, 4: 3}):
        line("correction counts ≥ 100 / 50 / 3")
    with patched(MIN_FREQUENCY={2: 5000, 3: 500, 4: 20}):
        line("correction counts ≥ 5000 / 500 / 20")
    full = typos.typo_data().by_reading
    with patched(by_reading={r: cs[:10] for r, cs in full.items()}):
        line("10 homophones per syllable (chosen: 30)")
    print("mechanisms on their own (T105 alone):")
    for name, keep in (("classic wrong forms", "_curated"), ("context patterns", "_confused"),
                       ("的/地/得", "_particles"), ("non-words (sound, shape)", "_non_words")):  # fmt: skip
        off = {
            m: (lambda *a, **k: [])
            for m in ("_curated", "_confused", "_particles", "_non_words")
            if m != keep
        }
        with patched(**off):
            s = score(findings)
            print(f"  {name:<44} recall {s['recall']:.2f} {s['kinds']}  clean {s['clean']}")


def report_alarm_count() -> int:
    total = 0
    for path in report_files():
        if path.suffix == ".docx":
            continue
        for p in path.read_text("utf-8").splitlines():
            total += sum(1 for f in findings(p) if f[0] == "T105")
    return total


def own() -> None:
    """bench/data/typos_own.tsv: sentences written for the project after the rule was built,
    typos of each kind with words the corpus does not use, and sound prose of other trades."""
    rows = [
        r.split("\t") for r in (ROOT / "bench" / "data" / "typos_own.tsv").read_text("utf-8").splitlines()
    ]
    hit: Counter[str] = Counter()
    total: Counter[str] = Counter()
    alarms = 0
    for kind, sentence, wrong, _ in (r for r in rows if len(r) == 4):
        found = [f for f in engine_findings(sentence) if f[0] in ("T104", "T105")]
        if kind == "ok":
            alarms += len(found)
            continue
        total[kind] += 1
        col = sentence.index(wrong)
        hit[kind] += any(s < col + len(wrong) and col < e for _, s, e, _ in found)
    print(f"own sentences (bench/data/typos_own.tsv): T104 + T105 find {sum(hit.values())}/{sum(total.values())} "
          f"{ {k: f'{hit[k]}/{total[k]}' for k in sorted(total)} }; {alarms} findings on "
          f"{sum(1 for r in rows if r[0] == 'ok')} sound sentences")  # fmt: skip


def sighan(path: Path) -> None:
    rows = [r.split("\t") for r in path.read_text("utf-8").splitlines() if "\t" in r]
    wrong = [(a, b) for a, b in rows if a != b and len(a) == len(b)]
    right = [b for a, b in rows]
    found = sum(1 for a, _ in wrong if any(f[0] == "T105" for f in findings(a)))
    alarms = sum(1 for b in right if any(f[0] == "T105" for f in findings(b)))
    print(f"SIGHAN ({path.name}): {found}/{len(wrong)} erroneous sentences flagged "
          f"({found / max(1, len(wrong)):.3f}); {alarms}/{len(right)} corrected sentences flagged")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sighan", type=Path)
    parser.add_argument("--no-candidates", action="store_true")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not (TYPOS / "labels.json").exists():
        print("../shared/corpus/typos is absent: nothing to measure")
        return 0
    from checker import typos

    start = time.perf_counter()
    typos.typo_data()
    typos.find_typos("认真落实部署要求")
    print(f"data loaded in {time.perf_counter() - start:.2f} s (snapshot and segmenter)")
    print("on ../shared/corpus/typos (150 typo lines: a 60, b 40, c 30, d 20; 150 clean lines):")
    for name, find, codes in (("T105", engine_findings, ("T105",)),
                              ("T104 + T105", engine_findings, ("T104", "T105"))):  # fmt: skip
        s = score(find, codes)
        print(f"  {name:<12} sentence recall {s['recall']:.3f}  by kind {s['kinds']}  "
              f"correct fixes {s['corrected']}  false alarms: clean {s['clean']}/150, "
              f"outside the labelled span {s['outside']}")  # fmt: skip
        for text, f in s["alarms"]:  # type: ignore[attr-defined]
            print(f"    clean: {text[max(0, f[1] - 6) : f[2] + 6]} → {f[3]}")
    own()
    count, alarms, chars = report_alarms()
    print(f"reports: {len(alarms)} T105 findings on {count} reports ({chars:,} characters)")
    real_documents()
    for alarm in alarms:
        print("   ", alarm)
    print(f"time: {rule_time():.2f} ms per 1,000 characters (T105 alone, warm)")
    cold = cold_check(args.runs)
    base, full, loaded = cold["without T105"], cold["with T105"], cold["without T105, segmenter loaded"]
    print(f"6,000-字 report, whole check from a fresh process (median of {args.runs}): {base:.3f} s without "
          f"T105, {full:.3f} s with it ({full / base:.2f}×); jieba's dictionary (rjieba, shared with any rule "
          f"that cuts words) is {loaded - base:.3f} s of that, T105's own data and work {full - loaded:.3f} s "
          f"({full / loaded:.2f}× a check that has the segmenter already)")  # fmt: skip
    if args.sighan:
        if args.sighan.exists():
            sighan(args.sighan)
        else:
            print(f"SIGHAN: {args.sighan} is absent, skipped")
    if not args.no_candidates:
        candidates()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
