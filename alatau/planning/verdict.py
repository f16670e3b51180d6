"""The verdict of a capacity report in plain words, in Kazakh, Russian, English and French.

The engine has no Django, so its four languages live here as plain tables keyed by a reason's code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from alatau.errors import InputError

if TYPE_CHECKING:
    from alatau.planning.capacity import CapacityReport

LANGUAGES = ("kk", "ru", "en", "fr")

_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "no-lifts": "no lifts: the plan carries nobody up",
        "no-pistes": "no pistes: the plan has nowhere to ski",
        "balanced": "balanced: lifts and trails carry about the same ({pct} % apart)",
        "lifts-limited": "lift-limited: trails could carry {pct} % more",
        "trails-limited": "trail-limited: lifts could carry {pct} % more",
        "no-beds": "no beds: the whole capacity relies on day visitors ({visitors} a day)",
        "beds-short": "beds cover {pct} % of the capacity: relies on day visitors ({visitors} a day)",
        "beds-over": "beds bring {pct} % more skiers than the slopes carry comfortably: crowding",
        "beds-balanced": "beds balance the capacity ({pct} %)",
        "few-pistes": "few pistes per lift: {km} km a lift against about {ref} km in the region",
        "many-pistes": "many pistes per lift: {km} km a lift against about {ref} km in the region",
        "size-very-small": "size: very small resort ({mft} million vertical feet an hour)",
        "size-small-mid": "size: small to mid-sized resort ({mft} million vertical feet an hour)",
        "size-large-mid": "size: large mid-sized resort ({mft} million vertical feet an hour)",
        "size-large": "size: large resort ({mft} million vertical feet an hour)",
    },
    "fr": {
        "no-lifts": "aucune remontée : le plan ne monte personne",
        "no-pistes": "aucune piste : le plan n'offre rien à skier",
        "balanced": "équilibré : remontées et pistes portent à peu près autant (écart de {pct} %)",
        "lifts-limited": "limité par les remontées : les pistes pourraient porter {pct} % de plus",
        "trails-limited": "limité par les pistes : les remontées pourraient porter {pct} % de plus",
        "no-beds": "aucun lit : toute la capacité repose sur les skieurs à la journée ({visitors} par jour)",
        "beds-short": "les lits couvrent {pct} % de la capacité : recours aux skieurs à la journée "
        "({visitors} par jour)",
        "beds-over": "les lits amènent {pct} % de skieurs de plus que les pistes n'en portent "
        "confortablement : affluence",
        "beds-balanced": "les lits équilibrent la capacité ({pct} %)",
        "few-pistes": "peu de pistes par remontée : {km} km par remontée contre environ {ref} km "
        "dans la région",
        "many-pistes": "beaucoup de pistes par remontée : {km} km par remontée contre environ {ref} km "
        "dans la région",
        "size-very-small": "taille : très petit domaine ({mft} millions de pieds verticaux par heure)",
        "size-small-mid": "taille : domaine petit à moyen ({mft} millions de pieds verticaux par heure)",
        "size-large-mid": "taille : grand domaine moyen ({mft} millions de pieds verticaux par heure)",
        "size-large": "taille : grand domaine ({mft} millions de pieds verticaux par heure)",
    },
    "ru": {
        "no-lifts": "нет подъёмников: план никого не поднимает",
        "no-pistes": "нет трасс: в плане негде кататься",
        "balanced": "сбалансировано: подъёмники и трассы вмещают примерно поровну (разница {pct} %)",
        "lifts-limited": "ограничено подъёмниками: трассы вместили бы на {pct} % больше",
        "trails-limited": "ограничено трассами: подъёмники подняли бы на {pct} % больше",
        "no-beds": "нет мест размещения: вся вместимость держится на однодневных посетителях "
        "({visitors} в день)",
        "beds-short": "места размещения покрывают {pct} % вместимости: нужны однодневные посетители "
        "({visitors} в день)",
        "beds-over": "места размещения дают на {pct} % больше лыжников, чем трассы вмещают комфортно: "
        "перегрузка",
        "beds-balanced": "места размещения уравновешивают вместимость ({pct} %)",
        "few-pistes": "мало трасс на подъёмник: {km} км на подъёмник против около {ref} км в регионе",
        "many-pistes": "много трасс на подъёмник: {km} км на подъёмник против около {ref} км в регионе",
        "size-very-small": "размер: очень малый курорт ({mft} млн вертикальных футов в час)",
        "size-small-mid": "размер: малый или средний курорт ({mft} млн вертикальных футов в час)",
        "size-large-mid": "размер: крупный средний курорт ({mft} млн вертикальных футов в час)",
        "size-large": "размер: крупный курорт ({mft} млн вертикальных футов в час)",
    },
    "kk": {
        "no-lifts": "көтергіштер жоқ: жоспар ешкімді көтермейді",
        "no-pistes": "трассалар жоқ: жоспарда сырғанайтын жер жоқ",
        "balanced": "теңгерімді: көтергіштер мен трассалар шамамен бірдей сыйғызады ({pct} % айырма)",
        "lifts-limited": "көтергіштермен шектелген: трассалар {pct} % көбірек сыйғызар еді",
        "trails-limited": "трассалармен шектелген: көтергіштер {pct} % көбірек көтерер еді",
        "no-beds": "орналастыру орындары жоқ: бүкіл сыйымдылық бір күндік келушілерге сүйенеді "
        "(күніне {visitors})",
        "beds-short": "орналастыру орындары сыйымдылықтың {pct} % жабады: бір күндік келушілер керек "
        "(күніне {visitors})",
        "beds-over": "орналастыру орындары трассалар жайлы сыйғызатыннан {pct} % көп шаңғышы әкеледі: "
        "тығыздық",
        "beds-balanced": "орналастыру орындары сыйымдылықты теңестіреді ({pct} %)",
        "few-pistes": "бір көтергішке трасса аз: көтергішке {km} км, өңірде шамамен {ref} км",
        "many-pistes": "бір көтергішке трасса көп: көтергішке {km} км, өңірде шамамен {ref} км",
        "size-very-small": "өлшемі: өте шағын курорт (сағатына {mft} млн тік фут)",
        "size-small-mid": "өлшемі: шағын не орташа курорт (сағатына {mft} млн тік фут)",
        "size-large-mid": "өлшемі: ірі орташа курорт (сағатына {mft} млн тік фут)",
        "size-large": "өлшемі: ірі курорт (сағатына {mft} млн тік фут)",
    },
}


def _figure(value: float, lang: str) -> str:
    text = f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
    if lang == "en":
        return text
    text = text.replace(",", "\u00a0")
    return text.replace(".", ",")


def verdict(report: CapacityReport, lang: str = "en") -> list[str]:
    """The verdict of a capacity report, one sentence per finding.

    Parameters
    ----------
    report : CapacityReport
        From :func:`alatau.planning.check`.
    lang : str
        ``kk``, ``ru``, ``en`` or ``fr`` (a region suffix such as ``ru-RU`` is ignored).

    Returns
    -------
    list of str
        E.g. ``["lift-limited: trails could carry 40 % more", "beds cover 50 % of the capacity: …"]``.

    Raises
    ------
    InputError
        For a language other than the four.
    """
    code = lang.lower().split("-")[0].split("_")[0]
    if code not in _TEXTS:
        raise InputError(f"verdict language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    texts = _TEXTS[code]
    return [
        texts[r.code].format(**{k: _figure(float(v), code) for k, v in r.values.items()})
        for r in report.reasons
    ]
