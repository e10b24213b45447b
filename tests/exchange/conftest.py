"""A small analysed project (hashing embedder, no model) with everything REFI-QDA carries:
participants with typed attributes, memos, human edits, units with emoji and accents (so
code points and UTF-16 units differ), themes, subgroups, condensates and categories."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from condense.api import Project, RunSettings
from condense.engines import HashingEmbedder

SHARED = Path(__file__).resolve().parents[3] / "shared" / "refi"
FIXTURES = SHARED / "fixtures"

EN = """I: How did you start with video consultations?
P1: We started in March 2020 when the pandemic came 😷. Nobody trained us, we learned by doing it with the patients. The software crashed often and the sound was bad.
I: What about examining patients on video?
P1: You cannot touch the abdomen or listen to the chest on video. If I want to examine someone properly they have to come in to the surgery. I worry that I miss something serious on the screen 🩺.
I: Which patients find video hard?
P1: Older patients without a smartphone struggle with video. Their daughter often has to set up the tablet for them. Working parents love video because they do not need time off work.
"""
SV = """I: Hur började ni med videobesök?
IP: Vi började under pandemin och ingen utbildade oss 😩. Programmet kraschade ofta och ljudet var dåligt.
I: Hur undersöker du patienter på video?
IP: Man kan inte känna på magen eller lyssna på lungorna via video. Jag är rädd att missa något allvarligt på skärmen.
I: Vilka patienter har svårt med video?
IP: Äldre patienter utan smartphone har svårt med video. Dottern får ofta hjälpa till med surfplattan.
"""
DA = """Interviewer: Hvordan begyndte I med videokonsultationer?
Informant: Vi begyndte under pandemien, og ingen uddannede os. Programmet gik ned hele tiden, og lyden var dårlig.
Interviewer: Hvordan undersøger du patienter på video?
Informant: Man kan ikke mærke på maven eller lytte på lungerne over video. Jeg er bange for at overse noget alvorligt.
Interviewer: Hvilke patienter har svært ved video?
Informant: Ældre patienter uden smartphone har svært ved video. Datteren må ofte hjælpe med tabletten.
"""


def _build(root: Path) -> Path:
    files = []
    for name, text in (("en.txt", EN), ("sv.txt", SV), ("da.txt", DA)):
        (root / name).write_text(text, encoding="utf-8")
        files.append(root / name)
    (root / "people.csv").write_text("participant,document,pseudonym,sex,age,height\nP1,en.txt,GP1,female,45,1.7\n"
                                     "P2,sv.txt,GP2,male,52,1.82\nP3,da.txt,N1,female,38,1.65\n", encoding="utf-8")
    project = Project.init(root / "proj", "Video", "How do clinicians experience video consultations?",
                           ["training and starting with video", "patients who are left out"])
    project.add(files)
    project.load_participants(root / "people.csv")
    project.add_memo("preconception", "I expect older patients to be left out.")
    project.run(root / "out", RunSettings(embedder="hashing", relevance_threshold=-1.0, k_min=2, k_max=4),
                embedder=HashingEmbedder(256))
    theme = project.analysis()["themes"][0]["id"]
    project.rename_theme(theme, "Getting started", "How video began in practice")
    doc = project.documents()[0]
    start = doc.text.index("Working parents")
    uid = project.add_unit(doc.id, start, doc.text.index("work.", start) + 5)
    project.code_unit(uid, theme, coder="Anna")
    project.add_memo("reflexive", "Parents and working time: ask more next time.", author="Anna", target_id=uid)
    project.add_memo("decision", "Kept the theme label short.", target_id=theme)
    project.close()
    return root / "proj"


@pytest.fixture(scope="session")
def _built(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("refi-source"))


@pytest.fixture
def coded_project(_built, tmp_path):
    """A fresh copy of the analysed project for each test (tests may change it)."""
    shutil.copytree(_built, tmp_path / "coded")
    project = Project(tmp_path / "coded")
    yield project
    project.close()


@pytest.fixture
def schemas():
    xmlschema = pytest.importorskip("xmlschema")
    if not (SHARED / "Project.xsd").is_file():
        pytest.skip(f"the REFI-QDA schemas are not at {SHARED}")
    return xmlschema.XMLSchema(SHARED / "Project.xsd"), xmlschema.XMLSchema(SHARED / "Codebook.xsd")


@pytest.fixture
def fixtures_dir():
    if not FIXTURES.is_dir():
        pytest.skip(f"the real REFI-QDA files are not at {FIXTURES}")
    return FIXTURES
