"""Output formats for people and for CI: text, json, sarif (SARIF 2.1.0), github (workflow
commands and a step summary), junit, html (a review page). One entry point, `render`, picks by
name; xlsx (bytes) is checker.output.xlsx."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from typing import Any

from checker import __version__
from checker.messages import render as message
from checker.result import Diagnostic, FileResult
from checker.severity import Severity

SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
HELP_URI = "https://github.com/reportlint/reportlint#rules"


def render(kind: str, results: Sequence[FileResult], lang: str, *, quiet: bool = False, source: bool = True,
           colour: bool = False, statistics: bool = False, fail_on: str = "warning",
           similar: Sequence[Any] | None = None) -> str:  # fmt: skip
    if statistics:
        return render_statistics(results, lang)
    if kind == "html":
        from checker.output.html import render_html

        return render_html(results, lang, fail_on, similar)
    if kind == "json":
        from checker.output.jsonout import render_json

        return render_json(results, lang, similar)
    if kind == "sarif":
        from checker.output.jsonout import dumps

        return dumps(sarif(results, lang))
    if kind == "github":
        return render_github(results, lang)
    if kind == "junit":
        return render_junit(results, lang)
    return render_text(results, lang, quiet=quiet, source=source, colour=colour)


def render_text(results: Sequence[FileResult], lang: str, *, quiet: bool, source: bool, colour: bool) -> str:
    from checker.output.text import TextRenderer, template_line

    renderer = TextRenderer(lang, colour=colour, show_source=source)
    lines: list[str] = []
    if not quiet:
        for result in results:
            if result.detection is not None and (result.diagnostics or len(results) == 1):
                lines.append(renderer.dim(template_line(result, lang)))
            lines.extend(renderer.file(result))
    if any(r.diagnostics or r.error for r in results) or not quiet:
        lines.append(renderer.summary_line(results))
    return "\n".join(lines)


def render_statistics(results: Sequence[FileResult], lang: str) -> str:
    from checker.checks import RULES

    counts = Counter(d.code for r in results for d in r.diagnostics)
    counts.update(r.error[0] for r in results if r.error)
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    width = max((len(str(n)) for _, n in rows), default=1)
    return "\n".join(f"{n:>{width}}  {code}  {RULES[code].name if code in RULES else ''}" for code, n in rows)


def fingerprint(path: str, d: Diagnostic) -> str:
    """Stable across edits elsewhere in the file: the code, the file's name and the text of the
    line (whitespace removed), not its number."""
    import hashlib  # OpenSSL: loaded only by the outputs that carry fingerprints

    text = "".join(d.excerpt.split())
    return hashlib.sha256(
        f"{d.code}\0{os.path.basename(path)}\0{text}".encode("utf-8", "surrogateescape")
    ).hexdigest()[:32]


def sarif(results: Sequence[FileResult], lang: str) -> dict[str, Any]:
    from checker.checks import RULES

    codes = sorted(
        {d.code for r in results for d in r.diagnostics} | {r.error[0] for r in results if r.error}
    )
    rules = []
    for code in codes:
        rule = RULES[code]
        how = f"\n\n{rule.detection[lang]}" if rule.detection else ""  # how the rule decides (Q1xx)
        rules.append({
            "id": code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary[lang]},
            "fullDescription": {"text": rule.why[lang]},
            "help": {"text": f"{rule.why[lang]}{how}\n\n✗ {rule.bad}\n✓ {rule.good}",
                     "markdown": f"{rule.why[lang]}{how}\n\n**✗** `{rule.bad}`\n\n**✓** `{rule.good}`"},
            "helpUri": f"{HELP_URI}-{code.lower()}",
            "defaultConfiguration": {"level": SARIF_LEVEL[rule.severity]},
        })  # fmt: skip
    index = {code: i for i, code in enumerate(codes)}
    items: list[dict[str, Any]] = []
    for result in results:
        uri = result.path.replace(os.sep, "/")
        if result.error:
            code, detail = result.error
            items.append({
                "ruleId": code, "ruleIndex": index[code], "level": "error",
                "message": {"text": message(code, lang, {"detail": detail})},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
            })  # fmt: skip
            continue
        for d in result.diagnostics:
            items.append({
                "ruleId": d.code, "ruleIndex": index[d.code], "level": SARIF_LEVEL[d.severity],
                "message": {"text": message(d.code, lang, d.args)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {"startLine": d.line, "startColumn": d.column, "endLine": d.end_line,
                               "endColumn": d.end_column + 1, "snippet": {"text": d.excerpt}},
                }}],
                "partialFingerprints": {"reportlintFingerprint/v1": fingerprint(result.path, d)},
            })  # fmt: skip
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "reportlint", "version": __version__, "informationUri": HELP_URI,
                                "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": items,
        }],
    }  # fmt: skip


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render_github(results: Sequence[FileResult], lang: str) -> str:
    """GitHub workflow commands: ::error file=…,line=…,col=…,title=CODE::message."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for result in results:
        file = _github_escape(result.path, True)
        if result.error:
            code, detail = result.error
            lines.append(
                f"::error file={file},title={code}::{_github_escape(message(code, lang, {'detail': detail}))}"
            )
        for d in result.diagnostics:
            props = f"file={file},line={d.line},col={d.column},endLine={d.end_line},endColumn={d.end_column},title={d.code}"
            lines.append(f"::{level[d.severity]} {props}::{_github_escape(message(d.code, lang, d.args))}")
    return "\n".join(lines)


def write_step_summary(results: Sequence[FileResult], lang: str) -> None:
    """GitHub shows ten annotations per step; the step summary lists every finding."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    header = (
        "| 文件 | 行 | 代码 | 级别 | 说明 |"
        if lang == "zh"
        else "| file | line | code | severity | message |"
    )
    rows = [f"### reportlint\n\n{header}", "| --- | --- | --- | --- | --- |"]
    for result in results:
        if result.error:
            code, detail = result.error
            rows.append(f"| {result.path} | | {code} | error | {message(code, lang, {'detail': detail})} |")
        for d in result.diagnostics:
            text = message(d.code, lang, d.args).replace("|", "\\|")
            rows.append(f"| {result.path} | {d.line} | {d.code} | {d.severity.value} | {text} |")
    with open(target, "a", encoding="utf-8") as handle:
        handle.write("\n".join(rows) + "\n")


def _xml_text(text: str) -> str:
    # Our own two escapes: xml.sax.saxutils imports urllib.request, http and email (~35 ms).
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xml_attribute(text: str) -> str:
    escaped = _xml_text(text).replace('"', "&quot;")
    return '"' + escaped.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'


def render_junit(results: Sequence[FileResult], lang: str) -> str:
    """One testsuite per run, one testcase per file, a failure per finding (or an error for an
    unreadable file): the shape GitLab and Jenkins read."""
    failures = sum(len(r.diagnostics) > 0 for r in results)
    errors = sum(r.error is not None for r in results)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuites name="reportlint" tests="{len(results)}" failures="{failures}" errors="{errors}">',
           f'  <testsuite name="reportlint" tests="{len(results)}" failures="{failures}" errors="{errors}">']  # fmt: skip
    for result in results:
        name = _xml_attribute(result.path)
        if result.error:
            code, detail = result.error
            text = message(code, lang, {"detail": detail})
            out.append(
                f'    <testcase name={name} classname="reportlint"><error type="{code}" message={_xml_attribute(text)}>{_xml_text(text)}</error></testcase>'
            )
            continue
        if not result.diagnostics:
            out.append(f'    <testcase name={name} classname="reportlint"/>')
            continue
        out.append(f'    <testcase name={name} classname="reportlint">')
        for d in result.diagnostics:
            text = message(d.code, lang, d.args)
            body = _xml_text(f"{result.path}:{d.line}:{d.column}: {d.code} [{d.severity.value}] {text}")
            out.append(f'      <failure type="{d.code}" message={_xml_attribute(text)}>{body}</failure>')
        out.append("    </testcase>")
    out += ["  </testsuite>", "</testsuites>"]
    return "\n".join(out)
