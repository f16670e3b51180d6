"""System checks that warn about unsafe production settings."""

from typing import Any

from django.conf import settings
from django.core.checks import Warning, register


@register("alatau", deploy=True)
def production_settings(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    from alatau.web.settings import DEV_SECRET_KEY

    warnings = []
    if settings.SECRET_KEY == DEV_SECRET_KEY:
        warnings.append(Warning("ALATAU_SECRET_KEY is the development key.", id="alatau.W001"))
    if settings.DEBUG:
        warnings.append(Warning("ALATAU_DEBUG is on.", id="alatau.W002"))
    if "*" in settings.ALLOWED_HOSTS:
        warnings.append(Warning("ALATAU_ALLOWED_HOSTS allows any host.", id="alatau.W003"))
    if settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
        warnings.append(Warning("Email goes to the console: set ALATAU_EMAIL_BACKEND.", id="alatau.W004"))
    return warnings
