"""The command line: each subcommand through ``condense.cli.main``; exit codes 0 and 2."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from condense import __version__
from condense.api import Project
from condense.cli import build_parser, main

TRANSCRIPT = ("Interview 1, video\n\nAnna: How did it start?\n\nBo: In March, with no training at all.\n\n"
              "Anna: And now?\n\nBo: It works for rashes, not for tummies.\n")


def cli(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, " ".join(out.split()), err  # rich wraps stdout at the terminal width


def usage_error(capsys, *argv):
    with pytest.raises(SystemExit) as caught:
        main([str(a) for a in argv])
    _out, err = capsys.readouterr()
    return caught.value.code, err


@pytest.fixture
def files(tmp_path):
    (tmp_path / "P1.txt").write_text(TRANSCRIPT, encoding="utf-8")
    (tmp_path / "people.csv").write_text("participant,document,pseudonym,age\nP01,P1.txt,Bo,54\nP02,,Cy,33\n",
                                         encoding="utf-8")
    return tmp_path


def test_a_whole_session(files, capsys):
    proj = files / "proj"
    code, out, _ = cli(capsys, "init", proj, "--name", "Video study", "--question", "What is video like?",
                       "--focus", "examination", "--focus", "training", "--language", "sv")
    assert code == 0 and "Created project 'Video study'" in out and proj.is_dir()

    code, out, _ = cli(capsys, "add", proj, files / "P1.txt", "--interviewer", "Anna")
    assert code == 0
    assert re.search(r"added P1\.txt as P1: en, \d+ words, 4 turns \(2 interviewer, 2 informant\)", out), out

    code, out, _ = cli(capsys, "participants", proj, files / "people.csv")
    assert (code, out) == (0, "2 participants loaded")

    code, out, _ = cli(capsys, "status", proj)
    assert code == 0
    for expected in ("Video study", "Question: What is video like?", "focus: examination", "P1.txt", "P01",
                     "1 documents, 2 participants", "No preconception memo yet"):
        assert expected in out, expected

    code, out, _ = cli(capsys, "memo", proj, "I expect older patients to dislike video.", "--kind", "preconception")
    assert (code, out) == (0, "memo 1 (preconception) saved")
    code, out, _ = cli(capsys, "memo", proj, "Bo is a GP.", "--kind", "note", "--target", "P1", "--author", "KM")
    assert (code, out) == (0, "memo 2 (note) saved")
    code, out, _ = cli(capsys, "status", proj)
    assert "2 memos" in out and "No preconception memo yet" not in out

    code, out, _ = cli(capsys, "history", proj)
    assert code == 0
    events = re.findall(r"(\d+) \S+ (\S+) (create|update) (\w+) (\S+)", out)
    assert events[0] == ("7", "KM", "create", "memo", "2")  # newest first; 7 changes so far
    assert events[-1][1:] == ("researcher", "create", "project", "1")
    assert [e[3] for e in events].count("participant") == 2
    code, out, _ = cli(capsys, "history", proj, "--object", "P1")
    assert code == 0 and "document P1" in out and "project" not in out
    code, out, _ = cli(capsys, "history", proj, "--limit", "1")
    assert out.count(" create ") == 1 and "memo 2" in out

    project = Project(proj)
    study, (doc,) = project.study(), project.documents()
    assert study.focus_areas == ("examination", "training") and study.researcher_language == "sv"
    assert doc.participant_id == "P01"
    assert {p.id: p.attributes for p in project.participants()} == {"P01": {"age": 54}, "P02": {"age": 33}}
    assert [(m.kind, m.author, m.target_id) for m in project.memos()] == [
        ("preconception", "researcher", None), ("note", "KM", "P1")]
    project.close()


def test_speaker_map_and_language_options(files, capsys):
    proj = files / "proj"
    assert cli(capsys, "init", proj, "--name", "S", "--question", "Q?")[0] == 0
    code, out, _ = cli(capsys, "add", proj, files / "P1.txt", "--speaker", "Anna=interviewer",
                       "--speaker", "Bo=informant", "--language", "da")
    assert code == 0 and "P1: da," in out and "(2 interviewer, 2 informant)" in out


@pytest.mark.parametrize("argv, fragment", [
    ([], "required"),
    (["frobnicate", "x"], "invalid choice"),
    (["init", "p"], "--name"),
    (["memo", "p", "text", "--kind", "diary"], "invalid choice"),
    (["add", "p"], "required"),
    (["add", "p", "f.txt", "--unlabelled", "maybe"], "invalid choice"),
    (["history", "p", "--limit", "many"], "invalid int"),
])
def test_usage_errors_exit_2(argv, fragment, capsys):
    code, err = usage_error(capsys, *argv)
    assert code == 2
    assert err.startswith("condense: ") and fragment in err


def test_version(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_bad_settings_exit_2(files, capsys):
    proj = files / "proj"
    code, _out, err = cli(capsys, "init", proj, "--name", "S", "--question", "   ")
    assert code == 2 and "question" in err and not proj.exists()
    assert cli(capsys, "init", proj, "--name", "S", "--question", "Q?")[0] == 0
    code, _out, err = cli(capsys, "init", proj, "--name", "S", "--question", "Q?")
    assert code == 2 and "not empty" in err
    code, _out, err = cli(capsys, "add", proj, files / "P1.txt", "--speaker", "Anna=boss")
    assert code == 2 and "--speaker" in err
    code, _out, err = cli(capsys, "memo", proj, "  ", "--kind", "note")
    assert code == 2 and "memo" in err
    code, _out, err = cli(capsys, "status", files / "nowhere")
    assert code == 2 and "not a Condense project" in err
    for argv in (["status", proj], ["history", proj]):
        assert cli(capsys, *argv)[0] == 0
    project = Project(proj)
    assert project.documents() == [] and project.memos() == []
    project.close()


def test_every_subcommand_is_in_the_readme():
    readme = Path(__file__).resolve().parents[1] / "README.md"
    parser = build_parser()
    (sub,) = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    text = readme.read_text(encoding="utf-8")
    missing = [name for name in sub.choices if not re.search(rf"condense {name}\b", text)]
    assert missing == [], f"README.md never shows 'condense <cmd>' for: {missing}"


def test_every_command_is_documented_in_the_readme():
    import argparse
    from pathlib import Path

    from condense.cli import build_parser

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    missing = [name for name in sub.choices if f"condense {name} " not in readme]
    assert not missing, f"commands missing from the README: {missing}"
