"""Copy detection: masking, signatures, pairs, `reportlint similar`, D101 in a batch, the cache of
signatures, and --select/--extend-select/--ignore on the command line."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import jsonschema
import numpy as np
import pytest

from checker.config import Config, rule_filter, with_selection
from checker.read import read_path
from checker.similar.mask import mask
from checker.similar.pairs import find_pairs
from checker.similar.signature import Signature, from_bytes, signature_of, to_bytes
from tests.helpers import REPO, SHARED

# A report of our own with names, places and numbers in it; the variants below are what copiers do.
BASE = """党性分析报告

按照县委组织部关于开展年度党性分析的安排，我结合在河东区分管城建工作的实际，认真查摆了问题，现报告如下。

一、存在的主要问题
一是调查研究浮于表面。2023年到青山镇调研6次，多是听汇报、看材料，和群众面对面交流不到10个小时，对老旧小区改造中群众反映的加装电梯问题掌握不准。
二是工作作风不够扎实。王强同志提出的排水管网改造方案，我只在会上表了态，后续推进没有跟踪督办，三个月后才发现工程停在了招标环节。
三是廉洁自律的警惕性有所放松。逢年过节对身边工作人员收受土特产的现象提醒不够，认为是人之常情，没有从小事小节上严起来。

二、问题产生的根源
一是理论学习流于形式。满足于参加集中学习，读原著悟原理下的功夫不够，遇到复杂问题习惯于凭经验拍板。
二是群众观念有所淡化。在机关工作时间长了，对群众急难愁盼的感受变得迟钝，把完成上级布置的任务看得比解决群众的实际困难更重。
三是自我要求有所降低。觉得自己在城建口干了十几年，该懂的都懂了，对新要求新规定学得不及时，对苗头性问题缺少警觉。

三、整改措施
一是把调研做深做实。每月至少两天蹲点青山镇，每次与不少于20户居民座谈，形成问题清单，逐项明确责任人和完成时限。
二是把督办抓紧抓细。对排水管网改造等重点工程建立周调度台账，每周五听取进展，卡在哪个环节就到哪个环节现场解决。
三是把廉洁底线守牢守好。带头执行节日期间廉洁规定，每季度对分管科室开展一次廉政谈话，发现苗头及时提醒纠正。
"""

CHANGED_NAMES = (
    BASE.replace("河东区", "西湖区").replace("青山镇", "柳树乡").replace("王强同志", "李明同志")
    .replace("2023年", "2024年").replace("6次", "9次").replace("10个小时", "15个小时")
    .replace("20户", "30户").replace("三个月", "两个月").replace("县委组织部", "市委组织部")
)  # fmt: skip

REWRITTEN_TWO = BASE.replace(
    "二是工作作风不够扎实。王强同志提出的排水管网改造方案，我只在会上表了态，后续推进没有跟踪督办，三个月后才发现工程停在了招标环节。",
    "二是抓落实的韧劲不足。部署工作时开会多、发文多，事后盯住不放少，有的事项年初定了目标，年底一看还停留在纸面上，推进情况心里没底。",
).replace(
    "二是群众观念有所淡化。在机关工作时间长了，对群众急难愁盼的感受变得迟钝，把完成上级布置的任务看得比解决群众的实际困难更重。",
    "二是政绩观存在偏差。更看重看得见摸得着的项目，对打基础利长远的排水、管网这类地下工程重视不够，投入精力少。",
)


def _reordered(text: str) -> str:
    """Each section's items in the opposite order."""
    lines = text.split("\n")
    out: list[str] = []
    block: list[str] = []
    for line in lines:
        if line.startswith(("一是", "二是", "三是")):
            block.append(line)
            continue
        out.extend(reversed(block))
        block = []
        out.append(line)
    out.extend(reversed(block))
    return "\n".join(out)


def _write(folder: Path) -> dict[str, Path]:
    files = {
        "base": BASE,
        "names": CHANGED_NAMES,
        "rewritten": REWRITTEN_TWO,
        "reordered": _reordered(BASE),
        "unrelated": (REPO / "examples" / "clean.txt").read_text("utf-8"),
    }
    paths = {}
    for name, text in files.items():
        paths[name] = folder / f"{name}.txt"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def _signature(path: Path) -> Signature:
    return signature_of((p.line, p.text) for p in read_path(str(path)).paragraphs)


def test_mask_hides_names_places_numbers_and_units() -> None:
    assert mask("王强同志在河东区工作3年") == mask("李明同志在西湖区工作5年")
    assert mask("完成改造12个，投入45.6万元") == mask("完成改造20个，投入8万元")
    assert mask("每月至少两天蹲点") == mask("每月至少三天蹲点")
    assert mask("加强理论学习") == "加强理论学习"  # nothing to mask: left alone


def test_pairs_rank_as_a_person_would(tmp_path: Path) -> None:
    paths = _write(tmp_path)
    names = list(paths)
    pairs = find_pairs([_signature(paths[n]) for n in names])
    share = {frozenset((names[p.a], names[p.b])): p.share for p in pairs}
    with_base = {other: share.get(frozenset(("base", other)), 0.0) for other in names if other != "base"}
    assert with_base["names"] >= 0.8 and with_base["reordered"] >= 0.8
    assert 0.4 <= with_base["rewritten"] < with_base["names"]
    assert with_base["unrelated"] == 0.0
    rewritten = next(p for p in pairs if {names[p.a], names[p.b]} == {"base", "rewritten"})
    base_side = [q.line_a if names[rewritten.a] == "base" else q.line_b for q in rewritten.passages]
    assert 7 not in base_side and 12 not in base_side  # the two rewritten items are not shown as shared
    assert {6, 8, 11, 13, 16, 17, 18} <= set(base_side)


def test_boilerplate_alone_is_no_copy(tmp_path: Path) -> None:
    """Two reports that share only standard phrases and formulations are not a pair."""
    opening = "按照组织安排和会议要求，结合思想和工作实际，认真查找了自身存在的问题和不足，现将个人对照检查情况报告如下。"
    closing = "以上是我的个人对照检查，不当之处，恳请各位领导和同志们批评指正。"
    theory = "深入学习习近平新时代中国特色社会主义思想，增强政治意识、大局意识、核心意识、看齐意识。"
    one = "\n".join([opening, "一是学习不深。平时忙于事务，读书时间少，笔记流于摘抄。", theory, closing])
    two = "\n".join([opening, "一是调研不够。下基层次数少，座谈多是听汇报，对实情掌握不准。", theory, closing])
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(one, encoding="utf-8")
    second.write_text(two, encoding="utf-8")
    assert find_pairs([_signature(first), _signature(second)]) == []


def test_signature_round_trips_through_bytes(tmp_path: Path) -> None:
    path = _write(tmp_path)["base"]
    signature = _signature(path)
    again = from_bytes(to_bytes(signature))
    assert np.array_equal(again.minhash, signature.minhash)
    assert again.lines.tolist() == signature.lines.tolist() and again.total == signature.total
    with pytest.raises(ValueError):
        from_bytes(to_bytes(signature)[:-3])


def test_known_texts_are_compared_with_the_batch_not_with_each_other(tmp_path: Path) -> None:
    paths = _write(tmp_path)
    batch = [_signature(paths["unrelated"])]
    known = [_signature(paths["base"]), _signature(paths["names"])]
    assert find_pairs([*batch, *known], reference_from=1) == []
    found = find_pairs([_signature(paths["base"]), *known], reference_from=1)
    assert {(p.a, p.b) for p in found} == {(0, 1), (0, 2)}


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})  # fmt: skip


def test_similar_command_json_and_text(tmp_path: Path) -> None:
    paths = _write(tmp_path)
    (tmp_path / "known").mkdir()
    paths["names"].rename(tmp_path / "known" / "last-year.txt")
    result = _cli("similar", "base.txt", "rewritten.txt", "reordered.txt", "unrelated.txt", "--against", "known",
                  "--format", "json", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 1, result.stderr
    payload = json.loads(result.stdout)
    jsonschema.validate(payload, json.loads((REPO / "docs" / "report.schema.json").read_text("utf-8")))
    pairs = {(Path(p["a"]).name, Path(p["b"]).name): p for p in payload["similar"]}
    assert pairs[("base.txt", "last-year.txt")]["reference"] is True
    assert not any("unrelated.txt" in key for key in pairs)
    passage = pairs[("base.txt", "reordered.txt")]["passages"][0]
    assert passage["text_a"] and passage["text_b"] and passage["similarity"] >= 0.5
    text = _cli("similar", ".", "--lang", "en", cwd=tmp_path)
    assert text.returncode == 1 and "Reports sharing passages" in text.stdout and "↔" in text.stdout
    alone = _cli("similar", "unrelated.txt", "base.txt", cwd=tmp_path)
    assert alone.returncode == 0 and "没有发现雷同段落" in alone.stdout


def test_d101_is_off_by_default_and_on_with_extend_select(tmp_path: Path) -> None:
    _write(tmp_path)
    plain = _cli(".", "--format", "json", "--no-cache", cwd=tmp_path)
    assert "D101" not in plain.stdout and "similar" not in json.loads(plain.stdout)
    on = _cli(".", "--format", "json", "--no-cache", "--extend-select", "D", cwd=tmp_path)
    payload = json.loads(on.stdout)
    by_file = {Path(f["path"]).name: [d for d in f["diagnostics"] if d["code"] == "D101"] for f in payload["files"]}
    assert by_file["base.txt"] and by_file["names.txt"] and not by_file["unrelated.txt"]
    assert any("names.txt" in d["message"] for d in by_file["base.txt"])
    assert payload["similar"] and on.returncode == 1
    sarif = json.loads(_cli(".", "--format", "sarif", "--no-cache", "--extend-select", "D101", cwd=tmp_path).stdout)
    assert any(r["ruleId"] == "D101" for r in sarif["runs"][0]["results"])
    ignored = _cli(".", "--format", "json", "--no-cache", "--extend-select", "D", "--ignore", "D101", cwd=tmp_path)
    assert "D101" not in ignored.stdout


def test_signatures_are_cached_with_the_results(tmp_path: Path) -> None:
    _write(tmp_path)
    first = _cli("similar", ".", "--format", "json", cwd=tmp_path)
    stored = list((tmp_path / ".reportlint_cache").rglob("signatures/*/*.bin"))
    assert len(stored) == 5
    second = _cli("similar", ".", "--format", "json", cwd=tmp_path)
    assert json.loads(first.stdout)["similar"] == json.loads(second.stdout)["similar"]


def test_command_line_selection_on_top_of_the_configuration(tmp_path: Path) -> None:
    config = Config(select=["N"], ignore=["N105"])
    assert rule_filter(config, "a.txt").enabled >= {"N101"} and "C201" not in rule_filter(config, "a.txt").enabled
    chosen = rule_filter(with_selection(config, None, ["C2"], ["N101"]), "a.txt").enabled
    assert "C201" in chosen and "N101" not in chosen and "N105" not in chosen and "N102" in chosen
    replaced = rule_filter(with_selection(config, ["L"], [], []), "a.txt").enabled
    assert "L101" in replaced and "N102" not in replaced
    assert "D101" not in rule_filter(with_selection(None, ["ALL"], [], []), "a.txt").enabled
    flawed = REPO / "examples" / "flawed.txt"
    result = _cli(str(flawed), "--select", "N101,N102", "--format", "json", "--no-cache", cwd=tmp_path)
    codes = {d["code"] for f in json.loads(result.stdout)["files"] for d in f["diagnostics"]}
    assert codes == {"N101", "N102"}
    bad = _cli(str(flawed), "--ignore", "Q9", cwd=tmp_path)
    assert bad.returncode == 2 and "Q9" in bad.stderr


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared/corpus is not here")
def test_no_two_distinct_corpus_reports_are_copies() -> None:
    files = sorted((SHARED / "corpus").glob("d*.txt")) + sorted((SHARED / "corpus" / "harder").glob("d*.txt"))
    assert len(files) >= 24
    assert find_pairs([_signature(f) for f in files]) == []


def test_similar_html_shows_passages_side_by_side(tmp_path: Path) -> None:
    paths = _write(tmp_path)
    hostile = paths["base"].read_text("utf-8").replace("认真查摆了问题", "认真查摆了问题<script>alert(1)</script>")
    paths["base"].write_text(hostile, encoding="utf-8")
    result = _cli("similar", "base.txt", "names.txt", "unrelated.txt", "--format", "html", "-o", "pairs.html",
                  cwd=tmp_path)  # fmt: skip
    assert result.returncode == 1, result.stderr
    page = (tmp_path / "pairs.html").read_text("utf-8")
    assert "雷同段落" in page and "base.txt ↔ names.txt" in page and "unrelated.txt" not in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert page.count("<tr><td class=\"n\">") >= 7  # one row per shared passage, both sides in it


def test_a_ghost_written_paragraph_shared_round_a_branch_is_a_copy(tmp_path: Path) -> None:
    """Twelve colleagues paste the same paragraph into otherwise own reports: every pair of them
    shares it (a group that size is not boilerplate); the one colleague without it pairs with no one."""
    ghost = "在学懂弄通做实上还有差距，满足于读原文记笔记，结合分管工作思考不深，把学习成果转化为破解难题的思路办法不多。"
    words = "学习理论实践工作群众服务问题原因措施思想作风纪律建设发展改革责任落实担当组织干部基层调研制度管理监督"
    signatures = []
    for person in range(13):
        rng = random.Random(person)  # each report's own item: words of its own
        own = "".join(rng.choice(words) for _ in range(60))
        lines = ["党性分析报告", "一、存在的主要问题", f"一是{own}。"]
        if person < 12:
            lines.append("二是" + ghost)
        path = tmp_path / f"p{person}.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        signatures.append(_signature(path))
    pairs = find_pairs(signatures)
    together = {(p.a, p.b) for p in pairs}
    assert together == {(a, b) for a in range(12) for b in range(a + 1, 12)}


def test_a_huge_paragraph_is_signed_one_permutation_at_a_time_with_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import checker.similar.signature as signature

    paths = _write(tmp_path)
    whole = _signature(paths["base"])
    monkeypatch.setattr(signature, "_MATRIX_ROWS", 8)  # every report counts as huge
    assert np.array_equal(_signature(paths["base"]).minhash, whole.minhash)
