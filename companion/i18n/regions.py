"""Which country a phone number without a country code belongs to.

"0170 1234567" is a German mobile only for someone in Germany. The region comes from the
``phone_region`` setting, else from the territory of the user's locale ("de_AT" → AT; a bare
"de" → DE through CLDR's likely subtags). The CLI and the window set it once at start
(``set_phone_region``); matching reads it with ``phone_region`` (plain Python, no Babel, so
the domain layer may ask too; it lives in ``translate`` beside the active language).
"""

from __future__ import annotations

import os

from companion.i18n.translate import phone_region, set_phone_region

__all__ = ["environment_locale", "phone_region", "region_for", "set_phone_region"]


def environment_locale() -> str:
    """The POSIX locale that says where phone numbers are from (``LC_TELEPHONE`` exists for
    exactly that), for runs without Qt; "" when none is set."""
    for variable in ("LC_ALL", "LC_TELEPHONE", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return value
    return ""


def region_for(setting: str, locale_tag: str) -> str:
    """The region to use: ``setting`` if it names one, else the locale's territory, else ""."""
    # Babel's list of territories, not phonenumbers': the window calls this at start, and
    # phonenumbers costs ~40 ms to import, which only matching needs.
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    # CLDR's territories from its global data (loaded anyway for the likely subtags below),
    # not from a locale's names for them: reading those loaded all of English's locale data
    # (~16 ms at every start, wasted for anyone not using English). Every region
    # phonenumbers knows is among them.
    supported = {
        code
        for code in get_global("territory_languages")
        if len(code) == 2 and code.isalpha() and code != "ZZ"
    }
    if setting.strip().upper() in supported:
        return setting.strip().upper()
    code = locale_tag.replace("-", "_").split(".")[0].split("@")[0]
    if not code or code in {"C", "POSIX"}:
        return ""
    try:
        locale = Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return ""
    territory = locale.territory
    if not territory:
        likely = get_global("likely_subtags").get(locale.language, "")
        territory = likely.split("_")[-1] if likely.count("_") >= 1 else ""
    return territory if territory in supported else ""
