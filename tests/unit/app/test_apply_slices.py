"""A big round's exchange cut into slices, and their summaries put back together."""

from __future__ import annotations

import dataclasses

from companion.domain.sync_accounts import SyncAccount
from companion.services.sync.sync_round import RoundExchange, RoundPlan, RoundSummary
from companion.ui.sync.apply_slices import combined, slices

ACCOUNT = SyncAccount(name="Phone", url="https://dav.example.org/", user="alice")


def _exchange(pulled: int) -> RoundExchange:
    return RoundExchange(
        plan=RoundPlan(account=ACCOUNT, password="secret"),
        pulled=tuple(object() for _n in range(pulled)),  # type: ignore[misc]
        removed=("gone.vcf",),
        deleted=("p1",),
        token="after",
        complete=True,
        problem="Could not reach dav.example.org.",
        offline=True,
    )


def test_a_small_exchange_stays_whole() -> None:
    exchanged = _exchange(15)
    assert slices(exchanged, size=15) == [exchanged]


def test_only_the_last_slice_ends_the_round_and_only_the_first_carries_the_rest() -> None:
    exchanged = _exchange(31)
    parts = slices(exchanged, size=15)
    assert [len(part.pulled) for part in parts] == [15, 15, 1]
    assert tuple(card for part in parts for card in part.pulled) == exchanged.pulled
    assert [part.removed for part in parts] == [("gone.vcf",), (), ()]
    assert [part.deleted for part in parts] == [("p1",), (), ()]
    assert [(part.complete, part.token) for part in parts] == [
        (False, ""),
        (False, ""),
        (True, "after"),
    ]
    assert [part.problem for part in parts][:2] == ["", ""]
    assert parts[-1].problem == exchanged.problem and parts[-1].offline


def test_slice_summaries_add_up_to_one() -> None:
    parts = [
        RoundSummary(account_name="Phone", people_in=15, people_out=3, conflicts=("Ana",)),
        RoundSummary(account_name="Phone", people_in=2, conflicts=("Ben",), kept_on_server=1),
        RoundSummary(account_name="Phone", people_in=1, problem="late", kept_on_server=1),
    ]
    assert combined(parts) == RoundSummary(
        account_name="Phone",
        people_in=18,
        people_out=3,
        conflicts=("Ana", "Ben"),
        problem="late",
        kept_on_server=1,
    )


def test_the_cards_read_by_the_worker_go_with_their_slice() -> None:
    exchanged = dataclasses.replace(_exchange(31), read=tuple(range(31)))  # type: ignore[arg-type]
    parts = slices(exchanged, size=15)
    assert [part.read for part in parts] == [
        tuple(range(15)),
        tuple(range(15, 30)),
        (30,),
    ]


def test_the_calendar_is_written_in_its_own_slices_after_the_people() -> None:
    # Given a round with a few people and a calendar answer that cuts itself in two
    calendar = _Calendar(parts=("events", "status"))
    exchanged = dataclasses.replace(_exchange(3), calendar=calendar)  # type: ignore[arg-type]
    # When sliced
    parts = slices(exchanged, size=15)
    # Then the people come first, alone, and each calendar part has its own turn
    assert [(len(part.pulled), part.calendar) for part in parts] == [
        (3, None),
        (0, "events"),
        (0, "status"),
    ]
    # And only the last ends the round; what was sent and removed went with the first
    assert [part.complete for part in parts] == [False, False, True]
    assert [part.removed for part in parts] == [("gone.vcf",), (), ()]
    assert parts[-1].token == "after" and parts[-1].problem == exchanged.problem


@dataclasses.dataclass(frozen=True)
class _Calendar:
    parts: tuple[str, ...]

    def slices(self) -> tuple[str, ...]:
        return self.parts
