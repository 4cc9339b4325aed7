"""Issue 13 item 8 and "Done when": the demo residents ready to apply (resident-g4, Gävleborg,
SOSFS 2015:8; resident-v4, Västmanland, HSLF-FS 2021:8, see stportal/demo/ready.py) produce the
complete package, and the tests read every form back with pypdf.

R5.5 (V: "Minst 60 månaders tjänstgöring [...] ST-läkaren ska uppfylla alla delmål [...] vilket
bedöms av handledare och verksamhetschef"), R1.1 (the time), R6.4 (the rotation certified through
its contract). The clock is the suite's DEMO_TODAY (tests/conftest.py).
"""

from __future__ import annotations

import html
import io
import re

import pytest
from django.apps import apps
from django.db import models
from pypdf import PdfReader

from stportal.adapters.application import assembled
from stportal.application.blanks import FORMS
from stportal.application.models import CertificateConfirmation
from stportal.demo.ready import ROTATION_SUPERVISOR
from stportal.demo.seed import demo_seed
from stportal.rules import application as rules
from tests.conftest import DEMO_TODAY

pytestmark = pytest.mark.django_db

VALID_NUMBER = "19811218-9876"  # a test personnummer with a valid check digit
READY = ("resident-g4", "resident-v4")
CHECKED = "/Ja"


def package_url(training) -> str:
    return f"/trainings/{training.pk}/application/"


def printed(demo, username: str, **extra: str) -> bytes:
    training = demo.training_of(username)
    response = demo.client_for(username).post(
        package_url(training) + "print/", {"personal_number": VALID_NUMBER, **extra}
    )
    assert response.status_code == 200, response.content[:2000]
    assert response["Content-Type"] == "application/pdf"
    return response.content


def fields_of(pdf: bytes) -> dict[str, object]:
    """Field name -> value; the position prefix of a bound package ("01 ") taken off."""
    reader = PdfReader(io.BytesIO(pdf))
    values = {}
    for name, field in (reader.get_fields() or {}).items():
        values[re.sub(r"^\d\d ", "", name)] = field.get("/V")
    return values


def text(value: object) -> str:
    return " ".join(str(value or "").split())


def expanded(printed_goals: str, curriculum: list[str]) -> set[str]:
    """The delmål a printed list names ("STc1–STc3, STb4"), by the curriculum's order."""
    found: set[str] = set()
    for part in filter(None, (p.strip() for p in printed_goals.split(","))):
        first, _, last = part.partition("–")
        last = last or first
        found |= set(curriculum[curriculum.index(first) : curriculum.index(last) + 1])
    return found


def page_service_rows(page: str) -> list[tuple[str, str]]:
    """(place, months) per row of the package page's service list, and the sum as the last."""
    section = page.split('id="service-list"', 1)[1].split("</section>", 1)[0]
    rows = [
        (html.unescape(re.sub(r"<[^>]+>", "", cells[0])).strip(), cells[3].strip())
        for cells in (
            re.findall(r"<td>(.*?)</td>", row)
            for row in re.findall(r"<tr>(.*?)</tr>", section.split("<tbody>", 1)[1])
        )
        if len(cells) == 4
    ]
    total = re.search(r"<tfoot>.*?<td>(.*?)</td>", section, re.S)
    assert total is not None
    return [*rows, ("Summa", total.group(1).strip())]


@pytest.mark.parametrize("username", READY)
def test_r5_5_the_ready_residents_package_says_ready_and_every_document_is_confirmed(
    demo, username
):
    training = demo.training_of(username)
    page = demo.client_for(username).get(package_url(training)).content.decode()
    assert "Klar att ansöka" in page
    assert "Inte klar att ansöka" not in page
    parts = assembled(training, DEMO_TODAY)
    assert parts.readiness.ready and not parts.goals_without and not parts.goals_unconfirmed
    assert {d.state for d in parts.package.documents} == {rules.State.CONFIRMED}
    assert page.count("Bekräftat") >= len(parts.package.documents)


@pytest.mark.parametrize("username", READY)
def test_r5_5_every_form_is_filled_from_the_confirmed_records(demo, username):
    """Each form alone (`only`), read back field by field: the applicant, Bilaga nr, delmål,
    certifiers, the course's check box, and the service list as the package page shows it."""
    training = demo.training_of(username)
    resident, supervisor = training.resident, training.main_supervisor
    parts = assembled(training, DEMO_TODAY)
    client = demo.client_for(username)
    page = client.get(package_url(training)).content.decode()
    curriculum = parts.curriculum
    numbers: dict[str, list[int]] = {}
    named: set[str] = set()
    application: dict[str, object] = {}
    service: dict[str, object] = {}
    for document in parts.package.documents:
        blank = FORMS[document.form]
        f = blank.fields
        pdf = printed(demo, username, only=document.key)
        # just that form: its own pages and fields, nothing of another form
        reader = PdfReader(io.BytesIO(pdf))
        assert len(reader.pages) == len(PdfReader(blank.path).pages), document.key
        values = fields_of(pdf)
        assert set(values) <= set(PdfReader(blank.path).get_fields() or {}), document.key
        assert values[f["surname"]] == resident.last_name
        assert values[f["given_name"]] == resident.first_name
        assert values[f["personal_number"]] == VALID_NUMBER
        assert values[f["specialty_applied"]] == "Allmänmedicin"
        if document.kind == rules.APPLICATION:
            application = values
            if blank.rows is not None:
                service = values
            continue
        assert values[f["attachment"]] == str(document.number), document.key
        numbers.setdefault(document.kind, []).append(int(str(values[f["attachment"]])))
        if "goals" in f:
            goals = text(values[f["goals"]])
            assert goals == rules.compact_goals(document.content.goals, curriculum)
            named |= expanded(goals, curriculum)
        if document.kind == rules.STA3:
            named.add("STa3")
        if document.kind == rules.ACHIEVED:
            assert values[f["supervisor_name"]] == supervisor.get_full_name()
            assert values[f["supervisor_specialty"]] == "Allmänmedicin"
            assert values[f["second_name"]] == document.content.second_name != ""
            if "supervisor_training_year" in f:
                year = str(supervisor.supervisor_training_on.year)
                assert values[f["supervisor_training_year"]] == year
                assert values[f["appointed_no"]] == CHECKED
        elif document.kind == rules.COMPLETED:
            assert values[f["unit_head_name"]] == document.content.certifier_name != ""
            service = values
        elif document.key.startswith("placement:") and document.kind == rules.CLINICAL:
            assert values[f["certifier_name"]] == ROTATION_SUPERVISOR[username[-2]][0]
        elif document.kind == rules.AUSKULTATION:
            # Confirmed in the portal by the main supervisor, who therefore signs it (the
            # auskultation's own supervisor signs only when the certificate went to them by link).
            assert values[f["certifier_name"]] == supervisor.get_full_name()
        else:
            assert values[f["certifier_name"]] == supervisor.get_full_name(), document.key
        if document.kind == rules.COURSE:
            assert values[f["signed_as_supervisor"]] == CHECKED
            assert values[f["signed_as_course_leader"]] in (None, "/Off")
    # Bilaga nr matches the application's list of attachments, ranges collapsed.
    for kind, listed in numbers.items():
        field = FORMS[parts.package.documents[0].form].fields[f"attached_{kind}"]
        assert text(application[field]) == rules.collapse_numbers(listed), kind
    assert any("–" in str(value) for value in parts.package.numbers_by_kind.values())
    # Every delmål of the application is named by a certificate.
    assert named == set(rules.application_goals(training.regulation, curriculum))
    # The service list: the rows and their sum as the package page shows them.
    form = next(FORMS[d.form] for d in parts.package.documents if FORMS[d.form].rows)
    assert form.rows is not None
    shown = page_service_rows(page)
    for index, (place, months) in enumerate(shown[:-1]):
        suffix = form.rows.suffixes[index]
        assert service[form.rows.place.format(n=suffix)] == place
        assert service[form.rows.months.format(n=suffix)] == months
    assert service.get(form.rows.place.format(n=form.rows.suffixes[len(shown) - 1])) in (None, "")
    assert service[form.rows.total] == shown[-1][1]
    # The sum is the time served the page states, service past the projected end included.
    required = parts.timeline.history.required_months
    served = re.search(r"Fullgjord tid: ([0-9]+,[0-9]) av " + str(required) + " månader", page)
    assert served is not None and shown[-1][1] == served.group(1)
    assert float(served.group(1).replace(",", ".")) >= required


@pytest.mark.parametrize("username", READY)
def test_the_whole_package_is_one_pdf_with_every_form_in_order(demo, username):
    training = demo.training_of(username)
    parts = assembled(training, DEMO_TODAY)
    reader = PdfReader(io.BytesIO(printed(demo, username)))
    fields = reader.get_fields() or {}
    documents = parts.package.documents
    for position, document in enumerate(documents, start=1):
        assert fields[f"{position:02d} Personnummer"]["/V"] == VALID_NUMBER
        if document.number is not None:
            assert fields[f"{position:02d} Bilaga nr"]["/V"] == str(document.number)
    assert f"{len(documents) + 1:02d} Personnummer" not in fields
    assert "UTKAST" not in "".join(page.extract_text() or "" for page in reader.pages)


@pytest.mark.parametrize("username", READY)
def test_flat_gives_a_pdf_without_fields_that_shows_the_name(demo, username):
    training = demo.training_of(username)
    reader = PdfReader(io.BytesIO(printed(demo, username, only="achieved", flat="on")))
    assert not reader.get_fields()
    shown = " ".join((page.extract_text() or "") for page in reader.pages)
    assert training.resident.last_name in shown and VALID_NUMBER in shown


def test_r5_5_a_resident_not_ready_gets_utkast_on_every_page(demo):
    reader = PdfReader(io.BytesIO(printed(demo, "resident-g1")))
    assert len(reader.pages) > 1
    for page in reader.pages:
        assert "UTKAST" in (page.extract_text() or "")


def _text_columns(model: type[models.Model]) -> list[str]:
    kinds = (models.CharField, models.TextField, models.JSONField)
    return [f.attname for f in model._meta.concrete_fields if isinstance(f, kinds)]


def test_the_personnummer_is_in_no_table_after_printing(demo):
    """Issue 13 item 6: every text column of every model, the history tables included."""
    for username in (*READY, "resident-g1"):
        printed(demo, username, street="Storgatan 1")
    assert CertificateConfirmation.objects.filter(printed_at__isnull=False).exists()
    secrets = (VALID_NUMBER, "198112189876", "8112189876", "Storgatan 1")
    scanned = 0
    for model in apps.get_models():
        columns = _text_columns(model)
        if not columns:
            continue
        for row in model._default_manager.values_list(*columns):
            scanned += 1
            for value in row:
                shown = str(value)
                assert not any(secret in shown for secret in secrets), model.__name__
    assert scanned > 1000


def test_the_ready_residents_are_seeded_once(demo):
    """Seeding again changes nothing (the seed's idempotence)."""
    from stportal.portfolio.models import CourseRecord, GoalProgress
    from stportal.training.models import Placement, Training

    def counts() -> list[int]:
        trainings = Training.objects.filter(resident__username__in=READY)
        return [
            trainings.count(),
            Placement.objects.filter(training__in=trainings).count(),
            CourseRecord.objects.filter(training__in=trainings).count(),
            GoalProgress.objects.filter(training__in=trainings).count(),
            CertificateConfirmation.objects.filter(training__in=trainings).count(),
        ]

    before = counts()
    demo_seed(DEMO_TODAY)
    assert counts() == before
    assert before[0] == 2
