"""The prep card as text to keep: Markdown (export, ``companion prep``) and HTML (print, PDF).

Both render the same sections in the same order: the event (title, when, where, its link), the
openers per stage, what I can offer here, my intention, and who is likely there. Dates and
times are formatted by Babel in the user's locale and time zone.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import tzinfo

from companion.domain.folding import slugify
from companion.domain.openers import OPENER_STAGE_LABELS
from companion.domain.profile import OFFER_KIND_LABELS
from companion.i18n import _
from companion.i18n.formats import format_date, format_time, local_timezone
from companion.services.prepare.prepare import PrepCard

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


@dataclass(frozen=True, slots=True)
class _Section:
    heading: str
    items: list[str]
    empty: str = ""
    #: Said under the items (why they are there).
    note: str = ""


def when_text(card: PrepCard, *, tz: tzinfo | None = None, locale: str | None = None) -> str:
    """The day, the start and the end (when there is one) in the user's locale."""
    event = card.event
    if event.all_day:
        first = format_date(event.first_day, width="full", locale=locale)
        if event.last_day == event.first_day:
            return _("{day}, all day").format(day=first)
        last = format_date(event.last_day, width="full", locale=locale)
        return _("{first} – {last}, all day").format(first=first, last=last)
    zone = tz or local_timezone()
    start = event.start.astimezone(zone)
    text = _("{day}, {time}").format(
        day=format_date(start.date(), width="full", locale=locale),
        time=format_time(event.start, tz=zone, locale=locale),
    )
    if event.end is None:
        return text
    end = event.end.astimezone(zone)
    if end.date() == start.date():
        return f"{text} – {format_time(event.end, tz=zone, locale=locale)}"
    until = _("{day}, {time}").format(
        day=format_date(end.date(), width="full", locale=locale),
        time=format_time(event.end, tz=zone, locale=locale),
    )
    return f"{text} – {until}"


def where_text(card: PrepCard) -> str:
    event = card.event
    if event.venue:
        return event.venue
    return _("Online") if event.online else ""


def _sections(card: PrepCard) -> list[_Section]:
    openers = [
        f"{_(OPENER_STAGE_LABELS[slot.stage])}: {slot.opener.text}"
        for slot in card.slots
        if slot.opener is not None
    ]
    offers = [f"{_(OFFER_KIND_LABELS[offer.kind])}: {offer.text}" for offer in card.offers]
    offers += list(card.offer_notes)
    people = [f"{each.person.name} — {each.reason}" for each in card.likely_there]
    no_match = (
        _("None of your offers is about this event's interests, so all of them are listed.")
        if card.offers and not card.offers_match
        else ""
    )
    return [
        _Section(_("Openers"), openers, _("No openers yet.")),
        _Section(_("What I can offer here"), offers, _("Nothing noted yet."), no_match),
        _Section(_("Intention"), [card.intention] if card.intention else [], _("None set.")),
        _Section(_("Likely there"), people, _("No one you know yet.")),
    ]


def _facts(card: PrepCard, *, tz: tzinfo | None, locale: str | None) -> list[tuple[str, str]]:
    """(name, value) of the event's facts that are known: when, where, group, interests."""
    event = card.event
    interests = ", ".join(card.interest_labels.get(slug, slug) for slug in event.interests)
    facts = [
        (_("When"), when_text(card, tz=tz, locale=locale)),
        (_("Where"), where_text(card)),
        (_("Group"), event.organizer),
        (_("About"), interests),
    ]
    return [(name, value) for name, value in facts if value]


def _escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def render_markdown(card: PrepCard, *, tz: tzinfo | None = None, locale: str | None = None) -> str:
    """The card as Markdown: a title, the event's facts, then one section per part."""
    event = card.event
    lines = [f"# {_escape_markdown(event.title)}", ""]
    lines += [
        f"- **{name}:** {_escape_markdown(value)}"
        for name, value in _facts(card, tz=tz, locale=locale)
    ]
    if event.url:
        lines.append(f"- <{event.url}>")
    for section in _sections(card):
        lines += ["", f"## {_escape_markdown(section.heading)}", ""]
        if section.items:
            lines += [f"- {_escape_markdown(item)}" for item in section.items]
        else:
            lines.append(f"_{_escape_markdown(section.empty)}_")
        if section.note:
            lines += ["", f"_{_escape_markdown(section.note)}_"]
    return "\n".join(lines) + "\n"


def render_html(card: PrepCard, *, tz: tzinfo | None = None, locale: str | None = None) -> str:
    """The card as simple HTML (the subset ``QTextDocument`` renders) for printing and PDF."""
    event = card.event
    esc = html.escape
    facts = _facts(card, tz=tz, locale=locale)
    parts = [
        "<html><body>",
        f"<h1>{esc(event.title)}</h1>",
        "<table cellpadding='2'>",
        *(f"<tr><td><b>{esc(name)}</b></td><td>{esc(value)}</td></tr>" for name, value in facts),
        *_link_row(event.url),
        "</table>",
    ]
    parts.append("<h2>" + esc(_("Openers")) + "</h2>")
    if card.openers:
        parts.append("<table cellpadding='3'>")
        for slot in card.slots:
            if slot.opener is not None:
                label = esc(_(OPENER_STAGE_LABELS[slot.stage]))
                parts.append(
                    f"<tr><td width='30%'><b>{label}</b></td><td>{esc(slot.opener.text)}</td></tr>"
                )
        parts.append("</table>")
    else:
        parts.append("<p><i>" + esc(_("No openers yet.")) + "</i></p>")
    for section in _sections(card)[1:]:
        parts.append(f"<h2>{esc(section.heading)}</h2>")
        if section.items:
            parts.append(
                "<ul>" + "".join(f"<li>{esc(item)}</li>" for item in section.items) + "</ul>"
            )
        else:
            parts.append(f"<p><i>{esc(section.empty)}</i></p>")
        if section.note:
            parts.append(f"<p><i>{esc(section.note)}</i></p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _link_row(url: str) -> list[str]:
    """The event's web address as a table row (a link only for http and https)."""
    if not url:
        return []
    shown = html.escape(url)
    value = f"<a href='{shown}'>{shown}</a>" if url.startswith(("https://", "http://")) else shown
    label = html.escape(_("Link"))  # outside the f-string, where the extractor sees it
    return [f"<tr><td><b>{label}</b></td><td>{value}</td></tr>"]


def card_file_name(card: PrepCard, extension: str) -> str:
    """A file name to suggest when saving: "prep-2026-06-12-game-night.md"."""
    day = card.event.start.date().isoformat()
    words = slugify(card.event.title)[:40].strip("-") or "event"
    return f"prep-{day}-{words}.{extension}"
