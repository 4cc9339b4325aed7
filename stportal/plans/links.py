"""Signed, expiring, single-purpose links for people without an account (R6.4): the receiving
unit names the rotation supervisor; later that supervisor certifies the rotation.

A link carries the contract, its purpose and a nonce, signed with the site's key and a time
stamp. Using the link, or sending a new one, changes the contract's nonce, so each link works
once and only the newest one works.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.core import signing

from stportal.plans.models import RotationContract

SALT = "stportal.plans.rotation-link"


class Purpose(StrEnum):
    NAME_SUPERVISOR = "name_supervisor"
    CERTIFY = "certify"


class LinkProblem(StrEnum):
    INVALID = "invalid"  # tampered with, or not ours
    EXPIRED = "expired"
    USED = "used"  # used already, or replaced by a newer link


class LinkError(Exception):
    def __init__(self, problem: LinkProblem) -> None:
        super().__init__(problem)
        self.problem = problem


def max_age() -> timedelta:
    return timedelta(days=settings.STPORTAL_LINK_MAX_AGE_DAYS)


def issue(contract: RotationContract, purpose: Purpose) -> str:
    """A new link token for the purpose; any earlier link of the contract stops working."""
    contract.link_nonce = secrets.token_hex(16)
    contract.save(update_fields=["link_nonce"])
    return signing.dumps({"c": contract.pk, "p": str(purpose), "n": contract.link_nonce}, salt=SALT)


def read(token: str) -> tuple[RotationContract, Purpose]:
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired:
        raise LinkError(LinkProblem.EXPIRED) from None
    except signing.BadSignature:
        raise LinkError(LinkProblem.INVALID) from None
    contract = (
        RotationContract.objects.select_related(
            "placement__training__resident", "placement__unit", "placement__training__home_unit"
        )
        .filter(pk=payload.get("c"))
        .first()
    )
    if contract is None or payload.get("p") not in {purpose.value for purpose in Purpose}:
        raise LinkError(LinkProblem.INVALID)
    if not contract.link_nonce or not secrets.compare_digest(contract.link_nonce, payload["n"]):
        raise LinkError(LinkProblem.USED)
    return contract, Purpose(payload["p"])
