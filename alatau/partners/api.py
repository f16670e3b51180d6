"""``GET /api/v1/partners?trade=snowmaking&country=FR``: who can do it; ``GET /api/v1/partners/{slug}``."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from alatau.api.auth import read_auth
from alatau.api.errors import DETAIL, READ, not_found, responses
from alatau.partners.models import Partner
from alatau.partners.services import DirectoryFilter, directory

router = Router(tags=["partners"], auth=read_auth)


class PartnerOut(Schema):
    slug: str
    name: str
    kind: str
    country: str
    town: str
    trades: list[str]
    website: str
    description: str
    description_lang: str


def _out(partner: Partner, lang: str) -> dict:
    text, text_lang = partner.description(lang)
    return {
        "slug": partner.slug,
        "name": partner.name,
        "kind": partner.kind,
        "country": partner.country,
        "town": partner.town,
        "trades": partner.trade_codes,
        "website": partner.website,
        "description": text,
        "description_lang": text_lang,
    }


@router.get("", response=responses(list[PartnerOut], READ), summary="Published partners (who can do what)")
def list_partners(
    request: HttpRequest, trade: str = "", country: str = "", kind: str = "", lang: str = "en"
) -> list[dict]:
    """The published partners offering ``trade`` in ``country`` (ISO code) of ``kind``; 422 on unknown codes.

    The description (Markdown) is in ``lang`` where the partner gave one, else in another language.
    """
    return [_out(p, lang) for p in directory(DirectoryFilter(trade=trade, country=country, kind=kind))]


@router.get("/{slug}", response=responses(PartnerOut, DETAIL), summary="One published partner")
def get_partner(request: HttpRequest, slug: str, lang: str = "en") -> dict:
    partner = directory().filter(slug=slug).first()
    if partner is None:
        raise not_found(_("No published partner has this address."))
    return _out(partner, lang)
