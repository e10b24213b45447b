"""Writing output files so that a failure never leaves a half-written one."""

from __future__ import annotations

import os
import uuid
from pathlib import Path


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write under a temporary name in the same folder, then rename into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
