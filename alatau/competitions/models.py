"""Events, races, entries, run times, the raw impulse log and the official versions of results."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alatau.core.models import LoggedModel
from alatau.registry.models import Club, Person


def tod_field() -> "models.DecimalField[Decimal | None, Decimal | None]":
    """A time of day in seconds since midnight, kept to 1/10,000 s."""
    return models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)


class Event(LoggedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    name = models.CharField(_("name"), max_length=200)
    place = models.CharField(_("place"), max_length=120)
    nation = models.CharField(_("nation"), max_length=3, default="KAZ")
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    organiser_club = models.ForeignKey(
        Club, null=True, blank=True, on_delete=models.SET_NULL, related_name="events", verbose_name=_("club")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    organisers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="organised_events")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_date", "name"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return f"{self.name} ({self.place})"


class PointsList(LoggedModel):
    """An uploaded FIS points list: its number, validity and the points of each competitor."""

    number = models.CharField(_("list number"), max_length=20)
    name = models.CharField(_("name"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("FIS points list")
        verbose_name_plural = _("FIS points lists")

    def __str__(self) -> str:
        return f"{self.number} {self.name}".strip()


class PointsListEntry(models.Model):
    points_list = models.ForeignKey(PointsList, on_delete=models.CASCADE, related_name="entries")
    fis_code = models.CharField(max_length=12, db_index=True)
    lastname = models.CharField(max_length=100)
    firstname = models.CharField(max_length=100, blank=True)
    nation = models.CharField(max_length=3)
    gender = models.CharField(max_length=1, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    points = models.JSONField(default=dict)  # {"GS": "12.34", …}: Decimal text by discipline

    class Meta:
        unique_together = [("points_list", "fis_code")]

    def __str__(self) -> str:
        return f"{self.fis_code} {self.lastname}"

    def points_in(self, discipline: str) -> Decimal | None:
        value = self.points.get(discipline)
        return None if value in (None, "") else Decimal(value)


class Race(LoggedModel):
    class Discipline(models.TextChoices):
        DH = "DH", _("Downhill")
        SG = "SG", _("Super-G")
        GS = "GS", _("Giant slalom")
        SL = "SL", _("Slalom")
        AC = "AC", _("Alpine combined")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="races", verbose_name=_("event"))
    codex = models.CharField(_("codex"), max_length=8)
    discipline = models.CharField(_("discipline"), max_length=2, choices=Discipline.choices)
    gender = models.CharField(_("gender"), max_length=1, choices=[("M", _("Men")), ("W", _("Women"))])
    category = models.CharField(_("category"), max_length=8)
    season = models.CharField(_("season"), max_length=7)
    date = models.DateField(_("date"))
    runs = models.PositiveSmallIntegerField(_("runs"), default=2)
    forced_penalty = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    points_list = models.ForeignKey(PointsList, null=True, blank=True, on_delete=models.SET_NULL)
    draw_seed = models.BigIntegerField(null=True, blank=True)
    drawn_at = models.DateTimeField(null=True, blank=True)
    # The version being worked on; official when a signed OfficialVersion of that number exists.
    version = models.PositiveIntegerField(default=1)
    official = models.BooleanField(default=False)
    reopen_reason = models.CharField(max_length=300, blank=True)  # why the current version was reopened
    td = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    referee = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    assistant_referee = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chief_of_race = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    start_referee = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finish_referee = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chief_of_timing = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    JURY = ("td", "referee", "assistant_referee", "chief_of_race", "start_referee", "finish_referee",
            "chief_of_timing")  # fmt: skip

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("race")
        verbose_name_plural = _("races")

    def __str__(self) -> str:
        return f"{self.codex} {self.discipline} {self.gender} {self.date:%Y-%m-%d}"


class RaceRun(LoggedModel):
    """One run of a race: its start time and course data."""

    race = models.ForeignKey(Race, on_delete=models.CASCADE, related_name="run_set")
    number = models.PositiveSmallIntegerField()
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    course_name = models.CharField(max_length=120, blank=True)
    homologation = models.CharField(max_length=40, blank=True)
    start_altitude = models.PositiveIntegerField(null=True, blank=True)
    finish_altitude = models.PositiveIntegerField(null=True, blank=True)
    length = models.PositiveIntegerField(null=True, blank=True)
    gates = models.PositiveSmallIntegerField(null=True, blank=True)
    turning_gates = models.PositiveSmallIntegerField(null=True, blank=True)
    course_setter = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    forerunners = models.CharField(max_length=300, blank=True)
    weather = models.CharField(max_length=80, blank=True)
    snow = models.CharField(max_length=80, blank=True)
    temperature = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["race", "number"]
        unique_together = [("race", "number")]

    def __str__(self) -> str:
        return f"{self.race} run {self.number}"

    @property
    def vertical_drop(self) -> int | None:
        if self.start_altitude is None or self.finish_altitude is None:
            return None
        return self.start_altitude - self.finish_altitude


class Entry(LoggedModel):
    race = models.ForeignKey(Race, on_delete=models.CASCADE, related_name="entries")
    bib = models.PositiveIntegerField(_("bib"), null=True, blank=True)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    fis_code = models.CharField(_("FIS code"), max_length=12, blank=True)
    name = models.CharField(_("name"), max_length=200)
    nation = models.CharField(_("nation"), max_length=3)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    guest = models.BooleanField(default=False)
    fis_points = models.DecimalField(_("FIS points"), max_digits=7, decimal_places=2, null=True, blank=True)
    points_set_by_hand = models.BooleanField(default=False)
    points_reason = models.CharField(max_length=200, blank=True)
    licence_override = models.CharField(max_length=200, blank=True)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["race", "bib", "name"]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        constraints = [
            models.UniqueConstraint(
                fields=["race", "bib"], condition=models.Q(bib__isnull=False), name="one_bib_per_race"
            )
        ]

    def __str__(self) -> str:
        return f"{self.bib or '—'} {self.name}"


class RunTime(LoggedModel):
    """One competitor's run: times of day (1/10,000 s), net time, system, status; ``version`` for edits."""

    class Status(models.TextChoices):
        NONE = "", _("Classified")
        DNS = "DNS", "DNS"
        DNF = "DNF", "DNF"
        DSQ = "DSQ", "DSQ"
        DNQ = "DNQ", "DNQ"

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="times")
    run = models.PositiveSmallIntegerField()
    start_tod = tod_field()
    finish_tod = tod_field()
    start_tod_b = tod_field()
    finish_tod_b = tod_field()
    net_time = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)
    system = models.CharField(max_length=1, default="A")
    manual = models.BooleanField(default=False)
    status = models.CharField(max_length=3, choices=Status.choices, blank=True, default="")
    gate = models.CharField(max_length=10, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Hand timing (ICR 611.2.2), times of day to 1/100 s; system "H" marks a net time corrected from them.
    hand_start_tod = tod_field()
    hand_finish_tod = tod_field()

    class Meta:
        ordering = ["entry", "run"]
        unique_together = [("entry", "run")]

    def __str__(self) -> str:
        return f"{self.entry} run {self.run}"


class ImpulseLog(models.Model):
    """A raw line read from a timing device or file: written once, never rewritten."""

    race = models.ForeignKey(Race, on_delete=models.CASCADE, related_name="impulses")
    run = models.PositiveSmallIntegerField()
    device = models.CharField(max_length=16)
    line_no = models.PositiveIntegerField()
    raw = models.TextField()
    bib = models.PositiveIntegerField(null=True, blank=True)
    channel = models.CharField(max_length=8, blank=True)
    time_of_day = tod_field()
    received_at = models.DateTimeField(auto_now_add=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    system = models.CharField(max_length=1, default="A")
    cleared = models.BooleanField(default=False)

    class Meta:
        ordering = ["race", "received_at", "pk"]

    def __str__(self) -> str:
        return self.raw[:60]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("the impulse log is never rewritten")
        super().save(*args, **kwargs)


class OfficialVersion(LoggedModel):
    """A signed, immutable snapshot of a race's results: canonical JSON and its SHA-256."""

    race = models.ForeignKey(Race, on_delete=models.CASCADE, related_name="official_versions")
    version = models.PositiveIntegerField()
    canonical = models.TextField()
    sha256 = models.CharField(max_length=64)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=300, blank=True)  # why it was reopened afterwards

    class Meta:
        ordering = ["race", "version"]
        unique_together = [("race", "version")]

    def __str__(self) -> str:
        return f"{self.race} v{self.version} {self.sha256[:12]}"


class Cup(LoggedModel):
    """Season standings over a season's races: the place→points table, the tie-break, what counts."""

    class TieBreak(models.TextChoices):
        COUNTBACK = "countback", _("Most wins, then most second places, …")
        LATEST = "latest", _("Better place in the latest race")
        SHARED = "shared", _("Shared place")

    name = models.CharField(_("name"), max_length=200)
    season = models.CharField(_("season"), max_length=7)
    races = models.ManyToManyField(Race, blank=True, related_name="cups", verbose_name=_("races"))
    points_table = models.CharField(_("points by place"), max_length=400, blank=True)  # blank: World Cup
    tie_break = models.CharField(
        _("tie-break"), max_length=12, choices=TieBreak.choices, default=TieBreak.COUNTBACK
    )
    drop_worst = models.PositiveSmallIntegerField(_("worst results dropped"), default=0)
    best_of = models.PositiveSmallIntegerField(_("best results counting"), null=True, blank=True)
    # Age classes as NAME:OLDEST pairs (``U14:13, U16:15``); blank: the races' categories only.
    age_classes = models.CharField(_("age classes"), max_length=200, blank=True)
    rank_within_class = models.BooleanField(_("places within the age class"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-season", "name"]
        verbose_name = _("cup")
        verbose_name_plural = _("cups")

    def __str__(self) -> str:
        return f"{self.name} {self.season}"


class HandCorrection(models.Model):
    """The working of a hand time corrected by the 10 competitors around it (ICR 611.3.2.1)."""

    run_time = models.ForeignKey(RunTime, on_delete=models.CASCADE, related_name="hand_corrections")
    channel = models.CharField(max_length=8)  # start | finish
    hand_tod = models.DecimalField(max_digits=10, decimal_places=4)
    references = models.JSONField(default=list)  # [{"bib", "hand", "electronic", "difference"}, …]
    mean_difference = models.DecimalField(max_digits=8, decimal_places=2)
    corrected_tod = models.DecimalField(max_digits=10, decimal_places=4)
    made_at = models.DateTimeField(auto_now_add=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["run_time", "-made_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.run_time} {self.channel} {self.corrected_tod}"

    @property
    def reference_bibs(self) -> list[int]:
        return [int(r["bib"]) for r in self.references]


class ImpulseAssignment(models.Model):
    """A bib given by hand to an impulse the timer sent without one (``?``); the log stays as read."""

    impulse = models.OneToOneField(ImpulseLog, on_delete=models.CASCADE, related_name="assignment")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.impulse} → {self.entry.bib}"


class TimingSetup(LoggedModel):
    """A race's timing form (for the FIS Timing Report) and its FIS live-timing connection."""

    race = models.OneToOneField(Race, on_delete=models.CASCADE, related_name="timing_setup")
    # The timekeeper (timing company)
    timekeeper_lastname = models.CharField(_("timekeeper last name"), max_length=100, blank=True)
    timekeeper_firstname = models.CharField(_("timekeeper first name"), max_length=100, blank=True)
    timekeeper_nation = models.CharField(_("timekeeper nation"), max_length=3, blank=True)
    timekeeper_email = models.CharField(_("timekeeper e-mail"), max_length=200, blank=True)
    timekeeper_phone = models.CharField(_("timekeeper phone"), max_length=40, blank=True)
    timekeeper_company = models.CharField(_("timing company"), max_length=120, blank=True)
    # Devices: {"timer_a": {"brand", "model", "serial", "homologation"}, "timer_b", "start_device",
    # "start_clock", "cells_a", "cells_b"}; timer B unused with a reason.
    devices = models.JSONField(default=dict, blank=True)
    timer_b_used = models.BooleanField(_("timer B used"), default=True)
    timer_b_not_used = models.CharField(_("why timer B was not used"), max_length=200, blank=True)
    start_device_type = models.PositiveSmallIntegerField(_("start device type"), default=10)
    software_brand = models.CharField(_("software"), max_length=60, default="Alatau")
    software_version = models.CharField(_("software version"), max_length=20, blank=True)
    connection_a = models.CharField(_("connection system A"), max_length=8, default="Cable")
    connection_b = models.CharField(_("connection system B"), max_length=8, default="Radio")
    connection_voice = models.CharField(_("voice connection"), max_length=8, default="Radio")
    sync_time = models.TimeField(_("synchronisation"), null=True, blank=True)
    handsync_time = models.TimeField(_("hand-timing synchronisation"), null=True, blank=True)
    synccheck_a = tod_field()
    synccheck_b = tod_field()
    delayed_start_door = models.BooleanField(_("delayed start door"), default=False)
    certify = models.BooleanField(_("certified to FIS rules"), default=True)
    # FIS live timing
    live_host = models.CharField(_("FIS live host"), max_length=200, blank=True)
    live_port = models.PositiveIntegerField(_("FIS live port"), null=True, blank=True)
    live_password = models.CharField(_("FIS live password"), max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.race} timing"


from alatau.competitions.entry_models import EntryRequest, EntryRules  # noqa: E402, F401 - online entries
