"""E-mail written as a text template whose first line is the subject."""

from __future__ import annotations

from typing import Any

from django.core.mail import send_mail
from django.template.loader import render_to_string


def send_templated(template: str, context: dict[str, Any], to: str) -> None:
    subject, _blank, body = render_to_string(template, context).partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, [to])
