"""An example at the foot of every command's help (``alatau … --help``), kept in one place.

:func:`add_examples` sets each command's epilog from :data:`EXAMPLES`; a command missing here is
caught by the test that walks every command's help.
"""

from __future__ import annotations

import click

EXAMPLES: dict[str, tuple[str, ...]] = {
    "": (
        "alatau demo --once && alatau serve",
        "alatau race score results.csv --discipline SL --category FIS",
    ),
    "serve": ("alatau serve --host 0.0.0.0 --port 8000",),
    "demo": ("alatau demo --once",),
    "manage": ("alatau manage migrate", "alatau manage createsuperuser"),
    "race": ("alatau race score results.csv --discipline SL --category FIS",),
    "race score": (
        "alatau race score results.csv --discipline SL --category FIS --gender W --season 2024-25",
        "alatau race score results.csv --discipline GS --category NJR --json > scored.json",
    ),
    "race startlist": (
        "alatau race startlist entries.csv --discipline GS --seed 77",
        "alatau race startlist entries.csv --discipline GS --renumber",
        "alatau race startlist run1.csv --discipline GS --run 2 --reverse 30 --json",
    ),
    "race xml": (
        "alatau race xml results.csv --codex 0123 --nation KAZ --discipline SL --category FIS \\",
        "    --date 2025-02-14 --place Shymbulak --td 'IVANOV Ivan (KAZ)' --out-dir out/",
    ),
    "fis": ("alatau fis list FIS-points-list.csv --nation KAZ --top 5",),
    "fis list": (
        "alatau fis list FIS-points-list.xlsx --nation KAZ --top 5",
        "alatau fis list list.csv --json",
    ),
    "terrain": ("alatau terrain slope dem.tif slope.tif --unit degrees",),
    "terrain slope": ("alatau terrain slope dem.tif slope.tif --unit degrees",),
    "terrain aspect": ("alatau terrain aspect dem.tif aspect.tif",),
    "terrain hillshade": ("alatau terrain hillshade dem.tif relief.tif --azimuth 315",),
    "terrain fetch": ("alatau terrain fetch --source copernicus-30 --bbox 76.8,42.9,77.3,43.3",),
    "sites": ("alatau sites find --dem-dir dem/ --bbox 77.05,43.10,77.11,43.15 --out sites.geojson",),
    "sites find": (
        "alatau sites find --dem-dir dem/ --bbox 77.05,43.10,77.11,43.15 --out sites.geojson",
        "alatau sites find --source copernicus-30 --bbox 76.8,42.9,77.3,43.3 --gender W \\",
        "    --level FIS --disciplines GS,SL --out sites.geojson --format csv > sites.csv",
    ),
    "timing": ("alatau timing listen --race 12 --device alge --port /dev/ttyUSB0",),
    "timing listen": ("alatau timing listen --race 12 --device alge --port /dev/ttyUSB0 --baud 9600",),
    "plan": ("alatau plan check master-plan.yaml --lang ru",),
    "plan check": ("alatau plan check master-plan.yaml --lang ru", "alatau plan check plan.json --json"),
    "partners": ("alatau partners who-can snowmaking --country FR",),
    "partners who-can": ("alatau partners who-can lifts --country FR", "alatau partners who-can timing"),
    "partners trades": ("alatau partners trades",),
    "plan draft": ("alatau plan draft --sites sites.geojson --site 3 --dem-dir dem/ --out draft.yaml",),
}


def epilog(lines: tuple[str, ...]) -> str:
    """The help's example block; ``\\b`` keeps click from re-wrapping the command lines."""
    label = "Examples:" if len(lines) > 1 else "Example:"
    return "\b\n" + label + "\n" + "\n".join(f"  {line}" for line in lines)


def add_examples(command: click.Command, path: str = "") -> None:
    """Give ``command`` and every sub-command the example of :data:`EXAMPLES` (by command path)."""
    if path in EXAMPLES and not command.epilog:
        command.epilog = epilog(EXAMPLES[path])
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            add_examples(sub, f"{path} {name}".strip())
