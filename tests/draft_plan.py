"""A 60-action draft plan built in code: 40 SMART actions and 20 vague ones.

The actions are split in two halves. Wording from half "A" informed the rule files'
examples; half "B" is held out, so its figures show how the rules do on wording they
were not written against. Each action is ``(text, lead, due, expected)``: ``expected``
is ``None`` for a SMART action and the rule a reviewer would name for a vague one.
"""

from __future__ import annotations

from dataclasses import dataclass

from docbuilders.spec import Heading, ListItem, Paper, Paragraph, Table


@dataclass(frozen=True)
class Action:
    text: str
    lead: str
    due: str
    expected: str | None
    half: str

    @property
    def smart(self) -> bool:
        return self.expected is None


def _actions(half: str, rows: list[tuple[str, str, str, str | None]]) -> list[Action]:
    return [Action(text, lead, due, expected, half) for text, lead, due, expected in rows]


SMART_A = _actions(
    "A",
    [
        ("Appoint a Head of Quality Assurance by 31 May 2013.", "Director", "31/05/2013", None),
        (
            "Recruit 12 permanent social workers to replace agency staff by 30 September 2013.",
            "Head of HR",
            "30/09/2013",
            None,
        ),
        (
            "Agree a joint commissioning protocol with the Clinical Commissioning Group by "
            "30 June 2013, signed by both chief officers.",
            "Head of Commissioning",
            "30/06/2013",
            None,
        ),
        (
            "Publish the revised threshold document on the LSCB website by 15 July 2013.",
            "LSCB Business Manager",
            "15/07/2013",
            None,
        ),
        (
            "Set up a multi-agency safeguarding hub, staffed by police, health and children's "
            "social care, by 1 October 2013.",
            "Head of Safeguarding",
            "01/10/2013",
            None,
        ),
        (
            "Complete the review of the fostering service and report the findings to the "
            "Corporate Parenting Panel by 31 August 2013.",
            "Service Manager, Fostering",
            "31/08/2013",
            None,
        ),
        (
            "Present the draft Early Help Strategy to Cabinet on 10 September 2013.",
            "Head of Early Help",
            "10/09/2013",
            None,
        ),
        (
            "Launch the online referral form for professionals.",
            "Front Door Manager",
            "01/11/2013",
            None,
        ),
        (
            "Sign off the new supervision policy at the Children's Management Team meeting on "
            "4 June 2013.",
            "Principal Social Worker",
            "04/06/2013",
            None,
        ),
        (
            "Hold a conference for 150 foster carers in October 2013.",
            "Fostering Team",
            "Oct 2013",
            None,
        ),
        (
            "Commission an independent review of the adoption service, reporting by "
            "31 January 2014.",
            "Director",
            "31/01/2014",
            None,
        ),
        ("Submit the self-assessment to Ofsted.", "Head of Performance", "28/02/2014", None),
        (
            "By 31 March 2014, 90% of child protection plans are reviewed within the statutory "
            "timescale (monthly performance report).",
            "Head of Safeguarding",
            "31/03/2014",
            None,
        ),
        (
            "Reduce the average social worker caseload to 18 cases by December 2013, as shown "
            "in the caseload tracker.",
            "Assistant Director",
            "31/12/2013",
            None,
        ),
        (
            "Introduce a single assessment framework across all locality teams from 1 April 2014.",
            "Principal Social Worker",
            "01/04/2014",
            None,
        ),
        (
            "Approve the Corporate Parenting Strategy at the Full Council meeting of 17 July 2013.",
            "Cabinet Member",
            "17/07/2013",
            None,
        ),
        (
            "Establish a Young People's Advisory Panel of at least 10 care leavers.",
            "Participation Officer",
            "June 2013",
            None,
        ),
        (
            "Train all 45 team managers in the new audit tool by 30 November 2013.",
            "Workforce Development Manager",
            "30/11/2013",
            None,
        ),
        (
            "Move the out-of-hours team into the MASH building by 31 January 2014.",
            "Head of Safeguarding",
            "31/01/2014",
            None,
        ),
        (
            "Issue the annual report of the Independent Reviewing Officers to the Board in "
            "May 2013.",
            "IRO Manager",
            "May 2013",
            None,
        ),
    ],
)

SMART_B = _actions(
    "B",
    [
        (
            "A permanent Service Manager for Looked After Children is appointed by "
            "31 October 2013.",
            "Assistant Director",
            "31/10/2013",
            None,
        ),
        (
            "Agree the terms of reference for the Quality Assurance Subgroup.",
            "LSCB Chair",
            "30/04/2013",
            None,
        ),
        (
            "The new practice standards are published on the intranet by 14 June 2013.",
            "Principal Social Worker",
            "14/06/2013",
            None,
        ),
        (
            "Set up a weekly duty panel chaired by a service manager from 3 June 2013.",
            "Front Door Manager",
            "03/06/2013",
            None,
        ),
        (
            "The audit of 40 child-in-need cases is completed and reported to the Improvement "
            "Board in September 2013.",
            "Quality Assurance Manager",
            "Sept 2013",
            None,
        ),
        (
            "Report progress on the recruitment campaign to Cabinet on 8 October 2013.",
            "Head of HR",
            "08/10/2013",
            None,
        ),
        (
            "Roll out mobile working devices to all frontline social workers by the end of "
            "March 2014.",
            "ICT Business Partner",
            "31/03/2014",
            None,
        ),
        (
            "Adopt the Pan-Regional Child Protection Procedures at the LSCB meeting on "
            "19 June 2013.",
            "LSCB Business Manager",
            "19/06/2013",
            None,
        ),
        (
            "Deliver two-day Signs of Safety training to 200 practitioners from partner "
            "agencies between May and July 2013.",
            "LSCB Training Officer",
            "31/07/2013",
            None,
        ),
        (
            "Open the new contact centre for family support enquiries on 2 September 2013.",
            "Head of Early Help",
            "02/09/2013",
            None,
        ),
        (
            "Replace the electronic case recording system, with all open cases migrated.",
            "ICT Business Partner",
            "31/03/2014",
            None,
        ),
        (
            "By 30 September 2013, the number of looked after children placed more than "
            "20 miles from home falls to 35 or fewer (placements dataset).",
            "Head of Looked After Children",
            "30/09/2013",
            None,
        ),
        (
            "Produce a workforce development plan and submit it to the Improvement Board by "
            "31 July 2013.",
            "Workforce Development Manager",
            "31/07/2013",
            None,
        ),
        (
            "Procure an independent advocacy service for children in care, with the contract "
            "awarded by 1 December 2013.",
            "Head of Commissioning",
            "01/12/2013",
            None,
        ),
        (
            "Review and re-issue the escalation policy by 30 June 2013.",
            "LSCB Business Manager",
            "30/06/2013",
            None,
        ),
        (
            "Secure Cabinet approval for the Family Support Service business case on "
            "12 November 2013.",
            "Head of Early Help",
            "12/11/2013",
            None,
        ),
        (
            "Finalise the Section 11 audit action plan with each partner agency.",
            "LSCB Business Manager",
            "31/10/2013",
            None,
        ),
        (
            "Install a performance dashboard for team managers, updated every Monday, by "
            "30 August 2013.",
            "Head of Performance",
            "30/08/2013",
            None,
        ),
        (
            "Clear the backlog of 120 unallocated assessments by 31 May 2013.",
            "Assistant Director",
            "31/05/2013",
            None,
        ),
        (
            "Carry out a survey of all care leavers aged 18 to 21 and publish the results by "
            "28 February 2014.",
            "Participation Officer",
            "28/02/2014",
            None,
        ),
    ],
)

VAGUE_A = _actions(
    "A",
    [
        (
            "Continue to improve the quality of assessments.",
            "Principal Social Worker",
            "Ongoing",
            "not-measurable",
        ),
        (
            "Share performance information with partners as appropriate.",
            "Head of Performance",
            "31/03/2013",
            "undefined-quality",
        ),
        (
            "Hold regular meetings with the Designated Nurse.",
            "Head of Safeguarding",
            "Ongoing",
            "vague-frequency",
        ),
        (
            "Review the placement sufficiency strategy.",
            "Head of Commissioning",
            "tbc",
            "not-time-bound",
        ),
        (
            "Some social workers attend the reflective practice sessions by June 2013.",
            "Principal Social Worker",
            "30/06/2013",
            "vague-quantifier",
        ),
        (
            "Improve communication between the front door and the locality teams by December 2013.",
            "Front Door Manager",
            "31/12/2013",
            "not-measurable",
        ),
        (
            "Ensure robust management oversight of all cases.",
            "Assistant Director",
            "31/03/2013",
            "undefined-quality",
        ),
        (
            "Develop closer working relationships with schools.",
            "Head of Early Help",
            "2013/14",
            "not-measurable",
        ),
        (
            "Ongoing monitoring of caseloads by team managers.",
            "Team Managers",
            "Ongoing",
            "vague-frequency",
        ),
        (
            "Strengthen the voice of the child in care plans, date to be confirmed.",
            "IRO Manager",
            "TBC",
            "not-time-bound",
        ),
    ],
)

VAGUE_B = _actions(
    "B",
    [
        (
            "Attend partnership meetings as appropriate.",
            "Service Managers",
            "Ongoing",
            "undefined-quality",
        ),
        (
            "Audit case files regularly and feed back to social workers.",
            "Team Managers",
            "31/03/2013",
            "vague-frequency",
        ),
        (
            "Launch the new early help offer (date tbc).",
            "Head of Early Help",
            "Tbc",
            "not-time-bound",
        ),
        (
            "Several teams pilot the new assessment tool by September 2013.",
            "Principal Social Worker",
            "30/09/2013",
            "vague-quantifier",
        ),
        (
            "Improve the timeliness of initial health assessments.",
            "Designated Nurse",
            "March 2014",
            "not-measurable",
        ),
        (
            "Provide timely feedback to referrers.",
            "Front Door Manager",
            "31/03/2013",
            "undefined-quality",
        ),
        (
            "Work with health partners to improve outcomes for looked after children by 2014.",
            "Head of Looked After Children",
            "2014",
            "not-measurable",
        ),
        (
            "Periodic review of the threshold document.",
            "LSCB Business Manager",
            "31/12/2013",
            "vague-frequency",
        ),
        ("Recruit foster carers as soon as possible.", "Fostering Team", "ASAP", "not-time-bound"),
        (
            "Many managers use the performance dashboard by March 2014.",
            "Head of Performance",
            "31/03/2014",
            "vague-quantifier",
        ),
    ],
)

ACTIONS: list[Action] = [*SMART_A, *SMART_B, *VAGUE_A, *VAGUE_B]


def _interleaved() -> list[Action]:
    """A deterministic mix, so SMART and vague actions sit side by side in every layout."""
    smart = [a for pair in zip(SMART_A, SMART_B, strict=True) for a in pair]
    vague = [a for pair in zip(VAGUE_A, VAGUE_B, strict=True) for a in pair]
    out: list[Action] = []
    for index in range(20):
        out += [smart[2 * index], vague[index], smart[2 * index + 1]]
    return out


PLAN_ORDER = _interleaved()
TABLE_ACTIONS = PLAN_ORDER[:42]
"""Actions in the plan's table (Ref, Action, Lead, Due date)."""
LIST_ACTIONS = PLAN_ORDER[42:]
"""Actions agreed later, as a numbered list with the lead and date in the text."""


def list_item_text(action: Action) -> str:
    return f"{action.text} Lead: {action.lead}. Due: {action.due}."


def plan_paper() -> Paper:
    rows: list[list[str]] = [["Ref", "Action", "Lead", "Due date"]]
    rows += [
        [f"{1 + i // 14}.{1 + i % 14}", a.text, a.lead, a.due] for i, a in enumerate(TABLE_ACTIONS)
    ]
    return Paper(
        title="Children's Services Improvement Plan 2013-14: draft",
        blocks=[
            Heading("Children's Services Improvement Plan 2013-14"),
            Paragraph(
                "This draft plan sets out the actions agreed by the Improvement Board on "
                "14 February 2013. Each action has a lead officer and a due date."
            ),
            Heading("Action plan", level=2),
            Table(rows=rows, col_widths=[0.6, 4.0, 1.8, 1.0]),
            Heading("Actions agreed at the partnership workshop", level=2),
            *(ListItem(list_item_text(a), numbered=True) for a in LIST_ACTIONS),
        ],
    )


def paper_to_text(paper: Paper) -> str:
    """The paper as a plain-text draft: tables as tab-separated lines, lists as "1." lines."""
    lines: list[str] = []
    number = 0
    for block in paper.blocks:
        if isinstance(block, ListItem):
            number += 1
            lines.append(f"{number}. {block.text}" if block.numbered else f"- {block.text}")
            continue
        if isinstance(block, Table):
            lines += ["\t".join(str(getattr(c, "text", c)) for c in row) for row in block.rows]
        elif isinstance(block, Heading | Paragraph):
            lines.append(block.text)
        lines.append("")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Score:
    """How lint did on the plan's actions, per half."""

    smart_flagged: dict[str, list[str]]
    """Half → SMART actions with any finding (at any severity) in their row or bullet."""
    vague_caught: dict[str, list[str]]
    """Half → vague actions flagged with the expected rule."""
    vague_missed: dict[str, list[str]]

    def summary(self) -> str:
        parts = []
        for half in ("A", "B"):
            parts.append(
                f"half {half}: SMART flagged {len(self.smart_flagged[half])}/20, "
                f"vague caught {len(self.vague_caught[half])}/10"
            )
        return "; ".join(parts)


def _place(finding: object) -> str:
    """The action a finding belongs to: its table row, or its paragraph."""
    position = str(getattr(finding, "position", ""))
    return position.rsplit(" cell ", 1)[0]


def score(findings: list) -> Score:
    """Match findings to the plan's actions by the text they were found in."""
    places: dict[str, set[str]] = {}
    for finding in findings:
        places.setdefault(_place(finding), set()).add(finding.rule)
    action_place: dict[str, str] = {}
    for finding in findings:
        for action in ACTIONS:
            if action.text[:40] in finding.context.replace("\n", " "):
                action_place.setdefault(action.text, _place(finding))
    smart: dict[str, list[str]] = {"A": [], "B": []}
    caught: dict[str, list[str]] = {"A": [], "B": []}
    missed: dict[str, list[str]] = {"A": [], "B": []}
    for action in ACTIONS:
        rules = places.get(action_place.get(action.text, ""), set())
        if action.smart:
            if rules:
                smart[action.half].append(f"{action.text} {sorted(rules)}")
        elif action.expected in rules:
            caught[action.half].append(action.text)
        else:
            missed[action.half].append(f"{action.text} {sorted(rules)}")
    return Score(smart, caught, missed)
