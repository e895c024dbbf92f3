"""The HTML review report: one self-contained page (inline CSS and a little JS, no network, works
from file://) for people who never open a terminal. A summary table of the files, then each
report: its text with the faulty spans marked and a card per finding beside it (code, severity,
message, suggested fix, why), its outline, and its 问题—原因—措施 matrix. Filters by severity and
code. `reportlint serve` shows the same fragments.

Everything that comes from a report (text, file names, messages quoting the text) is escaped:
the page runs no markup from a document.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from functools import cache
from typing import Any

from checker import __version__
from checker.messages import SEVERITY_WORDS, first_sentence, render
from checker.result import Diagnostic, FileResult
from checker.severity import Severity

LABELS = {
    "zh": {
        "title": "reportlint 审阅报告", "file": "文件", "template": "模板", "chars": "字数",
        "errors": "错误", "warnings": "警告", "infos": "提示", "result": "结论", "pass": "通过", "fail": "未通过",
        "unreadable": "无法读取", "filters": "筛选", "severity": "级别", "code": "代码", "all": "全部",
        "findings": "发现", "none": "未发现问题。", "fix": "建议改为", "why": "为什么", "outline": "结构",
        "matrix": "问题—原因—措施", "problem": "问题", "causes": "原因", "measures": "措施", "score": "相似度",
        "no_links": "（无对应关系可示）", "auto": "自动识别", "confidence": "置信度", "line": "行",
        "generated": "生成", "fail_on": "不通过的级别", "text": "原文", "summary": "汇总",
        "lang_switch": "English", "similar": "雷同段落", "shared": "相同内容", "known": "已知文本",
        "no_similar": "没有发现雷同段落。", "verdict": "实质审阅", "verdict_note": "（据 Q101–Q108 判断，仅供审阅参考）",
    },
    "en": {
        "title": "reportlint review", "file": "file", "template": "template", "chars": "characters",
        "errors": "errors", "warnings": "warnings", "infos": "infos", "result": "result", "pass": "pass",
        "fail": "fail", "unreadable": "unreadable", "filters": "Filters", "severity": "severity", "code": "code",
        "all": "all", "findings": "findings", "none": "No findings.", "fix": "Suggested fix", "why": "Why",
        "outline": "Outline", "matrix": "Problems — causes — measures", "problem": "problem", "causes": "causes",
        "measures": "measures", "score": "score", "no_links": "(no links to show)", "auto": "detected",
        "confidence": "confidence", "line": "line", "generated": "generated", "fail_on": "fails at",
        "text": "text", "summary": "Summary", "lang_switch": "中文", "similar": "Shared passages",
        "shared": "shared", "known": "known text", "no_similar": "No shared passages.", "verdict": "Substance",
        "verdict_note": "(from Q101–Q108, for the reviewer's judgement)",
    },
}  # fmt: skip

CSS = """
:root{--err:#c62828;--warn:#b26a00;--info:#1565c0;--line:#e0e0e0;--muted:#666;--bg:#fafafa}
*{box-sizing:border-box}body{margin:0;font:15px/1.6 "Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",
"PingFang SC",sans-serif;color:#222;background:var(--bg)}header,main,.filters{max-width:1280px;margin:0 auto;
padding:0 16px}header h1{font-size:22px;margin:16px 0 4px}.meta{color:var(--muted);font-size:13px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid var(--line);padding:4px 8px;
text-align:left;vertical-align:top}th{background:#f0f0f0}td.n{text-align:right}.pass{color:#2e7d32}
.fail{color:var(--err);font-weight:bold}.filters{margin:12px auto;display:flex;flex-wrap:wrap;gap:6px 14px;
align-items:center}.filters label{white-space:nowrap}.chip{border:1px solid var(--line);border-radius:12px;
padding:0 8px;background:#fff;cursor:pointer;font:inherit}.chip.off{opacity:.35}article{background:#fff;
border:1px solid var(--line);border-radius:6px;margin:18px 0;padding:8px 16px}article h2{font-size:18px;
margin:8px 0;word-break:break-all}.review{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:16px}
.text p{margin:0;padding:1px 0 1px 3.2em;text-indent:-3.2em;white-space:pre-wrap;word-break:break-all}
.text .ln{display:inline-block;width:3em;text-indent:0;color:#999;font-size:12px;text-align:right;
padding-right:.4em;user-select:none}mark{background:none;border-bottom:2px solid;padding:0 1px;cursor:pointer}
mark.error{border-color:var(--err);background:#fdecea}mark.warning{border-color:var(--warn);background:#fff4e0}
mark.info{border-color:var(--info);background:#e8f0fb}mark.dim{background:none;border-bottom-color:#ddd}
.text .ln{position:relative}mark.layout{position:absolute;left:-1.1em;top:1px;border:1px solid;border-radius:3px;
font-size:11px;line-height:1.3;padding:0 2px}
.cards{max-height:80vh;overflow:auto;position:sticky;top:8px}.card{border-left:4px solid;padding:4px 8px;
margin:0 0 8px;background:#fff;border-top:1px solid var(--line);border-right:1px solid var(--line);
border-bottom:1px solid var(--line)}.card.error{border-left-color:var(--err)}.card.warning{border-left-color:var(--warn)}
.card.info{border-left-color:var(--info)}.card .head{font-size:13px;color:var(--muted)}.card .code{font-weight:bold;
color:#222}.card .msg{margin:2px 0}.card .fix,.card .why{font-size:13px;color:#444}.card:target,.card.hl{
outline:2px solid #7e57c2}.hidden{display:none!important}details{margin:10px 0}summary{cursor:pointer;
font-weight:bold}.outline ol{margin:2px 0;padding-left:1.6em}.err{color:var(--err)}.none{color:#2e7d32}
.matrix td.score{color:var(--muted);font-size:13px}.verdict{margin:6px 0 10px;padding:6px 10px;
background:#f7f7fb;border:1px solid var(--line);border-radius:4px}.verdict h3{font-size:14px;margin:0 0 4px}
.verdict ul{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));
gap:2px 16px}.verdict .aspect{font-weight:bold;margin-right:.5em}.verdict .ok .aspect{color:#2e7d32}
.verdict .short .aspect{color:var(--err)}.verdict .note{color:var(--muted);font-size:12px;font-weight:normal}
td.v span{display:inline-block;margin-right:6px;white-space:nowrap}td.v .ok{color:#2e7d32}td.v .short{color:var(--err)}@media(max-width:900px){.review{grid-template-columns:1fr}
.cards{position:static;max-height:none}}@media print{.filters{display:none}.cards{max-height:none}}
"""

# Filters, and a click on a marked span shows its cards (and back). No network, no eval.
JS = """
(function(){
  var off={severity:{},code:{}};
  function apply(){
    document.querySelectorAll('.card').forEach(function(card){
      card.classList.toggle('hidden',!!(off.severity[card.dataset.severity]||off.code[card.dataset.code]));
    });
    document.querySelectorAll('mark[data-cards]').forEach(function(mark){
      var shown=mark.dataset.cards.split(' ').some(function(id){
        var card=document.getElementById(id);return card&&!card.classList.contains('hidden');
      });
      mark.classList.toggle('dim',!shown);
    });
  }
  document.addEventListener('click',function(event){
    var target=event.target;
    if(!target.closest){return;}
    var chip=target.closest('.chip');
    if(chip){
      var kind=chip.dataset.kind,value=chip.dataset.value;
      off[kind][value]=!off[kind][value];
      document.querySelectorAll('.chip[data-kind="'+kind+'"]').forEach(function(c){
        if(c.dataset.value===value){c.classList.toggle('off',off[kind][value]);}
      });
      apply();return;
    }
    var mark=target.closest('mark[data-cards]');
    if(!mark){return;}
    document.querySelectorAll('.card.hl').forEach(function(c){c.classList.remove('hl');});
    mark.dataset.cards.split(' ').forEach(function(id,i){
      var card=document.getElementById(id);
      if(card){card.classList.add('hl');if(i===0){card.scrollIntoView({block:'nearest'});}}
    });
  });
})();
"""


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def render_html(results: Sequence[FileResult], lang: str, fail_on: str = "warning",
                similar: Sequence[Any] | None = None, articles: Sequence[str] | None = None) -> str:  # fmt: skip
    """The whole page. Each result needs its ``document`` (the text to show) and its outline, or
    its ``articles`` entry (report_html, made where the document was: a server's worker);
    ``similar`` (checker.run.similar.SimilarPair) adds the shared passages of each pair side by side."""
    words = LABELS["en" if lang == "en" else "zh"]
    head = (
        f'<!doctype html><html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{esc(words['title'])}</title><style>{CSS}</style></head><body>"
    )
    header = (
        f"<header><h1>{esc(words['title'])}</h1><p class=\"meta\">reportlint {esc(__version__)} · "
        f"{esc(words['fail_on'])}: {esc(SEVERITY_WORDS['en' if lang == 'en' else 'zh'][fail_on])}</p></header>"
    )
    pairs = similar_html(similar, lang) if similar is not None else ""
    body = render_fragment(results, lang, fail_on, articles=articles) if results else ""
    return head + header + pairs + body + f"<script>{JS}</script></body></html>"


def similar_html(pairs: Sequence[Any], lang: str) -> str:
    """Each pair of reports that share passages, its passages side by side (line and text)."""
    words = LABELS["en" if lang == "en" else "zh"]
    if not pairs:
        return f'<main><section class="similar"><h2>{esc(words["similar"])}</h2><p>{esc(words["no_similar"])}</p></section></main>'
    parts = [f'<main><section class="similar"><h2>{esc(words["similar"])}</h2>']
    for pair in pairs:
        known = f' <span class="meta">({esc(words["known"])})</span>' if pair.reference else ""
        parts.append(f'<details open><summary>{esc(pair.a)} ↔ {esc(pair.b)}{known} · {esc(words["shared"])} '
                     f'{pair.share * 100:.0f}%</summary><table><thead><tr><th>{esc(words["line"])}</th>'
                     f'<th>{esc(pair.a)}</th><th>{esc(words["line"])}</th><th>{esc(pair.b)}</th>'
                     f'<th>{esc(words["score"])}</th></tr></thead><tbody>')  # fmt: skip
        for passage in pair.passages:
            parts.append(f'<tr><td class="n">{passage["line_a"]}</td><td>{esc(passage["text_a"])}</td>'
                         f'<td class="n">{passage["line_b"]}</td><td>{esc(passage["text_b"])}</td>'
                         f'<td class="n">{passage["similarity"] * 100:.0f}%</td></tr>')  # fmt: skip
        parts.append("</tbody></table></details>")
    parts.append("</section></main>")
    return "".join(parts)


def render_fragment(results: Sequence[FileResult], lang: str, fail_on: str = "warning", prefix: str = "f",
                    articles: Sequence[str] | None = None) -> str:  # fmt: skip
    """Filters, the summary table and every report: what the page and `reportlint serve` show.
    ``prefix`` keeps element ids apart when several fragments share a page. ``articles``: each
    report already made (report_html with the anchor ANCHOR), to be given its place's anchor."""
    return "".join([
        filters_html(results, lang),
        "<main>",
        summary_html(results, lang, fail_on, prefix),
        *(report_html(result, lang, f"{prefix}{number}") if articles is None
          else articles[number - 1].replace(ANCHOR, f"{prefix}{number}")
          for number, result in enumerate(results, start=1)),
        "</main>",
    ])  # fmt: skip


# The anchor of a report made before its place on the page is known (by a server's worker), then
# replaced by its place's. A document holding this very word would see it replaced too: harmless.
ANCHOR = "reportlint-anchor-5f0c2e9d"


def failed(result: FileResult, fail_on: str) -> bool:
    threshold = Severity(fail_on).rank
    return result.error is not None or any(d.severity.rank >= threshold for d in result.diagnostics)


def summary_html(results: Sequence[FileResult], lang: str, fail_on: str, prefix: str = "f") -> str:
    w = LABELS["en" if lang == "en" else "zh"]
    rows = []
    for number, r in enumerate(results, start=1):
        verdict = (f'<span class="fail">{esc(w["unreadable"])}</span>' if r.error else
                   f'<span class="fail">{esc(w["fail"])}</span>' if failed(r, fail_on) else
                   f'<span class="pass">{esc(w["pass"])}</span>')  # fmt: skip
        rows.append(
            f'<tr><td><a href="#{prefix}{number}">{esc(r.path)}</a></td><td>{esc(template_title(r.template, lang))}</td>'
            f'<td class="n">{r.chars}</td><td class="n">{r.count(Severity.ERROR)}</td>'
            f'<td class="n">{r.count(Severity.WARNING)}</td><td class="n">{r.count(Severity.INFO)}</td>'
            f"<td>{verdict}</td><td class=\"v\">{verdict_summary(r.substance, lang)}</td></tr>"
        )
    header = "".join(f"<th>{esc(w[k])}</th>" for k in ("file", "template", "chars", "errors", "warnings", "infos", "result",
                                                        "verdict"))  # fmt: skip
    return f'<section class="summary"><table><thead><tr>{header}</tr></thead><tbody>{"".join(rows)}</tbody></table></section>'


def filters_html(results: Sequence[FileResult], lang: str) -> str:
    w = LABELS["en" if lang == "en" else "zh"]
    severities = SEVERITY_WORDS["en" if lang == "en" else "zh"]
    codes = Counter(d.code for r in results for d in r.diagnostics)
    chips = [f"<span>{esc(w['severity'])}:</span>"]
    chips += [f'<button class="chip" data-kind="severity" data-value="{s}">{esc(severities[s])}</button>'
              for s in ("error", "warning", "info")]  # fmt: skip
    chips.append(f"<span>{esc(w['code'])}:</span>")
    chips += [f'<button class="chip" data-kind="code" data-value="{esc(code)}">{esc(code)} {n}</button>'
              for code, n in sorted(codes.items())]  # fmt: skip
    return f'<nav class="filters" aria-label="{esc(w["filters"])}">{"".join(chips)}</nav>'


def report_html(result: FileResult, lang: str, anchor: str) -> str:
    """One file: text with marks, finding cards, outline, matrix."""
    w = LABELS["en" if lang == "en" else "zh"]
    parts = [f'<article class="report" id="{anchor}"><h2>{esc(result.path)}</h2>']
    if result.error is not None:
        code, detail = result.error
        parts.append(f'<p class="err"><b>{esc(code)}</b> {esc(render(code, lang, {"detail": detail}))}</p></article>')
        return "".join(parts)
    meta = [f"{esc(w['template'])}: {esc(template_title(result.template, lang))}"]
    if result.detection is not None:
        reasons = "；".join(zh if lang != "en" else en for zh, en in result.detection.reasons)
        meta.append(f"{esc(w['auto'])}, {esc(w['confidence'])} {result.detection.confidence:.2f}"
                    + (f" ({esc(reasons)})" if reasons else ""))  # fmt: skip
    meta.append(f"{esc(w['chars'])}: {result.chars}")
    parts.append(f'<p class="meta">{" · ".join(meta)}</p>')
    parts.append(verdict_html(result.substance, lang))
    cards = [card_html(d, lang, f"{anchor}-d{i}", f"{anchor}-l{d.line}") for i, d in enumerate(result.diagnostics)]
    cards_html = "".join(cards) if cards else f'<p class="none">{esc(w["none"])}</p>'
    parts.append(f'<div class="review"><div class="text" lang="zh">{text_html(result, anchor)}</div>'
                 f'<div class="cards">{cards_html}</div></div>')  # fmt: skip
    outline = result.outline_data()
    if outline is not None:
        parts.append(f'<details class="outline" open><summary>{esc(w["outline"])}</summary>'
                     f"{outline_html(outline, anchor, lang)}</details>")  # fmt: skip
        parts.append(f'<details class="matrix" open><summary>{esc(w["matrix"])}</summary>'
                     f"{matrix_html(outline, lang)}</details>")  # fmt: skip
    parts.append("</article>")
    return "".join(parts)


def verdict_html(verdict: dict[str, Any] | None, lang: str) -> str:
    """The reviewers' verdict on one report: 问题准 / 原因清 / 措施明 / 把自己摆进去, each with its count."""
    from checker.output.verdict import verdict_rows

    rows = verdict_rows(verdict, lang)
    if not rows:
        return ""
    w = LABELS["en" if lang == "en" else "zh"]
    items = "".join(f'<li class="{"ok" if ok else "short"}" data-aspect="{aspect}"><span class="aspect">{esc(name)}</span>'
                    f"{esc(text)}</li>" for aspect, name, text, ok in rows)  # fmt: skip
    return (f'<section class="verdict"><h3>{esc(w["verdict"])} <span class="note">{esc(w["verdict_note"])}</span></h3>'
            f"<ul>{items}</ul></section>")  # fmt: skip


def verdict_summary(verdict: dict[str, Any] | None, lang: str) -> str:
    """The verdict in a summary row: each aspect's name, marked, its text in the tooltip."""
    from checker.output.verdict import verdict_rows

    return "".join(f'<span class="{"ok" if ok else "short"}" title="{esc(text)}">{"✓" if ok else "✗"} {esc(name)}</span>'
                   for _, name, text, ok in verdict_rows(verdict, lang)) or "—"  # fmt: skip


def card_html(d: Diagnostic, lang: str, card_id: str, line_anchor: str) -> str:
    from checker.checks import RULES

    w = LABELS["en" if lang == "en" else "zh"]
    severity = d.severity.value
    word = SEVERITY_WORDS["en" if lang == "en" else "zh"][severity]
    lines = [
        f'<div class="card {severity}" id="{card_id}" data-severity="{severity}" data-code="{esc(d.code)}">',
        f'<div class="head"><a href="#{line_anchor}">{esc(w["line"])} {d.line}:{d.column}</a> · '
        f'<span class="code">{esc(d.code)}</span> {esc(word)} · {esc(d.rule)}</div>',
        f'<div class="msg">{esc(render(d.code, lang, d.args))}</div>',
    ]
    suggestion = d.suggestion()
    if suggestion:
        lines.append(f'<div class="fix">{esc(w["fix"])}：“{esc(suggestion)}”</div>')
    rule = RULES.get(d.code)
    if rule is not None:
        why = first_sentence(rule.why["en" if lang == "en" else "zh"])
        lines.append(f'<div class="why">{esc(w["why"])}：{esc(why)}</div>')
    lines.append("</div>")
    return "".join(lines)


def text_html(result: FileResult, anchor: str) -> str:
    """The report's lines, each finding's span marked (overlapping spans split where they meet).
    A layout finding (F: fonts, spacing, page set-up) is about whole paragraphs, often dozens:
    it gets a badge beside its first line's number, not a highlight over the text, which would
    bury the findings in the words."""
    document = result.document
    if document is None:
        return ""
    lines = list(document.source_lines) if document.source_lines is not None else [p.text for p in document.paragraphs]
    # Per line, the spans of findings on it: (start, end, card id, severity), 0-based, end exclusive.
    spans: dict[int, list[tuple[int, int, str, str]]] = {}
    badges: dict[int, list[tuple[str, str]]] = {}
    for i, d in enumerate(result.diagnostics):
        if d.code.startswith("F"):
            badges.setdefault(min(max(d.line, 1), max(len(lines), 1)), []).append((f"{anchor}-d{i}", d.severity.value))
            continue
        for line in range(d.line, d.end_line + 1):
            if not 0 < line <= len(lines):
                continue
            start = d.column - 1 if line == d.line else 0
            end = d.end_column if line == d.end_line else len(lines[line - 1])
            spans.setdefault(line, []).append((start, max(end, start + 1), f"{anchor}-d{i}", d.severity.value))
    out = []
    for number, text in enumerate(lines, start=1):
        body = _marked(text, spans[number]) if number in spans else esc(text)
        badge = ""
        if number in badges:
            worst = max((severity for _, severity in badges[number]), key=_RANK.__getitem__)
            cards = " ".join(card for card, _ in badges[number])
            badge = f'<mark class="layout {worst}" data-cards="{cards}" title="版式 / layout">版</mark>'
        out.append(f'<p id="{anchor}-l{number}"><span class="ln">{badge}{number}</span>{body}</p>')
    return "".join(out)


_RANK = {"error": 3, "warning": 2, "info": 1}


def _marked(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """``text`` with each piece that spans cover wrapped in a mark naming their cards: one sweep
    over the span ends in order (a line may hold thousands of findings)."""
    length = len(text)
    events: list[tuple[int, int, int]] = []  # (position, 0 open / -1 close, span index)
    for index, (start, end, _, _) in enumerate(spans):
        start, end = min(start, length), min(end, length)
        if start < end:
            events += [(start, 1, index), (end, 0, index)]
    events.sort()
    pieces: list[str] = []
    active: dict[int, None] = {}  # spans open at the current position, in order of opening
    pos = 0
    for at, kind, index in events:
        if at > pos:
            piece = esc(text[pos:at])
            if active:
                over = [spans[i] for i in active]
                worst = max((severity for _, _, _, severity in over), key=_RANK.__getitem__)
                pieces.append(f'<mark class="{worst}" data-cards="{" ".join(card for _, _, card, _ in over)}">{piece}</mark>')
            else:
                pieces.append(piece)
            pos = at
        if kind:
            active[index] = None
        else:
            active.pop(index, None)
    pieces.append(esc(text[pos:]))
    if not text and spans:
        worst = max((severity for _, _, _, severity in spans), key=_RANK.__getitem__)
        pieces.append(f'<mark class="{worst}" data-cards="{" ".join(card for _, _, card, _ in spans)}"> </mark>')
    return "".join(pieces)


def template_title(name: str | None, lang: str) -> str:
    """A template as a reader knows it: its title (党性分析报告), not its id (party-spirit)."""
    if not name:
        return "—"
    title = _template_titles().get(name)
    if title is None:
        return name
    return (title[1] or name) if lang == "en" else title[0]


@cache
def _template_titles() -> dict[str, tuple[str, str]]:
    from checker.template import builtin_templates

    return {name: (t.title, t.title_en) for name, t in builtin_templates().items()}


def outline_html(outline: dict[str, Any], anchor: str, lang: str = "zh") -> str:
    from checker.output.outline import ROLE_NAMES

    roles = ROLE_NAMES["en" if lang == "en" else "zh"]

    def items(entries: list[dict[str, Any]]) -> str:
        if not entries:
            return ""
        rows = []
        for item in entries:
            rows.append(f'<li><a href="#{anchor}-l{item["line"]}">{esc(item["marker"])}</a> {esc(item["heading"])}'
                        f'{items(item.get("children", []))}</li>')  # fmt: skip
        return f"<ol>{''.join(rows)}</ol>"

    sections = []
    for section in outline.get("sections", []):
        number = section.get("number") or ""
        sections.append(f'<li><a href="#{anchor}-l{section["line"]}">{esc(number)}{"、" if number else ""}'
                        f'{esc(section["title"])}</a> <span class="meta">[{esc(roles.get(section["role"], section["role"]))}]</span>'
                        f'{items(section.get("items", []))}</li>')  # fmt: skip
    title = outline.get("title")
    return (f"<p><b>{esc(title)}</b></p>" if title else "") + f"<ul>{''.join(sections)}</ul>"


def matrix_html(outline: dict[str, Any], lang: str) -> str:
    w = LABELS["en" if lang == "en" else "zh"]
    rows = matrix_rows(outline)
    if not rows:
        return f'<p class="meta">{esc(w["no_links"])}</p>'
    header = "".join(f"<th>{esc(w[k])}</th>" for k in ("problem", "causes", "measures", "score"))
    body = []
    def cell(targets: list[str], why: list[str]) -> str:
        # each target with the words it shares with the problem (why it was linked), in grey
        return "<br>".join(
            esc(t) + (f' <span class="meta">（{esc(w)}）</span>' if w else "") for t, w in zip(targets, why, strict=True)
        ) or "—"

    for row in rows:
        body.append(
            f"<tr><td>{esc(row['problem'])}</td><td>{cell(row['causes'], row['cause_evidence'])}</td>"
            f"<td>{cell(row['measures'], row['measure_evidence'])}</td>"
            f'<td class="score">{row["score"]:.2f}</td></tr>'
        )
    return f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def matrix_rows(outline: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per problem: its heading, and the headings of the causes and measures that answer
    it (the contract's links, whose indexes count the first section of each role)."""
    first: dict[str, list[dict[str, Any]]] = {}
    for section in outline.get("sections", []):
        first.setdefault(section["role"], section.get("items", []))

    def heading(role: str, index: int) -> str:
        entries = first.get(role, [])
        if 0 < index <= len(entries):
            item = entries[index - 1]
            return f"{item['marker']} {item['heading']}".strip()
        return str(index)

    def why(link: dict[str, Any], role: str) -> list[str]:
        found = {e["target"]: e for e in link.get("evidence", {}).get(role, [])}
        labels = []
        for t in link[role]:
            e = found.get(t, {})
            labels.append("、".join([*e.get("words", []), *(f"{a}～{b}" for a, b in e.get("related", []))]))
        return labels

    return [
        {
            "problem": heading("problems", link["problem"]),
            "causes": [heading("causes", c) for c in link["causes"]],
            "measures": [heading("measures", m) for m in link["measures"]],
            "cause_evidence": why(link, "causes"),
            "measure_evidence": why(link, "measures"),
            "score": float(link.get("score", 0.0)),
        }
        for link in outline.get("links", [])
    ]
