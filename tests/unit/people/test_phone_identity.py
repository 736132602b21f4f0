"""Phone identity (issue 12): E.164 is evidence, a national number a hint, a suffix nothing."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from companion.domain.contact_keys import (
    names_compatible,
    phone_identity,
    phones_hint,
    phones_match,
)
from companion.domain.people import Person
from companion.i18n.regions import region_for
from companion.interop.parsed_contacts import ParsedContact, ParsedContacts
from companion.services.people.people_import import (
    PeopleDecision,
    apply_people_import,
    plan_people_import,
)
from companion.storage.store import Store

THREE_COUNTRIES = ("+31 6 12345678", "+33 6 12 34 56 78", "+34 612 34 56 78")


@pytest.mark.parametrize("region", ["", "DE", "NL", "US"])
def test_the_same_mobile_digits_in_three_countries_are_three_numbers(region: str) -> None:
    # Given three numbers that end in the same nine digits, in the Netherlands, France, Spain
    keys = {phone_identity(phone, region).e164 for phone in THREE_COUNTRIES}
    # Then they are three different E.164 numbers, and none matches or hints at another
    assert keys == {"+31612345678", "+33612345678", "+34612345678"}
    for first in THREE_COUNTRIES:
        for second in THREE_COUNTRIES:
            if first != second:
                assert not phones_match(first, second, region=region)
                assert not phones_hint(first, second, region=region)


def test_us_numbers_in_two_area_codes_are_two_numbers() -> None:
    # Given the same local number in Manhattan and Chicago / Then they are not one number
    assert not phones_match("+1 212 555 0100", "+1 312 555 0100", region="US")
    assert not phones_hint("+1 212 555 0100", "+1 312 555 0100", region="US")
    # And the same number written nationally, with the region known, is one
    assert phones_match("+1 212 555 0100", "(212) 555-0100", region="US")


def test_a_german_mobile_written_nationally_is_the_same_number_in_germany() -> None:
    # Given a German mobile in international and national form
    # Then with the region DE they are one number
    assert phones_match("+49 170 1234567", "0170 1234567", region="DE")
    assert phone_identity("0170 1234567", "DE").e164 == "+491701234567"
    # And with no region the national form has no country: only a hint, never evidence
    assert phone_identity("0170 1234567", "").e164 == ""
    assert not phones_match("+49 170 1234567", "0170 1234567", region="")
    assert phones_hint("+49 170 1234567", "0170 1234567", region="")


def test_the_default_region_follows_the_active_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given the app set the user's region to Germany
    monkeypatch.setattr("companion.i18n.translate._phone_region", "DE")
    # Then numbers without a country code are German
    assert phones_match("+49 170 1234567", "0170 1234567")
    # And with France they are not
    monkeypatch.setattr("companion.i18n.translate._phone_region", "FR")
    assert not phones_match("+49 170 1234567", "0170 1234567")


@pytest.mark.parametrize(
    ("setting", "locale", "region"),
    [
        ("", "de_DE.UTF-8", "DE"),
        ("", "de_AT", "AT"),
        ("", "de", "DE"),
        ("", "en", "US"),
        ("", "C.UTF-8", ""),
        ("fr", "en_GB", "FR"),
        ("nowhere", "en_GB", "GB"),
    ],
)
def test_region_from_setting_else_the_locales_territory(
    setting: str, locale: str, region: str
) -> None:
    assert region_for(setting, locale) == region


@pytest.mark.parametrize(
    ("first", "second", "compatible"),
    [
        ("Ana López", "Ana Lopez", True),
        ("Ana", "López, Ana", True),
        ("J. Smith", "John Smith", True),
        ("Ana María López Ruiz", "Ana López", True),
        ("Maria Rossi", "Mario Rossi", False),
        ("Bob", "Robert", False),
        ("Daan de Vries", "Élodie Martin", False),
        ("J. S.", "John Smith", False),
    ],
)
def test_compatible_names(first: str, second: str, compatible: bool) -> None:
    assert names_compatible(first, second) is compatible
    assert names_compatible(second, first) is compatible


def _contact(name: str, phone: str, line: int) -> ParsedContact:
    return ParsedContact(name=name, line=line, phones=(phone,), source_id=f"vcard:{line}")


def test_three_people_sharing_a_suffix_are_imported_as_three(core_store: Store) -> None:
    # Given a file with three people whose mobiles end alike in three countries
    parsed = ParsedContacts(
        (
            _contact("Daan de Vries", THREE_COUNTRIES[0], 1),
            _contact("Élodie Martin", THREE_COUNTRIES[1], 2),
            _contact("Lucía García", THREE_COUNTRIES[2], 3),
        )
    )
    # When it is imported
    plan = plan_people_import([], parsed, file_name="x.vcf", region="DE")
    summary = apply_people_import(core_store, plan, merge_similar_names=False)
    # Then three people are added, each with their own number, and nobody is merged
    assert (summary.added, summary.merged) == (3, 0)
    assert sorted(person.phones for person in core_store.people) == sorted(
        (phone,) for phone in THREE_COUNTRIES
    )


def test_the_same_number_under_another_name_is_a_possible_duplicate(core_store: Store) -> None:
    # Given a stored person and a card with their exact number but another name
    carter = Person(name="John Carter", phones=("+1 212 555 0100",))
    core_store.people.put(carter)
    parsed = ParsedContacts((_contact("Marco Reyes", "+1 (212) 555-0100", 1),))
    # When it is imported
    plan = plan_people_import([carter], parsed, file_name="x.vcf", region="US")
    [item] = plan.items
    # Then it is added as new with a note naming whom it may be
    assert item.decision is PeopleDecision.ADD and not item.certain
    assert item.match == carter
    assert "possibly John Carter: same phone" in item.reason
    summary = apply_people_import(core_store, plan, merge_similar_names=False)
    assert (summary.added, summary.merged) == (1, 0)
    assert summary.possible_duplicates[0].startswith("“Marco Reyes”: possibly John Carter")


def test_the_same_number_and_a_compatible_name_merge(core_store: Store) -> None:
    # Given a stored person and a card with their number written nationally and a short name
    ana = Person(name="Ana López", phones=("+49 170 1234567",))
    core_store.people.put(ana)
    parsed = ParsedContacts((_contact("Ana", "0170 1234567", 1),))
    # When it is imported in Germany
    plan = plan_people_import([ana], parsed, file_name="x.vcf", region="DE")
    summary = apply_people_import(core_store, plan, merge_similar_names=False)
    # Then the card is merged into Ana, and the summary says why
    assert (summary.added, summary.merged) == (0, 1)
    assert summary.merges == (
        "merged “Ana” into “Ana López” (same phone 0170 1234567 and a matching name)",
    )


_GIVEN = ("Ana", "Daan", "Élodie", "Lucía", "Jürgen", "Chidi", "Wei", "Sarah", "Оля", "太郎")
_FAMILY = ("López", "de Vries", "Martin", "García", "Müller", "Okafor", "Chen", "Kim", "Иванова")
_REGIONS = ("DE", "NL", "FR", "ES", "US", "GB", "IT", "JP", "BR", "IN")


@st.composite
def _numbers(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(_REGIONS))
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    national = str(example.national_number)
    tail = draw(st.text("0123456789", min_size=4, max_size=4))
    number = national[:-4] + tail
    written = draw(st.sampled_from(("international", "e164")))
    parsed = phonenumbers.parse(f"+{example.country_code}{number}")
    if written == "e164":
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


@st.composite
def _people(draw: st.DrawFn) -> tuple[str, str, str]:
    name = f"{draw(st.sampled_from(_GIVEN))} {draw(st.sampled_from(_FAMILY))}"
    user = draw(st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8))
    return name, draw(_numbers()), f"{user}@example.org"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=_people(), second=_people(), region=st.sampled_from(("", *_REGIONS)))
def test_different_numbers_names_and_emails_are_never_merged(
    first: tuple[str, str, str], second: tuple[str, str, str], region: str
) -> None:
    # Given two people with different E.164 numbers, names and emails
    assume(first[0] != second[0] and first[2] != second[2])
    assume(phone_identity(first[1], region).e164 != phone_identity(second[1], region).e164)
    known = Person(name=first[0], phones=(first[1],), emails=(first[2],), source_ids=("x:1",))
    parsed = ParsedContacts(
        (
            ParsedContact(
                name=second[0], line=1, phones=(second[1],), emails=(second[2],),
                source_id="x:2",
            ),
        )
    )  # fmt: skip
    # When the second is imported next to the first
    plan = plan_people_import([known], parsed, file_name="x.vcf", region=region)
    # Then the second is never merged into the first
    assert [item.decision for item in plan.items] == [PeopleDecision.ADD]
    assert all(not item.certain for item in plan.items if item.match is not None)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(
            ParsedContact(name="Anna Schmidt", line=1, organization="Siemens", source_id="v:a"),
            ParsedContact(name="Anna Schmidt", line=1, organization="Charité", source_id="v:a"),
            id="same-name-other-organisation",
        ),
        pytest.param(
            ParsedContact(
                name="Maria Garcia", line=1, phones=("+34 612 34 56 78",), source_id="v:m"
            ),
            ParsedContact(
                name="Maria Garcia", line=1, phones=("+33 6 12 34 56 78",), source_id="v:m"
            ),
            id="same-name-same-ending-other-country",
        ),
    ],
)
def test_two_people_of_one_name_without_a_uid_are_not_taken_for_one_record(
    core_store: Store, first: ParsedContact, second: ParsedContact
) -> None:
    # Given someone imported from a card without a UID (known by name and phone ending)
    plan = plan_people_import([], ParsedContacts((first,)), file_name="a.vcf", region="DE")
    apply_people_import(core_store, plan)
    # When another file holds a different person of that name, with the same derived id
    plan = plan_people_import(
        core_store.people.all(), ParsedContacts((second,)), file_name="b.vcf", region="DE"
    )
    summary = apply_people_import(core_store, plan)
    # Then they are added as a possible duplicate, not merged into the first
    assert (summary.added, summary.merged, summary.updated) == (1, 0, 0)
    assert summary.possible_duplicates
    # And importing either file again changes nothing
    for again in (first, second):
        plan = plan_people_import(
            core_store.people.all(), ParsedContacts((again,)), file_name="c.vcf", region="DE"
        )
        summary = apply_people_import(core_store, plan)
        assert (summary.added, summary.updated) == (0, 0)
    assert len(core_store.people) == 2


def test_a_file_of_many_possible_duplicates_lists_twenty_and_counts_the_rest() -> None:
    from companion.services.data.import_report import MAX_DETAIL_LINES, summary_lines
    from companion.services.people.people_import import PeopleImportSummary

    summary = PeopleImportSummary(
        added=100, possible_duplicates=tuple(f"“P{n}”: possibly Q{n}" for n in range(100))
    )
    lines = summary_lines("big.csv", summary)
    assert len(lines) == 1 + MAX_DETAIL_LINES + 1
    assert lines[-1].strip().startswith("… and 80 more")
