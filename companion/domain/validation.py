"""Small checks shared by the records, each raising a clear, translated message."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from companion.domain.errors import ValidationError
from companion.i18n import _

MAX_NAME_LENGTH = 200
MAX_TEXT_LENGTH = 100_000


def require_text(value: str, *, field: str, message: str) -> str:
    """Strip ``value`` and refuse it when nothing is left."""
    cleaned = value.strip()
    if not cleaned:
        raise ValidationError(message, field=field)
    return cleaned


def limit_length(value: str, *, field: str, maximum: int) -> str:
    if len(value) > maximum:
        raise ValidationError(
            _("This text is too long ({length} characters; at most {maximum}).").format(
                length=len(value), maximum=maximum
            ),
            field=field,
        )
    return value


def require_aware(value: datetime, *, field: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(_("A time needs a time zone."), field=field)
    return value


def check_url(value: str, *, field: str) -> str:
    """Accept an empty string or an http(s) address with a host."""
    cleaned = value.strip()
    if not cleaned:
        return ""
    parts = urlsplit(cleaned)
    if parts.scheme not in {"http", "https"} or not parts.netloc or " " in cleaned:
        raise ValidationError(
            _("“{url}” is not a web address (it should start with https://).").format(url=cleaned),
            field=field,
        )
    return cleaned


def clean_tuple(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Strip entries, drop empty ones and repeats, keep the order."""
    seen: dict[str, None] = {}
    for value in values:
        stripped = value.strip()
        if stripped:
            seen.setdefault(stripped, None)
    return tuple(seen)
