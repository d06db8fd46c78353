"""Searchable text for scanned letters and photographed pages.

A scan is a picture: a court clerk's search finds nothing in it. Where
OCRmyPDF and Tesseract are installed (CI installs them; see .ci/run), a PDF
page without text or a photo gets an invisible text layer in English and
Spanish; elsewhere the packet is still built and says which exhibits are not
searchable.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

LANGUAGES = "eng+spa"
TIMEOUT = 600  # seconds for one upload; a 100-page scan takes minutes on a small machine


def available() -> bool:
    return bool(shutil.which("ocrmypdf") and shutil.which("tesseract"))


def is_scan(reader) -> bool:
    """True when the PDF holds pictures and no text a search can find (a scanner's or a phone's PDF).

    Read from the page resources and the operators of the content streams, not by extracting
    the text: a typed PDF of many pages is answered at the first page that shows text."""
    pictures = False
    for page in reader.pages:
        has_text, has_picture = _text_and_pictures(page.get("/Resources"), page.get_contents())
        if has_text:
            return False
        pictures = pictures or has_picture
    return pictures


_SHOWS_TEXT = re.compile(rb"(?:^|[\s\])>])(?:Tj|TJ|'|\")(?:$|[\s/\[(<])")


def _text_and_pictures(resources, contents, depth: int = 0) -> tuple[bool, bool]:
    """(shows text, holds a picture) for a page or a form object and the forms it draws."""
    resources = resources.get_object() if resources is not None else {}
    fonts = resources.get("/Font")
    if fonts is not None and fonts.get_object() and contents is not None and _SHOWS_TEXT.search(contents.get_data()):
        return True, False
    pictures = False
    xobjects = resources.get("/XObject")
    for item in (xobjects.get_object().values() if xobjects is not None else []):
        item = item.get_object()
        if item.get("/Subtype") == "/Image":
            pictures = True
        elif item.get("/Subtype") == "/Form" and depth < 8:
            text, picture = _text_and_pictures(item.get("/Resources"), item, depth + 1)
            if text:
                return True, picture
            pictures = pictures or picture
    return False, pictures


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
