"""units.csv and themes_by_participants.csv: every unit with its themes and exact offsets, and
the matrix whose cells add up to the themes' units."""

from __future__ import annotations

import csv
import io

from condense.report.exports import UNIT_COLUMNS, matrix_csv, units_csv


def _rows(data: bytes) -> list[dict]:
    assert data.startswith("\ufeff".encode("utf-8")), "a BOM, so that spreadsheet programs read UTF-8"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_units_csv_has_every_unit_with_exact_offsets_and_themes(stc_analysis):
    rows = _rows(units_csv(stc_analysis))
    assert tuple(rows[0]) == UNIT_COLUMNS
    assert [r["unit_id"] for r in rows] == [u["id"] for u in stc_analysis["units"]]
    docs = {d["id"]: d["text"] for d in stc_analysis["documents"]}
    for r in rows:
        assert docs[r["document_id"]][int(r["start"]):int(r["end"])] == r["text"]
    by_id = {r["unit_id"]: r for r in rows}
    assert by_id["u2"]["theme_ids"] == "t2; t3"
    assert by_id["u2"]["theme_labels"] == "Examination at a distance; Who video serves"
    assert by_id["u2"]["category_ids"] == "k1; k2"
    assert by_id["u0"]["relevant"] == "false" and by_id["u0"]["theme_ids"] == ""
    assert by_id["u1"]["source"] == "human" and by_id["u1"]["relevance"] == "0.5"
    assert by_id["u4"]["participant_id"] == "P2" and by_id["u4"]["document"] == "bo.txt"
    assert by_id["u5"]["participant_id"] == "", "a transcript without a participant"
    assert "Malmö" in by_id["u4"]["text"]


def test_units_csv_survives_commas_quotes_and_newlines(stc_analysis):
    doc = stc_analysis["documents"][0]
    doc["text"] = doc["text"] + 'Anna: She said "no, never",\nand left.\n'
    piece = 'She said "no, never",\nand left.'
    start = doc["text"].index(piece)
    stc_analysis["units"].append({"id": "u9", "document_id": "d1", "start": start, "end": start + len(piece),
                                  "text": piece, "relevant": True})
    row = _rows(units_csv(stc_analysis))[-1]
    assert row["text"] == piece and doc["text"][int(row["start"]):int(row["end"])] == piece


def test_matrix_csv_adds_up(stc_analysis):
    rows = _rows(matrix_csv(stc_analysis))
    assert list(rows[0]) == ["theme_id", "theme_label", "P1", "P2", "doc:d3", "participants", "units"]
    assert [r["theme_id"] for r in rows] == ["t1", "t2", "t3"]
    themes = {t["id"]: t for t in stc_analysis["themes"]}
    for r in rows:
        cells = [int(r[c]) for c in ("P1", "P2", "doc:d3")]
        assert sum(cells) == int(r["units"]) == len(themes[r["theme_id"]]["unit_ids"])
        assert sum(1 for c in cells if c) == int(r["participants"])
    assert rows[2]["P2"] == "1" and rows[1]["P1"] == "2"
