"""The rules stage: rule files, the engine's matching, context, suppression and speed."""

from __future__ import annotations

import re
import shutil
from dataclasses import fields
from pathlib import Path

import pytest

from pipeline.errors import RuleFileError
from pipeline.records import Flag
from rules.config import RulesConfig, RulesConfigError
from rules.engine import RecordText, RuleEngine, rules_version
from rules.loader import RECORD_FIELDS, RULES_DIR, Rule, load_rules, render_catalogue

REPO = Path(__file__).resolve().parents[1]
RULES = load_rules()


@pytest.fixture(scope="module")
def engine() -> RuleEngine:
    return RuleEngine.load()


def rules_found(engine: RuleEngine, text: str, table: str = "milestones") -> set[str]:
    return {flag.rule for flag in engine.flag_text(text, table)}


def flags_of(engine: RuleEngine, text: str, rule: str, table: str = "milestones") -> list[Flag]:
    return [flag for flag in engine.flag_text(text, table) if flag.rule == rule]


# --- every rule's own examples --------------------------------------------------------


def _examples(kind: str) -> list[tuple[Rule, str]]:
    return [
        (rule, example)
        for rule in RULES
        for example in (rule.examples_flag if kind == "flag" else rule.examples_pass)
    ]


@pytest.mark.parametrize(
    ("rule", "example"),
    _examples("flag"),
    ids=[f"{r.id}:{i}" for i, (r, _) in enumerate(_examples("flag"))],
)
def test_rule_flags_its_flag_examples(engine: RuleEngine, rule: Rule, example: str) -> None:
    assert rule.id in rules_found(engine, example, rule.applies_to[0])


@pytest.mark.parametrize(
    ("rule", "example"),
    _examples("pass"),
    ids=[f"{r.id}:{i}" for i, (r, _) in enumerate(_examples("pass"))],
)
def test_rule_does_not_flag_its_pass_examples(engine: RuleEngine, rule: Rule, example: str) -> None:
    assert rule.id not in rules_found(engine, example, rule.applies_to[0])


def test_the_six_issue_categories_exist_and_every_rule_has_examples() -> None:
    ids = {rule.id for rule in RULES}
    assert {
        "vague-quantifier",
        "vague-frequency",
        "undefined-quality",
        "too-broad",
        "not-measurable",
        "not-time-bound",
    } <= ids
    assert all(rule.examples_flag and rule.examples_pass for rule in RULES)
    assert all(rule.suggestion and rule.message and rule.rationale for rule in RULES)


# --- the Task Group's judged milestones -----------------------------------------------

# Milestone number in the sample → the rules the Task Group's verdict corresponds to.
JUDGED_RULES: dict[int, set[str]] = {
    2: {"vague-frequency"},
    5: {"vague-quantifier"},
    8: {"vague-quantifier"},
    9: {"vague-quantifier", "undefined-quality"},
    10: {"undefined-quality"},
    18: {"vague-quantifier"},
    19: {"too-broad"},
}
# Our own wording of the same judged milestones, so the check runs without the samples.
JUDGED_PARAPHRASES: dict[int, str] = {
    2: "Team managers in children's social care carry out regular audits of case files.",
    5: "There is some evidence that actions arising from audits are changing frontline work.",
    8: "Families and professionals who attend conferences give some positive feedback.",
    9: "Case file audits give some evidence that the chairing of conferences is good.",
    10: "Every looked after child receives a similar standard of service.",
    18: "Team managers know about the audit reports. Some social workers can show how "
    "audit feedback has changed their practice.",
    19: "The Children's Services Improvement Plan is on track.",
}
MILESTONE_NUMBER = re.compile(r"^(\d{1,2})\.\s+")


def judged_milestones_from_sample(text: str, numbers: set[int]) -> dict[int, str]:
    """Milestone texts by number from the sample's tab-separated conclusions table.

    A milestone starts in a cell "N. ..." and, when wrapped, continues in the same
    column of the following lines until it ends with a full stop; where the
    conversion ran two milestones together ("...on track.20. The..."), it is cut.
    """
    lines = text.splitlines()
    found: dict[int, str] = {}
    for index, line in enumerate(lines):
        for column, cell in enumerate(line.split("\t")):
            start = MILESTONE_NUMBER.match(cell.strip())
            if not start or int(start.group(1)) not in numbers or int(start.group(1)) in found:
                continue
            parts = [cell.strip()]
            for following in lines[index + 1 :]:
                if parts[-1].endswith("."):
                    break
                cells = following.split("\t")
                if column < len(cells) and cells[column].strip():
                    parts.append(cells[column].strip())
            milestone = re.split(r"(?<=\.)\s*\d{1,2}\.\s", " ".join(parts))[0]
            found[int(start.group(1))] = MILESTONE_NUMBER.sub("", milestone)
    return found


@pytest.mark.parametrize("source", ["sample", "paraphrase"])
def test_task_group_judged_milestones_get_the_right_rule(
    engine: RuleEngine, source: str, request: pytest.FixtureRequest
) -> None:
    if source == "sample":
        samples_dir: Path = request.getfixturevalue("samples_dir")
        sample = samples_dir / "scrutiny_task_group_milestones.txt"
        if not sample.is_file():
            pytest.skip(f"{sample} not found")
        texts = judged_milestones_from_sample(sample.read_text(encoding="utf-8"), set(JUDGED_RULES))
        assert set(texts) == set(JUDGED_RULES), f"milestones not found in the sample: {texts}"
    else:
        texts = JUDGED_PARAPHRASES
    missed = {
        number: sorted(expected - rules_found(engine, texts[number]))
        for number, expected in JUDGED_RULES.items()
        if not expected <= rules_found(engine, texts[number])
    }
    recall = 1 - len(missed) / len(JUDGED_RULES)
    print(f"\n[{source}] recall on the Task Group's judged milestones: {recall:.0%}")
    assert not missed, f"judged milestones missing their rule: {missed}"


def test_judged_milestones_flag_the_words_the_task_group_named(engine: RuleEngine) -> None:
    def matched(number: int, rule: str) -> list[str]:
        return [f.matched_text for f in flags_of(engine, JUDGED_PARAPHRASES[number], rule)]

    assert matched(2, "vague-frequency") == ["regular"]
    assert matched(9, "undefined-quality") == ["good"]
    assert matched(10, "undefined-quality") == ["similar standard of service"]
    assert matched(18, "vague-quantifier") == ["Some"]
    assert matched(19, "too-broad") == ["The Children's Services Improvement Plan is on track"]


# --- the SMART control set ------------------------------------------------------------

SMART_MILESTONES = [
    "By 31 March 2013, 95% of child protection conferences are held within 15 working days, "
    "measured by the monthly CP performance report.",
    "By 30 June 2013, every looked after child has a care plan reviewed within 20 working days, "
    "as recorded in the LAC tracker.",
    "From April 2013, managers audit 10 case files each month and report the scores to the "
    "Safeguarding Improvement Board.",
    "By the end of Q2 2013/14, 80% of initial assessments are completed within 10 working days "
    "(monthly performance scorecard).",
    "Caseloads are at or below 18 children per social worker by 31 December 2013, as shown in "
    "the weekly caseload report.",
    "By September 2013, 90% of social workers report in the annual staff survey that they "
    "receive supervision every 4 weeks.",
    "By 31 March 2014, the vacancy rate for qualified social workers falls below 12%, measured "
    "by the quarterly workforce return.",
    "By 1 July 2013, 100% of strategy discussions are recorded on the case file within 24 hours, "
    "checked in the monthly audit of 40 cases.",
    "All 25 team managers complete the two-day management standards course by 31 October 2013, "
    "as shown in the training records.",
    "By 31 January 2014, re-referrals within 12 months fall to 22% or less, as reported in the "
    "children's services performance report.",
    "From 1 April 2013, child protection chairs produce a monthly report on 6 performance "
    "measures for the LSCB.",
    "By December 2013, 85% of case file audits are graded Good or better against the practice "
    "standards.",
    "In the Peer Review staff survey of May 2013, at least 70% of staff say communication has "
    "improved since October 2012.",
    "By 30 September 2013, 95% of looked after children have a health assessment within 28 days "
    "of entering care (health team data).",
    "The LSCB publishes its multi-agency audit results for 3 themes each quarter in 2013/14.",
    "By 31 March 2013, 60 of the 75 audited cases show management oversight recorded at least "
    "every 4 weeks.",
    "Initial child protection conferences are held within 15 working days for 90% of children "
    "in the year to 31 March 2014 (CP performance report).",
    "By 31 July 2013, the number of children subject to a child protection plan for 2 years or "
    "more is below 5% (monthly CP dataset).",
    "By 1 June 2013, all 12 agency social workers have been replaced by permanent staff, "
    "according to the HR establishment report.",
    "Each month from April 2013, the Director reviews 5 randomly selected cases and records the "
    "findings in the audit log.",
    "By 31 October 2013, 75% of families attending conferences rate them 4 out of 5 or higher "
    "in the exit questionnaire.",
    "The out-of-hours service answers 95% of calls within 60 seconds in each month of 2013/14, "
    "measured by the call-centre dashboard.",
    "By 31 March 2014, 98% of statutory visits to looked after children take place within "
    "6 weeks, as recorded in the LAC visits report.",
    "All 40 newly qualified social workers complete their assessed and supported year by "
    "30 September 2013 (ASYE records).",
    "By 28 February 2013, the 13 Category 1 cases are re-audited and 10 or more are scored as "
    "progressing to plan.",
    "By 30 April 2013, the LSCB performance monitoring report includes 20 multi-agency "
    "indicators agreed by the Board.",
    "By 31 May 2013, 100% of core group meetings take place within 10 working days of the "
    "initial conference (CP tracker).",
    "By 31 December 2013, sickness absence in the social care workforce is below 8 days per "
    "employee (HR monthly report).",
    "Between April and June 2013, 300 professionals from partner agencies attend the threshold "
    "training, as shown in the LSCB training register.",
    "By 31 March 2014, adoption timescales average 18 months or less from entering care, as "
    "reported in the adoption scorecard.",
    "By 15 March 2013, the Task Group receives an exception report listing every milestone "
    "rated red or amber.",
    "Complaints from families are answered within 20 working days in 95% of cases in 2013/14 "
    "(complaints log).",
    "By 30 November 2013, 8 of the 10 practice standards are rated as met in the quarterly "
    "audit of 50 cases.",
    "By end of March 2014, the proportion of assessments completed within 45 working days "
    "reaches 85% (monthly performance report).",
]


def test_smart_control_milestones_are_rarely_flagged(engine: RuleEngine) -> None:
    assert len(SMART_MILESTONES) >= 30
    records = [
        RecordText(doc_id="control", table="milestones", record_id=str(i), text=text)
        for i, text in enumerate(SMART_MILESTONES)
    ]
    flagged = {flag.record_id: flag for flag in engine.flag(records)}
    rate = len(flagged) / len(records)
    print(f"\nfalse-positive rate on {len(records)} SMART milestones: {rate:.1%} {flagged}")
    assert rate <= 1 / 20


# --- offsets and ordering -------------------------------------------------------------


def test_flag_offsets_are_exact_character_offsets(engine: RuleEngine) -> None:
    text = "  Managers   undertake regular audits.\nSome   social workers give good feedback."
    flags = engine.flag_text(text)
    assert flags
    for flag in flags:
        assert text[flag.start : flag.end] == flag.matched_text
    (frequency,) = [f for f in flags if f.rule == "vague-frequency"]
    assert (frequency.start, frequency.end) == (text.index("regular"), text.index("regular") + 7)


def test_absence_flag_spans_the_trimmed_record_text(engine: RuleEngine) -> None:
    text = "  Managers are clear about the new approach.  "
    (flag,) = flags_of(engine, text, "not-measurable")
    assert flag.matched_text == "Managers are clear about the new approach."


def test_overlapping_matches_of_one_rule_are_merged(engine: RuleEngine) -> None:
    text = "Children receive a similar standard of service and a high-quality plan."
    flags = flags_of(engine, text, "undefined-quality")
    assert [f.matched_text for f in flags] == ["similar standard of service", "high-quality"]


def test_flags_are_sorted_by_record_then_start_then_rule(engine: RuleEngine) -> None:
    records = [
        RecordText("d", "milestones", "b", "Some managers hold regular and good supervision."),
        RecordText("d", "milestones", "a", "Several teams are effective."),
    ]
    flags = engine.flag(records)
    keys = [(["b", "a"].index(f.record_id), f.start, f.rule) for f in flags]
    assert keys == sorted(keys)
    assert flags[0].record_id == "b"


def test_flags_are_deterministic_across_runs_and_batches(engine: RuleEngine) -> None:
    records = [
        RecordText("d", "milestones", str(i), text)
        for i, text in enumerate([*JUDGED_PARAPHRASES.values(), *SMART_MILESTONES] * 3)
    ]
    first = engine.flag(records)
    again = RuleEngine.load().flag(records)
    one_by_one = [flag for record in records for flag in engine.flag([record])]
    assert first == again == one_by_one


def test_rules_run_only_on_the_tables_they_apply_to(engine: RuleEngine) -> None:
    text = "The Safeguarding Improvement Plan is on track."
    assert {"too-broad", "not-measurable", "not-time-bound"} <= rules_found(engine, text)
    statement_rules = rules_found(engine, "Some managers are clear about it.", "statements")
    assert statement_rules == {"vague-quantifier"}
    assert rules_found(engine, "The plan is on track.", "statements") == set()
    assert engine.flag_text("Some regular audits.", "rag_ratings") == []


def test_due_date_column_makes_a_milestone_time_bound(engine: RuleEngine) -> None:
    text = "Social workers use the new assessment template."
    dated = RecordText("d", "milestones", "1", text, due_date="2013-03-31")
    undated = RecordText("d", "milestones", "2", text)
    rules = [(f.record_id, f.rule) for f in engine.flag([dated, undated])]
    assert ("2", "not-time-bound") in rules
    assert ("1", "not-time-bound") not in rules


# --- context: numbers, mentions, goals, word boundaries, inflections ------------------


def test_some_followed_by_a_number_is_not_a_vague_quantity(engine: RuleEngine) -> None:
    assert flags_of(engine, "Some 40 cases were audited by March 2013.", "vague-quantifier") == []
    assert flags_of(engine, "Some forty cases were audited.", "vague-quantifier") == []
    assert len(flags_of(engine, "Some cases were audited.", "vague-quantifier")) == 1


@pytest.mark.parametrize(
    "text",
    [
        "The Task Group felt that the term 'some evidence' should be made more specific.",
        "The Task Group felt that the term ‘some evidence’ should be made more specific.",
        'The Task Group felt that the term "some evidence" should be made more specific.',
        "The Task Group felt that the term “some evidence” should be made more specific.",
    ],
)
def test_quoted_words_in_commentary_are_mentions_not_uses(engine: RuleEngine, text: str) -> None:
    assert rules_found(engine, text, "statements") == set()


def test_apostrophes_do_not_open_a_quotation(engine: RuleEngine) -> None:
    text = "The children's social workers' teams give some feedback that isn't 'good'."
    flags = engine.flag_text(text, "statements")
    assert [(f.rule, f.matched_text) for f in flags] == [("vague-quantifier", "some")]


def test_good_in_a_labelled_goal_is_an_aspiration_not_a_claim(engine: RuleEngine) -> None:
    """Decision: "Goal: good outcomes" states what the plan aims at and is not flagged;
    "good practice exists in some parts" claims a quality nobody defined, and is."""
    assert flags_of(engine, "Goal: good outcomes for children.", "undefined-quality") == []
    claim = "Good practice exists in some parts of the service."
    assert [f.matched_text for f in flags_of(engine, claim, "undefined-quality")] == ["Good"]
    both = "Goal: good outcomes for children. Good practice exists in some parts."
    assert [f.start for f in flags_of(engine, both, "undefined-quality")] == [both.index("Good")]


def test_may_is_a_month_only_in_date_context_and_never_mayor(engine: RuleEngine) -> None:
    assert "not-time-bound" in rules_found(engine, "Social workers may brief the Mayor.")
    assert "not-time-bound" not in rules_found(engine, "The review is completed by May.")
    assert "not-time-bound" not in rules_found(engine, "The review is completed on 31 May.")


def test_words_match_as_whole_tokens_only(engine: RuleEngine) -> None:
    text = "Somerset and Manyfold councils hold irregularity reviews."
    assert rules_found(engine, text, "statements") == set()


def test_inflections_and_capitals_match_through_lemmas(engine: RuleEngine) -> None:
    assert "vague-frequency" in rules_found(engine, "Audits are held regularly.")
    assert "vague-frequency" in rules_found(engine, "Regular audits are held.")
    # "Audits" at the start of a sentence is still the evidence source "audit".
    assert "not-measurable" not in rules_found(engine, "Audits show the change.")
    assert "not-measurable" not in rules_found(engine, "The audit shows the change.")


def test_lemmas_are_spacys_lookup_lemmatizer_on_the_lower_cased_text() -> None:
    """The pipeline's own lemmatizer gives what spaCy's ``lemmatizer`` in lookup mode gives
    for the lower-cased text (a plain table read instead of spaCy's hashed ``Lookups``)."""
    import spacy

    from rules.engine import get_nlp

    reference = spacy.blank("en")
    lemmatizer = reference.add_pipe("lemmatizer", config={"mode": "lookup"})
    reference.initialize()
    table = lemmatizer.lookups.get_table("lemma_lookup")
    # every 40th form of the table, as written, capitalised and in capitals, among others
    sample = _lemma_forms()[::40]
    text = " ".join(f"{w} {w.capitalize()} {w.upper()} audits were held" for w in sample)
    doc = get_nlp()(text)
    assert len(doc) > 5000
    for token in doc:
        lower = token.lower_
        assert token.lemma_ == table.get(lower, lower), token.text


def _lemma_forms() -> list[str]:
    from pipeline.lexicon import lemma_lookup

    return sorted(w for w in lemma_lookup() if w.isalpha())


def test_year_and_day_of_month_are_not_measures(engine: RuleEngine) -> None:
    assert "not-measurable" in rules_found(engine, "Managers are clear by 31 March 2013.")
    assert "not-measurable" not in rules_found(engine, "Managers hold 31 meetings by 2013.")


# --- inline suppression ---------------------------------------------------------------


def test_inline_suppression_excuses_only_the_named_rules(engine: RuleEngine) -> None:
    text = "Some managers hold regular audits. (boardpapers: ignore vague-frequency)"
    assert "vague-frequency" not in rules_found(engine, text)
    assert "vague-quantifier" in rules_found(engine, text)
    listed = (
        "Some managers hold regular audits. boardpapers: ignore vague-frequency, vague-quantifier"
    )
    assert {"vague-frequency", "vague-quantifier"}.isdisjoint(rules_found(engine, listed))


def test_inline_ignore_all_excuses_the_record(engine: RuleEngine) -> None:
    assert engine.flag_text("Some regular good audits. <!-- boardpapers: ignore all -->") == []
    assert engine.flag_text("Some regular good audits. [Boardpapers: Ignore ALL]") == []


def test_suppression_comment_itself_is_never_flagged(engine: RuleEngine) -> None:
    text = "Managers are clear about the approach. # boardpapers: ignore vague-quantifier"
    flags = engine.flag_text(text)
    assert flags
    comment_start = text.index("#")
    assert all(flag.end <= comment_start for flag in flags)
    assert {f.matched_text for f in flags} == {"Managers are clear about the approach."}


def test_unknown_rule_id_in_a_suppression_excuses_nothing(engine: RuleEngine) -> None:
    text = "Managers hold regular audits. (boardpapers: ignore vague-frequencies)"
    assert "vague-frequency" in rules_found(engine, text)


# --- config ---------------------------------------------------------------------------


def test_config_disables_rules_and_overrides_severity() -> None:
    config = RulesConfig(
        disabled=frozenset({"not-time-bound"}), severity_overrides={"vague-frequency": "error"}
    )
    engine = RuleEngine.load(config)
    flags = engine.flag_text("Managers hold regular audits.")
    assert "not-time-bound" not in {f.rule for f in flags}
    assert {f.severity for f in flags if f.rule == "vague-frequency"} == {"error"}


def test_config_min_severity_drops_findings_below_it() -> None:
    engine = RuleEngine.load(RulesConfig(min_severity="warning"))
    flags = engine.flag_text("Managers hold regular audits.")
    assert {f.rule for f in flags} == {"vague-frequency"}
    raised = RuleEngine.load(
        RulesConfig(min_severity="warning", severity_overrides={"not-time-bound": "error"})
    )
    assert {f.rule for f in raised.flag_text("Managers hold regular audits.")} == {
        "vague-frequency",
        "not-time-bound",
    }


def test_engine_refuses_a_config_naming_an_unknown_rule() -> None:
    with pytest.raises(RulesConfigError, match=r"known rule ids: .*vague-frequency"):
        RuleEngine.load(RulesConfig(disabled=frozenset({"vague-frequncy"})))


# --- the rule files and their loader --------------------------------------------------

GOOD_RULE = """\
id = "{id}"
severity = "warning"
applies_to = ["milestones"]
message = "Vague."
suggestion = "Say how often."
rationale = "Because."
patterns = [
    [{{LOWER = "regular"}}],
]

[examples]
flag = ["Regular audits."]
pass = ["Monthly audits."]
"""


def write_rule(folder: Path, text: str, rule_id: str = "x-rule") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{rule_id}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_rule_file_in_another_folder_loads_and_runs(tmp_path: Path) -> None:
    write_rule(tmp_path, GOOD_RULE.format(id="x-rule"))
    engine = RuleEngine.load(directory=tmp_path)
    assert [f.rule for f in engine.flag_text("Regular audits.")] == ["x-rule"]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t.replace("severity =", "sevrity ="), r":2: unknown key 'sevrity'"),
        (lambda t: t.replace('"warning"', '"fatal"'), r":2: severity 'fatal' is not one of"),
        (
            lambda t: t.replace('[{LOWER = "regular"}]', '[{LOWR = "regular"}]'),
            r":8: patterns #1: invalid spaCy pattern",
        ),
        (
            lambda t: t.replace('[{LOWER = "regular"}]', '[{POS = "ADJ"}]'),
            r":8: patterns #1: attribute 'POS' is not set by the blank pipeline",
        ),
        (
            lambda t: t.replace('[{LOWER = "regular"}]', '[{LEMMA = "Regular"}]'),
            r":8: patterns #1: LEMMA value 'Regular' would never match",
        ),
        (lambda t: t.replace('pass = ["Monthly audits."]', "pass = []"), r":13: examples.pass"),
        (lambda t: t.split("[examples]")[0], r":1: missing required key 'examples'"),
        (
            lambda t: t.replace('flag = ["Regular', 'flg = ["Regular'),
            r":12: unknown key 'examples.flg'; did you mean 'flag'",
        ),
        (lambda t: t.replace('id = "x-rule"', 'id = "y-rule"'), r":1: id 'y-rule' must match"),
        (lambda t: t.replace("rationale =", "rationale"), r":6: invalid TOML"),
        (lambda t: t.replace('"milestones"]', '"minutes"]'), r":3: applies_to value 'minutes'"),
    ],
)
def test_malformed_rule_file_is_reported_with_path_and_line(
    tmp_path: Path, edit: object, expected: str
) -> None:
    path = write_rule(tmp_path, edit(GOOD_RULE.format(id="x-rule")))  # type: ignore[operator]
    with pytest.raises(RuleFileError, match=re.escape(path.name) + expected):
        load_rules(tmp_path)


def test_a_rule_without_examples_is_an_error(tmp_path: Path) -> None:
    write_rule(tmp_path, GOOD_RULE.format(id="x-rule").split("[examples]")[0] + "[examples]\n")
    with pytest.raises(RuleFileError, match=r"examples\.flag is missing or empty"):
        load_rules(tmp_path)


def test_sentence_boundaries_are_computed_only_when_a_rule_reads_them(tmp_path: Path) -> None:
    assert "sentencizer" in RuleEngine.load().disabled_pipes
    rule = GOOD_RULE.format(id="x-rule").replace(
        '[{LOWER = "regular"}]', '[{IS_SENT_START = true, LOWER = "regular"}]'
    )
    write_rule(tmp_path, rule)
    engine = RuleEngine.load(directory=tmp_path)
    assert "sentencizer" not in engine.disabled_pipes
    flags = engine.flag_text("Audits are held. Regular audits are held, and regular visits.")
    assert [f.start for f in flags] == [17]


def test_blank_and_comment_only_texts_get_no_flags(engine: RuleEngine) -> None:
    assert engine.flag_text("") == []
    assert engine.flag_text("   \n ") == []
    assert engine.flag_text("(boardpapers: ignore vague-frequency)") == []


def test_an_empty_rules_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="no rule files"):
        load_rules(tmp_path)


def test_loader_names_only_record_fields_that_exist() -> None:
    assert set(RECORD_FIELDS) <= {field.name for field in fields(RecordText)}


def test_rules_version_is_stable_and_follows_rule_file_contents(tmp_path: Path) -> None:
    assert rules_version() == rules_version()
    copy = tmp_path / "patterns"
    shutil.copytree(RULES_DIR, copy)
    assert rules_version(copy) == rules_version()
    rule_file = copy / "vague-frequency.toml"
    rule_file.write_text(rule_file.read_text() + "\n# changed\n")
    assert rules_version(copy) != rules_version()


def test_phrase_matchers_give_the_same_flags_as_one_plain_matcher(engine: RuleEngine) -> None:
    plain = RuleEngine(RULES, RulesConfig(), engine.nlp, optimise=False)
    texts = [
        *(example for rule in RULES for example in (*rule.examples_flag, *rule.examples_pass)),
        *JUDGED_PARAPHRASES.values(),
        *SMART_MILESTONES,
    ]
    for table in ("milestones", "statements"):
        records = [RecordText("d", table, str(i), text) for i, text in enumerate(texts)]
        assert engine.flag(records) == plain.flag(records)
    assert len(engine.patterns_by_table["milestones"].phrase_matchers) >= 2


def test_rules_catalogue_is_generated_from_the_rule_files() -> None:
    catalogue = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert catalogue == render_catalogue(), "regenerate: python -m rules.loader > docs/rules.md"
    for rule in RULES:
        assert f"## {rule.id}" in catalogue


def test_flagging_is_fast_enough_for_the_nightly_corpus(engine: RuleEngine) -> None:
    """A loose floor, far below the measured rate, so a shared machine does not fail it;
    it catches a pattern that makes matching quadratic or a pass per rule."""
    import time

    records = [
        RecordText("d", "milestones", str(i), text)
        for i, text in enumerate([*SMART_MILESTONES, *JUDGED_PARAPHRASES.values()] * 50)
    ]
    started = time.perf_counter()
    engine.flag(records)
    rate = len(records) / (time.perf_counter() - started)
    print(f"\nflagged {len(records)} milestones at {rate:,.0f} texts/second")
    assert rate > 300
