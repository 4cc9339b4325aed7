"""Documents as PDF (A4, Swedish), rendered by WeasyPrint from the same templates as the pages."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.utils.text import slugify

# The documents' file names in Swedish (issue 12 item 13: "utbildningsplan-…pdf", not
# "training-plan-…pdf"); the agreement takes the region's own name of it (profile
# `agreement.name`: G "ST-kontrakt", V "ST-överenskommelse").
PDF_NAMES = {
    "training_plan": "utbildningsplan",
    "contract": "kontrakt-sidotjanstgoring",
    "certificate": "intyg-sidotjanstgoring",
}


def pdf_filename(*parts: object) -> str:
    """ "utbildningsplan", "resident-g1", "v2" -> "utbildningsplan-resident-g1-v2.pdf": each
    part in ASCII (å, ä, ö as a, a, o), lower case, joined by hyphens."""
    return "-".join(slugify(str(part)) for part in parts if str(part)) + ".pdf"


def pdf_bytes(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango when imported, which only the PDF views need.
    from weasyprint import CSS, HTML

    stylesheet = finders.find("stportal/print.css")
    styles = [CSS(filename=stylesheet)] if stylesheet else []
    return HTML(string=html).write_pdf(stylesheets=styles)


def pdf_response(html: str, filename: str) -> HttpResponse:
    response = HttpResponse(pdf_bytes(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
