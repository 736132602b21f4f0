"""The promise record was called an offer in code (issue 18); stores and backups never change.

Backups written before the rename keep their "offers" table and keys, merges remembered before
it keep their old key "moved_offer_ids": both still read, and what is written now looks the same.
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType

import orjson

from companion.domain.merge_records import MergeRecord
from companion.domain.people import Person, Promise, PromiseStatus
from companion.interop.json_backup import BACKUP_VERSION, FORMAT_NAME
from companion.services.data.backup import export_backup, import_backup
from companion.storage.codec import from_document, to_document
from companion.storage.store import Store

REPOSITORY = Path(__file__).parents[3]
ADA = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"
PROMISE = "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3"

#: A backup as the app wrote it before the rename (schema 2): promises in the "offers" table.
OLD_BACKUP = {
    "format": FORMAT_NAME,
    "backup_version": BACKUP_VERSION,
    "schema_version": 2,
    "exported_at": "2026-11-30T09:00:00+00:00",
    "tables": {
        "people": {ADA: {"id": ADA, "name": "Ada Lovelace"}},
        "offers": {
            PROMISE: {
                "id": PROMISE,
                "person_id": ADA,
                "text": "Send the Babbage paper",
                "due": "2026-12-10",
                "status": "done",
                "created": "2026-11-28",
                "done_on": "2026-12-01",
            }
        },
    },
}


def test_an_old_backup_with_promises_still_imports(core_store: Store) -> None:
    # Given a backup made before the rename, with a kept promise in its "offers" table
    data = orjson.dumps(OLD_BACKUP)
    # When it is imported
    summary = import_backup(core_store, data)
    # Then the promise arrives whole, and a new backup writes it under the same table and keys
    assert summary.added == 2
    assert core_store.promises.get(PROMISE) == Promise(
        id=PROMISE,
        person_id=ADA,
        text="Send the Babbage paper",
        due=date(2026, 12, 10),
        status=PromiseStatus.DONE,
        created=date(2026, 11, 28),
        done_on=date(2026, 12, 1),
    )
    tables = orjson.loads(export_backup(core_store))["tables"]
    assert tables["offers"] == OLD_BACKUP["tables"]["offers"]  # type: ignore[index]
    assert "promises" not in tables


def test_a_merge_record_keeps_its_stored_key() -> None:
    # Given a merge that moved a promise
    ada = Person(name="Ada")
    record = MergeRecord(
        at=datetime(2026, 12, 1, 9, tzinfo=UTC),
        absorbed=Person(name="Ada L."),
        survivor_before=ada,
        survivor_after=ada,
        moved_promise_ids=(PROMISE,),
    )
    # When it is stored and read back
    document = to_document(record)
    # Then the moved promises sit under the key merges were always stored with
    assert document["moved_offer_ids"] == [PROMISE]
    assert "moved_promise_ids" not in document
    assert from_document(MergeRecord, document) == record


def _rename_script() -> ModuleType:
    path = REPOSITORY / "tools" / "rename_vocabulary.py"
    spec = importlib.util.spec_from_file_location("rename_vocabulary", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


OLD_CODE = '''from companion.domain.people import Offer, OfferStatus


def kept(store: Store) -> list[Offer]:
    """Every kept ``offer_id`` (stored in "offers")."""
    offers = [offer for offer in store.offers if offer.status is OfferStatus.DONE]
    print(f"{len(offers)} kept: {', '.join(offer.text for offer in offers)}")
    return offers
'''

NEW_CODE = '''from companion.domain.people import Promise, PromiseStatus


def kept(store: Store) -> list[Promise]:
    """Every kept ``promise_id`` (stored in "offers")."""
    promises = [promise for promise in store.promises if promise.status is PromiseStatus.DONE]
    print(f"{len(promises)} kept: {', '.join(promise.text for promise in promises)}")
    return promises
'''


def test_the_rename_script_renames_code_not_stored_names_and_twice_is_once() -> None:
    # Given code that still calls promises offers (as a branch merged later might)
    script = _rename_script()
    # When the rename script runs over it, and again over its result
    once = script.rename(OLD_CODE)
    # Then names in code and f-strings change, the stored table name does not, and a second
    # run changes nothing
    assert once == NEW_CODE
    assert script.rename(once) == once


def test_the_inventory_keeps_its_offers() -> None:
    # Given code about the profile's inventory
    code = (
        "def texts(profile: Profile) -> list[str]:\n    return [o.text for o in profile.offers]\n"
    )
    # When the rename script runs over it
    # Then nothing changes: there, an offer is what I can give
    assert _rename_script().rename(code) == code


def test_no_code_calls_a_promise_an_offer() -> None:
    # Given the repository as it is
    # When the rename script checks it
    # Then there is nothing left to rename (else: run ``python tools/rename_vocabulary.py``)
    assert _rename_script().main(["--check", str(REPOSITORY)]) == 0
