"""The application's forms filled from the package (issue 13 items 4–7).

`PersonalData` is what the resident types when printing: personnummer, address, telephone and
the dates of the degree and licence. It goes into the PDF and nowhere else: no model holds it and
the views that take it are marked sensitive, so no error report or log shows it (item 6).

Every certificate not yet confirmed is printed as a draft: "UTKAST" across the top of each of its
pages (item 2: before the resident is ready, the package still prints, marked as drafts).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.utils.translation import gettext as _
from weasyprint import HTML

from stportal.application import pdf_forms
from stportal.application.blanks import FORMS, Blank, field_values, row_values
from stportal.rules import application as rules
from stportal.rules.application import Document, Package
from stportal.timeline.service_list import (
    ServiceRow,
    period_text,
    printed_months,
    short_date,
)

SPECIALTY = "Allmänmedicin"


@dataclass(frozen=True)
class PersonalData:
    """Typed at print time, never stored."""

    personal_number: str = ""
    street: str = ""
    postcode: str = ""
    town: str = ""
    phone_home: str = ""
    phone_mobile: str = ""
    phone_work: str = ""
    email: str = ""
    workplace: str = ""
    degree_country: str = ""
    degree_date: date | None = None
    licence_country: str = ""
    licence_date: date | None = None
    bt_certificate_date: date | None = None
    fee_paid: date | None = None


@dataclass(frozen=True)
class Applicant:
    surname: str
    given_name: str
    personal: PersonalData


@dataclass(frozen=True)
class Printout:
    """What a package needs besides its documents."""

    package: Package
    applicant: Applicant
    rows: list[ServiceRow]
    curriculum: list[str]  # the regulation's delmål codes in order, for compacting
    director: tuple[str, str, str]  # the director of studies: surname, given name, workplace


def _period(first: date | None, last: date | None) -> str:
    return period_text(first, last) if first and last else ""


def _applicant_values(printout: Printout, document: Document) -> dict[str, str | bool]:
    applicant = printout.applicant
    values: dict[str, str | bool] = {
        "surname": applicant.surname,
        "given_name": applicant.given_name,
        "personal_number": applicant.personal.personal_number,
        "specialty_applied": SPECIALTY,
    }
    if document.number is not None:
        values["attachment"] = str(document.number)
    return values


def _certificate_values(printout: Printout, document: Document) -> dict[str, str | bool]:
    content = document.content
    regulation = printout.package.regulation
    values: dict[str, str | bool] = {
        "certifier_name": content.certifier_name,
        "certifier_specialty": content.certifier_specialty,
        "certifier_workplace": content.certifier_workplace,
    }
    if document.kind in rules.NAMES_GOALS:
        values["goals"] = rules.compact_goals(content.goals, printout.curriculum)
    period = _period(content.first, content.last)
    if document.kind in (rules.AUSKULTATION, rules.CLINICAL):
        if regulation == rules.SOSFS_2015:
            values["place_and_period"] = f"{content.place}, {period}"
        else:
            values |= {"place": content.place, "period": period}
        values["description"] = content.description
    elif document.kind == rules.COURSE:
        values["description"] = content.description
        values["signed_as_course_leader"] = content.signed_as == "course_leader"
        values["signed_as_supervisor"] = content.signed_as != "course_leader"
        if regulation == rules.SOSFS_2015:
            values["subject_and_period"] = f"{content.place}, {period}"
            values["course_leader"] = content.course_leader
        else:
            values["subject"] = f"{content.place} ({period})" if period else content.place
    elif document.kind in (rules.QUALITY, rules.WRITTEN, rules.DEVELOPMENT):
        values |= {"subject": content.place, "description": content.description}
    elif document.kind == rules.STA3:
        values |= {"activities": content.description, "verification": content.verification}
    return values


def _achieved_values(printout: Printout, document: Document) -> dict[str, str | bool]:
    content = document.content
    values: dict[str, str | bool] = {
        "supervisor_name": content.certifier_name,
        "supervisor_specialty": content.certifier_specialty,
        "supervisor_workplace": content.certifier_workplace,
        "second_name": content.second_name,
        "second_specialty": content.second_specialty,
        "second_workplace": content.second_workplace,
    }
    if printout.package.regulation == rules.SOSFS_2015:
        surname, given_name, workplace = printout.director
        values |= {
            # The unit head signs themselves: no specialist was appointed in their place.
            "appointed_yes": False,
            "appointed_no": True,
            "unit_head_name": content.second_name,
            "unit_head_workplace": content.second_workplace,
            "director_surname": surname,
            "director_given_name": given_name,
            "director_workplace": workplace,
            "supervisor_training_year": content.supervisor_training_year,
        }
    return values


def _contact_values(printout: Printout, document: Document) -> dict[str, str | bool]:
    personal = printout.applicant.personal
    blank = FORMS[document.form]
    values: dict[str, str | bool] = {
        "street": personal.street,
        "postcode": personal.postcode,
        "town": personal.town,
        "phone_home": personal.phone_home,
        "phone_work": personal.phone_work,
        "email": personal.email,
        "workplace": personal.workplace,
        "degree_country": personal.degree_country,
        "degree_date": short_date(personal.degree_date) if personal.degree_date else "",
        "licence_country": personal.licence_country,
        "licence_date": short_date(personal.licence_date) if personal.licence_date else "",
        "fee_paid": short_date(personal.fee_paid) if personal.fee_paid else "",
    }
    if "phone_mobile" in blank.fields:
        values["phone_mobile"] = personal.phone_mobile
    if "bt_certificate_date" in blank.fields and personal.bt_certificate_date:
        values["bt_certificate_date"] = short_date(personal.bt_certificate_date)
    for kind, numbers in printout.package.numbers_by_kind.items():
        key = f"attached_{kind}"
        if key in blank.fields and numbers:
            values[key] = numbers
    return values


def values_of(printout: Printout, document: Document) -> dict[str, str | bool]:
    """A document's values by the keys of its form's mapping (blanks.FORMS)."""
    values = _applicant_values(printout, document)
    if document.kind == rules.APPLICATION:
        values |= _contact_values(printout, document)
    elif document.kind == rules.ACHIEVED:
        values |= _achieved_values(printout, document)
    elif document.kind == rules.COMPLETED:
        values |= {
            "unit_head_name": document.content.certifier_name,
            "unit_head_workplace": document.content.certifier_workplace,
        }
    else:
        values |= _certificate_values(printout, document)
    return {key: value for key, value in values.items() if value != ""}


def _row_cells(rows: list[ServiceRow]) -> tuple[list[tuple[str, str, str, str]], str]:
    months, total = printed_months(rows)
    cells = [
        (
            row.place,
            _period(row.first, row.last),
            f"{row.percent} %" if row.percent is not None else "",
            row_months,
        )
        for row, row_months in zip(rows, months, strict=True)
    ]
    return cells, total


@dataclass(frozen=True)
class Part:
    """One blank form (or some of its pages) to fill, with its values by field name."""

    blank: Blank
    values: dict[str, str | bool]
    draft: bool
    keep_pages: list[int] | None = None


def _service_parts(
    blank: Blank, values: Mapping[str, str | bool], rows: list[ServiceRow], draft: bool
) -> list[Part]:
    """The form with the service list; rows beyond the form's continue on more copies of the
    form's page(s) of rows, the sum on the last (issue 13 item 4)."""
    assert blank.rows is not None
    cells, total = _row_cells(rows)
    per_copy = len(blank.rows.suffixes)
    chunks = [cells[start : start + per_copy] for start in range(0, max(len(cells), 1), per_copy)]
    parts = []
    for index, chunk in enumerate(chunks):
        named = dict(field_values(blank, values)) if index == 0 else {}
        if index > 0:
            named |= {
                blank.fields[key]: values[key]
                for key in ("surname", "given_name", "personal_number", "attachment")
                if key in values and key in blank.fields
            }
        for row_index, row in enumerate(chunk):
            named |= row_values(blank.rows, row_index, row)
        named[blank.rows.total] = total if index == len(chunks) - 1 else _("continued")
        # The 2015 application continues with its page of rows only.
        keep = [1] if index > 0 and blank.code == "2015-1" else None
        parts.append(Part(blank, named, draft, keep))
    return parts


def parts_of(printout: Printout, document: Document) -> list[Part]:
    """What one document prints as."""
    blank = FORMS[document.form]
    values = values_of(printout, document)
    if blank.rows is not None:
        return _service_parts(blank, values, printout.rows, document.is_draft)
    return [Part(blank, field_values(blank, values), document.is_draft)]


@cache
def _draft_stamp() -> bytes:
    """One A4 page, empty but for the draft's mark across its top margin."""
    text = _("DRAFT – not confirmed by the certifier; do not send")
    html = (
        "<style>@page{size:A4;margin:0}body{margin:0}"
        "p{position:absolute;top:5mm;left:20mm;right:20mm;text-align:center;"
        "font:bold 11pt sans-serif;color:#b00020}</style>"
        f"<p>{text}</p>"
    )
    return bytes(HTML(string=html).write_pdf())


def package_pdf(printout: Printout, documents: Iterable[Document], flat: bool) -> bytes:
    """The documents in the package's order, in one PDF; each draft stamped on every page."""
    parts = [part for document in documents for part in parts_of(printout, document)]
    binder = pdf_forms.Binder(prefixed=len(parts) > 1, flat=flat)
    for part in parts:
        pages = binder.add(
            part.blank.path,
            part.values,
            drop_widgets=part.blank.drop_widgets,
            keep_pages=part.keep_pages,
        )
        if part.draft:
            binder.stamp(pages, _draft_stamp())
    return binder.pdf()
