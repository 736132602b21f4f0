"""Property-based round trips: random people through vCard 3.0 and 4.0, CSV and the JSON backup.

Each format keeps its own set of fields (vCard has no "first met", CSV no photo or card
details); whatever a format keeps must come back equal in a fresh store, and importing an
export into the store it came from must add and change nothing.
"""

from __future__ import annotations

import base64
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.domain.contact_card import ContactKind, NameParts
from companion.domain.people import Person
from companion.interop.detect import FileKind
from companion.interop.errors import FormatError
from companion.interop.vcard_details import contact_labels, name_parts_of
from companion.interop.vcard_read import read_vcards
from companion.interop.vcard_values import uri_from_iri
from companion.interop.vcard_write import (
    MAX_LINE_OCTETS,
    VCardVersion,
    card_uid,
    note_text,
    write_vcards,
)
from companion.services.data.backup import export_backup, import_backup
from companion.services.data.exporting import export_data, export_options
from companion.services.people.contacts_reading import plan_contacts_import
from companion.services.people.people_import import (
    PeopleDecision,
    apply_people_import,
    plan_people_import,
)
from companion.storage.store import Store
from tests.support.icaljs import Component, parse_with_icaljs

ROUND_TRIPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
REVISED = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
ICALJS_SAMPLE = settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# Letters of many scripts, and emoji (one with a skin tone and a zero-width joiner).
_WORD_LETTERS = (
    "abcdefghijklmnopqrstuvwxyzÄÖÜäöüßéèçñøåłŁşğ"
    "абвгдежзийклмнопрстуфхцчшщыэюя"
    "αβγδεζηθικλμνξοπρστυφχψω"
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    "אבגדהוזחטיכלמנסעפצקרשת"
    "山田太郎中村春樹김민준"
    "अआइकखगघ"
    "กขคง"
)
_EMOJI = ("😀", "🦊", "👩🏽‍💻", "☕", "🇩🇪")
_BLANKS_AND_ESCAPES = (" ", "  ", ",", ";", "\\", ":", "\n", "\n\n", "\t")
_TAGS = ("Friends", "Kollegen", "友達", "Stockholm", "Berlin 2024", "Nachbarn", "Друзья", "vip")
_INTEREST_SLUGS = ("board-games", "climbing", "chess", "hiking", "running", "card-games")
_TYPES = {
    ContactKind.EMAIL: ("home", "work"),
    ContactKind.PHONE: ("cell", "work", "home", "voice", "fax"),
}
_KEPT_LINES = (
    "X-MS-OL-DEFAULT-POSTAL-ADDRESS:2",
    "X-ABShowAs:COMPANY",
    "X-PHONETIC-LAST-NAME:Yamada",
    "X-CUSTOM;X-PARAM=a:value\\, with comma",
)

words = st.text(alphabet=_WORD_LETTERS, min_size=1, max_size=10)
names = st.lists(words | st.sampled_from(_EMOJI), min_size=1, max_size=3).map(" ".join)
# Multi-line text with blanks at the ends, escapes, emoji and many scripts; never only blanks.
free_text = (
    st.lists(words | st.sampled_from(_EMOJI) | st.sampled_from(_BLANKS_AND_ESCAPES), max_size=14)
    .map("".join)
    .filter(lambda text: not text or text.strip())
)
one_line = st.lists(words, max_size=3).map(" ".join)
birthdays = st.one_of(
    st.just(""),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)).map(date.isoformat),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)).map(
        lambda day: day.strftime("--%m-%d")
    ),
)
hosts = st.sampled_from(("example.org", "bücher.example", "日本.example", "straße.example"))
paths = st.text(alphabet="abcxyzüéßж日本-_/", max_size=12)
web_links = st.builds(lambda host, path: f"https://{host}/{path}", hosts, paths)
links = st.one_of(
    web_links,
    st.sampled_from(("twitter: ana_b", "instagram: mimi.ink", "xmpp:ana@jabber.example")),
)
photos = st.one_of(
    st.just(""),
    st.binary(min_size=1, max_size=48).map(
        lambda data: "data:image/png;base64," + base64.b64encode(b"\x89PNG" + data).decode()
    ),
)


@st.composite
def people(draw: st.DrawFn, number: int) -> Person:
    """One random person; ``number`` keeps emails and phones distinct between people."""
    name = draw(names)
    emails = tuple(
        f"p{number}.{local}@example.org"
        for local in draw(st.lists(st.sampled_from(("ana", "bo", "cy")), unique=True, max_size=3))
    )
    phones = tuple(
        f"+49 30 {number}{digits}"
        for digits in draw(st.lists(st.integers(1000, 9999).map(str), unique=True, max_size=3))
    )
    labels: list[str] = []
    for kind, values in ((ContactKind.EMAIL, emails), (ContactKind.PHONE, phones)):
        for value in values:
            types = draw(st.lists(st.sampled_from(_TYPES[kind]), unique=True, max_size=2))
            pref = draw(st.sampled_from((0, 0, 1)))
            params = (f";TYPE={','.join(types)}" if types else "") + (";PREF=1" if pref else "")
            if params:
                labels.append(f"{'EMAIL' if kind is ContactKind.EMAIL else 'TEL'}{params}:{value}")
    person_id = uuid.uuid4().hex
    uid = draw(
        st.sampled_from(("", f"urn:uuid:{uuid.UUID(person_id)}", str(uuid.UUID(person_id)).upper()))
    )
    family, given = draw(words), draw(words)
    kept = tuple(draw(st.lists(st.sampled_from(_KEPT_LINES), unique=True, max_size=2)))
    structured = draw(st.booleans())
    if structured:
        name = f"{given} {family}"
    return Person(
        id=person_id,
        name=name,
        emails=emails,
        phones=phones,
        links=tuple(draw(st.lists(links, unique=True, max_size=3))),
        organization=draw(one_line),
        job_title=draw(one_line),
        birthday=draw(birthdays),
        photo=draw(photos),
        interests=tuple(draw(st.lists(st.sampled_from(_INTEREST_SLUGS), unique=True, max_size=3))),
        tags=tuple(draw(st.lists(st.sampled_from(_TAGS), unique=True, max_size=3))),
        notes=draw(free_text),
        working_on=draw(free_text),
        looking_for=draw(free_text),
        first_met=draw(
            st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2200, 12, 31))
        ),
        uid=uid,
        structured_name=(
            NameParts(family=family, given=given, name=name).stored() if structured else ()
        ),
        contact_labels=tuple(labels),
        kept_properties=kept,
        card_version="4.0" if kept else "",
    )


crowds = st.integers(1, 3).flatmap(
    lambda count: st.tuples(*(people(number) for number in range(count)))
)


@contextmanager
def _fresh_store() -> Iterator[Store]:
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "data")
        try:
            yield store
        finally:
            store.close()


def _export(store: Store, kind: str) -> tuple[bytes, FileKind]:
    if kind == "csv":
        return export_data(store, export_options("csv")).payload, FileKind.CSV
    return export_data(store, export_options("vcf", vcard_version=kind)).payload, FileKind.VCARD


def _import(store: Store, data: bytes, kind: FileKind) -> tuple[list[PeopleDecision], int]:
    """The planned decisions and how many people were added (name-only matches are added,
    as the command line does: two people may share a name)."""
    plan = plan_contacts_import(store, data, file_name="export", kind=kind)
    summary = apply_people_import(store, plan, merge_similar_names=False)
    return [item.decision for item in plan.items], summary.added


_COMMON = (
    "id",
    "name",
    "emails",
    "phones",
    "links",
    "organization",
    "job_title",
    "birthday",
    "interests",
    "tags",
    "notes",
    "working_on",
    "looking_for",
)
_KEPT_BY = {
    "4.0": (*_COMMON, "photo", "uid", "structured_name", "kept_properties", "card_version"),
    # Kept lines come back as lines of a 3.0 card.
    "3.0": (*_COMMON, "photo", "uid", "structured_name", "kept_properties"),
    "csv": (*_COMMON, "first_met"),
}


def _kept(person: Person, kind: str) -> dict[str, object]:
    kept: dict[str, object] = {name: getattr(person, name) for name in _KEPT_BY[kind]}
    if kind != "csv":
        # Labels are compared as read: a 3.0 card writes the same label in its own words.
        kept["labels"] = contact_labels(person)
    return kept


def _by_id(store: Store) -> dict[str, Person]:
    return {person.id: person for person in store.people}


@ROUND_TRIPS
@given(crowd=crowds)
def test_every_format_gives_a_fresh_store_the_same_people(crowd: tuple[Person, ...]) -> None:
    # Given random people in a store
    with _fresh_store() as store:
        store.people.put_many(list(crowd))
        exports = {kind: _export(store, kind) for kind in ("4.0", "3.0", "csv")}
        backup = export_backup(store)
        tables = store.record_tables()
    for kind in ("4.0", "3.0"):
        # Then every line of a card is at most 75 octets and whole UTF-8 (never a split
        # sequence), and ends in CRLF
        data = exports[kind][0]
        assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
        for line in data.split(b"\r\n"):
            assert len(line) <= MAX_LINE_OCTETS
            line.decode("utf-8")
    for kind, (data, file_kind) in exports.items():
        # When an export is imported into an empty store
        with _fresh_store() as fresh:
            _decisions, added = _import(fresh, data, file_kind)
            # Then everyone is added once, with every field the format keeps equal
            assert added == len(crowd), kind
            found = _by_id(fresh)
            for person in crowd:
                assert _kept(found[person.id], kind) == _kept(person, kind), kind
    # And the JSON backup restores an identical store
    with _fresh_store() as fresh:
        import_backup(fresh, backup)
        assert fresh.record_tables() == tables


@ROUND_TRIPS
@given(crowd=crowds)
def test_an_export_imported_into_its_own_store_adds_and_changes_nothing(
    crowd: tuple[Person, ...],
) -> None:
    # Given random people in a store, and their export in every format
    with _fresh_store() as store:
        store.people.put_many(list(crowd))
        before = store.people.all()
        for kind in ("4.0", "3.0", "csv"):
            data, file_kind = _export(store, kind)
            # When the export is imported into the same store
            decisions, _added = _import(store, data, file_kind)
            # Then every entry is skipped as unchanged, and the store is as it was
            assert decisions == [PeopleDecision.SKIP] * len(crowd), kind
            assert store.people.all() == before, kind


@ICALJS_SAMPLE
@given(crowd=crowds)
def test_icaljs_reads_every_generated_card_as_written(crowd: tuple[Person, ...]) -> None:
    # Given random people exported as vCard 3.0 and 4.0
    with _fresh_store() as store, tempfile.TemporaryDirectory() as folder:
        store.people.put_many(list(crowd))
        paths = []
        for kind in ("4.0", "3.0"):
            path = Path(folder) / f"people-{kind}.vcf"
            path.write_bytes(_export(store, kind)[0])
            paths.append(path)
        # When Mozilla's ical.js reads them
        parsed = parse_with_icaljs(*paths)
    ordered = sorted(crowd, key=lambda person: (person.name.casefold(), person.id))
    for file in parsed:
        # Then it finds every card with the values as the app has them
        assert [card.first("fn") for card in file.components] == [p.name for p in ordered]
        for card, person in zip(file.components, ordered, strict=True):
            _assert_icaljs_reads(card, person)


def _assert_icaljs_reads(card: Component, person: Person) -> None:
    assert card.first("uid") == card_uid(person)
    assert card.values("email") == list(person.emails)
    assert card.values("tel") == list(person.phones)
    assert card.first("note") == (note_text(person) or None)
    # ical.js gives a structured value of one part as a plain string
    assert card.first("org") == (person.organization or None)
    assert card.first("title") == (person.job_title or None)
    parts = name_parts_of(person)
    expected_n = list(parts.parts()) if parts is not None else ["", person.name, "", "", ""]
    assert card.first("n") == expected_n
    web = [uri_from_iri(link) for link in person.links if "://" in link or link.startswith("xmpp")]
    assert card.values("url") == web
    assert card.first("bday") == (person.birthday or None)
    photo = card.first("photo")
    if person.photo:
        # 4.0: the data URI itself; 3.0: the inline base64 of the same image
        assert photo in (person.photo, person.photo.split(",", 1)[1])
    else:
        assert photo is None


_PROPERTIES = (
    "EMAIL",
    "TEL",
    "URL",
    "IMPP",
    "X-SOCIALPROFILE",
    "ORG",
    "N",
    "PHOTO",
    "BDAY",
    "NOTE",
    "ADR",
    "item1.EMAIL",
    "item1.X-ABLabel",
    "X-FOO",
    "RELATED",
    "CLIENTPIDMAP",
    "CATEGORIES",
)
_PARAMETERS = (
    ";TYPE=cell",
    ";type=pref",
    ";PREF=1",
    ";VALUE=uri",
    ";X-SERVICE-TYPE=Skype",
    ";ENCODING=QUOTED-PRINTABLE",
    ";CHARSET=utf-8",
    ";CELL",
    ";x-user=ana",
)
_PIECES = ("%C3%BC", "xn--", "://", "\\,", "\\;", "=", "tel:", "mailto:", "@", "ü.", "1", "--04")
card_values = st.lists(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\r\n"),
        max_size=4,
    )
    | st.sampled_from(_PIECES),
    max_size=8,
).map("".join)
card_lines = st.lists(
    st.tuples(
        st.sampled_from(_PROPERTIES),
        st.lists(st.sampled_from(_PARAMETERS), max_size=3).map("".join),
        card_values,
    ).map(lambda parts: f"{parts[0]}{parts[1]}:{parts[2]}"),
    max_size=8,
)


@ROUND_TRIPS
@given(lines=card_lines, version=st.sampled_from(("2.1", "3.0", "4.0")))
def test_any_card_exports_the_same_after_a_round_trip(lines: list[str], version: str) -> None:
    # Given an arbitrary card: odd parameters, escapes, encodings, repeated properties
    text = f"BEGIN:VCARD\r\nVERSION:{version}\r\nFN:Ana\r\n" + "\r\n".join(lines)
    data = (text + "\r\nEND:VCARD\r\n").encode()
    try:
        people = _people_of(data)
    except FormatError:
        return  # a card the reader refuses with a message (a soft break eating END:VCARD)
    for target in VCardVersion:
        # When it is exported, imported again and exported again
        first = write_vcards(people, version=target, revised=REVISED)
        again = write_vcards(_people_of(first), version=target, revised=REVISED)
        # Then both exports are the same bytes: the card is patched, never drifts
        assert again == first


def _people_of(data: bytes) -> list[Person]:
    plan = plan_people_import([], read_vcards(data), file_name="card.vcf")
    return [item.person for item in plan.items if item.person is not None]
