"""The exception report as a person sees it: rendered by headless Chromium.

The papers are HTML built here (their text survives exactly, tags included) and go
through the real pipeline. Chromium renders the report three ways:

- ``--dump-dom``: the DOM after parsing and layout, to assert on what a reader gets
  (the red rows are there; the ``<script>`` and ``<img>`` in a milestone's text are
  shown as text, never become elements);
- ``--log-net-log``: Chromium's own network log. Chromium makes requests of its
  own (component updates, time checks) that no flag fully stops, so the test counts
  only requests made on behalf of the page: those whose network isolation key is the
  page's ``file://`` site. A control page with an external image proves the check
  sees a request when there is one;
- ``--screenshot``: a phone-sized picture, checked to be a PNG of that size with
  something drawn on it.

Skipped when ``/usr/bin/chromium`` is absent (Debian: ``apt-get install chromium``).
"""

from __future__ import annotations

import json
import struct
import subprocess
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from docbuilders.spec import Cell, Heading, Paper, Paragraph, Table
from pipeline.ingest import IngestSettings, ingest
from pipeline.report import render_report
from pipeline.workers import WorkerSettings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
]
CHROMIUM_TIMEOUT_S = 60

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"headless Chromium not found at {CHROMIUM} (Debian: apt-get install chromium)",
)

LEAK = "http://127.0.0.1:9/leak.png"
INJECTED = (
    f'<img src="{LEAK}"> Hold strategy discussions within 1 working day of every '
    "<script>alert(1)</script> referral."
)
FILLS = {"red": "#ff0000", "amber": "#ffc000", "green": "#00b050"}
PAPERS = {
    "2025-01": [
        ("1.1", "Publish revised practice standards.", "green", "On track."),
        ("1.2", INJECTED, "green", "On track."),
        ("1.3", "Recruit 20 foster carers.", "green", "On track."),
    ],
    "2025-02": [
        ("1.1", "Publish revised practice standards.", "red", "Overdue. Printing delayed."),
        ("1.2", INJECTED, "amber", "Off track."),
        ("1.3", "Recruit 20 foster carers.", "green", "On track."),
    ],
}


def action_plan(month: str, rows: list[tuple[str, str, str, str]]) -> Paper:
    table_rows: list[list[str | Cell]] = [["Ref", "Action", "RAG", "Progress update"]]
    for ref, action, rag, update in rows:
        table_rows.append([ref, action, Cell(rag.upper(), fill=FILLS[rag]), update])
    return Paper(
        title=f"Improvement Action Plan – {month}",
        blocks=[
            Paragraph("Eastmoor Borough Council", bold=True),
            Heading("Children's Services Improvement Plan: Action Plan", level=1),
            Paragraph(f"Progress at 14 {'January' if month.endswith('01') else 'February'} 2025."),
            Table(rows=table_rows),
        ],
    )


def chromium(page: Path, profile: Path, *options: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *options, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=CHROMIUM_TIMEOUT_S,
        check=False,
    )
    assert result.returncode == 0, f"chromium failed ({result.returncode}):\n{result.stderr}"
    return result


def page_requests(net_log: Path) -> list[str]:
    """URLs Chromium requested on behalf of a page loaded from a file (not for itself)."""
    log = json.loads(net_log.read_text(encoding="utf-8"))
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [
        event["params"]["url"]
        for event in log["events"]
        if event["type"] == start_job
        and "file://" in event.get("params", {}).get("network_isolation_key", "")
    ]


@pytest.fixture(scope="module")
def report_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from docbuilders.html import build_html

    root = tmp_path_factory.mktemp("browser")
    raw = root / "raw"
    raw.mkdir()
    for month, rows in PAPERS.items():
        build_html(action_plan(month, rows), raw / f"plan_{month}.html")
    summary = ingest(raw, root / "out", IngestSettings(workers=WorkerSettings(workers=0)))
    assert summary.rows["milestones"] == 6, summary.sentence()
    page = root / "reports" / "report.html"
    page.parent.mkdir()
    page.write_text(render_report(root / "out", link_from=page.parent), encoding="utf-8")
    return page


def test_rendered_report_shows_red_rows_with_text_escaped_and_fetches_nothing(
    report_page: Path, tmp_path: Path
) -> None:
    net_log = tmp_path / "net_log.json"
    dom = chromium(report_page, tmp_path / "profile", "--dump-dom", f"--log-net-log={net_log}")
    tree = LexborHTMLParser(dom.stdout)

    red_rows = tree.css("tr.milestone.rag-red")
    assert [row.css_first("p.text").text() for row in red_rows] == [
        "Publish revised practice standards."
    ]
    assert "Overdue" in red_rows[0].text() and "Printing delayed." in red_rows[0].text()
    amber_text = [row.css_first("p.text").text() for row in tree.css("tr.milestone.rag-amber")]
    assert amber_text == [INJECTED], "tags in a milestone are shown as the text they are"
    assert not tree.css("script") and not tree.css("img"), "no element came from the data"
    assert not tree.css("tr.rag-green"), "green and on track is not an exception"
    assert tree.css_first("svg.chart rect") is not None, "two papers: the chart is drawn"

    assert page_requests(net_log) == [], "the report must not fetch anything"


def test_network_check_sees_a_page_that_fetches(tmp_path: Path) -> None:
    page = tmp_path / "control.html"
    page.write_text(f'<!doctype html><p>control</p><img src="{LEAK}">', encoding="utf-8")
    net_log = tmp_path / "net_log.json"
    chromium(page, tmp_path / "profile", "--dump-dom", f"--log-net-log={net_log}")

    assert page_requests(net_log) == [LEAK]


def test_screenshot_on_a_phone_sized_window(report_page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    chromium(report_page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=390,1200")

    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (390, 1200)
    # A blank page compresses to a few hundred bytes; headings, rows and a chart do not.
    assert len(data) > 20_000, f"the screenshot looks empty ({len(data)} bytes)"
