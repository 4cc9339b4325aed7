"""Issue 13 in the browser: the resident ready to apply (resident-g4, Gävleborg, SOSFS 2015:8,
stportal/demo/ready.py) opens "Ansökan" from the ST's navigation, types the personnummer and
downloads the whole application; the PDF's first page and its service-list page are rendered with
pdftoppm and are not blank, and pdftotext shows the resident's name. Then resident-g3's main
supervisor reads and confirms a certificate, and its row says "Bekräftat" (R5.5, issue 13 item
3). axe finds no serious or critical WCAG 2.1 AA violation on the package page and the
confirmation page, at desktop and phone width."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from stportal.training.models import Training
from tests.browser.conftest import ARTIFACTS, log_in, screenshot, serious_violations

pytestmark = pytest.mark.browser

VALID_NUMBER = "19811218-9876"  # a test personnummer with a valid check digit
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _accessible_at_both_widths(page: Page, name: str) -> None:
    for size, suffix in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(size)
        assert serious_violations(page) == [], suffix
        screenshot(page, f"application-{name}-{suffix}")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size(DESKTOP)


def _rendered(pdf: Path, page_number: int, out: Path) -> Image.Image:
    prefix = out / f"page-{page_number}"
    page = str(page_number)
    command = ["pdftoppm", "-f", page, "-l", page, "-r", "60", "-png", "-singlefile"]
    subprocess.run(
        [*command, str(pdf), str(prefix)],
        check=True,
        timeout=60,
    )
    return Image.open(f"{prefix}.png").convert("L")


def _dark_share(image: Image.Image) -> float:
    histogram = image.histogram()
    return sum(histogram[:160]) / (image.width * image.height)


def _text(pdf: Path, page_number: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page_number), "-l", str(page_number), "-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout


def test_the_ready_resident_downloads_the_whole_application(page: Page, tmp_path: Path):
    """G: Emma Sjöberg, 66 months in, every certificate confirmed (R5.5, issue 13 items 4, 7)."""
    log_in(page, "resident-g4")
    page.get_by_role("link", name="Ansökan", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ansökan om specialistkompetens")
    expect(page.locator("#ready-heading")).to_have_text("Klar att ansöka")
    expect(page.locator("#documents .status-open")).to_have_count(0)
    _accessible_at_both_widths(page, "package")
    page.get_by_label("Personnummer").fill(VALID_NUMBER)
    page.get_by_label("Utskriftsklar", exact=False).check()
    with page.expect_download() as info:
        page.get_by_role("button", name="Ladda ner hela ansökan (PDF)").click()
    download = info.value
    pdf = tmp_path / "ansokan.pdf"
    download.save_as(pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    # Page 1: the application's first page; page 2: its service list (SOSFS 2015:8 Bilaga 1).
    for number in (1, 2):
        image = _rendered(pdf, number, tmp_path)
        assert image.width > 300 and image.height > 400
        assert _dark_share(image) > 0.01, f"page {number} looks blank"
        ARTIFACTS.mkdir(exist_ok=True)
        image.save(ARTIFACTS / f"application-pdf-page-{number}.png")
    first = _text(pdf, 1)
    assert "Sjöberg" in first and "Emma" in first and VALID_NUMBER in first
    service = _text(pdf, 2)
    assert "Hälsocentralen Brynäs" in service and "Kvinnokliniken Gävle" in service
    # The sum: the months served (all of them, to the day of printing), as the page shows them.
    assert re.search(r"\b6[0-9],[0-9]\b", service)


def test_the_main_supervisor_reads_and_confirms_a_certificate(page: Page):
    """G: resident-g3's main supervisor confirms the home unit's certificate of clinical service
    (KT-PV, SOSFS 2015:8 Bilaga 4), and the row says it is confirmed."""
    training = Training.objects.select_related("main_supervisor").get(
        resident__username="resident-g3"
    )
    assert training.main_supervisor is not None
    log_in(page, training.main_supervisor.username)
    page.goto(f"/trainings/{training.pk}/application/")
    row = page.locator("#doc-home")
    expect(row.locator(".status")).not_to_have_text("Bekräftat")
    _accessible_at_both_widths(page, "package-supervisor")
    row.get_by_role("link", name="Läs och bekräfta").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bekräfta")
    _accessible_at_both_widths(page, "confirm")
    page.get_by_label("Jag har läst intyget", exact=False).check()
    page.get_by_role("button", name="Bekräfta intyget").click()
    expect(page.locator("#doc-home .status")).to_have_text("Bekräftat")
    screenshot(page, "application-confirmed")
