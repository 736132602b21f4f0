"""The layer rules of DESIGN.md, checked on the source so a slip fails the suite.

- Only ``companion/ui/`` and ``companion/app.py`` may import PySide6 (or shiboken6).
- ``companion/domain/`` imports no storage, keychain or locale library, and no outer layer.
- Inner layers never import the UI, the composition root or the command line.
- Only ``companion/paths.py`` knows where the home folder is.
- Nothing opens the network: no networking modules, and from ``QtNetwork`` only local sockets.

The checks read every module with ``ast`` (so an import inside a function counts too), and one
more imports the non-UI modules in a fresh interpreter to catch Qt arriving indirectly.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = REPO_ROOT / "companion"

QT_PACKAGES = frozenset({"PySide6", "shiboken6"})
DOMAIN_FORBIDDEN_LIBRARIES = frozenset({"tinydb", "keyring", "babel", "platformdirs", "orjson"})
OUTER_MODULES = (
    "companion.ui",
    "companion.app",
    "companion.cli",
    "companion.cli_commands",
    "companion.cli_feeds",
    "companion.cli_events",
    "companion.launcher",
    "companion.cli_sync",
    "companion.cli_forward",
)
DOMAIN_ALLOWED_COMPANION = ("companion.domain", "companion.i18n.translate")
NETWORK_MODULES = frozenset(
    {
        "socket",
        "ssl",
        "http.client",
        "http.server",
        "urllib.request",
        "ftplib",
        "smtplib",
        "poplib",
        "imaplib",
        "telnetlib",
        "xmlrpc.client",
        "niquests",
        # python-caldav: a CalDAV client that opens its own connections (companion/remote/ only).
        "caldav",
        "urllib3_future",
        "xmlrpc.server",
        "socketserver",
        "websockets",
    }
)
QT_NETWORK = "PySide6.QtNetwork"
# QLocalServer/QLocalSocket carry `companion capture` to the running instance over a Unix socket.
QT_NETWORK_ALLOWED_PREFIX = "QLocal"
# The Qt-free `companion capture` client: Python's socket module, for one Unix socket only
# (checked below: it names no other address family).
LOCAL_SOCKET_CLIENT = "companion.instance_client"
HOME_VARIABLE = "HOME"


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    tree: ast.Module

    @property
    def relative(self) -> str:
        return self.path.relative_to(REPO_ROOT).as_posix()

    def is_in(self, *prefixes: str) -> bool:
        return any(self.name == prefix or self.name.startswith(prefix + ".") for prefix in prefixes)


@dataclass(frozen=True)
class Import:
    """One imported module (and, for ``from X import a``, the imported name ``a``)."""

    module: str
    name: str | None
    line: int


@cache
def all_modules() -> tuple[Module, ...]:
    modules = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = path.relative_to(REPO_ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        modules.append(Module(name=name, path=path, tree=tree))
    assert modules, f"no modules found under {PACKAGE_DIR}"
    return tuple(modules)


def imports_of(module: Module) -> Iterator[Import]:
    """Every import in the module, relative ones resolved, wherever it stands."""
    package = module.name if module.path.name == "__init__.py" else module.name.rpartition(".")[0]
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(alias.name, None, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                yield Import(base, alias.name, node.lineno)
        elif isinstance(node, ast.Call) and _is_dynamic_import(node):
            argument = node.args[0]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                yield Import(argument.value, None, node.lineno)


def _is_dynamic_import(call: ast.Call) -> bool:
    function = call.func
    name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
    return name in {"import_module", "__import__"} and bool(call.args)


def _top(module_name: str) -> str:
    return module_name.split(".")[0]


def _within(module_name: str, *prefixes: str) -> bool:
    return any(module_name == prefix or module_name.startswith(prefix + ".") for prefix in prefixes)


def _report(offences: list[str], rule: str) -> str:
    return f"{rule}:\n  " + "\n  ".join(offences)


def _is_ui(module: Module) -> bool:
    return module.is_in("companion.ui", "companion.app")


def test_only_the_ui_and_the_composition_root_import_qt() -> None:
    # Given every module outside companion/ui/ and companion/app.py
    offences = [
        f"{module.relative}:{found.line} imports {found.module}"
        for module in all_modules()
        if not _is_ui(module)
        for found in imports_of(module)
        if _top(found.module) in QT_PACKAGES
    ]
    # Then none of them imports Qt
    assert not offences, _report(
        offences, "Only companion/ui/ and companion/app.py may import PySide6 or shiboken6"
    )


def test_importing_the_non_ui_modules_loads_no_qt() -> None:
    # Given a fresh interpreter
    names = [module.name for module in all_modules() if not _is_ui(module)]
    code = (
        "import importlib, json, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{sorted(QT_PACKAGES)!r})))\n"
    )
    # When it imports every module outside the UI
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
    )
    # Then no Qt module came along indirectly
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == [], f"importing the non-UI modules loaded Qt: {loaded}"


def test_domain_imports_only_itself_and_the_plain_translator() -> None:
    # Given the modules of companion/domain/
    offences = []
    for module in all_modules():
        if not module.is_in("companion.domain"):
            continue
        for found in imports_of(module):
            target = found.module
            if _top(target) in DOMAIN_FORBIDDEN_LIBRARIES | QT_PACKAGES:
                offences.append(f"{module.relative}:{found.line} imports {target}")
            elif _top(target) == "companion" and not _domain_may_import(found):
                offences.append(f"{module.relative}:{found.line} imports {_full_name(found)}")
    # Then they import no library of an outer layer and no outer companion module
    assert not offences, _report(
        offences,
        "companion/domain/ may import only the standard library, companion.domain "
        "and companion.i18n (_, ngettext, N_); not tinydb, keyring, babel or other layers",
    )


def _full_name(found: Import) -> str:
    return f"{found.module}.{found.name}" if found.name else found.module


def _domain_may_import(found: Import) -> bool:
    if found.module == "companion.i18n":
        # The package itself re-exports the Babel-free translator only (checked below).
        return found.name is None or found.name in {"_", "N_", "ngettext", "current_locale"}
    return _within(found.module, *DOMAIN_ALLOWED_COMPANION) or (
        found.module == "companion" and found.name == "domain"
    )


def test_i18n_package_reexports_only_the_plain_translator() -> None:
    # Given companion/i18n/__init__.py, which every layer imports
    package = next(module for module in all_modules() if module.name == "companion.i18n")
    # Then it imports nothing but companion.i18n.translate (and __future__)
    offences = [
        f"{package.relative}:{found.line} imports {found.module}"
        for found in imports_of(package)
        if found.module not in {"companion.i18n.translate", "__future__"}
    ]
    assert not offences, _report(
        offences,
        "companion/i18n/__init__.py must stay free of Babel: import from "
        "companion.i18n.translate only (languages and formats are imported by their users)",
    )


def test_domain_stays_free_of_outer_libraries_at_run_time() -> None:
    # Given a fresh interpreter
    names = [module.name for module in all_modules() if module.is_in("companion.domain")]
    forbidden = sorted(DOMAIN_FORBIDDEN_LIBRARIES | QT_PACKAGES)
    code = (
        "import importlib, json, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {forbidden!r})))\n"
    )
    # When it imports the domain layer
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
    )
    # Then none of the outer libraries was loaded, directly or indirectly
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == [], f"importing companion.domain loaded: {loaded}"


def test_inner_layers_do_not_import_the_ui_or_the_command_line() -> None:
    # Given every module except the UI, the composition root and the command line
    offences = [
        f"{module.relative}:{found.line} imports {_full_name(found)}"
        for module in all_modules()
        if not module.is_in(*OUTER_MODULES)
        for found in imports_of(module)
        if _within(found.module, *OUTER_MODULES)
        or (
            found.module == "companion"
            and found.name
            in {"ui", "app", "cli", "cli_commands", "cli_feeds", "cli_sync", "cli_forward"}
        )
    ]
    # Then none of them depends on an outer layer
    assert not offences, _report(
        offences,
        "Layers depend inwards only: nothing outside companion/ui/, app.py and the "
        "command line may import them",
    )


#: The layers the command line sits on top of: none of them may reach back up into it.
BELOW_THE_COMMAND_LINE = (
    "companion.ui",
    "companion.services",
    "companion.storage",
    "companion.domain",
    "companion.interop",
    "companion.remote",
)
#: What the command line may take from ``companion/ui/``: only the Qt half of forwarding a
#: request to the running app (to move to a Qt-free module with #18's forwarding work).
CLI_MAY_IMPORT_FROM_UI = ("companion.ui.shell.single_instance",)


def _is_command_line(module_name: str) -> bool:
    parts = module_name.split(".")
    return len(parts) >= 2 and parts[0] == "companion" and parts[1].partition("_")[0] == "cli"


def _names_command_line(found: Import) -> bool:
    if _is_command_line(found.module):
        return True
    return found.module == "companion" and (
        found.name == "cli" or (found.name or "").startswith("cli_")
    )


def test_nothing_below_the_command_line_imports_it() -> None:
    # Given the window and every inner layer
    offences = [
        f"{module.relative}:{found.line} imports {_full_name(found)}"
        for module in all_modules()
        if module.is_in(*BELOW_THE_COMMAND_LINE)
        for found in imports_of(module)
        if _names_command_line(found)
    ]
    # Then none of them imports companion.cli or a companion.cli_* module: what both the
    # terminal and the window need lives in services (services/instance/forwarded.py)
    assert not offences, _report(
        offences,
        "The window and the inner layers never import the command line; move what both "
        "need into a Qt-free services module",
    )


def test_the_command_line_does_not_import_the_window() -> None:
    # Given the command line's modules
    offences = [
        f"{module.relative}:{found.line} imports {_full_name(found)}"
        for module in all_modules()
        if _is_command_line(module.name)
        for found in imports_of(module)
        if (
            _within(found.module, "companion.ui")
            and not _within(found.module, *CLI_MAY_IMPORT_FROM_UI)
        )
        or (found.module == "companion" and found.name == "ui")
    ]
    # Then none of them reaches into companion/ui/ (the prep card's PDF comes through the
    # composition root, app.py), but for the forwarding client
    assert not offences, _report(
        offences,
        "The command line does not import companion/ui/ (ask app.py, the composition root)",
    )


def test_only_paths_module_knows_the_home_folder() -> None:
    # Given every module except companion/paths.py
    offences = [
        f"{module.relative}:{line} {what}"
        for module in all_modules()
        if module.name != "companion.paths"
        for line, what in _home_lookups(module)
    ]
    # Then none finds the home folder or the platform folders on its own
    assert not offences, _report(
        offences,
        "Only companion/paths.py may locate the home folder or platform folders "
        "(Path.home(), os.path.expanduser, '~', $HOME, platformdirs); ask companion.paths",
    )


HOME_CALLS = frozenset(
    {
        "Path.home",
        "pathlib.Path.home",
        "os.path.expanduser",
        "path.expanduser",
        "posixpath.expanduser",
    }
)
ENVIRONMENT_READS = frozenset({"os.getenv", "os.environ.get"})


def _home_lookups(module: Module) -> Iterator[tuple[int, str]]:
    for found in imports_of(module):
        if _top(found.module) == "platformdirs":
            yield found.line, "imports platformdirs"
        if found.module in {"os.path", "posixpath"} and found.name == "expanduser":
            yield found.line, "imports os.path.expanduser"
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Call):
            yield from _home_call(node)
        elif _reads_home_by_subscript(node):
            yield getattr(node, "lineno", 0), f"reads ${HOME_VARIABLE}"


def _home_call(call: ast.Call) -> Iterator[tuple[int, str]]:
    dotted = ast.unparse(call.func)
    if dotted in HOME_CALLS:
        yield call.lineno, f"calls {dotted}()"
    elif dotted in ENVIRONMENT_READS and _first_is(call, HOME_VARIABLE):
        yield call.lineno, f"reads ${HOME_VARIABLE}"
    elif dotted in {"Path", "PurePath", "pathlib.Path"} and _first_starts_with_tilde(call):
        yield call.lineno, "builds a path from '~'"


def _reads_home_by_subscript(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Subscript)
        and ast.unparse(node.value) == "os.environ"
        and isinstance(node.slice, ast.Constant)
        and node.slice.value == HOME_VARIABLE
    )


def _first_is(call: ast.Call, value: str) -> bool:
    return (
        bool(call.args) and isinstance(call.args[0], ast.Constant) and call.args[0].value == value
    )


def _first_starts_with_tilde(call: ast.Call) -> bool:
    if not call.args or not isinstance(call.args[0], ast.Constant):
        return False
    value = call.args[0].value
    return isinstance(value, str) and value.startswith("~")


def _opens_network(found: Import) -> bool:
    full = _full_name(found)
    if any(_within(full, name) or _within(found.module, name) for name in NETWORK_MODULES):
        return True
    if found.module == "PySide6" and found.name == "QtNetwork":
        return True
    return _within(found.module, QT_NETWORK) and not (
        found.name and found.name.startswith(QT_NETWORK_ALLOWED_PREFIX)
    )


def test_only_the_remote_package_imports_networking() -> None:
    # Given every module of the app but companion/remote/ (feeds and sync, for hosts the user added)
    offences = [
        f"{module.relative}:{found.line} imports {_full_name(found)}"
        for module in all_modules()
        if not module.is_in("companion.remote")
        for found in imports_of(module)
        if _opens_network(found)
        and not (module.name == LOCAL_SOCKET_CLIENT and _full_name(found) == "socket")
    ]
    # Then none can open a network connection (the audit-hook guard cannot see Qt's C++ sockets)
    assert not offences, _report(
        offences,
        "Only companion/remote/ may open network connections: no networking modules "
        "elsewhere, and from PySide6.QtNetwork only QLocalServer/QLocalSocket",
    )


def test_only_services_call_the_remote_package() -> None:
    # Given every module outside companion/remote/ and companion/services/
    offences = [
        f"{module.relative}:{found.line} imports {_full_name(found)}"
        for module in all_modules()
        if not module.is_in("companion.remote", "companion.services")
        for found in imports_of(module)
        if _within(found.module, "companion.remote")
        or (found.module == "companion" and found.name == "remote")
    ]
    # Then the window and the command line reach the network only through a service
    assert not offences, _report(offences, "Only services call companion.remote")


def test_the_local_socket_client_uses_unix_sockets_only() -> None:
    # Given the one module allowed Python's socket module
    (client,) = [module for module in all_modules() if module.name == LOCAL_SOCKET_CLIENT]
    tree = ast.parse(client.path.read_text(encoding="utf-8"))
    families = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr.startswith("AF_")
    }
    # Then the only address family it names is AF_UNIX (a file on this computer)
    assert families == {"AF_UNIX"}


def test_the_checks_see_the_modules_they_are_about() -> None:
    # Given the module list the rules run over
    names = {module.name for module in all_modules()}
    # Then it holds the layers of DESIGN.md, so a rule cannot pass by looking at nothing
    for expected in (
        "companion.paths",
        "companion.cli",
        "companion.app",
        "companion.i18n",
        "companion.domain",
        "companion.storage",
        "companion.services",
    ):
        assert expected in names, f"{expected} not found under {PACKAGE_DIR}"
    assert any(module.is_in("companion.ui") for module in all_modules())


def _module_from_source(name: str, source: str) -> Module:
    path = REPO_ROOT / (name.replace(".", "/") + ".py")
    return Module(name=name, path=path, tree=ast.parse(source))


@pytest.mark.parametrize(
    "source",
    [
        "import PySide6.QtCore",
        "from PySide6.QtWidgets import QWidget",
        "def later():\n    from shiboken6 import isValid",
        "import importlib\nimportlib.import_module('PySide6.QtGui')",
    ],
)
def test_qt_import_detection_sees_every_form(source: str) -> None:
    # Given a storage module written in one of the ways Qt can be imported
    module = _module_from_source("companion.storage.example", source)
    # When its imports are read
    found = {_top(item.module) for item in imports_of(module)}
    # Then Qt is among them
    assert found & QT_PACKAGES


def test_relative_imports_are_resolved_against_the_package() -> None:
    # Given a domain module importing relatively
    module = _module_from_source("companion.domain.example", "from ..ui import window")
    # When its imports are read
    found = [_full_name(item) for item in imports_of(module)]
    # Then the absolute target is seen
    assert found == ["companion.ui.window"]


@pytest.mark.parametrize(
    "source",
    [
        "from pathlib import Path\nPath.home()",
        "import os\nos.path.expanduser('~/x')",
        "import os\nos.environ['HOME']",
        "import os\nos.getenv('HOME')",
        "from pathlib import Path\nPath('~/.config')",
        "import platformdirs",
    ],
)
def test_home_lookup_detection_sees_every_form(source: str) -> None:
    # Given a module that finds the home folder on its own
    module = _module_from_source("companion.services.example", source)
    # Then the check reports it
    assert list(_home_lookups(module))


@pytest.mark.parametrize(
    ("source", "opens"),
    [
        ("import socket", True),
        ("from urllib.request import urlopen", True),
        ("from urllib import request", True),
        ("from PySide6.QtNetwork import QTcpSocket", True),
        ("from PySide6 import QtNetwork", True),
        ("from PySide6.QtNetwork import QLocalServer, QLocalSocket", False),
        ("from urllib.parse import urlsplit", False),
    ],
)
def test_network_detection_allows_only_local_sockets(source: str, opens: bool) -> None:
    # Given a module with one kind of import
    module = _module_from_source("companion.ui.example", source)
    # Then only networking imports count
    assert any(_opens_network(item) for item in imports_of(module)) is opens


def test_no_test_measures_wall_clock_time() -> None:
    """Timings belong to ``make bench``: a busy CI machine must never fail a behaviour test."""
    # Given every test module (the harness's own waiting deadlines use time.monotonic, not this)
    clocks = ("perf_counter(", "perf_counter_ns(", "process_time(", "time.time()")
    offenders = [
        f"{path.relative_to(REPO_ROOT)}: {clock}"
        for path in sorted((REPO_ROOT / "tests").rglob("test_*.py"))
        if path != Path(__file__).resolve()
        for clock in clocks
        if clock in path.read_text(encoding="utf-8")
    ]
    # A deadline to wait for another process is fine; asserting on the clock is not.
    offenders += [
        f"{path.relative_to(REPO_ROOT)}:{number}: {line.strip()}"
        for path in sorted((REPO_ROOT / "tests").rglob("*.py"))
        if path != Path(__file__).resolve()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if line.strip().startswith("assert") and "monotonic()" in line
    ]
    # Then none of them times what it tests
    assert offenders == []


MAX_MODULES_PER_FOLDER = 30


def test_no_folder_has_more_than_thirty_modules_side_by_side() -> None:
    # Given every folder of the app and of the tests (feature packages, tests mirrored)
    crowded = {
        str(folder.relative_to(REPO_ROOT)): count
        for root in (PACKAGE_DIR, REPO_ROOT / "tests")
        for folder in [root, *(path for path in root.rglob("*") if path.is_dir())]
        if (count := len(list(folder.glob("*.py")))) > MAX_MODULES_PER_FOLDER
    }
    # Then a newcomer finds the features: no hallway of modules
    assert crowded == {}


def _top_level_imports(module: Module) -> Iterator[str]:
    """What a module imports when it loads (not inside functions or ``TYPE_CHECKING``)."""
    package = module.name if module.path.name == "__init__.py" else module.name.rpartition(".")[0]
    for node in module.tree.body:
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def test_no_import_circles_between_modules() -> None:
    # Given what each module of the app imports as it loads
    names = {module.name for module in all_modules()}
    graph = {
        module.name: {found for found in _top_level_imports(module) if found in names}
        - {module.name}
        for module in all_modules()
    }
    # When the graph is searched for circles (Tarjan's strongly connected components)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    # Then there is none: each module can be understood from the ones below it
    assert circles == []


#: Qt's dialog classes; a class deriving from one of them (or from such a class) is a dialog.
QT_DIALOGS = frozenset(
    {"QDialog", "QMessageBox", "QInputDialog", "QFileDialog", "QPrintDialog", "QProgressDialog"}
)
#: Dialogs shown without ``ChildDialog`` on purpose (module, class) → why.
SHOWN_ON_THEIR_OWN = {
    ("companion.ui.prepare.prepare_export", "QPrintDialog"): (
        "window-modal over its Prepare window and deleted when done: it cannot be asked twice"
    ),
    ("companion.ui.importing.calendar_import", "ImportPreviewDialog"): (
        "one per import run, owned and ended by that run"
    ),
    ("companion.ui.shell.waiting_for_writer", "QProgressDialog"): (
        "start-up's wait for a command-line writer, in its own event loop before the window works"
    ),
}


def _dialog_classes() -> frozenset[str]:
    ui = [module for module in all_modules() if _is_ui(module)]
    found = set(QT_DIALOGS)
    grew = True
    while grew:
        grew = False
        for module in ui:
            for node in ast.walk(module.tree):
                if isinstance(node, ast.ClassDef) and node.name not in found:
                    bases = {ast.unparse(base).rpartition(".")[2] for base in node.bases}
                    if bases & found:
                        found.add(node.name)
                        grew = True
    return frozenset(found)


def _dialogs_shown_directly(module: Module, dialogs: frozenset[str]) -> Iterator[tuple[int, str]]:
    """``x = SomeDialog(…)`` then ``x.show()`` or ``x.open()`` anywhere in the module."""
    made: dict[str, str] = {}
    for node in ast.walk(module.tree):
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        if isinstance(value, ast.Call):
            made_class = ast.unparse(value.func).rpartition(".")[2]
            if made_class in dialogs:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                made.update((ast.unparse(target), made_class) for target in targets)
    for node in ast.walk(module.tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("show", "open")
            and not node.args
            and ast.unparse(node.func.value) in made
        ):
            yield node.lineno, made[ast.unparse(node.func.value)]


def test_dialogs_that_should_exist_once_are_opened_through_child_dialog() -> None:
    # Given every dialog class of the window and where each is shown
    dialogs = _dialog_classes()
    offences = [
        f"{module.relative}:{line} shows a {made_class} itself"
        for module in all_modules()
        if _is_ui(module)
        for line, made_class in _dialogs_shown_directly(module, dialogs)
        if (module.name, made_class) not in SHOWN_ON_THEIR_OWN
    ]
    # Then none is shown with .show() / .open() by hand: ChildDialog raises the open one
    # instead of stacking a second (modal=False for windows beside the main one)
    assert not offences, _report(offences, "open it with ChildDialog (ui/shell/child_dialog.py)")


def test_a_dialog_shown_by_hand_is_caught() -> None:
    # Given a new dialog class, made and shown directly
    module = _module_from_source(
        "companion.ui.example",
        "from PySide6.QtWidgets import QDialog\n"
        "class NotesDialog(QDialog):\n    pass\n"
        "class Page:\n"
        "    def open_notes(self):\n"
        "        self.notes = NotesDialog(self)\n"
        "        self.notes.show()\n",
    )
    # When the module is checked
    found = list(_dialogs_shown_directly(module, frozenset({*QT_DIALOGS, "NotesDialog"})))
    # Then the hand-made show is reported
    assert found == [(7, "NotesDialog")]


#: Past this many non-blank lines a module is doing more than one thing (STYLE.md: ~400).
MAX_MODULE_LINES = 400
#: Modules another change of issue 18 is splitting (remove the entry once it is done).
BEING_SPLIT: dict[str, str] = {}


def test_no_module_is_past_400_lines() -> None:
    # Given every module of the app, its lines counted without the blank ones (formatting
    # should not decide whether a module must be split)
    sizes = {
        module.relative: sum(
            1 for line in module.path.read_text("utf-8").splitlines() if line.strip()
        )
        for module in all_modules()
    }
    # Then none is past the limit: split it by responsibility, with names that say what
    too_long = [
        f"{path}: {lines} non-blank lines"
        for path, lines in sorted(sizes.items())
        if lines > MAX_MODULE_LINES and path not in BEING_SPLIT
    ]
    assert not too_long, _report(too_long, f"at most {MAX_MODULE_LINES} non-blank lines")


# --- One of each (issue 18): one folding of accents, one reader of written dates --------------

FOLDING_MODULE = "companion.domain.folding"
DATES_MODULE = "companion.i18n.written_dates"
#: Not a reader: it checks that a stored birthday has the form the readers write.
DATE_PATTERN_CHECKS = frozenset({"companion.domain.people"})
_DATE_REGEX_PARTS = ("\\d{4}", "\\d{2}", "\\d{1,2}")


def _calls(module: Module) -> Iterator[tuple[str, ast.Call]]:
    """Every call of the module with the dotted name it calls ("unicodedata.normalize")."""
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Call):
            yield ast.unparse(node.func), node


def accent_foldings(module: Module) -> list[str]:
    """Where ``module`` folds accents or letters on its own (NFKD/NFD, translation tables)."""
    found = []
    for name, call in _calls(module):
        first = call.args[0] if call.args else None
        decomposes = (
            name.endswith("normalize")
            and isinstance(first, ast.Constant)
            and first.value in {"NFKD", "NFD"}
        )
        spells = name.endswith("maketrans")
        drops = name.endswith("encode") and "ignore" in ast.unparse(call)
        if decomposes or spells or drops:
            found.append(f"{module.relative}:{call.lineno}: {ast.unparse(call)[:60]}")
    return found


def date_readers(module: Module) -> list[str]:
    """Where ``module`` reads a date from text on its own (``strptime``, a date pattern)."""
    found = []
    for name, call in _calls(module):
        first = call.args[0] if call.args else None
        pattern = first.value if isinstance(first, ast.Constant) else None
        if name.endswith("strptime") or (
            name.startswith("re.")
            and isinstance(pattern, str)
            and any(part in pattern for part in _DATE_REGEX_PARTS)
        ):
            found.append(f"{module.relative}:{call.lineno}: {ast.unparse(call)[:60]}")
    for node in ast.walk(module.tree):
        if isinstance(node, ast.ImportFrom | ast.Import) and "dateutil.parser" in ast.unparse(node):
            found.append(f"{module.relative}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_accents_are_folded_in_one_module() -> None:
    # Given every module but the one that folds text (search, names, keys, slugs use it)
    offenders = [
        place
        for module in all_modules()
        if module.name != FOLDING_MODULE
        for place in accent_foldings(module)
    ]
    # Then none decomposes or spells letters on its own: two foldings disagree (ð, ħ)
    assert offenders == [], "fold with companion.domain.folding.fold / slugify"


def test_dates_are_read_from_text_in_one_module() -> None:
    # Given every module but the one that reads written dates
    offenders = [
        place
        for module in all_modules()
        if module.name != DATES_MODULE and module.name not in DATE_PATTERN_CHECKS
        for place in date_readers(module)
    ]
    # Then none parses a date on its own (stored ISO dates are read with date.fromisoformat)
    assert offenders == [], "read dates with companion.i18n.written_dates"


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("import unicodedata\nunicodedata.normalize('NFKD', text)", "fold"),
        ("from unicodedata import normalize\nnormalize('NFD', text)", "fold"),
        ("TABLE = str.maketrans({'ø': 'o'})", "fold"),
        ("text.encode('ascii', 'ignore')", "fold"),
        ("datetime.strptime(text, '%d.%m.%Y')", "date"),
        ("import re\nre.compile(r'(\\d{1,2})\\.(\\d{1,2})\\.')", "date"),
        ("from dateutil.parser import parse", "date"),
        ("unicodedata.normalize('NFC', text)", ""),
        ("re.compile(r'\\d+')", ""),
    ],
)
def test_the_one_of_each_checks_see_every_form(source: str, kind: str) -> None:
    module = Module(name="probe", path=PACKAGE_DIR / "probe.py", tree=ast.parse(source))
    assert bool(accent_foldings(module)) == (kind == "fold")
    assert bool(date_readers(module)) == (kind == "date")
