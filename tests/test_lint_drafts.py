"""`boardpapers lint` on whole drafts: every paragraph, bullet and cell, SARIF, Word comments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from draft_plan import ACTIONS, paper_to_text, plan_paper, score

from docbuilders.spec import Heading, ListItem, Paper, Paragraph
from pipeline.cli import main
from pipeline.lint import Finding, lint_file
from pipeline.lint_output import sarif_log
from rules.engine import RuleEngine
from rules.loader import load_rules

FORMATS = ("docx", "pdf", "txt")


@pytest.fixture(scope="module")
def plan_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from docbuilders.docx import build_docx
    from docbuilders.pdf import build_pdf

    folder = tmp_path_factory.mktemp("plan")
    paper = plan_paper()
    text = folder / "plan.txt"
    text.write_text(paper_to_text(paper), encoding="utf-8")
    return {
        "docx": build_docx(paper, folder / "plan.docx"),
        "pdf": build_pdf(paper, folder / "plan.pdf"),
        "txt": text,
    }


@pytest.fixture(scope="module")
def plan_findings(plan_files: dict[str, Path]) -> dict[str, list[Finding]]:
    out = {}
    for name, path in plan_files.items():
        findings, problems = lint_file(path)
        assert problems == []
        out[name] = findings
    return out


def run(*args: str):
    return CliRunner().invoke(main, ["lint", *args])


# --- the 60-action plan -----------------------------------------------------------------


def test_plan_has_40_smart_and_20_vague_actions_in_two_halves() -> None:
    assert sum(a.smart for a in ACTIONS) == 40
    assert sum(not a.smart for a in ACTIONS) == 20
    assert {a.half for a in ACTIONS} == {"A", "B"}
    assert len({a.text for a in ACTIONS}) == 60


@pytest.mark.parametrize("name", FORMATS)
def test_sixty_action_plan_leaves_smart_actions_alone_and_flags_vague_ones(
    plan_findings: dict[str, list[Finding]], name: str
) -> None:
    result = score(plan_findings[name])
    print(f"\n[{name}] {result.summary()}")
    smart = [*result.smart_flagged["A"], *result.smart_flagged["B"]]
    caught = len(result.vague_caught["A"]) + len(result.vague_caught["B"])
    assert len(smart) <= 1, f"SMART actions flagged: {smart}"
    assert caught >= 19, f"vague actions missed: {result.vague_missed}"


def test_text_plan_findings_point_at_the_action_line(
    plan_files: dict[str, Path], plan_findings: dict[str, list[Finding]]
) -> None:
    lines = plan_files["txt"].read_text(encoding="utf-8").splitlines()
    for finding in plan_findings["txt"]:
        assert finding.line is not None and finding.column is not None
        line = lines[finding.line - 1]
        flagged = finding.context[finding.start : finding.end]
        assert line[finding.column - 1 :].startswith(flagged.split("\n")[0]), finding


def test_binary_deliverables_with_a_date_are_measurable_and_time_bound() -> None:
    engine = RuleEngine.load()
    for text in (
        "Appoint a Principal Social Worker by 1 April 2013",
        "Agree a data-sharing protocol with University Hospital by 30 April 2013, signed by "
        "both directors",
    ):
        assert engine.flag_text(text) == [], text


# --- a draft in a layout no finder knows ------------------------------------------------

UNKNOWN_LAYOUT = (
    "Draft delivery plan for the family support service\n"
    "\n"
    "We will work with partners as appropriate to keep children safe.\n"
    "\n"
    "What we will do next year:\n"
    "- Visit families regularly.\n"
    "- Review some of the referral pathways. Date: tbc\n"
    "- Appoint a family support manager by 1 June 2014.\n"
)


def test_unknown_layout_draft_gets_its_vague_words_flagged_with_line_and_column(
    tmp_path: Path,
) -> None:
    path = tmp_path / "delivery_plan.txt"
    path.write_text(UNKNOWN_LAYOUT, encoding="utf-8")
    result = run(str(path), "--fail-on", "error")
    assert result.exit_code == 0, result.output
    lines = UNKNOWN_LAYOUT.splitlines()

    def at(word: str) -> str:
        number = next(i for i, line in enumerate(lines) if word in line)
        return f"{path}:{number + 1}:{lines[number].index(word) + 1}:"

    out = result.output.splitlines()
    for word, rule in [
        ("appropriate", "undefined-quality"),
        ("regularly", "vague-frequency"),
        ("some", "vague-quantifier"),
    ]:
        assert any(ln.startswith(f"{at(word)} warning {rule} ") for ln in out), (word, out)
    assert any(ln.startswith(f"{at('Review')} info not-time-bound ") for ln in out), out
    appoint = next(i for i, line in enumerate(lines) if "Appoint" in line) + 1
    assert not any(ln.startswith(f"{path}:{appoint}:") for ln in out)


def test_unknown_layout_docx_names_paragraphs(tmp_path: Path, build_docx) -> None:
    paper = Paper(
        title="Draft",
        blocks=[
            Heading("Draft plan"),
            Paragraph("Partners meet periodically to review the plan."),
            ListItem("Share information as appropriate."),
        ],
    )
    path = build_docx(paper, tmp_path / "draft.docx")
    findings, _ = lint_file(path)
    located = {(f.rule, f.location()) for f in findings}
    assert ("vague-frequency", f"{path}:page 1:paragraph 2") in located
    assert ("undefined-quality", f"{path}:page 1:paragraph 3") in located


# --- SARIF ------------------------------------------------------------------------------


def test_sarif_has_the_2_1_0_shape(plan_files: dict[str, Path]) -> None:
    result = run(str(plan_files["txt"]), str(plan_files["docx"]), "--format", "sarif")
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    (sarif_run,) = log["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "boardpapers"
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert rule_ids == [rule.id for rule in load_rules()]
    assert sarif_run["results"]
    uris = set()
    for item in sarif_run["results"]:
        assert item["ruleId"] in rule_ids
        assert rule_ids[item["ruleIndex"]] == item["ruleId"]
        assert item["level"] in ("error", "warning", "note")
        assert item["message"]["text"]
        (location,) = item["locations"]
        physical = location["physicalLocation"]
        uris.add(physical["artifactLocation"]["uri"])
        region = physical["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        if "endColumn" in region:
            assert region["endColumn"] > region["startColumn"]
        assert region["snippet"]["text"]
    assert len(uris) == 2


def test_sarif_regions_in_a_text_file_are_its_lines_and_columns(
    plan_files: dict[str, Path], plan_findings: dict[str, list[Finding]]
) -> None:
    log = sarif_log(plan_findings["txt"])
    lines = plan_files["txt"].read_text(encoding="utf-8").splitlines()
    for item in log["runs"][0]["results"]:
        region = item["locations"][0]["physicalLocation"]["region"]
        line = lines[region["startLine"] - 1]
        assert (
            line[region["startColumn"] - 1 : region["endColumn"] - 1] == region["snippet"]["text"]
        )


# --- Word comments ----------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def anchored_texts(document) -> dict[str, str]:
    """Comment id → the text between its commentRangeStart and commentRangeEnd."""
    open_ranges: dict[str, list[str]] = {}
    done: dict[str, str] = {}
    for element in document.element.body.iter():
        if element.tag == f"{W}commentRangeStart":
            open_ranges[element.get(f"{W}id")] = []
        elif element.tag == f"{W}commentRangeEnd":
            key = element.get(f"{W}id")
            done[key] = "".join(open_ranges.pop(key))
        elif element.tag == f"{W}t":
            for parts in open_ranges.values():
                parts.append(element.text or "")
        elif element.tag == f"{W}p":
            for parts in open_ranges.values():
                if parts:
                    parts.append("\n")
    return done


def test_docx_comments_sit_on_the_flagged_runs(
    plan_files: dict[str, Path], plan_findings: dict[str, list[Finding]], tmp_path: Path
) -> None:
    from docx import Document

    out = tmp_path / "commented.docx"
    result = run(str(plan_files["docx"]), "--format", "docx-comments", "--out", str(out))
    findings = plan_findings["docx"]
    assert f"{len(findings)} comment(s)" in result.output
    document = Document(str(out))
    comments = list(document.comments)
    assert len(comments) == len(findings)
    anchors = anchored_texts(document)
    by_id = {str(c.comment_id): c for c in comments}
    words = [
        (anchors[key].strip(), by_id[key].text)
        for key in anchors
        if "vague-" in by_id[key].text or "undefined-quality" in by_id[key].text
    ]
    assert words
    for anchored, comment in words:
        flagged = [
            f.context[f.start : f.end]
            for f in findings
            if comment.startswith(f.rule) and f.context[f.start : f.end] == anchored
        ]
        assert flagged, (anchored, comment)
    ongoing = [a for a, c in words if c.startswith("vague-frequency") and a == "Ongoing"]
    assert ongoing, "a repeated cell gets its comment in its own row"
    # The original draft is left as it was.
    assert list(Document(str(plan_files["docx"])).comments) == []


def test_docx_comments_needs_out_and_one_docx(plan_files: dict[str, Path]) -> None:
    result = run(str(plan_files["docx"]), "--format", "docx-comments")
    assert result.exit_code == 2 and "--out" in result.output
    result = run(str(plan_files["txt"]), "--format", "docx-comments", "--out", "x.docx")
    assert result.exit_code == 2 and ".docx" in result.output
