"""Course certificates (R7.4, R9.5): what an uploaded file may be, judged by its content."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

# What a certificate may be, by the bytes it starts with (never by its name or declared type).
FILE_SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


def max_upload_megabytes() -> int:
    """STPORTAL_MAX_UPLOAD_BYTES in whole megabytes, for messages."""
    return int(settings.STPORTAL_MAX_UPLOAD_BYTES // (1024 * 1024))


def certificate_type_of(upload: File) -> str:
    """The content type of an uploaded certificate, or a ValidationError when it is too large or
    not a PDF, PNG or JPEG file."""
    if upload.size is not None and upload.size > settings.STPORTAL_MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                "certificate": _("The file is larger than %(megabytes)d MB.")
                % {"megabytes": max_upload_megabytes()}
            }
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = next((t for magic, t in FILE_SIGNATURES.items() if head.startswith(magic)), None)
    if kind is None:
        raise ValidationError(
            {"certificate": _("The certificate must be a PDF, PNG or JPEG file; this file is not.")}
        )
    return kind
