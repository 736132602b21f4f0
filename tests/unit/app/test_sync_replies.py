"""What `companion sync` prints per account: counts only for a round that did something, or
went well, and a word when people are not synced at all."""

from __future__ import annotations

from companion.services.instance.instance_messages import EXIT_FAILED, EXIT_OK
from companion.services.sync.sync_replies import summaries_reply
from companion.services.sync.sync_round import RoundSummary


def test_given_a_round_that_failed_before_anything_moved_then_no_counts_read_like_success() -> None:
    # Given a server that could not be reached
    reply = summaries_reply([RoundSummary("Laptop", problem="the server did not answer")])
    # Then only the problem is said, on standard error, with exit 1
    assert reply.exit_code == EXIT_FAILED
    assert "0 in" not in reply.stdout
    assert "Laptop" in reply.stderr and "the server did not answer" in reply.stderr


def test_given_a_round_that_stopped_half_way_then_what_moved_is_still_said() -> None:
    reply = summaries_reply([RoundSummary("Laptop", people_in=3, problem="time-out")])
    assert reply.stdout.startswith("Laptop: 3 in, 0 out")
    assert reply.exit_code == EXIT_FAILED


def test_given_an_account_without_an_address_book_then_the_reply_says_people_are_not_synced() -> (
    None
):
    reply = summaries_reply([RoundSummary("Phone", events_in=2, address_book_chosen=False)])
    assert reply.exit_code == EXIT_OK
    assert "Phone: 0 in, 0 out, 2 events in" in reply.stdout
    assert "no address book is chosen (companion sync address-book Phone BOOK)" in reply.stdout


def test_given_a_quiet_round_that_went_well_then_its_counts_are_said() -> None:
    reply = summaries_reply([RoundSummary("Phone")])
    assert (reply.stdout, reply.exit_code) == ("Phone: 0 in, 0 out\n", EXIT_OK)
