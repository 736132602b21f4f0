"""The ``companion`` command: the window, and the same services from a terminal.

Exit statuses: 0 success, 1 the operation could not run (for example the store is locked),
2 bad input (unreadable file, damaged store, wrong arguments). Never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from companion import APP_NAME, __version__, paths
from companion.i18n import _
from companion.i18n.languages import activate, negotiate, preferences_from_environment
from companion.services.backup import export_backup, export_empty_backup
from companion.services.errors import ImportFailed
from companion.services.importing import import_file
from companion.storage.atomic import atomic_write_bytes
from companion.storage.errors import StoreCorruptError, StoreError, StoreTooNewError
from companion.storage.store import Store

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXPORT_FORMATS = ("json",)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="companion",
        description=_(
            "{app}: meet people through shared interests, give first, keep your word."
        ).format(app=APP_NAME),
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--data-dir", metavar=_("DIR"),
        help=_("where your data lives (default: $COMPANION_DATA_DIR or {folder})").format(
            folder=paths.default_data_dir()),
    )
    parser.add_argument("--locale", metavar=_("LOCALE"),
                        help=_("language of the app, e.g. en or de (default: the system's)"))
    parser.add_argument("--background", action="store_true",
                        help=_("start hidden in the system tray (used when starting at login)"))
    parser.add_argument("--smoke-test", action="store_true",
                        help=_("start the window, save and read a record, then quit (for checks)"))
    # For benchmarks: exit as soon as the main window has been shown and painted.
    parser.add_argument("--quit-when-shown", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"))

    import_command = commands.add_parser(
        "import", help=_("import backups (.json), events (.ics) or people (.vcf, .csv)"))
    import_command.add_argument("files", nargs="+", metavar=_("FILE"), type=Path)

    export_command = commands.add_parser("export", help=_("write your data to a file"))
    export_command.add_argument("--format", required=True, choices=EXPORT_FORMATS,
                                help=_("json is the complete backup that import restores"))
    export_command.add_argument("-o", "--output", metavar=_("FILE"), type=Path,
                                help=_("write here instead of standard output"))
    return parser


def _chosen_locale(argv: Sequence[str]) -> str | None:
    """``--locale`` is needed before the parser is built, for its translated help."""
    for index, argument in enumerate(argv):
        if argument == "--locale" and index + 1 < len(argv):
            return argv[index + 1]
        if argument.startswith("--locale="):
            return argument.split("=", 1)[1]
    return None


def _print_error(message: str) -> None:
    print(f"companion: {message}", file=sys.stderr)


def _run_import(data_dir: Path, files: list[Path]) -> int:
    with Store.open(data_dir) as store:
        summaries = []
        try:
            with store.batch():
                for file in files:
                    summaries.append((file, import_file(store, file)))
        except ImportFailed as error:
            _print_error(str(error))
            return EXIT_BAD_INPUT
    for file, summary in summaries:
        print(_("{file}: {added} added, {updated} updated, {skipped} skipped as duplicates").format(
            file=file, added=summary.added, updated=summary.updated, skipped=summary.skipped))
    return EXIT_OK


def _run_export(data_dir: Path, output: Path | None) -> int:
    if not paths.store_file(data_dir).exists():
        # Exporting an empty store must not create one as a side effect.
        payload = export_empty_backup()
    else:
        with Store.open(data_dir, read_only=True) as store:
            payload = export_backup(store)
    if output is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return EXIT_OK
    try:
        atomic_write_bytes(output, payload)
    except OSError as error:
        _print_error(_("cannot write {file}: {reason}").format(
            file=output, reason=error.strerror or error))
        return EXIT_FAILED
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    requested = _chosen_locale(arguments)
    activate(negotiate([requested]) if requested else negotiate(preferences_from_environment()))
    parser = build_parser()
    options = parser.parse_args(arguments)
    data_dir = paths.data_dir(options.data_dir)
    try:
        if options.command == "import":
            return _run_import(data_dir, options.files)
        if options.command == "export":
            return _run_export(data_dir, options.output)
        from companion.app import run_app

        return run_app(options, data_dir=data_dir, locale_requested=requested)
    except (StoreCorruptError, StoreTooNewError) as error:
        _print_error(str(error))
        return EXIT_BAD_INPUT
    except StoreError as error:
        _print_error(str(error))
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - the last line of defence: never a traceback
        _print_error(_("unexpected problem: {error}").format(error=error))
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
