"""Kill a writer with SIGKILL at random moments and check every acknowledged write survived."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from companion.storage.encryption import AesGcmCipher, new_data_key, new_key_id
from companion.storage.store import Store

WRITER = Path(__file__).with_name("crash_writer.py")
REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass
class CrashReport:
    rounds: int
    acknowledged: int
    lost: list[str]
    unopenable: list[str]
    #: Opened only by recovering from a damaged journal: a kill must never cause that.
    damaged: list[str]


def run_rounds(
    folder: Path,
    rounds: int,
    *,
    cipher_key: tuple[bytes, bytes] | None = None,
    seed: int = 1,
    max_delay: float = 0.08,
) -> CrashReport:
    """``rounds`` writer processes, each killed after a random 0..``max_delay`` seconds."""
    rng = random.Random(seed)
    key, key_id = cipher_key or (new_data_key(), new_key_id())
    cipher = AesGcmCipher(key, key_id)
    acknowledged: list[str] = []
    lost: list[str] = []
    unopenable: list[str] = []
    damaged: list[str] = []
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    for round_number in range(rounds):
        child = subprocess.Popen(
            [sys.executable, str(WRITER), str(folder), key.hex(), key_id.hex(), f"r{round_number}"],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0, max_delay))
        child.send_signal(signal.SIGKILL)
        output, _ = child.communicate()
        acknowledged.extend(line for line in output.splitlines() if line and line != "ready")
        try:
            with Store.open(folder, cipher=cipher, read_only=True) as store:
                present = {person.id for person in store.people}
                if store.recovery is not None:
                    damaged.append(f"round {round_number}: {store.recovery.message}")
        except Exception as error:
            unopenable.append(f"round {round_number}: {error}")
            continue
        lost.extend(f"round {round_number}: {item}" for item in acknowledged if item not in present)
    return CrashReport(rounds, len(acknowledged), lost, unopenable, damaged)
