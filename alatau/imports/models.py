"""An uploaded member file, kept between the column-mapping step and the confirmed import."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alatau.registry.models import Club


class Upload(models.Model):
    """The file as uploaded (bytes), its club, and the column mapping the user chose."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="+", verbose_name=_("club"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("uploaded by")
    )
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    # The CSV encoding the user chose in the mapping step ("" until then: detected).
    encoding = models.CharField(_("encoding"), max_length=16, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    imported_count = models.PositiveIntegerField(_("people imported"), default=0)
    joined_count = models.PositiveIntegerField(_("registered people added to the club"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("member file")
        verbose_name_plural = _("member files")

    def __str__(self) -> str:
        return self.filename
