"""Demo data of resort planning (filled in below)."""

import datetime as dt
from pathlib import Path


def load_demo(today: dt.date, shared_dir: Path) -> str:
    return ""
