"""The confirmations of the application's certificates (issue 13 item 3).

A certificate is drafted from the records; the person who will sign it confirms its content in
the product, and the confirmed content is what is printed from then on. One row per certificate
of a training, by its source key (rules.application.Draft.key); confirming again (after the
records changed) replaces the content, and the history keeps every earlier one, with who and
when. Personnummer and addresses are never stored: they are typed when printing (item 6).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from stportal.training.models import Training

PERSON = settings.AUTH_USER_MODEL


class CertificateConfirmation(models.Model):
    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="certificate_confirmations"
    )
    key = models.CharField(_("certificate"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20)
    # rules.application.Content as JSON (dates as ISO text): exactly what was confirmed.
    content = models.JSONField(_("content"))
    # In the product: the account; through a link (a certifier without an account, issue 13
    # item 3): no account, the name they wrote and the request the link was sent with.
    confirmed_by = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
    )
    confirmed_by_name = models.CharField(_("confirmed by (name)"), max_length=150, blank=True)
    confirmed_via = models.ForeignKey(
        "CertificateRequest",
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("confirmed through the link of"),
        null=True,
        blank=True,
    )
    confirmed_as = models.CharField(_("confirmed as"), max_length=30)
    confirmed_at = models.DateTimeField(_("confirmed"))
    printed_at = models.DateTimeField(_("printed"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate confirmation")
        verbose_name_plural = _("certificate confirmations")
        constraints = [
            models.UniqueConstraint(fields=["training", "key"], name="certificate_confirmed_once")
        ]

    def __str__(self) -> str:
        return f"{self.training}: {self.key}"


class CertificateRequest(models.Model):
    """A certificate sent by e-mail to a certifier without an account (issue 13 item 3: "the
    course leader or the supervisor for a course (the form has both boxes) [...] A person
    without an account confirms through a signed link as today; the forgery rules of the
    security issue apply"). Sent by the main supervisor or the director, who vouch for the name
    and address (Action.VOUCH_FOR_CERTIFIER, issue 10); one row per certificate, so sending
    again replaces the address and the earlier link (links.issue changes `link_nonce`)."""

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="certificate_requests"
    )
    key = models.CharField(_("certificate"), max_length=40)
    to_name = models.CharField(_("name"), max_length=150)
    to_email = models.EmailField(_("e-mail"))
    # A course: the addressee is the course leader (the form's box "Kursledare"), else a
    # supervisor ("Handledare"); an auskultation's certificate is the supervisor's there.
    as_course_leader = models.BooleanField(_("course leader"), default=False)
    sent_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent by")
    )
    sent_at = models.DateTimeField(_("sent"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    link_nonce = models.CharField(max_length=64, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["link_nonce"])

    class Meta:
        verbose_name = _("certificate request")
        verbose_name_plural = _("certificate requests")
        constraints = [
            models.UniqueConstraint(fields=["training", "key"], name="certificate_requested_once")
        ]

    def __str__(self) -> str:
        return f"{self.training}: {self.key} → {self.to_email}"
