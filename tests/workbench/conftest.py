"""A small analysed project for the workbench tests, built once per session with the hashing
embedder and copied for each test: three interviews, one with å, ø and an emoji, one whose
informant tries to inject ``<script>``."""

from __future__ import annotations

import shutil

import pytest

from condense.api import Project, RunSettings
from condense.engines import HashingEmbedder

FAST = RunSettings(embedder="hashing", relevance_threshold=-1.0, k_min=2, k_max=4)

EN = """I: How did you start with video consultations?
P1: We started in March 2020 when the pandemic came. Nobody trained us, we learned by doing it with the patients. The software crashed often and the sound was bad.
I: What about examining patients on video?
P1: You cannot touch the abdomen or listen to the chest on video. If I want to examine someone properly they have to come in to the surgery. I worry that I miss something serious on the screen.
I: Which patients find video hard?
P1: Older patients without a smartphone struggle with video. Their daughter often has to set up the tablet for them. Working parents love video because they do not need time off work.
"""
SV = """I: Hur började ni med videobesök?
IP: Vi började under pandemin på vårdcentralen i Västerås 😀 och ingen utbildade oss. Programmet kraschade ofta och ljudet var dåligt.
I: Hur undersöker du patienter på video?
IP: Man kan inte känna på magen eller lyssna på lungorna via video. Jag är rädd att missa något allvarligt på skärmen.
I: Vilka patienter har svårt med video?
IP: Äldre patienter utan smartphone har svårt med video. Dottern får ofta hjälpa till med surfplattan.
"""
XSS = """I: What would you tell the developers of the video software?
P3: Tell them <script>window.__pwned = 1</script> is what I typed in the chat box when the video froze. The sound failed and patients could not hear me on video.
I: How do older patients manage?
P3: Older patients need help from their family with the tablet and the video link.
"""


@pytest.fixture(scope="session")
def analysed_template(tmp_path_factory):
    root = tmp_path_factory.mktemp("workbench-template")
    files = []
    for name, text in (("en.txt", EN), ("sv.txt", SV), ("xss.txt", XSS)):
        (root / name).write_text(text, encoding="utf-8")
        files.append(root / name)
    (root / "people.csv").write_text("participant,document,profession\nP1,en.txt,GP\nP2,sv.txt,GP\nP3,xss.txt,nurse\n",
                                     encoding="utf-8")
    project = Project.init(root / "proj", "Video", "How do clinicians experience video consultations?",
                           ["training and starting with video", "examining patients at a distance",
                            "patients who are left out"])
    project.add(files)
    project.load_participants(root / "people.csv")
    project.add_memo("preconception", "I expect older patients to be left out.")
    project.run(root / "out", FAST, embedder=HashingEmbedder(256))
    project.close()
    return root / "proj"


@pytest.fixture
def analysed(analysed_template, tmp_path):
    """A fresh copy of the analysed project for one test."""
    shutil.copytree(analysed_template, tmp_path / "proj")
    project = Project(tmp_path / "proj")
    yield project
    project.close()
