"""Partner organisations, what they can do, what they work on, and their staff's proposed profile changes."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from alatau.core.models import LoggedModel

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class Kind(models.TextChoices):
    COMPANY = "company", _("Company")
    FEDERATION = "federation", _("Federation")
    UNION = "union", _("Union or association")
    RESORT = "resort", _("Resort")
    PUBLIC_BODY = "public_body", _("Public body")
    SCHOOL = "school", _("School or university")


class Trade(models.TextChoices):
    """The fixed list of trades a partner can offer ("who can do X")."""

    LIFTS = "lifts", _("Lift manufacturer")
    SNOWMAKING = "snowmaking", _("Snowmaking")
    PISTE_MACHINES = "piste_machines", _("Piste machines")
    RESORT_DESIGN = "resort_design", _("Resort design and engineering")
    SKI_SCHOOL = "ski_school", _("Ski school")
    SAFETY = "safety", _("Safety and avalanche control")
    TIMING = "timing", _("Timing")
    EQUIPMENT = "equipment", _("Equipment")
    HOSPITALITY = "hospitality", _("Hospitality")
    TRAINING = "training", _("Training")


class Country(models.TextChoices):
    """Countries of the federation's partners (ISO 3166 alpha-2)."""

    KZ = "KZ", _("Kazakhstan")
    FR = "FR", _("France")
    RU = "RU", _("Russia")
    IT = "IT", _("Italy")
    AT = "AT", _("Austria")
    CH = "CH", _("Switzerland")
    DE = "DE", _("Germany")
    CN = "CN", _("China")
    CL = "CL", _("Chile")
    KG = "KG", _("Kyrgyzstan")
    UZ = "UZ", _("Uzbekistan")


class Partner(LoggedModel):
    """An organisation the federation works with; the public sees it once ``published``."""

    slug = models.SlugField(_("address (slug)"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    town = models.CharField(_("town"), max_length=120, blank=True)
    description_kk = models.TextField(_("description (Kazakh)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="partners/", blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    member_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name=_("member of"),
    )
    published = models.BooleanField(_("published"), default=False)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="partner_organisations", verbose_name=_("staff")
    )
    projects = models.ManyToManyField(
        "sites.Project", blank=True, related_name="partner_organisations", verbose_name=_("resort projects")
    )
    courses = models.ManyToManyField(
        "education.Course", blank=True, related_name="partner_organisations", verbose_name=_("courses taught")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:detail", args=[self.slug])

    @property
    def trade_codes(self) -> list[str]:
        return sorted(row.trade for row in self.trades.all())

    def trade_labels(self) -> list[str]:
        return [str(Trade(code).label) for code in self.trade_codes]

    def description(self, lang: str | None = None) -> tuple[str, str]:
        """(text, its language): the page's language, else English, else any language that has one."""
        lang = (lang or translation.get_language() or "en")[:2]
        for code in [lang, "en", *LANGUAGE_CODES]:
            text = getattr(self, f"description_{code}", "")
            if text:
                return text, code
        return "", lang


class PartnerTrade(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="trades")
    trade = models.CharField(_("trade"), max_length=20, choices=Trade.choices, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partner", "trade"], name="one_row_per_partner_trade")]
        ordering = ["trade"]

    def __str__(self) -> str:
        return f"{self.partner}: {self.trade}"


class RaceSupport(LoggedModel):
    """A partner's part in a race: its timing or its sponsorship."""

    class Support(models.TextChoices):
        TIMING = "timing", _("Timing")
        SPONSORSHIP = "sponsorship", _("Sponsorship")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="race_support")
    race = models.ForeignKey("competitions.Race", on_delete=models.CASCADE, related_name="partner_support")
    kind = models.CharField(_("support"), max_length=16, choices=Support.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partner", "race", "kind"], name="one_support_per_kind_and_race")
        ]
        ordering = ["race__date", "pk"]
        verbose_name = _("race support")
        verbose_name_plural = _("race support")

    def __str__(self) -> str:
        return f"{self.partner} · {self.race_id} · {self.kind}"


class SiteLink(models.Model):
    """A partner's work on a candidate site of a site study (the study's result numbers its sites)."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="site_links")
    study = models.ForeignKey("sites.Study", on_delete=models.CASCADE, related_name="partner_links")
    site_id = models.PositiveIntegerField(_("site"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "study", "site_id"], name="one_link_per_candidate_site"
            )
        ]
        ordering = ["study", "site_id"]

    def __str__(self) -> str:
        return f"{self.partner} · {self.study_id}#{self.site_id}"


class Revision(LoggedModel):
    """A profile change proposed by a partner's staff, published only once the federation approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="revisions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="partner_revisions"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    data = models.JSONField(_("proposed profile"), default=dict)
    logo = models.ImageField(_("proposed logo"), upload_to="partners/proposed/", blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("profile revision")
        verbose_name_plural = _("profile revisions")

    def __str__(self) -> str:
        return f"{self.partner} · {self.created_at:%Y-%m-%d %H:%M}" if self.created_at else str(self.partner)
