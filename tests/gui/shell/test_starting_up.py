"""Requests from other launches that arrive while the data is still loading."""

from __future__ import annotations

from companion.services.instance.instance_messages import Command, Request
from companion.ui.shell.starting_up import StartingUp


def test_raise_and_capture_are_remembered_and_granted_later() -> None:
    starting = StartingUp()
    assert starting.handle(Request(command=Command.RAISE)).exit_code == 0
    assert starting.handle(Request(command=Command.CAPTURE)).exit_code == 0
    assert starting.raise_wanted and starting.capture_wanted


def test_import_and_export_are_asked_to_retry() -> None:
    reply = StartingUp().handle(Request(command=Command.EXPORT, format="json"))
    assert reply.exit_code == 1
    assert "still starting" in reply.stderr
