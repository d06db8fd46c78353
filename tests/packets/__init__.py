"""Packet tests, and the few ways they read a packet PDF back (pypdf only)."""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

PAGE_OF = re.compile(r"Page (\d+) of (\d+)")


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes | PdfReader) -> list[str]:
    """Each page's text with whitespace collapsed ("Page N of" and M are in two objects)."""
    reader = pdf if isinstance(pdf, PdfReader) else read(pdf)
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def index_ranges(pages: list[str], rows: list[tuple[str, str]]) -> dict[str, tuple[int, int]]:
    """The page range the index prints for each (label, title) row: {label: (first, last)}.
    The index is every page stamped "Index of exhibits"."""
    index = " ".join(text for text in pages if re.search(r"Index of exhibits [^·]* · A# [^·]*Page \d+ of \d+$", text))
    assert index, "no index page"
    ranges = {}
    for label, title in rows:
        match = re.search(re.escape(f"{label} {title}") + r" (\d+)(?:–(\d+))?(?!\d)", index)
        assert match, f"no index row for {label} {title!r} in {index!r}"
        first = int(match.group(1))
        ranges[label] = (first, int(match.group(2) or first))
    return ranges


def stamped_label(text: str, stamp_name: str) -> str:
    """The label stamped in the bottom margin of a page: what comes just before
    the stamp name (the person's name and A-number) and "Page N of M"."""
    before, found, after = text.rpartition(f" {stamp_name} ")
    assert found and PAGE_OF.fullmatch(after), f"no stamp at the end of {text[-160:]!r}"
    match = re.search(r"(Cover letter|Index of exhibits|Exhibit [A-Z]+|Certificate of service)$", before)
    assert match, f"no label before the stamp in {before[-80:]!r}"
    return match.group(1)


def upload_placements(page) -> list[tuple[list[float], list[float]]]:
    """(matrix, form bbox) of each uploaded page drawn on a packet page: the `cm`
    in effect where the page content says `Do` for a form named Upload…"""
    placements = []
    stack, matrix = [], [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    xobjects = page["/Resources"].get("/XObject", {})
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"q":
            stack.append(matrix)
        elif operator == b"Q":
            matrix = stack.pop()
        elif operator == b"cm":
            matrix = multiply([float(value) for value in operands], matrix)
        elif operator == b"Do" and str(operands[0]).startswith("/FormXob.Upload"):
            form = xobjects[operands[0]].get_object()
            placements.append((matrix, [float(value) for value in form["/BBox"]]))
    return placements


def multiply(first: list[float], second: list[float]) -> list[float]:
    """PDF matrix product: `first` applied, then `second`."""
    a, b, c, d, e, f = first
    A, B, C, D, E, F = second
    return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F]


def apply(matrix: list[float], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def qpdf_check(pdf: bytes, folder: Path) -> None:
    """`qpdf --check` must pass; without qpdf the test is skipped, except under CI where it fails."""
    if not shutil.which("qpdf"):
        if os.environ.get("CI"):
            pytest.fail("qpdf is missing under CI (.ci/run installs it)")
        pytest.skip("qpdf is not installed here (apt-get install qpdf)")
    path = folder / "packet.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout
