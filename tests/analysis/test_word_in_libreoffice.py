"""Acceptance: the Word report that ``run`` writes opens in LibreOffice. LibreOffice converts it
to PDF headless, and page 1 is rendered to PNG (poppler's pdftoppm) and kept as a test artefact
in test-artifacts/ (git-ignored) for a person to look at.

`make install` installs both (scripts/system-packages.sh); where they are missing the test tries
that script once, and skips with the reason only if they still cannot be had."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from condense.api import RunSettings

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
PACKAGES = ("libreoffice-writer-nogui", "poppler-utils")


def _tools() -> tuple[str | None, str | None]:
    return shutil.which("soffice") or shutil.which("libreoffice"), shutil.which("pdftoppm")


@pytest.fixture(scope="module")
def tools():
    office, pdftoppm = _tools()
    if not (office and pdftoppm):
        subprocess.run(["bash", str(ROOT / "scripts" / "system-packages.sh"), *PACKAGES], timeout=900, check=False)
        office, pdftoppm = _tools()
    if not (office and pdftoppm):
        pytest.skip(f"LibreOffice or pdftoppm is missing and could not be installed "
                    f"(scripts/system-packages.sh {' '.join(PACKAGES)})")
    return office, pdftoppm


@pytest.mark.slow
def test_report_docx_opens_in_libreoffice(tools, small_project, tmp_path, fake_embedder):
    office, pdftoppm = tools
    settings = RunSettings(embedder="hashing", relevance_threshold=-1.0, k_min=2, k_max=4)
    small_project.run(tmp_path / "out", settings, embedder=fake_embedder)
    profile = tmp_path / "lo-profile"  # an own profile: parallel or earlier runs cannot lock us out
    proc = subprocess.run(
        [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(tmp_path / "out" / "report.docx")],
        capture_output=True, text=True, timeout=240)
    pdf = tmp_path / "pdf" / "report.pdf"
    assert pdf.is_file(), f"LibreOffice made no PDF: {proc.stdout} {proc.stderr}"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 10_000
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run([pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(ARTIFACTS / "report-page1")], check=True, timeout=120)
    page = ARTIFACTS / "report-page1.png"
    assert page.is_file() and page.read_bytes().startswith(b"\x89PNG") and page.stat().st_size > 5_000
    shutil.copy(pdf, ARTIFACTS / "report.pdf")
    info = subprocess.run([shutil.which("pdfinfo") or "pdfinfo", str(pdf)], capture_output=True, text=True)
    pages = int(next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:")))
    assert pages >= 4, "title, methods, results, codebook and checklists take several pages"
