"""Translation and locale-aware formatting.

``translate`` is plain ``gettext`` and safe to import from every layer; ``languages`` (locale
negotiation, catalogue loading) and ``formats`` (dates, numbers) use Babel.
"""

from companion.i18n.translate import N_, _, current_locale, ngettext

__all__ = ["N_", "_", "current_locale", "ngettext"]
