"""What each ``companion`` sub-command does; ``cli.py`` parses and dispatches."""

from __future__ import annotations

import getpass
import math
import os
import sys
from pathlib import Path

from companion import paths
from companion.i18n import _, ngettext
from companion.i18n.formats import format_datetime
from companion.services.changes import ChangeSet
from companion.services.data.folder_problems import unreadable_backups
from companion.services.data.importing import import_files
from companion.services.data.session import Session
from companion.services.data.session import open_session as _open_session
from companion.services.instance import forwarded
from companion.services.instance.forwarded import export_reply, import_reply, undo_merge_reply
from companion.services.instance.instance_messages import Reply
from companion.storage.atomic import atomic_write_bytes
from companion.storage.backups import SNAPSHOT_REASON_LABELS, Backups, Snapshot
from companion.storage.errors import StoreCorruptError
from companion.storage.keys import (
    MIN_PASSPHRASE_LENGTH,
    AskPassphrase,
    PassphrasePrompt,
    WrongPassphraseError,
    has_keys,
    unlock,
)

PASSPHRASE_ENV = "COMPANION_PASSPHRASE"
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


def print_error(message: str) -> None:
    print(f"companion: {message}", file=sys.stderr)


def ask_passphrase(prompt: PassphrasePrompt) -> str | None:
    """``COMPANION_PASSPHRASE``, else ask on the terminal; ``None`` when neither is possible."""
    from_env = os.environ.get(PASSPHRASE_ENV)
    if from_env:
        if prompt.retry:
            raise WrongPassphraseError()
        return from_env
    if not sys.stdin.isatty():
        return None
    if not prompt.new:
        if prompt.retry:
            print(_("That passphrase does not unlock your data. Try again."), file=sys.stderr)
        if prompt.wait_seconds > 0:
            seconds = math.ceil(prompt.wait_seconds)
            print(
                ngettext(
                    "After wrong passphrases, the next one is tried in {count} second.",
                    "After wrong passphrases, the next one is tried in {count} seconds.",
                    seconds,
                ).format(count=seconds),
                file=sys.stderr,
            )
        return getpass.getpass(_("Passphrase for your Common Ground data: "))
    print(
        _("There is no usable system keychain, so your data will be protected by a passphrase."),
        file=sys.stderr,
    )
    while True:
        first = getpass.getpass(
            _("Choose a passphrase (at least {count} characters): ").format(
                count=MIN_PASSPHRASE_LENGTH
            )
        )
        if len(first) < MIN_PASSPHRASE_LENGTH:
            print(_("That is too short."), file=sys.stderr)
            continue
        if getpass.getpass(_("Repeat the passphrase: ")) == first:
            return first
        print(_("The two passphrases differ. Please try again."), file=sys.stderr)


def open_session(data_dir: Path, ask: AskPassphrase, *, read_only: bool = False) -> Session:
    """The session, after saying on stderr what a damaged journal could not give back."""
    session = _open_session(data_dir, ask, read_only=read_only)
    if session.store.recovery is not None:
        print_error(session.store.recovery.message)
    return session


def print_reply(reply: Reply) -> int:
    """Print what a command (run here or by the running instance) says; its exit status."""
    if reply.stdout:
        print(reply.stdout, end="")
    if reply.payload:
        sys.stdout.flush()
        sys.stdout.buffer.write(reply.payload)
        sys.stdout.buffer.flush()
    if reply.stderr:
        print(reply.stderr, end="", file=sys.stderr)
    return reply.exit_code


def import_into(session: Session, files: list[Path]) -> tuple[Reply, ChangeSet]:
    """Import ``files`` into the open session: the report to print and what changed."""
    return import_reply(import_files(session.store, files, backups=session.backups))


def activate_phone_region(data_dir: Path) -> None:
    """Numbers without a country code belong to the ``phone_region`` setting, else the locale."""
    from companion import settings
    from companion.i18n.regions import environment_locale, region_for, set_phone_region

    saved = settings.load(paths.settings_file(data_dir)).phone_region
    set_phone_region(region_for(saved, environment_locale()))


def newest_backup(data_dir: Path) -> Snapshot | None:
    """The newest good backup, the data key asked for as every command asks for it."""
    return Backups(data_dir, unlock(data_dir, ask_passphrase).cipher()).newest_good()


def failure_reply(error: Exception, data_dir: Path) -> Reply:
    """What the CLI says, and its exit status, when a command fails with ``error``."""
    return forwarded.failure_reply(error, data_dir, newest_backup=lambda: newest_backup(data_dir))


def run_import(data_dir: Path, files: list[Path]) -> int:
    activate_phone_region(data_dir)
    with open_session(data_dir, ask_passphrase) as session:
        reply, _changes = import_into(session, files)
    return print_reply(reply)


def run_export(
    data_dir: Path,
    output: Path | None,
    *,
    export_format: str = "json",
    vcard_version: str = "",
    bom: bool = False,
) -> int:
    from companion.services.data.formats import write_export

    if not paths.store_file(data_dir).exists():
        # Exporting before anything was recorded must not create a store as a side effect.
        payload = write_export(None, export_format, vcard_version=vcard_version, bom=bom).payload
    else:
        with open_session(data_dir, ask_passphrase, read_only=True) as session:
            payload = write_export(
                session.store, export_format, vcard_version=vcard_version, bom=bom
            ).payload
    return print_reply(export_reply(payload, output))


def run_backup_list(data_dir: Path) -> int:
    unreadable = unreadable_backups(data_dir)
    if unreadable is not None:
        print_error(unreadable)
        return EXIT_FAILED
    if not has_keys(data_dir):
        print(_("There are no backups yet."))
        return EXIT_OK
    backups = Backups(data_dir, unlock(data_dir, ask_passphrase).cipher()).list()
    if not backups:
        print(_("There are no backups yet."))
        return EXIT_OK
    for snapshot in backups:
        counts = ", ".join(
            (
                ngettext("{count} person", "{count} people", snapshot.counts["people"]).format(
                    count=snapshot.counts["people"]
                ),
                ngettext("{count} event", "{count} events", snapshot.counts["events"]).format(
                    count=snapshot.counts["events"]
                ),
                ngettext(
                    "{count} encounter", "{count} encounters", snapshot.counts["encounters"]
                ).format(count=snapshot.counts["encounters"]),
            )
        )
        print(
            f"{snapshot.id}  {format_datetime(snapshot.created)}  "
            f"{_(SNAPSHOT_REASON_LABELS[snapshot.reason])}  ({counts})"
        )
    return EXIT_OK


def run_backup_restore(data_dir: Path, snapshot_id: str) -> int:
    backups = Backups(data_dir, unlock(data_dir, ask_passphrase).cipher())
    try:
        set_aside = backups.restore(snapshot_id)
    except StoreCorruptError as error:
        print_error(_("the backup cannot be read: {error}").format(error=error))
        return EXIT_BAD_INPUT
    if set_aside is not None:
        print(_("The damaged data file was kept as {path}.").format(path=set_aside))
    print(_("Restored the backup {id}.").format(id=snapshot_id))
    return EXIT_OK


def run_prep(
    data_dir: Path, event_id: str | None, *, output_format: str, output: Path | None
) -> int:
    """Print (or write) the prep card of ``event_id``, or of the next upcoming event.

    Read-only: the store is opened without the writer lock, so this works while the app runs.
    Qt is imported only for ``pdf``, through the composition root (``app.py``).
    """
    from companion.i18n import current_locale
    from companion.services.clock import system_clock
    from companion.services.prepare import prepare
    from companion.services.prepare.prep_card import render_html, render_markdown

    if output_format == "pdf" and output is None and sys.stdout.isatty():
        print_error(_("a PDF is not for the terminal: add -o FILE, or redirect the output"))
        return EXIT_BAD_INPUT
    now = system_clock()
    if not paths.store_file(data_dir).exists():
        return _no_event_to_prepare(event_id)
    with open_session(data_dir, ask_passphrase, read_only=True) as session:
        wanted = event_id
        if wanted is not None:
            # An id, or a unique piece of a title ("go club"); several: listed, exit 2.
            from companion.cli_events import resolve_event

            wanted = resolve_event(session.store, wanted)
            if wanted is None:
                return EXIT_BAD_INPUT
        if wanted is None:
            upcoming = prepare.next_event(session.store, now)
            if upcoming is None:
                return _no_event_to_prepare(None)
            wanted = upcoming.id
        try:
            card = prepare.prep_card(session.store, wanted, locale=current_locale(), now=now)
        except prepare.PrepareError as error:
            print_error(str(error))
            return EXIT_BAD_INPUT
    if output_format == "pdf":
        from companion.app import prep_card_pdf

        payload = prep_card_pdf(render_html(card), title=card.event.title)
    else:
        payload = render_markdown(card).encode("utf-8")
    if output is None:
        return print_reply(Reply(payload=payload))
    try:
        atomic_write_bytes(output, payload)
    except OSError as error:
        print_error(
            _("cannot write {file}: {reason}").format(file=output, reason=error.strerror or error)
        )
        return EXIT_FAILED
    return EXIT_OK


def _no_event_to_prepare(event_id: str | None) -> int:
    if event_id is None:
        print_error(_("there is no upcoming event to prepare; give an event id"))
    else:
        print_error(_("There is no event with the id “{id}”.").format(id=event_id))
    return EXIT_BAD_INPUT


def run_merges(data_dir: Path, undo: str | None) -> int:
    """``companion merges``: list the merges, newest first; ``--undo ID`` takes one back."""
    if undo is not None:
        with open_session(data_dir, ask_passphrase) as session:
            reply, _changes = undo_merge_reply(session.store, undo)
        return print_reply(reply)
    if not paths.store_file(data_dir).exists():
        print(_("No people have been merged."))
        return EXIT_OK
    from companion.services.data.import_report import merge_line
    from companion.services.people.merge_history import merge_records

    with open_session(data_dir, ask_passphrase, read_only=True) as session:
        records = merge_records(session.store)
    if not records:
        print(_("No people have been merged."))
    for record in records:
        print(merge_line(record))
    return EXIT_OK
