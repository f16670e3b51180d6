"""The partners part of ``alatau demo``: Cluster Montagne and the real categories of its members.

The cluster's members are companies, institutions and education/training/research bodies (171, 28 and 10
of its 209 members in 2016); the organisations below are those the public sources name as members or as
part of its export delegations, with the trades those sources give (the reference digest
``shared/reference/public-and-planning.md``, section 2). Grooming machines have no member in those
sources, so no partner offers piste machines. The timing company is the demo's own, clearly marked.
"""

import datetime as dt
from typing import Any

from alatau.core.models import Role, User
from alatau.partners import services
from alatau.partners.models import Partner, RaceSupport, Trade

T = Trade
CLUSTER = "cluster-montagne"

# slug, name, kind, country, town, trades, English description, French description
CLUSTER_ROW = (
    CLUSTER,
    "Cluster Montagne",
    "union",
    "FR",
    "Chambéry",
    [T.RESORT_DESIGN, T.TRAINING],
    "The French association of the companies that design and equip mountain areas, founded in April 2012 "
    "from France Neige International. It signed a partnership with the **Kazakh Ski Federation** in Almaty "
    "on 14 July 2014: new FIS-standard sites, their development, competitions, training of sports staff and "
    "the practice of skiing.",
    "L'association française des entreprises qui aménagent et équipent les territoires de montagne, née en "
    "avril 2012 de France Neige International. Elle a signé un partenariat avec la **Fédération de ski du "
    "Kazakhstan** à Almaty le 14 juillet 2014 : nouveaux sites aux normes FIS, leur aménagement, les "
    "compétitions, la formation des cadres sportifs et la pratique du ski.",
)

CLUSTER_RU = (
    "Французская ассоциация компаний, проектирующих и оснащающих горные территории (с 2012 года). "
    "14 июля 2014 года в Алматы подписала соглашение о партнёрстве с **Федерацией горнолыжного спорта "
    "Казахстана**."
)
CLUSTER_KK = (
    "Тау аумақтарын жобалайтын және жабдықтайтын компаниялардың француз қауымдастығы (2012 жылдан). "
    "2014 жылғы 14 шілдеде Алматыда **Қазақстан шаңғы федерациясымен** серіктестік келісімге қол қойды."
)

# fmt: off
MEMBERS: list[tuple[str, str, str, str, str, list[Trade], str, str]] = [
    ("poma", "POMA", "company", "FR", "Voreppe", [T.LIFTS],
     "Ropeways and lifts: gondolas, chairlifts and urban cable cars.",
     "Remontées mécaniques : télécabines, télésièges et transport urbain par câble."),
    ("mnd-group", "MND Group", "company", "FR", "", [T.SNOWMAKING, T.SAFETY, T.LIFTS],
     "Mountain development and safety, snowmaking networks and cable transport.",
     "Aménagement et sécurité en montagne, réseaux de neige de culture, transport par câble."),
    ("technoalpin", "TechnoAlpin", "company", "FR", "", [T.SNOWMAKING],
     "Snowmaking.", "Neige de culture."),
    ("johnson-controls-neige", "Johnson Controls Neige", "company", "FR", "", [T.SNOWMAKING],
     "Snowmaking; worked on the Sochi 2014 venues.",
     "Neige de culture ; a travaillé sur les sites de Sotchi 2014."),
    ("tas", "TAS", "company", "FR", "", [T.SAFETY],
     "Avalanche-control devices.", "Dispositifs de déclenchement préventif des avalanches."),
    ("montaz", "Montaz Équipement", "company", "FR", "", [T.SAFETY],
     "Avalanche-triggering cableways (Catex).",
     "Transporteurs à câble de déclenchement d'avalanches (Catex)."),
    ("mbs-adic", "MBS Adic", "company", "FR", "", [T.SAFETY],
     "Safety nets for pistes and race courses.", "Filets de sécurité pour les pistes et les courses."),
    ("dianeige", "Dianeige", "company", "FR", "", [T.RESORT_DESIGN],
     "Ski-area planning and design office.", "Bureau d'études en aménagement de domaines skiables."),
    ("geode", "Géode", "company", "FR", "", [T.RESORT_DESIGN],
     "Engineering and design office.", "Bureau d'études et d'ingénierie."),
    ("abest-ingenierie", "Abest Ingénierie", "company", "FR", "", [T.RESORT_DESIGN],
     "Engineering and design office.", "Bureau d'études et d'ingénierie."),
    ("dga", "DGA", "company", "FR", "", [T.RESORT_DESIGN],
     "Architecture and urban planning of resorts.", "Architecture et urbanisme de stations."),
    ("omniris", "Omniris Technologies", "company", "FR", "", [T.EQUIPMENT],
     "Ticketing, payment and access control.", "Billetterie, paiement et contrôle d'accès."),
    ("compagnie-des-alpes", "Compagnie des Alpes", "company", "FR", "", [T.HOSPITALITY],
     "Ski-area operator, part of the cluster's export delegations.",
     "Exploitant de domaines skiables, membre des délégations du cluster à l'export."),
    ("rossignol", "Rossignol", "company", "FR", "", [T.EQUIPMENT],
     "Skis and ski equipment.", "Skis et équipement de ski."),
    ("salomon", "Salomon", "company", "FR", "", [T.EQUIPMENT],
     "Ski boots, bindings and equipment.", "Chaussures, fixations et équipement de ski."),
    ("anena", "ANENA", "union", "FR", "Grenoble", [T.SAFETY, T.TRAINING],
     "The French avalanche-safety association; runs training courses abroad.",
     "L'Association nationale pour l'étude de la neige et des avalanches ; forme aussi à l'étranger."),
    ("strmtg", "STRMTG", "public_body", "FR", "", [T.SAFETY],
     "The French state technical service for ropeways and guided transport.",
     "Le service technique de l'État pour les remontées mécaniques et les transports guidés."),
    ("domaines-skiables-de-france", "Domaines Skiables de France", "union", "FR", "", [T.HOSPITALITY],
     "The association of French ski-area operators.", "L'association des exploitants de domaines skiables."),
    ("anmsm", "ANMSM", "union", "FR", "", [T.HOSPITALITY],
     "The association of the mayors of French ski towns.",
     "L'association des maires des stations de montagne."),
    ("universite-savoie-mont-blanc", "Université Savoie Mont Blanc", "school", "FR", "Chambéry",
     [T.TRAINING], "University; an agreement with the cluster since 2016.",
     "Université ; convention avec le cluster depuis 2016."),
    ("grenoble-em", "Grenoble École de Management", "school", "FR", "Grenoble", [T.TRAINING],
     "Business school, a partner of the cluster.", "École de commerce partenaire du cluster."),
]

# Institutions named alongside the cluster, and the federation's partners at home and abroad.
OTHERS: list[tuple[str, str, str, str, str, list[Trade], str, str]] = [
    ("ffs", "Fédération Française de Ski", "federation", "FR", "Annecy", [T.TRAINING],
     "The French Ski Federation.", "La Fédération française de ski."),
    ("snmsf-esf", "SNMSF · École du Ski Français", "union", "FR", "", [T.SKI_SCHOOL, T.TRAINING],
     "The French ski instructors' union, which created the ESF schools in 1945.",
     "Le syndicat national des moniteurs du ski français, qui a créé les écoles ESF en 1945."),
    ("ensa", "ENSA Chamonix", "school", "FR", "Chamonix", [T.TRAINING, T.SKI_SCHOOL],
     "Trains and certifies French ski instructors and mountain guides.",
     "Forme et certifie les moniteurs de ski et les guides de haute montagne."),
    ("russian-alpine-ski-industry-union", "Russian Alpine Ski Industry Union", "union", "RU", "Moscow",
     [T.RESORT_DESIGN, T.TRAINING], "Signed a strategic partnership with Cluster Montagne in March 2017.",
     "A signé un partenariat stratégique avec Cluster Montagne en mars 2017."),
    ("shymbulak-resort", "Shymbulak Mountain Resort", "resort", "KZ", "Almaty", [T.HOSPITALITY, T.SKI_SCHOOL],
     "The ski resort above Almaty, host of the federation's FIS races.",
     "La station au-dessus d'Almaty, qui accueille les courses FIS de la fédération."),
    ("ak-bulak-resort", "Ak Bulak", "resort", "KZ", "Talgar", [T.HOSPITALITY],
     "Ski resort in the Talgar district.", "Station de ski du district de Talgar."),
    ("almaty-race-timing", "Almaty Race Timing (demo)", "company", "KZ", "Almaty", [T.TIMING],
     "The demo's timing company: photocells, start gates and live results for the federation's races.",
     "La société de chronométrage de la démonstration : cellules, portillons et résultats en direct."),
]
# fmt: on


def _create(admin: User, row: tuple[Any, ...], member_of: Partner | None) -> Partner:
    slug, name, kind, country, town, trades, en, fr = row
    partner = services.create_partner(
        admin,
        name,
        kind,
        country,
        [str(t) for t in trades],
        slug=slug,
        town=town,
        description_en=en,
        description_fr=fr,
    )
    partner.member_of = member_of
    partner.save(update_fields=["member_of"])
    return services.set_published(admin, partner, True)


def _link_work(admin: User, by_slug: dict[str, Partner]) -> None:
    from alatau.competitions.models import Race
    from alatau.education.models import Course
    from alatau.sites.models import Project, Study

    for project in Project.objects.filter(name__startswith="Kok Zhailau"):
        services.link_project(admin, by_slug["dianeige"], project)
        services.link_project(admin, by_slug["poma"], project)
    study = Study.objects.filter(result__isnull=False).order_by("pk").first()
    sites = study.features("site") if study else []
    if study and sites:
        site_id = sites[0]["properties"]["site_id"]
        services.link_site(admin, by_slug["dianeige"], study, site_id, "First survey of the slopes")
    for course in Course.objects.order_by("-start_date", "-pk")[:2]:
        services.link_course(admin, by_slug["ensa"], course)
    for race in Race.objects.order_by("date", "pk"):
        services.link_race(admin, by_slug["almaty-race-timing"], race, RaceSupport.Support.TIMING)
        services.link_race(admin, by_slug["shymbulak-resort"], race, RaceSupport.Support.SPONSORSHIP)


def load_demo(today: dt.date) -> str:
    if Partner.objects.filter(slug=CLUSTER).exists():
        return f"partners: {Partner.objects.count()} organisations"
    admin = User.objects.get(username="admin")
    cluster = _create(admin, CLUSTER_ROW, None)
    cluster.description_ru, cluster.description_kk = CLUSTER_RU, CLUSTER_KK
    cluster.save(update_fields=["description_ru", "description_kk"])
    by_slug = {CLUSTER: cluster}
    for row in MEMBERS:
        by_slug[row[0]] = _create(admin, row, cluster)
    for row in OTHERS:
        by_slug[row[0]] = _create(admin, row, None)
    _link_work(admin, by_slug)
    staff = User.objects.filter(username="partner", role=Role.PARTNER).first()
    if staff is not None:
        services.add_staff(admin, by_slug["dianeige"], staff)
        proposal = {
            **services.profile_of(by_slug["dianeige"]),
            "description_ru": "Проектное бюро горнолыжных зон.",
        }
        services.propose_revision(staff, by_slug["dianeige"], proposal)
    members = len(MEMBERS)
    return (
        f"partners: Cluster Montagne and {members} members, {len(OTHERS)} other partners, 1 change to review"
    )
