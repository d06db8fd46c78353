"""Searchable text for scanned letters and photographed pages.

A scan is a picture: a court clerk's search finds nothing in it. Where
OCRmyPDF and Tesseract are installed (CI installs them; see .ci/run), a PDF
page without text or a photo gets an invisible text layer in English and
Spanish; elsewhere the packet is still built and says which exhibits are not
searchable.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

LANGUAGES = "eng+spa"
TIMEOUT = 600  # seconds for one upload; a 100-page scan takes minutes on a small machine


def available() -> bool:
    return bool(shutil.which("ocrmypdf") and shutil.which("tesseract"))


def is_scan(reader) -> bool:
    """True when the PDF holds pictures and no text a search can find (a scanner's or a phone's PDF)."""
    pictures = False
    for page in reader.pages:
        if (page.extract_text() or "").strip():
            return False
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        pictures = pictures or bool(xobjects and any(
            item.get_object().get("/Subtype") == "/Image" for item in xobjects.get_object().values()))
    return pictures


def searchable(data: bytes, image: bool = False) -> bytes | None:
    """The upload as a PDF with a text layer, or None when OCR is not installed or fails."""
    if not available():
        return None
    with tempfile.TemporaryDirectory(prefix="packet-ocr-") as folder:
        source, target = Path(folder) / ("upload.img" if image else "upload.pdf"), Path(folder) / "searchable.pdf"
        source.write_bytes(data)
        command = ["ocrmypdf", "--quiet", "-l", LANGUAGES, "--output-type", "pdf", "--optimize", "0"]
        # A photo carries no page size; a PDF keeps any text it already has.
        command += ["--image-dpi", "200"] if image else ["--skip-text"]
        try:
            result = subprocess.run([*command, str(source), str(target)], capture_output=True, timeout=TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        if result.returncode != 0 or not target.exists():
            return None
        return target.read_bytes()
