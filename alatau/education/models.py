"""Staff education: programmes and their prerequisites, courses, assessments, certificates and CPD."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alatau.core.models import LoggedModel
from alatau.registry.models import Person, TranslatedName


class Kind(models.TextChoices):
    COACH = "coach", _("Coach")
    INSTRUCTOR = "instructor", _("Instructor")
    OFFICIAL = "official", _("Official")
    FIRST_AID = "first_aid", _("First aid")


class OfficialRole(models.TextChoices):
    TECHNICAL_DELEGATE = "technical_delegate", _("Technical delegate")
    REFEREE = "referee", _("Referee")
    CHIEF_OF_RACE = "chief_of_race", _("Chief of race")
    CHIEF_OF_TIMING = "chief_of_timing", _("Chief of timing")
    TIMEKEEPER = "timekeeper", _("Timekeeper")
    GATE_JUDGE = "gate_judge", _("Gate judge")
    COURSE_SETTER = "course_setter", _("Course setter")


class AwardingBody(models.TextChoices):
    FIS = "fis", _("FIS")
    FEDERATION = "federation", _("National federation")
    STATE = "state", _("State (ministry)")
    ISIA = "isia", _("ISIA")


class Language(models.TextChoices):
    KK = "kk", _("Kazakh")
    RU = "ru", _("Russian")
    EN = "en", _("English")
    FR = "fr", _("French")


class Programme(TranslatedName, LoggedModel):
    """A qualification and the training that leads to it (coach level 2, national TD, …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    official_role = models.CharField(
        _("official role"), max_length=32, choices=OfficialRole.choices, blank=True
    )
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    awarding_body = models.CharField(_("awarding body"), max_length=16, choices=AwardingBody.choices)
    validity_years = models.PositiveSmallIntegerField(_("validity (years)"), default=4)
    pass_score = models.DecimalField(_("pass mark"), max_digits=5, decimal_places=2, default=Decimal("60"))
    retake_limit = models.PositiveSmallIntegerField(_("retakes allowed"), default=2)
    retake_window_years = models.PositiveSmallIntegerField(_("retake window (years)"), default=2)
    approval = models.CharField(
        _("enrolment approved by"),
        max_length=8,
        choices=[("club", _("The person's club")), ("region", _("The region (federation)"))],
        blank=True,
        help_text=_("Blank: no approval; an enrolment is accepted when the prerequisites are met."),
    )

    class Meta:
        ordering = ["kind", "official_role", "level", "code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    @property
    def total_hours(self) -> Decimal:
        return sum((module.hours for module in self.modules.all()), Decimal("0"))


class Module(TranslatedName):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="modules")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1)

    class Meta:
        ordering = ["programme", "order"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")


class PrerequisiteRule(models.Model):
    """One condition to enrol on a programme's course, kept as data."""

    class Kind(models.TextChoices):
        QUALIFICATION = "qualification", _("Prior qualification")
        MIN_AGE = "min_age", _("Minimum age")
        MAX_AGE = "max_age", _("Maximum age")
        EXPERIENCE = "experience", _("Logged experience")
        FIRST_AID = "first_aid", _("Valid first aid certificate")
        FIS_POINTS = "fis_points", _("FIS points threshold")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="prerequisites")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    required_programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("required qualification"),
    )
    value = models.DecimalField(_("value"), max_digits=8, decimal_places=2, null=True, blank=True)
    position = models.CharField(_("position"), max_length=32, choices=OfficialRole.choices, blank=True)
    discipline = models.CharField(_("discipline"), max_length=8, blank=True)

    class Meta:
        ordering = ["programme", "id"]
        verbose_name = _("prerequisite")
        verbose_name_plural = _("prerequisites")

    def __str__(self) -> str:
        return f"{self.programme.code}: {self.get_kind_display()}"


class ExperienceLog(LoggedModel):
    """Logged practice: days officiating in a position, or an assistant assignment with a mentor's report."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="experience")
    position = models.CharField(_("position"), max_length=32, choices=OfficialRole.choices)
    date = models.DateField(_("date"))
    days = models.PositiveSmallIntegerField(_("days"), default=1)
    event = models.CharField(_("event"), max_length=200, blank=True)
    mentor = models.CharField(_("mentor"), max_length=200, blank=True)
    mentor_report = models.TextField(_("mentor's report"), blank=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("experience")
        verbose_name_plural = _("experience")


class PointsRecord(models.Model):
    """A person's FIS points in a discipline on a points list, as the prerequisite checks read them."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="education_points")
    discipline = models.CharField(_("discipline"), max_length=8)
    points = models.DecimalField(_("FIS points"), max_digits=7, decimal_places=2)
    list_date = models.DateField(_("points list date"))

    class Meta:
        ordering = ["-list_date"]
        verbose_name = _("FIS points")
        verbose_name_plural = _("FIS points")

    def __str__(self) -> str:
        return f"{self.person} {self.discipline} {self.points}"


class Course(LoggedModel):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="courses")
    organiser = models.CharField(_("organiser"), max_length=200)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    place = models.CharField(_("place"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=20)
    fee = models.DecimalField(_("fee (KZT)"), max_digits=10, decimal_places=2, default=Decimal("0"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.RU)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="courses_trained", verbose_name=_("trainers")
    )
    examiners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="courses_examined", verbose_name=_("examiners")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-start_date", "id"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return f"{self.programme.name} · {self.place} · {self.start_date:%d.%m.%Y}"


class Session(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1, default=Decimal("4"))

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.topic}"


class Enrolment(LoggedModel):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        WAITING = "waiting", _("Waiting list")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        COMPLETED = "completed", _("Completed")
        FAILED = "failed", _("Failed")
        AWAITING = "awaiting", _("Awaiting approval")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    override = models.BooleanField(_("prerequisites overridden"), default=False)
    override_reason = models.CharField(_("override reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("approval decided at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["course", "person"], name="one_enrolment_per_course")]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")

    def __str__(self) -> str:
        return f"{self.person} · {self.course}"


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="one_attendance")]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.session} {self.enrolment.person}"


class Assessment(LoggedModel):
    class Kind(models.TextChoices):
        THEORY = "theory", _("Theory")
        PRACTICAL = "practical", _("Practical")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    date = models.DateField(_("date"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    passed = models.BooleanField(_("passed"))
    attempt = models.PositiveSmallIntegerField(_("attempt"))
    examiner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["enrolment", "kind", "attempt"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.enrolment.person} · {self.get_kind_display()} #{self.attempt}"


class Certificate(LoggedModel):
    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")
        SUSPENDED = "suspended", _("Suspended")

    code = models.SlugField(_("verification code"), max_length=16, unique=True)
    number = models.CharField(_("number"), max_length=20, unique=True)
    holder = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="certificates")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="certificates")
    course = models.ForeignKey(Course, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    issued = models.DateField(_("issued"))
    expires = models.DateField(_("expires"), null=True, blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    suspended = models.BooleanField(_("suspended"), default=False)
    status_reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["-issued", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return f"{self.number} {self.holder}"

    def status_on(self, on_date: dt.date) -> str:
        """valid, expired, revoked or suspended on ``on_date``."""
        if self.revoked_on is not None and self.revoked_on <= on_date:
            return self.Status.REVOKED
        if self.suspended:
            return self.Status.SUSPENDED
        if self.issued > on_date or (self.expires is not None and self.expires < on_date):
            return self.Status.EXPIRED
        return self.Status.VALID


class Renewal(models.Model):
    """One extension of a certificate: its history is kept."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="renewals")
    renewed_on = models.DateField(_("renewed on"))
    previous_expires = models.DateField(_("previous expiry"), null=True, blank=True)
    new_expires = models.DateField(_("new expiry"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["renewed_on", "id"]
        verbose_name = _("renewal")
        verbose_name_plural = _("renewals")

    def __str__(self) -> str:
        return f"{self.certificate} → {self.new_expires}"


class Reminder(models.Model):
    """An expiry reminder sent: at most one per certificate, expiry date and lead time."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="reminders")
    expires = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["certificate", "expires", "days_before"], name="one_reminder")
        ]

    def __str__(self) -> str:
        return f"{self.certificate} −{self.days_before}d"


class CPDActivity(LoggedModel):
    class CreditType(models.TextChoices):
        SEMINAR = "seminar", _("Update seminar")
        EDUCATION = "education", _("Education credits")
        PRACTICE = "practice", _("Practice")
        SAFETY = "safety", _("Safety and first aid")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="cpd_activities")
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    credit_type = models.CharField(_("credit type"), max_length=16, choices=CreditType.choices)
    credits = models.DecimalField(_("credits"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("CPD activity")
        verbose_name_plural = _("CPD activities")

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.title}"


class RenewalRule(models.Model):
    """How a qualification is renewed: by how long, with which CPD credits or seminar, up to which age."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="renewal_rule")
    interval_years = models.PositiveSmallIntegerField(_("extension (years)"), default=4)
    credits_required = models.DecimalField(
        _("CPD credits required"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    credit_type = models.CharField(
        _("credit type counted"),
        max_length=16,
        choices=CPDActivity.CreditType.choices,
        blank=True,
        help_text=_("Blank: credits of every type count."),
    )
    seminar_required = models.BooleanField(_("refresher seminar required"), default=False)
    max_age = models.PositiveSmallIntegerField(_("age limit"), null=True, blank=True)

    class Meta:
        verbose_name = _("renewal rule")
        verbose_name_plural = _("renewal rules")

    def __str__(self) -> str:
        return f"{self.programme.code}: +{self.interval_years}y"


class QualificationUpload(models.Model):
    """A file of qualifications held before Alatau, kept between the mapping step and the import."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("uploaded by")
    )
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    imported_count = models.PositiveIntegerField(_("certificates imported"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("qualification file")
        verbose_name_plural = _("qualification files")

    def __str__(self) -> str:
        return self.filename
