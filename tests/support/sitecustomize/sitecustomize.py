"""Started by every Python subprocess of the test suite (the conftest puts this folder first on
``PYTHONPATH``): installs the network guard, which logs to ``COMPANION_NETWORK_LOG``.

It shadows the interpreter's own ``sitecustomize`` (Debian's only registers an apport hook).
"""

from tests.support.network_guard import install_from_environment

install_from_environment()
