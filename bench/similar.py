"""What copy detection costs and finds on a repository of generated reports.

    python bench/similar.py [--docs 10000] [--cli] [--brute 1000]

Reports (~1,600 字 each, paragraphs of random words with names, places and numbers among them,
so that distinct reports share only boilerplate) with planted copies: every 50th report is a copy of an
earlier one with names, places and numbers changed, or two items rewritten, or its items
reordered. Printed, never asserted:

- in-process: signatures for every report and the LSH pairing, against reading the files (the
  baseline, same run), peak memory; planted copies found and other pairs reported;
- LSH against comparing every pair of paragraphs by brute force on --brute reports (same run);
- our MinHash and LSH against datasketch's on 500 reports, when datasketch is installed;
- with --cli: `reportlint similar DIR` cold (no cache), again with the cache, and after adding one
  report, against `reportlint DIR --select N101` (a plain check of the same files, cold).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Paragraphs are random words over common characters, with names, places and numbers among them:
# two distinct reports share no passage, as two honest reports would not; stock phrases come from
# rules/similar.toml (the boilerplate every report may share).
CHARACTERS = ("学习理论实践工作群众服务问题原因措施思想作风纪律建设发展改革责任落实担当组织干部基层调研制度管理监督"
              "创新安全民生项目推进协调统筹质量效率标准规范机制考核检查整改提升加强完善深化巩固坚持推动强化健全优化"
              "政治经济社会文化生态教育卫生交通城乡产业企业资金资源环境农村社区街道部门单位岗位业务专业能力水平意识")  # fmt: skip
NAMES = ["王强", "李明", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "周敏", "吴刚", "孙丽"]
PLACES = ["河东区", "青山镇", "柳树乡", "西湖区", "新华街道", "东风村", "南山县", "北关社区"]
STOCK = ["按照组织安排和会议要求", "结合思想和工作实际", "现将个人对照检查情况报告如下", "深刻认识到", "在今后的工作中"]
CN = "一二三四五六"


def _words(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(CHARACTERS) + rng.choice(CHARACTERS) for _ in range(count))


def _item(rng: random.Random) -> str:
    clauses = [_words(rng, rng.randint(3, 6)) for _ in range(rng.randint(5, 8))]
    clauses[rng.randrange(len(clauses))] += f"{rng.randint(2, 40)}次"
    if rng.random() < 0.5:
        clauses[rng.randrange(len(clauses))] += f"到{rng.choice(PLACES)}{_words(rng, 2)}"
    if rng.random() < 0.3:
        clauses[rng.randrange(len(clauses))] = f"{rng.choice(NAMES)}同志{_words(rng, 3)}"
    return _words(rng, 4) + "。" + "，".join(clauses) + "。"


def make_report(rng: random.Random) -> list[str]:
    lines = ["党性分析报告", f"{rng.choice(STOCK)}，{_words(rng, 8)}，{rng.choice(STOCK)}。"]
    for number, title in zip("一二三", ("存在的主要问题", "问题产生的原因", "整改措施"), strict=True):
        lines.append(f"{number}、{title}")
        for k in range(rng.randint(3, 5)):
            lines.append(f"{CN[k]}是{_item(rng)}")
    lines += ["以上是我的个人党性分析，不当之处，请各位同志批评指正。", f"报告人：{rng.choice(NAMES)}", "2024年12月20日"]
    return lines


def copy_of(lines: list[str], rng: random.Random, how: int) -> list[str]:
    out = list(lines)
    if how == 0:  # names, places, numbers changed
        swaps = {a: b for a, b in zip(NAMES + PLACES, rng.sample(NAMES, len(NAMES)) + rng.sample(PLACES, len(PLACES)),
                                      strict=True)}  # fmt: skip
        for i, line in enumerate(out):
            for a, b in swaps.items():
                line = line.replace(a, b)
            out[i] = "".join(str(rng.randint(2, 9)) if c.isdigit() else c for c in line)
    elif how == 1:  # two items rewritten
        items = [i for i, line in enumerate(out) if line[1:2] == "是"]
        for i in rng.sample(items, 2):
            out[i] = out[i][:2] + _item(rng)
    else:  # items reordered within each section
        items = [i for i, line in enumerate(out) if line[1:2] == "是"]
        texts = [out[i][2:] for i in items]
        rng.shuffle(texts)
        for i, text in zip(items, texts, strict=True):
            out[i] = out[i][:2] + text
    return out


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--brute", type=int, default=1000)
    parser.add_argument("--cli", action="store_true")
    args = parser.parse_args()

    import numpy as np

    from checker.read import read_path
    from checker.similar.pairs import find_pairs
    from checker.similar.signature import signature_of

    work = Path(tempfile.mkdtemp(prefix="reportlint-similar-"))
    folder = work / "reports"
    folder.mkdir()
    try:
        rng = random.Random(16)
        reports: list[list[str]] = []
        planted: set[tuple[int, int]] = set()
        for i in range(args.docs):
            if i % 50 == 49:
                source = rng.randrange(i - 1)
                reports.append(copy_of(reports[source], rng, (i // 50) % 3))
                planted.add((source, i))
            else:
                reports.append(make_report(rng))
        paths = []
        for i, lines in enumerate(reports):
            paths.append(folder / f"r{i:05}.txt")
            paths[-1].write_text("\n".join(lines) + "\n", encoding="utf-8")
        sizes = sorted(sum(len(line) for line in lines) for lines in reports)
        print(f"{args.docs} reports, median {sizes[len(sizes) // 2]} characters, {len(planted)} planted copies")

        t0 = time.perf_counter()
        documents = [read_path(str(p)) for p in paths]
        read_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        signatures = [signature_of((p.line, p.text) for p in d.paragraphs) for d in documents]
        sign_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        pairs = find_pairs(signatures)
        pair_s = time.perf_counter() - t0
        group = list(range(args.docs))  # a copy of a copy is a copy of the first: planted pairs by group

        def root(i: int) -> int:
            while group[i] != i:
                i = group[i]
            return i

        for a, b in planted:
            group[root(b)] = root(a)
        members: dict[int, list[int]] = {}
        for i in range(args.docs):
            members.setdefault(root(i), []).append(i)
        copies = {(a, b) for m in members.values() for x, a in enumerate(m) for b in m[x + 1 :]}
        found = {(p.a, p.b) for p in pairs}
        rows = sum(len(s) for s in signatures)
        print(f"read the files        {read_s:7.2f} s  (baseline)")
        print(f"signatures            {sign_s:7.2f} s  {sign_s / read_s:5.2f}x the read  ({rows} paragraphs)")
        print(f"LSH pairing           {pair_s:7.2f} s  {pair_s / read_s:5.2f}x the read")
        print(f"peak memory (this process, all documents held) {peak_mb():.0f} MB")
        print(f"copied pairs found    {len(found & copies)}/{len(copies)} ({len(planted)} planted, the rest copies of "
              f"copies); other pairs reported {len(found - copies)}")  # fmt: skip
        shares = sorted(p.share for p in pairs if (p.a, p.b) in copies)
        if shares:
            print(f"share of planted pairs: min {shares[0]:.2f}, median {shares[len(shares) // 2]:.2f}")

        n = min(args.brute, args.docs)
        subset = signatures[:n]
        t0 = time.perf_counter()
        lsh = {(p.a, p.b) for p in find_pairs(subset)}
        lsh_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        matrix = np.concatenate([s.minhash for s in subset])
        owner = np.repeat(np.arange(n), [len(s) for s in subset])
        brute: set[tuple[int, int]] = set()
        for row in range(len(matrix)):  # every paragraph against every later one
            alike = (matrix[row + 1 :] == matrix[row]).mean(axis=1) >= 0.5
            for other in owner[row + 1 :][alike]:
                if other != owner[row]:
                    brute.add((int(owner[row]), int(other)))
        brute_s = time.perf_counter() - t0
        print(f"on {n} reports: LSH {lsh_s:.2f} s, brute force {brute_s:.2f} s ({brute_s / lsh_s:.0f}x); "
              f"pairs LSH {len(lsh)}, brute force {len(brute)}, both {len(lsh & brute)}")  # fmt: skip

        compare_datasketch(documents[: min(500, args.docs)])
        if args.cli:
            run_cli(folder, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def compare_datasketch(documents: list[Any]) -> None:
    """Our signatures against datasketch's MinHash (same masked text, same 5-grams, same 60
    permutations) and its MinHashLSH, when datasketch is installed (it is not a dependency)."""
    try:
        from datasketch import MinHash, MinHashLSH
    except ImportError:
        print("datasketch not installed: comparison skipped (pip install datasketch)")
        return
    from checker.similar.pairs import find_pairs
    from checker.similar.signature import MIN_SHINGLES, PERMUTATIONS, SHINGLE, normalise, signature_of

    t0 = time.perf_counter()
    ours = [signature_of((p.line, p.text) for p in d.paragraphs) for d in documents]
    ours_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    theirs = []
    for document in documents:
        for p in document.paragraphs:
            plain = normalise(p.text)
            grams = {plain[i : i + SHINGLE].encode() for i in range(len(plain) - SHINGLE + 1)}
            if len(grams) >= MIN_SHINGLES:
                sketch = MinHash(num_perm=PERMUTATIONS)
                sketch.update_batch(list(grams))
                theirs.append(sketch)
    theirs_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=0.5, num_perm=PERMUTATIONS)
    for index, sketch in enumerate(theirs):
        lsh.insert(str(index), sketch)
    for sketch in theirs:
        lsh.query(sketch)
    lsh_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    find_pairs(ours)
    our_lsh_s = time.perf_counter() - t0
    print(f"on {len(documents)} reports: signatures ours {ours_s:.2f} s, datasketch MinHash {theirs_s:.2f} s "
          f"({theirs_s / ours_s:.1f}x ours, without boilerplate removal); LSH ours {our_lsh_s:.3f} s, "
          f"datasketch MinHashLSH insert+query {lsh_s:.2f} s ({lsh_s / our_lsh_s:.0f}x)")  # fmt: skip


def run_cli(folder: Path, work: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cwd = work  # the result cache goes under the working directory

    gnu_time = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)

    def timed(*argv: str) -> tuple[float, float]:
        """Wall seconds and the peak RSS (MB) of the main process, by GNU time (a forked child's
        own rusage would count this process's memory, copied at the fork); 0 without it."""
        command = [sys.executable, "-m", "checker", *argv]
        if gnu_time:
            command = [gnu_time, "-f", "RSS_KB=%M", *command]
        t0 = time.perf_counter()
        run = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - t0
        rss = run.stderr.rpartition("RSS_KB=")[2].strip()
        return wall, int(rss) / 1024 if rss.isdigit() else 0.0

    check_s, _ = timed(str(folder), "--select", "N101", "--no-cache", "-q")
    cold_s, cold_mb = timed("similar", str(folder), "--no-cache")
    shutil.rmtree(cwd / ".reportlint_cache", ignore_errors=True)
    timed("similar", str(folder))  # fills the cache
    warm_s, _ = timed("similar", str(folder))
    extra = folder / "new.txt"
    extra.write_text("\n".join(make_report(random.Random(99))) + "\n", encoding="utf-8")
    add_s, _ = timed("similar", str(folder))
    print(f"CLI plain check (--select N101, cold)  {check_s:7.2f} s  (baseline)")
    print(f"CLI similar, no cache                  {cold_s:7.2f} s  {cold_s / check_s:5.2f}x; main process peak RSS {cold_mb:.0f} MB")
    print(f"CLI similar, every file cached         {warm_s:7.2f} s  {warm_s / check_s:5.2f}x")
    print(f"CLI similar, one report added          {add_s:7.2f} s  {add_s / check_s:5.2f}x")


if __name__ == "__main__":
    raise SystemExit(main())
