"""Writes of the portfolio (issue 5), each one atomic and named `<entity>_<action>`."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.urls import reverse

from stportal import links
from stportal.links import Purpose
from stportal.mail import send_templated
from stportal.portfolio.models import Assessment


def assessment_link_send(
    *,
    item: Assessment,
    base_url: str,
    now: datetime,
    template: str = "portfolio/email_assessment.txt",
    reminder: bool = False,
) -> None:
    """A new link for an assessor without an account (R9.1), by e-mail; the older links stop
    working. `base_url` is the site's address without a trailing slash."""
    with transaction.atomic():
        token = links.issue(item, Purpose.ASSESS)
        item.link_sent_at = now
        fields = ["link_sent_at"]
        if reminder:
            item.reminded_at = now
            fields.append("reminded_at")
        item.save(update_fields=fields)
        url = base_url + reverse("portfolio:assessment_link", args=[token])
        context = {
            "item": item,
            "url": url,
            "days": links.max_age().days,
            "resident": item.training.resident,
            "method": item.method_name,
        }
        send_templated(template, context, item.assessor_email)
