"""A certificate of the application confirmed through a link, by a certifier without an account
(issue 13 item 3): "the course leader or the supervisor for a course (the form has both boxes)
[...] A person without an account confirms through a signed link as today; the forgery rules of
the security issue apply."

A course's certificate (2015 Bilaga 5, 2021 Bilaga 10) is signed by the course leader or a
supervisor; an auskultation's (2015 Bilaga 3, 2021 Bilaga 8) by the supervisor where the resident
auskulterade. The main supervisor or the director sends it by e-mail to a named person and so
vouches for the name and address (Action.VOUCH_FOR_CERTIFIER, issue 10); a resident's address is
refused (plans.services.check_not_a_residents_address, the same rule as the rotation's links).
The link works once, only the newest one, and only for its addressee (stportal.links). The place
and period stay as the records have them; the certifier may correct the delmål and the
description and writes their name, specialty and workplace as they are to be printed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from stportal import links
from stportal.application.drafts import stored
from stportal.application.models import CertificateConfirmation, CertificateRequest
from stportal.application.services import confirmed_content
from stportal.links import Purpose
from stportal.mail import send_templated
from stportal.people.models import Person
from stportal.plans.services import check_not_a_residents_address
from stportal.rules import application as rules
from stportal.rules.application import Content, Document
from stportal.training.models import Training

# The certificates a person without an account may confirm through a link.
BY_LINK = frozenset({rules.COURSE, rules.AUSKULTATION})
COURSE_LEADER = "course_leader"
SUPERVISOR = "supervisor"


def may_send(document: Document) -> bool:
    return document.kind in BY_LINK


def how_confirmed(training: Training) -> dict[str, str]:
    """For the package page, by certificate key: who confirmed it and how (in the portal, or
    through a link, to whom and sent by whom), and a link out waiting for its certifier."""
    found: dict[str, list[str]] = {}
    rows = CertificateConfirmation.objects.filter(training=training).select_related(
        "confirmed_by", "confirmed_via__sent_by"
    )
    for row in rows:
        day = timezone.localtime(row.confirmed_at).date().isoformat()
        if row.confirmed_by is not None:
            text = _("Confirmed in the portal by %(name)s on %(day)s.") % {
                "name": row.confirmed_by.get_full_name() or row.confirmed_by.username,
                "day": day,
            }
        else:
            via = row.confirmed_via
            text = _(
                "Confirmed through a link by %(name)s on %(day)s (sent to %(email)s by %(sender)s)."
            ) % {
                "name": row.confirmed_by_name,
                "day": day,
                "email": via.to_email if via else "–",
                "sender": via.sent_by.get_full_name() if via else "–",
            }
        found.setdefault(row.key, []).append(text)
    waiting = CertificateRequest.objects.filter(
        training=training, confirmed_at__isnull=True
    ).select_related("sent_by")
    for item in waiting.exclude(link_nonce=""):
        found.setdefault(item.key, []).append(
            _("A link is sent to %(name)s (%(email)s) by %(sender)s on %(day)s.")
            % {
                "name": item.to_name,
                "email": item.to_email,
                "sender": item.sent_by.get_full_name() or item.sent_by.username,
                "day": timezone.localtime(item.sent_at).date().isoformat(),
            }
        )
    return {key: " ".join(texts) for key, texts in found.items()}


def request_send(
    *,
    training: Training,
    document: Document,
    person: Person,
    to_name: str,
    to_email: str,
    as_course_leader: bool,
    base_url: str,
    now: datetime,
) -> CertificateRequest:
    """`person` (the main supervisor or the director: the view asks access for
    VOUCH_FOR_CERTIFIER) has the certificate e-mailed to `to_name` at `to_email` with a new
    link; an earlier link of the same certificate stops working. If the e-mail cannot be sent,
    nothing is written."""
    if not may_send(document):
        raise ValidationError(_("This certificate is confirmed in the portal, not by a link."))
    to_name, to_email = to_name.strip(), to_email.strip()
    check_not_a_residents_address("to_email", to_email)
    as_course_leader = as_course_leader and document.kind == rules.COURSE
    with transaction.atomic():
        Training.objects.select_for_update().filter(pk=training.pk).first()
        item, _created = CertificateRequest.objects.update_or_create(
            training=training,
            key=document.key,
            defaults={
                "to_name": to_name,
                "to_email": to_email,
                "as_course_leader": as_course_leader,
                "sent_by": person,
                "sent_at": now,
                "confirmed_at": None,
            },
        )
        item.full_clean(exclude=["training", "sent_by"])
        token = links.issue(item, Purpose.CONFIRM_CERTIFICATE)
        context = {
            "item": item,
            "document": document,
            "resident": training.resident,
            "sender": person,
            "url": base_url + reverse("application:certificate_link", args=[token]),
            "days": links.max_age().days,
        }
        send_templated("application/email_certificate.txt", context, to_email)
    return item


def linked_content(
    document: Document,
    item: CertificateRequest,
    *,
    goals: list[str],
    description: str,
    name: str,
    specialty: str,
    workplace: str,
) -> Content:
    """What the certifier confirms: the draft (place, period from the records) with their
    delmål, description, and their name, specialty and workplace. A course confirmed by its
    leader ticks "Kursledare" (2015: and names the leader in the box "Kursledare"); otherwise
    "Handledare"."""
    edits: dict[str, object] = {"goals": goals, "description": description}
    content = confirmed_content(document, edits)
    signed_as = ""
    if document.kind == rules.COURSE:
        signed_as = COURSE_LEADER if item.as_course_leader else SUPERVISOR
    return replace(
        content,
        certifier_name=name,
        certifier_specialty=specialty,
        certifier_workplace=workplace,
        signed_as=signed_as,
        course_leader=name if signed_as == COURSE_LEADER else "",
    )


def confirm_by_link(
    *, token: str, document: Document, content: Content, now: datetime
) -> CertificateConfirmation:
    """Stores the confirmation and uses up the link in one transaction: a link works once, and of
    two posts at the same moment one confirms and the other is told the link is used."""
    with transaction.atomic():
        item = links.use(token, CertificateRequest.objects.all(), {Purpose.CONFIRM_CERTIFICATE})
        if item.key != document.key:
            raise links.LinkError(links.LinkProblem.INVALID)
        row, _created = CertificateConfirmation.objects.update_or_create(
            training_id=item.training_id,
            key=item.key,
            defaults={
                "kind": document.kind,
                "content": stored(content),
                "confirmed_by": None,
                "confirmed_by_name": content.certifier_name,
                "confirmed_via": item,
                "confirmed_as": content.signed_as or SUPERVISOR,
                "confirmed_at": now,
                "printed_at": None,
            },
        )
        item.confirmed_at = now
        item.save(update_fields=["confirmed_at"])
    return row
