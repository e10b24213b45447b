"""A small project with planted identifiers in English, Swedish and Danish transcripts, and
detectors without the spaCy model (patterns + gazetteer), so these tests need no model."""

from __future__ import annotations

import pytest

from condense.api import Project
from condense.deid.gazetteer import GazetteerDetector
from condense.deid.patterns import PatternDetector

EN = """I: How did you start with video consultations?
P1: We started during the pandemic. My colleague Sarah Mitchell trained us at Harrogate Medical Centre, and Sarah was very patient with everyone. The software crashed often and the sound was bad.
I: What about examining patients on video?
P1: You cannot touch the abdomen on video. Older patients struggle with the tablet, and Sarah Mitchell says their daughters set it up. I worry that I miss something serious on the screen.
I: Which patients find video hard?
P1: Older patients without a smartphone struggle with video. Working parents love video because they do not need time off work, you can email sarah.mitchell@example.org to book.
"""
SV = """I: Hur började ni med videobesök?
IP: Vi började under pandemin på Vårdcentralen Norrmalm i Kalmar och ingen utbildade oss. Min kollega Anna Lindqvist tyckte att programmet kraschade ofta och ljudet var dåligt.
I: Hur undersöker du patienter på video?
IP: Man kan inte känna på magen eller lyssna på lungorna via video. Anna ringde patienten på 070-123 45 67 och hans personnummer 811218-9876 stod fel. Jag är rädd att missa något allvarligt på skärmen.
I: Vilka patienter har svårt med video?
IP: Äldre patienter i Kalmar utan smartphone har svårt med video. Dottern får ofta hjälpa till med surfplattan.
"""
DA = """Interviewer: Hvordan begyndte I med videokonsultationer?
Informant: Vi begyndte under pandemien på Svendborg Sygehus, og ingen uddannede os. Mette Nørgaard sagde, at programmet gik ned hele tiden, og lyden var dårlig.
Interviewer: Hvordan undersøger du patienter på video?
Informant: Man kan ikke mærke på maven over video. Jeg er bange for at overse noget alvorligt på skærmen, siger Mette.
Interviewer: Hvilke patienter har svært ved video?
Informant: Ældre patienter i Aabenraa uden smartphone har svært ved video. Datteren må ofte hjælpe med tabletten.
"""
PLANTED = ("Sarah", "Mitchell", "Harrogate", "Anna", "Lindqvist", "Kalmar", "Norrmalm", "070-123", "811218",
           "Mette", "Nørgaard", "Svendborg", "Aabenraa", "sarah.mitchell@example.org")
PEOPLE = ("participant,document,pseudonym,profession,age\nP1,en.txt,Harriet,GP,45\n"
          "P2,sv.txt,Gunnel,GP,52\nP3,da.txt,Birthe,nurse,38\n")


def no_model(_language):
    return [PatternDetector(), GazetteerDetector()]


def make_project(tmp_path, texts=(("en.txt", EN), ("sv.txt", SV), ("da.txt", DA))) -> Project:
    files = []
    for name, text in texts:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        files.append(path)
    (tmp_path / "people.csv").write_text(
        "\n".join(line for line in PEOPLE.splitlines() if line.split(",")[1] in {n for n, _ in texts}
                  or line.startswith("participant")) + "\n", encoding="utf-8")
    project = Project.init(tmp_path / "proj", "Video", "How do clinicians experience video consultations?",
                           ["training and starting with video", "examining patients at a distance",
                            "patients who are left out"])
    project.add(files)
    project.load_participants(tmp_path / "people.csv")
    project.add_memo("preconception", "I expect older patients to be left out.")
    return project


@pytest.fixture
def planted_project(tmp_path):
    return make_project(tmp_path)
