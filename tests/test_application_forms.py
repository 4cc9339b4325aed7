"""Socialstyrelsen's forms shipped unchanged and filled by field name (issue 13 item 7)."""

from __future__ import annotations

import hashlib
import io

import pytest
from pypdf import PdfReader

from stportal.application import pdf_forms
from stportal.application.blanks import BLANKS, FORMS, UNFILLED, field_values, row_values

SHARED_README_CHECKSUMS = {  # the first 16 hex digits, as ../shared/forms/README.md lists them
    "2015-1": "9d07640de9eb6ed0",
    "2015-2": "386b459338a206b2",
    "2015-3": "2d2b9b8e5c0d5e7a",
    "2015-4": "eb2d6884fcd06aa0",
    "2015-5": "dcfdcf9e26bf6d08",
    "2015-6": "aeb0c0bb87b5b0f8",
    "2015-7": "91be07670b2da06f",
    "2021-5": "1658763d771ca8d0",
    "2021-6": "9a463cc848b10c91",
    "2021-7": "6f50b0cdd619e893",
    "2021-8": "3efb6ca1f7f81075",
    "2021-9": "271772eee1b5a5bf",
    "2021-10": "38dd7d3aba84ee5d",
    "2021-11": "fcdc36326c7bdc64",
    "2021-12": "3622055911938e2a",
}


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("code", sorted(FORMS))
def test_each_filled_form_is_shipped_unchanged(code):
    blank = FORMS[code]
    assert sha256(blank.path) == blank.sha256
    assert blank.sha256.startswith(SHARED_README_CHECKSUMS[code])


@pytest.mark.parametrize("code", sorted(UNFILLED))
def test_the_forms_not_filled_yet_are_shipped_unchanged(code):
    file, checksum = UNFILLED[code]
    assert sha256(BLANKS / file) == checksum


def test_nothing_else_is_in_the_blanks_folder():
    shipped = {path.name for path in BLANKS.glob("*.pdf")}
    assert shipped == {b.file for b in FORMS.values()} | {f for f, _ in UNFILLED.values()}


@pytest.mark.parametrize("code", sorted(FORMS))
def test_every_mapped_name_exists_in_the_shipped_form(code):
    """A new revision of a form that renames a field fails here, loudly."""
    blank = FORMS[code]
    names = pdf_forms.field_names(blank.path)
    mapped = set(blank.fields.values())
    if blank.rows is not None:
        for index in range(len(blank.rows.suffixes)):
            mapped |= set(row_values(blank.rows, index, ("", "", "", "")))
        mapped.add(blank.rows.total)
    assert mapped - names == set()


@pytest.mark.parametrize("code", sorted(FORMS))
def test_every_mapped_field_takes_swedish_text_and_reads_back(code):
    blank = FORMS[code]
    values = {
        key: (True if key.startswith(("signed_as", "appointed_yes")) else f"Åsa Öberg-Ängel {key}")
        for key in blank.fields
        if key != "appointed_no"
    }
    data, _overflows = pdf_forms.fill(
        blank.path, field_values(blank, values), drop_widgets=blank.drop_widgets
    )
    fields = PdfReader(io.BytesIO(data)).get_fields() or {}
    for key, value in values.items():
        stored = fields[blank.fields[key]].get("/V")
        if value is True:
            assert stored == pdf_forms.CHECKED
        else:
            assert str(stored).replace("\n", " ") == value


def test_a_long_description_is_wrapped_to_the_field_and_set_smaller_only_when_needed():
    blank = FORMS["2021-9"]
    name = blank.fields["description"]
    long_text = " ".join(["Mottagning med egen patientlista och jour på akutmottagningen."] * 12)
    data, overflows = pdf_forms.fill(blank.path, {name: long_text})
    assert overflows == []
    stored = str((PdfReader(io.BytesIO(data)).get_fields() or {})[name]["/V"])
    assert stored.count("\n") >= 5
    assert stored.replace("\n", " ") == long_text
    too_long = "x" * 20000
    _data, overflows = pdf_forms.fill(blank.path, {name: too_long})
    assert [o.field for o in overflows] == [name]


def test_an_unknown_field_name_fails_loudly():
    with pytest.raises(KeyError):
        pdf_forms.fill(FORMS["2021-9"].path, {"Efternamnet": "X"})


def test_a_flattened_form_has_no_fields_left_and_shows_the_text():
    blank = FORMS["2021-10"]
    data, _ = pdf_forms.fill(
        blank.path,
        field_values(blank, {"surname": "Öberg", "signed_as_supervisor": True}),
        flat=True,
    )
    reader = PdfReader(io.BytesIO(data))
    assert not reader.get_fields()
    assert "Öberg" in reader.pages[0].extract_text()


def test_bound_forms_keep_their_own_fields():
    binder = pdf_forms.Binder()
    binder.add(FORMS["2021-9"].path, {"Efternamn": "Ek"})
    binder.add(FORMS["2021-9"].path, {"Efternamn": "Björk"})
    reader = PdfReader(io.BytesIO(binder.pdf()))
    fields = reader.get_fields() or {}
    assert fields["01 Efternamn"]["/V"] == "Ek" and fields["02 Efternamn"]["/V"] == "Björk"
    assert len(reader.pages) == 2


def test_a_part_of_a_form_brings_only_its_pages_fields():
    binder = pdf_forms.Binder()
    pages = binder.add(FORMS["2015-1"].path, {})
    more = binder.add(FORMS["2015-1"].path, {"Period ååmmdd  ååmmddRow1": "x"}, keep_pages=[1])
    assert pages == [0, 1, 2] and more == [3]
    fields = PdfReader(io.BytesIO(binder.pdf())).get_fields() or {}
    assert fields["02 Period ååmmdd  ååmmddRow1"]["/V"] == "x"
    assert "02 Efternamn" not in fields


def test_the_2021_application_no_longer_shows_the_course_numbers_among_other_documents():
    blank = FORMS["2021-5"]
    data, _ = pdf_forms.fill(
        blank.path,
        field_values(blank, {"attached_course": "5–7"}),
        drop_widgets=blank.drop_widgets,
    )
    page_three = PdfReader(io.BytesIO(data)).pages[2]
    kids = [a.get_object() for a in page_three.get("/Annots", []) if "/Parent" in a.get_object()]
    assert kids == []  # the second widgets of "Bilagor nr.0.4"–"0.7" are gone
    assert "5–7" not in page_three.extract_text()
