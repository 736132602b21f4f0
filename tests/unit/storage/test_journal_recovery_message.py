"""The words a damaged journal gets (``JournalRecovery.message``)."""

from __future__ import annotations

from pathlib import Path

from companion.storage.journal import JournalDamage
from companion.storage.store import JournalRecovery


def test_a_damaged_header_with_nothing_lost_says_so_rather_than_counting_zero() -> None:
    # Given a journal whose header was damaged, no entry known to be lost
    recovery = JournalRecovery(JournalDamage(["its header is damaged"], lost=0), Path("kept"))
    # When the user is told
    message = recovery.message
    # Then no "0 recent changes … are missing" alarm, and the damage and the kept file named
    assert "0 recent changes" not in message
    assert "No recent change is known to be missing" in message
    assert "its header is damaged" in message and "kept" in message


def test_lost_changes_are_counted() -> None:
    recovery = JournalRecovery(JournalDamage(["an entry is damaged"], lost=2), None)
    assert "2 recent changes could not be read and are missing" in recovery.message
