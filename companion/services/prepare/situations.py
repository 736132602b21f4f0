"""The situations shipped per language (``resources/situations/<language>.json``), ordered for
an event, and lines to reconnect with the people likely there, from what I noted about them.

English defines the situations (ids, formats, the words that reveal a format); another language
supplies labels and texts id by id, and anything it lacks falls back to English, as the opener
library does.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from companion import paths
from companion.domain.events import Event
from companion.domain.situations import (
    Situation,
    SituationLine,
    event_formats,
    ordered_for_event,
)
from companion.i18n import _
from companion.i18n.translate import SOURCE_LOCALE
from companion.services.prepare.likely_there import LikelyPerson
from companion.services.prepare.opener_library import opener_language
from companion.storage.store import Store

FOLDER = "situations"
DATA_VERSION = 1
RECONNECTING = "reconnecting"
MAX_TOPIC = 90  # characters of a note quoted in a reconnecting line

log = logging.getLogger(__name__)


class SituationDataError(ValueError):
    """The shipped English situations file is malformed: a packaging bug, not a user error."""


def situations_dir() -> Path:
    return paths.resources_dir() / FOLDER


def _read(path: Path) -> list[Mapping[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SituationDataError(f"{path.name}: cannot be read ({error})") from error
    if not isinstance(data, dict) or data.get("version") != DATA_VERSION:
        raise SituationDataError(f"{path.name}: expected an object with version {DATA_VERSION}")
    entries = data.get("situations")
    if not isinstance(entries, list):
        raise SituationDataError(f"{path.name}: 'situations' must be a list")
    return [entry for entry in entries if isinstance(entry, dict)]


def _texts(language: str) -> tuple[dict[str, str], dict[str, str]]:
    """(situation id -> label, line id -> text) of a translation; empty when unusable."""
    try:
        entries = _read(situations_dir() / f"{language}.json")
    except SituationDataError as error:
        log.warning("situations in %s unusable, using English: %s", language, error)
        return {}, {}
    labels: dict[str, str] = {}
    lines: dict[str, str] = {}
    for entry in entries:
        if isinstance(entry.get("id"), str) and isinstance(entry.get("label"), str):
            labels[entry["id"]] = entry["label"]
        for line in entry.get("lines") or ():
            usable = isinstance(line, dict) and isinstance(line.get("id"), str)
            if usable and isinstance(line.get("text"), str) and line["text"].strip():
                lines[line["id"]] = line["text"]
    return labels, lines


def _english(entry: Mapping[str, Any]) -> tuple[str, str, list[tuple[str, str]], str, list[str]]:
    situation_id, label = entry.get("id"), entry.get("label")
    lines = entry.get("lines")
    if not isinstance(situation_id, str) or not isinstance(label, str):
        raise SituationDataError("en.json: each situation needs an 'id' and a 'label'")
    if not isinstance(lines, list) or not lines:
        raise SituationDataError(f"en.json {situation_id}: 'lines' must be a non-empty list")
    pairs = []
    for line in lines:
        if not isinstance(line, dict) or not isinstance(line.get("id"), str):
            raise SituationDataError(f"en.json {situation_id}: each line needs an 'id'")
        if not isinstance(line.get("text"), str) or not line["text"].strip():
            raise SituationDataError(f"en.json {line['id']}: a line needs a 'text'")
        pairs.append((line["id"], line["text"]))
    fmt = entry.get("format", "")
    match = entry.get("match", [])
    if not isinstance(fmt, str) or not isinstance(match, list):
        raise SituationDataError(f"en.json {situation_id}: bad 'format' or 'match'")
    return situation_id, label, pairs, fmt, [str(word) for word in match]


@cache
def shipped_situations(locale: str) -> tuple[Situation, ...]:
    """Every situation in ``locale`` (English where a translation lacks a label or line)."""
    language = opener_language(locale)
    labels, texts = _texts(language) if language != SOURCE_LOCALE else ({}, {})
    situations = []
    for entry in _read(situations_dir() / f"{SOURCE_LOCALE}.json"):
        situation_id, label, pairs, fmt, match = _english(entry)
        situations.append(
            Situation(
                id=situation_id,
                label=labels.get(situation_id, label),
                lines=tuple(
                    SituationLine(id=line_id, text=texts.get(line_id, text))
                    for line_id, text in pairs
                ),
                format=fmt,
                match=tuple(match),
            )
        )
    return tuple(situations)


def situations_for_event(event: Event, locale: str) -> tuple[Situation, ...]:
    """The situations, the ones of the event's format first (a workshop: "At a workshop")."""
    situations = shipped_situations(locale)
    formats = event_formats(
        situations, title=event.title, description=event.description, online=event.online
    )
    return ordered_for_event(situations, formats)


def _topic(text: str) -> str:
    words = " ".join(text.split()).rstrip(".!?")
    if len(words) <= MAX_TOPIC:
        return words
    cut = words[:MAX_TOPIC].rsplit(" ", 1)[0]
    return f"{cut}…"


def reconnect_lines(store: Store, likely: Sequence[LikelyPerson]) -> list[tuple[str, str]]:
    """(person's name, what I could say) for the people likely there I noted something about:
    what they were working on, else the latest note of an encounter with them."""
    people = {each.person.id: each.person for each in likely}
    latest: dict[str, tuple[str, str]] = {}  # person id -> (date, note)
    if people:
        for encounter in _encounters_of(store, people):
            if encounter[1].strip():
                day = encounter[2]
                if encounter[0] not in latest or day > latest[encounter[0]][0]:
                    latest[encounter[0]] = (day, encounter[1])
    lines = []
    for person_id, person in people.items():
        if person.working_on.strip():
            text = _("Last time you told me you were working on {topic} – how is it going?")
            lines.append((person.name, text.format(topic=_topic(person.working_on))))
        elif person_id in latest:
            text = _("Last time we talked about “{topic}” – what has happened since?")
            lines.append((person.name, text.format(topic=_topic(latest[person_id][1]))))
    return lines


def _encounters_of(store: Store, people: Iterable[str]) -> list[tuple[str, str, str]]:
    """(person id, note, ISO date) of the encounters with ``people``, from raw stored fields."""
    wanted = set(people)
    person_ids = store.encounters.field_values("person_id")
    notes = store.encounters.field_values("note")
    days = store.encounters.field_values("on")
    return [
        (str(person_id), str(notes.get(key) or ""), str(days.get(key) or ""))
        for key, person_id in person_ids.items()
        if person_id in wanted
    ]


def clear_cache() -> None:
    shipped_situations.cache_clear()
