"""Word segmenters for the evidence and features of links (checker/text/words.py): rjieba (the
jieba-rs binding) against jieba (pure Python), on what matters here.

    python bench/segment.py

* load: a fresh interpreter importing the segmenter and cutting one word (what the first report
  of a run pays), median of 5; jieba twice, since it caches its prefix dictionary in a temporary
  file after the first load;
* speed: segmenting a 6,000-字 report (examples/ joined), median of 20, after the load;
* dictionary: how many entries, and whether it gives word frequencies;
* quality on our domain: of the domain's words (rules/lexicon.toml terms, members of the listed
  formulations in rules/terms.toml, the short formulations themselves), how many the stock
  dictionary cuts as one word, and how often the two segmenters agree on the examples' words.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LOAD = {
    "rjieba": "import rjieba; rjieba.cut('理论学习')",
    # jieba keeps its prefix dictionary in a cache file once built: a fresh folder measures the
    # first load on a machine, the default folder every load after it
    "jieba": "import jieba, tempfile; jieba.setLogLevel(60); jieba.dt.tmp_dir = tempfile.mkdtemp(); jieba.lcut('理论学习')",
    "jieba (cached)": "import jieba; jieba.setLogLevel(60); jieba.lcut('理论学习')",
}


def cold_load(name: str) -> float:
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", LOAD[name]], check=True, capture_output=True)
        runs.append(time.perf_counter() - start)
    baseline = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True, capture_output=True)
        baseline.append(time.perf_counter() - start)
    return statistics.median(runs) - statistics.median(baseline)


def report_text() -> str:
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    body = "\n".join(texts)
    while sum(1 for c in body if "\u4e00" <= c <= "\u9fff") < 6000:
        body += "\n" + body
    han = 0
    for i, c in enumerate(body):
        han += "\u4e00" <= c <= "\u9fff"
        if han >= 6000:
            return body[: i + 1]
    return body


def domain_words() -> list[str]:
    rules = ROOT / "rules"
    lexicon = tomllib.loads((rules / "lexicon.toml").read_text("utf-8"))
    terms = tomllib.loads((rules / "terms.toml").read_text("utf-8"))["terms"]
    words = {t for g in lexicon["groups"] for t in g["terms"]}
    for term in terms:
        words.update(m for m in term.get("members", ()) if 2 <= len(m) <= 8)
        if len(term["canonical"]) <= 8 and "、" not in term["canonical"]:
            words.add(term["canonical"])
    return sorted(w for w in words if all("\u4e00" <= c <= "\u9fff" for c in w))


def main() -> int:
    import rjieba

    try:
        import jieba
    except ImportError:
        print("jieba is not installed (pip install jieba): nothing to compare rjieba with")
        return 0

    jieba.setLogLevel(60)
    text = report_text()
    han = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    words = domain_words()
    print(f"report: {han} 字 ({len(text)} characters); domain words: {len(words)}\n")

    print(f"{'':8} {'load (cold)':>12} {'segment 6,000 字':>17} {'dictionary':>12}  frequencies")
    loads = {name: cold_load(name) for name in LOAD}

    r = rjieba
    jieba.initialize()
    r.tokenize(text)
    jieba.lcut(text)
    speeds = {}
    for name, cut in (("rjieba", lambda: r.tokenize(text)), ("jieba", lambda: list(jieba.tokenize(text)))):
        runs = []
        for _ in range(20):
            start = time.perf_counter()
            cut()
            runs.append(time.perf_counter() - start)
        speeds[name] = statistics.median(runs)
    entries = sum(1 for f in jieba.dt.FREQ.values() if f > 0)
    print(f"{'rjieba':8} {loads['rjieba'] * 1000:>9.0f} ms {speeds['rjieba'] * 1000:>14.1f} ms "
          f"{entries:>12,}  jieba's dict.txt built in; a count via suggest_freq")  # fmt: skip
    print(f"{'jieba':8} {loads['jieba'] * 1000:>9.0f} ms {speeds['jieba'] * 1000:>14.1f} ms "
          f"{entries:>12,}  yes (dict.txt)")  # fmt: skip
    print(f"{'':8} {loads['jieba (cached)'] * 1000:>9.0f} ms  (jieba, prefix dictionary from its cache file)")
    print(f"ratio jieba / rjieba: load {loads['jieba'] / loads['rjieba']:.1f}×, "
          f"segment {speeds['jieba'] / speeds['rjieba']:.1f}×")  # fmt: skip

    whole_r = [w for w in words if r.cut(w, False) == [w]]
    whole_j = [w for w in words if jieba.lcut(w, HMM=False) == [w]]
    print(f"\ndomain words cut as one word by the stock dictionary: rjieba {len(whole_r)}/{len(words)}, "
          f"jieba {len(whole_j)}/{len(words)}")  # fmt: skip
    split = [w for w in words if w not in whole_r][:12]
    print("  split, e.g.: " + "  ".join("/".join(r.cut(w, False)) for w in split))
    a = {(s, e) for _, s, e in r.tokenize(text)}
    b = {(s, e) for _, s, e in jieba.tokenize(text)}
    print(f"word boundaries the two agree on, over the report: {len(a & b) / max(len(a | b), 1):.1%}")

    from checker.text.words import is_word, segment

    start = time.perf_counter()
    segment(text)
    first = time.perf_counter() - start
    print(f"\nchecker.text.words (rjieba + the domain's words): adding the domain's words {first * 1000:.0f} ms, "
          f"domain words known {sum(is_word(w) for w in words)}/{len(words)}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
