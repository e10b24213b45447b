"""Every input format, built as a real file, and the speaker-label conventions: text, speakers,
roles and offsets (``text[turn.start:turn.end]`` is exactly the utterance)."""

from __future__ import annotations

import io

import pytest

from condense.ingest import detect_language, parse_transcript
from condense.spans import normalise

DIALOGUE = [
    ("Interviewer", "interviewer", "How did video consultations start for you?"),
    ("Åsa", "informant", "In March, överallt at once. We had no training, ingen alls 😀."),
    ("Interviewer", "interviewer", "And what about examining patients?"),
    ("Åsa", "informant", "You can't feel a tummy through a screen, but rashes work if the light's good."),
]


def turns_of(parsed):
    return [(t.speaker, t.role, parsed.text[t.start:t.end]) for t in parsed.turns]


def parse_file(path, **kwargs):
    return parse_transcript(path.name, path.read_bytes(), **kwargs)


def assert_dialogue(parsed, fmt, dialogue=DIALOGUE):
    assert parsed.format == fmt
    assert parsed.text == normalise(parsed.text) and "\r" not in parsed.text
    assert turns_of(parsed) == list(dialogue)
    assert parsed.language == "en"
    assert len(parsed.sha256) == 64


def make_pdf(lines: list[str]) -> bytes:
    """A minimal one-page PDF: Helvetica (WinAnsi), one text line per entry."""
    def esc(s):
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = ("BT /F1 11 Tf 14 TL 50 760 Td " + " ".join(f"({esc(ln)}) Tj T*" for ln in lines) + " ET").encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# -- one test per format ------------------------------------------------------------------
def test_txt(tmp_path):
    f = tmp_path / "P1.txt"
    f.write_bytes(("Interview 1, 12 March 2025\r\n\r\n" + "\r\n\r\n".join(
        f"{s}: {u}" for s, _r, u in DIALOGUE) + "\r\n").encode("utf-8-sig"))
    parsed = parse_file(f)
    assert_dialogue(parsed, "txt")
    assert parsed.text.startswith("Interview 1, 12 March 2025\n\nInterviewer: How")


def test_md_bold_labels(tmp_path):
    f = tmp_path / "P2.md"
    f.write_text("# Interview 2\n\n*Held on video; name changed.*\n\n" + "\n\n".join(
        f"**{s}:** {u}" for s, _r, u in DIALOGUE) + "\n", encoding="utf-8")
    assert_dialogue(parse_file(f), "md")


def test_docx_text_labels(tmp_path, make_docx):
    f = tmp_path / "P3.docx"
    f.write_bytes(make_docx(["Interview 3 (video)"] + [f"{s}: {u}" for s, _r, u in DIALOGUE]))
    parsed = parse_file(f)
    assert_dialogue(parsed, "docx")
    assert parsed.text.split("\n")[0] == "Interview 3 (video)"


def test_docx_bold_names_without_colon(tmp_path, make_docx):
    f = tmp_path / "P4.docx"
    f.write_bytes(make_docx(["Interview 4"] + [(s, " " + u) for s, _r, u in DIALOGUE]))
    parsed = parse_file(f)
    assert_dialogue(parsed, "docx")
    assert "Åsa In March" in parsed.text  # the label stays in the text, outside the turn


def test_pdf(tmp_path):
    lines = ["Interview 5, 2 April 2025"] + [f"{s}: {u}" for s, _r, u in DIALOGUE[:2]]
    lines[2] = lines[2].replace(" 😀", "")  # Helvetica/WinAnsi has no emoji
    lines += [f"{s}: {u}" for s, _r, u in DIALOGUE[2:]]
    f = tmp_path / "P5.pdf"
    f.write_bytes(make_pdf(lines))
    expected = [DIALOGUE[0], (*DIALOGUE[1][:2], DIALOGUE[1][2].replace(" 😀", "")), *DIALOGUE[2:]]
    assert_dialogue(parse_file(f), "pdf", expected)


def test_odt(tmp_path):
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    doc = OpenDocumentText()
    for line in ["Intervju 6"] + [f"{s}: {u}" for s, _r, u in DIALOGUE]:
        doc.text.addElement(P(text=line))
    buf = io.BytesIO()
    doc.write(buf)
    f = tmp_path / "P6.odt"
    f.write_bytes(buf.getvalue())
    assert_dialogue(parse_file(f), "odt")


VTT = """WEBVTT

NOTE recorded on Teams

1
00:00:01.000 --> 00:00:04.500
<v Interviewer>How did video consultations start for you?</v>

2
00:00:05.000 --> 00:00:08.000
<v Åsa>In March, överallt at once.</v>

3
00:00:08.200 --> 00:00:12.250
<v Åsa>We had no training,
ingen alls 😀.</v>

00:00:13.000 --> 00:00:15.000
<v Interviewer>And what about examining patients?</v>

01:00:16.000 --> 01:00:20.040
<v.loud Åsa>You can't feel a tummy through a screen, but rashes work if the light's good.</v>
"""


def test_vtt_voices_times_and_merging(tmp_path):
    f = tmp_path / "P7.vtt"
    f.write_text(VTT.replace("\n", "\r\n"), encoding="utf-8")
    parsed = parse_file(f)
    assert_dialogue(parsed, "vtt")
    times = [(t.time_start_ms, t.time_end_ms) for t in parsed.turns]
    assert times == [(1000, 4500), (5000, 12250), (13000, 15000), (3_616_000, 3_620_040)]


def test_vtt_two_voices_quieter_first_is_interviewer(tmp_path):
    long = "I mostly see older patients on the phone, not on video, because the video link fails so often."
    cues = [("Anna", "How is it?"), ("Bo", long), ("Anna", "Why?"), ("Bo", long)]
    body = "".join(f"00:00:{2 * i:02d}.000 --> 00:00:{2 * i + 1:02d}.000\n<v {s}>{u}\n\n" for i, (s, u) in enumerate(cues))
    f = tmp_path / "two.vtt"
    f.write_text("WEBVTT\n\n" + body, encoding="utf-8")
    assert [(t.speaker, t.role) for t in parse_file(f).turns] == [
        ("Anna", "interviewer"), ("Bo", "informant"), ("Anna", "interviewer"), ("Bo", "informant")]


def test_srt_name_labels(tmp_path):
    cues = [f"{s}: {u}" for s, _r, u in DIALOGUE]
    cues[1] = cues[1].replace(" We had", "\nWe had")  # a two-line cue
    f = tmp_path / "P8.srt"
    f.write_text("".join(f"{i}\n00:00:{2 * i:02d},000 --> 00:00:{2 * i + 1:02d},500\n{c}\n\n"
                         for i, c in enumerate(cues, 1)), encoding="utf-8")
    parsed = parse_file(f)
    assert_dialogue(parsed, "srt")
    assert [(t.time_start_ms, t.time_end_ms) for t in parsed.turns][:2] == [(2000, 3500), (4000, 5500)]


# -- speaker conventions -------------------------------------------------------------------------
def parse_txt(text: str, **kwargs):
    return parse_transcript("t.txt", text.encode("utf-8"), **kwargs)


@pytest.mark.parametrize("q, a", [("I", "P3"), ("Q", "A"), ("Interviewer", "Karin"), ("Int", "IP"),
                                  ("Intervjuare", "Informant 2")])
def test_label_conventions(q, a):
    parsed = parse_txt(f"{q}: Hur började det?\n\n{a}: Med pandemin.\n\n{q}: Och sedan?\n\n{a}: Det blev vardag.\n")
    assert turns_of(parsed) == [(q, "interviewer", "Hur började det?"), (a, "informant", "Med pandemin."),
                                (q, "interviewer", "Och sedan?"), (a, "informant", "Det blev vardag.")]


def test_timestamps_before_labels():
    parsed = parse_txt("[00:01:02] I: When did it start?\n[00:01:09] P3: In 2020.\n"
                       "00:02:10 I: And now?\n(00:02:15) P3: Every day: mornings only.\n")
    assert turns_of(parsed) == [("I", "interviewer", "When did it start?"), ("P3", "informant", "In 2020."),
                                ("I", "interviewer", "And now?"), ("P3", "informant", "Every day: mornings only.")]


def test_interviewer_override_and_speaker_map():
    text = "Anna: How was it?\nBo: Fine.\nTolk: (translates)\nAnna: Really?\nBo: Mostly.\nTolk: Hm.\nDr Hansen: Hm.\n"
    parsed = parse_txt(text)
    assert [(t.speaker, t.role) for t in parsed.turns] == [
        ("Anna", "informant"), ("Bo", "informant"), ("Tolk", "other"), ("Anna", "informant"),
        ("Bo", "informant"), ("Tolk", "other")]
    # "Dr Hansen" occurs once and is no known role word: it continues the turn before it.
    assert parsed.text[parsed.turns[-1].start:parsed.turns[-1].end] == "Hm.\nDr Hansen: Hm."
    parsed = parse_txt(text, interviewer=["anna"])
    assert [(t.speaker, t.role) for t in parsed.turns][:3] == [
        ("Anna", "interviewer"), ("Bo", "informant"), ("Tolk", "other")]
    # A label named in the speaker map is a speaker even if it occurs once.
    parsed = parse_txt(text, speaker_map={"Anna": "interviewer", "dr hansen": "other", "Tolk": "informant"})
    assert [(t.speaker, t.role) for t in parsed.turns] == [
        ("Anna", "interviewer"), ("Bo", "informant"), ("Tolk", "informant"), ("Anna", "interviewer"),
        ("Bo", "informant"), ("Tolk", "informant"), ("Dr Hansen", "other")]


def test_no_labels_paragraphs_become_informant_turns():
    text = "It started in March.\n\n  We had no training at all.  \n\nNow it is routine: mostly phone calls.\n"
    parsed = parse_txt(text)
    assert turns_of(parsed) == [("Informant", "informant", "It started in March."),
                                ("Informant", "informant", "We had no training at all."),
                                ("Informant", "informant", "Now it is routine: mostly phone calls.")]


def test_header_is_not_a_turn_and_unlabelled_paragraph_continues():
    text = ("Interview 9, 3 May 2025, duration 40 min\nHeld at the practice.\n\n"
            "I: Tell me about the first week.\n\nP2: Chaos, honestly.\n\nWe borrowed laptops from the library.\n\n"
            "I: And after that?\n\nP2: Better.\n")
    parsed = parse_txt(text)
    assert turns_of(parsed) == [
        ("I", "interviewer", "Tell me about the first week."),
        ("P2", "informant", "Chaos, honestly.\n\nWe borrowed laptops from the library."),
        ("I", "interviewer", "And after that?"), ("P2", "informant", "Better.")]
    split = parse_txt(text, unlabelled="informant")
    assert [turns_of(split)[i][2] for i in (1, 2)] == ["Chaos, honestly.", "We borrowed laptops from the library."]


def test_a_capitalised_phrase_said_once_is_not_a_speaker():
    parsed = parse_txt("I: What happened?\nP1: Well.\nThe Monday after: we closed.\nI: Why?\nP1: Staff.\n")
    assert [t.speaker for t in parsed.turns] == ["I", "P1", "I", "P1"]
    assert parsed.text[parsed.turns[1].start:parsed.turns[1].end] == "Well.\nThe Monday after: we closed."


# -- language -------------------------------------------------------------------------------------
SAMPLES = {
    "en": "I think the video calls worked well for most of my patients, but the older ones struggled.",
    "sv": "Jag tycker att videosamtalen fungerade bra för de flesta av mina patienter, men de äldre hade svårt.",
    "da": "Jeg synes, at videokonsultationerne fungerede godt for de fleste af mine patienter, men de ældre havde svært.",
    "de": "Ich finde, dass die Videosprechstunden für die meisten meiner Patienten gut funktioniert haben.",
    "no": "Jeg synes at videokonsultasjonene fungerte bra for de fleste av pasientene mine, men de eldre syntes det var vanskelig.",
}


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_language_from_informant_text(lang):
    assert detect_language(SAMPLES[lang]) == lang
    # The interviewer speaks English; the language comes from the informant's turns.
    parsed = parse_txt(f"I: Could you tell me how it went?\nP1: {SAMPLES[lang]}\nI: Thanks, and then?\n"
                       f"P1: {SAMPLES[lang]}\n")
    assert parsed.language == lang
    assert parse_txt(f"P1: {SAMPLES[lang]}\nP1: ok\n", language="fi").language == "fi"
