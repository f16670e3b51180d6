"""The partner network's strings: every one in kk, ru and fr, and the compiled catalogues up to date."""

import gettext
import io
import re
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

APP = Path(__file__).resolve().parents[2] / "alatau" / "partners"
SIMPLE = [
    re.compile(r"""\{% translate "([^"]+)" %\}"""),
    re.compile(r"""(?<![\w.])_\("([^"]+)"\)"""),
]


def source_strings() -> set[str]:
    found: set[str] = set()
    for path in [*APP.rglob("*.py"), *APP.rglob("*.html")]:
        if "migrations" not in path.parts:
            text = path.read_text(encoding="utf-8")
            found |= {match for pattern in SIMPLE for match in pattern.findall(text)}
    return found


def catalogue(lang: str) -> dict[str, str]:
    """msgid → msgstr of the .po (plural entries by their singular), parsed by msgfmt into a .mo."""
    po = APP / "locale" / lang / "LC_MESSAGES" / "django.po"
    mo = subprocess.run(["msgfmt", "-o", "-", str(po)], capture_output=True, check=True).stdout
    parsed = gettext.GNUTranslations(io.BytesIO(mo))
    return {key if isinstance(key, str) else key[0]: value for key, value in parsed._catalog.items() if key}  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["kk", "ru", "fr"])
def test_every_string_translated(lang: str) -> None:
    po = (APP / "locale" / lang / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in po
    messages = catalogue(lang)
    missing = sorted(s for s in source_strings() if not messages.get(s))
    assert missing == []
    assert len(source_strings()) > 100


@pytest.mark.parametrize("lang", ["kk", "ru", "fr"])
def test_compiled_catalogue_matches(lang: str) -> None:
    mo = APP / "locale" / lang / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    expected = catalogue(lang)
    got = {k if isinstance(k, str) else k[0]: v for k, v in compiled._catalog.items() if k}  # type: ignore[attr-defined]
    assert got == expected


def test_trade_names_in_each_language() -> None:
    from alatau.partners.models import Trade

    names = {}
    for lang in ("kk", "ru", "en", "fr"):
        with translation.override(lang):
            names[lang] = str(Trade.SNOWMAKING.label)
    assert names == {
        "kk": "Жасанды қар",
        "ru": "Искусственное оснежение",
        "en": "Snowmaking",
        "fr": "Neige de culture",
    }
