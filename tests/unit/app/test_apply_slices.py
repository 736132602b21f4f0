"""A big round's exchange cut into slices, and their summaries put back together."""

from __future__ import annotations

import dataclasses

from companion.domain.sync_accounts import SyncAccount
from companion.services.sync.sync_round import RoundExchange, RoundPlan, RoundSummary
from companion.ui.sync.apply_slices import SliceQueue, combined, halved, slices

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


def test_many_cards_sent_are_recorded_in_slices_before_the_pulled_ones() -> None:
    # Given a first round out: 250 cards sent, 12 pulled
    sent = tuple(f"sent-{n}" for n in range(250))
    exchanged = dataclasses.replace(_exchange(12), sent=sent)  # type: ignore[arg-type]
    # When sliced
    parts = slices(exchanged, size=10, sent_size=100)
    # Then what was sent comes first, 100 at a time, each card once, then the pulled cards
    assert [(len(part.sent), len(part.pulled)) for part in parts] == [
        (100, 0),
        (100, 0),
        (50, 0),
        (0, 10),
        (0, 2),
    ]
    assert tuple(card for part in parts for card in part.sent) == sent
    # And only the first carries what was removed, only the last ends the round
    assert [part.removed for part in parts] == [("gone.vcf",), (), (), (), ()]
    assert [part.complete for part in parts] == [False, False, False, False, True]


def test_a_few_cards_sent_go_with_the_first_pulled_ones() -> None:
    exchanged = dataclasses.replace(_exchange(12), sent=("a", "b"))  # type: ignore[arg-type]
    parts = slices(exchanged, size=10, sent_size=100)
    assert [(part.sent, len(part.pulled)) for part in parts] == [(("a", "b"), 10), ((), 2)]


def test_a_slow_queue_halves_the_slices_to_come_and_a_quick_one_lets_them_grow() -> None:
    # Given 40 pulled cards in slices of 10 (the last one ends the round)
    exchanged = _exchange(40)
    queue = SliceQueue(exchanged)
    taken = [queue.next()]
    # When each slice takes twice the budget
    while queue:
        queue.took(SliceQueue.BUDGET * 2)
        taken.append(queue.next())
    # Then the slices get smaller, down to one card, and every card comes once, in order
    sizes = [len(part.pulled) for part in taken]
    assert sizes[:3] == [10, 5, 2] and sizes[-1] == 1
    assert tuple(card for part in taken for card in part.pulled) == exchanged.pulled
    assert [part.complete for part in taken].count(True) == 1 and taken[-1].complete
    assert taken[-1].token == "after"
    # And quick slices let them grow back
    for _quick in range(SliceQueue.MOST_CUTS):
        queue.took(0.0)
    assert queue.cuts == 0


def test_a_slice_of_one_card_or_of_the_calendar_is_not_cut() -> None:
    assert len(halved(_exchange(1))) == 1
    calendar = dataclasses.replace(_exchange(0), calendar=_Calendar(parts=("events",)))  # type: ignore[arg-type]
    assert halved(calendar) == [calendar]
