"""Issue 12 items 8 and 13: time in months as residents count it, and Swedish that reads right
(gender agreement, role names, colons, the routines' words, file names, numbers); both regions,
dates frozen (R1.1 required time, R2.2/R2.4/R2.5 the signed documents, R5.3 slutvärdering,
R5.6 the closing conversation)."""

import re
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from stportal.plans.pdf import pdf_filename
from stportal.routines.loader import load_profiles
from stportal.timeline.dates import add_months
from stportal.timeline.findings import milestone_name, when_sentence
from stportal.timeline.milestones import Milestone
from stportal.timeline.months import format_months, months_served, tenths_down
from stportal.timeline.result import timeline
from stportal.timeline.served import History, Leave, Step
from stportal.timeline.text import COMMON, NEUTER, swedish_gender
from tests.conftest import DEMO_TODAY

ROOT = Path(__file__).resolve().parent.parent
PROFILES = load_profiles([ROOT / "stportal/routines/profiles"])
G, V = PROFILES["gavleborg"], PROFILES["vastmanland"]
PO = ROOT / "stportal/locale/sv/LC_MESSAGES/django.po"

starts = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


# --- Item 8: months ------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(start=starts)
def test_months_served_are_zero_at_the_start_and_whole_at_each_full_time_month(start):
    """R1.1: at full time, k months served on the day before start + k months; 0 at start."""
    assert months_served(start, 0) == 0
    for k in (1, 6, 59, 60, 66):
        days = (add_months(start, k) - start).days
        assert months_served(start, 100 * days) == k


@settings(max_examples=200, deadline=None)
@given(start=starts, a=st.integers(0, 700_000), b=st.integers(0, 700_000))
def test_months_served_are_monotone(start, a, b):
    low, high = sorted((a, b))
    assert months_served(start, low) <= months_served(start, high)


@settings(max_examples=100, deadline=None)
@given(
    start=starts,
    required=st.sampled_from([60, 66]),
    credited=st.integers(0, 24),
    percent=st.integers(25, 100),
)
def test_the_required_months_are_served_at_the_projected_completion(
    start, required, credited, percent
):
    """R1.1, R1.2: whatever part time, the months reach the required months exactly on the
    projected completion and not the day before (credited months count in whole)."""
    history = History(start, required, credited, (Step(start, percent),))
    completion = timeline(G, history, start).projected_completion
    at_end = timeline(G, history, completion)
    day_before = timeline(G, history, completion - timedelta(days=1))
    assert at_end.served_months >= required
    assert day_before.served_months < required
    assert format_months(tenths_down(day_before.served_months)) != f"{required},0"


def test_months_are_shown_with_a_decimal_comma_and_rounded_down():
    assert format_months(Fraction(29, 5)) == "5,8"
    assert format_months(Fraction(6599, 100)) == "65,9"
    assert format_months(Fraction(66)) == "66,0"


@pytest.mark.parametrize("profile", [G, V], ids=["G", "V"])
def test_a_worked_example_in_months(profile):
    """R1.1, R1.2 (HSLF-FS 2021:8, 66 months): start 2026-01-15, full time, parental leave all
    of May 2026. On 2026-11-22: 312 calendar days less 31 of leave = 281 days served; the first
    9 months (to 2026-10-14) hold 273 days, the 10th (2026-10-15 … 2026-11-14) 31 days, of
    which 8 are served: 9 + 8/31 months, shown as 9,2."""
    history = History(
        date(2026, 1, 15),
        66,
        absences=(Leave("parental_leave", date(2026, 5, 1), date(2026, 5, 31)),),
    )
    result = timeline(profile, history, date(2026, 11, 22))
    assert result.served_whole_days == 281
    assert result.served_months == 9 + Fraction(8, 31)
    assert format_months(result.served_months) == "9,2"


def test_the_month_and_day_filters_use_the_swedish_formats(settings):
    settings.LANGUAGE_CODE = "sv"
    rendered = Template("{% load st_units %}{{ m|months }}|{{ d|days }}|{{ s|days }}").render(
        Context({"m": Fraction(29, 5), "d": 1755, "s": 12})
    )
    assert rendered == "5,8|1\xa0755|12"


def test_the_time_page_shows_months_and_days_on_demand(demo):
    """Item 8 on the time page (G resident midway, part time and leave) and the home page."""
    client = demo.client_for("resident-g2")
    result = timeline_of_demo(demo, "resident-g2")
    months = format_months(result.served_months)
    page = client.get("/my-time/", follow=True).content.decode()
    completion = result.projected_completion.isoformat()
    assert f"{months} av {result.required_months} månader, klart {completion}" in page
    assert '<details class="days-detail" id="served-days"><summary>I dagar</summary>' in page
    days = f"{result.served_whole_days:,}".replace(",", "\xa0")
    assert f"{days} av " in page
    assert "dagar fullgjorda" in page and not re.search(r"\d+,\d\d av \d", page)
    home = client.get("/").content.decode()
    assert f"{months} av {result.required_months} månader, klart {completion}." in home


def test_the_directors_table_shows_months(demo):
    page = demo.client_for("director-v").get("/").content.decode()
    result = timeline_of_demo(demo, "resident-v1")
    assert f"{format_months(result.served_months)} av {result.required_months} månader" in page


def timeline_of_demo(demo, username):
    from stportal.adapters.timeline import timeline_of

    return timeline_of(demo.training_of(username), DEMO_TODAY)


# --- Item 13: Swedish -----------------------------------------------------------------------


def _catalogue():
    with PO.open("rb") as handle:
        return read_po(handle)


def _strings(message):
    return message.string if isinstance(message.string, tuple) else (message.string,)


ROLES = (
    "Studierektor",
    "Verksamhetschef",
    "Vårdenhetschef",
    "Huvudhandledare",
    "Handledare",
    "Sidohandledare",
    "Medicinsk rådgivare",
    "Medicinska rådgivaren",
)
MID_SENTENCE_ROLE = re.compile(r"(?<=[a-zåäö0-9,;)] )(" + "|".join(ROLES) + r")")


def test_no_space_before_a_colon_in_the_catalogue():
    bad = [s for m in _catalogue() if m.id for s in _strings(m) if " :" in s]
    assert bad == []


def test_role_names_are_lower_case_mid_sentence():
    """ "… skickas till studierektorn", never "… till Studierektorn"."""
    bad = [s for m in _catalogue() if m.id for s in _strings(m) if MID_SENTENCE_ROLE.search(s)]
    assert bad == []


def test_the_routines_words():
    """R5.3 (G 5.1.8 "Slutvärdering/examen"), the extension by part time and leave, and one
    word for the employment percent (tjänstgöringsgrad) everywhere."""
    texts = {m.id: _strings(m)[0] for m in _catalogue() if isinstance(m.id, str) and m.id}
    assert texts["Final evaluation"] == "Slutvärdering"
    assert texts["Moved by part time"] == "Förlängning på grund av deltid"
    assert texts["Moved by leave"] == "Förlängning på grund av ledighet"
    everything = " ".join(s for m in _catalogue() if m.id for s in _strings(m)).lower()
    assert "sysselsättningsgrad" not in everything and "slutbedömning" not in everything
    assert "tjänstgöringsgrad" in everything


@pytest.mark.parametrize(
    ("name", "gender"),
    [
        ("ST-kontrakt", NEUTER),  # G's agreement (R2.4)
        ("ST-överenskommelse", COMMON),  # V's agreement (R2.5)
        ("Utbildningsplan (IUP)", COMMON),
        ("IUP", COMMON),
        ("Avslutningssamtal", NEUTER),  # V (R5.6)
        ("Slutvärdering", COMMON),  # G (R5.3)
        ("Årlig uppföljning, år 2", COMMON),
        ("Årlig uppföljning år 2", COMMON),
        ("Avslutningssamtal år 5", NEUTER),
        ("Anmälan till Mitt i ST", COMMON),
    ],
)
def test_each_milestone_name_has_its_swedish_gender(name, gender):
    assert swedish_gender(name) == gender


@pytest.mark.parametrize("days_left", [-3, -1, 0, 1, 14])
def test_milestone_sentences_agree_in_both_genders(days_left):
    values = {"milestone": "X", "date": date(2026, 12, 1), "opens": None, "days": abs(days_left)}
    neuter = when_sentence(NEUTER, days_left, window=False) % values
    common = when_sentence(COMMON, days_left, window=False) % values
    assert re.search(r"\bklart\b", neuter) and not re.search(r"\bklar\b", neuter)
    assert re.search(r"\bklar\b", common) and not re.search(r"\bklart\b", common)


def test_the_regions_agreement_sentences_read_right():
    """R2.4 (G): "ST-kontrakt ska vara klart"; R2.5 (V): "ST-överenskommelse ska vara klar";
    R2.2: "Utbildningsplan (IUP) ska vara klar"."""
    start, as_of = date(2026, 1, 1), date(2026, 6, 20)
    for profile, expected in (
        (G, "ST-kontrakt ska vara klart 2026-07-01"),
        (V, "ST-överenskommelse ska vara klar 2026-07-01"),
    ):
        messages = [f.message for f in timeline(profile, History(start, 66), as_of).findings]
        assert any(expected in message for message in messages), messages
        assert any("(IUP) ska vara klar 2026-07-01" in message for message in messages)
    late = timeline(G, History(start, 66), date(2026, 7, 5)).findings
    assert any("ST-kontrakt skulle ha varit klart 2026-07-01" in f.message for f in late)


def test_the_final_evaluation_is_called_slutvardering():
    """R5.3 (G 5.1.8): "Slutvärdering/examen"."""
    milestone = Milestone("final_evaluation", "R5.3", date(2030, 1, 1))
    assert milestone_name(G, milestone) == "Slutvärdering"


def test_pdf_file_names_are_swedish():
    assert pdf_filename("utbildningsplan", "resident-g1", "v2") == (
        "utbildningsplan-resident-g1-v2.pdf"
    )
    assert pdf_filename(V.agreement.name, "resident-v1", "v1") == (
        "st-overenskommelse-resident-v1-v1.pdf"
    )
    assert pdf_filename(G.agreement.name, "resident-g1", "v1") == "st-kontrakt-resident-g1-v1.pdf"


@pytest.mark.parametrize(
    ("region", "kind", "name"),
    [
        ("g", "training_plan", "utbildningsplan"),
        ("v", "training_plan", "utbildningsplan"),
        ("v", "agreement", "st-overenskommelse"),  # V's agreement (R2.5)
    ],
)
def test_the_plan_pdfs_download_with_swedish_names(demo, monkeypatch, region, kind, name):
    from django.urls import reverse

    from stportal.plans.models import PlanVersion

    monkeypatch.setattr("stportal.plans.pdf.pdf_bytes", lambda html: html.encode())
    version = (
        PlanVersion.objects.filter(
            kind=kind, training__resident__username__startswith=f"resident-{region}"
        )
        .select_related("training__resident")
        .first()
    )
    assert version is not None, f"the demo has a {kind} version in region {region}"
    training, username = version.training, version.training.resident.username
    url = reverse("plans:plan_pdf", args=[training.pk, kind, version.number])
    response = demo.client_for(username).get(url)
    expected = f"{name}-{username}-v{version.number}.pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'
