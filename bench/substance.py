"""Cost of the substance rules (Q101–Q108): their share of a whole check of a 6,000-字 report,
measured in the same run (goal: under 10 %), and what loading their lists costs once.

    python bench/substance.py [--chars 6000] [--runs 30]

The report is generated from varied sentences (problems with and without facts, causes that own
or blame, measures checkable or slogans), so every rule has work to do. The whole check is read,
parse, alignment and every rule, as `reportlint check` runs it on one file; the Q share is the
eight rules plus the verdict on the same parsed report, with their per-item scans redone each
run. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOPICS = ["理论学习", "联系群众", "担当作为", "工作作风", "纪律规矩", "调查研究", "廉洁自律", "组织生活", "学用结合", "统筹协调"]
PLACES = ["城东社区", "北河乡", "开发区", "三号楼", "物流园", "县一中", "市场所", "便民大厅"]


def anecdote(rng: random.Random, topic: str) -> str:
    place = rng.choice(PLACES)
    return (f"今年{rng.randint(1, 12)}月我到{place}检查工作，发现{rng.randint(2, 9)}个问题，"
            f"只交代了一句就离开了，直到{rng.randint(1, 12)}月群众第{rng.randint(2, 4)}次反映才督促整改到位；"
            f"有的同志提醒我要跟踪问效，我没有放在心上，在推进{place}改造工作中也出现过类似情况。")  # fmt: skip


def problem(rng: random.Random, k: int, long: int) -> str:
    topic = rng.choice(TOPICS)
    if k % 3 == 2:  # a stock item
        return (f"{topic}有所放松。{topic}方面还存在一定差距，工作标准有所降低，主动性还不够强，"
                f"深入基层不够经常，与组织要求相比还有不小的差距，效果不够理想。")  # fmt: skip
    facts = "".join(anecdote(rng, topic) for _ in range(long))
    return f"{topic}不够扎实。{facts}这说明我对{topic}的要求有所放松，满足于布置了就算完成。"


def cause(rng: random.Random, k: int, long: int) -> str:
    topic = rng.choice(TOPICS)
    if k % 3 == 1:  # circumstances blamed
        return f"客观条件制约。今年任务重、人手紧，事务性工作多，加之个人精力有限，{topic}方面顾不过来。"
    return (f"{topic}的自觉性不强。表面看是今年任务重、时间紧，根子在于我把{topic}当成软任务，"
            + "思想上放松了要求，总觉得过得去就行，宗旨意识和纪律意识都有所淡化。" * long)  # fmt: skip


def measure(rng: random.Random, k: int, long: int) -> str:
    topic = rng.choice(TOPICS)
    if k % 4 == 3:  # slogans
        return f"切实加强{topic}。进一步提高认识，不断增强自觉性，切实改进作风，努力做到真抓实干。"
    return f"抓实{topic}。" + "".join(f"每月至少到{rng.choice(PLACES)}走访{rng.randint(2, 4)}次，建立问题台账，"
                                     f"{rng.randint(3, 12)}月底前逐项销号，每季度向支部报告一次进展。"
                                     for _ in range(long))  # fmt: skip


def make_report(chars: int, seed: int = 7, long: int = 3) -> str:
    """About ``chars`` 字 of problems, causes and measures; ``long`` sets how many facts, roots
    and steps an item holds (3: items of 200–400 字, as reports are written; 1: many short items)."""
    from checker.text.chars import count_chars_like_word
    from checker.text.numerals import int_to_chinese

    rng = random.Random(seed)
    lines = ["2024年度民主生活会个人对照检查材料", "按照上级党委的部署，我认真学习规定篇目，广泛征求意见，现将个人对照检查情况报告如下。"]
    sections = [("存在的问题", problem), ("问题产生的原因", cause), ("整改措施", measure)]
    per_section = 1
    while True:
        body = []
        for number, (title, make) in enumerate(sections):
            body.append(f"{int_to_chinese(number + 1)}、{title}")
            body += [f"（{int_to_chinese(k + 1)}）{make(rng, k, long)}" for k in range(per_section)]
        text = "\n".join(lines + body + ["以上材料，请同志们批评指正。", "2025年1月"]) + "\n"
        if count_chars_like_word(text) >= chars:
            return text
        per_section += 1


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chars", type=int, default=6000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    from checker.batch.workers import tune_gc

    tune_gc()
    started = time.perf_counter()
    from checker.checks import RULES  # noqa: F401
    from checker.substance import resolve
    from checker.template import load_template

    load_template("life-meeting")
    loaded = time.perf_counter()
    resolve(())  # the built-in lists and their automaton (a snapshot after the first run)
    lists = time.perf_counter() - loaded
    print(f"once per process: substance lists and automaton {lists * 1000:.1f} ms (imports and templates "
          f"{(loaded - started) * 1000:.0f} ms)")  # fmt: skip
    for long, label in ((3, "items of 200–400 字, as reports are written"), (1, "many short items: the Q rules' worst case")):
        measure_share(args.chars, args.runs, long, label)
    return 0


def measure_share(chars: int, runs: int, long: int, label: str) -> None:
    from checker.checks import RULES
    from checker.pipeline import check_path
    from checker.template import load_template

    template = load_template("life-meeting")
    text = make_report(chars, long=long)
    data = text.encode("utf-8")
    check_path("r.txt", template, data=data)  # warm
    from checker.text.chars import count_chars_like_word
    from checker.verdict import substance_verdict

    q_rules = [rule for code, rule in sorted(RULES.items()) if code.startswith("Q") and rule.check is not None]
    whole, substance = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = check_path("r.txt", template, data=data)
        whole.append(time.perf_counter() - t0)
        report = result.report
        assert report is not None
        report.memo.pop("substance_hits", None)  # the scans are redone: the Q pass as the check ran it
        t0 = time.perf_counter()
        assert result.alignment is not None
        found = [f for rule in q_rules for f in rule.findings(report, template, result.alignment)]
        substance_verdict(report, template, result.diagnostics, None)
        substance.append(time.perf_counter() - t0)
    w, q = statistics.median(whole), statistics.median(substance)
    codes = sorted({f.code for f in found})
    items = sum(len(s.items) for s in report.sections)
    print(f"\n{label}: {count_chars_like_word(text)} 字, {items} items; Q findings: {len(found)} ({', '.join(codes)})")
    print(f"  whole check (read, parse, align, every rule): {w * 1000:.2f} ms (median of {runs})")
    print(f"  Q101–Q108 and the verdict:                   {q * 1000:.2f} ms (median of {runs})")
    print(f"  share of the check: {q / w * 100:.1f} %  (goal: under 10 %)")


if __name__ == "__main__":
    raise SystemExit(main())
