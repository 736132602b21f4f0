#!/usr/bin/env python3
"""One vocabulary (issue 18): "offers" are what I can give, "promises" what I said I would do.

The promise record used to be called ``Offer`` (``OfferStatus``, ``store.offers``, ``offer_id``,
variables named ``offer``…) although the profile's inventory (``OfferItem``, ``OfferKind``,
``profile.offers``) is what "offer" means everywhere the user reads it. This script renames the
promise side in ``companion/``, ``tests/``, ``benchmarks/`` and ``stress/``; the inventory keeps
its names.

It is re-runnable and idempotent: run it again after merging branches that still use the old
names, and it renames what they brought; a second run changes nothing. ``--check`` changes
nothing and exits 1 when something would change (and lists it).

What it never changes: the stored format. Table names ("offers"), change-set table names and
document keys are string literals, and strings are left alone (only identifiers in code and in
f-string expressions are rewritten); the one stored field whose Python name changes
(``MergeRecord.moved_offer_ids``) keeps its stored key through ``stored_as`` metadata.

Usage: ``python tools/rename_vocabulary.py [--check] [ROOT]`` (ROOT: the repository, default
the one this script is in).
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
import tokenize
from collections.abc import Iterator
from pathlib import Path

#: Identifiers that only ever meant the promise record: renamed wherever they occur in code.
RENAMES = {
    "Offer": "Promise",
    "OfferStatus": "PromiseStatus",
    "OFFER_STATUS_LABELS": "PROMISE_STATUS_LABELS",
    "AddOfferCommand": "AddPromiseCommand",
    "SetOfferStatusCommand": "SetPromiseStatusCommand",
    "add_offer": "add_promise",
    "set_offer_status": "set_promise_status",
    "offers_of": "promises_of",
    "offer_id": "promise_id",
    "moved_offer_ids": "moved_promise_ids",
    "moved_offers": "moved_promises",
    "offers_before": "promises_before",
    "offer_buttons": "promise_buttons",
    "offer_follow_up_buttons": "promise_follow_up_buttons",
    "offer_state_text": "promise_state_text",
    "offer_text": "promise_text",
    "_offer_row": "_promise_row",
    "_show_offers": "_show_promises",
    "offered": "promised",
    "offered_edit": "promised_edit",
    "open_offer": "open_promise",
    "by_offer": "by_promise",
    "offerId": "promiseId",
    # Test names that are about promises (the others that say "offer" mean the inventory or
    # the verb: "the dialog offers to save").
    "test_offer_needs_a_person_and_a_text": "test_promise_needs_a_person_and_a_text",
    "test_offer_text_over_2000_characters_is_refused": (
        "test_promise_text_over_2000_characters_is_refused"
    ),
    "test_kept_or_dropped_offer_is_never_due": "test_kept_or_dropped_promise_is_never_due",
    "test_open_offer_due_and_overdue": "test_open_promise_due_and_overdue",
    "test_capture_of_a_new_person_saves_person_encounter_and_offer_durably": (
        "test_capture_of_a_new_person_saves_person_encounter_and_promise_durably"
    ),
}

#: Plain words that mean a promise only in files about promises (see ``promise_file``).
PROMISE_WORDS = {
    "offer": "promise",
    "offers": "promises",
    "_offer": "_promise",
    "_offers": "_promises",
}

#: Code that names one of these speaks of promises…
PROMISE_MARKERS = frozenset(
    {
        "Offer",
        "OfferStatus",
        "Promise",
        "PromiseStatus",
        "offer_id",
        "promise_id",
        "add_offer",
        "add_promise",
        "set_offer_status",
        "set_promise_status",
        "offers_of",
        "promises_of",
        "AddOfferCommand",
        "SetOfferStatusCommand",
        "AddPromiseCommand",
        "SetPromiseStatusCommand",
    }
)

#: …and code that names one of these speaks of the inventory, so its plain words stay.
INVENTORY_MARKERS = frozenset(
    {
        "OfferItem",
        "OfferKind",
        "OFFER_KIND_LABELS",
        "Profile",
        "OfferEditor",
        "OfferPanel",
        "offer_texts",
        "offer_notes",
        "offer_line",
        "offer_lines",
        "set_offers",
        "set_my_offers",
        "offers_match",
        "offers_list",
        "OFFER_HELP",
    }
)

#: Files whose plain words are decided by hand (path relative to the repository): True renames
#: them, False keeps them. Mixed files get their promise words from ``EDITS`` instead.
PROMISE_FILES = {
    "companion/storage/store.py": True,
    "companion/services/people/log_met.py": True,
    "companion/ui/capture/log_met_dialog.py": True,
    "companion/ui/capture/capture_dialog.py": True,
    "companion/interop/ics_export.py": True,
}

#: ``store.offers`` (the promises repository) wherever a store is the receiver, in any file.
STORE_RECEIVER = re.compile(
    r"\b(?P<receiver>\w*store|reopened|restored|disk|repositories)\.offers\b"
)

#: The promises repository, by its old or new name, marks a file about promises.
STORED_PROMISES = re.compile(r"\b(\w*store|reopened|restored|disk)\.(offers|promises)\b")

#: Exact text edits the word rules cannot decide, applied before them (old → new per file;
#: "*": in every file).
#: An edit's old text is gone after it (or, where the new text contains it, the new text is there
#: already), so a second run finds nothing to do.
EDITS: dict[str, list[tuple[str, str]]] = {
    # The promise loop variable is already called ``promise``: the record becomes ``entry``.
    "companion/interop/ics_export.py": [
        (
            "    for promise in promises:\n        offer = promise.offer\n",
            "    for entry in promises:\n        offer = entry.offer\n",
        ),
        (
            "name=promise.person_name, text=offer.text)\n"
            "                    if promise.person_name",
            "name=entry.person_name, text=offer.text)\n                    if entry.person_name",
        ),
    ],
    # The sample records hold both promises and the profile's inventory.
    "tests/unit/conftest.py": [
        ("    offer = Offer(\n", "    promise = Offer(\n"),
        ('"offers": [offer, open_offer]', '"offers": [promise, open_offer]'),
        (
            'for offer in records["offers"]:\n            store.offers.put(offer)',
            'for promise in records["offers"]:\n            store.offers.put(promise)',
        ),
    ],
    # The one stored field renamed in Python keeps its stored key.
    "companion/domain/merge_records.py": [
        (
            "    moved_offer_ids: tuple[str, ...] = ()\n",
            "    #: Stored under its old name, so merges remembered before the rename still undo.\n"
            "    moved_offer_ids: tuple[str, ...] = field(\n"
            '        default=(), metadata=stored_as("moved_offer_ids")\n'
            "    )\n",
        ),
        (
            "from companion.domain.people import Person\n",
            "from companion.domain.people import Person\n"
            "from companion.domain.stored_names import stored_as\n",
        ),
    ],
    # The selected row (an ``OpenPromise``) and the record it names were ``promise``/``offer``.
    "companion/ui/promises/promises_controller.py": [
        (
            "        promise = self.selected_promise()\n"
            "        offer = self._store.offers.get(promise.offer_id) if promise else None\n",
            "        selected = self.selected_promise()\n"
            "        offer = self._store.offers.get(selected.offer_id) if selected else None\n",
        )
    ],
    # ``promises`` were the texts, ``offers`` the records made of them.
    "tests/unit/people/test_follow_up_message.py": [
        ("*promises: str, met_at_event", "*texts: str, met_at_event"),
        ("for text in promises]", "for text in texts]"),
    ],
    # Two attributes would both become ``_promises``: the notes made of them get their own name.
    "companion/services/search/search_sources.py": [
        ("self._promises: _MadeOnce[", "self._promise_notes: _MadeOnce["),
        ("self._promises.each((offer.id,", "self._promise_notes.each((offer.id,"),
    ],
    # The module holds the inventory's profile too, so its plain words are not renamed.
    "companion/storage/repositories.py": [("def offers(db: TinyDB", "def promises(db: TinyDB")],
    # The benchmark generator's option follows its field; run.py reads that field.
    "benchmarks/generate.py": [('"--offers", type=int', '"--promises", type=int')],
    "benchmarks/run.py": [
        ("{scale.offers} offers;", "{scale.promises} promises;"),
        ("scale.offers", "scale.promises"),
    ],
    # The store's attribute for the "offers" table is ``promises`` now.
    "tests/unit/storage/test_store.py": [
        (
            "repository = getattr(store, table)",
            'repository = getattr(store, {"offers": "promises"}.get(table, table))',
        )
    ],
    # Names of Qt properties and of error fields are strings.
    # Wherever the promise rows live (person_page.py may be split): a Qt property name.
    "*": [('setProperty("offerId",', 'setProperty("promiseId",')],
    "companion/services/people/capture.py": [('field="offered"', 'field="promised"')],
    "companion/services/promises/promises.py": [('field="offer"', 'field="promise"')],
    "companion/services/promises/promise_actions.py": [('field="offer"', 'field="promise"')],
    "tests/unit/people/test_capture_service.py": [('"offered"', '"promised"')],
    "companion/ui/capture/capture_dialog.py": [('"offered": self.', '"promised": self.')],
}

#: Files where both an old word and its new one occur, read by hand: in different functions,
#: so the rename joins nothing that was apart.
CLASHES_REVIEWED = frozenset(
    {
        "companion/services/prepare/follow_up_message.py",
        "companion/services/promises/promises.py",
        "companion/ui/home/home_promises.py",
        "companion/ui/promises/promises_controller.py",
    }
)

#: Files that move (old → new, relative to the repository), with ``git mv``.
MOVES: dict[str, str] = {}

ROOTS = ("companion", "tests", "benchmarks", "stress")
IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_LAYOUT = frozenset({tokenize.NL, tokenize.COMMENT, tokenize.ENCODING})
QUOTED_CODE = re.compile(r"``[^`\n]+``")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if needed")
    parser.add_argument("root", nargs="?", type=Path, default=Path(__file__).resolve().parents[1])
    arguments = parser.parse_args(argv)
    root: Path = arguments.root
    pending: list[str] = []
    changed: list[str] = []
    for old, new in MOVES.items():
        if (root / old).exists() and not (root / new).exists():
            pending.append(f"move {old} → {new}")
            if not arguments.check:
                subprocess.run(["git", "mv", old, new], cwd=root, check=True)
    for path in python_files(root):
        relative = path.relative_to(root).as_posix()
        source = path.read_text(encoding="utf-8")
        renamed = rename(source, relative)
        for old, new in clashes(source, relative):
            print(
                f"{relative}: “{old}” and “{new}” both name things; edit it by hand",
                file=sys.stderr,
            )
        if renamed != source:
            pending.append(f"rename in {relative}")
            changed.append(relative)
            if not arguments.check:
                path.write_text(renamed, encoding="utf-8")
    if changed and not arguments.check:
        tidy(root, changed)
    print("\n".join(pending) if pending else "Nothing to rename.")
    return 1 if arguments.check and pending else 0


def tidy(root: Path, files: list[str]) -> None:
    """Sort imports and format the changed files (longer names can move lines)."""
    for command in (["check", "--select", "I", "--fix", "--quiet"], ["format", "--quiet"]):
        try:
            subprocess.run([sys.executable, "-m", "ruff", *command, *files], cwd=root, check=False)
        except OSError:
            print(
                "ruff is not available: run `ruff check --fix` and `ruff format`", file=sys.stderr
            )
            return


def python_files(root: Path) -> Iterator[Path]:
    for top in ROOTS:
        for path in sorted((root / top).rglob("*.py")):
            if "node_modules" not in path.parts and path.resolve() != Path(__file__).resolve():
                yield path


def rename(source: str, relative: str = "") -> str:
    """``source`` with the promise record's old names replaced (idempotent)."""
    for old, new in [*EDITS.get(relative, []), *EDITS["*"]]:
        if not (old in new and new in source):
            source = source.replace(old, new)
    words = dict(RENAMES)
    if promise_file(source, relative):
        words.update(PROMISE_WORDS)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(words, key=len)[::-1])) + r")\b")

    def in_code(text: str) -> str:
        text = STORE_RECEIVER.sub(lambda match: f"{match['receiver']}.promises", text)
        return pattern.sub(lambda match: words[match[1]], text)

    pieces = []
    for kind, text in code_pieces(source):
        if kind == "code":
            pieces.append(in_code(text))
        elif kind == "fstring":
            pieces.append(_in_fstring(text, in_code))
        elif kind == "comment":  # prose: only names quoted as code (``offer_id``) are names
            pieces.append(QUOTED_CODE.sub(lambda match: in_code(match[0]), text))
        else:
            pieces.append(text)
    return "".join(pieces)


def clashes(source: str, relative: str) -> list[tuple[str, str]]:
    """Plain words that would become a name the file already uses for something else."""
    for old, new in [*EDITS.get(relative, []), *EDITS["*"]]:
        if not (old in new and new in source):
            source = source.replace(old, new)
    if relative in CLASHES_REVIEWED or not promise_file(source, relative):
        return []
    names = _free_names(source)
    return [(old, new) for old, new in PROMISE_WORDS.items() if old in names and new in names]


def _free_names(source: str) -> set[str]:
    """Names a statement binds or reads (not attributes, not module paths in imports)."""
    code = "".join(text for kind, text in code_pieces(source) if kind == "code")
    code = re.sub(r"^\s*(from\s+\S+\s+)?import\b.*$", "", code, flags=re.MULTILINE)
    return {match[1] for match in re.finditer(r"(?<![.\w])\s*([A-Za-z_]\w*)", code)}


def _code_names(source: str) -> set[str]:
    return {
        match[0]
        for kind, text in code_pieces(source)
        if kind == "code"
        for match in IDENTIFIER.finditer(text)
    }


def promise_file(source: str, relative: str) -> bool:
    """Whether the plain words ``offer``/``offers`` in ``source`` mean promises."""
    if relative in PROMISE_FILES:
        return PROMISE_FILES[relative]
    code = "".join(text for kind, text in code_pieces(source) if kind == "code")
    names = _code_names(source)
    about_promises = bool(names & PROMISE_MARKERS) or bool(STORED_PROMISES.search(code))
    return about_promises and not names & INVENTORY_MARKERS


def code_pieces(source: str) -> Iterator[tuple[str, str]]:
    """``source`` cut into ("code" | "string" | "fstring" | "comment", text), in order.

    Comments and docstrings are both "comment": prose.
    """
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(row: int, column: int) -> int:
        return starts[row - 1] + column

    position = 0
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        yield "string", source  # not Python we can read: leave it as it is
        return
    statement_start = True
    for token in tokens:
        starts_statement = statement_start
        if token.type not in _LAYOUT:
            statement_start = token.type in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
        if token.type not in (tokenize.STRING, tokenize.COMMENT):
            continue
        start, end = offset(*token.start), offset(*token.end)
        yield "code", source[position:start]
        prefix = token.string[: token.string.find(token.string.lstrip("rRbBuUfF")[0])]
        if token.type == tokenize.COMMENT:
            kind = "comment"
        elif "f" in prefix.lower():
            kind = "fstring"
        else:  # a string alone as a statement is a docstring: prose, like a comment
            kind = "comment" if starts_statement else "string"
        yield kind, source[start:end]
        position = end
    yield "code", source[position:]


def _in_fstring(text: str, in_code: object) -> str:
    """An f-string with ``in_code`` applied to its replacement fields only."""
    out, depth, field = [], 0, []
    index = 0
    while index < len(text):
        char = text[index]
        if depth == 0:
            if char == "{" and text[index : index + 2] == "{{":
                out.append("{{")
                index += 2
                continue
            if char == "{":
                depth, field = 1, []
                out.append(char)
            else:
                out.append(char)
        else:
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    out.append(in_code("".join(field)))  # type: ignore[operator]
                    out.append(char)
                    index += 1
                    continue
            field.append(char)
        index += 1
    return "".join(out)


if __name__ == "__main__":
    sys.exit(main())
