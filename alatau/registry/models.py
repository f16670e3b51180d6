"""Regions, clubs, people and club membership: the national registry."""

from collections.abc import Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from alatau.core.models import LoggedModel
from alatau.core.text import validate_plain_text
from alatau.registry.plausible import (
    membership_start_problem,
    validate_birth_date,
    validate_nationality,
    validate_recorded_date,
)
from alatau.registry.search import CLUB_SEARCHED_FIELDS, SEARCH_NAME_LENGTH, SEARCHED_FIELDS, search_text


class TranslatedName(models.Model):
    """A name kept in each UI language; :attr:`name` picks the active one."""

    name_kk = models.CharField(_("name (Kazakh)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        lang = (translation.get_language() or "en")[:2]
        return str(getattr(self, f"name_{lang}", "") or self.name_en)


class Region(TranslatedName):
    class Kind(models.TextChoices):
        OBLAST = "oblast", _("Region (oblys)")
        CITY = "city", _("City of republican significance")

    code = models.SlugField(_("code"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Discipline(TranslatedName):
    code = models.SlugField(_("code"), max_length=32, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")


class SearchNamed(LoggedModel):
    """A model with a casefolded ``search_name`` (see alatau.registry.search), written on every save."""

    #: The fields folded into the search name.
    SEARCHED: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def fill_search_name(self) -> None:
        self.search_name = search_text(getattr(self, name) for name in self.SEARCHED)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.fill_search_name()
        fields = kwargs.get("update_fields")
        if fields is not None and set(fields) & set(self.SEARCHED):
            kwargs["update_fields"] = {*fields, "search_name"}
        super().save(*args, **kwargs)


S = TypeVar("S", bound=SearchNamed)


class SearchNamedQuerySet(models.QuerySet[S]):
    """Bulk writes skip ``save()``: these fill the search name first (imports and the demo use them)."""

    def bulk_create(self, objs: Iterable[S], *args: Any, **kwargs: Any) -> list[S]:
        rows = list(objs)
        for row in rows:
            row.fill_search_name()
        return super().bulk_create(rows, *args, **kwargs)

    def bulk_update(self, objs: Iterable[S], fields: Iterable[str], batch_size: int | None = None) -> int:
        rows, names = list(objs), list(fields)
        if set(names) & set(self.model.SEARCHED):
            for row in rows:
                row.fill_search_name()
            names.append("search_name")
        return super().bulk_update(rows, names, batch_size=batch_size)


class ClubQuerySet(SearchNamedQuerySet["Club"]):
    pass


class PersonQuerySet(SearchNamedQuerySet["Person"]):
    pass


class Club(SearchNamed):
    name = models.CharField(_("name"), max_length=200, unique=True, validators=[validate_plain_text])
    short_name = models.CharField(
        _("short name"), max_length=40, blank=True, validators=[validate_plain_text]
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="clubs", verbose_name=_("region")
    )
    town = models.CharField(_("town"), max_length=120, validators=[validate_plain_text])
    contact_name = models.CharField(
        _("contact person"), max_length=200, blank=True, validators=[validate_plain_text]
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    disciplines = models.ManyToManyField(
        Discipline, blank=True, related_name="clubs", verbose_name=_("disciplines")
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="managed_clubs", verbose_name=_("managers")
    )
    # Casefolded name, short name and town, written on every save: see alatau.registry.search.
    search_name = models.CharField(max_length=SEARCH_NAME_LENGTH, blank=True, editable=False, db_index=True)
    #: Raised by each save through the services: an edit made from an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    SEARCHED = CLUB_SEARCHED_FIELDS
    objects = ClubQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("club")
        verbose_name_plural = _("clubs")

    def __str__(self) -> str:
        return self.name


class Gender(models.TextChoices):
    MEN = "M", _("Men")
    WOMEN = "W", _("Women")


class Person(SearchNamed):
    """Anyone the federation knows: athlete, coach, official or member."""

    last_name = models.CharField(_("last name (Latin)"), max_length=100, validators=[validate_plain_text])
    first_name = models.CharField(_("first name (Latin)"), max_length=100, validators=[validate_plain_text])
    last_name_cyrillic = models.CharField(
        _("last name (Cyrillic)"), max_length=100, blank=True, validators=[validate_plain_text]
    )
    first_name_cyrillic = models.CharField(
        _("first name (Cyrillic)"), max_length=100, blank=True, validators=[validate_plain_text]
    )
    birth_date = models.DateField(_("birth date"), validators=[validate_birth_date])
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    nationality = models.CharField(
        _("nationality"), max_length=3, default="KAZ", validators=[validate_nationality]
    )
    fis_code = models.CharField(_("FIS code"), max_length=12, null=True, blank=True, unique=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_athlete = models.BooleanField(_("athlete"), default=True)
    is_coach = models.BooleanField(_("coach"), default=False)
    is_official = models.BooleanField(_("official"), default=False)
    #: The day the person (a parent, for a minor) agreed that the federation publishes their name, club and
    #: results; empty: no consent recorded, and the person is not shown to the public (see docs/privacy.md).
    publication_consent = models.DateField(
        _("consent to publication"),
        null=True,
        blank=True,
        help_text=_(
            "The day the person agreed that name, club and results are published. Empty: not public."
        ),
        validators=[validate_recorded_date],
    )
    # The login of the person themselves (self-service: their licences, results, certificates).
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    clubs: "models.ManyToManyField[Club, Membership]" = models.ManyToManyField(
        Club, through="Membership", related_name="people", blank=True
    )
    # Casefolded names and FIS code, written on every save: see alatau.registry.search.
    search_name = models.CharField(max_length=SEARCH_NAME_LENGTH, blank=True, editable=False, db_index=True)
    #: Raised by each save through the services: an edit made from an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SEARCHED = SEARCHED_FIELDS
    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "birth_date"]
        indexes = [models.Index(fields=["last_name", "first_name", "birth_date"])]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"


class Membership(models.Model):
    """A person's membership of a club; the open one (no end date) is the current club."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    club = models.ForeignKey(Club, on_delete=models.PROTECT, related_name="memberships")
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(end_date__isnull=True),
                name="one_current_club_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.club}"

    def clean(self) -> None:
        """The admin's inline and any full_clean: plausible dates, not before the person's birth."""
        born = self.person.birth_date if self.person_id else None
        errors = {}
        for name in ("start_date", "end_date"):
            day = getattr(self, name)
            reason = membership_start_problem(day, born) if day else None
            if reason:
                errors[name] = reason
        if errors:
            raise ValidationError(errors)
