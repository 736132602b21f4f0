"""Planning and applying a people import: matching, merging, re-importing, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.domain.people import Person
from companion.interop.detect import FileKind
from companion.interop.parsed_contacts import ParsedContact, ParsedContacts
from companion.services.data.exporting import export_data, export_options
from companion.services.data.importing import import_file
from companion.services.people.contact_merge import merge_changes, merge_imported
from companion.services.people.contacts_reading import plan_contacts_import
from companion.services.people.people_import import (
    PeopleDecision,
    apply_people_import,
    plan_people_import,
    with_merge_target,
)
from companion.storage.store import Store

FIXTURES = Path(__file__).parents[2] / "fixtures" / "people"


def _contacts(*contacts: ParsedContact) -> ParsedContacts:
    return ParsedContacts(contacts)


def test_matches_by_email_phone_and_similar_name_with_reasons() -> None:
    # Given people already known
    ana = Person(name="Ana López", emails=("ana@x.org",))
    tom = Person(name="Tom Becker", phones=("+49 170 1234567",))
    jon = Person(name="Jonathan Smith")
    parsed = _contacts(
        ParsedContact(name="A. Lopez", line=1, emails=("ANA@x.org",), source_id="vcard:a"),
        ParsedContact(name="Tom", line=5, phones=("0170 1234567",), source_id="vcard:t"),
        ParsedContact(name="Jonathon Smith", line=9, source_id="vcard:j"),
        ParsedContact(name="Someone New", line=12, source_id="vcard:n"),
    )
    # When the file is planned by someone in Germany
    plan = plan_people_import([ana, tom, jon], parsed, file_name="x.vcf", region="DE")
    by_email, by_phone, by_name, new = plan.items
    # Then the email and the phone with a matching name merge, each saying why
    assert (by_email.decision, by_email.match, by_email.certain) == (
        PeopleDecision.MERGE,
        ana,
        True,
    )
    assert by_email.reason == "same email ANA@x.org"
    assert by_phone.decision is PeopleDecision.MERGE and by_phone.match == tom
    assert by_phone.reason == "same phone 0170 1234567 and a matching name"
    # And a similar name alone is only a possible duplicate, added as new
    assert by_name.decision is PeopleDecision.ADD
    assert by_name.match == jon and not by_name.certain
    assert "possibly Jonathan Smith: a very similar name" in by_name.reason
    assert "Find Duplicate People" in by_name.reason
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


def _everyone() -> list[Person]:
    return [
        Person(
            name="Ana López",
            emails=("ana@x.org", "ana@home.example"),
            phones=("+49 170 1234567",),
            birthday="1990-04-12",
            interests=("climbing",),
            tags=("Friends",),
            notes="Met at the gym.\nLikes tea; and cake, lots",
            working_on="A climbing guide",
            looking_for="A publisher",
        ),
        Person(name="Tom", birthday="--05-06", notes="No email, no phone."),
        Person(name="Zoë O'Brien, Jr", links=("https://z.example",), organization="Org; Inc"),
        Person(name="=cmd", emails=("formula@x.org",), notes="-starts with a minus"),
    ]


def _export(store: Store, kind: str) -> tuple[bytes, FileKind]:
    if kind == "csv":
        return export_data(store, export_options("csv", bom=True)).payload, FileKind.CSV
    return export_data(store, export_options("vcf", vcard_version=kind)).payload, FileKind.VCARD


def _compared(person: Person) -> tuple[object, ...]:
    return (
        person.id,
        person.name,
        person.emails,
        person.phones,
        person.links,
        person.birthday,
        person.interests,
        person.tags,
        person.notes,
        person.working_on,
        person.looking_for,
        person.organization,
    )


@pytest.mark.parametrize("kind", ["4.0", "3.0", "csv"])
def test_our_export_imported_into_the_same_store_adds_nothing(core_store: Store, kind: str) -> None:
    # Given people exported from the store, some with neither email nor phone
    core_store.people.put_many(_everyone())
    before = core_store.people.all()
    data, file_kind = _export(core_store, kind)
    # When the export is imported back into the same store
    plan = plan_contacts_import(core_store, data, file_name="export", kind=file_kind)
    summary = apply_people_import(core_store, plan)
    # Then each card is matched to the person it came from, and nothing changes
    assert {item.reason for item in plan.items} == {"already imported, nothing changed"}
    assert (summary.added, summary.updated, summary.skipped) == (0, 0, 4)
    assert core_store.people.all() == before


@pytest.mark.parametrize("kind", ["4.0", "3.0", "csv"])
def test_our_export_imported_into_an_empty_store_gives_the_same_people(
    core_store: Store, tmp_path: Path, kind: str
) -> None:
    # Given an export of the people of one store
    core_store.people.put_many(_everyone())
    data, file_kind = _export(core_store, kind)
    # When it is imported into an empty store, twice
    with Store.open(tmp_path / "other") as other:
        for _round in range(2):
            plan = plan_contacts_import(other, data, file_name="export", kind=file_kind)
            apply_people_import(other, plan)
        # Then the same people arrive once, with their ids, details, interests and notes
        assert sorted(map(_compared, other.people)) == sorted(map(_compared, core_store.people))


def test_merging_with_a_chosen_person_and_what_it_would_change(core_store: Store) -> None:
    # Given a stored person and a file row that matched nobody
    thomas = Person(name="Thomas Bäcker", organization="", notes="School friend.")
    core_store.people.put(thomas)
    parsed = _contacts(
        ParsedContact(
            name="Tom Becker", line=4, emails=("tom@x.org",), organization="Becker GmbH",
            notes="From the file.", source_id="vcard:t",
        )
    )  # fmt: skip
    plan = plan_people_import(core_store.people.all(), parsed, file_name="x.vcf")
    assert plan.items[0].match is None and plan.people == (thomas,)
    # When the user chooses to merge it with Thomas
    chosen = with_merge_target(plan, 0, thomas)
    item = chosen.items[0]
    # Then the preview can say what the merge fills in and adds
    assert merge_changes(thomas, item.person) == (  # type: ignore[arg-type]
        "adds Email: tom@x.org",
        "fills in Organisation: Becker GmbH",
        "keeps the name Tom Becker as also known as",
        "adds the imported notes below the existing ones",
    )
    # And applying it merges into Thomas instead of adding Tom
    summary = apply_people_import(core_store, chosen, decisions_override={0: PeopleDecision.MERGE})
    assert (summary.added, summary.merged, summary.updated) == (0, 1, 0)
    assert summary.merges == ("merged “Tom Becker” into “Thomas Bäcker” (chosen by you)",)
    merged = core_store.people.get(thomas.id)
    assert merged is not None and merged.emails == ("tom@x.org",)
    assert merged.notes.startswith("School friend.")


def test_a_csv_row_with_a_too_long_note_is_rejected_with_its_line(core_store: Store) -> None:
    # Given a CSV whose second person has a note over the limit
    data = b'Name,Notes\r\nAna,short\r\nBen,"' + b"x" * 200_000 + b'"\r\nCleo,fine\r\n'
    # When it is planned
    plan = plan_contacts_import(core_store, data, file_name="x.csv", kind=FileKind.CSV)
    # Then only Ben's row is a problem, and it says where and why
    [ben] = plan.rejected
    assert ben.describe().startswith("line 3 (Ben): the note is too long (200000 characters")
    assert plan.count(PeopleDecision.ADD) == 2
