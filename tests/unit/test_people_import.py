"""Planning and applying a people import: matching, merging, re-importing, all or nothing."""

from __future__ import annotations

from pathlib import Path

from companion.domain.people import Person
from companion.interop.detect import FileKind
from companion.interop.parsed_contacts import ParsedContact, ParsedContacts
from companion.services.contacts_reading import plan_contacts_import
from companion.services.importing import import_file
from companion.services.people_import import (
    PeopleDecision,
    apply_people_import,
    merge_imported,
    plan_people_import,
)
from companion.storage.store import Store

FIXTURES = Path(__file__).parent.parent / "fixtures" / "people"


def _contacts(*contacts: ParsedContact) -> ParsedContacts:
    return ParsedContacts(contacts)


def test_matches_by_email_phone_and_similar_name_with_reasons() -> None:
    # Given people already known
    ana = Person(name="Ana López", emails=("ana@x.org",))
    tom = Person(name="Tom Becker", phones=("+49 170 1234567",))
    jon = Person(name="Jonathan Smith")
    parsed = _contacts(
        ParsedContact(name="A. Lopez", line=1, emails=("ANA@x.org",), source_id="vcard:a"),
        ParsedContact(name="Thomas", line=5, phones=("0170 1234567",), source_id="vcard:t"),
        ParsedContact(name="Jonathon Smith", line=9, source_id="vcard:j"),
        ParsedContact(name="Someone New", line=12, source_id="vcard:n"),
    )
    # When the file is planned
    plan = plan_people_import([ana, tom, jon], parsed, file_name="x.vcf")
    by_email, by_phone, by_name, new = plan.items
    # Then each match says why, and only the name match is uncertain
    assert (by_email.decision, by_email.match, by_email.certain) == (
        PeopleDecision.MERGE,
        ana,
        True,
    )
    assert by_email.reason == "same email: ANA@x.org"
    assert by_phone.match == tom and by_phone.reason == "same phone: 0170 1234567"
    assert by_name.match == jon and not by_name.certain
    assert "very similar name to Jonathan Smith" in by_name.reason
    assert new.decision is PeopleDecision.ADD and new.match is None


def test_merge_fills_empty_fields_unions_lists_and_keeps_user_notes() -> None:
    # Given a person with the user's notes and an imported copy with more details
    mine = Person(name="Ana", emails=("ana@x.org",), notes="Met at the climbing gym.")
    theirs = Person(
        name="Ana López",
        emails=("ANA@x.org", "ana@home.example"),
        organization="Climbing Collective",
        notes="Imported note",
        tags=("starred",),
    )
    # When they are merged
    merged = merge_imported(mine, theirs)
    # Then nothing of mine is lost and the new things are added once
    assert merged.name == "Ana"
    assert merged.emails == ("ana@x.org", "ana@home.example")
    assert merged.organization == "Climbing Collective"
    assert merged.notes.startswith("Met at the climbing gym.")
    assert merged.notes.endswith("Imported note")
    assert merge_imported(merged, theirs) == merged


def test_reimporting_the_same_file_changes_nothing(core_store: Store) -> None:
    # Given every fixture imported once
    files = sorted(FIXTURES.glob("*.vcf")) + sorted(FIXTURES.glob("*.csv"))
    for path in files:
        import_file(core_store, path)
    before = core_store.people.all()
    # When each file is imported again
    summaries = [import_file(core_store, path) for path in files]
    # Then nothing is added or updated
    assert [(summary.added, summary.updated) for summary in summaries] == [(0, 0)] * len(files)
    assert core_store.people.all() == before


def test_categories_map_to_interests_or_stay_tags(core_store: Store) -> None:
    # Given a Nextcloud export with categories / When it is imported
    import_file(core_store, FIXTURES / "nextcloud-4.0.vcf")
    sofia = next(person for person in core_store.people if person.name == "Sofia Rossi")
    # Then catalogue interests are recognised and the rest kept as tags
    assert "board-games" in sofia.interests
    assert sofia.tags == ("Friends",)


def test_user_decisions_are_applied(core_store: Store) -> None:
    # Given a stored person and a file with a match and a new person
    ana = Person(name="Ana López", emails=("ana.lopez@example.org",))
    core_store.people.put(ana)
    data = (FIXTURES / "linkedin-Connections.csv").read_bytes()
    plan = plan_contacts_import(core_store, data, file_name="c.csv", kind=FileKind.CSV)
    assert plan.items[0].decision is PeopleDecision.MERGE
    # When the user adds the match as new and skips the second row
    summary = apply_people_import(
        core_store, plan, decisions_override={0: PeopleDecision.ADD, 1: PeopleDecision.SKIP}
    )
    # Then two are added, one skipped, and the stored person is untouched
    assert (summary.added, summary.updated, summary.skipped) == (2, 0, 1)
    assert core_store.people.get(ana.id) == ana
    assert len(core_store.people) == 3


def test_cli_rule_adds_name_only_matches_as_new(core_store: Store) -> None:
    # Given a stored person with a similar name but no shared details
    core_store.people.put(Person(name="Jonathan Smith"))
    parsed = _contacts(ParsedContact(name="Jonathon Smith", line=1, source_id="vcard:1"))
    plan = plan_people_import(core_store.people.all(), parsed, file_name="x.vcf")
    # When applied without asking (the command line)
    summary = apply_people_import(core_store, plan, merge_similar_names=False)
    # Then a new person is added instead of joining two people
    assert summary.added == 1 and len(core_store.people) == 2


def test_a_card_with_a_five_megabyte_note_is_rejected_with_a_reason() -> None:
    # Given a card with a note far over the limit
    parsed = _contacts(
        ParsedContact(name="Big Note", line=3, notes="x" * 5_000_000),
        ParsedContact(name="Small Note", line=9, notes="fine"),
    )
    # When planned / Then it is a problem row that says why, and the other one is imported
    big, small = plan_people_import([], parsed, file_name="x.vcf").items
    assert big.problem and "the note is too long" in big.describe()
    assert small.decision is PeopleDecision.ADD
