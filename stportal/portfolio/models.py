"""What is documented during the ST (issue 5; R3, R4, R7.4, R8.4–R8.6, R9, R12)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from stportal.fields import LONG_TEXT_LENGTH, BoundedTextField, PlausibleDateField
from stportal.rules.followup_records import EDUCATION_MINUTES
from stportal.timeline.milestones import RECORDABLE_MILESTONES
from stportal.training.models import Training
from stportal.training.routine import profile_of

PERSON = settings.AUTH_USER_MODEL


def private_storage() -> Storage:
    """Uploaded certificates: outside the static and media URLs, served only by a view that
    asks stportal.access (settings.STPORTAL_PRIVATE_FILES)."""
    return FileSystemStorage(location=settings.STPORTAL_PRIVATE_FILES)


# The file name ending of each kind of certificate, as its content shows it (not as it was named).
CERTIFICATE_SUFFIXES = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}


def certificate_path(record: CourseRecord, filename: str) -> str:
    """A random name with the ending of the type the content was found to be: nothing of the
    person's own file name, not even its ending (`.html`, `.svg`, `.exe`), reaches the disk."""
    suffix = CERTIFICATE_SUFFIXES.get(record.certificate_type, "")
    return f"certificates/{record.training_id}/{uuid.uuid4().hex}{suffix}"


# Minutes of one supervision session (R8.4) and of study time in one week (R3.2): the database,
# the forms and the services keep these bounds.
SUPERVISION_MINUTES = (1, 600)
STUDY_TIME_MINUTES = (0, 3000)


def submission_key() -> models.UUIDField:
    """The key a form drew when it was shown (stportal.fields.submission_key_field): the same form
    posted twice, or several times at once, makes one row (issue 10). Empty for a row made
    without such a form."""
    return models.UUIDField(null=True, blank=True, editable=False)


def submitted_once(model: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["training", "submission_key"], name=f"{model}_submitted_once"
    )


class SupervisionForm(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    GROUP = "group", _("Group")
    DISTANCE = "distance", _("Distance")


class SupervisionSession(models.Model):
    """One entry of the supervision log (R8.4, R8.6); written by one side, confirmed by the
    other."""

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="supervision_sessions"
    )
    held_on = PlausibleDateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    form = models.CharField(_("form"), max_length=12, choices=SupervisionForm.choices)
    topics = BoundedTextField(_("topics"), blank=True)
    agreed_actions = BoundedTextField(_("agreed actions"), blank=True)
    next_session = PlausibleDateField(_("next session"), null=True, blank=True)
    written_by = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(_("written"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    submission_key = submission_key()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supervision session")
        verbose_name_plural = _("supervision sessions")
        ordering = ["training", "-held_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=SUPERVISION_MINUTES[0])
                & Q(minutes__lte=SUPERVISION_MINUTES[1]),
                name="supervision_minutes",
            ),
            submitted_once("supervision_session"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.minutes} min"


class DistanceApproval(models.Model):
    """An approval of supervision at a distance for a training, by one of the roles the region
    requires (R8.5)."""

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="distance_approvals"
    )
    role = models.CharField(_("approves as"), max_length=20)
    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved"), auto_now_add=True)

    class Meta:
        verbose_name = _("approval of distance supervision")
        verbose_name_plural = _("approvals of distance supervision")
        constraints = [
            models.UniqueConstraint(fields=["training", "role"], name="distance_approval_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.role})"


class StudyTimeEntry(models.Model):
    """Study time taken in one week (R3.2–R3.5); the week is named by its Monday."""

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="study_time_entries"
    )
    week = PlausibleDateField(_("week (Monday)"))
    minutes = models.PositiveSmallIntegerField(_("minutes taken"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("study time")
        verbose_name_plural = _("study time")
        ordering = ["training", "-week"]
        constraints = [
            models.UniqueConstraint(fields=["training", "week"], name="study_time_once_a_week"),
            models.CheckConstraint(
                condition=Q(minutes__lte=STUDY_TIME_MINUTES[1]), name="study_time_minutes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.week} {self.minutes} min"


# Minutes of one ST-day, seminar or FQ group (issue 11): a day's work at most, one record a day.
EDUCATION_EVENT_MINUTES = EDUCATION_MINUTES  # as the follow-up document's
EDUCATION_EVENT_TITLE_LENGTH = 200


class EducationEventKind(models.TextChoices):
    """The kinds of "other theoretical education" beside the courses (R3.3, R3.1, R12.1)."""

    ST_DAY = "st_day", _("ST day/ST meeting")
    LECTURE = "lecture", _("Lecture or seminar (other theoretical education)")
    FQ_GROUP = "fq_group", _("FQ group")


class EducationEvent(models.Model):
    """An ST-day, a lecture or seminar, or an FQ group the resident took part in (issue 11).

    G 4.1.2 (R3.1, R3.3): "Cirka 20 % av den totala tjänstgöringstiden ska anslås till
    kompetensutveckling. I denna tid ingår [...] kurser, seminarier, andra
    utbildningsaktiviteter, som FQ-grupper, 'tisdags-utbildningar' [...]" and "Studietiden utgår
    under veckor med annan typ av teoretisk utbildning (t ex tisdagsföreläsning, kurser mm) [...]
    Veckor med endast ST-dag/träff kvarligger studietiden." G 5.1.5 (R12.1): the local ST-days
    and seminars are mandatory. A `lecture` week pauses G's study time, an `st_day` week keeps it;
    all three count towards the development share. A multi-day ST-day is one record a day."""

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="education_events"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=EducationEventKind.choices)
    held_on = PlausibleDateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    title = models.CharField(_("title"), max_length=EDUCATION_EVENT_TITLE_LENGTH)
    recorded_by = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    submission_key = submission_key()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ST day, seminar or FQ group")
        verbose_name_plural = _("ST days, seminars and FQ groups")
        ordering = ["training", "-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=EDUCATION_EVENT_MINUTES[0])
                & Q(minutes__lte=EDUCATION_EVENT_MINUTES[1]),
                name="education_event_minutes",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=EducationEventKind.values), name="education_event_kind"
            ),
            submitted_once("education_event"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()} {self.minutes} min"


class Judgement(models.TextChoices):
    BELOW = "below", _("Below the expected level")
    AT = "at", _("At the expected level")
    ABOVE = "above", _("Above the expected level")


class Assessment(models.Model):
    """An assessment (R9.1, R9.2) requested by the resident from an assessor with an account, or
    from anyone by e-mail through a link; completed with feedback and a judgement.

    An assessor without an account is someone only the resident may know: the link goes out once
    the main supervisor or the director has approved the name and address (or a supervisor asked
    for the assessment), and the row keeps who approved and when (issue 10)."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="assessments")
    method = models.CharField(_("method"), max_length=30)
    goals = models.JSONField(_("delmål"), default=list, blank=True)
    assessor = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("assessor"),
    )
    assessor_name = models.CharField(_("assessor's name"), max_length=150, blank=True)
    assessor_email = models.EmailField(_("assessor's e-mail"), blank=True)
    requested_by = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    assessor_approved_by = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("assessor approved by"),
    )
    assessor_approved_at = models.DateTimeField(_("assessor approved"), null=True, blank=True)
    held_on = PlausibleDateField(_("date"), null=True, blank=True)
    feedback = BoundedTextField(_("feedback"), blank=True)
    judgement = models.CharField(
        _("judgement"), max_length=10, choices=Judgement.choices, blank=True
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # R9.4 (V): "Verksamhetschefen ska få återkoppling om dokumenterade bedömningar!" (issue 11)
    unit_head_informed_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    unit_head_informed_at = models.DateTimeField(
        _("fed back to the unit head"), null=True, blank=True
    )
    link_nonce = models.CharField(max_length=32, blank=True)
    link_sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    submission_key = submission_key()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["training", "-requested_at"]
        constraints = [
            submitted_once("assessment"),
            models.CheckConstraint(
                condition=Q(assessor_approved_by__isnull=True, assessor_approved_at__isnull=True)
                | Q(assessor_approved_by__isnull=False, assessor_approved_at__isnull=False),
                name="assessment_approval_whole",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.held_on or self.requested_at:%Y-%m-%d}"

    @property
    def method_name(self) -> str:

        names = profile_of(self.training).assessments.method_names()
        return names.get(self.method, self.method)

    @property
    def assessor_display(self) -> str:
        return str(self.assessor) if self.assessor else self.assessor_name

    @property
    def awaits_approval(self) -> bool:
        """Asked of someone without an account, and no one accountable has approved them yet."""
        return self.assessor_id is None and self.assessor_approved_at is None


class CourseRecord(models.Model):
    """A course taken (R7.4, R9.5), with its certificate."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="courses")
    course_code = models.CharField(_("course of the catalogue"), max_length=60, blank=True)
    name = models.CharField(_("course"), max_length=200)
    from_date = PlausibleDateField(_("from"))
    to_date = PlausibleDateField(_("to (inclusive)"))
    goals = models.JSONField(_("delmål"), default=list, blank=True)
    certificate = models.FileField(
        _("certificate"), storage=private_storage, upload_to=certificate_path, blank=True
    )
    certificate_type = models.CharField(max_length=40, blank=True)
    uploaded_by = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    submission_key = submission_key()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("course taken")
        verbose_name_plural = _("courses taken")
        ordering = ["training", "-from_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_date__gte=models.F("from_date")), name="course_dates_in_order"
            ),
            submitted_once("course_record"),
        ]

    def __str__(self) -> str:
        return self.name


class ScholarlyKind(models.TextChoices):
    WRITTEN_WORK = "written_work", _("Written work (scientific)")
    QUALITY_WORK = "quality_work", _("Quality and development work")


class ScholarlyWork(models.Model):
    """The written work and the quality work (R4): topic, supervisor, plan, presentation."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="scholarly_works")
    kind = models.CharField(_("kind"), max_length=20, choices=ScholarlyKind.choices)
    topic = models.CharField(_("topic"), max_length=300)
    research_supervisor = models.ForeignKey(
        PERSON,
        on_delete=models.PROTECT,
        related_name="research_supervisions",
        null=True,
        blank=True,
        verbose_name=_("research supervisor"),
    )
    research_supervisor_name = models.CharField(
        _("research supervisor (without an account)"), max_length=150, blank=True
    )
    plan = BoundedTextField(_("plan"), blank=True, max_length=LONG_TEXT_LENGTH)
    planned_on = PlausibleDateField(_("plan agreed"), null=True, blank=True)
    presented_on = PlausibleDateField(_("presented"), null=True, blank=True)
    # R4.1, R4.4 (issue 11): when the report was finished, and the working days spent on it
    # (G: "10 veckor inklusive forskningsmetodikurs"; "10 arbetsdagar" for the quality work).
    completed_on = PlausibleDateField(_("finished"), null=True, blank=True)
    working_days = models.PositiveSmallIntegerField(
        _("working days spent"),
        null=True,
        blank=True,
        help_text=_("For the written work including the research-methods course."),
    )
    goals = models.JSONField(_("delmål"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("written or quality work")
        verbose_name_plural = _("written and quality works")
        constraints = [
            models.UniqueConstraint(fields=["training", "kind"], name="scholarly_work_once")
        ]

    def __str__(self) -> str:
        return self.topic


# The signed-at field of each part of an annual review (R9.3, R9.4, R2.6).
ANNUAL_REVIEW_PARTS = {
    "resident_report": "report_signed_at",
    "supervisor_statement": "statement_signed_at",
    "director_review": "review_signed_at",
}


class AnnualReview(models.Model):
    """One ST year's review (R9.3, R9.4, R2.6): the resident's report, the main supervisor's
    statement and the director's review, each signed and then frozen."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="annual_reviews")
    year = models.PositiveSmallIntegerField(_("ST year"))
    resident_report = BoundedTextField(
        _("annual report (resident)"), blank=True, max_length=LONG_TEXT_LENGTH
    )
    report_signed_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    report_signed_at = models.DateTimeField(null=True, blank=True)
    supervisor_statement = BoundedTextField(
        _("supervisor's statement"), blank=True, max_length=LONG_TEXT_LENGTH
    )
    statement_signed_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    statement_signed_at = models.DateTimeField(null=True, blank=True)
    director_review = BoundedTextField(
        _("director's review"), blank=True, max_length=LONG_TEXT_LENGTH
    )
    review_signed_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    review_signed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual review")
        verbose_name_plural = _("annual reviews")
        ordering = ["training", "year"]
        constraints = [
            models.UniqueConstraint(fields=["training", "year"], name="annual_review_once")
        ]

    def __str__(self) -> str:
        return f"{self.training} {self.year}"


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    MET = "met", _("Met")


class GoalProgress(models.Model):
    """The supervisor's judgement of one delmål, with who and when (history keeps the earlier)."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="goal_progress")
    goal = models.CharField(_("delmål"), max_length=10)
    status = models.CharField(_("judgement"), max_length=12, choices=GoalStatus.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    judged_by = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    judged_at = models.DateTimeField(_("judged"), auto_now=True)
    # R5.5 (V): "ST-läkaren ska uppfylla alla delmål [...] vilket bedöms av handledare och
    # verksamhetschef": the unit head's agreement that the delmål is met (issue 11). Cleared
    # when the supervisor's judgement changes (services.goal_progress_set).
    unit_head_agreed_by = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    unit_head_agreed_at = models.DateTimeField(_("unit head agreed"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delmål progress")
        verbose_name_plural = _("delmål progress")
        constraints = [
            models.UniqueConstraint(fields=["training", "goal"], name="goal_progress_once")
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.status}"


class MilestoneRecord(models.Model):
    """A milestone done that nothing else in the portal documents: registration for Mitt i ST,
    the final evaluation, the closing conversation (R5.2, R5.3, R5.6)."""

    RECORDABLE = RECORDABLE_MILESTONES

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="milestone_records"
    )
    code = models.CharField(_("milestone"), max_length=40)
    done_on = PlausibleDateField(_("done"))
    # Mitt i ST only (R5.2, G 5.1.7: "En extern värderare utses och genomför Mitt-i-ST med
    # ST-läkaren"): who the external assessor was, and the result (their summary, what to work
    # on). Empty for the other milestones (issue 11).
    assessor_name = models.CharField(_("external assessor"), max_length=200, blank=True)
    result = BoundedTextField(_("result"), blank=True)
    recorded_by = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone done")
        verbose_name_plural = _("milestones done")
        constraints = [
            models.UniqueConstraint(fields=["training", "code"], name="milestone_record_once")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.done_on}"


class UnitHeadCheckIn(models.Model):
    """A check-in between the resident and the unit head (R9.4, V: "Regelbunden avstämning mellan
    ST-läkare och verksamhetschef på vårdcentralen rekommenderas"), issue 11."""

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="unit_head_check_ins"
    )
    held_on = PlausibleDateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("check-in with the unit head")
        verbose_name_plural = _("check-ins with the unit head")
        ordering = ["training", "-held_on"]
        constraints = [
            models.UniqueConstraint(fields=["training", "held_on"], name="unit_head_check_in_once")
        ]

    def __str__(self) -> str:
        return f"{self.training} {self.held_on}"
