"""The opener library service: language fallback, the user's state on built-ins, own openers."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from companion import paths
from companion.domain.errors import ValidationError
from companion.domain.openers import MAX_OPENER_LENGTH, Opener, OpenerStage
from companion.services.prepare import opener_library
from companion.services.prepare.opener_library import (
    builtin_openers,
    delete_own_opener,
    find_opener,
    opener_language,
    record_usage,
    restore_own_opener,
    save_own_opener,
    set_favourite,
    set_hidden,
)
from companion.storage.store import Store

ENGLISH = [
    {"id": "general.open.1", "stage": "open", "interests": ["general"], "text": "Why tonight?"},
    {
        "id": "chess.go_deeper.1",
        "stage": "go_deeper",
        "interests": ["chess"],
        "text": "Which game do you still replay in your head?",
    },
    {
        "id": "chess.close.1",
        "stage": "close",
        "interests": ["chess"],
        "text": "Fancy a game some afternoon?",
    },
]
GERMAN = [
    {"id": "general.open.1", "stage": "open", "interests": ["general"], "text": "Warum heute?"},
    {
        "id": "chess.go_deeper.1",
        "stage": "go_deeper",
        "interests": ["chess"],
        "text": "Welche Partie spielst du im Kopf noch nach?",
    },
]

WriteFile = Callable[[str, Any], None]


@pytest.fixture
def opener_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[WriteFile]:
    """Point the resources at a temp folder; ``write(language, data)`` puts a file there.

    English and German files with the entries above are written to start with.
    """
    resources = tmp_path / "resources"
    folder = resources / "openers"
    folder.mkdir(parents=True)
    monkeypatch.setattr(paths, "resources_dir", lambda: resources)

    def write(language: str, data: Any) -> None:
        text = data if isinstance(data, str) else json.dumps(data)
        (folder / f"{language}.json").write_text(text, encoding="utf-8")
        opener_library.clear_cache()

    write("en", {"version": 1, "locale": "en", "openers": ENGLISH})
    write("de", {"version": 1, "locale": "de", "openers": GERMAN})
    yield write
    opener_library.clear_cache()


@pytest.fixture
def shipped_library() -> Iterator[None]:
    opener_library.clear_cache()
    yield
    opener_library.clear_cache()


def _texts(openers: tuple[Opener, ...] | list[Opener]) -> dict[str, tuple[str, str]]:
    return {opener.id: (opener.locale, opener.text) for opener in openers}


# --- languages and fallback ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "language"),
    [("de", "de"), ("de_DE", "de"), ("de-AT", "de"), ("en_GB", "en"), ("fr_FR", "en"), ("C", "en")],
)
def test_a_locale_is_negotiated_to_a_shipped_language(
    opener_files: WriteFile, locale: str, language: str
) -> None:
    # Given English and German opener files / When a locale is negotiated / Then it maps
    assert opener_language(locale) == language


def test_an_unknown_locale_gets_the_english_library(opener_files: WriteFile) -> None:
    # Given English and German files / When French openers are asked for
    openers = builtin_openers("fr_FR")
    # Then the English ones come back, marked built-in and English
    assert _texts(openers) == {entry["id"]: ("en", entry["text"]) for entry in ENGLISH}
    assert all(opener.builtin for opener in openers)


def test_ids_missing_in_a_translation_fall_back_to_english(opener_files: WriteFile) -> None:
    # Given a German file that lacks one opener / When Austrian German openers are asked for
    openers = builtin_openers("de-AT")
    # Then the translated ones are German and the missing one is English, in the English order
    assert _texts(openers) == {
        "general.open.1": ("de", "Warum heute?"),
        "chess.go_deeper.1": ("de", "Welche Partie spielst du im Kopf noch nach?"),
        "chess.close.1": ("en", "Fancy a game some afternoon?"),
    }
    assert [opener.stage for opener in openers] == [
        OpenerStage.OPEN,
        OpenerStage.GO_DEEPER,
        OpenerStage.CLOSE,
    ]


@pytest.mark.parametrize(
    "broken",
    [
        "{not json",
        "",
        {"version": 1, "locale": "de", "openers": []},
        {"version": 99, "locale": "de", "openers": GERMAN},
        ["a list"],
    ],
    ids=["malformed", "empty-file", "no-openers", "unknown-version", "wrong-shape"],
)
def test_a_broken_translation_falls_back_to_english(opener_files: WriteFile, broken: Any) -> None:
    # Given a German file that cannot be used
    opener_files("de", broken)
    # When German openers are asked for
    openers = builtin_openers("de")
    # Then the whole English library comes back instead of an error or an empty library
    assert _texts(openers) == {entry["id"]: ("en", entry["text"]) for entry in ENGLISH}


def test_a_translated_entry_with_empty_or_overlong_text_falls_back_to_english(
    opener_files: WriteFile,
) -> None:
    # Given a German file with one empty and one absurdly long text
    opener_files(
        "de",
        {
            "version": 1,
            "locale": "de",
            "openers": [
                {**GERMAN[0], "text": "   "},
                {**GERMAN[1], "text": "x" * (MAX_OPENER_LENGTH + 1)},
            ],
        },
    )
    # When German openers are asked for / Then those openers are English
    assert {opener.locale for opener in builtin_openers("de")} == {"en"}


def test_a_missing_translation_file_falls_back_to_english(
    opener_files: WriteFile, tmp_path: Path
) -> None:
    # Given only the English file
    (tmp_path / "resources" / "openers" / "de.json").unlink()
    opener_files("en", {"version": 1, "locale": "en", "openers": ENGLISH})
    # When German openers are asked for / Then English ones come back
    assert {opener.locale for opener in builtin_openers("de_DE")} == {"en"}


def test_the_shipped_library_has_the_same_ids_in_german_and_english(
    shipped_library: None,
) -> None:
    # Given the real resources / When both languages are loaded
    english, german = builtin_openers("en"), builtin_openers("de_DE")
    # Then they list the same openers in the same order, each in its own language
    assert [opener.id for opener in german] == [opener.id for opener in english]
    assert {opener.locale for opener in german} == {"de"}
    assert builtin_openers("de_DE") is german  # read once, then cached


# --- the user's state on built-ins -----------------------------------------------------------


def test_the_library_overlays_stored_state_on_builtins_and_appends_own_openers(
    opener_files: WriteFile, core_store: Store
) -> None:
    # Given stored state for a built-in (with an outdated text), one for an opener no longer
    # shipped, and an own opener
    core_store.openers.put(
        Opener(
            id="chess.go_deeper.1",
            text="An old wording",
            stage=OpenerStage.GO_DEEPER,
            builtin=True,
            favourite=True,
            used=3,
            landed=2,
        )
    )
    core_store.openers.put(
        Opener(id="gone.open.1", text="Removed since", stage=OpenerStage.OPEN, builtin=True)
    )
    own = Opener(text="My own question", stage=OpenerStage.OPEN, interests=("chess",))
    core_store.openers.put(own)
    # When the German library is listed
    library = opener_library.opener_library(core_store, "de")
    # Then the built-in shows the shipped text with the stored state, the removed one is not
    # listed, and the own opener comes last
    assert [opener.id for opener in library] == [
        "general.open.1",
        "chess.go_deeper.1",
        "chess.close.1",
        own.id,
    ]
    deeper = library[1]
    assert deeper.text == "Welche Partie spielst du im Kopf noch nach?"
    assert (deeper.favourite, deeper.hidden, deeper.used, deeper.landed) == (True, False, 3, 2)
    assert deeper.builtin and not library[0].favourite
    assert library[-1] == own
    assert find_opener(core_store, "chess.go_deeper.1", "de") == deeper
    assert find_opener(core_store, own.id, "de") == own
    assert find_opener(core_store, "gone.open.1", "de") is None


def test_favourite_and_hidden_marks_are_stored_and_keep_usage_counts(
    opener_files: WriteFile, core_store: Store
) -> None:
    # Given a built-in opener that was already used twice
    record_usage(core_store, used=["chess.close.1"], landed=["chess.close.1"], locale="en")
    record_usage(core_store, used=["chess.close.1"], landed=[], locale="en")
    shown = find_opener(core_store, "chess.close.1", "en")
    assert shown is not None
    # When it is made a favourite, and then hidden
    change, favourite = set_favourite(core_store, shown, True)
    _, hidden = set_hidden(core_store, favourite, True)
    # Then both marks are stored beside the counts and the library shows them
    assert change.updated == {"openers": frozenset({"chess.close.1"})}
    assert (hidden.favourite, hidden.hidden, hidden.used, hidden.landed) == (True, True, 2, 1)
    assert hidden.text == "Fancy a game some afternoon?"
    assert find_opener(core_store, "chess.close.1", "en") == hidden
    # When it is shown again / Then only the hidden mark changes
    _, visible = set_hidden(core_store, hidden, False)
    assert (visible.favourite, visible.hidden, visible.used) == (True, False, 2)


def test_marking_an_untouched_builtin_adds_its_state_record(
    opener_files: WriteFile, core_store: Store
) -> None:
    # Given a built-in opener the user never touched
    shown = builtin_openers("de")[0]
    # When it is hidden
    change, hidden = set_hidden(core_store, shown, True)
    # Then a state record is added and the opener keeps its German text
    assert change.added == {"openers": frozenset({"general.open.1"})}
    assert hidden.hidden and hidden.text == "Warum heute?"
    assert opener_library.opener_library(core_store, "de")[0].hidden


# --- own openers -----------------------------------------------------------------------------


def test_an_own_opener_is_created_then_edited_keeping_its_marks(
    opener_files: WriteFile, core_store: Store
) -> None:
    # Given a new own opener that was favourited and used once
    change, mine = save_own_opener(
        core_store,
        text="  What's your favourite endgame?  ",
        stage=OpenerStage.OPEN,
        interests=["chess", " "],
        locale="en",
    )
    assert change.added == {"openers": frozenset({mine.id})}
    assert (mine.text, mine.interests, mine.builtin) == (
        "What's your favourite endgame?",
        ("chess",),
        False,
    )
    set_favourite(core_store, mine, True)
    record_usage(core_store, used=[mine.id], landed=[], locale="en")
    # When it is edited
    change, edited = save_own_opener(
        core_store,
        text="Which endgame do you love?",
        stage=OpenerStage.GO_DEEPER,
        interests=["chess", "puzzles-escape-rooms"],
        locale="en",
        opener_id=mine.id,
    )
    # Then the same opener has the new words, stage and interests, and keeps its marks
    assert change.updated == {"openers": frozenset({mine.id})}
    assert edited.id == mine.id and edited.stage is OpenerStage.GO_DEEPER
    assert (edited.favourite, edited.used) == (True, 1)
    assert opener_library.opener_library(core_store, "en")[-1] == edited


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   ", "An opener needs some words."),
        ("x" * (MAX_OPENER_LENGTH + 1), f"at most {MAX_OPENER_LENGTH} characters"),
    ],
    ids=["empty", "too-long"],
)
def test_an_empty_or_overlong_own_opener_is_refused_with_a_clear_message(
    opener_files: WriteFile, core_store: Store, text: str, message: str
) -> None:
    # Given an empty store / When an opener with unusable text is saved
    with pytest.raises(ValidationError) as raised:
        save_own_opener(core_store, text=text, stage=OpenerStage.OPEN, interests=[], locale="en")
    # Then the message says what is wrong and nothing is stored
    assert message in str(raised.value)
    assert raised.value.field == "text"
    assert len(core_store.openers) == 0


def test_builtin_openers_cannot_be_edited_or_deleted(
    opener_files: WriteFile, core_store: Store
) -> None:
    # Given a built-in opener with stored state
    set_favourite(core_store, builtin_openers("en")[0], True)
    # When it is edited or deleted / Then both are refused and the state stays
    with pytest.raises(ValidationError):
        save_own_opener(
            core_store,
            text="Rewritten",
            stage=OpenerStage.OPEN,
            interests=[],
            locale="en",
            opener_id="general.open.1",
        )
    with pytest.raises(ValidationError):
        delete_own_opener(core_store, "general.open.1")
    with pytest.raises(ValidationError):
        delete_own_opener(core_store, "chess.close.1")  # shipped, never touched
    assert opener_library.opener_library(core_store, "en")[0].favourite


def test_an_own_opener_is_deleted_and_returned_for_undo(
    opener_files: WriteFile, core_store: Store
) -> None:
    # Given an own opener
    _, mine = save_own_opener(
        core_store, text="Mine", stage=OpenerStage.CLOSE, interests=["chess"], locale="en"
    )
    # When it is deleted, and then deleted again
    change, gone = delete_own_opener(core_store, mine.id)
    again, nothing = delete_own_opener(core_store, mine.id)
    # Then the first call removes and returns it, the second changes nothing
    assert change.removed == {"openers": frozenset({mine.id})} and gone == mine
    assert again.empty and nothing is None
    assert [opener.id for opener in opener_library.opener_library(core_store, "en")] == [
        e["id"] for e in ENGLISH
    ]


def test_a_deleted_own_opener_is_restored_with_its_marks_and_counts(
    opener_files: WriteFile, core_store: Store
) -> None:
    # Given an own opener that was favourited and landed once, then deleted
    _, mine = save_own_opener(
        core_store, text="Mine", stage=OpenerStage.CLOSE, interests=["chess"], locale="en"
    )
    set_favourite(core_store, mine, True)
    record_usage(core_store, used=[], landed=[mine.id], locale="en")
    _, gone = delete_own_opener(core_store, mine.id)
    assert gone is not None
    # When the delete is undone
    change = restore_own_opener(core_store, gone)
    # Then it is back exactly as it was; a built-in cannot be "restored" over the shipped one
    assert change.added == {"openers": frozenset({mine.id})}
    restored = find_opener(core_store, mine.id, "en")
    assert restored == gone and (restored.favourite, restored.used, restored.landed) == (True, 1, 1)
    with pytest.raises(ValidationError):
        restore_own_opener(core_store, builtin_openers("en")[0])


# --- usage -----------------------------------------------------------------------------------


def test_recorded_usage_is_durable_and_landed_implies_used(
    opener_files: WriteFile, core_store: Store, core_data_dir: Path
) -> None:
    # Given an own opener and built-ins, one already used once
    _, mine = save_own_opener(
        core_store, text="Mine", stage=OpenerStage.OPEN, interests=["chess"], locale="en"
    )
    record_usage(core_store, used=["chess.close.1"], landed=[], locale="en")
    # When an event's openers are recorded: some used, some landed (not all listed as used),
    # one unknown id
    change = record_usage(
        core_store,
        used=["general.open.1", "chess.close.1", "deleted-meanwhile"],
        landed=["chess.close.1", "chess.go_deeper.1", mine.id],
        locale="de",
    )
    # Then the counts are on disk (read back by a second reader of the folder)
    with Store.open(core_data_dir, read_only=True) as disk:
        counts = {opener.id: (opener.used, opener.landed) for opener in disk.openers}
    assert counts == {
        mine.id: (1, 1),
        "general.open.1": (1, 0),
        "chess.close.1": (2, 1),
        "chess.go_deeper.1": (1, 1),
    }
    # And the change set names what was added and what was updated
    assert change.added == {"openers": frozenset({"general.open.1", "chess.go_deeper.1"})}
    assert change.updated == {"openers": frozenset({"chess.close.1", mine.id})}
    # And the library shows the counts with the German text
    shown = {opener.id: opener for opener in opener_library.opener_library(core_store, "de")}
    assert (shown["chess.go_deeper.1"].used, shown["chess.go_deeper.1"].locale) == (1, "de")


def test_recording_nothing_changes_nothing(opener_files: WriteFile, core_store: Store) -> None:
    # Given an empty store / When no opener is recorded / Then the change set is empty
    assert record_usage(core_store, used=[], landed=[], locale="en").empty
    assert len(core_store.openers) == 0
