"""Hostile REFI-QDA files: XXE, billion laughs, zip-slip, zip bombs, damaged zips. Each is
refused with one sentence naming the file, no entity is ever resolved, and nothing is written:
no new project folder, no change to an existing project."""

from __future__ import annotations

import io
import zipfile

import pytest

from condense.api import Project
from condense.cli import main
from condense.errors import BadFile

GOOD_QDE = b"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Fine" origin="Test">
 <CodeBook><Codes><Code guid="11111111-1111-1111-1111-111111111111" name="A code" isCodable="true"/></Codes></CodeBook>
</Project>"""


def _zip(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return buf.getvalue()


def _xxe(tmp_path) -> bytes:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    return (b'<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file://' + str(secret).encode()
            + b'">]>\n<Project xmlns="urn:QDA-XML:project:1.0" name="&xxe;"/>')


LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b']>\n<Project xmlns="urn:QDA-XML:project:1.0" name="&lol9;"/>')

HOSTILE = {
    "xxe": lambda tmp: _zip({"project.qde": _xxe(tmp)}),
    "billion-laughs": lambda tmp: _zip({"project.qde": LAUGHS}),
    "zip-slip-dotdot": lambda tmp: _zip({"project.qde": GOOD_QDE, "sources/../../evil.txt": b"owned"}),
    "zip-slip-absolute": lambda tmp: _zip({"project.qde": GOOD_QDE, "/tmp/evil.txt": b"owned"}),
    "zip-bomb": lambda tmp: _zip({"project.qde": GOOD_QDE, "sources/bomb.txt": b"\0" * (8 * 2**20)}),
    "truncated": lambda tmp: _zip({"project.qde": GOOD_QDE * 50})[:-40],
    "not-a-zip": lambda tmp: b"this is not a zip at all",
    "two-qde": lambda tmp: _zip({"a.qde": GOOD_QDE, "b.qde": GOOD_QDE}),
    "no-qde": lambda tmp: _zip({"sources/x.txt": b"hello"}),
    "broken-xml": lambda tmp: _zip({"project.qde": GOOD_QDE[:-20]}),
    "wrong-root": lambda tmp: _zip({"project.qde": b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>'}),
}
WHY = {"xxe": "DTD or entities", "billion-laughs": "DTD or entities", "zip-slip-dotdot": "unsafe path",
       "zip-slip-absolute": "unsafe path", "zip-bomb": "ZIP bomb", "truncated": "damaged",
       "not-a-zip": "damaged or not", "two-qde": "exactly one", "no-qde": "no .qde",
       "broken-xml": "not well-formed", "wrong-root": "not a REFI-QDA project"}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_file_refused_and_nothing_written(kind, tmp_path):
    path = tmp_path / f"{kind}.qdpx"
    path.write_bytes(HOSTILE[kind](tmp_path))
    with pytest.raises(BadFile) as caught:
        Project.import_qdpx(path, tmp_path / "new")
    message = str(caught.value)
    assert f"{kind}.qdpx" in message and WHY[kind] in message
    assert "\n" not in message and "TOP-SECRET" not in message
    assert not (tmp_path / "new").exists()
    assert not (tmp_path / "evil.txt").exists()

    existing = Project.init(tmp_path / "existing", "Existing", "A question?")
    before = (existing.status(), existing.events())
    with pytest.raises(BadFile):
        existing.import_refi(path)
    assert (existing.status(), existing.events()) == before
    existing.close()


def test_hostile_codebook_is_refused_too(tmp_path):
    path = tmp_path / "evil.qdc"
    path.write_bytes(LAUGHS.replace(b"Project", b"CodeBook"))
    with pytest.raises(BadFile, match="evil.qdc.*DTD or entities"):
        Project.import_qdpx(path, tmp_path / "new")
    assert not (tmp_path / "new").exists()


def test_cli_prints_one_sentence_and_exits_2(tmp_path, capsys):
    path = tmp_path / "slip.qdpx"
    path.write_bytes(HOSTILE["zip-slip-dotdot"](tmp_path))
    assert main(["import", str(path), str(tmp_path / "new")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("condense: slip.qdpx") and err.count("\n") == 0
    assert not (tmp_path / "new").exists()


def test_a_failure_while_writing_leaves_no_half_created_project(tmp_path, monkeypatch):
    good = tmp_path / "good.qdpx"
    good.write_bytes(_zip({"project.qde": GOOD_QDE}))

    def explode(*_a, **_k):
        raise BadFile("good.qdpx: simulated failure while writing")

    monkeypatch.setattr("condense.api_exchange.write_refi", explode)
    with pytest.raises(BadFile):
        Project.import_qdpx(good, tmp_path / "new")
    assert not (tmp_path / "new").exists()
