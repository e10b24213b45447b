"""Export: valid against both XSDs, deterministic, offsets in code points of the exported text,
every object of the project mapped, nothing absolute, the de-identification hook exact."""

from __future__ import annotations

import zipfile
from xml.etree import ElementTree as ET

from condense.exchange.refi import PROJECT_NS

NS = {"q": PROJECT_NS}


def _qde(path):
    with zipfile.ZipFile(path) as z:
        return z.read("project.qde"), {n: z.read(n) for n in z.namelist()}


def test_export_validates_against_both_schemas(coded_project, tmp_path, schemas):
    project_xsd, codebook_xsd = schemas
    coded_project.export_qdpx(tmp_path / "p.qdpx")
    coded_project.export_qdc(tmp_path / "p.qdc")
    qde, _ = _qde(tmp_path / "p.qdpx")
    assert [str(e) for e in project_xsd.iter_errors(qde)] == []
    assert [str(e) for e in codebook_xsd.iter_errors((tmp_path / "p.qdc").read_bytes())] == []


def test_exporting_twice_gives_identical_bytes(coded_project, tmp_path):
    a = coded_project.export_qdpx(tmp_path / "a.qdpx").read_bytes()
    b = coded_project.export_qdpx(tmp_path / "b.qdpx").read_bytes()
    assert a == b
    assert coded_project.export_qdc(tmp_path / "a.qdc").read_bytes() == \
        coded_project.export_qdc(tmp_path / "b.qdc").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.qdpx") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_sources_are_utf8_lf_without_bom_and_offsets_are_code_points(coded_project, tmp_path):
    coded_project.export_qdpx(tmp_path / "p.qdpx")
    qde, files = _qde(tmp_path / "p.qdpx")
    root = ET.fromstring(qde)
    docs = {d.name: d for d in coded_project.documents()}
    units = {(u["document_id"], u["start"], u["end"]): u for u in coded_project.analysis()["units"] if u["relevant"]}
    assert set(files) == {"project.qde"} | {f"sources/{s.get('guid')}.txt" for s in root.iter(f"{{{PROJECT_NS}}}TextSource")}
    seen = 0
    for src in root.iter(f"{{{PROJECT_NS}}}TextSource"):
        path = src.get("plainTextPath")
        assert path.startswith("internal://") and "/" not in path[len("internal://"):]
        raw = files[f"sources/{path[len('internal://'):]}"]
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
        text = raw.decode("utf-8")
        doc = docs[src.get("name")]
        assert text == doc.text
        for sel in src.iterfind("q:PlainTextSelection", NS):
            start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
            unit = units[(doc.id, start, end)]
            assert text[start:end] == unit["text"]
            seen += 1
    assert seen == len(units) > 0
    # The texts hold emoji, so UTF-16 offsets would differ from these: the test would notice.
    assert any(ord(ch) > 0xFFFF for d in docs.values() for ch in d.text)


def test_every_object_is_mapped(coded_project, tmp_path):
    coded_project.export_qdpx(tmp_path / "p.qdpx")
    root = ET.fromstring(_qde(tmp_path / "p.qdpx")[0])
    a = coded_project.analysis()
    codes = {c.get("guid"): c for c in root.iter(f"{{{PROJECT_NS}}}Code")}
    top = root.findall("q:CodeBook/q:Codes/q:Code", NS)
    categories = [c for c in top if c.get("isCodable") == "false"]
    assert [c.get("name") for c in categories] == [c["label"] for c in a["categories"]]
    themes = [c for c in codes.values() if c.get("isCodable") == "true" and c not in
              [s for t in codes.values() for s in t.findall("q:Code", NS) if t.get("isCodable") == "true"]]
    assert sorted(c.get("name") for c in themes) == sorted(t["label"] for t in a["themes"])
    subgroups = sum(len(t.get("subgroups", [])) for t in a["themes"])
    assert len(codes) == len(a["categories"]) + len(a["themes"]) + subgroups
    for coding in root.iter(f"{{{PROJECT_NS}}}Coding"):
        assert coding.find("q:CodeRef", NS).get("targetGUID") in codes  # every reference resolves
        assert coding.get("creatingUser")
    notes = {n.get("guid"): n for n in root.iter(f"{{{PROJECT_NS}}}Note")}
    names = [n.get("name") for n in notes.values()]
    assert sum(n.startswith("Condensate") for n in names) == subgroups
    assert sum(n.startswith("Analytic text") for n in names) == sum(1 for c in a["categories"] if c.get("analytic_text"))
    assert sorted(n for n in names if n.startswith("Memo")) == \
        ["Memo (decision)", "Memo (preconception)", "Memo (reflexive)"]
    for n in notes.values():
        assert n.get("creatingUser") and n.get("creationDateTime") and n.find("q:PlainTextContent", NS).text
    refs = [r.get("targetGUID") for r in root.iter(f"{{{PROJECT_NS}}}NoteRef")]
    assert set(refs) == set(notes)  # every note is linked from something
    cases = root.findall("q:Cases/q:Case", NS)
    assert sorted(c.get("name") for c in cases) == ["P1", "P2", "P3"]
    kinds = {v.get("name"): v.get("typeOfVariable") for v in root.iterfind("q:Variables/q:Variable", NS)}
    assert kinds == {"age": "Integer", "height": "Float", "pseudonym": "Text", "sex": "Text"}
    assert all(len(c.findall("q:SourceRef", NS)) == 1 for c in cases)
    users = {u.get("name") for u in root.iterfind("q:Users/q:User", NS)}
    assert {"Anna", "machine", "researcher"} <= users


def test_no_absolute_paths_and_no_empty_containers(coded_project, tmp_path, schemas):
    coded_project.export_qdpx(tmp_path / "p.qdpx")
    qde, files = _qde(tmp_path / "p.qdpx")
    assert str(tmp_path).encode() not in qde and b"basePath" not in qde and b"file://" not in qde
    assert all(not n.startswith("/") and ".." not in n for n in files)
    # A project with nothing in it exports without <Codes/>, <Sources/>, <Notes/> (schema-invalid when empty).
    from condense.api import Project

    empty = Project.init(tmp_path / "empty", "Empty", "A question?")
    empty.export_qdpx(tmp_path / "e.qdpx")
    qde, files = _qde(tmp_path / "e.qdpx")
    assert list(schemas[0].iter_errors(qde)) == []
    assert set(files) == {"project.qde"} and b"<Sources" not in qde and b"<CodeBook" not in qde


def test_deidentify_hook_keeps_offsets_exact(coded_project, tmp_path):
    """The de-identifier (supplied elsewhere) may change lengths; selections must still
    address the same words in the exported text."""
    def redact(text: str) -> str:
        return text.replace("patients", "[P]").replace("video", "[VIDEO CALLS]")

    coded_project.export_qdpx(tmp_path / "plain.qdpx")
    coded_project.export_qdpx(tmp_path / "deid.qdpx", deidentify=True, redact=redact)
    coded_project.export_qdpx(tmp_path / "flag-only.qdpx", deidentify=True)  # no hook: identity
    assert (tmp_path / "flag-only.qdpx").read_bytes() == (tmp_path / "plain.qdpx").read_bytes()
    qde, files = _qde(tmp_path / "deid.qdpx")
    root = ET.fromstring(qde)
    units = {u["id"]: u["text"] for u in coded_project.analysis()["units"]}
    for src in root.iter(f"{{{PROJECT_NS}}}TextSource"):
        text = files[f"sources/{src.get('guid')}.txt"].decode("utf-8")
        assert "patients" not in text
        for sel in src.iterfind("q:PlainTextSelection", NS):
            got = text[int(sel.get("startPosition")):int(sel.get("endPosition"))]
            assert got == redact(units[sel.get("name")])
    assert b"older patients" not in qde  # notes (memos, condensates) pass through the hook too
