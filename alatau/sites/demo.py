"""Demo data of resort planning: Kok Zhailau as planned, a finished study near it, the Almaty tiles queued.

Kok Zhailau's figures are the plan's as published (7,000 beds, 16 lifts, 60 pistes, about 50 km of piste;
see ``shared/reference/public-and-planning.md`` §2.3); the lift types and capacities follow the suggested
defaults of §4.5 of the same file.
"""

import datetime as dt
from pathlib import Path
from typing import Any

from django.db import transaction

from alatau.core.models import Role, User
from alatau.sites.models import Project, Study

# (name, type, vertical_m, capacity_pph, how many)
LIFTS = [
    ("Gondola", "gondola", 900, 3000, 2),
    ("Six-seat chair", "chair-6d", 500, 3000, 6),
    ("Quad chair", "chair-4d", 400, 2400, 4),
    ("Fixed quad", "chair-4", 300, 2400, 2),
    ("Drag lift", "drag", 150, 1000, 1),
    ("Carpet", "carpet", 30, 600, 1),
]
# (difficulty, how many, width_m)
PISTES = [
    ("beginner", 6, 60),
    ("novice", 10, 50),
    ("low-intermediate", 12, 45),
    ("intermediate", 16, 40),
    ("advanced-intermediate", 10, 35),
    ("expert", 6, 30),
]
PISTE_KM = 50
# A small box on the northern slopes south of Almaty: the engine runs it in a few seconds.
NEAR_KOK_ZHAILAU = (77.0, 43.05, 77.08, 43.11)
ALMATY_TILES = (76.0, 42.0, 78.0, 44.0)


def kok_zhailau_plan(beds: int = 7000) -> dict[str, Any]:
    lifts = [
        {"name": f"{name} {i}", "type": kind, "vertical_m": vertical, "capacity_pph": pph}
        for name, kind, vertical, pph, count in LIFTS
        for i in range(1, count + 1)
    ]
    kinds = [(difficulty, width) for difficulty, count, width in PISTES for _ in range(count)]
    total, count = PISTE_KM * 1000, len(kinds)
    lengths = [total // count + (1 if i < total % count else 0) for i in range(count)]
    pistes = [
        {
            "name": f"{difficulty.capitalize()} {i}",
            "length_m": length,
            "width_m": width,
            "difficulty": difficulty,
        }
        for i, ((difficulty, width), length) in enumerate(zip(kinds, lengths, strict=True), start=1)
    ]
    return {"name": "Kok Zhailau", "beds": beds, "lifts": lifts, "pistes": pistes}


def load_demo(today: dt.date, shared_dir: Path) -> str:
    from alatau.sites.jobs import run_study
    from alatau.sites.services import enqueue

    planner = User.objects.filter(role=Role.PLANNER).order_by("pk").first()
    partner = User.objects.filter(role=Role.PARTNER).order_by("pk").first()
    west, south, east, north = NEAR_KOK_ZHAILAU
    near = Study.objects.create(
        name="Slopes south of Almaty", west=west, south=south, east=east, north=north, created_by=planner
    )
    status = run_study(near.pk, shared_dir / "dem")
    west, south, east, north = ALMATY_TILES
    almaty = Study.objects.create(
        name="Almaty tiles", west=west, south=south, east=east, north=north, created_by=planner
    )
    # Queued as a planner's study is: the worker beside `alatau serve` runs it.
    transaction.on_commit(lambda: enqueue(almaty.pk))
    description = "As planned: 7,000 beds, 16 lifts, 60 pistes, 50 km of piste."
    Project.objects.create(
        name="Kok Zhailau",
        plan=kok_zhailau_plan(),
        description=description,
        published=True,
        created_by=planner,
    )
    variant = Project.objects.create(
        name="Kok Zhailau, 4,000 beds",
        plan={**kok_zhailau_plan(4000), "name": "Kok Zhailau, 4,000 beds"},
        created_by=planner,
    )
    if partner is not None:
        variant.partners.add(partner)
    return (
        f"resort planning: Kok Zhailau (published) and a variant, a study ({status}), the Almaty tiles queued"
    )
