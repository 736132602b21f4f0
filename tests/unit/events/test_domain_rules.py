"""Domain rules: when to reconnect, when a promise is due, what people share, slugs, lists."""

from __future__ import annotations

from datetime import date

import pytest

from companion.domain.folding import slugify
from companion.domain.interests import shared_interests
from companion.domain.people import FollowUp, Promise, PromiseStatus
from companion.domain.validation import clean_tuple

TODAY = date(2024, 6, 15)


# --- FollowUp ---------------------------------------------------------------------------------


def test_follow_up_explicit_date_wins_over_the_cadence() -> None:
    # Given both an explicit next date and a cadence
    follow_up = FollowUp(next_date=date(2024, 7, 1), cadence_days=10)
    # When the due date is asked with a last contact
    due = follow_up.due_date(last_contact=date(2024, 6, 1))
    # Then the explicit date is used
    assert due == date(2024, 7, 1)


def test_follow_up_cadence_counts_from_the_last_contact() -> None:
    follow_up = FollowUp(cadence_days=30)
    assert follow_up.due_date(last_contact=date(2024, 1, 31)) == date(2024, 3, 1)


def test_follow_up_cadence_without_a_last_contact_has_no_date() -> None:
    assert FollowUp(cadence_days=30).due_date(last_contact=None) is None


def test_empty_follow_up_has_no_date_and_is_never_due() -> None:
    follow_up = FollowUp()
    assert follow_up.due_date(last_contact=TODAY) is None
    assert not follow_up.is_due(last_contact=TODAY, today=TODAY)


@pytest.mark.parametrize(
    ("next_date", "expected"),
    [(date(2024, 6, 14), True), (date(2024, 6, 15), True), (date(2024, 6, 16), False)],
)
def test_follow_up_is_due_on_and_after_its_date(next_date: date, expected: bool) -> None:
    # Given a follow-up on yesterday, today or tomorrow
    follow_up = FollowUp(next_date=next_date)
    # Then it is due on its date and later, not before
    assert follow_up.is_due(last_contact=None, today=TODAY) is expected


def test_follow_up_by_cadence_becomes_due() -> None:
    follow_up = FollowUp(cadence_days=7)
    assert not follow_up.is_due(last_contact=date(2024, 6, 9), today=TODAY)
    assert follow_up.is_due(last_contact=date(2024, 6, 8), today=TODAY)


# --- Offer ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "is_due", "is_overdue"),
    [
        (date(2024, 6, 14), True, True),
        (date(2024, 6, 15), True, False),
        (date(2024, 6, 16), False, False),
        (None, False, False),
    ],
)
def test_open_promise_due_and_overdue(due: date | None, is_due: bool, is_overdue: bool) -> None:
    # Given an open promise due yesterday, today, tomorrow or never
    promise = Promise(person_id="p", text="Send the book", due=due)
    # Then it is due from its date on, overdue only after it
    assert promise.is_due(TODAY) is is_due
    assert promise.is_overdue(TODAY) is is_overdue


@pytest.mark.parametrize("status", [PromiseStatus.DONE, PromiseStatus.DROPPED])
def test_kept_or_dropped_promise_is_never_due(status: PromiseStatus) -> None:
    promise = Promise(person_id="p", text="Send the book", due=date(2020, 1, 1), status=status)
    assert not promise.is_due(TODAY)
    assert not promise.is_overdue(TODAY)


# --- shared_interests -------------------------------------------------------------------------


def test_shared_interests_keeps_the_order_of_theirs() -> None:
    mine = ("go", "climbing", "ai")
    theirs = ("ai", "knitting", "go")
    assert shared_interests(mine, theirs) == ("ai", "go")


@pytest.mark.parametrize(("mine", "theirs"), [((), ("go",)), (("go",), ()), (("chess",), ("go",))])
def test_shared_interests_empty_when_nothing_in_common(
    mine: tuple[str, ...], theirs: tuple[str, ...]
) -> None:
    assert shared_interests(mine, theirs) == ()


# --- slugify ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "slug"),
    [
        ("Board Games!", "board-games"),
        ("Café Crème", "cafe-creme"),
        ("Ångström & Zoë", "angstrom-zoe"),
        ("  AI / ML  reading-group ", "ai-ml-reading-group"),
        ("C++", "c"),
        ("3D printing", "3d-printing"),
        ("---", ""),
        ("日本語", ""),
    ],
)
def test_slugify(label: str, slug: str) -> None:
    assert slugify(label) == slug


# --- clean_tuple ------------------------------------------------------------------------------


def test_clean_tuple_strips_drops_empties_and_repeats_in_order() -> None:
    assert clean_tuple([" b", "a", "", "  ", "b ", "a", "c"]) == ("b", "a", "c")


def test_clean_tuple_of_nothing_is_empty() -> None:
    assert clean_tuple(()) == ()
