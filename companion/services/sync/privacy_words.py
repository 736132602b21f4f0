"""Where the user's data lives, in one sentence that stays true once sync is set up.

The first-run welcome promised "no cloud"; after a sync account is added, people's details do
go to that server, so the sentence names it (the host only) and where to see what is sent.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from companion.i18n import _, ngettext
from companion.storage.store import Store


def where_data_lives(store: Store) -> str:
    """ "Everything you note stays on this computer", and which servers get what was chosen."""
    accounts = store.sync_accounts.all()
    hosts = sorted({urlsplit(account.url).hostname or "" for account in accounts})
    hosts = [host for host in hosts if host]
    if not hosts:
        return _("Everything you note stays on this computer. No account, no cloud.")
    return ngettext(
        "Everything you note stays on this computer, except what your sync account sends to "
        "{hosts} (Preferences > Sync says what).",
        "Everything you note stays on this computer, except what your sync accounts send to "
        "{hosts} (Preferences > Sync says what).",
        # "account(s)" is what the user added: two accounts on one server are still two.
        len(accounts),
    ).format(hosts=", ".join(hosts))
