"""How the app gets a passphrase: a dialog for people, the environment for unattended runs."""

from __future__ import annotations

import os
import secrets

from PySide6.QtWidgets import QDialog, QWidget

from companion.storage.keys import AskPassphrase, PassphrasePrompt

PASSPHRASE_ENV = "COMPANION_PASSPHRASE"


def ask_with_dialog(parent: QWidget | None = None) -> AskPassphrase:
    def ask(prompt: PassphrasePrompt) -> str | None:
        # Loaded when asked: a start with the key in the keychain never shows the dialog.
        from companion.ui.shell.passphrase_dialog import PassphraseDialog

        dialog = PassphraseDialog(
            new=prompt.new, retry=prompt.retry, wait_seconds=prompt.wait_seconds, parent=parent
        )
        # exec() is right here: nothing can happen in the app before the data is unlocked.
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.value() if accepted else None

    return ask


def ask_unattended(*, throwaway: bool) -> AskPassphrase:
    """``COMPANION_PASSPHRASE``; for a throwaway folder (the smoke test) a random one."""
    generated = secrets.token_urlsafe(24)

    def ask(prompt: PassphrasePrompt) -> str | None:
        from_env = os.environ.get(PASSPHRASE_ENV)
        if from_env and not prompt.retry:
            return from_env
        return generated if throwaway and prompt.new else None

    return ask
