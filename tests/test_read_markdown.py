from __future__ import annotations

from checker.read import read_bytes

MD = """# 党性分析报告

按照**支部**安排，现报告如下。

## 一、存在的问题

- 一是理论学习不够[深入](http://example.org)。
- 二是`作风`不实。

1. 加强学习。

<!-- 注释 -->
> 引用的一段
"""


def test_markup_removed_lines_kept() -> None:
    doc = read_bytes("r.md", MD.encode())
    texts = [(p.line, p.text) for p in doc.paragraphs]
    assert texts == [
        (1, "党性分析报告"),
        (3, "按照支部安排，现报告如下。"),
        (5, "一、存在的问题"),
        (7, "一是理论学习不够深入。"),
        (8, "二是作风不实。"),
        (10, "1.加强学习。"),
        (13, "引用的一段"),
    ]


def test_columns_point_at_the_source_after_markup_is_removed() -> None:
    doc = read_bytes("r.md", MD.encode())
    para = doc.paragraphs[1]
    assert para.text.index("安排") == 4
    assert para.position(4) == (3, 9)  # 按照**支部**安排: 安 is the 9th character of the line


def test_each_line_is_a_paragraph_so_headings_need_no_blank_line() -> None:
    doc = read_bytes("r.md", "导语一段。\n一、存在的问题\n一是理论学习不够深入。\n".encode())
    assert [p.text for p in doc.paragraphs] == ["导语一段。", "一、存在的问题", "一是理论学习不够深入。"]
    assert doc.paragraphs[2].position(2) == (3, 3)
