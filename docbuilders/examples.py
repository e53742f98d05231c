"""Realistic example committee papers, written for this project, as ``Paper`` specs.

Two fictional councils after an Ofsted inspection of children's services:
Eastmoor Borough Council (judged inadequate, under an Improvement Notice) and
Northvale County Council (judged "requires improvement to be good"). Every
person, date and figure here is invented; nothing is copied from a real paper.

The papers carry the traits real ones do, because the extractors and rules must
cope with them: colour-only RAG cells, goal cells merged down over their
milestones, tables running over several pages with a repeated header, theme rows
inside a status table, numbering typed as text ("1)", "(a)"), and a mix of SMART
and vague wording ("regular audits", "some improvement", "The Improvement Plan is
on track.").

Every function is pure: it builds a new ``Paper`` on each call and two calls give
equal specs, so rendered files are byte-identical from run to run.
"""

from __future__ import annotations

from collections.abc import Callable

from docbuilders.spec import Block, Cell, Heading, ListItem, PageBreak, Paper, Paragraph, Table

RED = "#ff0000"
AMBER = "#ffc000"
GREEN = "#00b050"
BLUE = "#0070c0"
"""Blue is "complete" in the councils' four-colour (BRAG) keys."""
THEME_ROW_GREY = "#d9d9d9"
"""Shading of a theme heading row inside a table; grey, which carries no RAG rating."""
RAG_FILLS: dict[str, str] = {"red": RED, "amber": AMBER, "green": GREEN, "blue": BLUE}

EASTMOOR = "Eastmoor Borough Council"
NORTHVALE = "Northvale County Council"
EASTMOOR_BOARD = "Children's Services Improvement Board"
EASTMOOR_PANEL = "Children and Young People Scrutiny Panel"


def _bullets(items: list[str], level: int = 0) -> list[ListItem]:
    return [ListItem(text, level=level) for text in items]


def _numbered(items: list[str]) -> list[ListItem]:
    return [ListItem(text, numbered=True) for text in items]


def _rag_word(rating: str) -> Cell:
    """A RAG cell printed as a word on its colour, as most councils do for the latest period."""
    return Cell(rating.upper(), fill=RAG_FILLS[rating])


def _rag_colour_only(rating: str) -> Cell:
    """A RAG cell with shading and no text: the rating exists only as a colour."""
    return Cell("", fill=RAG_FILLS[rating])


def highlight_report() -> Paper:
    """Eastmoor's monthly highlight report to its Improvement Board, November 2024.

    The RAG grid states the current period in words and the previous month in colour
    only (empty shaded cells).
    """
    masthead = Table(
        rows=[
            [
                Cell(EASTMOOR_BOARD, bold=True),
                Cell("Project Sponsor", bold=True),
                "Helen Marsh, Director of Children's Services",
            ],
            [
                "Wards affected – All",
                Cell("Project Manager", bold=True),
                "Daniel Okafor, Improvement Programme Manager",
            ],
        ],
        header_rows=0,
        repeat_header=False,
        col_widths=[2.2, 1.3, 2.5],
    )
    rag_grid = Table(
        rows=[
            ["", "Timeline", "Budget", "Issues & Risks", "Overall status", "Date of update report"],
            [
                Cell("Current period", bold=True),
                _rag_word("amber"),
                _rag_word("green"),
                _rag_word("amber"),
                _rag_word("amber"),
                "20/11/2024",
            ],
            [
                Cell("Previous month", bold=True),
                _rag_colour_only("red"),
                _rag_colour_only("green"),
                _rag_colour_only("amber"),
                _rag_colour_only("amber"),
                "",
            ],
        ],
        col_widths=[1.4, 1.0, 1.0, 1.1, 1.1, 1.4],
    )
    legend = Paragraph(
        "RAG key: Red – milestones have slipped by more than one month or a risk needs the "
        "Board to act; Amber – slippage of less than one month that the workstream expects "
        "to recover by the next report; Green – on plan. Ratings for the previous month are "
        "shown by colour only."
    )
    project_dates = Table(
        rows=[
            [
                "Project start date:",
                "1 July 2024",
                "Anticipated project end date:",
                "31 March 2026",
            ],
            ["% complete:", "35%", "Agreed by the Project Sponsor:", "Yes – 19/11/2024"],
        ],
        header_rows=0,
        repeat_header=False,
        col_widths=[1.3, 1.2, 1.8, 1.4],
    )
    completed = {
        "Social Care Practice": [
            "The revised Practice Standards were launched at four staff briefings held between "
            "4 and 15 November 2024, attended by 142 of 168 social workers and managers (85%).",
            "Regular audits of case files have continued across the service.",
            "Child and family assessments completed within 45 working days rose to 81% in "
            "October 2024, from 64% in July 2024, against a target of 85% by 31 March 2025.",
            "Revised threshold guidance for the Front Door was reissued to partner agencies on "
            "8 November 2024, with a one-page summary sent to every school's designated "
            "safeguarding lead.",
            "There has been some improvement in the quality of child protection plans.",
        ],
        "Workforce": [
            "Nine permanent social workers started in October and November 2024, reducing "
            "agency staff from 38% to 31% of the qualified workforce.",
            "Cabinet approved the recruitment and retention payment scheme on 6 November 2024; "
            "payments start on 1 January 2025.",
            "Average caseloads in the Assessment teams fell to 19 children per social worker, "
            "against a target of 18 by 31 January 2025.",
            "The first cohort of 12 newly qualified social workers completed the ASYE induction "
            "module on 1 November 2024.",
        ],
        "Quality Assurance": [
            "The Quality Assurance Framework was signed off by the Improvement Board on "
            "23 October 2024 and published on the staff intranet on 28 October 2024.",
            "The October practice week audited 60 cases: 42% were graded good or better, "
            "compared with 27% in the June 2024 baseline.",
            "The performance scorecard is now produced monthly and sent to team managers within "
            "5 working days of month end.",
            "Good progress has been made in embedding learning from audits.",
        ],
    }
    scheduled = {
        "Social Care Practice": [
            "Relaunch the supervision policy so that every practitioner has recorded "
            "supervision at least every 4 weeks from 1 December 2024.",
            "Complete a thematic audit of 25 neglect cases by 20 December 2024 and report the "
            "findings to the Improvement Board on 15 January 2025.",
            "Continue to embed the practice model across all teams.",
        ],
        "Workforce": [
            "Launch the January 2025 recruitment campaign for 15 experienced social workers.",
            "Analyse exit interviews for leavers between April and November 2024 and report "
            "themes to the Workforce Board by 13 December 2024.",
        ],
        "Quality Assurance": [
            "Present the Independent Reviewing Officer annual report to the Corporate "
            "Parenting Panel on 9 December 2024.",
            "Agree a multi-agency audit moderation process with partners.",
        ],
    }
    risks = [
        "Three of the 11 team manager posts are covered by agency staff and two interim "
        "managers leave in December 2024. Mitigation: interim contracts extended to "
        "31 March 2025 while a permanent campaign runs.",
        "Contacts to the Front Door rose by 14% between September and October 2024, putting "
        "pressure on assessment timeliness.",
        "The case management system upgrade has slipped from November 2024 to February 2025; "
        "the new audit tool cannot go live until it is complete.",
        "Attendance by health colleagues at strategy discussions remains inconsistent.",
    ]
    recommendations = [
        "The Board is asked to note progress and to agree that the Timeline rating stays "
        "AMBER until assessment timeliness reaches 85%.",
        "The Board is asked to endorse 28 February 2025 as the revised go-live date for the "
        "case management system upgrade.",
    ]

    blocks: list[Block] = [
        Heading("Highlight Report: Children's Services Improvement Programme", level=1),
        masthead,
        rag_grid,
        legend,
        project_dates,
        Paragraph("Key activities completed / milestones achieved in this period:", bold=True),
    ]
    for workstream, items in completed.items():
        blocks += [Heading(workstream, level=3), *_bullets(items)]
    blocks.append(Paragraph("Key activities / milestones scheduled for next period:", bold=True))
    for workstream, items in scheduled.items():
        blocks += [Heading(workstream, level=3), *_bullets(items)]
    blocks += [
        Paragraph("Key issues of risk / obstacles to progress:", bold=True),
        *_bullets(risks),
        Paragraph("Recommendations:", bold=True),
        *_bullets(recommendations),
    ]
    return Paper(
        title="Highlight Report – Children's Services Improvement Programme – November 2024",
        blocks=blocks,
        author=EASTMOOR,
    )


# (goal, [(milestone, comments and conclusions — verdict first, then the comment sentences)])
_SCRUTINY_MILESTONES: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Children are safer because risk is identified and acted on promptly",
        [
            (
                "At least 95% of contacts to the Front Door receive a threshold decision "
                "within 24 hours, as shown in the monthly performance scorecard.",
                "Achieved.\nThe scorecard showed 96% in November and 97% in December 2024. "
                "Members welcomed a milestone that could be checked directly against data.",
            ),
            (
                "Strategy discussions are held within 1 working day for every section 47 "
                "enquiry, with police and health taking part in at least 90% of them.",
                "Partially achieved.\nPolice took part in 94% of strategy discussions in "
                "December, but health in only 71%.\nThe Task Group asks that health attendance "
                "is raised with the Integrated Care Board before the next Board meeting.",
            ),
            (
                "There is some evidence that the quality of assessments is improving.",
                "Achieved.\nAudit grades for assessments rose between the June and October "
                "practice weeks. Members asked what 'some evidence' would have to show, and "
                "recommend that the milestone names a target proportion of assessments "
                "graded good.",
            ),
            (
                "Managers undertake regular audits of case files.",
                "Partially achieved.\nNo audits were returned by the Children with Disabilities "
                "Team in November.\nThe Task Group recommends the milestone states how many "
                "audits each manager completes and how often, for example two each month, "
                "rather than 'regular'.",
            ),
            (
                "Children subject to a child protection plan are visited at least every 10 "
                "working days, and 90% of visits are recorded within 2 working days by "
                "31 December 2024.",
                "Not achieved.\nVisits were within timescale for 88% of children, but only 73% "
                "were recorded within 2 working days. Officers attributed the delay to the "
                "case management system and expect the February 2025 upgrade to help.",
            ),
        ],
    ),
    (
        "Management oversight and quality assurance have improved",
        [
            (
                "The Quality Assurance Framework is approved and published to all staff by "
                "31 October 2024.",
                "Achieved.\nThe Framework was approved on 23 October and published on "
                "28 October 2024.",
            ),
            (
                "Practice-week audits of at least 60 cases take place every quarter, with "
                "findings reported to the Improvement Board within one month.",
                "Achieved.\nThe October practice week audited 60 cases and reported to the "
                "Board on 20 November 2024.",
            ),
            (
                "There is good management oversight on case files.",
                "Partially achieved.\nAudits found management oversight recorded in 58% of "
                "cases.\nMembers felt that 'good' is not defined and asked for a standard that "
                "audits can be scored against.",
            ),
            (
                "Independent Reviewing Officers raise a practice alert whenever a child's plan "
                "drifts, and every alert is tracked until it is resolved.",
                "Partially achieved.\nFourteen alerts were raised between September and "
                "December 2024; the tracker showed nine resolved and no record for the other "
                "five.",
            ),
            (
                "Learning from audits is shared with staff in a timely way.",
                "No conclusion.\nMembers could not reach a view because 'timely' is not defined "
                "and no dates of feedback to practitioners were provided.",
            ),
        ],
    ),
    (
        "The workforce is stable, skilled and supported",
        [
            (
                "The proportion of agency social workers falls from 38% to below 30% by "
                "31 December 2024.",
                "Not achieved.\nThe proportion was 31% on 31 December 2024. Members noted the "
                "trend is in the right direction and that six further permanent starters are "
                "due in February 2025.",
            ),
            (
                "Average caseloads in the Assessment teams are no higher than 18 children per "
                "social worker.",
                "Partially achieved.\nThe average was 19 in December; two of the four teams "
                "were at or below 18.",
            ),
            (
                "All social workers receive recorded supervision at least every 4 weeks, and 80% "
                "of supervision records meet the supervision standard on audit.",
                "Partially achieved.\nSupervision was recorded within 4 weeks for 86% of "
                "social workers; 61% of the records sampled met the standard.",
            ),
            (
                "Newly qualified social workers have protected caseloads in line with the ASYE "
                "framework.",
                "Achieved.\nAll 12 newly qualified social workers held 15 or fewer cases at "
                "the end of December 2024.",
            ),
            (
                "Staff feel supported by their managers.",
                "To be tested through the staff survey.\nThe annual staff survey runs in "
                "February 2025 and results are due to the Board in April 2025.",
            ),
        ],
    ),
    (
        "Children in care and care leavers receive a consistent service",
        [
            (
                "All looked after children receive a similar standard of service.",
                "Achieved.\nMembers recommend the milestone is reworded: a service that is "
                "similar everywhere can be similarly weak. A measurable standard, such as the "
                "proportion of children visited within statutory timescales in each team, "
                "would show consistency.",
            ),
            (
                "95% of children in care have their review within statutory timescales.",
                "Achieved.\n97% of reviews between October and December 2024 were on time.",
            ),
            (
                "Every care leaver aged 18 to 21 has an up-to-date pathway plan, and the "
                "service is in touch with at least 90% of them.",
                "Partially achieved.\nThe service is in touch with 92% of care leavers, but "
                "only 78% have a pathway plan reviewed in the last six months.",
            ),
            (
                "Cabinet agrees the placement sufficiency strategy by 30 November 2024.",
                "Not achieved.\nCabinet consideration has been deferred to 12 February 2025 "
                "so that the strategy can reflect the regional fostering recruitment hub.",
            ),
        ],
    ),
    (
        "Leadership and governance drive improvement",
        [
            (
                "The Improvement Plan is on track.",
                "No conclusion.\nThe Task Group felt this milestone is too broad to be judged "
                "and should be replaced by the exception report in milestone 21.",
            ),
            (
                "The Improvement Board receives a RAG-rated exception report at every meeting "
                "from October 2024.",
                "Achieved.\nException reports were received in October, November and December "
                "2024.",
            ),
            (
                "Staff understand the improvement priorities and how their own work contributes "
                "to them.",
                "To be tested through the staff survey.",
            ),
            (
                "At least 75% of councillors complete safeguarding and corporate parenting "
                "training by 31 January 2025.",
                "Partially achieved.\n38 of 57 councillors (67%) had attended by 9 January "
                "2025; two further sessions are booked before the deadline.",
            ),
        ],
    ),
]


def scrutiny_report() -> Paper:
    """Eastmoor's scrutiny task group verdicts on 23 improvement milestones, January 2025.

    The milestone table merges each goal cell down over its milestones and runs over
    more than one page with its header repeated.
    """
    rows: list[list[str | Cell]] = [["Goal", "Milestone", "Comments and conclusions"]]
    merges: list[tuple[int, int, int]] = []
    number = 0
    for goal, milestones in _SCRUTINY_MILESTONES:
        first_row = len(rows)
        for i, (milestone, comment) in enumerate(milestones):
            number += 1
            rows.append([goal if i == 0 else "", f"{number}. {milestone}", comment])
        merges.append((0, first_row, len(rows) - 1))
    milestone_table = Table(rows=rows, col_widths=[1.3, 2.6, 3.1], merge_down=merges)

    general_comments = [
        "Too many milestones in the Improvement Plan are not SMART. Where a milestone gives "
        "no number, standard or date, members cannot say whether it has been met.",
        "Words such as 'some', 'regular', 'good' and 'timely' appear in several milestones. "
        "Each should be replaced by a figure, a frequency or a defined standard.",
        "Each milestone should name the evidence that will show it has been met (a report, a "
        "performance indicator or an audit), so that scrutiny can test it quickly.",
        "Groups scrutinising the Plan should receive the RAG-rated exception report that the "
        "Improvement Board now sees, showing which milestones are red or amber.",
    ]
    blocks: list[Block] = [
        Paragraph(f"{EASTMOOR_BOARD} – 22 January 2025", bold=True),
        Heading("Item 7 – Scrutiny Task Group report on improvement milestones", level=1),
        Heading("Background", level=2),
        Paragraph(
            "On 20 November 2024 the Children's Services Improvement Board asked the "
            "Children's Safeguarding Scrutiny Task Group to examine the milestones in the "
            "Children's Services Improvement Plan that were due for completion by the end of "
            "December 2024."
        ),
        Paragraph(
            "The Task Group met on 9 January 2025 and considered written and verbal evidence "
            "from officers of Eastmoor Borough Council, including the December performance "
            "scorecard and the October practice-week audit report."
        ),
        Heading("General comments", level=2),
        Paragraph(
            "The Task Group makes the following comments on how the Improvement Plan and the "
            "reports on it could better support scrutiny:"
        ),
        *_numbered(general_comments),
        Paragraph(
            "The Task Group asks the Board to address these points before the next round of "
            "milestones is set in March 2025."
        ),
        Heading("Conclusions on the milestones", level=2),
        milestone_table,
        Paragraph("Task Group Chair: Cllr Margaret Holloway"),
        Paragraph(
            "Report author: Tom Ashworth, Senior Scrutiny Officer, Eastmoor Borough Council, "
            "01632 960418, tom.ashworth@eastmoor.gov.uk"
        ),
    ]
    return Paper(
        title="Item 7 – Scrutiny Task Group report on improvement milestones",
        blocks=blocks,
        author=EASTMOOR,
        running_header=f"{EASTMOOR} – {EASTMOOR_BOARD} – 22 January 2025",
    )


# Action-plan rows: (ref, action, lead, due date, rag, RAG printed as a word?, progress update).
_ACTION_PLAN_THEMES: list[tuple[str, list[tuple[str, str, str, str, str, bool, str]]]] = [
    (
        "Theme 1: Quality of front line practice",
        [
            (
                "1.1",
                "Publish revised Practice Standards and brief all social work staff.",
                "Principal Social Worker",
                "30/11/2024",
                "blue",
                True,
                "Complete. Four briefings held in November 2024; 142 of 168 staff attended.",
            ),
            (
                "1.2",
                "Reissue Front Door threshold guidance to all partner agencies.",
                "Head of Service, Front Door",
                "15/11/2024",
                "blue",
                False,
                "Complete. Guidance reissued on 8 November 2024 with a summary for schools.",
            ),
            (
                "1.3",
                "Raise the proportion of assessments completed within 45 working days to 85%.",
                "Head of Service, Assessment",
                "31/03/2025",
                "amber",
                True,
                "On track. 81% in January 2025, up from 64% in July 2024.",
            ),
            (
                "1.4",
                "Hold strategy discussions within 1 working day of every section 47 referral.",
                "Head of Service, Front Door",
                "31/12/2024",
                "amber",
                False,
                "Off track. 89% within 1 working day in January; health attendance remains low.",
            ),
            (
                "1.5",
                "Introduce a single child protection plan template with SMART outcomes.",
                "Principal Social Worker",
                "31/01/2025",
                "green",
                True,
                "On track. Template tested by two teams; roll-out to all teams from 3 February.",
            ),
            (
                "1.6",
                "Complete a thematic audit of 25 neglect cases and act on its findings.",
                "AD Safeguarding and Quality Assurance",
                "20/12/2024",
                "red",
                False,
                "Overdue. 18 of 25 audits completed; report now due 28 February 2025.",
            ),
            (
                "1.7",
                "Adopt the Graded Care Profile 2 tool for all neglect assessments.",
                "Head of Service, Assessment",
                "30/06/2025",
                "green",
                False,
                "Not started. Training places booked for April 2025.",
            ),
            (
                "1.8",
                "Record the child's voice in every assessment and plan.",
                "Principal Social Worker",
                "31/03/2025",
                "amber",
                True,
                "On track. Practice-week audit found the child's views recorded in 72% of cases.",
            ),
        ],
    ),
    (
        "Theme 2: Management oversight and supervision",
        [
            (
                "2.1",
                "Relaunch the supervision policy with a 4-weekly minimum frequency.",
                "AD Safeguarding and Quality Assurance",
                "01/12/2024",
                "blue",
                True,
                "Complete. Policy relaunched on 2 December 2024.",
            ),
            (
                "2.2",
                "Audit 10% of supervision records each quarter against the standard.",
                "Quality Assurance Manager",
                "31/03/2025",
                "green",
                False,
                "On track. First quarterly audit of 46 records completed in January 2025.",
            ),
            (
                "2.3",
                "Record management oversight on every case at allocation and at each review point.",
                "Heads of Service",
                "31/01/2025",
                "red",
                True,
                "Off track. Oversight recorded in 58% of audited cases against a target of 80%.",
            ),
            (
                "2.4",
                "Deliver the management development programme to all 11 team managers.",
                "Workforce Development Manager",
                "28/02/2025",
                "amber",
                False,
                "On track. Modules 1 to 3 delivered; 9 of 11 managers attended every session.",
            ),
            (
                "2.5",
                "Track every Independent Reviewing Officer practice alert to resolution.",
                "IRO Service Manager",
                "31/12/2024",
                "amber",
                True,
                "Overdue. Tracker in place but five alerts have no recorded outcome.",
            ),
            (
                "2.6",
                "Publish a monthly performance scorecard for team managers.",
                "Performance and Insight Manager",
                "31/10/2024",
                "blue",
                False,
                "Complete. Scorecard issued within 5 working days of each month end.",
            ),
        ],
    ),
    (
        "Theme 3: Workforce stability and development",
        [
            (
                "3.1",
                "Reduce agency social workers to below 30% of the qualified workforce.",
                "HR Business Partner",
                "31/12/2024",
                "red",
                False,
                "Overdue. 31% at 31 December 2024; six permanent starters due in February.",
            ),
            (
                "3.2",
                "Introduce a recruitment and retention payment for social workers.",
                "HR Business Partner",
                "01/01/2025",
                "blue",
                True,
                "Complete. Approved by Cabinet on 6 November 2024; first payments in January.",
            ),
            (
                "3.3",
                "Run a national recruitment campaign for 15 experienced social workers.",
                "Head of Workforce",
                "31/03/2025",
                "green",
                True,
                "On track. Campaign launched 13 January 2025; 41 applications received so far.",
            ),
            (
                "3.4",
                "Bring average caseloads in Assessment teams to 18 or fewer.",
                "Head of Service, Assessment",
                "31/01/2025",
                "amber",
                False,
                "Off track. Average 19 at the end of January; two teams at or below 18.",
            ),
            (
                "3.5",
                "Protect newly qualified social worker caseloads in line with the ASYE framework.",
                "Principal Social Worker",
                "Ongoing",
                "green",
                False,
                "On track. All 12 NQSWs held 15 or fewer cases in January 2025.",
            ),
            (
                "3.6",
                "Analyse exit interviews and report themes to the Workforce Board.",
                "HR Business Partner",
                "13/12/2024",
                "blue",
                False,
                "Complete. Report considered by the Workforce Board on 12 December 2024.",
            ),
            (
                "3.7",
                "Launch a social work academy for apprentices and step-up trainees.",
                "Workforce Development Manager",
                "30/09/2025",
                "green",
                True,
                "Not started. Business case to be presented in May 2025.",
            ),
        ],
    ),
    (
        "Theme 4: Children in care and care leavers",
        [
            (
                "4.1",
                "Review 95% of children in care within statutory timescales.",
                "IRO Service Manager",
                "Quarterly",
                "green",
                False,
                "On track. 97% of reviews on time in the quarter to December 2024.",
            ),
            (
                "4.2",
                "Give every care leaver aged 18 to 21 a pathway plan reviewed in the last "
                "six months.",
                "Head of Service, Children in Care",
                "31/03/2025",
                "amber",
                True,
                "Off track. 78% reviewed within six months; extra personal advisers start in "
                "March.",
            ),
            (
                "4.3",
                "Present the placement sufficiency strategy to Cabinet.",
                "Head of Commissioning",
                "30/11/2024",
                "red",
                True,
                "Overdue. Deferred to the Cabinet meeting on 12 February 2025.",
            ),
            (
                "4.4",
                "Recruit 20 additional mainstream foster carers through the regional hub.",
                "Fostering Service Manager",
                "31/08/2025",
                "green",
                False,
                "On track. 7 households approved and 9 in assessment.",
            ),
            (
                "4.5",
                "Run the Bright Spots survey of children in care and care leavers.",
                "Participation Lead",
                "28/02/2025",
                "amber",
                False,
                "On track. Survey open until 21 February 2025; 118 responses so far.",
            ),
            (
                "4.6",
                "Refresh the Local Offer for care leavers with council tax exemption to age 25.",
                "Head of Service, Children in Care",
                "30/04/2025",
                "green",
                True,
                "Not started. Proposal going to the Corporate Parenting Panel in March 2025.",
            ),
        ],
    ),
    (
        "Theme 5: Partnerships, leadership and governance",
        [
            (
                "5.1",
                "Present a RAG-rated exception report to every Improvement Board meeting.",
                "Improvement Programme Manager",
                "October 2024",
                "blue",
                False,
                "Complete. Reports presented in October, November and December 2024.",
            ),
            (
                "5.2",
                "Agree a multi-agency audit moderation process with the Safeguarding Partnership.",
                "Safeguarding Partnership Business Manager",
                "31/01/2025",
                "red",
                False,
                "Overdue. Health and police sign-off still awaited; escalated to the Executive.",
            ),
            (
                "5.3",
                "Train at least 75% of councillors in safeguarding and corporate parenting.",
                "Head of Democratic Services",
                "31/01/2025",
                "amber",
                True,
                "Off track. 38 of 57 councillors (67%) trained; two sessions booked in February.",
            ),
            (
                "5.4",
                "Publish the Improvement Plan summary for staff and partners.",
                "Improvement Programme Manager",
                "31/10/2024",
                "blue",
                True,
                "Complete. Summary published on the intranet and partnership website.",
            ),
            (
                "5.5",
                "Commission a peer review of the Front Door ahead of the Ofsted monitoring visit.",
                "Director of Children's Services",
                "31/05/2025",
                "green",
                False,
                "Not started. Scope to be agreed with the regional improvement alliance.",
            ),
        ],
    ),
]


def action_plan() -> Paper:
    """Eastmoor's landscape improvement action plan, progress at February 2025: 32 actions.

    Theme heading rows sit inside the table: the whole row shaded grey, the theme's name
    its only text, in the Action column (the only column wide enough). RAG is a word
    on its colour in some rows and colour-only in others.
    """
    header = ["Ref", "Action", "Lead", "Due date", "RAG", "Progress update"]
    rows: list[list[str | Cell]] = [header]
    for theme, actions in _ACTION_PLAN_THEMES:
        band: list[str | Cell] = [Cell("", fill=THEME_ROW_GREY) for _ in header]
        band[1] = Cell(theme, fill=THEME_ROW_GREY, bold=True)
        rows.append(band)
        for ref, action, lead, due, rag, rag_as_word, update in actions:
            rag_cell = _rag_word(rag) if rag_as_word else _rag_colour_only(rag)
            rows.append([ref, action, lead, due, rag_cell, update])
    table = Table(rows=rows, col_widths=[0.9, 3.2, 1.7, 1.0, 0.8, 3.6])
    blocks: list[Block] = [
        Paragraph(EASTMOOR, bold=True),
        Heading("Children's Services Improvement Plan 2024–2026: Action Plan", level=1),
        Paragraph(f"Progress at 14 February 2025, for the {EASTMOOR_BOARD} on 26 February 2025."),
        Paragraph(
            "RAG key: Blue – complete; Green – on track to meet the due date; Amber – at risk "
            "of missing the due date; Red – overdue or off track with no recovery plan. Some "
            "ratings are shown by colour only."
        ),
        table,
        Paragraph(
            "Owner of this action plan: Daniel Okafor, Improvement Programme Manager. Updates "
            "are collected from leads on the first Monday of each month."
        ),
    ]
    return Paper(
        title="Children's Services Improvement Plan 2024–2026: Action Plan – February 2025",
        blocks=blocks,
        landscape=True,
        author=EASTMOOR,
        running_header=f"{EASTMOOR} – Improvement Action Plan – OFFICIAL",
    )


def minutes() -> Paper:
    """Minutes of Eastmoor's scrutiny panel meeting of 14 October 2024."""
    blocks: list[Block] = [
        Paragraph(EASTMOOR, bold=True),
        Heading(f"Minutes of the {EASTMOOR_PANEL}", level=1),
        Paragraph(
            "Meeting held on Monday 14 October 2024 at 6.00 pm in Committee Room 2, Eastmoor "
            "Town Hall"
        ),
        Paragraph("Present:", bold=True),
        Paragraph("Cllr Margaret Holloway (Chair)"),
        Paragraph("Cllr Imran Siddiqui (Vice-Chair)"),
        Paragraph("Cllr Rachel Penrose, Cllr Gareth Lloyd and Cllr Anne Whitcombe"),
        Paragraph("Also present: Cllr Paul Denning (Cabinet Member for Children and Families)"),
        Paragraph("Officers in attendance:", bold=True),
        Paragraph("Helen Marsh – Director of Children's Services"),
        Paragraph("Priya Raman – Assistant Director, Safeguarding and Quality Assurance"),
        Paragraph("Mark Tillotson – Head of Service, Children's Social Care"),
        Paragraph("Tom Ashworth – Senior Scrutiny Officer"),
        Paragraph("Apologies:", bold=True),
        Paragraph(
            "Apologies for absence were received from Cllr Colin Barraclough and from "
            "Dr Elaine Costello (Independent Chair, Children's Services Improvement Board)."
        ),
        Heading("21. Declarations of interest", level=2),
        Paragraph(
            "Cllr Penrose declared a non-pecuniary interest in item 23 as an approved foster "
            "carer for the Council. She remained in the meeting and took part in the discussion."
        ),
        Heading("22. Minutes of the previous meeting", level=2),
        Paragraph(
            "The minutes of the meeting held on 9 September 2024 were agreed as a correct "
            "record and signed by the Chair."
        ),
        Heading("23. Children's Services Improvement Plan – progress update", level=2),
        Paragraph(
            "Helen Marsh, Director of Children's Services, introduced the briefing note "
            "(agenda item 5 in the pack). She reminded members that Ofsted had judged the "
            "Council's services for children in need of help and protection to be inadequate "
            "in April 2024, and that the Department for Education had issued an Improvement "
            "Notice in June 2024. The Improvement Plan agreed in July 2024 had three themes "
            "and 32 actions."
        ),
        Paragraph(
            "Priya Raman, Assistant Director, Safeguarding and Quality Assurance, reported "
            "that assessment timeliness had risen from 64% in July to 78% in September, but "
            "that management oversight was still recorded in fewer than two-thirds of audited "
            "cases. Members asked how the service would know when oversight was good enough; "
            "Ms Raman undertook to bring a proposed standard and target to the next meeting."
        ),
        Paragraph(
            "Cllr Lloyd asked about the reliance on agency social workers. Mark Tillotson, "
            "Head of Service, Children's Social Care, said that 38% of qualified posts were "
            "filled by agency staff and that a retention payment scheme would go to Cabinet in "
            "November. Members were concerned that several milestones in the Plan used words "
            "such as 'regular' and 'some', which made progress hard to judge."
        ),
        Paragraph(
            "Cllr Denning, Cabinet Member for Children and Families, welcomed the Panel's "
            "challenge and confirmed that the Improvement Board would receive a RAG-rated "
            "exception report at every meeting from October 2024."
        ),
        Paragraph("Resolved:", bold=True),
        Paragraph("1) that the progress update on the Improvement Plan be noted;"),
        Paragraph(
            "2) that the Improvement Board be asked to replace vague milestone wording with "
            "measurable targets and dates before the Plan is refreshed in March 2025; and"
        ),
        Paragraph(
            "3) that a Scrutiny Task Group review the milestones due by December 2024 and "
            "report to the Improvement Board in January 2025."
        ),
        Heading("24. Work programme 2024/25", level=2),
        Paragraph(
            "Tom Ashworth, Senior Scrutiny Officer, presented the draft work programme. Members "
            "asked for care leavers' accommodation to be added for the spring."
        ),
        Paragraph("Resolved:", bold=True),
        Paragraph("(a) that the work programme be agreed, subject to the addition above; and"),
        Paragraph(
            "(b) that the Chair and Vice-Chair agree the membership of the Scrutiny Task Group "
            "by 25 October 2024."
        ),
        Paragraph("Actions:", bold=True),
        *_bullets(
            [
                "Propose a management oversight standard and target – Priya Raman, Assistant "
                "Director, Safeguarding and Quality Assurance – by 11 November 2024.",
                "Circulate the retention payment Cabinet report to Panel members – Mark "
                "Tillotson, Head of Service, Children's Social Care – by 8 November 2024.",
                "Set up the Scrutiny Task Group and agree its terms of reference – Tom Ashworth, "
                "Senior Scrutiny Officer – by 25 October 2024.",
            ]
        ),
        Paragraph("The meeting closed at 7.48 pm."),
        Paragraph("Chair: ……………………………………   Date: ……………………"),
    ]
    return Paper(
        title=f"Minutes – {EASTMOOR_PANEL} – 14 October 2024",
        blocks=blocks,
        author=EASTMOOR,
    )


def briefing_note() -> Paper:
    """Eastmoor's briefing note to its scrutiny panel, 14 October 2024, with a question bank."""
    question_themes = {
        "Front door and assessment": [
            "How many contacts to the Front Door led to no further action last quarter, and "
            "how many of those children were referred again within 12 months?",
            "What do partner agencies say about how quickly they get a decision?",
            "How do you check that thresholds are applied in the same way by every team?",
            "What proportion of assessments record the child's own views?",
        ],
        "Workforce and supervision": [
            "What is the turnover of permanent social workers in each team, and why do people "
            "say they leave?",
            "How often do social workers actually receive supervision, and how do you know it "
            "improves practice?",
            "Which teams depend most on agency staff, and what would happen if they left at "
            "short notice?",
            "How many cases does each newly qualified social worker hold?",
        ],
        "Children in care and care leavers": [
            "How many children in care have had three or more placements in the last year?",
            "What do children in care tell us about whether their views change their plans?",
            "How many care leavers are not in touch with the service, and what is being done "
            "to find them?",
        ],
    }
    blocks: list[Block] = [
        Paragraph(EASTMOOR, bold=True),
        Heading("BRIEFING NOTE", level=1),
        Paragraph("Agenda Item no. 5", bold=True),
        Paragraph(f"TO: {EASTMOOR_PANEL}"),
        Paragraph("DATE: 14 October 2024"),
        Paragraph(
            "RE: Progress on the Children's Services Improvement Plan following the Ofsted "
            "inspection of local authority children's services"
        ),
        Heading("Purpose", level=2),
        Paragraph(
            "To update the Panel on the Improvement Plan agreed after the Ofsted inspection, "
            "the arrangements for monitoring it, and the questions members may wish to ask "
            "when scrutinising progress."
        ),
        Heading("Background", level=2),
        *_numbered(
            [
                "Ofsted inspected Eastmoor's children's services between 4 and 15 March 2024. "
                "The report, published on 26 April 2024, judged the experiences and progress "
                "of children who need help and protection to be inadequate, and overall "
                "effectiveness to be inadequate.",
                "The Department for Education issued an Improvement Notice on 14 June 2024 "
                "and appointed Dr Elaine Costello as Independent Chair of the Children's "
                "Services Improvement Board.",
                "The Board agreed the Improvement Plan on 17 July 2024. It sets out 32 "
                "actions under three themes, each with a lead officer and a due date.",
            ]
        ),
        Heading("Current Position", level=2),
        *_numbered(
            [
                "The Improvement Plan is organised in three themes:",
            ]
        ),
        *_bullets(
            [
                "Quality of front line practice",
                "Management oversight and supervision",
                "Workforce stability and development",
            ],
            level=1,
        ),
        *_numbered(
            [
                "The Board meets monthly and receives a highlight report from the Improvement "
                "Programme Manager. From October 2024 it will also receive a RAG-rated "
                "exception report showing every milestone that is red or amber.",
                "Early indicators are encouraging but fragile:",
            ]
        ),
        *_bullets(
            [
                "assessments completed within 45 working days rose from 64% in July to 78% "
                "in September 2024;",
                "agency social workers make up 38% of the qualified workforce, against a "
                "target of below 30% by December 2024;",
                "some improvement has been seen in the quality of supervision records.",
            ],
            level=1,
        ),
        *_numbered(
            [
                "Ofsted's first monitoring visit is expected between January and March 2025 "
                "and is likely to focus on the Front Door.",
                "Appendix 1 suggests questions the Panel may find useful when scrutinising "
                "progress.",
            ]
        ),
        Heading("Recommendations", level=2),
        Paragraph("The Panel is recommended to:"),
        *_numbered(
            [
                "Note the progress made since the Improvement Plan was agreed in July 2024.",
                "Agree to receive a progress update at every second meeting, with the "
                "exception report attached.",
                "Consider setting up a Scrutiny Task Group to test the milestones due by "
                "December 2024.",
            ]
        ),
        Heading("Author", level=2),
        Paragraph("Priya Raman"),
        Paragraph("Assistant Director, Safeguarding and Quality Assurance"),
        Paragraph("Tel: 01632 960274"),
        Paragraph("E-mail: priya.raman@eastmoor.gov.uk"),
        PageBreak(),
        Heading("Appendix 1", level=2),
        Heading("Questions for the Panel to consider", level=2),
        Paragraph(
            "These questions are examples to start discussion, not a checklist. They can be "
            "put to officers, partners or the Cabinet Member."
        ),
    ]
    for theme, questions in question_themes.items():
        blocks += [Heading(theme, level=3), *_bullets(questions)]
    return Paper(
        title="Briefing Note – Children's Services Improvement Plan – 14 October 2024",
        blocks=blocks,
        author=EASTMOOR,
    )


def task_group_report() -> Paper:
    """Northvale's task & finish group final report on its Ofsted action plan, March 2025."""
    recommendations = [
        "To endorse the Task & Finish Group's conclusion that the Ofsted Action Plan is being "
        "delivered, and that 6 of its 8 areas for improvement are on course to be met by "
        "September 2025.",
        "To ask the Northvale Safeguarding Children Partnership to agree, by 30 June 2025, one "
        "information-sharing protocol for children admitted to Northvale General Hospital "
        "from neighbouring authorities.",
        "To ask the Cabinet Member for Children's Services to report to this Committee in "
        "October 2025 on return home interviews, which remain below target.",
    ]
    contents = [
        "1.0 Introduction",
        "1.1 Executive Summary",
        "1.2 Members and Contributors",
        "1.3 Evidence",
        "1.4 Dates and Timescales",
        "1.5 Recommendations",
        "2.0 Findings and Conclusions",
        "3.0 Recommendations",
        "4.0 Acknowledgements",
    ]
    blocks: list[Block] = [
        Heading("CHILDREN'S SERVICES IMPROVEMENT TASK & FINISH GROUP FINAL REPORT", level=1),
        Paragraph(NORTHVALE, bold=True),
        Paragraph(
            "Report to the Children and Young People Overview and Scrutiny Committee, 19 March 2025"
        ),
        Heading("CONTENTS", level=2),
        *[Paragraph(line) for line in contents],
        Heading("1.0 Introduction", level=2),
        Heading("1.1 Executive Summary", level=3),
        Paragraph(
            "Ofsted inspected Northvale County Council's children's services in September "
            "2024 and judged overall effectiveness to require improvement to be good. The "
            "report set out 8 areas for improvement, and officers drew up an Action Plan giving "
            "each one a lead, a completion date and a measure of success."
        ),
        Paragraph(
            "In November 2024 the Overview and Scrutiny Board set up this Task & Finish Group "
            "to check that the Action Plan was being delivered on time and to the standard "
            "intended, and to add value where it could."
        ),
        Heading("1.2 Members and Contributors", level=3),
        *[
            Paragraph(name)
            for name in [
                "Cllr Judith Arkwright (Chair)",
                "Cllr Neil Faraday",
                "Cllr Samina Hussain",
                "Cllr Robert Kettering",
                "Cllr Lesley Moran",
            ]
        ],
        *[
            Paragraph(officer)
            for officer in [
                "Gwen Ellery, Foster Carer, Northvale Fostering Service",
                "Martin Ojo, Foster Carer, Northvale Fostering Service",
                "Sarah Lindqvist, Assistant Director, Children's Social Care, NCC",
                "David Cheung, Head of Safeguarding and Quality Assurance, NCC",
                "Fiona Rudd, Service Manager, Children in Care, NCC",
                "Alan Prosser, Workforce Development Lead, NCC",
                "Dr Nadia Kerr, Designated Nurse for Safeguarding Children, Northvale "
                "Integrated Care Board",
                "Owen Blake, Democratic Services Officer, NCC",
            ]
        ],
        Heading("1.3 Evidence", level=3),
        *_bullets(
            [
                "Ofsted inspection report, October 2024, and the Council's Action Plan",
                "Monthly performance scorecard, October 2024 to January 2025",
                "Case file audit reports for the quarters to September and December 2024",
                "Demonstration of the case management system's audit module",
                "Verbal evidence from officers, health partners and foster carers",
            ]
        ),
        Heading("1.4 Dates and Timescales", level=3),
        *_bullets(
            [
                "27 November 2024 – scoping meeting",
                "11 December 2024 – evidence on help and protection",
                "8 January 2025 – evidence on health and partnership working",
                "22 January 2025 – evidence on children in care, with foster carers",
                "12 February 2025 – final evidence and agreement of conclusions",
            ]
        ),
        Heading("1.5 Recommendations", level=3),
        *_numbered(recommendations),
        Heading("2.0 Findings and Conclusions", level=2),
        Heading("2.1 Scoping meeting", level=3),
        Paragraph(
            "Sarah Lindqvist (Assistant Director, Children's Social Care) explained the "
            "inspection findings and how the Action Plan had been built around them. We agreed "
            "to concentrate on Areas for Improvement 1, 3, 4, 6 and 8, where officers judged "
            "the risk of slippage to be highest."
        ),
        Heading("2.2 Help and protection", level=3),
        Paragraph(
            "For Area 1, David Cheung (Head of Safeguarding and Quality Assurance) showed us "
            "the audit module and how managers grade a case. Of 120 cases audited in the "
            "quarter to December 2024, 61% were graded good or better, up from 48% a year "
            "earlier. We concluded that the action is on course."
        ),
        Paragraph(
            "For Area 3, return home interviews were offered within 72 hours to 64% of "
            "children who had been missing, against a target of 85%. We concluded that this "
            "area is not yet being met and make recommendation 3 below."
        ),
        Heading("2.3 Health and partnership working", level=3),
        Paragraph(
            "Dr Nadia Kerr (Designated Nurse for Safeguarding Children) told us that the "
            "Integrated Care Board works to its own action plan with later completion dates "
            "than the Council's. We found that children admitted to Northvale General Hospital "
            "from neighbouring authorities are not always checked against child protection "
            "records, because each authority shares information differently."
        ),
        Heading("2.4 Children in care", level=3),
        Paragraph(
            "Foster carers described better contact with supervising social workers since the "
            "autumn, but said that delegated authority was still applied unevenly. Fiona Rudd "
            "(Service Manager, Children in Care) confirmed that revised guidance would be "
            "issued to all carers by 31 March 2025. We concluded that Areas 6 and 8 are being "
            "addressed satisfactorily."
        ),
        Heading("3.0 Recommendations", level=2),
        Paragraph(
            "Our aim was to add value to work the service is already doing, not to duplicate "
            "it. Having considered the evidence, we make the following recommendations to the "
            "Children and Young People Overview and Scrutiny Committee:"
        ),
        *_numbered(recommendations),
        Heading("4.0 Acknowledgements", level=2),
        Paragraph(
            "We thank the officers, health colleagues and foster carers who gave their time "
            "and evidence to the review."
        ),
    ]
    return Paper(
        title="Children's Services Improvement Task & Finish Group – Final Report",
        blocks=blocks,
        author=NORTHVALE,
        running_header=NORTHVALE,
    )


ALL_EXAMPLES: dict[str, Callable[[], Paper]] = {
    "eastmoor_highlight_report_2024-11": highlight_report,
    "eastmoor_scrutiny_task_group_report_2025-01": scrutiny_report,
    "eastmoor_improvement_action_plan_2025-02": action_plan,
    "eastmoor_scrutiny_panel_minutes_2024-10-14": minutes,
    "eastmoor_briefing_note_2024-10-14": briefing_note,
    "northvale_task_finish_group_final_report_2025-03": task_group_report,
}
"""File stem → builder, in the order the examples are written."""

DOCX_EXAMPLES: frozenset[str] = frozenset(
    {
        "eastmoor_highlight_report_2024-11",
        "eastmoor_scrutiny_task_group_report_2025-01",
        "eastmoor_improvement_action_plan_2025-02",
        "eastmoor_scrutiny_panel_minutes_2024-10-14",
    }
)
"""Stems rendered as DOCX as well as PDF, so the same paper is read through both readers."""

_EXPECTED_KINDS: dict[str, str] = {
    "eastmoor_highlight_report_2024-11": "highlight_report",
    "eastmoor_scrutiny_task_group_report_2025-01": "scrutiny_report",
    # An action plan is a status table of actions with verdict-like progress words; users
    # expect its rows in ``milestones``, which is what the scrutiny_report kind stands for,
    # and the detector's scrutiny_report signals ("action plan", "progress update") say so.
    "eastmoor_improvement_action_plan_2025-02": "scrutiny_report",
    "eastmoor_scrutiny_panel_minutes_2024-10-14": "minutes",
    "eastmoor_briefing_note_2024-10-14": "briefing_note",
    "northvale_task_finish_group_final_report_2025-03": "task_group_report",
}


def expected_kind(stem: str) -> str:
    """The ``doc_kind`` a user expects the detect stage to give the example ``stem``."""
    try:
        return _EXPECTED_KINDS[stem]
    except KeyError:
        raise KeyError(
            f"{stem!r} is not an example; known stems: {', '.join(ALL_EXAMPLES)}"
        ) from None
