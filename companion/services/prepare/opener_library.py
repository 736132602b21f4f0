"""The opener library: built-in openers shipped per locale, the user's state on them, and own ones.

The built-in openers live in ``resources/openers/<language>.json``. English defines the library
(ids, stages, interests); another language only supplies the text, id by id, and any id it lacks
(or a missing, empty or broken file) falls back to the English text. Ids are the same in every
language, so favourites and usage counts survive a language switch.

The store keeps, per built-in id the user touched, a record with ``builtin=True`` that carries
``favourite``, ``hidden``, ``used`` and ``landed``; its text is only a snapshot, the shown text
always comes from the resource. The user's own openers are records with ``builtin=False``.

Functions that change the store return a ``ChangeSet`` for the ``"openers"`` table, paired with
the opener the UI shows next where there is one (``tuple[ChangeSet, Opener]``), like the other
services.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from companion import paths
from companion.domain.errors import ValidationError
from companion.domain.openers import Opener, OpenerStage
from companion.i18n import _
from companion.i18n.languages import negotiate
from companion.i18n.translate import SOURCE_LOCALE
from companion.services.changes import ChangeSet, added, removed, updated
from companion.storage.store import Store

TABLE = "openers"
GENERAL = "general"  # the interest slug of openers that suit any crowd
OPENERS_FOLDER = "openers"
DATA_VERSION = 1

log = logging.getLogger(__name__)


class OpenerDataError(ValueError):
    """The shipped English opener file is malformed: a packaging bug, not a user error."""


def openers_dir() -> Path:
    """Where the per-language opener files are (also inside a PyInstaller bundle)."""
    return paths.resources_dir() / OPENERS_FOLDER


def shipped_opener_languages() -> list[str]:
    """Languages with an opener file, English first."""
    folder = openers_dir()
    found = sorted(path.stem for path in folder.glob("*.json")) if folder.is_dir() else []
    return [SOURCE_LOCALE, *(code for code in found if code != SOURCE_LOCALE)]


def opener_language(locale: str) -> str:
    """The shipped language for ``locale`` ("de_DE", "de-AT" → "de"; unknown → "en")."""
    return negotiate([locale], shipped_opener_languages())


# --- reading the resource files ------------------------------------------------------------


def _read_entries(path: Path) -> list[Mapping[str, Any]]:
    """The opener entries of one file; raises ``OpenerDataError`` when the file is unusable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise OpenerDataError(f"{path.name}: cannot be read ({error})") from error
    if not isinstance(data, dict) or data.get("version") != DATA_VERSION:
        raise OpenerDataError(f"{path.name}: expected an object with version {DATA_VERSION}")
    entries = data.get("openers")
    if not isinstance(entries, list):
        raise OpenerDataError(f"{path.name}: 'openers' must be a list")
    return [entry for entry in entries if isinstance(entry, dict)]


def _english_entry(
    entry: Mapping[str, Any], where: str
) -> tuple[str, OpenerStage, tuple[str, ...], str]:
    opener_id, text = entry.get("id"), entry.get("text")
    interests = entry.get("interests")
    if not isinstance(opener_id, str) or not opener_id or not isinstance(text, str):
        raise OpenerDataError(f"{where}: each opener needs an 'id' and a 'text'")
    try:
        stage = OpenerStage(str(entry.get("stage")))
    except ValueError as error:
        raise OpenerDataError(f"{where} {opener_id}: unknown stage") from error
    if (
        not isinstance(interests, list)
        or not interests
        or not all(isinstance(slug, str) for slug in interests)
    ):
        raise OpenerDataError(f"{where} {opener_id}: 'interests' must be a non-empty list")
    return opener_id, stage, tuple(interests), text


def _translated_texts(language: str) -> dict[str, str]:
    """Id → text from a translation file; empty when the file is missing or broken."""
    path = openers_dir() / f"{language}.json"
    try:
        entries = _read_entries(path)
    except OpenerDataError as error:
        log.warning("opener translation %s unusable, using English: %s", language, error)
        return {}
    texts: dict[str, str] = {}
    for entry in entries:
        opener_id, text = entry.get("id"), entry.get("text")
        if isinstance(opener_id, str) and isinstance(text, str) and text.strip():
            texts[opener_id] = text
    return texts


@cache
def builtin_openers(locale: str) -> tuple[Opener, ...]:
    """The built-in openers in ``locale``, English text where a translation is missing.

    Read once per locale and process; the records carry no user state (see ``opener_library``).
    """
    language = opener_language(locale)
    english = _read_entries(openers_dir() / f"{SOURCE_LOCALE}.json")
    texts = _translated_texts(language) if language != SOURCE_LOCALE else {}
    openers: list[Opener] = []
    seen: set[str] = set()
    for entry in english:
        opener_id, stage, interests, english_text = _english_entry(entry, "en.json")
        if opener_id in seen:
            raise OpenerDataError(f"en.json {opener_id}: the id repeats")
        seen.add(opener_id)
        opener = _builtin(opener_id, stage, interests, texts.get(opener_id), language)
        openers.append(opener or _builtin_english(opener_id, stage, interests, english_text))
    return tuple(openers)


def _builtin(
    opener_id: str, stage: OpenerStage, interests: tuple[str, ...], text: str | None, language: str
) -> Opener | None:
    if text is None:
        return None
    try:
        return Opener(
            id=opener_id, text=text, stage=stage, interests=interests, locale=language, builtin=True
        )
    except ValidationError:
        log.warning("opener %s in %s is unusable, using English", opener_id, language)
        return None


def _builtin_english(
    opener_id: str, stage: OpenerStage, interests: tuple[str, ...], text: str
) -> Opener:
    try:
        return Opener(
            id=opener_id,
            text=text,
            stage=stage,
            interests=interests,
            locale=SOURCE_LOCALE,
            builtin=True,
        )
    except ValidationError as error:
        raise OpenerDataError(f"en.json {opener_id}: {error}") from error


# --- the library as the user sees it -------------------------------------------------------


def opener_library(store: Store, locale: str) -> list[Opener]:
    """Built-in openers with the user's state on them, then the user's own openers.

    Hidden openers are included (with ``hidden=True``): the Openers page can show them, the
    suggestion leaves them out. Own openers are listed whatever language they were written in.
    """
    state: dict[str, Opener] = {}
    own: list[Opener] = []
    for record in store.openers:
        if record.builtin:
            state[record.id] = record
        else:
            own.append(record)
    library = [_with_state(opener, state.get(opener.id)) for opener in builtin_openers(locale)]
    return [*library, *own]


def with_stored_state(store: Store, openers: Iterable[Opener]) -> list[Opener]:
    """``openers`` made at run time (not shipped) with the favourite, hidden and usage marks
    the store keeps for their ids."""
    result = []
    for opener in openers:
        stored = store.openers.get(opener.id)
        result.append(
            _with_state(opener, stored if stored is not None and stored.builtin else None)
        )
    return result


def find_opener(store: Store, opener_id: str, locale: str) -> Opener | None:
    """One opener as ``opener_library`` would list it, or None when the id is unknown."""
    stored = store.openers.get(opener_id)
    if stored is not None and not stored.builtin:
        return stored
    builtin = _builtin_by_id(locale).get(opener_id)
    return None if builtin is None else _with_state(builtin, stored)


@cache
def _builtin_by_id(locale: str) -> dict[str, Opener]:
    return {opener.id: opener for opener in builtin_openers(locale)}


def _with_state(builtin: Opener, state: Opener | None) -> Opener:
    if state is None or not (state.favourite or state.hidden or state.used):
        return builtin
    return replace(
        builtin,
        favourite=state.favourite,
        hidden=state.hidden,
        used=state.used,
        landed=state.landed,
    )


# --- changes ---------------------------------------------------------------------------------


def save_own_opener(
    store: Store,
    *,
    text: str,
    stage: OpenerStage,
    interests: Iterable[str],
    locale: str,
    opener_id: str | None = None,
) -> tuple[ChangeSet, Opener]:
    """Create an own opener, or edit the one with ``opener_id`` (keeping its usage and marks).

    Raises ``ValidationError`` for empty or too long text, and for the id of a built-in opener.
    """
    existing = store.openers.get(opener_id) if opener_id is not None else None
    if opener_id is not None and (
        opener_id in _builtin_by_id(locale) or (existing is not None and existing.builtin)
    ):
        raise ValidationError(_("Built-in openers cannot be edited; write your own instead."))
    values: dict[str, Any] = {
        "text": text,
        "stage": OpenerStage(stage),
        "interests": tuple(interests),
        "locale": locale,
        "builtin": False,
    }
    if existing is not None:
        opener = replace(existing, **values)
    elif opener_id is not None:
        opener = Opener(id=opener_id, **values)
    else:
        opener = Opener(**values)
    was_new = store.openers.put(opener)
    return (added(TABLE, opener.id) if was_new else updated(TABLE, opener.id)), opener


def delete_own_opener(store: Store, opener_id: str) -> tuple[ChangeSet, Opener | None]:
    """Remove an own opener; returns what was removed so the caller can offer undo.

    Raises ``ValidationError`` for a built-in opener (those are hidden, not deleted).
    """
    existing = store.openers.get(opener_id)
    if (existing is not None and existing.builtin) or _is_builtin_id(opener_id):
        raise ValidationError(_("Built-in openers cannot be deleted; hide them instead."))
    gone = store.openers.remove(opener_id)
    return (removed(TABLE, opener_id) if gone else ChangeSet()), gone


def restore_own_opener(store: Store, opener: Opener) -> ChangeSet:
    """Put back an own opener exactly as it was, marks and counts included (undo of a delete)."""
    if opener.builtin or _is_builtin_id(opener.id):
        raise ValidationError(_("Built-in openers cannot be edited; write your own instead."))
    was_new = store.openers.put(opener)
    return added(TABLE, opener.id) if was_new else updated(TABLE, opener.id)


def set_favourite(store: Store, opener: Opener, on: bool) -> tuple[ChangeSet, Opener]:
    """Mark or unmark ``opener`` as a favourite; returns the opener as the library shows it."""
    stored = store.openers.get(opener.id)
    return _put_marks(store, opener, replace(stored or opener, favourite=on))


def set_hidden(store: Store, opener: Opener, on: bool) -> tuple[ChangeSet, Opener]:
    """Hide ``opener`` from suggestions (or show it again); returns it as the library shows it."""
    stored = store.openers.get(opener.id)
    return _put_marks(store, opener, replace(stored or opener, hidden=on))


def _put_marks(store: Store, shown: Opener, record: Opener) -> tuple[ChangeSet, Opener]:
    """Store ``record`` and return ``shown`` carrying its marks and counts.

    ``record`` is the stored one with a mark changed: it is the truth for the usage counts (the
    caller's copy may be stale); a built-in keeps the text the library shows.
    """
    was_new = store.openers.put(record)
    change = added(TABLE, record.id) if was_new else updated(TABLE, record.id)
    if not record.builtin:
        return change, record
    return change, replace(
        shown,
        favourite=record.favourite,
        hidden=record.hidden,
        used=record.used,
        landed=record.landed,
    )


def record_usage(
    store: Store,
    *,
    used: Iterable[str],
    landed: Iterable[str],
    locale: str,
    extra: Mapping[str, Opener] | None = None,
) -> ChangeSet:
    """Count openers said at an event (``used``) and those that went well (``landed``).

    ``landed`` implies ``used``. All counts change in one durable write; unknown ids are
    ignored (an own opener deleted since the event was prepared). ``extra``: openers made
    for the user besides the shipped ones (give-and-take lines), by id; counted like them.
    """
    landed_ids = set(landed)
    wanted = list(dict.fromkeys([*used, *landed_ids]))
    builtins = _builtin_by_id(locale)
    records: list[Opener] = []
    new_ids: list[str] = []
    for opener_id in wanted:
        stored = store.openers.get(opener_id)
        base = stored if stored is not None else builtins.get(opener_id)
        if base is None and extra is not None:
            base = extra.get(opener_id)
        if base is None:
            continue
        if stored is None:
            new_ids.append(opener_id)
        records.append(
            replace(
                base,
                used=base.used + 1,
                landed=base.landed + (1 if opener_id in landed_ids else 0),
            )
        )
    store.openers.put_many(records)
    fresh = set(new_ids)
    return ChangeSet(
        added={TABLE: frozenset(fresh)} if fresh else {},
        updated={TABLE: frozenset(r.id for r in records if r.id not in fresh)}
        if len(records) > len(fresh)
        else {},
    )


def clear_cache() -> None:
    """Forget the decoded built-in openers (tests that swap the resource files call this)."""
    builtin_openers.cache_clear()
    _builtin_by_id.cache_clear()


def _is_builtin_id(opener_id: str) -> bool:
    return opener_id in _builtin_by_id(SOURCE_LOCALE)


class LibraryView:
    """The library as a live collection: every iteration lists it afresh (for Ctrl+K).

    Built-in openers without any state of the user's are the same objects each time, so a
    search index keyed by identity folds them only once.
    """

    def __init__(self, store: Store, locale: Callable[[], str]) -> None:
        self._store = store
        self._locale = locale

    def __iter__(self) -> Iterator[Opener]:
        return iter(opener_library(self._store, self._locale()))
