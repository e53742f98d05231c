"""Metadata from the front sheets real councils and public bodies print, and the traps in them.

Each test builds its paper in code (the document model, or a PDF/DOCX through the
docbuilders) and names the trap it guards against. Places are invented ("Eastmoor",
"Northvale") unless a test is about the gazetteer of real bodies.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest

from docbuilders.spec import Heading, Paper, Paragraph
from extractors import public_bodies
from extractors.metadata import (
    extract_metadata,
    find_organisation,
    find_subject,
    organisation_from_folders,
)
from pipeline.errors import ParseError
from pipeline.model import Block, Cell, Document, Page, Row
from pipeline.process import process_file
from pipeline.read import identify, read_document, text_layer_problem
from pipeline.settings import ReadSettings

REAL_PAPERS = Path(__file__).resolve().parents[2] / "shared" / "real-papers"


def para(text: str, *, bold: bool = False) -> Block:
    return Block("paragraph", text, bold=bold)


def head(text: str, level: int = 1) -> Block:
    return Block("heading", text, level=level)


def table(*rows: list[str]) -> Block:
    return Block("table", rows=[Row([Cell(t) for t in row]) for row in rows])


def doc_of(*blocks: Block, properties: dict[str, str] | None = None, name: str = "p.txt"):
    return Document(
        name, "txt", "doc", pages=[Page(1, blocks=list(blocks))], properties=properties or {}
    )


def read(path: Path) -> Document:
    return read_document(path, identify(path, path.parent), ReadSettings())


# --- organisation -------------------------------------------------------------------------------


def test_ask_for_a_person_above_the_council_chamber_makes_no_council(tmp_path: Path) -> None:
    paper = Paper(
        "Agenda",
        [
            Heading("Northvale Borough Council"),
            Paragraph("Ask for: Georgina Little\nCouncil Chamber, Town Hall, Northvale"),
            Heading("Licensing Committee"),
            Paragraph("Date: Tuesday, 4 March 2025"),
            Paragraph("Dear Councillor, you are summoned to a meeting of the committee."),
        ],
    )
    from docbuilders.pdf import build_pdf

    meta = extract_metadata(read(build_pdf(paper, tmp_path / "agenda.pdf")))
    assert meta.organisation == "Northvale Borough Council"
    assert meta.body == "Licensing Committee"
    assert meta.doc_date == dt.date(2025, 3, 4)


def test_a_person_or_a_room_before_council_is_never_a_council() -> None:
    text = "Ask for: Georgina Little Council Chamber\nThe Children in Care Council met the Panel."
    assert find_organisation(text) is None


def test_words_before_county_council_that_are_no_place_make_no_council() -> None:
    text = (
        "Agenda for the Budget County Council meeting on 13 March County Council business. "
        "The Public Health Grant Council funding."
    )
    assert find_organisation(text) is None


def test_a_neighbouring_council_named_in_the_text_is_not_the_author() -> None:
    doc = doc_of(
        para("To: Cabinet – 4 March 2025"),
        para("Subject: Highways maintenance update"),
        para("Mr Smith declared that he was a Member of Swale Borough Council."),
        para("Contact: jo.bloggs@westsussex.gov.uk, 0330 222 2222"),
        para("Background papers: ask roads@westsussex.gov.uk"),
    )
    assert extract_metadata(doc).organisation == "West Sussex County Council"


def test_council_acronym_that_fits_one_listed_council_is_spelt_out() -> None:
    text = "The WSCC Highways team reported. WSCC agreed to fund the scheme."
    assert find_organisation(text) == "West Sussex County Council"


def test_one_acronym_of_a_council_the_paper_never_names_is_not_its_issuer() -> None:
    """ "ACC Operations" is an Assistant Chief Constable, not Aberdeen City Council."""
    text = "Delivery plan. 1.1 Launch the rural crime team. Lead: ACC Operations. Due June 2024."
    assert find_organisation(text) is None
    assert find_organisation("KCC agreed. KCC will fund it. KCC officers reported.") == (
        "Kent County Council"
    )
    # One acronym with its place named, even in the possessive, is enough.
    assert find_organisation("KCC Assessment. As set out in Securing Kent’s Future.") == (
        "Kent County Council"
    )


def test_an_inspection_report_is_issued_by_the_inspectorate_about_a_council() -> None:
    doc = doc_of(
        head("Ofsted"),
        head("Inspection of Derbyshire local authority children’s services"),
        para("Inspection dates: 4 to 15 November 2024"),
        para("Leaders have improved supervision since the last inspection."),
    )
    meta = extract_metadata(doc)
    assert (meta.organisation, meta.subject_organisation) == ("Ofsted", "Derbyshire County Council")
    named = "The inspectors met Derbyshire County Council's leaders. Ofsted found good practice."
    assert find_subject(named, "Ofsted") == "Derbyshire County Council"
    assert find_subject(named, "Derbyshire County Council") is None  # a council's own paper


def test_a_police_and_crime_panel_publishes_its_own_papers_and_is_their_body() -> None:
    """A panel's paper names the panel alone: it is the organisation and the body that
    meets. A council's paper that mentions the panel is still the council's."""
    doc = doc_of(
        head("Northshire Police and Crime Panel"),
        head("Minutes of the meeting held on 12 September 2024"),
        para("Present: Councillor A Smith (Chair), Councillor B Jones"),
    )
    meta = extract_metadata(doc)
    assert (meta.organisation, meta.body) == (
        "Northshire Police and Crime Panel",
        "Northshire Police and Crime Panel",
    )
    council = doc_of(
        head("Eastmoor County Council"),
        head("Report to Cabinet, 3 March 2025"),
        para("The Leader reported on the Northshire Police and Crime Panel's last meeting."),
        para("Eastmoor County Council will nominate two members to the panel."),
    )
    meta = extract_metadata(council)
    assert (meta.organisation, meta.body) == ("Eastmoor County Council", "Cabinet")


@pytest.mark.parametrize(
    "title",
    [
        "Action log – Finance and General Purposes Committee, updated 3 March 2025",
        "Finance and General Purposes Committee – Action Tracker",
    ],
)
def test_a_committees_action_log_names_its_body(title: str) -> None:
    doc = doc_of(
        head("Eastmoor Town Council"),
        head(title),
        table(["Ref", "Action", "Owner", "Status"], ["FG/01", "Obtain quotes", "Clerk", "Done"]),
    )
    assert extract_metadata(doc).body == "Finance and General Purposes Committee"


def test_a_paper_that_names_no_council_takes_the_council_of_its_folder() -> None:
    assert organisation_from_folders("kent/Appendix 1 - Half-year Report.pdf") == (
        "Kent County Council"
    )
    assert organisation_from_folders("archive/west-sussex/2025/minutes.pdf") == (
        "West Sussex County Council"
    )
    assert organisation_from_folders("papers/2025/minutes.pdf") is None
    assert organisation_from_folders("kent.pdf") is None  # the file's own name never counts
    # The input folder's own name counts too: `boardpapers ingest papers/kent`.
    assert organisation_from_folders("minutes.pdf", ("papers", "kent")) == "Kent County Council"
    assert organisation_from_folders("2025/minutes.pdf", ("kent", "2025")) == (
        "Kent County Council"
    )


def test_folders_above_the_input_folder_never_name_the_council(tmp_path: Path) -> None:
    from docbuilders.pdf import build_pdf

    paper = Paper(title="Notes", blocks=[Heading("Notes of the meeting"), Paragraph("Noted.")])
    raw = tmp_path / "york" / "inbox"
    raw.mkdir(parents=True)
    path = build_pdf(paper, raw / "notes.pdf")
    doc = read_document(path, identify(path, raw), ReadSettings(ocr=False))
    assert doc.folders == ("inbox",)  # "york" is above the input folder: not where it was filed
    assert extract_metadata(doc).organisation is None
    (raw / "york").mkdir()
    filed = build_pdf(paper, raw / "york" / "notes.pdf")
    doc = read_document(filed, identify(filed, raw), ReadSettings(ocr=False))
    assert doc.folders == ("inbox", "york")
    assert extract_metadata(doc).organisation == "City of York Council"


def test_a_body_line_that_goes_on_to_say_minutes_gives_the_body_and_the_title() -> None:
    doc = doc_of(
        head("Southshire Libraries Trust"),
        head("Board of Trustees – Minutes of the meeting held on 18 June 2025"),
        para("1. Apologies"),
    )
    meta = extract_metadata(doc)
    assert meta.body == "Board of Trustees"
    assert meta.title == "Board of Trustees – Minutes of the meeting held on 18 June 2025"
    assert meta.doc_date == dt.date(2025, 6, 18)


def test_a_trust_that_runs_a_public_service_is_an_organisation() -> None:
    text = "Southshire Libraries Trust\nBoard of Trustees – Minutes of the meeting"
    assert find_organisation(text, text) == "Southshire Libraries Trust"
    # A fund manager in an investment table is not the paper's issuer.
    table = "Counterparty\tBalance\nNorthern Trust\t£12.0m\nAberdeen Standard\t£8.5m"
    assert find_organisation(table) != "Northern Trust"


def test_the_county_council_and_the_county_it_names_give_the_council() -> None:
    text = "To: All Members of the County Council\nCounty Hall, Chichester, West Sussex"
    assert find_organisation(text) == "West Sussex County Council"


def test_all_caps_letterhead_names_the_council() -> None:
    doc = doc_of(
        head("NORTHVALE DISTRICT COUNCIL"),
        head("CABINET"),
        para("MINUTES of a meeting of the Cabinet held on Thursday, 9 January 2025."),
        para("Mr Brown reported on the Eastmoor Borough Council consultation."),
        para("Eastmoor Borough Council will reply."),
    )
    meta = extract_metadata(doc)
    assert meta.organisation == "Northvale District Council"
    assert meta.body == "Cabinet"
    assert meta.doc_date == dt.date(2025, 1, 9)
    assert meta.title == "MINUTES of a meeting of the Cabinet held on Thursday, 9 January 2025"


def test_parish_council_minutes(tmp_path: Path, build_docx) -> None:
    paper = Paper(
        "Minutes",
        [
            Heading("Little Snoring Parish Council"),
            Paragraph(
                "Minutes of the Meeting of the Parish Council held on Monday 12 May 2025 at "
                "7.30pm in the Village Hall"
            ),
            Paragraph("Present: Cllr A Green (Chair), Cllr B White"),
            Heading("1. Minutes of the last meeting", 2),
            Paragraph("The minutes of the meeting held on 14 April 2025 were approved."),
        ],
    )
    meta = extract_metadata(read(build_docx(paper, tmp_path / "minutes.docx")))
    assert meta.organisation == "Little Snoring Parish Council"
    assert meta.body == "Parish Council"
    assert meta.doc_date == dt.date(2025, 5, 12)


def test_police_and_crime_commissioner_is_the_organisation(tmp_path: Path) -> None:
    md = tmp_path / "board.md"
    md.write_text(
        "# Office of the Police and Crime Commissioner for Eastmoor\n\n"
        "## Performance and Accountability Board – 12 June 2025\n\n"
        "## Quarterly performance report\n\n"
        "Eastmoor Police answered 92% of 999 calls within ten seconds.\n",
        encoding="utf-8",
    )
    meta = extract_metadata(read(md))
    assert meta.organisation == "Office of the Police and Crime Commissioner for Eastmoor"
    assert meta.body == "Performance and Accountability Board"
    assert meta.doc_date == dt.date(2025, 6, 12)
    assert meta.title == "Quarterly performance report"


def test_an_inspection_report_is_issued_by_the_inspectorate() -> None:
    doc = doc_of(
        head("Ofsted"),
        head("Inspection of Eastmoor local authority children’s services"),
        para("Inspection dates: 3 to 14 March 2025"),
        *[para("Eastmoor Borough Council has improved its services.") for _ in range(5)],
    )
    assert extract_metadata(doc).organisation == "Ofsted"


# --- title ----------------------------------------------------------------------------------------


def test_provisional_data_banner_and_draft_marking_are_not_titles() -> None:
    doc = doc_of(
        head("CONTAINS PROVISIONAL DATA"),
        head("DRAFT VERSION"),
        head("OFFICIAL-SENSITIVE"),
        head("Adult Social Care Performance Report"),
        para("Quarter 4 2024/25"),
    )
    assert extract_metadata(doc).title == "Adult Social Care Performance Report"


def test_breadcrumb_is_not_a_title() -> None:
    doc = doc_of(
        para("Home > Council and Democracy > Meetings > Planning Committee"),
        head("Planning Committee – 3 April 2025"),
        head("Local Plan Review: Consultation Response"),
    )
    meta = extract_metadata(doc)
    assert meta.title == "Local Plan Review: Consultation Response"
    assert meta.body == "Planning Committee"
    assert meta.doc_date == dt.date(2025, 4, 3)


def test_a_subject_wrapped_onto_a_second_line_is_joined() -> None:
    doc = doc_of(
        para("To: Cabinet – 4th March 2025"),
        para("Subject: Late changes to the 2025-26 budget and Medium Term"),
        head("Financial Plan"),
        para("Classification: Unrestricted"),
    )
    meta = extract_metadata(doc)
    assert meta.title == "Late changes to the 2025-26 budget and Medium Term Financial Plan"


def test_a_title_printed_nowhere_falls_back_to_a_file_name_of_words() -> None:
    doc = doc_of(
        table(["Directorate", "Risk", "Likelihood"], ["ASC", "Demand", "4"]),
        properties={"title": "THE REPORT"},
        name="raw/Budget Risk Register 2025.pdf",
    )
    assert extract_metadata(doc).title == "Budget Risk Register 2025"


# --- body and date --------------------------------------------------------------------------------


def test_body_has_no_date_glued_on() -> None:
    doc = doc_of(
        para("From: Cabinet Member for Finance"),
        para("To: Cabinet – 4 March 2025"),
        para("Subject: Revenue budget monitoring"),
        head("Summary"),
        para("The Cabinet Committee met on 21 November 2024 and discussed the budget."),
    )
    meta = extract_metadata(doc)
    assert meta.body == "Cabinet"
    assert meta.doc_date == dt.date(2025, 3, 4)


def test_a_trust_board_of_directors_is_the_body() -> None:
    doc = doc_of(
        head("Westfield Hospitals NHS Foundation Trust"),
        head("Minutes of the Board of Directors meeting held in public on 5 November 2025"),
        para("Present: Jane Doe (Chair), John Roe (Chief Executive)"),
    )
    meta = extract_metadata(doc)
    assert meta.body == "Board of Directors"
    assert meta.organisation == "Westfield Hospitals NHS Foundation Trust"
    assert meta.doc_date == dt.date(2025, 11, 5)


def test_previous_minutes_approval_date_is_not_the_meeting_date() -> None:
    doc = doc_of(
        head("CORPORATE PARENTING PANEL– 29 October 2024"),
        para("MINUTES of the meeting held in the Darent Room, Civic Centre.", bold=True),
        para("PRESENT: Ann Smith (Chair), Bob Jones"),
        head("Minutes of the meeting held on 30 July 2024"),
        para("RESOLVED that the minutes of the meeting held on 30 July 2024 were correct."),
    )
    meta = extract_metadata(doc)
    assert meta.doc_date == dt.date(2024, 10, 29)
    assert meta.body == "Corporate Parenting Panel"


def test_minutes_approving_earlier_minutes_first_are_dated_by_their_own_meeting() -> None:
    doc = doc_of(
        head("Eastmoor Town Council"),
        para("Minutes of the last meeting held on 2 February 2025 were approved and signed."),
        para("Minutes of the meeting of the Town Council held on 3 March 2025"),
    )
    assert extract_metadata(doc).doc_date == dt.date(2025, 3, 3)


def test_decision_taker_label_gives_the_body_without_the_persons_name() -> None:
    doc = doc_of(
        head("RECORD OF DECISION"),
        table(
            ["DECISION TO BE TAKEN BY:\nMrs Ann Smith, Cabinet Member for Education", "", "No: 1"]
        ),
    )
    assert extract_metadata(doc).body == "Cabinet Member for Education"


# --- broken text layers ---------------------------------------------------------------------------


def _cid_only_pdf(path: Path) -> Path:
    """A PDF whose font has no Unicode map: its text decodes to ``(cid:N)`` codes only."""
    import pikepdf

    pdf = pikepdf.new()
    name = pikepdf.Name("/AAAAAA+Garbled")
    descriptor = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.FontDescriptor,
            FontName=name,
            Flags=4,
            FontBBox=[0, 0, 1000, 1000],
            ItalicAngle=0,
            Ascent=800,
            Descent=-200,
            CapHeight=700,
            StemV=80,
        )
    )
    cid_font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.CIDFontType2,
            BaseFont=name,
            CIDSystemInfo=pikepdf.Dictionary(
                Registry=pikepdf.String("Adobe"),
                Ordering=pikepdf.String("Identity"),
                Supplement=0,
            ),
            FontDescriptor=descriptor,
            DW=500,
        )
    )
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type0,
            BaseFont=name,
            Encoding=pikepdf.Name("/Identity-H"),
            DescendantFonts=[cid_font],
        )
    )
    rnd = random.Random(25)
    lines = []
    for i in range(30):
        codes = "".join(f"{rnd.randint(3, 90):04X}" for _ in range(40))
        lines.append(f"BT /F1 10 Tf 40 {780 - i * 20} Td <{codes}> Tj ET")
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, 595, 842],
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
        Contents=pdf.make_stream("\n".join(lines).encode()),
    )
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)
    return path


def test_a_text_layer_of_glyph_codes_is_an_error_not_a_success(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    path = _cid_only_pdf(raw / "parish_minutes.pdf")
    with pytest.raises(ParseError) as caught:
        read(path)
    assert caught.value.error_type == "bad_text_layer"
    assert "(cid:" in caught.value.message and "OCR" in caught.value.message
    result = process_file(path, raw, ReadSettings(ocr=False))
    assert result.document is None
    assert [e["error_type"] for e in result.errors] == ["bad_text_layer"]


def test_letters_shifted_into_non_words_are_an_unusable_text_layer() -> None:
    prose = (
        "The minutes of the meeting of the Parish Council held on 12 May were approved and "
        "signed by the Chair. The Clerk reported that the grass cutting contract will be "
        "renewed in June and that the precept for the year is unchanged. "
    ) * 4
    shifted = prose.translate(
        str.maketrans(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
            "defghijklmnopqrstuvwxyzabcDEFGHIJKLMNOPQRSTUVWXYZABC",
        )
    )
    assert text_layer_problem(prose)[1] is None
    assert text_layer_problem(shifted)[1] is not None
    assert text_layer_problem("\ue000\ue001\ue002" * 30)[1] is not None


def test_tables_of_numbers_and_a_welsh_paper_are_usable_text_layers() -> None:
    numbers = "Treasury Bills UK Government 4,936,737 5.1400% 14/10/24\n" * 40
    welsh = (
        "Mae'r Cyngor yn cytuno i gymeradwyo'r adroddiad ac yn nodi bod y gwaith ar y "
        "cynllun yn mynd yn ei flaen gyda chefnogaeth y Cabinet. "
    ) * 6
    assert text_layer_problem(numbers)[1] is None
    assert text_layer_problem(welsh)[1] is None


# --- the gazetteer --------------------------------------------------------------------------------


def test_gazetteer_lists_every_principal_council_once_in_a_valid_format() -> None:
    bodies = public_bodies.public_bodies()
    councils = [b for b in bodies if b.kind in public_bodies.COUNCIL_KINDS]
    # 317 English, 22 Welsh, 32 Scottish, 11 Northern Irish principal councils (2025),
    # with the City of London Corporation and the Greater London Authority.
    assert 380 <= len(councils) <= 400
    assert len({b.name for b in bodies}) == len(bodies)
    for body in councils:
        assert body.name == body.name.strip() and "  " not in body.name
        assert body.place
    assert public_bodies.lookup("WEST SUSSEX COUNTY COUNCIL").name == "West Sussex County Council"
    assert public_bodies.by_domain("westsussex").name == "West Sussex County Council"


def test_a_malformed_gazetteer_line_is_reported_with_its_line_number() -> None:
    text = "name\tkind\taliases\nEastmoor Council\tcouncil\t\n"
    with pytest.raises(public_bodies.GazetteerError, match=r"public_bodies.tsv:2: kind"):
        public_bodies.parse_gazetteer(text, "public_bodies.tsv")


# --- real papers ----------------------------------------------------------------------------------


def _real_paper_golds(max_pages: int) -> list[dict]:
    golds = [json.loads(p.read_text()) for p in sorted((REAL_PAPERS / "gold").glob("*.json"))]
    return [
        g
        for g in golds
        if g["input"] == "good" and (g["documents"].get("n_pages") or 99) <= max_pages
    ]


def test_real_front_sheets_give_the_gold_metadata() -> None:
    """Short real papers (the dev set beside the repo): metadata as the gold files accept."""
    if not (REAL_PAPERS / "gold").is_dir():
        pytest.skip(f"real papers not found at {REAL_PAPERS} (only present beside the dev repo)")
    hits = {"organisation": 0, "body": 0, "doc_date": 0}
    golds = _real_paper_golds(max_pages=3)
    for gold in golds:
        expected = gold["documents"]
        meta = extract_metadata(read(REAL_PAPERS / gold["source_path"]))
        org = (meta.organisation or "").casefold()
        hits["organisation"] += expected["organisation_match"] in org
        body = (meta.body or "").casefold()
        accepted = expected.get("body_accept") or [expected.get("body")]
        hits["body"] += bool(
            (expected.get("body_match") and expected["body_match"] in body)
            or (None in accepted and not body)
        )
        dates = {expected.get("doc_date"), *(expected.get("doc_date_accept") or [])}
        hits["doc_date"] += (meta.doc_date.isoformat() if meta.doc_date else None) in dates
    # Where a paper prints no organisation at all (a logo image only), none is inferred.
    assert hits["organisation"] >= len(golds) - 3, hits
    assert hits["body"] >= len(golds) - 1, hits
    assert hits["doc_date"] == len(golds), hits
