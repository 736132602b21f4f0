"""One folding of case and accents (issue 18): every place that ignores accents agrees."""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.domain.contact_keys import folded_name_key
from companion.domain.errors import ValidationError
from companion.domain.folding import _UNDECOMPOSED_LETTERS as UNDECOMPOSED_LETTERS
from companion.domain.folding import fold, slugify
from companion.domain.inference import words
from companion.domain.interests import Interest, slug_for_label
from companion.domain.people import Person
from companion.interop.csv_columns import header_key
from companion.interop.parsed_contacts import ParsedContacts
from companion.interop.vcard_read import read_vcards
from companion.services.people.capture import capture_encounter
from companion.services.people.people_import import plan_people_import
from companion.services.profile.interests import add_custom_interest
from companion.storage.store import Store

LETTERS = [
    ("ð", "d"),
    ("Ð", "d"),
    ("ħ", "h"),
    ("Ħ", "h"),
    ("ß", "ss"),
    ("ẞ", "ss"),
    ("ø", "o"),
    ("Ø", "o"),
    ("ǿ", "o"),
    ("æ", "ae"),
    ("Æ", "ae"),
    ("ǽ", "ae"),
    ("ł", "l"),
    ("Ł", "l"),
    ("đ", "d"),
    ("Đ", "d"),
    ("œ", "oe"),
    ("þ", "th"),
    ("Þ", "th"),
    ("ı", "i"),
    ("ŧ", "t"),
    ("é", "e"),
    ("Å", "a"),
    ("ñ", "n"),
    ("ﬁ", "fi"),
    ("ℌ", "h"),
]


@pytest.mark.parametrize(("letter", "folded"), LETTERS)
def test_each_letter_folds_to_its_ascii_spelling(letter: str, folded: str) -> None:
    assert fold(letter) == folded


@pytest.mark.parametrize(("letter", "folded"), LETTERS)
def test_search_names_keys_slugs_and_keywords_fold_alike(letter: str, folded: str) -> None:
    # Given a word with the letter in it
    word = f"Bo{letter}i"
    expected = f"bo{folded}i"
    # Then the name key, the interest slug, the CSV header key and the keyword words agree
    assert folded_name_key(f"{word} Ann") == f"ann {expected}"
    assert slugify(word) == expected
    assert header_key(word) == expected
    assert words(word) == [expected]


def test_slugs_keep_every_letter_in_ascii() -> None:
    assert slugify("Smørrebrød & Øl!") == "smorrebrod-ol"
    assert slugify("Þórðr’s Straße 3") == "thordr-s-strasse-3"
    assert slugify("囲碁") == ""


@given(st.text())
def test_folding_twice_is_folding_once(text: str) -> None:
    assert fold(fold(text)) == fold(text)


def _fold_spelling_letters_first(text: str) -> str:
    """The folding as first written: letters spelled in ASCII, then every mark dropped."""
    decomposed = unicodedata.normalize("NFKD", text.casefold()).casefold()
    spelled = decomposed.translate(UNDECOMPOSED_LETTERS)
    return "".join(char for char in spelled if not unicodedata.combining(char))


@given(
    st.text(
        alphabet=st.sampled_from(
            [*(letter for letter, _ascii in LETTERS), "\u0301", "я", "😀", "a"]
        )
    )
    | st.text()
)
def test_folding_drops_marks_and_spells_letters_in_either_order(text: str) -> None:
    # Marks are dropped first now (an accented Latin name is ASCII then, and needs no more)
    assert fold(text) == _fold_spelling_letters_first(text)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_only_loses_its_case(text: str) -> None:
    assert fold(text) == text.lower()


@given(st.text())
def test_a_slug_is_ascii_words_joined_by_hyphens_and_stays_itself(text: str) -> None:
    made = slugify(text)
    assert made == "" or all(part.isalnum() and part.isascii() for part in made.split("-"))
    assert made == made.lower()
    assert slugify(made) == made


# --- Stored values made by the older foldings ---------------------------------------------------


def test_interests_saved_under_the_older_slugs_are_still_found(core_store: Store) -> None:
    # Given interests saved before issue 18: "Smørrebrød" under "smrrebrd" (ø was dropped),
    # "囲碁" under the capture's "i-" hash
    go_slug = "i-" + hashlib.sha256("囲碁".encode()).hexdigest()[:10]
    core_store.interests.put(Interest(slug="smrrebrd", label="Smørrebrød"))
    core_store.interests.put(Interest(slug=go_slug, label="囲碁"))
    # When someone is captured with those interests
    capture_encounter(
        core_store, name="Ada", interests=("smørrebrød", "囲碁"), today=date(2026, 12, 7)
    )
    # Then the stored interests are used, none is added and none changes its key
    [ada] = core_store.people.all()
    assert ada.interests == ("smrrebrd", go_slug)
    assert sorted(interest.slug for interest in core_store.interests) == sorted(
        ["smrrebrd", go_slug]
    )
    # And adding one of them again by hand is refused as already there
    with pytest.raises(ValidationError):
        add_custom_interest(core_store, "Smørrebrød")


def test_a_new_interest_gets_the_one_slug_scheme() -> None:
    assert slug_for_label("Smørrebrød") == "smorrebrod"
    assert slug_for_label("囲碁") == "interest-" + hashlib.sha1("囲碁".encode()).hexdigest()[:10]


def test_a_contact_imported_before_the_new_folding_is_still_recognised() -> None:
    # Given a person imported from a card without UID before issue 18: its source id was made
    # from the name folded the old way, which kept "ð" and "ħ"
    old_key = hashlib.sha1("thorðr ħal\n\n".encode()).hexdigest()[:16]
    stored = Person(name="Þórðr Ħal", source_ids=(f"vcard:{old_key}",))
    card = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\xc3\x9e\xc3\xb3r\xc3\xb0r \xc4\xa6al\r\nEND:VCARD\r\n"
    )
    # When the same card is imported again
    plan = plan_people_import(
        [stored], ParsedContacts(read_vcards(card).contacts), file_name="old.vcf"
    )
    # Then it is known as imported before from this source, not only as a similar name
    [item] = plan.items
    assert item.match == stored
    assert item.certain
    assert item.reason == "imported before from this source"
