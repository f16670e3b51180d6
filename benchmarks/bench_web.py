"""Web platform figures: importing 10,000 members (service and pages) and the dashboard over 50,000 licences.

Runs on its own SQLite database in a temporary folder (set up before Django starts), migrated and filled
with bulk inserts. Prints seconds, members per second and the dashboard's server time per request.
"""

import datetime as dt
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

MEMBERS = 10_000
LICENCES = 50_000
REPEATS = 7
SURNAMES = "Абенов Жақыпов Омаров Иванов Петров Ким Сейтқали Нұрланов Волков Соколов"
NAMES = "Айдар Ерлан Дана Мадина Сергей Анна Арман Аружан Никита Дарья"


def _setup_django(folder: Path) -> None:
    os.environ["ALATAU_VAR_DIR"] = str(folder)
    (folder / "static").mkdir(exist_ok=True)  # WhiteNoise's STATIC_ROOT, which it checks when DEBUG is off
    os.environ["ALATAU_DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alatau.web.settings")
    import django
    from django.conf import settings

    if settings.configured and "bench.sqlite3" not in str(settings.DATABASES["default"]["NAME"]):
        raise RuntimeError("Django was set up before bench_web: run it alone (python -m benchmarks web)")
    django.setup()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver"]
    # Server figures, as in production: with DEBUG on, Django keeps the text of every query (2x slower).
    settings.DEBUG = False
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def member_csv(count: int, seed: int, code_base: int) -> bytes:
    """A realistic member file: Cyrillic and Latin names, DD.MM.YYYY dates, every tenth with a FIS code."""
    from alatau.imports.members import transliterate

    rng = random.Random(seed)
    surnames = SURNAMES.split()
    names = NAMES.split()
    lines = ["Фамилия;Имя;Last name;First name;Дата рождения;Пол;Код FIS"]
    for i in range(count):
        surname, name = rng.choice(surnames), rng.choice(names)
        surname += f"-{i}"  # unique: the file must pass the duplicate checks
        born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(55 * 365))
        code = str(code_base + i) if i % 10 == 0 else ""
        latin = (transliterate(surname), transliterate(name))
        lines.append(f"{surname};{name};{latin[0]};{latin[1]};{born:%d.%m.%Y};{rng.choice('МЖ')};{code}")
    return ("\n".join(lines) + "\n").encode("cp1251", errors="replace")


def timed(label: str, action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    print(f"  {label:<46} {seconds:8.3f} s", flush=True)
    return seconds, result


def bench_import_service(admin: Any, club: Any) -> None:
    from alatau.imports import services
    from alatau.imports.members import guess_mapping
    from alatau.imports.parsing import read_table

    data = member_csv(MEMBERS, seed=1, code_base=6_000_000)
    print(f"import of {MEMBERS:,} members ({len(data) / 1e6:.1f} MB CSV), service level:")
    _, table = timed("read the CSV", lambda: read_table(data, "members.csv"))
    mapping = guess_mapping(table)
    _, report = timed(
        "check every row (+ registry duplicates)", lambda: services.check_import(table, mapping)
    )
    assert report.ok, report.problems[:3]
    seconds, imported = timed(
        "check again and write (all or nothing)",
        lambda: services.import_members(table, mapping, club, user=admin),
    )
    print(f"  → {len(imported.created) / seconds:,.0f} members/s written")


def bench_reimport(admin: Any, club: Any) -> None:
    """The service-level file again, into another club: every row is a registered person who moves."""
    from alatau.imports import services
    from alatau.imports.members import guess_mapping
    from alatau.imports.parsing import read_table

    table = read_table(member_csv(MEMBERS, seed=1, code_base=6_000_000), "members.csv")
    mapping = guess_mapping(table)
    start = dt.date.today() + dt.timedelta(days=1)  # after the memberships the first import opened
    print(f"the same {MEMBERS:,} members into another club (all already registered, all move):")
    _, report = timed(
        "check (+ registry matches, current clubs)",
        lambda: services.check_import(table, mapping, club=club, start_date=start),
    )
    assert report.ok and len(report.joining) == MEMBERS, report.problems[:3]
    seconds, imported = timed(
        "check again, close and open memberships, audit",
        lambda: services.import_members(table, mapping, club, user=admin, start_date=start),
    )
    print(f"  → {len(imported.joined) / seconds:,.0f} members/s moved")


def bench_import_pages(admin: Any, club: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from alatau.imports.models import Upload

    client = Client()
    client.force_login(admin)
    data = member_csv(MEMBERS, seed=2, code_base=7_000_000)
    print(f"import of {MEMBERS:,} members through the pages (test client):")
    file = SimpleUploadedFile("members.csv", data, content_type="text/csv")
    total, response = timed("upload", lambda: client.post("/en/imports/", {"club": club.pk, "file": file}))
    assert response.status_code == 302, response.status_code
    stored = Upload.objects.latest("pk")
    form = {k: "" if v is None else str(v) for k, v in _guess(stored).items()}
    seconds, page = timed("mapping → report by row", lambda: client.post(response["Location"], form))
    total += seconds
    assert "ready to import" in page.content.decode()
    seconds, done = timed("confirm (import)", lambda: client.post(f"/en/imports/{stored.pk}/confirm/"))
    total += seconds
    assert done.status_code == 302, done.status_code
    print(f"  {'whole flow':<46} {total:8.3f} s  → {MEMBERS / total:,.0f} members/s")


def _guess(stored: Any) -> dict[str, int | None]:
    from alatau.imports.members import guess_mapping
    from alatau.imports.parsing import read_table

    return guess_mapping(read_table(bytes(stored.content), stored.filename))


def fill_licences(count: int) -> None:
    """``count`` licences over five seasons for the imported people, in varied clubs, kinds and statuses."""
    from alatau.licences.models import Licence
    from alatau.registry.models import Club, Discipline, Membership

    rng = random.Random(3)
    clubs = list(Club.objects.all())
    disciplines = list(Discipline.objects.all())
    members = list(Membership.objects.values_list("person_id", flat=True))
    statuses = ["active", "expired", "approved", "requested", "refused"]
    made = []
    for i in range(count):
        person = members[i % len(members)]
        season = 2021 + (i // len(members)) % 5
        made.append(
            Licence(
                person_id=person,
                club=rng.choice(clubs),
                season=season,
                kind=rng.choice(["competitor", "coach"]),
                discipline=rng.choice(disciplines),
                status=rng.choices(statuses, [50, 30, 8, 8, 4])[0],
                valid_from=dt.date(season, 7, 1),
                valid_until=dt.date(season + 1, 6, 30),
            )
        )
    Licence.objects.bulk_create(made, batch_size=2000)


def bench_dashboard() -> None:
    from django.test import Client

    from alatau.figures.services import practice_figures

    timed(f"create {LICENCES:,} licences (bulk)", lambda: fill_licences(LICENCES))
    client = Client()
    assert client.get("/en/figures/").status_code == 200  # warm the templates and translations
    page_times, service_times = [], []
    for _ in range(REPEATS):
        started = time.perf_counter()
        response = client.get("/en/figures/?season=2025")
        page_times.append(time.perf_counter() - started)
        assert response.status_code == 200
        started = time.perf_counter()
        practice_figures(2025)
        service_times.append(time.perf_counter() - started)
    page, service = statistics.median(page_times), statistics.median(service_times)
    print(f"dashboard over {LICENCES:,} licences, median of {REPEATS}:")
    print(f"  {'aggregation (practice_figures)':<46} {service * 1000:8.1f} ms")
    print(f"  {'whole page (request → rendered response)':<46} {page * 1000:8.1f} ms")
    print(f"  {'ratio page / aggregation':<46} {page / service:8.2f}")
    print(f"  {'CSV of one chart':<46} {_median_ms(client, '/en/figures/region.csv?season=2025'):8.1f} ms")


def _median_ms(client: Any, url: str) -> float:
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="alatau-bench-web-") as folder:
        _setup_django(Path(folder))
        from alatau.core.models import Role, User
        from alatau.registry.models import Club, Region

        admin = User.objects.create(username="bench-admin", role=Role.FEDERATION_ADMIN, is_staff=True)
        almaty = Region.objects.get(code="almaty-city")
        clubs = [Club.objects.create(name=f"Bench club {i}", region=almaty, town="Almaty") for i in range(2)]
        bench_import_service(admin, clubs[0])
        bench_import_pages(admin, clubs[1])
        bench_dashboard()
        bench_reimport(admin, clubs[1])  # last: the dashboard's licences are drawn from one membership each


if __name__ == "__main__":
    main()
