"""D101 copied-passage: a paragraph that another report of the batch (or a known text given with
--against) also holds, names and numbers aside. It compares reports with each other, so no
per-report check yields it: the run finds the pairs (checker.similar) and places the findings.
Off by default; `extend-select = ["D"]` or `--extend-select D` turns it on."""

from __future__ import annotations

from checker.checks.base import Severity, register_static

register_static(
    code="D101",
    name="copied-passage",
    severity=Severity.WARNING,
    family="copying",
    summary={"zh": "段落与另一份报告雷同（抄袭或照搬）。", "en": "A paragraph is copied from or into another report."},
    why={
        "zh": "组织上最常批评的是“东拼西凑”“照抄照搬”：两名同志的材料只差人名数字，一篇代写稿在单位里传用，"
        "整段照搬网上范文或自己去年的材料。比较前先把人名、地名、日期、数字和单位遮盖，改这些藏不住雷同；"
        "规范表述、标准开头结尾和各部分标题等人人都用的话不算雷同。默认不检查："
        "`--extend-select D` 或配置 extend-select = [\"D\"] 打开；`reportlint similar` 列出最相似的报告对。",
        "en": "Copying is what organisers criticise most: two colleagues' reports that differ only in names and "
        "numbers, a ghost-written text shared around a unit, paragraphs lifted from online templates or last "
        "year's report. Names, places, dates, numbers and units are masked before comparing, so changing them "
        "does not hide a copy; canonical formulations, standard openings and closings and section titles do "
        "not count. Off by default: `--extend-select D` or extend-select = [\"D\"]; `reportlint similar` lists "
        "the most similar pairs.",
    },
    bad="甲：王强同志在河东区工作期间，主动谋划推进老旧小区改造，3年累计完成改造12个。\n"
    "乙：李明同志在青山县工作期间，主动谋划推进老旧小区改造，5年累计完成改造20个。",
    good="乙：在青山县分管城建工作以来，我把老旧小区改造当作民生头等事，先后跑遍20个小区听取群众意见。",
)
