"""Texts of the desktop entry and the AppStream metainfo, marked for the app's catalogues.

They live in Python only so that ``pybabel extract`` puts them into ``companion.pot`` beside the
app's own strings: one set of catalogues translates the app, its menu entry and its software
centre page. ``packaging/linux/translate_metadata.py`` looks the same texts up in the compiled
catalogues and writes ``Name[de]=…`` lines and ``xml:lang`` elements. Each text must equal its
counterpart in ``packaging/linux/*.in`` (a test checks), written on one line here.
"""

from __future__ import annotations

from companion.i18n import N_

# TRANSLATORS: The product name; keep it unless your language has an established name for it.
APP_NAME = N_("Common Ground")
# TRANSLATORS: Menu entry subtitle (desktop GenericName): what kind of program this is.
GENERIC_NAME = N_("Networking Companion")
# TRANSLATORS: Menu entry tooltip (desktop Comment).
COMMENT = N_("Meet people through shared interests, give first, keep your word")
# TRANSLATORS: Search words for the application menu. Keep the semicolons, end with one; they
# need not be literal translations, add the words people in your language would search for.
KEYWORDS = N_("networking;events;meetup;people;contacts;conversation;follow-up;promises;")
# TRANSLATORS: Right-click action of the menu entry: opens the small dialog to note who you met.
QUICK_CAPTURE = N_("Quick capture")
# TRANSLATORS: One-line summary in software centres (AppStream), no final full stop.
SUMMARY = N_("Meet people through shared interests and keep your word")
# TRANSLATORS: Caption of the screenshot in software centres.
SCREENSHOT_CAPTION = N_("The home view with upcoming events and due promises")

DESCRIPTION_PARAGRAPHS = (
    N_(
        "Common Ground is a private companion for networking that does not feel fake. Real "
        "connections grow from interests you share, and good networking is about what you can "
        "give, not what you can get."
    ),
    N_(
        "Before an event, it helps you choose gatherings that match your interests and prepare "
        "a few conversation openers and what you could offer. Right after, you note who you met "
        "in seconds from the tray or a keyboard shortcut. Later, it reminds you of the promises "
        "you made and of when to get back in touch."
    ),
    N_(
        "Everything stays on your computer: no account, no server, no network access. Your "
        "notes are encrypted and backed up automatically."
    ),
)

ALL_TEXTS = (
    APP_NAME,
    GENERIC_NAME,
    COMMENT,
    KEYWORDS,
    QUICK_CAPTURE,
    SUMMARY,
    SCREENSHOT_CAPTION,
    *DESCRIPTION_PARAGRAPHS,
)
