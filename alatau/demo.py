"""The Almaty-centred demo data set: clubs, people, three seasons of licences and a user per role.

Deterministic (one seeded random generator) and fast (bulk inserts, one hashed password): it loads in
about a second. The real Kazakh alpine skiers of the FIS points list in ``../shared`` are included when
the file is there; the other people get generated Kazakh and Russian names, in Cyrillic and in Latin.
Every person and licence gets its audit entries (created, joined club; requested, decided), as the
services would write them.
"""

import csv
import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from alatau.core.models import AuditEntry, Role, User
from alatau.errors import AlatauError
from alatau.imports.members import transliterate
from alatau.licences.models import Licence
from alatau.licences.services import licence_number, new_licence, season_label, season_of
from alatau.registry.models import Club, Discipline, Membership, Person, Region
from alatau.registry.privacy import is_minor

DEMO_PASSWORD = "alatau-demo-2025"
FIS_LIST = Path("reference/fis/FIS-points-list-AL-2022-331.csv")
SEED = 2025
PEOPLE = 300

# name, short name, region code, town, disciplines, manager's username
CLUBS = [
    ("Shymbulak Ski Club", "SHYM", "almaty-city", "Almaty", ["alpine", "snowboard", "freestyle"], "manager"),
    ("Medeu Sports School", "MEDEU", "almaty-city", "Almaty", ["alpine", "cross-country"], "manager"),
    ("Almaty Biathlon Centre", "ABC", "almaty-city", "Almaty", ["biathlon", "cross-country"], "manager2"),
    ("Ak Bulak Alpine Club", "AKBUL", "almaty", "Talgar", ["alpine", "ski-mountaineering"], "manager2"),
    ("Tabagan Snow Club", "TABAG", "almaty", "Talgar", ["snowboard", "freestyle"], "manager2"),
    ("Oi-Qaragai Mountain Club", "OIQAR", "almaty", "Esik", ["alpine", "ski-mountaineering"], "manager3"),
    ("Tekeli Ski Club", "TEKEL", "jetisu", "Tekeli", ["alpine", "cross-country"], "manager3"),
    ("Ridder Alpine School", "RIDD", "east-kazakhstan", "Ridder", ["alpine", "cross-country"], "ridder"),
    ("Oskemen Biathlon Club", "OSKEM", "east-kazakhstan", "Oskemen", ["biathlon", "cross-country"], "ridder"),
    ("Astana Nordic Club", "ASTN", "astana", "Astana", ["cross-country", "biathlon"], "manager3"),
    (
        "Burabay Ski Jumping Centre",
        "BURAB",
        "akmola",
        "Shchuchinsk",
        ["ski-jumping", "cross-country"],
        "manager3",
    ),
    ("Karaganda Ski Club", "KARAG", "karaganda", "Karaganda", ["cross-country"], "manager3"),
]

# username, role, first name, last name
USERS = [
    ("admin", Role.FEDERATION_ADMIN, "Aigerim", "Seitkali"),
    ("manager", Role.CLUB_MANAGER, "Daniyar", "Abenov"),
    ("manager2", Role.CLUB_MANAGER, "Olga", "Kim"),
    ("manager3", Role.CLUB_MANAGER, "Nurlan", "Omarov"),
    ("ridder", Role.CLUB_MANAGER, "Sergey", "Volkov"),
    ("organiser", Role.ORGANISER, "Asel", "Zhunusova"),
    ("educator", Role.COACH_EDUCATOR, "Marat", "Tulegenov"),
    ("staff", Role.STAFF, "Irina", "Petrova"),
    ("timekeeper", Role.TIMEKEEPER, "Yerlan", "Saparov"),
    ("referee", Role.REFEREE, "Aliya", "Nurpeisova"),
    ("td", Role.TECHNICAL_DELEGATE, "Viktor", "Lebedev"),
    ("speaker", Role.SPEAKER, "Timur", "Akhmetov"),
    ("trainer", Role.TRAINER, "Saule", "Dzhaksybekova"),
    ("editor", Role.EDITOR, "Dina", "Mukanova"),
    ("partner", Role.PARTNER, "Claire", "Morel"),
    ("planner", Role.PLANNER, "Ruslan", "Ismailov"),
    ("public", Role.PUBLIC, "Arman", "Bekov"),
]

KAZAKH_MEN = (
    "Айдар Ерлан Нұрлан Асхат Данияр Арман Бауыржан Алихан Темірлан Әлішер Ерасыл Мирас Санжар Дастан Ернұр"
)
KAZAKH_WOMEN = (
    "Айгерім Әсел Дана Мадина Жансая Аружан Камила Томирис Динара Аяжан Ақбота Гүлнұр Назерке Жанерке"
)
KAZAKH_SURNAMES = (
    "Абенов Жақыпов Омаров Сағынтаев Төлеуов Исабеков Байжанов Ермеков Қасымов Серікбаев Мұқанов Нұрланов"
)
RUSSIAN_MEN = "Александр Дмитрий Максим Сергей Андрей Алексей Иван Никита Артём Михаил Владислав Денис"
RUSSIAN_WOMEN = "Анастасия Мария Дарья Анна Екатерина Полина Елизавета Виктория Ксения Алина Софья Юлия"
RUSSIAN_SURNAMES = "Иванов Петров Смирнов Кузнецов Попов Соколов Лебедев Козлов Новиков Морозов Волков Белов"


@dataclass
class DemoResult:
    clubs: int = 0
    people: int = 0
    real_athletes: int = 0
    licences: int = 0
    seasons: list[int] = field(default_factory=list)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # username, password, role label
    skipped: bool = False
    extra: list[str] = field(default_factory=list)  # one line per app that added its own demo data


def is_loaded() -> bool:
    return Club.objects.filter(name=CLUBS[0][0]).exists() and User.objects.filter(username="admin").exists()


def load_demo(
    *, once: bool = False, today: dt.date | None = None, shared_dir: Path | None = None
) -> DemoResult:
    """Load the demo data set; with ``once``, do nothing when it is already there.

    Raises
    ------
    AlatauError
        When the data is already loaded (and ``once`` is not set), or a demo user name is taken.
    """
    if is_loaded():
        if once:
            return DemoResult(skipped=True, logins=_logins())
        raise AlatauError("the demo data is already loaded (use --once to skip quietly)")
    taken = User.objects.filter(username__in=[u[0] for u in USERS]).values_list("username", flat=True)
    if taken:
        raise AlatauError(f"demo user names already taken: {', '.join(sorted(taken))}")
    day, shared = today or timezone.localdate(), shared_dir or Path(settings.SHARED_DIR)
    with transaction.atomic():
        result = _Loader(day, shared).run()
        result.extra = _load_app_demos(day, shared)
        return result


def _load_app_demos(day: dt.date, shared_dir: Path) -> list[str]:
    """Each app's own demo data (``AppConfig.load_demo(today, shared_dir) -> str``), after the registry's.

    The apps run in INSTALLED_APPS order, inside the same transaction: all of the demo or none of it.
    """
    from alatau.core.plugins import alatau_apps

    loaders = [config.load_demo for config in alatau_apps() if hasattr(config, "load_demo")]
    return [line for line in (load(day, shared_dir) for load in loaders) if line]


def _logins() -> list[tuple[str, str, str]]:
    return [(name, DEMO_PASSWORD, str(role.label)) for name, role, _first, _last in USERS]


def read_kaz_athletes(path: Path) -> list[dict[str, str]]:
    """The Kazakh athletes (Nationcode KAZ) of a FIS points list, or none when the file is missing."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row.get("Nationcode") == "KAZ"]


class _Loader:
    def __init__(self, today: dt.date, shared_dir: Path) -> None:
        self.today = today
        self.rng = random.Random(SEED)
        self.shared_dir = shared_dir
        self.season = season_of(today)
        self.seasons = [self.season - 2, self.season - 1, self.season]
        self.audit: list[AuditEntry] = []
        self.disciplines_of: dict[int, list[Discipline]] = {}
        self.club_of: dict[int, Club] = {}
        self.person_type = ContentType.objects.get_for_model(Person)
        self.licence_type = ContentType.objects.get_for_model(Licence)

    def run(self) -> DemoResult:
        users = self.users()
        clubs = self.clubs(users)
        real = read_kaz_athletes(self.shared_dir / FIS_LIST)
        people = self.people(real, clubs, users["admin"])
        licences = self.licences(people, users)
        AuditEntry.objects.bulk_create(self.audit, batch_size=500)
        return DemoResult(
            clubs=len(clubs),
            people=len(people),
            real_athletes=len(real),
            licences=len(licences),
            seasons=self.seasons,
            logins=_logins(),
        )

    def users(self) -> dict[str, User]:
        password = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
        made = [
            User(
                username=name,
                role=role,
                first_name=first,
                last_name=last,
                email=f"{name}@demo.alatau.kz",
                password=password,
                is_staff=role == Role.FEDERATION_ADMIN,
            )
            for name, role, first, last in USERS
        ]
        return {user.username: user for user in User.objects.bulk_create(made)}

    def clubs(self, users: dict[str, User]) -> list[Club]:
        regions = {r.code: r for r in Region.objects.all()}
        disciplines = {d.code: d for d in Discipline.objects.all()}
        clubs = []
        for name, short, region, town, codes, manager in CLUBS:
            slug = short.lower()
            club = Club.objects.create(
                name=name,
                short_name=short,
                region=regions[region],
                town=town,
                contact_name=f"{users[manager].first_name} {users[manager].last_name}",
                email=f"info@{slug}.demo.alatau.kz",
                phone=f"+7 727 {self.rng.randint(200, 399)} {self.rng.randint(1000, 9999)}",
            )
            club.disciplines.set([disciplines[c] for c in codes])
            club.managers.add(users[manager])
            self.disciplines_of[club.pk] = [disciplines[c] for c in codes]
            clubs.append(club)
        return clubs

    def people(self, real: list[dict[str, str]], clubs: list[Club], admin: User) -> list[Person]:
        alpine = [c for c in clubs if any(d.code == "alpine" for d in self.disciplines_of[c.pk])]
        made = [self._real_person(row, alpine) for row in real]
        made += [self._generated_person(i, clubs) for i in range(PEOPLE - len(made))]
        people = Person.objects.bulk_create([p for p, _club in made], batch_size=500)
        memberships = []
        for person, (_p, club) in zip(people, made, strict=True):
            start = dt.date(self.rng.choice([self.season - 4, self.season - 3, self.season - 2]), 7, 1)
            memberships.append(Membership(person=person, club=club, start_date=start))
            self.club_of[person.pk] = club
            self._log(self.person_type, person, "created", admin, {"last_name": [None, person.last_name]})
            self._log(
                self.person_type,
                person,
                "joined club",
                admin,
                {"club": [None, club.name], "from": [None, str(start)]},
            )
        Membership.objects.bulk_create(memberships, batch_size=500)
        return people

    def _real_person(self, row: dict[str, str], alpine: list[Club]) -> tuple[Person, Club]:
        club = alpine[0] if "shymbulak" in row.get("Skiclub", "").lower() else self.rng.choice(alpine)
        person = Person(
            last_name=row["Lastname"].title(),
            first_name=row["Firstname"],
            birth_date=dt.date.fromisoformat(row["Birthdate"]),
            gender="W" if row["Gender"] == "W" else "M",
            nationality="KAZ",
            fis_code=row["Fiscode"],
            is_athlete=True,
        )
        person.publication_consent = self._consent(person.birth_date, consented=True)
        return person, club

    def _consent(self, born: dt.date, *, consented: bool) -> dt.date | None:
        """The day an adult's consent to publication was recorded (the demo's day), or None."""
        return self.today if consented and not is_minor(born, self.today) else None

    def _generated_person(self, index: int, clubs: list[Club]) -> tuple[Person, Club]:
        rng = self.rng
        woman = rng.random() < 0.45
        kazakh = rng.random() < 0.6
        first_names = (
            (KAZAKH_WOMEN if woman else KAZAKH_MEN) if kazakh else (RUSSIAN_WOMEN if woman else RUSSIAN_MEN)
        )
        surname = rng.choice((KAZAKH_SURNAMES if kazakh else RUSSIAN_SURNAMES).split())
        surname += "а" if woman else ""
        first = rng.choice(first_names.split())
        kind = rng.choices(["athlete", "coach", "official"], weights=[80, 12, 8])[0]
        ages = {"athlete": (7, 35), "coach": (24, 60), "official": (25, 65)}[kind]
        # Young athletes are the many: the age is drawn towards the low end of the range.
        age = int(ages[0] + (ages[1] - ages[0]) * rng.random() ** (1.6 if kind == "athlete" else 1))
        birth = dt.date(self.season - age, rng.randint(1, 12), rng.randint(1, 28))
        person = Person(
            last_name=transliterate(surname),
            first_name=transliterate(first),
            last_name_cyrillic=surname,
            first_name_cyrillic=first,
            birth_date=birth,
            gender="W" if woman else "M",
            nationality="KAZ",
            is_athlete=kind == "athlete",
            is_coach=kind == "coach",
            is_official=kind == "official",
        )
        # Three adults in four agreed to be published (docs/privacy.md); minors are never asked here.
        person.publication_consent = self._consent(birth, consented=index % 4 != 0)
        return person, clubs[rng.choices(range(len(clubs)), weights=[9, 6, 4, 5, 4, 3, 3, 5, 3, 4, 2, 3])[0]]

    def licences(self, people: list[Person], users: dict[str, User]) -> list[Licence]:
        made: list[tuple[Licence, list[tuple[str, User, dict[str, Any]]]]] = []
        numbers = dict.fromkeys(self.seasons, 0)
        for season, share in zip(self.seasons, (0.5, 0.64, 0.84), strict=True):
            for person in people:
                if self.rng.random() < share:
                    made.append(self._licence(person, season, numbers, users))
        licences = Licence.objects.bulk_create([lic for lic, _trail in made], batch_size=500)
        for licence, (_lic, trail) in zip(licences, made, strict=True):
            for action, user, changes in trail:
                self._log(self.licence_type, licence, action, user, changes)
        return licences

    def _licence(
        self, person: Person, season: int, numbers: dict[int, int], users: dict[str, User]
    ) -> tuple[Licence, list[tuple[str, User, dict[str, Any]]]]:
        club = self.club_of[person.pk]
        kind = self._kind(person)
        status = self._status(season)
        manager = next(u for u in users.values() if u.username == _manager_of(club))
        licence = new_licence(
            person,
            club,
            kind,
            season,
            status=status,
            requested_by=manager,
            discipline=None
            if kind == Licence.Kind.OFFICIAL
            else self.rng.choice(self.disciplines_of[club.pk]),
        )
        trail: list[tuple[str, User, dict[str, Any]]] = [
            ("requested", manager, {"status": [None, "requested"], "season": [None, season_label(season)]})
        ]
        if status != Licence.Status.REQUESTED:
            licence.decided_by = users["admin"]
            decided = dt.datetime.combine(licence.valid_from, dt.time(10))
            licence.decided_at = timezone.make_aware(decided + dt.timedelta(days=self.rng.randint(0, 60)))
        if status == Licence.Status.REFUSED:
            licence.status_reason = "Medical certificate missing."
            trail.append(("refused", users["admin"], {"status": ["requested", "refused"]}))
            return licence, trail
        if status != Licence.Status.REQUESTED:
            numbers[season] += 1
            licence.number = licence_number(season, numbers[season])
            trail.append(
                (
                    "approved",
                    users["admin"],
                    {"status": ["requested", "approved"], "number": [None, licence.number]},
                )
            )
            trail.append(("active", users["admin"], {"status": ["approved", "active"]}))
        if status in (Licence.Status.EXPIRED, Licence.Status.REVOKED):
            licence.status_reason = "Left the club." if status == Licence.Status.REVOKED else ""
            trail.append((str(status), users["admin"], {"status": ["active", str(status)]}))
        return licence, trail

    def _kind(self, person: Person) -> str:
        if person.is_coach:
            return Licence.Kind.COACH
        if person.is_official:
            return Licence.Kind.OFFICIAL
        return (
            Licence.Kind.COMPETITOR
            if person.fis_code or self.rng.random() < 0.7
            else Licence.Kind.RECREATIONAL
        )

    def _status(self, season: int) -> str:
        if season < self.season:
            options, weights = ["expired", "revoked", "refused"], [92, 3, 5]
        else:
            options, weights = ["active", "requested", "refused", "revoked"], [87, 8, 3, 2]
        return str(self.rng.choices(options, weights=weights)[0])

    def _log(self, kind: ContentType, obj: Any, action: str, user: User, changes: dict[str, Any]) -> None:
        self.audit.append(
            AuditEntry(
                content_type=kind,
                object_id=str(obj.pk),
                object_repr=str(obj)[:200],
                action=action,
                actor=user,
                changes=changes,
            )
        )


def _manager_of(club: Club) -> str:
    return next(manager for name, *_rest, manager in CLUBS if name == club.name)


def describe(result: DemoResult) -> Iterator[str]:
    """The lines the ``alatau demo`` command prints."""
    if result.skipped:
        yield "Demo data already loaded."
    else:
        seasons = ", ".join(season_label(s) for s in result.seasons)
        yield (
            f"Loaded {result.clubs} clubs, {result.people} people "
            f"({result.real_athletes} from the FIS points list), {result.licences} licences over {seasons}."
        )
    yield from result.extra
    yield "Demo logins (username / password / role):"
    for username, password, role in result.logins:
        yield f"  {username:<10} {password}  {role}"
