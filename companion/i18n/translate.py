"""The active gettext catalogue and the functions every user-visible string goes through.

Kept free of Babel and Qt so the domain layer can mark and translate its messages.
"""

from __future__ import annotations

import gettext

DOMAIN = "companion"
SOURCE_LOCALE = "en"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_locale = SOURCE_LOCALE
# The country of phone numbers written without a country code ("DE"); see ``i18n.regions``.
_phone_region = ""


def _(message: str) -> str:
    """Translate ``message`` into the active language."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a message whose form depends on ``count`` (use named placeholders)."""
    return _translations.ngettext(singular, plural, count)


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a string for extraction without translating it yet (translated when shown)."""
    return message


def current_locale() -> str:
    """The locale the user interface is shown in, e.g. ``"de"`` or ``"en"``."""
    return _locale


def set_translations(translations: gettext.NullTranslations, locale: str) -> None:
    global _translations, _locale
    _translations = translations
    _locale = locale


def phone_region() -> str:
    """The default region for phone numbers without a country code ("DE"), or "" if unknown."""
    return _phone_region


def set_phone_region(region: str) -> None:
    global _phone_region
    _phone_region = region
