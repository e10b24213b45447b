"""``condense export`` / ``condense import`` and ``condense run --codebook FILE.qdc`` from the
command line."""

from __future__ import annotations

import zipfile

from condense.api import Project
from condense.cli import main


def test_cli_export_then_import_into_new_and_existing_projects(coded_project, tmp_path, capsys):
    path = str(coded_project.path)
    assert main(["export", path, "--format", "qdpx", "--out", str(tmp_path / "p.qdpx")]) == 0
    assert main(["export", path, "--format", "qdc", "--out", str(tmp_path / "p.qdc")]) == 0
    assert "project.qde" in zipfile.ZipFile(tmp_path / "p.qdpx").namelist()
    assert main(["import", str(tmp_path / "p.qdpx"), str(tmp_path / "new")]) == 0
    out = capsys.readouterr().out
    assert "imported p.qdpx (Condense" in out and "3 documents" in out
    new = Project(tmp_path / "new")
    assert new.study().question == coded_project.study().question
    assert new.study().focus_areas == coded_project.study().focus_areas
    new.close()
    Project.init(tmp_path / "other", "Other", "A question?").close()
    assert main(["import", str(tmp_path / "p.qdc"), str(tmp_path / "other")]) == 0
    assert "0 documents" in capsys.readouterr().out
    assert main(["export", path, "--out", str(tmp_path / "d.qdpx"), "--deidentify"]) == 0
    assert "no identifier has been accepted yet" in capsys.readouterr().err


def test_deidentified_export_replaces_accepted_identifiers_and_omits_the_mapping(coded_project, tmp_path):
    coded_project.add_identifier("March 2020", "date", replacement="[date]")
    path = str(coded_project.path)
    assert main(["export", path, "--out", str(tmp_path / "plain.qdpx")]) == 0
    assert main(["export", path, "--out", str(tmp_path / "d.qdpx"), "--deidentify"]) == 0

    def texts(p):
        with zipfile.ZipFile(p) as z:
            return "\n".join(z.read(n).decode("utf-8") for n in z.namelist())

    assert "March 2020" in texts(tmp_path / "plain.qdpx")
    shared = texts(tmp_path / "d.qdpx")
    assert "March 2020" not in shared and "[date]" in shared


def test_cli_refuses_unknown_suffix_and_missing_file(tmp_path, capsys):
    (tmp_path / "x.csv").write_text("a,b\n", encoding="utf-8")
    assert main(["import", str(tmp_path / "x.csv"), str(tmp_path / "p")]) == 2
    assert main(["import", str(tmp_path / "missing.qdpx"), str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err
    assert "only REFI-QDA projects" in err and "does not exist" in err
    assert not (tmp_path / "p").exists()


def test_cli_run_takes_a_qdc_codebook(fixtures_dir, coded_project, tmp_path, capsys):
    code = main(["run", str(coded_project.path), "--out", str(tmp_path / "out"), "--embedder", "hashing",
                 "--codebook", str(fixtures_dir / "taguette-1.4.1_codebook.qdc"), "--relevance-threshold", "-1"])
    assert code == 0, capsys.readouterr().err
    labels = {t.label for t in _themes(coded_project)}
    assert {"xsd:element name", "CodeBook", "Variables"} <= labels


def _themes(project):
    from condense.store import repository

    with project.store.reading() as s:
        return repository.themes(s)


def test_export_notes_sibling_duplicate_code_names(coded_project, tmp_path, capsys):
    theme = coded_project.analysis()["themes"]
    coded_project.rename_theme(theme[1]["id"], theme[0]["label"])
    assert coded_project.duplicate_code_names()
    assert main(["export", str(coded_project.path), "--out", str(tmp_path / "p.qdpx")]) == 0
    assert f"the code name {theme[0]['label']!r} appears 2 times" in capsys.readouterr().err


def test_import_into_an_empty_folder_leaves_it_empty_on_failure(coded_project, tmp_path, monkeypatch):
    import pytest

    from condense.errors import BadFile

    good = coded_project.export_qdpx(tmp_path / "good.qdpx")

    def explode(*_a, **_k):
        raise BadFile("good.qdpx: simulated failure while writing")

    monkeypatch.setattr("condense.api_exchange.write_refi", explode)
    (tmp_path / "empty").mkdir()
    with pytest.raises(BadFile):
        Project.import_qdpx(good, tmp_path / "empty")
    assert list((tmp_path / "empty").iterdir()) == []
