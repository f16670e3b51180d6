"""Reading plan files (JSON or YAML) into :class:`~alatau.planning.model.Plan` objects."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from alatau.errors import InputError
from alatau.planning.model import Lift, Piste, Plan

_PLAN_NUMBERS = (
    "operating_hours",
    "lift_efficiency",
    "vertical_demand_m",
    "on_slope_share",
    "occupancy",
    "skiing_share",
)
_LIFT_KEYS = {"name", "type", "vertical_m", "capacity_pph", "length_m", "speed_ms", "bottom", "top", "phase"}
_PISTE_KEYS = {"name", "length_m", "width_m", "difficulty", "mean_gradient_pct", "max_gradient_pct", "line"}


def _parse(text: str, suffix: str) -> Any:
    if suffix == ".json" or (suffix == "" and text.lstrip().startswith("{")):
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(f"plan: not valid JSON: {error.msg} at line {error.lineno}") from None
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        raise InputError(f"plan: not valid YAML{line}") from None


def _number(value: Any, where: str, *, integer: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InputError(f"{where} must be a number, not {value!r}")
    if integer and value != int(value):
        raise InputError(f"{where} must be a whole number, not {value!r}")
    return value


def _point(value: Any, where: str) -> tuple[float, float] | None:
    if value is None:
        return None
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise InputError(f"{where} must be [lon, lat], not {value!r}")
    lon, lat = (_number(v, where) for v in value)
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise InputError(f"{where} must be [lon, lat] in degrees, not {value!r}")
    return (float(lon), float(lat))


def _entry(item: Any, where: str, known: set[str]) -> dict[str, Any]:
    if not isinstance(item, Mapping):
        raise InputError(f"{where} must be an object, not {item!r}")
    unknown = set(item) - known
    if unknown:
        raise InputError(f"{where}: unknown field {sorted(unknown)[0]!r}")
    if not isinstance(item.get("name", ""), str):
        raise InputError(f"{where}: name must be text")
    return dict(item)


def _lift(item: Any, index: int) -> Lift:
    where = f"plan: lifts[{index}]"
    data = _entry(item, where, _LIFT_KEYS)
    name = data.get("name") or f"Lift {index + 1}"
    if "type" not in data or "vertical_m" not in data:
        raise InputError(f"{where} ({name}): type and vertical_m are required")
    phase = data.get("phase")
    return Lift(
        name=name,
        type=str(data["type"]),
        vertical_m=float(_number(data["vertical_m"], f"{where}.vertical_m")),
        capacity_pph=int(_number(data.get("capacity_pph", 0), f"{where}.capacity_pph", integer=True)),
        length_m=float(_number(data.get("length_m", 0), f"{where}.length_m")),
        speed_ms=float(_number(data.get("speed_ms", 0), f"{where}.speed_ms")),
        bottom=_point(data.get("bottom"), f"{where}.bottom"),
        top=_point(data.get("top"), f"{where}.top"),
        phase=None if phase is None else int(_number(phase, f"{where}.phase", integer=True)),
    )


def _piste(item: Any, index: int) -> Piste:
    where = f"plan: pistes[{index}]"
    data = _entry(item, where, _PISTE_KEYS)
    name = data.get("name") or f"Piste {index + 1}"
    if "length_m" not in data or "width_m" not in data:
        raise InputError(f"{where} ({name}): length_m and width_m are required")
    gradients = {
        key: None if data.get(key) is None else float(_number(data[key], f"{where}.{key}"))
        for key in ("mean_gradient_pct", "max_gradient_pct")
    }
    line = data.get("line")
    if line is not None and not isinstance(line, list):
        raise InputError(f"{where}.line must be a list of [lon, lat]")
    return Piste(
        name=name,
        length_m=float(_number(data["length_m"], f"{where}.length_m")),
        width_m=float(_number(data["width_m"], f"{where}.width_m")),
        difficulty=str(data.get("difficulty") or ""),
        line=None if line is None else [p for p in (_point(v, f"{where}.line") for v in line) if p],
        **gradients,
    )


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    if key not in data:
        raise InputError(f"plan: {key} is required (an empty list for none)")
    value = data[key]
    if not isinstance(value, list):
        raise InputError(f"plan: {key} must be a list")
    return value


def plan_from_dict(data: Any) -> Plan:
    """Build a plan from the parsed content of a plan file.

    Parameters
    ----------
    data : mapping
        ``{"name", "beds", "lifts": [...], "pistes": [...], ...}`` as in issue 12's plan files.

    Returns
    -------
    Plan
        The checked plan.

    Raises
    ------
    InputError
        With one line naming the first bad field.
    """
    if not isinstance(data, Mapping):
        raise InputError("plan: the file must hold an object with name, beds, lifts and pistes")
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        raise InputError("plan: name is required")
    if "beds" not in data:
        raise InputError("plan: beds is required (0 for none)")
    options: dict[str, Any] = {k: float(_number(data[k], f"plan: {k}")) for k in _PLAN_NUMBERS if k in data}
    if "lifts_per_year" in data:
        options["lifts_per_year"] = int(_number(data["lifts_per_year"], "plan: lifts_per_year", integer=True))
    densities = data.get("densities") or {}
    if not isinstance(densities, Mapping):
        raise InputError("plan: densities must map a difficulty to skiers per hectare")
    return Plan(
        name=data["name"].strip(),
        beds=int(_number(data["beds"], "plan: beds", integer=True)),
        lifts=[_lift(item, i) for i, item in enumerate(_list(data, "lifts"))],
        pistes=[_piste(item, i) for i, item in enumerate(_list(data, "pistes"))],
        densities={str(k): float(_number(v, f"plan: densities.{k}")) for k, v in densities.items()},
        **options,
    )


def _looks_like_path(text: str) -> bool:
    """Whether a string names a file rather than holding a plan (which has a newline, a brace or a colon)."""
    if "\n" in text or text.lstrip().startswith("{"):
        return False
    try:
        return Path(text).is_file() or ": " not in text
    except OSError:
        return False


def load_plan(path_or_text: str | Path | Mapping[str, Any]) -> Plan:
    """Read a plan file.

    Parameters
    ----------
    path_or_text : str, Path or mapping
        A path to a ``.json``/``.yaml``/``.yml`` file, the file's text itself (JSON or YAML), or
        its already parsed content.

    Returns
    -------
    Plan
        The checked plan.

    Raises
    ------
    InputError
        For a missing file, bad syntax or a bad field, with one line that says which.
    """
    if isinstance(path_or_text, Mapping):
        return plan_from_dict(path_or_text)
    suffix = ""
    text = str(path_or_text)
    if isinstance(path_or_text, Path) or _looks_like_path(text):
        path = Path(path_or_text)
        if not path.is_file():
            raise InputError(f"plan file not found: {path}")
        suffix = path.suffix.lower()
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"cannot read plan file {path}: {error}") from None
    return plan_from_dict(_parse(text, suffix))
