"""The CardDAV layer's XML and address handling, without a server: hostile answers are refused,
and two spellings of one card's address are one card."""

from __future__ import annotations

import pytest

from companion.remote.carddav import href_key
from companion.remote.dav_discovery import DavError, DavProblem
from companion.remote.dav_xml import parse, status_code


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("http://127.0.0.1:5232/alice/contacts/a%20b.vcf", "/alice/contacts/a b.vcf"),
        ("https://dav.example/alice/c/x.vcf?x=1", "https://dav.example/alice/c/x.vcf"),
        ("https://dav.example", "/"),
    ],
)
def test_two_spellings_of_one_address_are_one_card(one: str, other: str) -> None:
    assert href_key(one) == href_key(other)


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa">]><m xmlns="DAV:">&a;</m>',
        b'<?xml version="1.0"?><!DOCTYPE m SYSTEM "file:///etc/passwd"><m/>',
        b"<html><body>Log in</body></html>",
        b"not xml at all",
    ],
)
def test_an_answer_with_a_dtd_or_no_multistatus_is_refused(body: bytes) -> None:
    with pytest.raises(DavError) as raised:
        parse(body)
    assert raised.value.kind is DavProblem.NOT_DAV


def test_a_multistatus_is_read_and_its_status_lines_understood() -> None:
    root = parse(b'<d:multistatus xmlns:d="DAV:"><d:response/></d:multistatus>')
    assert root.tag == "{DAV:}multistatus"
    assert status_code("HTTP/1.1 404 Not Found") == 404
    assert status_code(None) == 0
