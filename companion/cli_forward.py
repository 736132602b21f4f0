"""Hand a request to the app running on the data folder, asking again while it is busy."""

from __future__ import annotations

import time
from pathlib import Path

from companion.services.instance.instance_messages import (
    BUSY_RETRY_S,
    BUSY_WAIT_S,
    EXIT_FAILED,
    Reply,
    Request,
)


def forward_until_answered(data_dir: Path, request: Request) -> Reply | None:
    """The running app's reply; ``None`` when no app runs there (the caller does the work).

    Busy (starting, or in the middle of another import or round): asked again for a bounded
    time, then that busy reply is the answer.
    """
    # Qt (for the local socket) loads only when an app may be running.
    from companion.ui.shell.single_instance import InstanceUnreachable, forward_request

    try:
        reply = forward_request(data_dir, request)
        deadline = time.monotonic() + BUSY_WAIT_S
        while reply is not None and reply.busy and time.monotonic() < deadline:
            time.sleep(BUSY_RETRY_S)
            reply = forward_request(data_dir, request)
        return reply
    except InstanceUnreachable as error:
        return Reply(exit_code=EXIT_FAILED, stderr=f"companion: {error}\n")
