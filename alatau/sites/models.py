"""Site studies (a course and site search over an area, run as a background job), constraint layers
(areas to exclude, roads) and resort projects (a master plan kept as a plan file's JSON)."""

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alatau.core.models import LoggedModel


class LayerKind(models.TextChoices):
    EXCLUDE = "exclude", _("Areas to exclude")
    ROADS = "roads", _("Roads")


class ConstraintLayer(LoggedModel):
    """A GeoJSON layer a planner uploads: polygons no course may enter, or the road lines of access."""

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=LayerKind.choices)
    geojson = models.JSONField(_("GeoJSON"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("constraint layer")
        verbose_name_plural = _("constraint layers")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class StudyStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


FINISHED = (StudyStatus.DONE, StudyStatus.FAILED, StudyStatus.CANCELLED)


class Criteria(models.TextChoices):
    """The packaged FIS course criteria (``alatau/terrain/data/course_criteria.toml``) by level and gender."""

    FIS_M = "FIS-M", _("FIS, men")
    FIS_W = "FIS-W", _("FIS, women")
    WC_M = "WC-M", _("World Cup, men")
    WC_W = "WC-W", _("World Cup, women")


class Study(LoggedModel):
    """A search for FIS courses and resort sites in a lon/lat box; the result is the search's GeoJSON."""

    name = models.CharField(_("name"), max_length=120)
    west = models.FloatField(_("west"))
    south = models.FloatField(_("south"))
    east = models.FloatField(_("east"))
    north = models.FloatField(_("north"))
    criteria = models.CharField(
        _("criteria"), max_length=16, choices=Criteria.choices, default=Criteria.FIS_M
    )
    disciplines = models.CharField(_("disciplines"), max_length=32, default="DH,SG,GS,SL")
    access_lon = models.FloatField(_("access longitude"), default=76.89)
    access_lat = models.FloatField(_("access latitude"), default=43.24)
    layers = models.ManyToManyField(ConstraintLayer, blank=True, verbose_name=_("constraint layers"))
    status = models.CharField(
        _("status"), max_length=16, choices=StudyStatus.choices, default=StudyStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    message = models.TextField(_("message"), blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("site study")
        verbose_name_plural = _("site studies")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("sites:study-detail", args=[self.pk])

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.west, self.south, self.east, self.north)

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    def features(self, kind: str) -> list[dict[str, Any]]:
        """The result's features of one kind ("site" or "course")."""
        features = (self.result or {}).get("features", [])
        return [f for f in features if (f.get("properties") or {}).get("kind") == kind]

    def site(self, site_id: int) -> dict[str, Any] | None:
        for feature in self.features("site"):
            if feature["properties"].get("site_id") == site_id:
                return feature
        return None


class Project(LoggedModel):
    """A resort project: a master plan (a plan file's JSON) on a study's site, or drawn from scratch."""

    name = models.CharField(_("name"), max_length=120)
    study = models.ForeignKey(
        Study,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        verbose_name=_("study"),
    )
    site_id = models.PositiveIntegerField(_("site"), null=True, blank=True)
    plan = models.JSONField(_("plan"), default=dict)
    description = models.TextField(_("description"), blank=True)
    published = models.BooleanField(_("published"), default=False)
    partners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("invited partners")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("resort project")
        verbose_name_plural = _("resort projects")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("sites:project-detail", args=[self.pk])
