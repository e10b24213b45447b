"""Shared fixtures for the ingest, store, spans and CLI tests: a fresh project, a snapshot of
what a project holds, and a tiny .docx builder."""

from __future__ import annotations

import io

import pytest

QUESTION = "How do clinicians experience video consultations?"


@pytest.fixture
def project(tmp_path):
    from condense.api import Project

    p = Project.init(tmp_path / "proj", "Test study", QUESTION)
    yield p
    p.close()


@pytest.fixture
def state():
    """``state(project)`` -> everything a failed command must leave unchanged."""

    def snapshot(p):
        return p.status(), p.events(), [(d.id, d.text, d.turns, d.participant_id) for d in p.documents()]

    return snapshot


@pytest.fixture
def make_docx():
    """``make_docx([str | (bold_run, rest), ...])`` -> the bytes of a real .docx."""

    def build(paragraphs) -> bytes:
        import docx

        document = docx.Document()
        for para in paragraphs:
            if isinstance(para, str):
                document.add_paragraph(para)
            else:
                bold, rest = para
                p = document.add_paragraph()
                p.add_run(bold).bold = True
                p.add_run(rest)
        buf = io.BytesIO()
        document.save(buf)
        return buf.getvalue()

    return build
