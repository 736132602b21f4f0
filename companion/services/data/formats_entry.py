"""What a file format declares once: its names, how it is recognised, read and written.

The entries live in one module per format (``formats_backup``, ``formats_calendar``,
``formats_contacts``); ``services/formats.py`` lists them and answers everyone's questions
(detection, import, export, the command line's choices, the window's file filters).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from companion.i18n import _
from companion.interop.detect import Sniffed

if TYPE_CHECKING:
    from companion.interop.csv_columns import ContactField
    from companion.interop.parsed_contacts import Progress, ShouldCancel
    from companion.services.data.backup import ImportSummary
    from companion.services.data.exporting import ExportOptions
    from companion.services.events.event_import import InferInterests
    from companion.services.people.people_import import Categorize
    from companion.storage.store import Store


class Holds(StrEnum):
    """What a file brings in; files holding the same share one filter in the open dialog."""

    BACKUP = "backup"
    EVENTS = "events"
    PEOPLE = "people"


class Preview(StrEnum):
    """Which preview the window opens before importing (the window maps it to its dialog)."""

    EVENTS = "events"
    PEOPLE = "people"


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportRequest:
    """What an import at once (no preview: the command line, a backup) needs to know."""

    file_name: str
    now: datetime
    infer_interests: InferInterests | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanRequest:
    """What planning a previewed import needs; runs on the window's worker thread."""

    file_name: str
    now: datetime
    progress: Progress | None = None
    should_cancel: ShouldCancel | None = None
    #: Events: the user's interests, read on the thread that owns the store.
    infer_interests: InferInterests | None = None
    #: People: labels to interests or tags, and the columns the user chose for a CSV.
    categorize: Categorize | None = None
    mapping: tuple[ContactField, ...] | None = None


@dataclass(frozen=True, slots=True)
class ExportedFile:
    payload: bytes
    #: How many records it holds (people, or calendar entries); for the status message.
    records: int


Recognise = Callable[[Sniffed], bool]
ImportAtOnce = Callable[["Store", bytes, ImportRequest], "ImportSummary"]
#: Reads and matches a file for an import at once, without writing (on a worker thread, a
#: ``Store.scratch`` copy is the store); what it returns goes to ``ApplyPlanned``.
PlanAtOnce = Callable[["Store", bytes, ImportRequest], object]
#: Writes what ``PlanAtOnce`` planned, in one all-or-nothing change, on the store's thread.
ApplyPlanned = Callable[["Store", object], "ImportSummary"]
#: The plan the preview shows (an ``EventImportPlan``, a ``PeopleImportPlan``).
Plan = Callable[["Store", bytes, PlanRequest], object]
#: ``options`` is ``None`` for a format that declares none (the backup): nothing to choose.
Write = Callable[["Store | None", "ExportOptions | None", datetime], ExportedFile]


@dataclass(frozen=True, slots=True)
class Staged:
    """An import at once in two steps, so the reading can run off the window's thread."""

    plan: PlanAtOnce
    apply: ApplyPlanned

    def at_once(self, store: Store, data: bytes, request: ImportRequest) -> ImportSummary:
        """Both steps on ``store`` (``FileFormat.import_at_once``)."""
        return self.apply(store, self.plan(store, data, request))


@dataclass(frozen=True, slots=True, kw_only=True)
class Export:
    """How a format is written by ``companion export`` and File > Export…."""

    write: Write
    #: The export dialog's choice and the hint under it (``N_``: translated when shown).
    choice: str
    hint: str
    #: What ``export --format NAME`` writes, for the command's help (``N_``).
    help: str
    #: The suggested file name before the date: ``common-ground-people``.
    file_stem: str
    #: The ``ExportOptions`` fields this format reads; with none it is written without them.
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class FileFormat:
    #: The command line's name (``--format NAME``), also in forwarded requests: ``vcf``.
    name: str
    #: The file dialog filter's name (``N_``): "Contacts" gives "Contacts (*.vcf)".
    label: str
    #: Recognised by name; the first is the one written and shown in the filters.
    suffixes: tuple[str, ...]
    holds: Holds
    #: From the file's first bytes (already without a byte order mark, upper-cased).
    recognise: Recognise
    #: Read and write in one all-or-nothing change; raises ``FormatError`` when unreadable.
    import_at_once: ImportAtOnce
    #: The same in two steps (read, then write); ``None``: the import at once runs whole where
    #: the store lives (a forwarded import then reads the file on a worker thread only).
    staged: Staged | None = None
    #: ``None``: the window imports it at once too (a backup is the user's own data).
    preview: Preview | None = None
    #: Reads the file for the preview, without writing (with a ``preview``).
    plan: Plan | None = None
    export: Export | None = None
    #: A loose test (CSV: "two commas"): asked only after every exact one said no.
    loose: bool = False
    #: A text file: one named like it that holds no text is told why (NUL bytes, line 3).
    text: bool = True

    def __post_init__(self) -> None:
        if (self.preview is None) != (self.plan is None):
            raise ValueError(f"{self.name}: a preview needs a plan, and a plan a preview")

    @property
    def suffix(self) -> str:
        return self.suffixes[0]

    def file_filter(self) -> str:
        """The save dialog's filter, translated: "Contacts (*.vcf)"."""
        return f"{_(self.label)} (*{self.suffix})"
