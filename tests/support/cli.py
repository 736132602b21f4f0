"""Run the ``companion`` command the way a user or a script does: as a separate process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path


def run_companion(
    *args: str | os.PathLike[str],
    env: Mapping[str, str | None] | None = None,
    input: str | None = None,
    timeout: float = 60,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m companion.cli *args`` and return what it printed and its exit status.

    The child inherits the test environment the root conftest set up (temp data dir and home,
    test keyring, network guard, offscreen Qt). It never raises on a non-zero exit status:
    assert on ``returncode``.

    Args:
        args: command-line arguments, e.g. ``"export", "--format", "json"``.
        env: variables to add or override for this run; ``None`` as a value removes one.
        input: text sent to standard input (standard input is closed when ``None``).
        timeout: seconds before the run counts as hung (``subprocess.TimeoutExpired``).
        cwd: working folder of the child (default: the test's).
    """
    child_env = dict(os.environ)
    for name, value in (env or {}).items():
        if value is None:
            child_env.pop(name, None)
        else:
            child_env[name] = value
    return subprocess.run(
        [sys.executable, "-m", "companion.cli", *(os.fspath(arg) for arg in args)],
        env=child_env,
        input=input,
        stdin=subprocess.DEVNULL if input is None else None,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        cwd=cwd,
        check=False,
    )
