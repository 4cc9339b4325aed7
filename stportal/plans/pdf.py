"""Documents as PDF (A4, Swedish), rendered by WeasyPrint from the same templates as the pages."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import HttpResponse


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
