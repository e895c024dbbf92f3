"""The labelled corpus in ../shared/corpus (read in place; skipped when absent)."""

from __future__ import annotations

import json

import jsonschema
import pytest

from bench.corpus import CORPUS, KIND_TEMPLATE, score
from checker.output.jsonout import render_json
from checker.pipeline import check_path
from checker.template import load_template
from tests.helpers import REPO, SHARED

pytestmark = pytest.mark.skipif(not (CORPUS / "labels.json").exists(), reason="../shared/corpus not present")


def test_json_for_every_corpus_file_validates_against_both_schemas() -> None:
    results = [check_path(str(p)) for p in sorted(CORPUS.glob("d*.txt"))]
    results += [check_path(str(p), load_template("party-spirit")) for p in sorted(CORPUS.glob("d*.txt"))]
    payload = json.loads(render_json(results, "zh"))
    jsonschema.validate(payload, json.loads((SHARED / "docs" / "report.schema.json").read_text("utf-8")))
    jsonschema.validate(payload, json.loads((REPO / "docs" / "report.schema.json").read_text("utf-8")))


def test_items_recovered_in_sections_of_the_right_role() -> None:
    scores = score()
    items = sum(s.items for s in scores)
    found = sum(s.found for s in scores)
    assert found / items >= 0.95, [m for s in scores for m in s.misses]


def test_labelled_structure_numbering_length_and_link_defects_are_reported_on_their_line() -> None:
    misses = [f"{s.name}: {m}" for s in score() for m in s.defect_misses]
    assert misses == []


def test_no_error_or_warning_on_clean_reports() -> None:
    alarms = [(s.name, s.alarms) for s in score() if s.clean and s.alarms]
    assert alarms == []


def test_no_error_or_warning_on_clean_reports_of_the_default_template_kinds_with_it() -> None:
    kinds = {"党性分析", "对照检查", "发言提纲", "检视剖析"}
    alarms = [(s.name, s.alarms) for s in score("party-spirit") if s.clean and s.kind in kinds and s.alarms]
    assert alarms == []


def test_every_report_is_detected_as_its_labelled_kind() -> None:
    wrong = [(s.name, s.kind, s.detected) for s in score() if KIND_TEMPLATE[s.kind] != s.detected]
    assert wrong == []


def test_duty_reports_are_checked_without_a_causes_section() -> None:
    for s in score():
        if s.kind == "述职":
            assert s.detected == "duty-report"
    result = check_path(str(CORPUS / "d08.txt"))
    assert result.template == "duty-report"
    assert "S101" not in [d.code for d in result.diagnostics]


def test_link_f1_on_the_corpus() -> None:
    from bench.accuracy import evaluate, f1

    scores = evaluate(CORPUS)
    precision, recall, score = f1(*(sum(getattr(s, k) for s in scores) for k in ("tp", "fp", "fn")))
    assert score >= 0.90, (precision, recall)


SUBSTANCE_KINDS = {"problem-not-specific", "cause-objective", "measure-not-actionable", "criticism-as-praise",
                   "cause-restates-problem", "others-not-self", "work-only-problems", "missing-last-year-review"}  # fmt: skip


@pytest.mark.skipif(not (CORPUS / "substance" / "labels.json").exists(), reason="substance corpus not present")
def test_substance_defects_are_reported_by_their_rule_on_their_line() -> None:
    """At least 90 % of s01–s12's planted substance defects, each by the Q rule of its name."""
    from bench.accuracy import evaluate

    scores = evaluate(CORPUS / "substance")
    labelled = [d for e in json.loads((CORPUS / "substance" / "labels.json").read_text("utf-8"))
                for d in e["defects"] if d["kind"] in SUBSTANCE_KINDS]  # fmt: skip
    missed = [m for s in scores for m in s.missed if m.split("@")[0] in SUBSTANCE_KINDS]
    assert len(labelled) >= 10 and (len(labelled) - len(missed)) / len(labelled) >= 0.9, missed


def test_no_substance_warning_on_any_clean_report() -> None:
    """The reports labelled clean in every set (d01–d24, s01–s12) draw no Q warning or error."""
    from bench.accuracy import SETS, evaluate

    alarms = [(s.name, a) for folder in SETS.values() if (folder / "labels.json").exists()
              for s in evaluate(folder) for a in s.alarms if a.startswith("Q")]  # fmt: skip
    assert alarms == []
