"""What the environment made from ``requirements.lock`` holds, where it matters to the app."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_pytz_is_left_out_so_babel_uses_the_standard_time_zones() -> None:
    # Given the environment installed from the lock (vobject lists pytz but runs without it)
    # Then pytz is not there: where it is, Babel takes it over zoneinfo and opens all ~600 zone
    # files to find the local one, at every start of the window (~40 ms on the benchmark store)
    assert importlib.util.find_spec("pytz") is None
    assert "pytz==" not in (ROOT / "requirements.lock").read_text(encoding="utf-8")
    # And a refreshed lock leaves it out again
    assert "--no-emit-package pytz" in (ROOT / "Makefile").read_text(encoding="utf-8")
    # And Babel's local time zone is not pytz's
    from babel import dates

    assert not type(dates.LOCALTZ).__module__.startswith("pytz")
