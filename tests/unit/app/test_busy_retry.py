"""A terminal command sent to a window that is busy (starting, or waiting for another import)
asks again for a bounded time, then reports the window's answer."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from companion import cli, cli_forward
from companion.services.instance.instance_messages import Reply, Request, instance_lock_file
from companion.ui.shell import single_instance

BUSY = Reply(exit_code=1, stderr="companion: waiting for another import\n", busy=True)


def _export_options() -> argparse.Namespace:
    return argparse.Namespace(
        command="export", format="json", output=None, vcard_version="", bom=False
    )


@pytest.fixture
def running_instance(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> list[Reply]:
    """A window that answers with the replies in the returned list, in order."""
    data_dir.mkdir(parents=True)
    instance_lock_file(data_dir).touch()
    answers: list[Reply] = []

    def answer(_folder: Path, _request: Request) -> Reply:
        return answers.pop(0)

    monkeypatch.setattr(single_instance, "forward_request", answer)
    monkeypatch.setattr(cli_forward, "BUSY_RETRY_S", 0.0)
    return answers


def test_a_busy_window_is_asked_again_until_it_answers(
    running_instance: list[Reply], data_dir: Path
) -> None:
    running_instance.extend([BUSY, BUSY, Reply(stdout="done\n")])
    reply = cli._forwarded(data_dir, _export_options())
    assert reply == Reply(stdout="done\n")
    assert running_instance == []


def test_a_window_busy_for_longer_than_the_wait_is_reported(
    running_instance: list[Reply], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a window that stays busy, and a wait that is over at once
    running_instance.extend([BUSY] * 5)
    monkeypatch.setattr(cli_forward, "BUSY_WAIT_S", 0.0)
    # When a command is sent, its answer is the window's "busy" after a bounded number of asks
    reply = cli._forwarded(data_dir, _export_options())
    assert reply is not None and reply.busy and reply.exit_code == 1
    assert "waiting for another import" in reply.stderr
    assert len(running_instance) == 4
