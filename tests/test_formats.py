"""Output formats CI systems read: SARIF 2.1.0 (validated against the official schema), GitHub
workflow commands and step summary, JUnit XML, statistics, --output-file, --quiet."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from tests.helpers import REPO

EXAMPLES = REPO / "examples"
SARIF_SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, **(env or {})})  # fmt: skip


def test_sarif_validates_and_fingerprints_survive_edits_elsewhere(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04broken")
    result = run(str(EXAMPLES / "flawed.txt"), str(EXAMPLES / "clean.docx"), str(bad), "--format", "sarif")
    payload = json.loads(result.stdout)
    jsonschema.validate(payload, SARIF_SCHEMA)
    run_ = payload["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    ids = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    assert "N101" in ids and "E002" in ids and all(r["help"]["text"] for r in run_["tool"]["driver"]["rules"])
    n101 = next(r for r in run_["results"] if r["ruleId"] == "N101")
    assert n101["locations"][0]["physicalLocation"]["region"]["startLine"] == 9
    # Insert a line at the top: lines move, fingerprints stay.
    moved = tmp_path / "flawed.txt"
    moved.write_text("附注：新增的一行。\n" + (EXAMPLES / "flawed.txt").read_text("utf-8"), "utf-8")
    again = json.loads(run(str(moved), "--format", "sarif").stdout)["runs"][0]["results"]
    before = {
        r["partialFingerprints"]["reportlintFingerprint/v1"] for r in run_["results"] if r["ruleId"] == "N101"
    }
    after = {r["partialFingerprints"]["reportlintFingerprint/v1"] for r in again if r["ruleId"] == "N101"}
    assert before == after
    assert (
        next(r for r in again if r["ruleId"] == "N101")["locations"][0]["physicalLocation"]["region"][
            "startLine"
        ]
        == 10
    )


COMMAND = re.compile(
    r"^::(error|warning|notice) file=[^,:]+(,line=\d+,col=\d+,endLine=\d+,endColumn=\d+)?,title=[A-Z]\d{3}::.+$"
)


def test_github_commands_and_step_summary(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    result = run(
        str(EXAMPLES / "flawed.txt"), "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)}
    )
    lines = result.stdout.strip().splitlines()
    assert lines and all(COMMAND.match(line) for line in lines), [x for x in lines if not COMMAND.match(x)]
    assert result.returncode == 1
    table = summary.read_text("utf-8")
    assert table.count(f"| {EXAMPLES / 'flawed.txt'} |") == len(lines)


def test_junit_one_testcase_per_file_a_failure_per_finding(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"")
    result = run(str(EXAMPLES / "flawed.txt"), str(EXAMPLES / "clean.txt"), str(bad), "--format", "junit")
    root = ET.fromstring(result.stdout)
    suites = root.findall("testsuite")
    assert root.tag == "testsuites" and len(suites) == 1
    cases = suites[0].findall("testcase")
    assert [c.get("name") for c in cases] == [
        str(EXAMPLES / "flawed.txt"),
        str(EXAMPLES / "clean.txt"),
        str(bad),
    ]
    flawed_json = json.loads(run(str(EXAMPLES / "flawed.txt"), "--format", "json").stdout)
    assert len(cases[0].findall("failure")) == len(flawed_json["files"][0]["diagnostics"])
    assert cases[1].findall("failure") == [] and cases[2].find("error").get("type") == "E009"
    assert (
        suites[0].get("tests") == "3" and suites[0].get("failures") == "1" and suites[0].get("errors") == "1"
    )


def test_junit_escapes_markup_in_paths_and_messages(tmp_path: Path) -> None:
    odd = tmp_path / 'a&b<"c">\t.txt'
    odd.write_text((EXAMPLES / "flawed.txt").read_text("utf-8"), "utf-8")
    bad = tmp_path / "x&y.docx"
    bad.write_bytes(b"")
    root = ET.fromstring(run(str(odd), str(bad), "--format", "junit").stdout)
    cases = root.findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == [str(odd), str(bad)]
    error = cases[1].find("error")
    assert error is not None and error.get("message") == error.text and "&amp;" not in (error.text or "")
    assert all((f.text or "").startswith(str(odd) + ":") for f in cases[0].findall("failure"))


def test_statistics_output_file_and_quiet(tmp_path: Path) -> None:
    stats = run(str(EXAMPLES / "flawed.txt"), "--statistics").stdout.splitlines()
    counts = [int(line.split()[0]) for line in stats]
    assert counts == sorted(counts, reverse=True) and any(" N101 " in f" {line} " for line in stats)
    out = tmp_path / "out.json"
    result = run(str(EXAMPLES / "flawed.txt"), "--format", "json", "--output-file", str(out))
    assert result.stdout == "" and json.loads(out.read_text("utf-8"))["summary"]["files"] == 1
    assert run(str(EXAMPLES / "clean.txt"), "-q").stdout == ""


def test_json_written_in_pieces_is_the_document_built_whole() -> None:
    # The command line writes JSON a thousand findings at a time (a hostile file's 300,000 findings
    # made 500 MB of it); what it writes is byte for byte what render_json builds.
    import io

    from checker.output.jsonout import render_json, write_json
    from checker.pipeline import check_path
    from checker.run.similar import SimilarPair
    from tests.adversarial import inline_markers, sized

    examples = [check_path(str(p)) for p in sorted((REPO / "examples").glob("*.*")) if p.suffix in (".txt", ".docx", ".md")]
    broken = check_path("broken.docx", data=b"PK\x03\x04broken")
    _, huge = sized(inline_markers, 60_000)
    many = check_path("many.txt", data=huge)
    assert len(many.diagnostics) > 2_000  # more than one piece
    pair = SimilarPair("a.txt", "b.txt", 0.5, [{"a": [1, 2], "b": [3, 4], "text": "相同的段落"}])
    for results, similar in (([], None), (examples, None), ([broken, *examples[:2], many], None),
                             (examples[:2], [pair]), ([broken], [])):  # fmt: skip
        for lang in ("zh", "en"):
            out = io.BytesIO()
            write_json(results, lang, similar, out)
            assert out.getvalue() == render_json(results, lang, similar).encode("utf-8")
    json.loads(out.getvalue())


def test_json_of_a_huge_file_is_written_in_pieces_outline_included(monkeypatch: pytest.MonkeyPatch) -> None:
    # A 2 MB paragraph makes 100,000 items: their outline, like the findings, is dumped a piece at
    # a time (it was dumped whole, then copied twice to indent it), and the bytes stay the same.
    import io

    from checker.output import jsonout
    from checker.pipeline import check_path
    from tests.adversarial import inline_markers, sized

    _, huge = sized(inline_markers, 120_000)
    result = check_path("many.txt", data=huge)
    whole = jsonout.render_json([result], "zh", None).encode("utf-8")
    pieces: list[int] = []
    dumps_bytes = jsonout.dumps_bytes

    def recording(value: object) -> bytes:
        data = dumps_bytes(value)
        pieces.append(len(data))
        return data

    monkeypatch.setattr(jsonout, "dumps_bytes", recording)
    out = io.BytesIO()
    jsonout.write_json([result], "zh", None, out)
    assert out.getvalue() == whole
    outline = json.dumps(json.loads(whole)["files"][0]["outline"], ensure_ascii=False).encode()
    assert len(outline) > 500_000 and max(pieces) < len(outline) // 10
