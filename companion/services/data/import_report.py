"""What an import and a merge say in words: the lines the terminal and the window show."""

from __future__ import annotations

from pathlib import Path

from companion.domain.merge_records import MergeRecord
from companion.i18n import _, ngettext
from companion.i18n.formats import format_datetime
from companion.services.data.backup import ImportSummary
from companion.services.people.people_import import PeopleImportSummary

__all__ = ["merge_line", "summary_line", "summary_lines"]


def summary_line(file: Path | str, summary: ImportSummary) -> str:
    """One line per file: how many were added, merged, updated and skipped."""
    if isinstance(summary, PeopleImportSummary):
        return _(
            "{file}: {added} added, {merged} merged, {updated} updated, "
            "{skipped} skipped as duplicates"
        ).format(
            file=file,
            added=summary.added,
            merged=summary.merged,
            updated=summary.updated,
            skipped=summary.skipped,
        )
    return _("{file}: {added} added, {updated} updated, {skipped} skipped as duplicates").format(
        file=file, added=summary.added, updated=summary.updated, skipped=summary.skipped
    )


#: Merges and possible duplicates listed per file before the rest is only counted.
MAX_DETAIL_LINES = 20


def summary_lines(file: Path | str, summary: ImportSummary) -> list[str]:
    """The summary line, then one indented line per merge and per possible duplicate."""
    lines = [summary_line(file, summary)]
    if isinstance(summary, PeopleImportSummary):
        details = (*summary.merges, *summary.possible_duplicates)
        # A big file can have thousands; the duplicates dialog lists them all.
        lines.extend(f"  {line}" for line in details[:MAX_DETAIL_LINES])
        if len(details) > MAX_DETAIL_LINES:
            hidden = len(details) - MAX_DETAIL_LINES
            lines.append(
                "  "
                + ngettext(
                    "… and {count} more (Edit > Find Duplicate People… and companion merges)",
                    "… and {count} more (Edit > Find Duplicate People… and companion merges)",
                    hidden,
                ).format(count=hidden)
            )
    return lines


def merge_line(record: MergeRecord) -> str:
    """``companion merges``: id, date, who was merged into whom, why, and whether undone."""
    line = _("{id}  {date}  “{absorbed}” into “{survivor}” ({reason})").format(
        id=record.id,
        date=format_datetime(record.at),
        absorbed=record.absorbed.name,
        survivor=record.survivor_after.name,
        reason=record.reason,
    )
    if record.undone_at is not None:
        line += "  " + _("undone {date}").format(date=format_datetime(record.undone_at))
    return line
