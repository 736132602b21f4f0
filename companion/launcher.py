"""The ``companion`` entry point: ``companion capture`` first tries the quick way.

A running app shows quick capture in milliseconds, so the command asks it directly through
``companion.instance_client`` before anything heavy is imported (the argument parser, the
translations, Qt). Everything else, and a capture with no app running, goes to
``companion.cli.main`` as before.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def _fast_capture_data_dir(arguments: Sequence[str]) -> str | None:
    """The ``--data-dir`` of a plain ``capture`` ("" for the default); None: not that case."""
    data_dir = ""
    rest = list(arguments)
    while rest and rest[0] != "capture":
        option = rest.pop(0)
        if option == "--data-dir" and rest:
            data_dir = rest.pop(0)
        elif option.startswith("--data-dir="):
            data_dir = option.split("=", 1)[1]
        elif option == "--locale" and rest:
            rest.pop(0)  # the running app shows the dialog in its own language
        elif not option.startswith("--locale="):
            return None
    return data_dir if rest == ["capture"] else None


def try_fast_capture(arguments: Sequence[str]) -> int | None:
    """The exit status once the running app has shown quick capture; None: do it slowly."""
    wanted = _fast_capture_data_dir(arguments)
    if wanted is None:
        return None
    from companion import instance_client

    if not instance_client.supported():
        return None
    from companion import paths

    reply = instance_client.send(paths.data_dir(wanted or None), "capture")
    if reply is None:
        return None
    exit_code, message = reply
    if message:
        sys.stderr.write(message)
    return exit_code


def main() -> int:
    arguments = sys.argv[1:]
    if not os.environ.get("COMPANION_NO_FAST_CAPTURE"):
        status = try_fast_capture(arguments)
        if status is not None:
            return status
    from companion.cli import main as cli_main

    return cli_main(arguments)


if __name__ == "__main__":
    sys.exit(main())
