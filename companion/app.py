"""Composition root: builds the store, the services and the window, and runs Qt."""

from __future__ import annotations

import argparse
from pathlib import Path


def run_app(options: argparse.Namespace, *, data_dir: Path, locale_requested: str | None) -> int:
    raise NotImplementedError
