"""Where the real corpora are: $STANDARDS_CORPORA, else downloaded with
../shared/corpora/fetch.py into bench/.corpora (cached, idempotent)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
FETCH = HERE.parent.parent / "shared" / "corpora" / "fetch.py"


def corpora_root() -> Path:
    env = os.environ.get("STANDARDS_CORPORA")
    return Path(env) if env else HERE / ".corpora"


def corpus_dir(name: str) -> Path:
    root = corpora_root()
    target = root / name
    if not target.is_dir():
        if not FETCH.exists():
            raise SystemExit(f"corpus {name} missing and {FETCH} not found")
        subprocess.run([sys.executable, str(FETCH), str(root), name], check=True)
    return target
