"""Resort planning: a pure engine (no Django) for the comfortable carrying capacity of a master plan.

Read a plan file with :func:`load_plan`, measure it with :func:`check` and word the result with
:func:`verdict` (kk, ru, en, fr); :func:`difficulty_from_gradient` classes a piste by its mean gradient.
"""

from alatau.planning.capacity import CapacityReport, Reason, check, lift_capacity, trail_capacity
from alatau.planning.loading import load_plan, plan_from_dict
from alatau.planning.model import (
    DENSITIES,
    DIFFICULTY_ALIASES,
    GRADIENT_CLASSES,
    LIFT_TYPES,
    Lift,
    LiftType,
    Piste,
    Plan,
    difficulty_from_gradient,
)
from alatau.planning.verdict import LANGUAGES, verdict

__all__ = [
    "DENSITIES",
    "DIFFICULTY_ALIASES",
    "GRADIENT_CLASSES",
    "LANGUAGES",
    "LIFT_TYPES",
    "CapacityReport",
    "Lift",
    "LiftType",
    "Piste",
    "Plan",
    "Reason",
    "check",
    "difficulty_from_gradient",
    "lift_capacity",
    "load_plan",
    "plan_from_dict",
    "trail_capacity",
    "verdict",
]
