"""The GUI fixes glibc's mmap threshold so big freed buffers go back to the system."""

from __future__ import annotations

import sys

import pytest

from companion.memory_release import keep_big_buffers_returnable


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")
def test_on_linux_with_glibc_the_threshold_is_set() -> None:
    assert keep_big_buffers_returnable() is True


def test_elsewhere_it_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert keep_big_buffers_returnable() is False
