from __future__ import annotations

from tests.helpers import LONG, codes, filler, lint_text, report


def test_y101_parallel_headings() -> None:
    bad = report(problems=["（一）学习锤炼有“时差”", f"一是{LONG}", "（二）为民情怀有“偏差”", f"一是{LONG}",
                           "（三）担当作为有“落差”", f"一是{LONG}", "（四）在竞胜进取方面还存在一定的差距", f"一是{LONG}"])  # fmt: skip
    assert "Y101" in codes(lint_text(bad))
    good = bad.replace("在竞胜进取方面还存在一定的差距", "竞胜进取有“温差”")
    assert "Y101" not in codes(lint_text(good))


def test_y102_repeated_sentence() -> None:
    repeated = "我们要始终坚持以人民为中心的发展思想，把群众的事当成自己的事。"
    # Only the one sentence repeats (fillers differ): with LONG twice, a Y102 on LONG hid a broken rule.
    bad = report(problems=[f"一是{repeated}{filler(80)}", f"二是{filler(81)}", f"三是{repeated}"])
    found = [d for d in lint_text(bad).diagnostics if d.code == "Y102"]
    assert len(found) == 1 and "群众的事当成自己的事" in found[0].excerpt
    assert "Y102" not in codes(lint_text(report()))


def test_y102_a_sentence_typed_otherwise_is_the_same_sentence() -> None:
    # Half-width marks, spaces, a doubled mark or another ellipsis do not make another sentence,
    # whether or not the paragraph of the first one holds any such thing.
    repeated = "我们要始终坚持以人民为中心的发展思想，把群众的事当成自己的事……"
    for variant in ("我们要始终坚持以人民为中心的发展思想, 把群众的事当成自己的事...",
                    "我们要始终坚持以人民为中心的发展思想，，把群众的事当成自己的事…"):  # fmt: skip
        bad = report(problems=[f"一是{repeated}。{filler(90)}", f"二是{filler(91)}", f"三是{variant}。"])
        assert "Y102" in codes(lint_text(bad)), variant
    other = "我们要始终坚持以人民为中心的发展思想，把群众的难事当成自己的事…"
    assert "Y102" not in codes(lint_text(report(problems=[f"一是{repeated}。{filler(90)}", f"二是{other}。"])))


def test_y103_repeated_opening() -> None:
    bad = report(
        measures=[
            f"一是进一步加强理论学习。{LONG}",
            f"二是进一步加强作风建设。{LONG}",
            f"三是进一步加强纪律建设。{LONG}",
        ]
    )
    assert "Y103" in codes(lint_text(bad))
    good = report(
        measures=[f"一是深化理论学习。{LONG}", f"二是改进工作作风。{LONG}", f"三是严守纪律规矩。{LONG}"]
    )
    assert "Y103" not in codes(lint_text(good))
