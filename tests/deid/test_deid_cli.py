"""`condense deid PROJECT`: list, accept, reject, add, replace, quote mode; bad input exits 2.
The project holds Swedish and Danish transcripts only, so no English model is loaded."""

from __future__ import annotations

from conftest import DA, SV, make_project

from condense.cli import main


def test_deid_command_reviews_and_sets_the_quote_mode(tmp_path, capsys):
    project = make_project(tmp_path, (("sv.txt", SV), ("da.txt", DA)))
    proj = str(project.path)
    assert main(["deid", proj]) == 0
    listed = capsys.readouterr().out
    assert "detected" in listed and "'Anna Lindqvist' -> [person" in listed and "pending" in listed
    kalmar = next(i for i in project.deid_review() if i.surface == "Kalmar")
    assert main(["deid", proj, "--reject", str(kalmar.id), "--accept", "Anna Lindqvist",
                 "--add", "Dottern=person", "--replace", "Anna Lindqvist=Dr A"]) == 0
    out = capsys.readouterr().out
    assert "detected" not in out, "unchanged transcripts are not detected again"
    assert f"{kalmar.id:>4}  rejected" in out and "'Anna Lindqvist' -> Dr A" in out
    assert "added 'Dottern' as person" in out
    assert main(["deid", proj, "--accept-all", "--quotes", "labelled", "--label-attributes", "profession,age_band",
                 "--status", "rejected"]) == 0
    out = capsys.readouterr().out
    assert "'Kalmar'" in out and "'Aabenraa'" not in out, "--status filters the list"
    assert "0 pending" in out and "quotes are labelled with profession, age_band" in out
    state = project.deid_state()
    assert state.mapping["Anna Lindqvist"] == "Dr A" and "Kalmar" not in state.mapping
    assert main(["deid", proj, "--population", "small"]) == 0
    assert project.deid_state().small_population and project.deid_state().quote_mode == "labelled", \
        "an explicit quote mode wins over the population default"


def test_deid_command_bad_input(tmp_path, capsys):
    project = make_project(tmp_path, (("sv.txt", SV),))
    proj = str(project.path)
    assert main(["deid", proj, "--accept", "Nobody"]) == 2
    assert "no identifier 'Nobody'" in capsys.readouterr().err
    assert main(["deid", proj, "--add", "Lisa"]) == 2
    assert "TEXT=VALUE" in capsys.readouterr().err
    assert main(["deid", proj, "--add", "Lisa=pet"]) == 2
    assert "unknown identifier type" in capsys.readouterr().err
    assert main(["deid", str(tmp_path / "missing")]) == 2
