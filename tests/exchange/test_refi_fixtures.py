"""Real files from NVivo (Windows, Mac), ATLAS.ti, MAXQDA and Taguette import without error and
with the counts their contents give (counted from each .qde / .qdc; see shared/refi/README.md),
and a lenient reader copes with the variants PITFALLS.md lists."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from condense.api import Project, RunSettings
from condense.engines import HashingEmbedder
from condense.spans import normalise, strip_span
from condense.steps.themes import read_codebook
from condense.store import repository

# file -> expected counts. Themes: every code except top-level isCodable="false" ones
# (categories); documents: text sources with text (NVivo Mac's two are empty: a 1-byte .txt and
# an empty .docx); units: distinct coded spans (NVivo Win's 303 selections cover 188 spans).
EXPECTED = {
    "atlasti-win-23.2_blank-atlas-project.qdpx": dict(document=0, category=0, theme=0, unit=0, coding=0, skipped=0),
    "atlasti-win-23.2_target-atlas-project.qdpx": dict(document=0, category=0, theme=3, unit=0, coding=0, skipped=0),
    "maxqda-24.7_icls-themes-just10.qdpx": dict(document=10, category=0, theme=307, unit=0, coding=0, skipped=0),
    "nvivo-mac-15.0_qc-project.qdpx": dict(document=0, category=0, theme=262, unit=0, coding=0, skipped=2),
    "nvivo-win-12.6_oltas0517.qdpx": dict(document=2, category=1, theme=151, unit=188, coding=303, skipped=0),
    "taguette-1.4.1_codebook.qdc": dict(document=0, category=0, theme=3, unit=0, coding=0, skipped=0),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_files_import_with_the_right_counts(fixtures_dir, tmp_path, name):
    project, report = Project.import_qdpx(fixtures_dir / name, tmp_path / "p")
    want = EXPECTED[name]
    got = {k: report.counts[k] for k in want if k != "skipped"}
    assert got == {k: v for k, v in want.items() if k != "skipped"}
    assert len(report.skipped) == want["skipped"], report.skipped
    a = project.analysis()
    assert len(a["themes"]) == want["theme"] and len(project.documents()) == want["document"]
    assert len({t["id"] for t in a["themes"]}) == want["theme"]  # duplicate names do not merge
    for d in project.documents():
        assert d.text == normalise(d.text) and "\r" not in d.text
    project.close()


def test_nvivo_offsets_are_utf16_units_and_reextract_the_right_text(fixtures_dir, tmp_path):
    """NVivo for Windows counts UTF-16 code units over the BOM-stripped CRLF text. Re-extract
    every selection independently (slicing the UTF-16 encoding) and compare."""
    path = fixtures_dir / "nvivo-win-12.6_oltas0517.qdpx"
    with zipfile.ZipFile(path) as z:
        qde = z.read("project.qde").decode("utf-8")
        raw = {n.split("/")[-1].split(".")[0]: z.read(n) for n in z.namelist() if n.lower().endswith(".txt")}
    expected, differs_as_code_points = [], 0
    for guid, body in re.findall(r'<TextSource guid="([^"]+)".*?>(.*?)</TextSource>', qde, re.S):
        assert raw[guid].startswith(b"\xef\xbb\xbf") and b"\r\n" in raw[guid]
        text = raw[guid].decode("utf-8-sig")
        utf16 = text.encode("utf-16-le")
        for s, e in re.findall(r'startPosition="(\d+)" endPosition="(\d+)"', body):
            piece = normalise(utf16[2 * int(s):2 * int(e)].decode("utf-16-le"))
            a, b = strip_span(piece, 0, len(piece))
            expected.append(piece[a:b])
            differs_as_code_points += normalise(text[int(s):int(e)]).strip() != piece[a:b]
    assert len(expected) == 303 and differs_as_code_points > 100  # the reading matters
    project, _ = Project.import_qdpx(path, tmp_path / "p")
    units = {(u["document_id"], u["start"], u["end"]): u["text"] for u in project.analysis()["units"]}
    assert sorted(set(expected)) == sorted(set(units.values()))
    project.close()


def test_maxqda_code_descriptions_become_theme_descriptions(fixtures_dir, tmp_path):
    project, _ = Project.import_qdpx(fixtures_dir / "maxqda-24.7_icls-themes-just10.qdpx", tmp_path / "p")
    themes = project.analysis()["themes"]
    assert sum(1 for t in themes if t.get("description")) == 307
    project.close()


def test_codebook_option_accepts_qdc(fixtures_dir, coded_project, tmp_path):
    entries = read_codebook(fixtures_dir / "taguette-1.4.1_codebook.qdc")  # schema-invalid <Sets/>: tolerated
    assert [e.label for e in entries] == ["xsd:element name", "CodeBook", "Variables"]
    ours = coded_project.export_qdc(tmp_path / "ours.qdc")
    cats = {c["label"] for c in coded_project.analysis()["categories"]}
    entries = read_codebook(ours)
    assert {e.category for e in entries} <= cats
    result = coded_project.run(tmp_path / "out", RunSettings(embedder="hashing", codebook=str(ours),
                                                             relevance_threshold=-1.0), embedder=HashingEmbedder(256))
    labels = {t["label"] for t in result.analysis["themes"]}
    assert {e.label for e in entries} <= labels


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in members.items():
            z.writestr(n, data)
    return buf.getvalue()


def test_lenient_reader_takes_the_variants_real_tools_write(tmp_path):
    """ATLAS.ti-style name, namespace 1:0, Sources/ capitalised, CRLF + BOM source, uppercase
    braced GUIDs, empty <Sets/>, a memo as a selection Description, a note by NoteRef and
    one by Link, a case with a variable."""
    text = "\ufeffI: Question one?\r\nP: Answer about vid\u0065\u0301o and more.\r\nI: Next?\r\nP: Second answer.\r\n"
    qde = """<?xml version="1.0" encoding="utf-8" standalone="no"?>
<Project xmlns="urn:QDA-XML:project:1:0" name="Trial" origin="SomeTool 2">
 <Users><User guid="{AAAAAAAA-0000-0000-0000-000000000001}" name="Kim"/></Users>
 <CodeBook><Codes>
  <Code guid="BBBBBBBB-0000-0000-0000-000000000001" name="Topic" isCodable="true"><Description>About it</Description>
   <Code guid="BBBBBBBB-0000-0000-0000-000000000002" name="Topic" isCodable="true"/></Code>
 </Codes></CodeBook>
 <Variables><Variable guid="DDDDDDDD-0000-0000-0000-000000000001" name="age" typeOfVariable="Integer"/></Variables>
 <Cases><Case guid="EEEEEEEE-0000-0000-0000-000000000001" name="Case A">
  <VariableValue><VariableRef targetGUID="DDDDDDDD-0000-0000-0000-000000000001"/><IntegerValue>41</IntegerValue></VariableValue>
  <SourceRef targetGUID="cccccccc-0000-0000-0000-000000000001"/></Case></Cases>
 <Sources><TextSource guid="{CCCCCCCC-0000-0000-0000-000000000001}" name="Interview A" plainTextPath="internal://cccccccc-0000-0000-0000-000000000001.txt">
  <PlainTextSelection guid="F0000000-0000-0000-0000-000000000001" startPosition="21" endPosition="49" creatingUser="aaaaaaaa-0000-0000-0000-000000000001">
   <Description>Interesting wording</Description>
   <Coding guid="F1000000-0000-0000-0000-000000000001" creatingUser="AAAAAAAA-0000-0000-0000-000000000001"><CodeRef targetGUID="bbbbbbbb-0000-0000-0000-000000000002"/></Coding>
   <NoteRef targetGUID="99999999-0000-0000-0000-000000000001"/>
  </PlainTextSelection>
 </TextSource></Sources>
 <Notes>
  <Note guid="99999999-0000-0000-0000-000000000001" name="A note"><PlainTextContent>Note by ref</PlainTextContent></Note>
  <Note guid="99999999-0000-0000-0000-000000000002" name="Linked"><PlainTextContent>Note by link</PlainTextContent></Note>
 </Notes>
 <Links><Link guid="88888888-0000-0000-0000-000000000001" originGUID="CCCCCCCC-0000-0000-0000-000000000001" targetGUID="99999999-0000-0000-0000-000000000002"/></Links>
 <Sets/>
</Project>""".replace("\n", "\r\n").encode("utf-8")
    data = _zip({"Sources/CCCCCCCC-0000-0000-0000-000000000001.txt": text.encode("utf-8"), "Trial.qde": qde})
    (tmp_path / "trial.qdpx").write_bytes(data)
    project, report = Project.import_qdpx(tmp_path / "trial.qdpx", tmp_path / "p")
    assert report.skipped == []
    doc = project.documents()[0]
    assert doc.name == "Interview A.txt" and doc.participant_id == "Case A"
    unit = project.analysis()["units"][0]
    assert unit["text"] == "Answer about vid\u00e9o and more"  # CRLF as 2, NFC-composed é, stripped
    assert {t["label"] for t in project.analysis()["themes"]} == {"Topic", "Topic / Topic"}
    memos = {(m.text, m.target_id) for m in project.memos()}
    assert memos == {("Note by ref", unit["id"]), ("Note by link", doc.id), ("Interesting wording", unit["id"])}
    assert project.participants()[0].attributes == {"age": 41}
    with project.store.reading() as s:
        assert {(c.coder, c.source) for c in repository.codings(s)} == {("Kim", "human")}
    project.close()
