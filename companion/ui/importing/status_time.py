"""How long the status bar shows the outcome of an import, export or restore.

A module of its own so that Restore (built with the window) need not import the import and
export machinery (every format's reader and writer) to know it.
"""

STATUS_TIMEOUT_MS = 15_000
