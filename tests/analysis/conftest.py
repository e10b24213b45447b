"""A small real project built in each test: three short interviews (en, sv, da) about video
consultations, analysed with the deterministic hashing embedder (no model)."""

from __future__ import annotations

import pytest

from condense.api import Project
from condense.engines import HashingEmbedder

EN = """Interview 1

I: How did you start with video consultations?
P1: We started in March 2020 when the pandemic came. Nobody trained us, we learned by doing it with the patients. The software crashed often and the sound was bad.
I: What about examining patients on video?
P1: You cannot touch the abdomen or listen to the chest on video. If I want to examine someone properly they have to come in to the surgery. I worry that I miss something serious on the screen.
I: Did you see the football last night?
P1: Yes, what a game, the weather was terrible though.
I: Which patients find video hard?
P1: Older patients without a smartphone struggle with video. Their daughter often has to set up the tablet for them. Working parents love video because they do not need time off work.
"""
SV = """I: Hur började ni med videobesök?
IP: Vi började under pandemin och ingen utbildade oss. Programmet kraschade ofta och ljudet var dåligt.
I: Hur undersöker du patienter på video?
IP: Man kan inte känna på magen eller lyssna på lungorna via video. Jag är rädd att missa något allvarligt på skärmen.
I: Vilka patienter har svårt med video?
IP: Äldre patienter utan smartphone har svårt med video. Dottern får ofta hjälpa till med surfplattan.
"""
DA = """Interviewer: Hvordan begyndte I med videokonsultationer?
Informant: Vi begyndte under pandemien, og ingen uddannede os. Programmet gik ned hele tiden, og lyden var dårlig.
Interviewer: Hvordan undersøger du patienter på video?
Informant: Man kan ikke mærke på maven eller lytte på lungerne over video. Jeg er bange for at overse noget alvorligt på skærmen.
Interviewer: Hvilke patienter har svært ved video?
Informant: Ældre patienter uden smartphone har svært ved video. Datteren må ofte hjælpe med tabletten.
"""


@pytest.fixture
def small_project(tmp_path):
    files = []
    for name, text in (("en.txt", EN), ("sv.txt", SV), ("da.txt", DA)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        files.append(path)
    (tmp_path / "people.csv").write_text(
        "participant,document,sex,age,profession\nP1,en.txt,female,45,GP\nP2,sv.txt,male,52,GP\n"
        "P3,da.txt,female,38,nurse\n", encoding="utf-8")
    project = Project.init(tmp_path / "proj", "Video", "How do clinicians experience video consultations?",
                           ["training and starting with video", "examining patients at a distance",
                            "patients who are left out"])
    project.add(files)
    project.load_participants(tmp_path / "people.csv")
    project.add_memo("preconception", "I expect older patients to be left out.")
    return project


@pytest.fixture
def fake_embedder():
    return HashingEmbedder(256)
