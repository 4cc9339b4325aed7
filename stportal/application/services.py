"""Confirming the application's certificates and recording what was printed (issue 13)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from django.db import transaction

from stportal.application.drafts import specialty_of, stored
from stportal.application.models import CertificateConfirmation, CertificateRequest
from stportal.people.models import Person
from stportal.rules import application as rules
from stportal.rules.application import Content, Document
from stportal.training.models import Training


def confirmed_content(
    document: Document,
    edits: dict[str, object],
    *,
    signer: Person | None = None,
    second: bool = False,
) -> Content:
    """The draft with what the certifier may change (the delmål, the description, how the
    course is signed, the course leader, how STa3 was checked); the place and period stay as
    the records have them. The signer is who confirms (`second`: as the second signer of
    achieved competence): the form prints the name of who confirmed it, never another's
    (review of issue 13: an auskultation confirmed by the main supervisor printed the name the
    resident had typed for the auskultation's supervisor)."""
    allowed = {"goals", "description", "signed_as", "course_leader", "verification"}
    changes = {key: value for key, value in edits.items() if key in allowed}
    if "goals" in changes:
        changes["goals"] = tuple(str(code) for code in changes["goals"])  # type: ignore[attr-defined]
    if signer is None:  # a link's certifier writes their own name (certifier_links)
        return replace(document.draft, **changes)  # type: ignore[arg-type]
    name, specialty = signer.get_full_name() or signer.username, specialty_of(signer)
    if second:
        changes |= {"second_name": name, "second_specialty": specialty}
    else:
        changes |= {"certifier_name": name, "certifier_specialty": specialty}
    return replace(document.draft, **changes)  # type: ignore[arg-type]


def confirm(
    *,
    training: Training,
    key: str,
    document: Document,
    content: Content,
    person: Person,
    role: str,
    now: datetime,
) -> CertificateConfirmation:
    """Stores what `person` confirmed, replacing an earlier confirmation of the same certificate
    (kept in the history). Confirming twice is confirming once."""
    with transaction.atomic():
        Training.objects.select_for_update().filter(pk=training.pk).first()
        row, _created = CertificateConfirmation.objects.update_or_create(
            training=training,
            key=key,
            defaults={
                "kind": document.kind,
                "content": stored(content),
                "confirmed_by": person,
                "confirmed_by_name": "",
                "confirmed_via": None,
                "confirmed_as": role,
                "confirmed_at": now,
                "printed_at": None,
            },
        )
        # A link still out for this certificate no longer works: what the signer confirmed in
        # the portal is not replaced by a later use of it.
        CertificateRequest.objects.filter(training=training, key=key).update(link_nonce="")
    return row


def record_printed(
    *, training: Training, documents: Iterable[Document], person: Person, now: datetime
) -> None:
    """Marks the confirmed documents printed (the drafts stay drafts); the application itself
    is recorded as printed by the resident."""
    keys = [d.key for d in documents if d.state in (rules.State.CONFIRMED, rules.State.PRINTED)]
    with transaction.atomic():
        CertificateConfirmation.objects.filter(training=training, key__in=keys).update(
            printed_at=now
        )
        if "achieved" in keys:
            CertificateConfirmation.objects.filter(training=training, key="achieved:second").update(
                printed_at=now
            )
        application = next((d for d in documents if d.kind == rules.APPLICATION), None)
        if application is not None and not application.is_draft:
            CertificateConfirmation.objects.update_or_create(
                training=training,
                key="application",
                defaults={
                    "kind": rules.APPLICATION,
                    "content": stored(application.content),
                    "confirmed_by": person,
                    "confirmed_as": "resident",
                    "confirmed_at": now,
                    "printed_at": now,
                },
            )
