"""Unlocking and opening the data at start: waiting for a command-line writer, asking for the
passphrase, and offering the newest good backup when the data is damaged."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from companion import APP_NAME
from companion.paths import FolderPermissionsError
from companion.services.data.folder_problems import folder_problem
from companion.ui.shell.start_up import EXIT_BAD_INPUT, EXIT_FAILED, RunModes, tell

if TYPE_CHECKING:
    from companion.services.data.session import Session
    from companion.ui.shell.starting_up import StartingUp


def wait_for_writer(data_dir: Path, parent: QWidget | None, starting: StartingUp | None) -> bool:
    """Wait (visibly, cancellable) while a CLI import holds the data; False when cancelled."""
    from companion.ui.shell.waiting_for_writer import WaitingForWriter, store_is_free

    if store_is_free(data_dir):
        return True
    if starting is not None:
        starting.waiting_for_writer = True
    try:
        return WaitingForWriter(parent, is_free=lambda: store_is_free(data_dir)).wait()
    finally:
        if starting is not None:
            starting.waiting_for_writer = False


def unlock_and_open(
    modes: RunModes,
    data_dir: Path,
    *,
    parent: QWidget | None,
    starting: StartingUp | None = None,
) -> Session | int:
    """Unlock and open the data, offering the newest good backup if it is damaged.

    Returns the open session, or the exit status when it cannot be opened. While another
    process (a ``companion import``) holds the data, the window waits for it rather than
    giving up; unattended starts (checks, benchmarks) fail at once instead.
    """
    from companion.services.data.session import open_session
    from companion.storage.errors import StoreCorruptError, StoreError, StoreLockedError
    from companion.storage.keys import PassphraseNeeded
    from companion.ui.shell.unlock import ask_unattended, ask_with_dialog

    unattended = modes.unattended
    ask = ask_unattended(throwaway=modes.smoke_test) if unattended else ask_with_dialog(parent)
    while True:
        if not unattended and not wait_for_writer(data_dir, parent, starting):
            return EXIT_FAILED
        try:
            session = open_session(data_dir, ask, lasting=True)
        except StoreLockedError as error:
            if unattended:
                print(f"companion: {error}", file=sys.stderr)
                return EXIT_FAILED
            continue  # taken again between the check and the open: wait once more
        except (OSError, FolderPermissionsError) as error:
            message = folder_problem(error, data_dir)
            if message is None:
                raise
            tell(message, unattended=unattended, parent=parent)
            return EXIT_FAILED
        except PassphraseNeeded as error:
            if unattended:
                print(f"companion: {error}", file=sys.stderr)
            # Cancelling the passphrase dialog is a choice, not an error to report again.
            return EXIT_FAILED
        except StoreCorruptError as error:
            if unattended:
                print(f"companion: {error}", file=sys.stderr)
                return EXIT_BAD_INPUT
            # Loaded only for a damaged store: it brings the backups and Babel's dates.
            from companion.ui.shell.recovery import offer_recovery

            if not offer_recovery(data_dir, error, ask, parent):
                return EXIT_BAD_INPUT
            continue  # the backup is in place: open it
        except StoreError as error:
            from companion.services.data.key_problems import (
                damaged_keys_message,
                keys_file_disagrees,
            )
            from companion.storage.keys import WrongPassphraseError

            message = str(error)
            if isinstance(error, WrongPassphraseError) and keys_file_disagrees(data_dir):
                message = damaged_keys_message(data_dir)
            # Checks and benchmarks run unattended: a message box would wait for ever.
            tell(message, unattended=unattended, parent=parent)
            return EXIT_FAILED
        recovery = session.store.recovery
        if recovery is not None:
            # Some recent changes could not be read back: say so once, plainly.
            if unattended:
                print(f"companion: {recovery.message}", file=sys.stderr)
            else:
                QMessageBox.warning(parent, APP_NAME, recovery.message)
        return session
