"""Socialstyrelsen's forms filled by field name (issue 13 item 7), with pypdf.

The blank forms are shipped unchanged (`blanks/`, checksums in `blanks.py`). A form is filled by
the names of its AcroForm fields; a long text is wrapped to its field's width in the field's own
font and, when it still does not fit, set smaller (down to `SMALLEST_SIZE`). The result stays a
form the resident can correct before printing, or is flattened on request. A package is several
filled forms in one PDF: each form's fields are renamed with the form's place in the package, so
that two forms' "Efternamn" stay two fields.

No Django here: bytes and names in, bytes out.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, cast

from pypdf import PdfReader, PdfWriter
from pypdf.constants import FieldDictionaryAttributes
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

# pypdf measures text with this class when it draws a field; it is not exported, so the version
# of pypdf is pinned in pyproject.toml and tests/test_application_forms.py measures a known text.
from pypdf.generic._font import Font

SMALLEST_SIZE = 6.0
LINE_HEIGHT = 1.15  # a line of text is this many times the font size
MARGIN = 2.0  # points of the field kept free on each side, as viewers draw them
CHECKED = "/Ja"  # the "on" state of every check box of Socialstyrelsen's forms

# pypdf says so (at warning level) for each field whose font the form names without defining
# it: the field is then drawn in Helvetica, which is what the viewers do too.
logging.getLogger("pypdf").setLevel(logging.ERROR)

FieldValue = str | bool


@dataclass(frozen=True)
class Overflow:
    """A text that does not fit its field even at the smallest size."""

    field: str
    text: str


def _font_and_size(annotation: DictionaryObject, acro_form: DictionaryObject) -> tuple[Font, float]:
    appearance = str(annotation.get_inherited("/DA", acro_form.get("/DA", "/Helv 0 Tf")))
    parts = appearance.split()
    index = parts.index("Tf") if "Tf" in parts else -1
    name, size = (parts[index - 2], float(parts[index - 1])) if index >= 2 else ("/Helv", 0.0)
    # The same look-up as pypdf's when it draws the field: the widget's own resources first.
    resources = cast(
        DictionaryObject,
        annotation.get_inherited("/DR", acro_form.get("/DR", DictionaryObject())),
    )
    fonts = cast(DictionaryObject, resources.get("/Font", DictionaryObject()))
    if name in fonts:
        font = Font.from_font_resource(cast(DictionaryObject, fonts[name].get_object()))
    else:
        font = Font.from_core_font_name("/Helvetica")
    return font, size or 10.0


def _width(font: Font, text: str, size: float) -> float:
    return font.get_text_width(text) * size / 1000


def _wrapped(font: Font, text: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and _width(font, candidate, size) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def fitted(
    annotation: DictionaryObject, acro_form: DictionaryObject, text: str
) -> tuple[str, float, bool]:
    """The text as drawn in the field (wrapped if the field is multi-line), the font size that
    makes it fit, and whether it fits at all."""
    font, size = _font_and_size(annotation, acro_form)
    rect = [float(value) for value in cast(ArrayObject, annotation["/Rect"])]
    width = abs(rect[2] - rect[0]) - 2 * MARGIN
    height = abs(rect[3] - rect[1]) - 2 * MARGIN
    flags = int(cast(Any, annotation.get_inherited("/Ff", 0)))
    multiline = bool(flags & FieldDictionaryAttributes.FfBits.Multiline)
    while True:
        if multiline:
            lines = _wrapped(font, text, size, width)
            fits = len(lines) * size * LINE_HEIGHT <= height and all(
                _width(font, line, size) <= width for line in lines
            )
            drawn = "\n".join(lines)
        else:
            fits = _width(font, text, size) <= width
            drawn = text
        if fits or size <= SMALLEST_SIZE:
            return drawn, size, fits
        size = max(SMALLEST_SIZE, size - 0.5)


def _widgets(
    writer: PdfWriter, pages: Iterable[int]
) -> Iterable[tuple[int, DictionaryObject, str]]:
    """(page index, widget annotation, fully qualified field name) of the pages' widgets."""
    for index in pages:
        page = writer.pages[index]
        for reference in cast(ArrayObject, page.get("/Annots", ArrayObject())):
            annotation = cast(DictionaryObject, reference.get_object())
            if annotation.get("/Subtype") != "/Widget":
                continue
            yield index, annotation, _qualified_name(annotation)


def _qualified_name(annotation: DictionaryObject) -> str:
    names: list[str] = []
    node: DictionaryObject | None = annotation
    while node is not None:
        if "/T" in node:
            names.append(str(node["/T"]))
        parent = node.get("/Parent")
        node = cast(DictionaryObject, parent.get_object()) if parent is not None else None
    return ".".join(reversed(names))


# A blank is parsed once per process and kept: pypdf reads a form in pure Python (a quarter of
# a second for some of Socialstyrelsen's). The reader is shared, so it is used under a lock.
_READING = threading.Lock()


@cache
def _reader(blank: Path) -> PdfReader:
    return PdfReader(io.BytesIO(blank.read_bytes()))


@cache
def field_names(blank: Path) -> frozenset[str]:
    """The fully qualified names of a form's fields."""
    with _READING:
        return frozenset((_reader(blank).get_fields() or {}).keys())


class Binder:
    """Forms filled one after another into one PDF (issue 13 item 7).

    Each form is read from its blank and appended to one writer, and filled there: no form is
    written out and read again, and the fonts the forms share are kept once. When `prefixed`,
    each form's fields get the form's place in the PDF ("03 Efternamn"), so that two forms'
    "Efternamn" stay two fields; a single form keeps Socialstyrelsen's names."""

    def __init__(self, *, prefixed: bool = True, flat: bool = False) -> None:
        self.writer = PdfWriter()
        self.prefixed = prefixed
        self.flat = flat
        self.count = 0
        self.overflows: list[Overflow] = []

    def add(
        self,
        blank: Path,
        values: Mapping[str, FieldValue],
        *,
        drop_widgets: Iterable[tuple[int, str]] = (),
        keep_pages: list[int] | None = None,
    ) -> list[int]:
        """Appends the blank (or only its `keep_pages`) with `values` filled in by field name
        (True/False for check boxes); returns the indices of its pages in the PDF.

        `drop_widgets` are (page index in the blank, field name) pairs of widgets to take off: a
        field the form shows twice where only one place is meant (issue 13: Bilaga 5 of HSLF-FS
        2021:8 repeats four of its attachment boxes on page 3). Unknown names raise KeyError: a
        mapping that no longer matches the form must fail loudly."""
        unknown = sorted(set(values) - field_names(blank))
        if unknown:
            raise KeyError(f"{blank.name} has no field {unknown}")
        first = len(self.writer.pages)
        fields_before = len(self._fields())
        with _READING:
            reader = _reader(blank)
            kept = keep_pages if keep_pages is not None else list(range(len(reader.pages)))
            self.writer.append(reader, pages=kept, import_outline=False)
            # The next form from the same blank gets objects of its own, not these (the fonts
            # they share are made one again when the PDF is written).
            self.writer.reset_translation(reader)
        self.count += 1
        prefix = f"{self.count:02d} " if self.prefixed else ""
        for reference in self._fields()[fields_before:]:
            field = cast(DictionaryObject, reference.get_object())
            if prefix and "/T" in field:
                field[NameObject("/T")] = TextStringObject(f"{prefix}{field['/T']}")
        pages = list(range(first, first + len(kept)))
        dropped = {(first + kept.index(page), name) for page, name in drop_widgets if page in kept}
        self._drop({(page, prefix + name) for page, name in dropped})
        self._fill(pages, {prefix + name: value for name, value in values.items()})
        return pages

    def _fields(self) -> ArrayObject:
        acro_form = self.writer._root_object.get("/AcroForm")
        if acro_form is None:
            return ArrayObject()
        return cast(ArrayObject, cast(DictionaryObject, acro_form).get("/Fields", ArrayObject()))

    def _fill(self, pages: list[int], values: Mapping[str, FieldValue]) -> None:
        writer = self.writer
        acro_form = cast(DictionaryObject, writer._root_object["/AcroForm"])
        for page_index, annotation, name in list(_widgets(writer, pages)):
            if name not in values:
                continue
            value = values[name]
            page = writer.pages[page_index]
            if isinstance(value, bool):
                state = CHECKED if value else "/Off"
                writer.update_page_form_field_values(
                    page, {name: state}, auto_regenerate=False, flatten=self.flat
                )
                continue
            drawn, size, fits = fitted(annotation, acro_form, value)
            if not fits:
                self.overflows.append(Overflow(name, value))
            writer.update_page_form_field_values(
                page, {name: (drawn, "", size)}, auto_regenerate=False, flatten=self.flat
            )

    def _drop(self, widgets: set[tuple[int, str]]) -> None:
        pages = sorted({page for page, _name in widgets})
        for page_index, annotation, name in list(_widgets(self.writer, pages)):
            if (page_index, name) not in widgets:
                continue
            _remove(cast(ArrayObject, self.writer.pages[page_index]["/Annots"]), annotation)
            parent = annotation.get("/Parent")
            if parent is not None:
                _remove(cast(ArrayObject, parent.get_object()["/Kids"]), annotation)

    def stamp(self, pages: Iterable[int], overlay: bytes) -> None:
        """Draws the one-page PDF `overlay` over each of the pages."""
        mark = PdfReader(io.BytesIO(overlay)).pages[0]
        for index in pages:
            self.writer.pages[index].merge_page(mark, over=True)

    def pdf(self) -> bytes:
        """The PDF; flattened, the form taken away once its values are drawn into the pages."""
        if self.flat:
            self.writer.remove_annotations(subtypes="/Widget")
            if "/AcroForm" in self.writer._root_object:
                del self.writer._root_object["/AcroForm"]
        self.writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
        buffer = io.BytesIO()
        self.writer.write(buffer)
        return buffer.getvalue()


def _remove(array: ArrayObject, item: DictionaryObject) -> None:
    for position, reference in enumerate(array):
        if reference.get_object() is item:
            del array[position]
            return


def fill(
    blank: Path,
    values: Mapping[str, FieldValue],
    *,
    drop_widgets: Iterable[tuple[int, str]] = (),
    flat: bool = False,
) -> tuple[bytes, list[Overflow]]:
    """One blank form filled by field name, as a PDF of its own with the form's own names."""
    binder = Binder(prefixed=False, flat=flat)
    binder.add(blank, values, drop_widgets=drop_widgets)
    return binder.pdf(), binder.overflows
