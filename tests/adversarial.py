"""Adversarial inputs whose size grows with ``n``: each aims at a way a pass over text can turn
super-linear (a pattern that rescans from every position, a per-item rescan, pairwise loops).
Used by bench/complexity.py (n and 4n, ratio of times), tests/test_complexity.py (about 1 MB under
a generous bound) and bench/fuzz.py (as seeds)."""

from __future__ import annotations

from collections.abc import Callable

from checker.text.numerals import int_to_chinese

HEAD = "党性分析报告\n按照支部安排，现将个人党性分析情况报告如下。\n一、存在的问题\n"
CN = "一二三四五六七八九"


def no_sentence_end(n: int) -> tuple[str, bytes]:
    """One paragraph of inline items repeated without a sentence end (Y102's old pattern)."""
    return "no-sentence-end.txt", (HEAD + "一是学习不够深入，" * n + "\n").encode()


def inline_markers(n: int) -> tuple[str, bytes]:
    """Inline 一是…二是…三是… chains, again and again, in one paragraph."""
    return "inline-markers.txt", (HEAD + "一是学习不够。二是工作不实；三是作风漂浮。" * n + "\n").encode()


def short_lines(n: int) -> tuple[str, bytes]:
    """Many short lines (100,000 at about 1 MB)."""
    return "short-lines.txt", (HEAD + "学习不够。\n" * (n * 3)).encode()


def unmatched_marks(n: int) -> tuple[str, bytes]:
    """Thousands of unmatched “ and （ and 《."""
    return "unmatched-marks.txt", (HEAD + "一是“学习（不够《深入" * n + "。\n").encode()


def digit_latin_runs(n: int) -> tuple[str, bytes]:
    """Long runs of Latin letters and digits without a space or an @ (URL and e-mail patterns)."""
    return "digit-latin.txt", (HEAD + "一是" + "abcdefghij0123456789" * n + "。\n").encode()


def deep_nesting(n: int) -> tuple[str, bytes]:
    """（一）/1./（1）/① nested again and again."""
    block = "".join(f"（{CN[k % 9]}）理论学习方面\n1.学习不够系统。\n（1）满足于读文件。\n①记笔记多。\n" for k in range(9))
    return "deep-nesting.txt", (HEAD + block * max(1, n // 9)).encode()


def table_rows(n: int) -> tuple[str, bytes]:
    """A Markdown problem list with many rows (10,000 at about 1 MB)."""
    rows = "".join(f"| {k} | 学习不够深入 | 理想信念放松 | 加强学习 | 2025年6月底前 | 本人 |\n" for k in range(n // 2))
    header = "# 问题清单\n\n| 序号 | 问题 | 原因 | 措施 | 时限 | 责任人 |\n| --- | --- | --- | --- | --- | --- |\n"
    return "table-rows.md", (header + rows).encode()


def many_sections(n: int) -> tuple[str, bytes]:
    """Section after section (10,000 at about 1 MB), numbered on and on."""
    body = "".join(f"{int_to_chinese(k)}、存在的问题\n一是学习不够深入。\n" for k in range(1, n // 2 + 2))
    return "many-sections.txt", ("党性分析报告\n" + body).encode()


def repeated_sentences(n: int) -> tuple[str, bytes]:
    """The same sentences over and over, on many lines and in one paragraph."""
    line = "坚持学以致用，在实际工作中见到成效。"
    return "repeated-sentences.txt", (HEAD + (line + "\n") * (n // 2) + line * (n // 2) + "\n").encode()


def fullwidth_spaces(n: int) -> tuple[str, bytes]:
    """Long runs of full-width and plain spaces between characters."""
    return "fullwidth-spaces.txt", (HEAD + "一是学" + "\u3000" * (n * 8) + "习 " + " " * (n * 8) + "不够。\n").encode()


def mixed_markers(n: int) -> tuple[str, bytes]:
    """Every marker style mixed, with gaps and repeats."""
    styles = ["一是", "（二）", "3.", "（4）", "⑤", "第六，", "其次，", "八、", "(九)", "10、", "二是", "1．"]
    lines = "".join(f"{styles[k % len(styles)]}学习不够深入，工作不够扎实。\n" for k in range(n // 2))
    return "mixed-markers.txt", (HEAD + lines).encode()


def markdown_inline(n: int) -> tuple[str, bytes]:
    """Markdown markup that never closes: [, **, `, <, ![ ; a heading line of spaces; a table
    rule of spaces."""
    line = "[学习 **不够 `深入 <作风 ![图 *纪律 _规矩 ~~担当 " * max(1, n // 4)
    spaces = "# 标题" + " \t" * n + "x\n" + "|--" + " " * n + "x\n"
    return "markdown-inline.md", (f"# 党性分析报告\n\n## 一、存在的问题\n\n一是{line}\n\n" + spaces).encode()


def long_words(n: int) -> tuple[str, bytes]:
    """One misused word and one formulation over and over in one paragraph (context checks)."""
    return "long-words.txt", (HEAD + "一是严于律己、做为党员，学习习近平新时代中国特色社会义思想，" * max(1, n // 3) + "\n").encode()


def substance_triggers(n: int) -> tuple[str, bytes]:
    """Problems, causes and measures made of what the substance rules (Q1xx) look for, in one
    paragraph without a sentence end and in many small items: 有的同志 subjects, workload reasons
    with turns, virtues in excess, numerals without units, 《 never closed, 在 without 中, slogans,
    causes that repeat their problems."""
    problem = "有的同志太投入顾不上家，个别干部任务重人手紧，急于求成因为责任心太强，一名党员四个意识不够，《在推进工作"
    cause = "客观上任务重、时间紧，主要是人手少，但根子在我，强调精力有限，认为事务多，表面看是考核多，实际上"
    measure = "进一步加强，不断提高，切实增强，努力做到，每月，至少，台账，"
    small = max(1, n // 40)
    lines = [HEAD.rstrip("\n"), "（一）" + problem * n]
    lines += [f"（{int_to_chinese(k + 2)}）有的同志任务重，我太投入。" for k in range(small)]
    lines += ["二、问题产生的原因", "（一）" + cause * n]
    lines += [f"（{int_to_chinese(k + 2)}）有的同志任务重，太投入。" for k in range(small)]
    lines += ["三、整改措施", "（一）" + measure * n, "2024年度民主生活会"]
    return "substance-triggers.txt", ("\n".join(lines) + "\n").encode()


def typo_paragraph(n: int) -> tuple[str, bytes]:
    """T105's worst case: one paragraph without a full stop, of typos of every kind, T104 words,
    names, places, quotes and groups of orphan characters that never repeat (no cache helps), so
    that every group is a run to try swaps in."""
    import random

    rng = random.Random(n)
    orphans = "署效峰迹剔缘弹荒鸣励粹砺政警报消返恐根律功低环结瞩托炼焕散"
    unit = "自已布署常效警剔权利运行切实的加强王晓旭同志枧头镇“放管服”，"
    parts = [unit + "".join(rng.choice(orphans) for _ in range(4)) + "，" for _ in range(max(1, n // 7))]
    return "typo-paragraph.txt", (HEAD + "一是" + "".join(parts) + "\n").encode()


GENERATORS: list[Callable[[int], tuple[str, bytes]]] = [
    no_sentence_end, inline_markers, short_lines, unmatched_marks, digit_latin_runs, deep_nesting, table_rows,
    many_sections, repeated_sentences, fullwidth_spaces, mixed_markers, markdown_inline, long_words,
    substance_triggers, typo_paragraph,
]  # fmt: skip


def sized(generator: Callable[[int], tuple[str, bytes]], target_bytes: int) -> tuple[str, bytes]:
    """The generator's input at about ``target_bytes``."""
    _, probe = generator(1000)
    n = max(1, round(1000 * target_bytes / max(len(probe), 1)))
    return generator(n)
