"""Time to plan and apply the import of a generated 10,000-card vCard file (target < 5 s).

Run: ``.venv/bin/python benchmarks/vcard_import.py [--cards N]``. The file mixes what real
exports hold: vCard 3.0 with Google's ``itemN.`` groups and escaped URLs, Apple's repeated
``type=`` and birthdays without year, Android's quoted-printable 2.1 names, categories, and
small photos on one card in ten. The baseline is ``vobject.readComponents`` reading the same file
without building a single person.
"""

from __future__ import annotations

import argparse
import base64
import tempfile
import time
from pathlib import Path

from figures import Row, median_ms

from companion.interop.detect import FileKind
from companion.services.people.contacts_reading import plan_contacts_import
from companion.services.people.people_import import apply_people_import
from companion.storage.store import Store

TARGET_SECONDS = 5.0
_PHOTO = base64.b64encode(bytes(range(256)) * 4).decode()
_FIRST = ("Ana", "Jürgen", "Chidi", "Sofia", "Kenji", "Layla", "Tom", "Priya", "Marc", "Linh")
_LAST = ("López", "Müller", "Okafor", "Rossi", "Watanabe", "Al-Sayed", "Becker", "Raman")


def _card(index: int) -> list[str]:
    first, last = _FIRST[index % len(_FIRST)], _LAST[index % len(_LAST)]
    if index % 5 == 0:  # Android 2.1, quoted-printable
        encoded = "".join(f"={byte:02X}" for byte in f"{first} {last}".encode())
        return [
            "BEGIN:VCARD",
            "VERSION:2.1",
            f"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{encoded}",
            f"TEL;CELL:+49170{index:07d}",
            "END:VCARD",
        ]
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{first} {last} {index}",
        f"N:{last};{first};;;",
        f"EMAIL;type=INTERNET;type=HOME;type=pref:person{index}@example.org",
        f"TEL;type=CELL;type=VOICE:+1 555 {index:07d}",
        f"item1.URL:https\\://example.org/people/{index}",
        "item1.X-ABLabel:_$!<HomePage>!$_",
        "ORG:Climbing Collective;",
        "TITLE:Route setter",
        "BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-12",
        "CATEGORIES:myContacts,Board games,Friends",
        "NOTE:Met at the bouldering meetup.\\nLikes board games\\, too.",
        f"UID:bench-{index}",
    ]
    if index % 10 == 1:
        photo = "PHOTO;ENCODING=b;TYPE=JPEG:" + _PHOTO
        lines.append(photo[:75])
        lines += [" " + photo[start : start + 74] for start in range(75, len(photo), 74)]
    lines.append("END:VCARD")
    return lines


def generated_vcards(count: int) -> bytes:
    lines = [line for index in range(count) for line in _card(index)]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def one_run(data: bytes) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "data") as store:
        started = time.perf_counter()
        plan = plan_contacts_import(store, data, file_name="bench.vcf", kind=FileKind.VCARD)
        summary = apply_people_import(store, plan, merge_similar_names=False)
        return time.perf_counter() - started, summary.added


def _vobject_only(data: bytes) -> int:
    import vobject

    return sum(1 for _card in vobject.readComponents(data.decode("utf-8"), ignoreUnreadable=True))


def vcard_rows(*, runs: int, cards: int = 10_000) -> list[Row]:
    """Plan and apply a generated ``cards``-card file, against vobject's bare parse."""
    data = generated_vcards(cards)
    ours = median_ms(lambda: one_run(data), runs=runs)
    bare = median_ms(lambda: _vobject_only(data), runs=runs)
    return [
        Row(
            name=f"vCard import ({cards:,} cards, plan + apply)",
            unit="ms",
            ours=ours,
            baseline=bare,
            baseline_name="vobject.readComponents alone",
            runs=runs,
            budget=f"< {TARGET_SECONDS:.0f} s",
            within_budget=ours < TARGET_SECONDS * 1000,
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cards", type=int, default=10_000)
    options = parser.parse_args()
    data = generated_vcards(options.cards)
    print(f"{len(data) / 1e6:.1f} MB, {options.cards} cards")
    for _ in range(3):
        seconds, added = one_run(data)
        print(f"{seconds:.2f} s, {added} added")


if __name__ == "__main__":
    main()
