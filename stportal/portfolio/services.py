"""Writes of the portfolio (issue 5), each one atomic, validated and named `<entity>_<action>`.

Who may write is asked of `stportal.access` by the pages before they call here; a service checks
what the domain says (a signed part is frozen, the writer of a supervision entry does not confirm
it, R8.5 for supervision at a distance, ...) and refuses with a ValidationError whose message is
for the person. Nothing reads the clock here: the pages pass `today` or `now`.

Issue 10: a write that adds a row takes the key its form drew when shown (`submission_key`) and,
under the training's lock, returns the row that key made already when it holds what is posted:
the same form posted twice, or eight times at once, makes one row, sends one e-mail and stores
one file (the database keeps the key unique per training). A post with that key but other content
(the browser's Back restored a sent form, which was then changed) is refused (SubmittedAlready),
never reported as saved. A write that changes a row takes the fingerprint of the row its form
was built on (`seen_version`) and refuses, under the row's lock, when the row changed meanwhile
(stportal.fields.check_unchanged). Every text is checked against its field's bound.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from stportal import access, links
from stportal.fields import (
    SubmittedAlready,
    check_text_lengths,
    check_unchanged,
    refuse_after_today,
    required,
)
from stportal.links import Purpose
from stportal.mail import send_templated
from stportal.people.models import Person, unit_head_is_doctor
from stportal.plans import services as plan_services
from stportal.portfolio.certificates import certificate_type_of
from stportal.portfolio.models import (
    ANNUAL_REVIEW_PARTS,
    EDUCATION_EVENT_MINUTES,
    STUDY_TIME_MINUTES,
    SUPERVISION_MINUTES,
    AnnualReview,
    Assessment,
    CourseRecord,
    DistanceApproval,
    EducationEvent,
    EducationEventKind,
    GoalProgress,
    GoalStatus,
    Judgement,
    MilestoneRecord,
    ScholarlyKind,
    ScholarlyWork,
    StudyTimeEntry,
    SupervisionForm,
    SupervisionSession,
    UnitHeadCheckIn,
)
from stportal.rules.study_time import monday
from stportal.rules.supervision import distance_supervision_allowed
from stportal.training.models import Training
from stportal.training.routine import profile_of
from stportal.training.services import lock_training

# The signer of each part of an annual review, beside its signed-at field (R9.3).
SIGNER_FIELD = {part: field.replace("_at", "_by") for part, field in ANNUAL_REVIEW_PARTS.items()}


def _made_already[Row: models.Model](
    made_now: Row, training: Training, key: uuid.UUID | None, fields: Collection[str]
) -> Row | None:
    """The training's row that the form with this key made already, if it holds what `made_now`
    (the unsaved row of this post) holds in `fields`: the same form posted again. Called under
    the training's lock, so a post at the same moment waits and finds it. SubmittedAlready when
    the key's row says something else."""
    if key is None:
        return None
    model = type(made_now)
    made = model._default_manager.filter(training=training, submission_key=key).first()
    if made is None:
        return None
    if any(getattr(made, field) != getattr(made_now, field) for field in fields):
        raise SubmittedAlready()
    return made


# --- Supervision (R8.4–R8.6) -----------------------------------------------------------------


def distance_supervision_allowed_for(training: Training, held_on: date) -> bool:
    """R8.5 for the training as its approvals stand now, for a session held on `held_on`."""
    return distance_supervision_allowed(
        profile_of(training).distance_supervision,
        start_date=training.start_date,
        approved=set(training.distance_approvals.values_list("role", flat=True)),
        held_on=held_on,
        # G: "om chef inte är läkare i samråd med medicinsk rådgivare på hälsocentralen"
        unit_head_is_doctor=unit_head_is_doctor(training.home_unit_id),
    )


# What a supervision entry says: the same form posted again holds the same (its writer too).
SESSION_CONTENT = (
    "held_on",
    "minutes",
    "form",
    "topics",
    "agreed_actions",
    "next_session",
    "written_by_id",
)


def supervision_session_log(
    *,
    training: Training,
    person: Person,
    held_on: date,
    minutes: int,
    form: str,
    topics: str = "",
    agreed_actions: str = "",
    next_session: date | None = None,
    today: date,
    submission_key: uuid.UUID | None = None,
) -> SupervisionSession:
    """An entry of the supervision log (R8.4), written by `person`; the other side confirms it.
    At a distance only as R8.5 allows on the day the session was held, which is not before the
    ST started nor after `today` (a session not yet held cannot be logged, nor earn its date).
    Two sessions on one day may both be real; the same form posted twice is one entry."""
    refuse_after_today(
        today, {"held_on": held_on}, _("The session cannot be logged before it is held.")
    )
    if held_on < training.start_date:
        raise ValidationError(
            {
                "held_on": _("The date is before the start of the ST (%(start)s).")
                % {"start": training.start_date}
            }
        )
    low, high = SUPERVISION_MINUTES
    if not low <= minutes <= high:
        raise ValidationError({"minutes": _("Enter 1–600 minutes.")})
    if form not in SupervisionForm.values:
        raise required("form")
    session = SupervisionSession(
        training=training,
        held_on=held_on,
        minutes=minutes,
        form=form,
        topics=topics,
        agreed_actions=agreed_actions,
        next_session=next_session,
        written_by=person,
        submission_key=submission_key,
    )
    check_text_lengths(session)
    with transaction.atomic():
        lock_training(training.pk)
        made = _made_already(session, training, submission_key, SESSION_CONTENT)
        if made is not None:
            return made
        if form == SupervisionForm.DISTANCE and not distance_supervision_allowed_for(
            training, held_on
        ):
            raise ValidationError(
                {
                    "form": _(
                        "Supervision at a distance needs the approvals the region requires (R8.5)."
                    )
                }
            )
        session.save()
        return session


def supervision_session_confirm(
    *, session: SupervisionSession, person: Person, now: datetime
) -> bool:
    """The other side confirms an entry (R8.6): a supervisor the resident's, the resident a
    supervisor's; never its writer, nor a co-supervisor the main supervisor's (issue 10). True if
    this confirmed it, False if it was confirmed already (perhaps a moment ago, by someone
    else)."""
    resident_id = session.training.resident_id
    written_by_resident = session.written_by_id == resident_id
    if session.written_by_id == person.pk or written_by_resident == (person.pk == resident_id):
        raise ValidationError(_("The other side confirms an entry, not its writer."))
    with transaction.atomic():
        locked = SupervisionSession.objects.select_for_update().get(pk=session.pk)
        if locked.confirmed_at is not None:
            return False
        session.confirmed_by, session.confirmed_at = person, now
        session.save(update_fields=["confirmed_by", "confirmed_at"])
        return True


def distance_approval_grant(*, training: Training, role: str, person: Person) -> DistanceApproval:
    """`person` approves supervision at a distance as `role` (R8.5); approved twice is one
    approval, the first."""
    # G: the medical adviser in the place of a unit head who is not a doctor
    if role not in access.distance_approvers_of(training):
        raise ValidationError(_("The region's routine names no such approver (R8.5)."))
    with transaction.atomic():  # get_or_create finds an approval made at the same moment
        approval, _created = DistanceApproval.objects.get_or_create(
            training=training, role=role, defaults={"person": person}
        )
        return approval


# --- Study time (R3.2–R3.5) -------------------------------------------------------------------


def study_time_record(
    *, training: Training, week: date, minutes: int, note: str = "", today: date | None = None
) -> StudyTimeEntry:
    """The study time taken in the week of `week` (any day of it; kept as its Monday). A week
    recorded again is corrected, not counted twice. Issue 12 item 15: study time is recorded
    once taken (G 4.1.2: "fyra timmars studietid ska avsättas varje vecka vid heltidsanställning,
    de dagar som ST-läkaren är i kliniskt arbete"; V: "Studietid minst 2 timmar/vecka under
    vårdcentralsplaceringen"), so a week that has not begun by `today` is refused, as is one
    that ended before the ST began (the ledger counts from the start).
    `today` None (a script, the older callers) leaves the first check out."""
    if today is not None:
        refuse_after_today(
            today,
            {"week": monday(week)},
            _("That week has not begun: study time is recorded once it is taken."),
        )
    if monday(week) + timedelta(days=6) < training.start_date:
        raise ValidationError(
            {
                "week": _("The date is before the start of the ST (%(start)s).")
                % {"start": training.start_date}
            }
        )
    low, high = STUDY_TIME_MINUTES
    if not low <= minutes <= high:
        raise ValidationError({"minutes": _("Enter 0–3000 minutes.")})
    check_text_lengths(StudyTimeEntry(note=note), ["note"])
    with transaction.atomic():
        entry, _created = StudyTimeEntry.objects.update_or_create(
            training=training, week=monday(week), defaults={"minutes": minutes, "note": note}
        )
        return entry


# --- ST-days, seminars and FQ groups (R3.3, R3.1, R12.1; issue 11) ---------------------------

# What an education event says: the same form posted again holds the same (its recorder too).
EDUCATION_EVENT_CONTENT = ("kind", "held_on", "minutes", "title", "recorded_by_id")


def education_event_record(
    *,
    training: Training,
    by: Person,
    kind: str,
    held_on: date,
    minutes: int,
    title: str,
    today: date,
    submission_key: uuid.UUID | None = None,
) -> EducationEvent:
    """An ST-day, a lecture or seminar, or an FQ group taken part in (G 4.1.2: "I denna tid
    ingår [...] kurser, seminarier, andra utbildningsaktiviteter, som FQ-grupper,
    'tisdags-utbildningar'"; G 5.1.5, R12.1), recorded by `by`. Held on a day from the start of
    the ST to `today` (not one still to come), for 1–720 minutes; a multi-day ST-day is one
    record a day. Two events on one day may both be real; the same form posted twice is one."""
    errors: dict[str, str] = {}
    if kind not in EducationEventKind.values:
        errors["kind"] = _("Choose what kind of education it was.")
    if held_on > today:
        errors["held_on"] = _("It is recorded once it has taken place, not before.")
    elif held_on < training.start_date:
        errors["held_on"] = _("The date is before the start of the ST (%(start)s).") % {
            "start": training.start_date
        }
    low, high = EDUCATION_EVENT_MINUTES
    if not low <= minutes <= high:
        errors["minutes"] = _("Enter 1–720 minutes (one record a day).")
    title = title.strip()
    if not title:
        errors["title"] = _("Give it a short title.")
    if errors:
        raise ValidationError(errors)
    event = EducationEvent(
        training=training,
        kind=kind,
        held_on=held_on,
        minutes=minutes,
        title=title,
        recorded_by=by,
        submission_key=submission_key,
    )
    check_text_lengths(event, ["title"])
    with transaction.atomic():
        lock_training(training.pk)
        made = _made_already(event, training, submission_key, EDUCATION_EVENT_CONTENT)
        if made is not None:
            return made
        event.save()
        return event


def education_event_remove(*, training: Training, event_id: int, by: Person) -> bool:
    """Removes the training's event `event_id`, by its recorder or the resident (the history
    keeps it). Study time has no age limit for its corrections (a week recorded again is
    corrected whenever), so neither has this. True if this removed it; False when it was not
    there (removed a moment ago, or another training's)."""
    with transaction.atomic():
        event = (
            EducationEvent.objects.select_for_update()
            .filter(pk=event_id, training=training)
            .first()
        )
        if event is None:
            return False
        if by.pk not in (event.recorded_by_id, training.resident_id):
            raise ValidationError(_("Only the one who recorded it or the resident removes it."))
        event.delete()
        return True


# --- Assessments (R9.1, R9.2) ------------------------------------------------------------------


def assessment_request(
    *,
    training: Training,
    person: Person,
    method: str,
    goals: list[str],
    assessor: Person | None,
    assessor_name: str = "",
    assessor_email: str = "",
    base_url: str,
    now: datetime,
    submission_key: uuid.UUID | None = None,
) -> Assessment:
    """An assessment asked of an assessor with an account, who finds it in the portal, or of
    anyone by name and e-mail, who gets a link that needs no account (R9.1). The same form
    posted twice is one request, with one e-mail.

    Issue 10: a name and address the resident gives could be the resident's own, so such a
    request waits for the main supervisor or the director to approve the assessor
    (assessment_assessor_approve), who then has the link sent. Asked by a supervisor (the pages
    let only the resident and the supervisors ask), the assessor is approved by that act and the
    link goes at once."""
    if method not in profile_of(training).assessments.method_names():
        raise ValidationError({"method": _("Not a method of the region's routine.")})
    if assessor is None and not (assessor_name and assessor_email):
        raise ValidationError(
            _("Choose an assessor with an account, or give the assessor's name and e-mail.")
        )
    _check_assessor(training, assessor, assessor_email)
    item = Assessment(
        training=training,
        method=method,
        goals=list(goals),
        assessor=assessor,
        assessor_name=assessor_name,
        assessor_email=assessor_email,
        requested_by=person,
        submission_key=submission_key,
    )
    vouched = assessor is None and person.pk != training.resident_id
    if vouched:
        item.assessor_approved_by, item.assessor_approved_at = person, now
    check_text_lengths(item)
    with transaction.atomic():
        lock_training(training.pk)
        made = _made_already(item, training, submission_key, REQUEST_CONTENT)
        if made is not None:
            return made
        item.save()
        if vouched:
            assessment_link_send(item=item, base_url=base_url, now=now)
        return item


# What an assessment request says: the same form posted again holds the same.
REQUEST_CONTENT = (
    "method",
    "goals",
    "assessor_id",
    "assessor_name",
    "assessor_email",
    "requested_by_id",
)


def assessment_assessor_approve(
    *, item: Assessment, person: Person, base_url: str, now: datetime
) -> bool:
    """`person` (the main supervisor or the director, as stportal.access decides for the page)
    approves the assessor without an account the resident named, vouching for the name and the
    address; the approval is recorded with who and when, and the link is e-mailed (issue 10).
    True if this approved it; False if it was approved already (a moment ago, perhaps by the
    other approver), when nothing is sent again."""
    with transaction.atomic():
        locked = (
            Assessment.objects.select_for_update()
            .select_related("training__resident", "training__home_unit__region")
            .get(pk=item.pk)
        )
        if person.pk == locked.training.resident_id:
            raise ValidationError(_("The resident cannot approve their own assessor."))
        if locked.assessor_id is not None or locked.completed_at is not None:
            raise ValidationError(_("This assessment has no assessor to approve."))
        if locked.assessor_approved_at is not None:
            return False
        _check_assessor(locked.training, None, locked.assessor_email)  # still nobody's account
        locked.assessor_approved_by, locked.assessor_approved_at = person, now
        locked.save(update_fields=["assessor_approved_by", "assessor_approved_at"])
        assessment_link_send(item=locked, base_url=base_url, now=now)
        item.assessor_approved_by, item.assessor_approved_at = person, now
        return True


def _check_assessor(training: Training, assessor: Person | None, email: str) -> None:
    """The resident never assesses themself, nor does another resident or an administrator:
    by account only a clinician of the region, and an e-mail address of an account that may
    not assess is refused too (issue 10)."""
    allowed = access.assessors_for(training)
    if assessor is not None and not allowed.filter(pk=assessor.pk).exists():
        raise ValidationError({"assessor": _("This person cannot assess the resident.")})
    if assessor is None and email:
        owners = Person.objects.filter(email__iexact=email.strip())
        if owners.exclude(pk__in=allowed.values("pk")).exists():
            raise ValidationError(
                {
                    "assessor_email": _(
                        "This e-mail address belongs to someone who cannot assess the resident."
                    )
                }
            )


def assessment_link_send(
    *,
    item: Assessment,
    base_url: str,
    now: datetime,
    template: str = "portfolio/email_assessment.txt",
    reminder: bool = False,
) -> None:
    """A new link for an assessor without an account (R9.1), by e-mail; the older links stop
    working. `base_url` is the site's address without a trailing slash. Only to an approved
    assessor (issue 10)."""
    if item.assessor_approved_at is None:
        raise ValidationError(_("The assessor is not approved yet."))
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
            "label": assessment_label(item),  # which of the resident's requests (issue 12)
        }
        send_templated(template, context, item.assessor_email)


def assessment_complete(
    *, item: Assessment, person: Person | None, data: dict[str, Any], now: datetime
) -> Assessment:
    """The assessor's part (R9.1): `data` holds held_on, goals, feedback and judgement.
    `person` is who fills it in, None for an assessor through a link; an assessor with an
    account who was not named becomes the assessor. Completed once: its link stops working."""
    _completion_check(training=item.training, person=person, data=data, now=now)
    if person is None and item.assessor_approved_at is None:
        raise ValidationError(_("The assessor is not approved yet."))
    with transaction.atomic():
        done = (
            Assessment.objects.select_for_update()
            .filter(pk=item.pk)
            .values_list("completed_at", flat=True)
        )
        if done.get() is not None:
            raise ValidationError(_("This assessment is completed already."))
        _completion_fill(item, person, data, now)
        item.save()
        return item


def _completion_check(
    *, training: Training, person: Person | None, data: dict[str, Any], now: datetime
) -> None:
    """What an assessment needs to be completed (R9.1), requested first or not: a date, feedback
    and a judgement; held, not to come; never by the resident themself."""
    for field in ("held_on", "feedback", "judgement"):
        if not data.get(field):
            raise required(field)
    if data["judgement"] not in Judgement.values:
        raise required("judgement")
    # Issue 12 item 15: the assessor records an assessment held, not one to come (R9.1, G 5.1.4:
    # "Handledaren ska dokumentera bedömningarna i ST-läkarens portfölj").
    refuse_after_today(
        timezone.localdate(now),
        {"held_on": data["held_on"]},
        _("The assessment is recorded once it has been held."),
    )
    if person is not None and person.pk == training.resident_id:
        raise ValidationError(_("This person cannot assess the resident."))


def _completion_fill(
    item: Assessment, person: Person | None, data: dict[str, Any], now: datetime
) -> None:
    """The assessor's part written into the (unsaved) row: one way for a requested assessment
    completed and one recorded at once, so both keep the same fields and history."""
    item.held_on = data["held_on"]
    item.goals = list(data.get("goals") or [])
    item.feedback = data["feedback"]
    check_text_lengths(item, ["feedback"])
    item.judgement = data["judgement"]
    item.completed_at, item.link_nonce = now, ""
    if item.assessor_id is None and person is not None:
        item.assessor = person


def assessment_record(
    *,
    training: Training,
    person: Person,
    method: str,
    data: dict[str, Any],
    now: datetime,
    submission_key: uuid.UUID | None = None,
) -> Assessment:
    """An assessment the supervisor has just held, documented at once without being requested
    first (issue 12 item 7; R9.1, G 5.1.4: "Handledaren ska dokumentera bedömningarna i
    ST-läkarens portfölj"): one completed row with `person` as its assessor and requester.
    `data` holds held_on, goals, feedback and judgement, checked and written as a completion is
    (assessment_complete), so it counts in the follow-up (R9.1, R9.2) and, in Västmanland, waits
    for the unit head's feedback (R9.4: "Verksamhetschefen ska få återkoppling om dokumenterade
    bedömningar!") exactly like a requested one. The pages let only the training's supervisors
    record; the resident never records their own. The same form posted twice is one row."""
    if method not in profile_of(training).assessments.method_names():
        raise ValidationError({"method": _("Not a method of the region's routine.")})
    if person.pk == training.resident_id:
        raise ValidationError(_("The resident cannot record an assessment of themself."))
    _check_assessor(training, person, "")
    _completion_check(training=training, person=person, data=data, now=now)
    item = Assessment(
        training=training,
        method=method,
        assessor=person,
        requested_by=person,
        submission_key=submission_key,
    )
    _completion_fill(item, person, data, now)
    with transaction.atomic():
        lock_training(training.pk)
        made = _made_already(item, training, submission_key, RECORD_CONTENT)
        if made is not None:
            return made
        item.save()
        return item


# What a recorded assessment says: the same form posted again holds the same.
RECORD_CONTENT = (
    "method",
    "goals",
    "held_on",
    "feedback",
    "judgement",
    "assessor_id",
    "requested_by_id",
)


def assessment_label(item: Assessment) -> str:
    """The words that tell one assessment from another of the same person (issue 12 item 7):
    method, delmål, and when and by whom it was requested, or, recorded by its assessor
    without a request, when it was held and by whom. The list, the assessor's "to do", the
    e-mail and the form's heading all say it alike."""
    values = {
        "method": item.method_name,
        "goals": ", ".join(item.goals),
        "who": str(item.requested_by),
    }
    if item.requested_by_id == item.assessor_id and item.held_on is not None:
        values["day"] = item.held_on.isoformat()
        if item.goals:
            return _("%(method)s, delmål %(goals)s, held %(day)s, recorded by %(who)s") % values
        return _("%(method)s, held %(day)s, recorded by %(who)s") % values
    values["day"] = timezone.localdate(item.requested_at).isoformat()
    if item.goals:
        return _("%(method)s, delmål %(goals)s, requested %(day)s by %(who)s") % values
    return _("%(method)s, requested %(day)s by %(who)s") % values


# --- Courses and certificates (R7.4, R9.5) ------------------------------------------------------


def course_record(
    *,
    training: Training,
    person: Person,
    name: str,
    from_date: date,
    to_date: date,
    course_code: str = "",
    goals: list[str] | None = None,
    certificate: File | None = None,
    submission_key: uuid.UUID | None = None,
    today: date | None = None,
) -> CourseRecord:
    """A course taken, with its certificate: a PDF, PNG or JPEG by its first bytes, at most
    STPORTAL_MAX_UPLOAD_BYTES (R7.4, R9.5). A course of the catalogue takes the catalogue's name
    when none is given. The same form posted twice is one record with one stored file.
    Issue 12 item 15: a course taken, with its certificate (R9.5, V: "spara alla kurs- och
    tjänstgöringsintyg"), so neither day lies after `today` (None: not checked, for the older
    callers)."""
    if today is not None:
        refuse_after_today(
            today,
            {"from_date": from_date, "to_date": to_date},
            _("A course is recorded once it has been taken, with its certificate."),
        )
    catalogue = {c.code: c.name for c in profile_of(training).courses.catalogue}
    if course_code and course_code not in catalogue:
        raise ValidationError({"course_code": _("Not a course of the region's catalogue.")})
    name = name or catalogue.get(course_code, "")
    if not name:
        raise ValidationError({"name": _("Name the course, or choose it from the catalogue.")})
    if to_date < from_date:
        raise ValidationError({"to_date": _("The last day is before the first day.")})
    certificate_type = certificate_type_of(certificate) if certificate else ""
    record = CourseRecord(
        training=training,
        course_code=course_code,
        name=name,
        from_date=from_date,
        to_date=to_date,
        goals=list(goals or []),
        uploaded_by=person,
        certificate=certificate,
        certificate_type=certificate_type,
        submission_key=submission_key,
    )
    check_text_lengths(record)
    with transaction.atomic():
        lock_training(training.pk)
        made = _made_already(record, training, submission_key, COURSE_CONTENT)
        if made is not None:
            if not _same_file(made.certificate, certificate):
                raise SubmittedAlready()
            return made  # the file posted again is not stored
        record.save()  # stores the file
        return record


# What a course record says besides its certificate: the same form posted again holds the same.
COURSE_CONTENT = (
    "course_code",
    "name",
    "from_date",
    "to_date",
    "goals",
    "certificate_type",
    "uploaded_by_id",
)


CHUNK = 64 * 1024  # compared a part at a time, so a large scan is never read whole


def _same_file(stored: FieldFile, upload: File | None) -> bool:
    """Whether the upload has the stored certificate's bytes (both absent counts as the same)."""
    if not stored or upload is None:
        return not stored and upload is None
    if stored.size != upload.size:
        return False
    upload.seek(0)
    with stored.open("rb") as kept:
        while chunk := kept.read(CHUNK):
            if upload.read(len(chunk)) != chunk:
                return False
    return True


# --- Written work and quality work (R4) -----------------------------------------------------------


def scholarly_work_save(
    *,
    training: Training,
    kind: str,
    topic: str,
    research_supervisor: Person | None = None,
    research_supervisor_name: str = "",
    plan: str = "",
    planned_on: date | None = None,
    presented_on: date | None = None,
    completed_on: date | None = None,
    working_days: int | None = None,
    goals: list[str] | None = None,
    seen_version: str | None = None,
    today: date | None = None,
) -> ScholarlyWork:
    """The training's written work or quality work (one of each), created or changed; refused
    when it changed after the person's form was built on it (`seen_version`, issue 10).
    Issue 12 item 15: the days it was presented and finished are recorded once they have come
    (R4, G 4.1.3: "Utöver skriftlig rapport ska arbetet presenteras muntligt"; the planned day
    may lie ahead); `today` None: not checked, for the older callers."""
    if today is not None:
        refuse_after_today(today, {"presented_on": presented_on, "completed_on": completed_on})
    if kind not in ScholarlyKind.values:
        raise ValidationError(_("Unknown kind of work."))
    if not topic:
        raise required("topic")
    if completed_on and planned_on and completed_on < planned_on:
        raise ValidationError({"completed_on": _("A work is finished after its plan is agreed.")})
    values = {
        "topic": topic,
        "research_supervisor_id": research_supervisor.pk if research_supervisor else None,
        "research_supervisor_name": research_supervisor_name,
        "plan": plan,
        "planned_on": planned_on,
        "presented_on": presented_on,
        "completed_on": completed_on,
        "working_days": working_days,
        "goals": list(goals or []),
    }
    with transaction.atomic():
        lock_training(training.pk)  # the first save of a work meets another one at a time
        work = (
            ScholarlyWork.objects.select_for_update().filter(training=training, kind=kind).first()
        )
        if work is None:
            work = ScholarlyWork(training=training, kind=kind)
        elif check_unchanged(work, seen_version, wanted=values):
            return work
        for field, value in values.items():
            setattr(work, field, value)
        check_text_lengths(work)
        work.save()
        return work


# --- Annual reviews (R9.3, R9.4, R2.6) ------------------------------------------------------------


def annual_review_part_save(
    *,
    training: Training,
    year: int,
    part: str,
    text: str,
    sign: bool,
    person: Person,
    now: datetime,
    due_years: Collection[int],
    seen_version: str | None = None,
) -> AnnualReview:
    """One part of the year's review, written by its author and, with `sign`, signed by them at
    `now`; a signed part is frozen (R9.3). `year` must be one of the ST years the timeline has a
    review for (`due_years`; issue 10: no review of year 0 or 99999). Refused when the part
    changed after the person's form was built on it (`seen_version`, issue 10); the other parts
    are their authors' own and do not count."""
    if year not in due_years:
        raise ValidationError(_("The ST has no annual review for that year."))
    if part not in profile_of(training).annual_review.parts or part not in ANNUAL_REVIEW_PARTS:
        raise ValidationError(_("The region's routine has no such part of the annual review."))
    if not text.strip():
        raise ValidationError(_("Write the text before saving."))
    fields = [part, ANNUAL_REVIEW_PARTS[part], SIGNER_FIELD[part]]
    with transaction.atomic():
        review, _created = AnnualReview.objects.select_for_update().get_or_create(
            training=training, year=year
        )
        if getattr(review, ANNUAL_REVIEW_PARTS[part]):
            signer_id = getattr(review, SIGNER_FIELD[part] + "_id")
            if sign and getattr(review, part) == text and signer_id == person.pk:
                return review  # the same signature posted twice
            raise ValidationError(_("This part is signed and cannot be changed."))
        wanted: dict[str, Any] | None = None if sign else {part: text}
        if check_unchanged(review, seen_version, fields, wanted=wanted):
            return review
        setattr(review, part, text)
        check_text_lengths(review, [part])
        if sign:
            setattr(review, ANNUAL_REVIEW_PARTS[part], now)
            setattr(review, SIGNER_FIELD[part], person)
        review.save()
        return review


# --- Delmål progress --------------------------------------------------------------------------


def goal_progress_judge(
    *,
    training: Training,
    goal: str,
    status: str,
    note: str = "",
    person: Person,
    seen_version: str | None = None,
) -> GoalProgress:
    """A supervisor's judgement of one delmål; the history keeps the earlier ones. Refused when
    the judgement changed after the person's form was built on it (`seen_version`, issue 10);
    the same judgement posted twice is recorded once."""
    if plan_services.goal_of(training, goal) is None:
        raise ValidationError(_("No such delmål in the training's målbeskrivning."))
    if status not in GoalStatus.values:
        raise ValidationError({"status": _("Choose a judgement.")})
    with transaction.atomic():
        lock_training(training.pk)  # the first judgement meets another one at a time
        progress = GoalProgress.objects.select_for_update().filter(training=training, goal=goal)
        current = progress.first()
        if current is None:
            current = GoalProgress(training=training, goal=goal)
        elif check_unchanged(current, seen_version, wanted={"status": status, "note": note}):
            return current
        if current.status != status:  # R5.5 (V): the unit head agrees to this judgement
            current.unit_head_agreed_by, current.unit_head_agreed_at = None, None
        current.status, current.note, current.judged_by = status, note, person
        check_text_lengths(current, ["note"])
        current.save()
        return current


def goal_unit_head_agree(
    *, training: Training, goal: str, person: Person, now: datetime
) -> GoalProgress:
    """R5.5 (V): the unit head agrees that a delmål the supervisor judged met is met ("vilket
    bedöms av handledare och verksamhetschef"). Only a judgement of met can be agreed to; agreed
    twice is one agreement, the first."""
    with transaction.atomic():
        progress = (
            GoalProgress.objects.select_for_update().filter(training=training, goal=goal).first()
        )
        if progress is None or progress.status != GoalStatus.MET:
            raise ValidationError(_("The supervisor has not judged this delmål met."))
        if progress.unit_head_agreed_at is None:
            progress.unit_head_agreed_by, progress.unit_head_agreed_at = person, now
            progress.save(update_fields=["unit_head_agreed_by", "unit_head_agreed_at"])
        return progress


# --- The unit head's part (R9.4, V) --------------------------------------------------------------


def assessment_unit_head_inform(*, assessment: Assessment, person: Person, now: datetime) -> None:
    """R9.4 (V): "Verksamhetschefen ska få återkoppling om dokumenterade bedömningar!" — a
    completed assessment marked as fed back to the unit head, by whom and when; once."""
    if assessment.completed_at is None:
        raise ValidationError(_("Only a completed assessment can be fed back."))
    Assessment.objects.filter(pk=assessment.pk, unit_head_informed_at__isnull=True).update(
        unit_head_informed_by=person, unit_head_informed_at=now
    )


def unit_head_check_in_record(
    *, training: Training, held_on: date, note: str = "", person: Person, today: date
) -> UnitHeadCheckIn:
    """R9.4 (V): a check-in between the resident and the unit head ("Regelbunden avstämning
    mellan ST-läkare och verksamhetschef"); one a day, recorded twice is the first."""
    refuse_after_today(
        today, {"held_on": held_on}, _("A check-in is recorded once it has taken place.")
    )
    with transaction.atomic():
        record, _created = UnitHeadCheckIn.objects.get_or_create(
            training=training, held_on=held_on, defaults={"note": note, "recorded_by": person}
        )
        return record


# --- Milestones documented nowhere else (R5.2, R5.3, R5.6) --------------------------------------


# The milestone that is held with an external assessor and has a result (R5.2).
MITT_I_ST = "mitt_i_st"


def milestone_record(
    *,
    training: Training,
    code: str,
    person: Person,
    today: date,
    assessor_name: str = "",
    result: str = "",
) -> MilestoneRecord:
    """A milestone done on `today` (R5.2, R5.3, R5.6); recorded twice is one record, the first.

    Mitt i ST held (R5.2, G 5.1.7: "Mitt-i-ST [...] är en mittvärdering som ska beställas från
    SFAM. En extern värderare utses och genomför Mitt-i-ST med ST-läkaren") names its external
    assessor and may carry the result (the assessor's summary, what to work on); the other
    milestones carry neither. Recorded again, Mitt i ST is corrected (mitt_i_st_correct): the
    result often comes after the day it was held, and a misspelt assessor is put right, where
    before the second submission was silently dropped (review of issue 11)."""
    if code not in MilestoneRecord.RECORDABLE:
        raise ValidationError(_("No such milestone can be recorded here."))
    if code == MITT_I_ST:
        assessor_name, result = assessor_name.strip(), result.strip()
        if not assessor_name:
            raise ValidationError(
                {"assessor_name": _("Name the external assessor who held Mitt i ST.")}
            )
    else:
        assessor_name, result = "", ""
    fields = {"done_on": today, "recorded_by": person}
    fields |= {"assessor_name": assessor_name, "result": result}
    check_text_lengths(MilestoneRecord(**fields), ["assessor_name", "result"])
    with transaction.atomic():  # get_or_create finds a record made at the same moment
        record, created = MilestoneRecord.objects.get_or_create(
            training=training, code=code, defaults=fields
        )
        if created or code != MITT_I_ST:
            return record
    return mitt_i_st_correct(
        training=training, person=person, assessor_name=assessor_name, result=result
    )


def mitt_i_st_correct(
    *, training: Training, person: Person, assessor_name: str, result: str
) -> MilestoneRecord:
    """Mitt i ST's external assessor and result corrected (R5.2, G 5.1.7: "En extern värderare
    utses och genomför Mitt-i-ST med ST-läkaren"), by whoever may record it (the caller asks
    access.may_record_milestone). The day it was held and who first recorded it stay; the
    history keeps the old assessor and result, with who changed them (`person`) and when. The
    assessor is required as when recorded; unchanged values write nothing."""
    assessor_name, result = assessor_name.strip(), result.strip()
    if not assessor_name:
        raise ValidationError(
            {"assessor_name": _("Name the external assessor who held Mitt i ST.")}
        )
    check_text_lengths(
        MilestoneRecord(assessor_name=assessor_name, result=result), ["assessor_name", "result"]
    )
    with transaction.atomic():
        record = MilestoneRecord.objects.select_for_update().get(training=training, code=MITT_I_ST)
        if (record.assessor_name, record.result) != (assessor_name, result):
            record.assessor_name, record.result = assessor_name, result
            record._history_user = person  # type: ignore[attr-defined]  # who corrected it
            record.save(update_fields=["assessor_name", "result"])
        return record
