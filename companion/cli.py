"""The ``companion`` command: the window, and the same services from a terminal.

Exit statuses: 0 success, 1 the operation could not run (for example the store is locked),
2 bad input (unreadable file, damaged store, wrong arguments). Never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from companion import APP_NAME, __version__, paths
from companion.i18n import _
from companion.i18n.languages import activate, negotiate, preferences_from_environment

if TYPE_CHECKING:
    from companion.services.instance.instance_messages import Reply

#: Exit status for wrong arguments (``instance_messages.EXIT_BAD_INPUT``: the one rule for
#: every answer, imported only with the commands).
EXIT_BAD_INPUT = 2

VCARD_VERSIONS = ("4.0", "3.0")
PREP_FORMATS = ("md", "pdf")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message}\n")


class _NotTheWindow(Exception):
    """The arguments are not the window's options alone: the full parser reads them."""


class _WindowParser(_Parser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _NotTheWindow(message)


def _window_options(arguments: Sequence[str]) -> argparse.Namespace | None:
    """The options, when ``arguments`` start the window (no command, no help, no mistake).

    Most starts are the window's: those skip the commands' parser, whose formats, feeds and
    sync choices import modules the window only needs later, if at all (about 25 ms)."""
    if any(argument in {"-h", "--help"} for argument in arguments):
        return None
    parser = _WindowParser(prog="companion", add_help=False)
    _add_options(parser, helped=False)
    try:
        options, rest = parser.parse_known_args(arguments)
    except _NotTheWindow:
        return None
    if rest:
        return None
    options.command = None
    return options


def build_parser() -> argparse.ArgumentParser:
    from companion.cli_feeds import add_feeds_parser
    from companion.cli_sync import add_sync_parser
    from companion.services.data import formats

    parser = _Parser(
        prog="companion",
        description=_(
            "{app}: meet people through shared interests, give first, keep your word."
        ).format(app=APP_NAME),
    )
    _add_options(parser, helped=True)
    subcommands = parser.add_subparsers(dest="command", metavar=_("COMMAND"))

    import_command = subcommands.add_parser(
        "import",
        help=_(
            "import any of these files, recognised by their content: {kinds}; all or none"
        ).format(kinds=formats.import_help_kinds()),
    )
    import_command.add_argument("files", nargs="+", metavar=_("FILE"), type=Path)

    export_command = subcommands.add_parser("export", help=_("write your data to a file"))
    export_command.add_argument(
        "--format",
        required=True,
        choices=formats.export_names(),
        help=formats.export_help(),
    )
    export_command.add_argument(
        "--vcard-version",
        choices=VCARD_VERSIONS,
        default="4.0",
        help=_("vCard version for vcf (3.0 for older phones; default: 4.0)"),
    )
    export_command.add_argument(
        "--bom",
        action="store_true",
        help=_("start a csv with a byte order mark, so Excel reads it as UTF-8"),
    )
    _add_output_argument(export_command)

    subcommands.add_parser(
        "capture",
        help=_("note who you just met, in the running app (or start it); bind it to a key"),
    )

    backup_command = subcommands.add_parser(
        "backup", help=_("list or restore the automatic backups")
    )
    backup_actions = backup_command.add_subparsers(
        dest="backup_action", metavar=_("ACTION"), required=True
    )
    backup_actions.add_parser("list", help=_("show the backups with their date and contents"))
    restore_command = backup_actions.add_parser(
        "restore", help=_("put a backup in place of the current data (which is backed up first)")
    )
    restore_command.add_argument("backup_id", metavar=_("ID"))

    merges_command = subcommands.add_parser(
        "merges",
        help=_("list the merges of two people, newest first; --undo ID takes one back"),
    )
    merges_command.add_argument(
        "--undo",
        metavar=_("ID"),
        help=_("undo this merge: both people as they were, keeping later edits"),
    )

    prep_command = subcommands.add_parser(
        "prep",
        help=_("print the prep card of an event (openers, offers, intention, who may be there)"),
    )
    prep_command.add_argument(
        "event_id",
        nargs="?",
        metavar=_("EVENT"),
        help=_(
            "the event: its id (see companion events) or a piece of its title that only it "
            "has (default: the next upcoming one)"
        ),
    )
    prep_command.add_argument(
        "--format",
        choices=PREP_FORMATS,
        default="md",
        help=_(
            "md (Markdown, the default) or pdf (A4); pdf goes to standard output only when "
            "that is not a terminal"
        ),
    )
    _add_output_argument(prep_command)
    add_feeds_parser(subcommands)

    events_command = subcommands.add_parser(
        "events", help=_("list your events with their ids and dates")
    )
    events_command.add_argument(
        "--upcoming", action="store_true", help=_("only events that are not over yet")
    )
    add_sync_parser(subcommands)
    return parser


def _add_options(parser: argparse.ArgumentParser, *, helped: bool) -> None:
    """The options before any command: the window's, and every command's; their help only
    where it can be printed (``helped``: the default data folder is looked up for it)."""
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar=_("DIR"),
        help=_("where your data lives (default: $COMPANION_DATA_DIR or {folder})").format(
            folder=paths.default_data_dir()
        )
        if helped
        else None,
    )
    parser.add_argument(
        "--locale",
        metavar=_("LOCALE"),
        help=_("language of the app, e.g. en or de (default: the system's)"),
    )
    parser.add_argument(
        "--background",
        action="store_true",
        help=_("start hidden in the system tray (used when starting at login)"),
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help=_("start the window, save and read a record, then quit (for checks)"),
    )
    # For benchmarks: exit as soon as the main window has been shown and painted.
    parser.add_argument("--quit-when-shown", action="store_true", help=argparse.SUPPRESS)
    # For benchmarks: exit once the data is loaded and shown in the window.
    parser.add_argument("--quit-when-ready", action="store_true", help=argparse.SUPPRESS)
    # For benchmarks: exit once idle work is done too (Ctrl+K's index, the daily backup).
    parser.add_argument("--quit-when-settled", action="store_true", help=argparse.SUPPRESS)
    # For benchmarks: show every page once after the data is shown, then quit once settled.
    parser.add_argument("--quit-when-toured", action="store_true", help=argparse.SUPPRESS)


def _add_output_argument(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "-o",
        "--output",
        metavar=_("FILE"),
        type=Path,
        help=_("write here instead of standard output"),
    )


def _chosen_locale(argv: Sequence[str]) -> str | None:
    """``--locale`` is needed before the parser is built, for its translated help."""
    for index, argument in enumerate(argv):
        if argument == "--locale" and index + 1 < len(argv):
            return argv[index + 1]
        if argument.startswith("--locale="):
            return argument.split("=", 1)[1]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    try:
        status = _main(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`companion backup list | head -1`): what it wanted, it got.
        # Standard output goes nowhere from now on, so the flush at exit stays quiet too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 0
    return status


def _main(argv: Sequence[str] | None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    requested = _chosen_locale(arguments)
    activate(negotiate([requested]) if requested else negotiate(preferences_from_environment()))
    options = _window_options(arguments)
    if options is None:
        from companion.cli_sync import sync_arguments

        options = build_parser().parse_args(sync_arguments(arguments))
    data_dir = paths.data_dir(options.data_dir)
    # The commands pull in storage and services; the window imports them only after its first
    # paint (see app.py), so they are not imported here for it.
    if options.command is None:
        if not (options.smoke_test or options.quit_when_shown):
            # Before Qt: a forked child reads the data key meanwhile (Linux; see the module).
            from companion.storage import keychain_prefetch

            keychain_prefetch.start(data_dir)
        from companion.app import run_app

        try:
            return run_app(options, data_dir=data_dir, locale_requested=requested)
        except KeyboardInterrupt:
            return 130
        except BrokenPipeError:
            raise
        except Exception as error:
            from companion import cli_commands as commands

            return commands.print_reply(commands.failure_reply(error, data_dir))
    from companion import cli_commands as commands

    try:
        if options.command == "import":
            from companion.services.data.importing import check_import_path

            # Missing files, FIFOs and devices are refused at once: before a passphrase is
            # asked and a big store opened, or the running app finishes what it is busy with.
            for path in options.files:
                check_import_path(path)
        if options.command in {"import", "export", "feeds"} or (
            options.command == "merges" and options.undo is not None
        ):
            forwarded = _forwarded(data_dir, options)
            if forwarded is not None:
                return commands.print_reply(forwarded)
        if options.command == "import":
            return commands.run_import(data_dir, options.files)
        if options.command == "export":
            return commands.run_export(
                data_dir,
                options.output,
                export_format=options.format,
                vcard_version=options.vcard_version,
                bom=options.bom,
            )
        if options.command == "feeds":
            from companion.cli_feeds import run_feeds

            return run_feeds(data_dir, options)
        if options.command == "sync":
            from companion.cli_sync import run_sync

            return run_sync(data_dir, options)
        if options.command == "merges":
            return commands.run_merges(data_dir, options.undo)
        if options.command == "backup" and options.backup_action == "list":
            return commands.run_backup_list(data_dir)
        if options.command == "prep":
            return commands.run_prep(
                data_dir, options.event_id, output_format=options.format, output=options.output
            )
        if options.command == "events":
            from companion.cli_events import run_events

            return run_events(data_dir, upcoming=options.upcoming)
        if options.command == "backup":
            return commands.run_backup_restore(data_dir, options.backup_id)
        from companion.app import run_app

        return run_app(options, data_dir=data_dir, locale_requested=requested)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        raise
    except Exception as error:
        return commands.print_reply(commands.failure_reply(error, data_dir))


def _forwarded(data_dir: Path, options: argparse.Namespace) -> Reply | None:
    """Let the running app carry out ``import``/``export``/``merges --undo``: it alone may
    write the store.

    ``None`` when no app runs on ``data_dir``; then this process does the work itself.
    """
    from companion.services.instance.instance_messages import (
        Command,
        Request,
        instance_lock_file,
    )

    if not instance_lock_file(data_dir).exists():
        return None
    # Qt (QtNetwork's local socket) is loaded only when an app may be running: plain terminal
    # use stays quick and Qt-free.
    from companion.cli_forward import forward_until_answered

    if options.command == "import":
        request = Request(
            command=Command.IMPORT, paths=tuple(path.absolute() for path in options.files)
        )
    elif options.command == "feeds":
        request = Request(
            command=Command.FEEDS,
            feeds_action=options.feeds_action,
            url=getattr(options, "url", ""),
            name=getattr(options, "name", "") or "",
        )
    elif options.command == "merges":
        request = Request(command=Command.UNDO_MERGE, merge_id=options.undo)
    else:
        output = options.output.absolute() if options.output is not None else None
        request = Request(
            command=Command.EXPORT,
            format=options.format,
            output=output,
            vcard_version=options.vcard_version,
            bom=options.bom,
        )
    return forward_until_answered(data_dir, request)


if __name__ == "__main__":
    sys.exit(main())
