"""Bad input: every case is a CondenseError naming the file; through the CLI it exits 2 with
one line on stderr and the project is left exactly as it was."""

from __future__ import annotations

import io
import os
import random
import struct
import subprocess
import sys
import zipfile

import pytest

from condense.api import Project
from condense.cli import main
from condense.errors import BadFile, CondenseError, DuplicateFile, UnsupportedFormat
from condense.ingest import parse_transcript

GOOD = "I: How was the first week?\nP1: Chaos, to be honest.\nI: And now?\nP1: It works, mostly.\n"
PARAS = [f"I: Question {i}?" if i % 2 == 0 else f"P1: Answer {i}, på landet." for i in range(60)]


def run_cli(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(err, name):
    lines = err.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {lines!r}"
    assert lines[0].startswith("condense: ") and name in lines[0]


# -- builders of bad files: (tmp_path, make_docx) -> bytes ---------------------------------------
def damaged_deflate(_tmp, make_docx):
    data = bytearray(make_docx(PARAS))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    n, m = struct.unpack("<HH", data[info.header_offset + 26:info.header_offset + 30])
    start = info.header_offset + 30 + n + m
    for k in range(20, 30):
        data[start + k] ^= 0xFF
    return bytes(data)


def zip_bomb(tmp, _make_docx):
    path = tmp / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = bytes(1 << 20)
            for _ in range(300):  # 300 MB of zeros, about 300 KB compressed
                member.write(chunk)
    return path.read_bytes()


def evil_path(_tmp, make_docx):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for info in zipfile.ZipFile(io.BytesIO(make_docx(PARAS))).infolist():
            archive.writestr(info.filename, b"<x/>")
        archive.writestr("../evil", b"#!/bin/sh\n")
    return buf.getvalue()


BAD_FILES = {
    "random.docx": (lambda tmp, mk: random.Random(1).randbytes(4000), BadFile, "not a valid"),
    "truncated.docx": (lambda tmp, mk: mk(PARAS)[:-700], BadFile, "not a valid"),
    "damaged.docx": (damaged_deflate, BadFile, "damaged"),
    "bomb.docx": (zip_bomb, BadFile, "ZIP bomb"),
    "evil.docx": (evil_path, BadFile, "unsafe path"),
    "random.odt": (lambda tmp, mk: os.urandom(3000), BadFile, "not a valid"),
    "empty.txt": (lambda tmp, mk: b"", BadFile, "empty"),
    "blank.md": (lambda tmp, mk: b" \r\n\t\n  \n", BadFile, "empty"),
    "notes.xyz": (lambda tmp, mk: GOOD.encode(), UnsupportedFormat, "unknown format"),
    "latin.txt": (lambda tmp, mk: GOOD.replace("Chaos", "P\xe5 landet").encode("cp1252"), BadFile, "--encoding"),
    "corrupt.pdf": (lambda tmp, mk: b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", BadFile, "PDF"),
    "noheader.vtt": (lambda tmp, mk: b"00:00:01.000 --> 00:00:02.000\n<v I>Hi</v>\n", BadFile, "WEBVTT"),
    "nullbytes.txt": (lambda tmp, mk: b"I: a\x00b\nP1: c\x00d\n", BadFile, "binary"),
    "interviewer-only.txt": (lambda tmp, mk: b"I: one?\nI: two?\n", BadFile, "no informant turns"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_refused_and_nothing_is_written(name, tmp_path, make_docx, project, state, capsys):
    build, error, fragment = BAD_FILES[name]
    bad = tmp_path / name
    bad.write_bytes(build(tmp_path, make_docx))
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    before = state(project)

    with pytest.raises(error) as caught:
        project.add([good, bad])
    assert name in caught.value.message and fragment in caught.value.message
    assert state(project) == before

    # Through the CLI, with a good file before the bad one: exit 2, one line, nothing added.
    code, out, err = run_cli(capsys, "add", project.path, good, bad)
    assert code == 2
    assert_one_line_error(err, name)
    assert out == ""
    assert state(project) == before


def test_zip_bomb_is_refused_before_it_is_decompressed(tmp_path, make_docx, monkeypatch):
    data = zip_bomb(tmp_path, make_docx)

    def no_testzip(self):
        raise AssertionError("the archive was decompressed before the bomb check")

    monkeypatch.setattr(zipfile.ZipFile, "testzip", no_testzip)
    with pytest.raises(BadFile, match="ZIP bomb"):
        parse_transcript("bomb.docx", data)


def test_encoding_escape_hatch(tmp_path, project, capsys):
    f = tmp_path / "latin.txt"
    f.write_bytes(GOOD.replace("Chaos", "På landet").encode("cp1252"))
    with pytest.raises(BadFile, match="latin.txt"):
        parse_transcript(f.name, f.read_bytes())
    code, out, _err = run_cli(capsys, "add", project.path, f, "--encoding", "cp1252")
    assert code == 0 and "latin.txt" in out
    (doc,) = project.documents()
    assert doc.text[doc.turns[1].start:doc.turns[1].end] == "På landet, to be honest."
    assert project.original_file(doc.id) == f.read_bytes()


def test_duplicate_content_across_and_within_commands(tmp_path, project, state, capsys):
    a, b, c = (tmp_path / n for n in ("a.txt", "b.txt", "c.md"))
    for f in (a, b):
        f.write_text(GOOD, encoding="utf-8")
    c.write_text(GOOD + "I: Thanks.\n", encoding="utf-8")
    project.add([a])
    before = state(project)
    with pytest.raises(DuplicateFile, match="b.txt.*a.txt"):
        project.add([c, b])
    code, _out, err = run_cli(capsys, "add", project.path, b)
    assert code == 2
    assert_one_line_error(err, "b.txt")
    assert state(project) == before

    (tmp_path / "d.txt").write_text(GOOD + "P1: More.\n", encoding="utf-8")
    (tmp_path / "e.txt").write_text(GOOD + "P1: More.\n", encoding="utf-8")
    code, _out, err = run_cli(capsys, "add", project.path, tmp_path / "d.txt", tmp_path / "e.txt")
    assert code == 2
    assert_one_line_error(err, "e.txt")
    assert "same command" in err
    assert state(project) == before


def test_same_name_different_content(tmp_path, project, state):
    (tmp_path / "x").mkdir()
    first, second = tmp_path / "a.txt", tmp_path / "x" / "a.txt"
    first.write_text(GOOD, encoding="utf-8")
    second.write_text(GOOD + "I: Bye.\n", encoding="utf-8")
    project.add([first])
    before = state(project)
    with pytest.raises(DuplicateFile, match="a.txt"):
        project.add([second])
    assert state(project) == before


def test_missing_file_and_folder(tmp_path, project, state, capsys):
    before = state(project)
    missing = tmp_path / "nowhere" / "P9.txt"
    with pytest.raises(BadFile, match="P9.txt"):
        project.add([missing])
    code, _out, err = run_cli(capsys, "add", project.path, missing)
    assert code == 2
    assert_one_line_error(err, "P9.txt")
    code, _out, err = run_cli(capsys, "add", project.path, tmp_path)
    assert code == 2 and "folder" in err
    assert state(project) == before


@pytest.mark.parametrize("csv_text, fragment", [
    ("participant,document,age\nP01,good.txt,54\nP02,P02.txt,46\n", "P02.txt"),
    ("participant,document\nP01,good.txt\nP01,good.txt\n", "appears twice"),
    ("participant,age\nP01,54,extra\n", "columns"),
    ("participant,document\n", "no participants"),
])
def test_bad_participants_csv(csv_text, fragment, tmp_path, project, state, capsys):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    project.add([good])
    sheet = tmp_path / "people.csv"
    sheet.write_text(csv_text, encoding="utf-8")
    before = state(project)
    with pytest.raises(CondenseError) as caught:
        project.load_participants(sheet)
    assert "people.csv" in caught.value.message and fragment in caught.value.message
    code, _out, err = run_cli(capsys, "participants", project.path, sheet)
    assert code == 2
    assert_one_line_error(err, "people.csv")
    assert state(project) == before


def test_run_without_preconception_memo_is_refused(tmp_path, project, state, capsys):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    project.add([good])
    before = state(project)
    code, _out, err = run_cli(capsys, "run", project.path, "--out", tmp_path / "out", "--embedder", "hashing")
    assert code == 2
    assert "preconception" in err and len(err.strip().splitlines()) == 1
    assert state(project) == before
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_real_process_prints_one_unwrapped_line(tmp_path, project):
    """Outside pytest's capture: no wrapped lines, no library log lines on stderr."""
    long_dir = tmp_path / ("a-rather-long-folder-name-" * 3)
    long_dir.mkdir()
    for name, data in (("corrupt.pdf", b"%PDF-1.4\nnot really a pdf\n"), ("broken.docx", b"PK\x03\x04 nope")):
        (long_dir / name).write_bytes(data)
        proc = subprocess.run([sys.executable, "-m", "condense", "add", str(project.path), str(long_dir / name)],
                              capture_output=True, text=True, env={**os.environ, "COLUMNS": "60"})
        assert proc.returncode == 2
        assert_one_line_error(proc.stderr, name)
