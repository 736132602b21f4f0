"""Read a contacts file of any kind (vCard, LinkedIn or other CSV) and plan its import."""

from __future__ import annotations

from companion.domain.inference import infer_interests
from companion.interop.csv_columns import ContactField
from companion.interop.detect import FileKind, detect
from companion.interop.parsed_contacts import ParsedContacts, Progress, ShouldCancel
from companion.interop.people_csv import read_csv_contacts, read_csv_table
from companion.interop.text_decoding import decode_text
from companion.interop.vcard_read import read_vcards
from companion.services.interests import interest_matcher
from companion.services.people_import import Categorize, PeopleImportPlan, plan_people_import
from companion.storage.store import Store

_LINKEDIN_HEADER = b"first name,last name,url"


def detect_contacts(data: bytes, *, file_name: str) -> FileKind:
    """Like ``detect``, but also for UTF-16 files and renamed LinkedIn or semicolon CSVs."""
    kind = detect(data, file_name=file_name)
    if kind is not FileKind.UNKNOWN or not data.strip():
        return kind
    if _LINKEDIN_HEADER in data[:8192].lower():
        return FileKind.CSV
    try:
        text = decode_text(data[:65536]).text
    except ValueError:
        return kind
    return detect(text[:4096].encode("utf-8"), file_name=file_name)


def read_contacts(
    data: bytes,
    *,
    kind: FileKind,
    mapping: tuple[ContactField, ...] | None = None,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
) -> ParsedContacts:
    """The people of a ``.vcf`` or ``.csv`` file; raises ``FormatError`` when unreadable.

    A CSV without ``mapping`` uses LinkedIn's columns or the mapping guessed from its header.
    """
    if kind is FileKind.VCARD:
        return read_vcards(data, progress=progress, should_cancel=should_cancel)
    table = read_csv_table(data)
    return read_csv_contacts(table, mapping, progress=progress, should_cancel=should_cancel)


def categorizer(store: Store) -> Categorize:
    """Maps a file's labels to catalogue interests where one clearly matches; the rest are tags.

    Build it on the thread that owns the store (it reads the user's own interests).
    """
    matcher = interest_matcher(store)
    known: dict[str, str] = {}

    def categorize(labels: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        interests: list[str] = []
        tags: list[str] = []
        for label in labels:
            if label not in known:
                found = infer_interests(matcher, categories=(label,), limit=1)
                known[label] = found[0] if found else ""
            slug = known[label]
            (interests if slug else tags).append(slug or label)
        return tuple(interests), tuple(tags)

    return categorize


def plan_contacts_import(
    store: Store,
    data: bytes,
    *,
    file_name: str,
    kind: FileKind,
    mapping: tuple[ContactField, ...] | None = None,
    categorize: Categorize | None = None,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
) -> PeopleImportPlan:
    parsed = read_contacts(
        data, kind=kind, mapping=mapping, progress=progress, should_cancel=should_cancel
    )
    return plan_people_import(
        store.people.all(),
        parsed,
        file_name=file_name,
        categorize=categorize if categorize is not None else categorizer(store),
        should_cancel=should_cancel,
    )
