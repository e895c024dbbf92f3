"""The template language: validation with errors that name the key, extends, built-ins."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from checker.template import TemplateError, builtin_names, load_template
from tests.helpers import LONG, REPO, codes, lint_text, report


def write(tmp_path: Path, text: str, name: str = "t.toml") -> str:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return str(path)


def test_builtins_load_and_cover_every_kind() -> None:
    assert set(builtin_names()) >= {
        "party-spirit", "life-meeting", "self-examination", "duty-report", "rectification", "checklist-table",
    }  # fmt: skip
    for name in builtin_names():
        template = load_template(name)
        assert template.name == name and template.detect.title


def test_extends_and_rename_a_section_end_to_end(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'extends = "party-spirit"\nname = "our-party"\ntitle = "本单位党性分析报告"\n'
        '[[sections]]\nid = "causes"\nlabel = "思想根源"\nsynonyms = ["思想根源挖掘"]\nkeywords = ["思想根源挖掘"]\n'
        "[lengths]\nitem_min_chars = 10\n",
    )
    template = load_template(path)
    assert template.extends == "party-spirit" and template.lengths.item_max_chars == 800
    causes = template.spec("causes")
    assert causes is not None and causes.label == "思想根源" and causes.role == "causes" and causes.required
    text = report().replace("二、原因剖析", "二、思想根源挖掘")
    result = lint_text(text, template=path)
    assert result.report is not None
    assert [s.spec_id for s in result.report.sections] == ["problems", "causes", "measures"]
    missing = report().replace("二、原因剖析", "二、其他情况")
    s101 = [d for d in lint_text(missing, template=path).diagnostics if d.code == "S101"]
    assert [d.args["section"] for d in s101] == ["思想根源"]


def test_remove_and_add_sections(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'extends = "party-spirit"\nname = "no-causes"\ntitle = "简要对照"\nremove_sections = ["causes"]\n'
        '[[sections]]\nid = "pledge"\nrole = "other"\nlabel = "表态"\nkeywords = ["表态"]\nafter = "measures"\n',
    )
    template = load_template(path)
    ids = [s.id for s in template.sections]
    assert "causes" not in ids and ids.index("pledge") == ids.index("measures") + 1
    text = report().replace("二、原因剖析\n", "二、（原因）\n")
    assert "S101" not in codes(lint_text(text, template=path))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('name = "x"\ntitle = "x"\n[[sections]]\nid = "p"\nrole = "problemz"\nlabel = "问题"\nkeywords = ["问题"]\n',
         "sections.0.role: 'problemz' is not allowed"),
        ('name = "x"\ntitle = "x"\nsectons = []\n[[sections]]\nid = "p"\nrole = "problems"\nlabel = "问"\nkeywords = ["问"]\n',
         "sectons: unknown key"),
        ('name = "x"\ntitle = "x"\n[[sections]]\nid = "p"\nrole = "problems"\nlabel = "问"\n', "needs synonyms or keywords"),
        ('name = "x"\ntitle = "x"\n[lengths]\nitem_min_chars = -1\n[[sections]]\nid = "p"\nrole = "problems"\nlabel = "问"\nkeywords = ["问"]\n',
         "lengths.item_min_chars: must be at least 0"),
        ('title = "x"\n[[sections]]\nid = "p"\nrole = "problems"\nlabel = "问"\nkeywords = ["问"]\n', "name: required key is missing"),
        ('extends = "party-spirit"\nname = "x"\ntitle = "x"\n[[sections]]\nid = "causes"\nmin_items = "two"\n',
         "sections.5.min_items: expected an integer"),
        ('extends = "no-such-template"\nname = "x"\ntitle = "x"\n', "unknown template 'no-such-template'"),
        ('name = "x"\ntitle = "x"\n[[sections]\n', "not valid TOML"),
    ],
)  # fmt: skip
def test_broken_templates_give_one_clear_error_naming_the_key(
    tmp_path: Path, body: str, expected: str
) -> None:
    with pytest.raises(TemplateError) as error:
        load_template(write(tmp_path, body))
    assert expected in str(error.value)
    assert "t.toml" in str(error.value) or "no-such-template" in str(error.value)


def test_extends_cycle_is_refused(tmp_path: Path) -> None:
    write(tmp_path, 'extends = "b.toml"\nname = "a"\ntitle = "a"\n', "a.toml")
    write(tmp_path, 'extends = "a.toml"\nname = "b"\ntitle = "b"\n', "b.toml")
    with pytest.raises(TemplateError, match="leads back"):
        load_template(str(tmp_path / "a.toml"))


def test_template_check_command(tmp_path: Path) -> None:
    path = write(tmp_path, 'extends = "duty-report"\nname = "our-duty"\ntitle = "述职"\n')
    result = subprocess.run(
        [sys.executable, "-m", "checker", "template", "check", path, str(REPO / "examples")],
        capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "our-duty" in result.stdout and "duty-report" in result.stdout
    broken = write(
        tmp_path,
        'name = "x"\ntitle = "x"\n[[sections]]\nid = "p"\nrole = "oops"\nlabel = "问"\nkeywords = ["问"]\n',
        "bad.toml",
    )
    failed = subprocess.run(
        [sys.executable, "-m", "checker", "template", "check", broken], capture_output=True, text=True
    )
    assert failed.returncode == 2 and "sections.0.role" in failed.stderr


def test_template_schema_matches_the_code_and_validates_builtins() -> None:
    from checker.template import template_schema

    shipped = json.loads((REPO / "docs" / "template.schema.json").read_text("utf-8"))
    assert shipped == template_schema(), "regenerate: python -m checker.template > docs/template.schema.json"
    import tomllib

    for path in sorted((REPO / "rules" / "templates").glob("*.toml")):
        jsonschema.validate(tomllib.loads(path.read_text("utf-8")), shipped)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"name": "x", "title": "x", "sections": [], "bogus": 1}, shipped)


def test_item_lengths_follow_the_template(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f'extends = "party-spirit"\nname = "short-ok"\ntitle = "x"\n[lengths]\nitem_min_chars = {len(LONG) + 50}\n',
    )
    assert "L103" in codes(lint_text(report(), template=path))
