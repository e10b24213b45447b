"""Our exports read by software we did not write (registry packages, run as checkers):
``pyrefiqda`` (a Pydantic model of the schema) and the ``qc`` command of
``qualitative-coding`` (AGPL, so run as an external program from its own virtual environment,
``.venv-qc``, which ``make install`` builds)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from condense.exchange.refi import PROJECT_NS

REPO = Path(__file__).resolve().parents[2]


def _codes_and_coders(qdpx: Path):
    root = ET.fromstring(zipfile.ZipFile(qdpx).read("project.qde"))
    ns = f"{{{PROJECT_NS}}}"
    codes = {c.get("guid"): c.get("name") for c in root.iter(f"{ns}Code")}
    users = {u.get("guid"): u.get("name") for u in root.iter(f"{ns}User")}
    pairs = {(users[c.get("creatingUser")], codes[c.find(f"{ns}CodeRef").get("targetGUID")])
             for c in root.iter(f"{ns}Coding")}
    return codes, pairs


def test_pyrefiqda_loads_our_project_and_codebook(coded_project, tmp_path):
    pyrefiqda = pytest.importorskip("pyrefiqda")
    qdpx = coded_project.export_qdpx(tmp_path / "p.qdpx")
    qdc = coded_project.export_qdc(tmp_path / "p.qdc")
    model = pyrefiqda.RefiProject.load(qdpx, extract_dir=str(tmp_path / "extracted"))
    docs = {d.name: d for d in coded_project.documents()}
    units = [u for u in coded_project.analysis()["units"] if u["relevant"]]
    assert sorted(s.name for s in model.sources.text_source) == sorted(docs)
    n = 0
    for src in model.sources.text_source:
        text = pyrefiqda.RefiProject.resolve_source_path(src.plain_text_path, tmp_path / "extracted") \
            .read_text(encoding="utf-8")
        assert text == docs[src.name].text
        for sel in src.plain_text_selection:
            assert text[sel.start_position:sel.end_position] == next(u["text"] for u in units if u["id"] == sel.name)
            n += 1
    assert n == len(units)
    assert len(model.notes.note) >= 3 and len(model.cases.case) == 3
    book = pyrefiqda.RefiCodebook.load(qdc)
    a = coded_project.analysis()
    top = [c.name for c in book.codes.code]
    assert top[:len(a["categories"])] == [c["label"] for c in a["categories"]]


def _qc() -> str | None:
    for candidate in (REPO / ".venv-qc" / "bin" / "qc", Path(sys.prefix) / "bin" / "qc"):
        if candidate.is_file():
            return str(candidate)
    return shutil.which("qc")


def test_qualitative_coding_imports_our_project(coded_project, tmp_path):
    qc = _qc()
    if qc is None:
        pytest.skip("the qc command (qualitative-coding) is not installed; 'make install' builds .venv-qc")
    qdpx = coded_project.export_qdpx(tmp_path / "p.qdpx")
    work = tmp_path / "qc"
    work.mkdir()
    env = {**os.environ, "PYTHONBREAKPOINT": "0"}  # its release has a stray breakpoint()
    done = subprocess.run([qc, "init", "--import", str(qdpx)], cwd=work, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    docs = {d.name: d.text for d in coded_project.documents()}
    assert {p.name: p.read_text(encoding="utf-8") for p in (work / "corpus").iterdir()} == docs
    codes, pairs = _codes_and_coders(qdpx)
    db = sqlite3.connect(work / "qualitative_coding.sqlite3")
    try:
        assert {r[0] for r in db.execute("select name from code")} == set(codes.values())
        got = {(coder, code) for coder, code in db.execute("select coder_id, code_id from coded_line")}
    finally:
        db.close()
    assert got == pairs and len(pairs) > 0
