"""Every shipped catalogue is complete and safe, and the template matches the source.

A missing translation shows English in the middle of German; a translation that drops or renames a
``{placeholder}`` raises ``KeyError`` at run time, in the user's face. Both are caught here.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

REPO_ROOT = Path(__file__).resolve().parent.parent
I18N_DIR = REPO_ROOT / "companion" / "resources" / "i18n"
TEMPLATE = I18N_DIR / "companion.pot"
BABEL_CONFIG = REPO_ROOT / "babel.cfg"
CATALOGUES = sorted(I18N_DIR.glob("*/LC_MESSAGES/companion.po"))
REFRESH_HINT = "run `make extract-messages`, then translate the new entries"
# Python %-formatting: %s, %d, %(name)s, %.2f … ("% d" with a space flag is left out: in
# "50 % done" it is prose). Checked only where the source uses it.
PERCENT_PLACEHOLDER = re.compile(
    r"%(?:\([^)]*\))?[-#0+]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]"
)

MessageKey = tuple[str | tuple[str, ...], str | None]


def _read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


@cache
def template() -> Catalog:
    return _read(TEMPLATE)


def _entries(catalog: Catalog) -> Iterator[Message]:
    return (message for message in catalog if message.id)


def _key(message: Message) -> MessageKey:
    identifier = tuple(message.id) if isinstance(message.id, list | tuple) else message.id
    return (identifier, message.context)


def _show(key: MessageKey) -> str:
    identifier, context = key
    shown = " / ".join(identifier) if isinstance(identifier, tuple) else identifier
    return f"{shown!r}" + (f" (context {context!r})" if context else "")


def _brace_placeholders(text: str) -> Counter[str]:
    """The ``{name}`` fields of a ``str.format`` string, with conversion and format spec."""
    found: Counter[str] = Counter()
    for _literal, field, spec, conversion in string.Formatter().parse(text):
        if field is not None:
            found[
                "{"
                + field
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            ] += 1
    return found


def placeholders(text: str, *, percent: bool) -> Counter[str]:
    """Every placeholder in ``text``; ``ValueError`` for unbalanced braces."""
    found = _brace_placeholders(text)
    if percent:
        found.update(match for match in PERCENT_PLACEHOLDER.findall(text) if match != "%%")
    return found


def _uses_percent(sources: Iterable[str]) -> bool:
    return any(match != "%%" for text in sources for match in PERCENT_PLACEHOLDER.findall(text))


def _forms(message: Message) -> tuple[list[str], list[str]]:
    """Source texts and translated texts of a message (one each unless it has plurals)."""
    if isinstance(message.id, list | tuple):
        translated = (
            message.string if isinstance(message.string, list | tuple) else [message.string]
        )
        return list(message.id), [text or "" for text in translated]
    return [message.id], [message.string if isinstance(message.string, str) else ""]


def test_there_is_a_template_and_a_translation() -> None:
    # Then the template holds messages and at least one catalogue (German) is shipped
    assert TEMPLATE.is_file(), f"{TEMPLATE} is missing: {REFRESH_HINT}"
    assert list(_entries(template())), f"{TEMPLATE} holds no messages: {REFRESH_HINT}"
    assert any(path.parts[-3] == "de" for path in CATALOGUES), f"no German catalogue in {I18N_DIR}"


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: path.parts[-3])
def test_catalogue_translates_every_message(catalogue: Path) -> None:
    # Given a shipped catalogue and the template
    translations = _read(catalogue)
    # When each template message is looked up in it
    problems = []
    for source in _entries(template()):
        found = translations.get(source.id, source.context)
        if found is None:
            problems.append(f"missing: {_show(_key(source))}")
        elif _key(found) != _key(source):
            problems.append(f"plural forms differ from the template: {_show(_key(source))}")
        elif found.fuzzy:
            problems.append(f"fuzzy (needs review): {_show(_key(source))}")
        else:
            _sources, translated = _forms(found)
            if not all(text.strip() for text in translated):
                problems.append(f"untranslated: {_show(_key(source))}")
            elif len(translated) != (translations.num_plurals if found.pluralizable else 1):
                problems.append(
                    f"{len(translated)} plural forms, the catalogue's Plural-Forms header wants "
                    f"{translations.num_plurals}: {_show(_key(source))}"
                )
    # Then every one is there, reviewed and filled in
    assert not problems, (
        f"{catalogue.relative_to(REPO_ROOT)} is incomplete ({len(problems)} problems; "
        f"update it from the template and translate):\n  " + "\n  ".join(problems)
    )


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: path.parts[-3])
def test_translations_keep_the_placeholders_of_their_source(catalogue: Path) -> None:
    # Given every translated message of a shipped catalogue
    problems = []
    for message in _entries(_read(catalogue)):
        sources, translated = _forms(message)
        if not any(translated):
            continue  # missing translations are reported by the test above
        problems.extend(_placeholder_problems(_key(message), sources, translated))
    # Then no translation drops, renames or adds a placeholder
    assert not problems, (
        f"{catalogue.relative_to(REPO_ROOT)}: translations must keep exactly the placeholders of "
        "their source text:\n  " + "\n  ".join(problems)
    )


def _placeholder_problems(key: MessageKey, sources: list[str], translated: list[str]) -> list[str]:
    percent = _uses_percent(sources)
    try:
        wanted = [placeholders(text, percent=percent) for text in sources]
    except ValueError as error:
        return [f"source text has malformed braces ({error}): {_show(key)}"]
    problems = []
    for index, text in enumerate(translated):
        if not text:
            continue
        try:
            got = placeholders(text, percent=percent)
        except ValueError as error:
            problems.append(f"malformed braces ({error}) in {text!r} for {_show(key)}")
            continue
        if len(sources) == 1:
            expected = wanted[0]
        elif index == len(translated) - 1:
            # The last plural form is the general one: it says what the plural source says.
            expected = wanted[-1]
        else:
            # Other forms (e.g. German "one") may leave out {count}, but add nothing new.
            allowed = set(wanted[0]) | set(wanted[-1])
            if set(got) <= allowed:
                continue
            expected = Counter(allowed)
        if set(got) != set(expected):
            form = f"form [{index}] " if len(sources) > 1 else ""
            problems.append(
                f"{form}{text!r} has {sorted(got) or 'no placeholders'}, "
                f"expected {sorted(expected) or 'none'}: for {_show(key)}"
            )
    return problems


def _extract_from_source() -> Catalog:
    """What ``pybabel extract -F babel.cfg`` finds in the code today, in memory."""
    with BABEL_CONFIG.open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)  # type: ignore[no-untyped-call]
    extracted = Catalog()
    for filename, line, message, comments, context in extract_from_dir(
        REPO_ROOT, method_map, options_map, keywords=DEFAULT_KEYWORDS
    ):
        extracted.add(message, None, [(filename, line)], auto_comments=comments, context=context)
    return extracted


@cache
def _extracted_and_template_keys() -> tuple[set[MessageKey], set[MessageKey]]:
    return (
        {_key(message) for message in _entries(_extract_from_source())},
        {_key(message) for message in _entries(template())},
    )


def test_template_has_every_message_of_the_source() -> None:
    # Given the messages marked in the code and those in the template
    in_code, in_template = _extracted_and_template_keys()
    assert in_code, "extraction found no messages: is babel.cfg still pointing at companion/?"
    # Then the template holds all of them
    missing = sorted(in_code - in_template, key=str)
    assert not missing, (
        f"{len(missing)} messages in the code are missing from {TEMPLATE.name} "
        f"({REFRESH_HINT}):\n  " + "\n  ".join(_show(key) for key in missing)
    )


def test_template_has_no_message_the_source_dropped() -> None:
    # Given the messages marked in the code and those in the template
    in_code, in_template = _extracted_and_template_keys()
    # Then the template asks translators for nothing the app no longer shows
    stale = sorted(in_template - in_code, key=str)
    assert not stale, (
        f"{len(stale)} messages in {TEMPLATE.name} are no longer in the code "
        f"({REFRESH_HINT}):\n  " + "\n  ".join(_show(key) for key in stale)
    )


@pytest.mark.parametrize(
    ("sources", "translated", "problem_count"),
    [
        (["{count} people"], ["{count} Personen"], 0),
        (["{count} people"], ["{anzahl} Personen"], 1),
        (["{name} met {other}"], ["{other} traf {name}"], 0),
        (["{name}"], ["{name"], 1),
        (["One person", "{count} people"], ["Eine Person", "{count} Personen"], 0),
        (["One person", "{count} people"], ["Eine Person", "Personen"], 1),
        (["One person", "{count} people"], ["{n} Person", "{count} Personen"], 1),
        (["%(file)s: %d added"], ["%(file)s: %d hinzugefügt"], 0),
        (["%(file)s: %d added"], ["%(datei)s: %d hinzugefügt"], 1),
        (["50% done"], ["50 % fertig"], 0),
    ],
)
def test_placeholder_check_catches_broken_translations(
    sources: list[str], translated: list[str], problem_count: int
) -> None:
    # When a translation is checked against its source
    problems = _placeholder_problems((tuple(sources), None), sources, translated)
    # Then exactly the broken ones are reported
    assert len(problems) == problem_count, problems


def _translated_inside_f_strings(path: Path) -> Iterator[str]:
    import tokenize

    with path.open("rb") as file:
        for token in tokenize.tokenize(file.readline):
            prefix = token.string[:2].lower()
            if (
                token.type == tokenize.STRING
                and "f" in prefix.rstrip("'\"")
                and (re.search(r"\b(?:_|ngettext)\(\s*['\"]", token.string))
            ):
                yield f"{path.relative_to(REPO_ROOT)}:{token.start[0]}"


def test_no_message_is_translated_inside_an_f_string() -> None:
    # Babel's extractor does not look inside f-strings (before Python 3.12): a literal message
    # there never reaches the catalogue and shows in English in every language. (A label
    # marked where it is defined, ``_(LABELS[key])``, is fine.)
    found = [
        place
        for path in sorted((REPO_ROOT / "companion").rglob("*.py"))
        for place in _translated_inside_f_strings(path)
    ]
    assert found == [], "call _() outside the f-string: " + ", ".join(found)
