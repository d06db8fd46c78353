"""How fast and how lean the packet builder is.

Builds a packet of 300 fictional letters (two thirds typed, one third
uploaded PDFs, some with translations) and a 10,000-name signer list, and
prints:

- its time as a ratio to plain ReportLab rendering of the same paragraphs
  and the same number of pages in this run (aim: under 1.5);
- its peak Python memory with 1,000 and with 10,000 signers, beside the
  growth of the output (aim: memory grows no more than the output does).

    .venv/bin/python bench/packet.py
"""
from __future__ import annotations

import gc
import io
import random
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.pagesizes import LETTER  # noqa: E402
from reportlab.pdfgen import canvas as rl_canvas  # noqa: E402
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer  # noqa: E402

from tracker.packets import fonts  # noqa: E402
from tracker.packets.layout import MARGIN, Exhibit, PacketSpec, Part, _styles, build_packet, exhibit_label  # noqa: E402

LETTERS = 300
SIGNERS = 10_000
WORDS = ("neighbour community children parish work school family years kind honest help church garden "
         "mother father friend always every week volunteer trust respect home Chicago stay together").split()
NAMES = ["Ana", "Luis", "Grace", "Tomás", "Mei", "Daniel", "Amina", "Jorge", "Олена", "Kofi", "Lucía", "Nadia"]
SURNAMES = ["Alvarado", "Brennan", "Castañeda", "Okonjo", "Pereira", "Quiroga", "Коваль", "Zamora", "Xiong"]


def paragraph(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def uploaded_pdf(pages: int) -> bytes:
    buffer = io.BytesIO()
    pdf = rl_canvas.Canvas(buffer, pagesize=LETTER)
    for page in range(pages):
        pdf.setFont("Times-Roman", 12)
        for line in range(30):
            pdf.drawString(72, 720 - line * 20, f"Scanned letter, page {page + 1}, line {line + 1}: a fictional supporter writes.")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def signers(count: int):
    rng = random.Random(7)
    for _ in range(count):
        yield f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}", rng.choice(["Chicago", "Evanston", "60608", "Oak Park"])


def make_spec(signer_count: int) -> PacketSpec:
    rng = random.Random(2026)
    uploads = {pages: uploaded_pdf(pages) for pages in (1, 2, 3)}
    exhibits = []
    for index in range(LETTERS):
        label = exhibit_label(index)
        if index % 3 == 2:
            parts = [Part(pdf=uploads[1 + index % 3], name=f"letter {label}")]
        else:
            body = "\n\n".join(paragraph(rng, rng.randint(60, 140)) for _ in range(rng.randint(3, 6)))
            parts = [Part(heading=f"Exhibit {label} — Letter", details=[("Writer", f"Writer {index}")], text=body,
                          closing="Submitted electronically.", name=f"letter {label}")]
            if index % 10 == 0:
                parts.append(Part(heading=f"Exhibit {label} — Translation", text=body, name=f"translation {label}"))
        exhibits.append(Exhibit(label=label, title=f"Letter from writer {index}", parts=parts))
    exhibits.append(Exhibit(label=exhibit_label(LETTERS), title="Petition",
                            parts=[Part(heading="Petition", text=paragraph(rng, 80), name="petition")],
                            signers=signers(signer_count), signer_count=signer_count))
    return PacketSpec(
        title="Letters of support (benchmark)", network_name="Bench Network", letterhead_lines=["1 Example St"],
        date_line="November 25, 2026", recipient_lines=["Field Office Director"], re_lines=["Re: Test Person, A# 999-000-001"],
        cover_text="\n\n".join(paragraph(rng, 80) for _ in range(4)), stamp_name="Test Person · A# 999-000-001",
        exhibits=exhibits,
    )


class _PlainRows(Flowable):
    """The baseline's signer page: the same rows, plain drawString, no fallback."""

    def __init__(self, rows):
        super().__init__()
        self.rows = rows

    def wrap(self, width, height):
        self.width, self.height = width, (len(self.rows) + 1.5) * 13
        return self.width, self.height

    def draw(self):
        y = self.height - 9
        for number, name, city in self.rows:
            self.canv.setFont("Sans", 9)
            self.canv.drawString(0, y, str(number))
            self.canv.drawString(43, y, name)
            self.canv.drawString(288, y, city)
            y -= 13


def plain_reportlab(spec: PacketSpec, upload_pages: int) -> bytes:
    """The same paragraphs and pages with plain ReportLab: the cover letter, an
    index line per exhibit, each letter's heading, details, text and closing,
    the signer rows; no stamps, page ranges, links or bookmarks, no font
    fallback, blank pages where uploads go."""
    styles = _styles()
    story = [Paragraph(spec.cover_text, styles["body"]), PageBreak(), Paragraph("Index of exhibits", styles["title"])]
    story += [Paragraph(f"{exhibit.label} {exhibit.title}", styles["cell"]) for exhibit in spec.exhibits]
    for exhibit in spec.exhibits:
        for part in exhibit.parts:
            if part.pdf is not None:
                continue
            story.append(PageBreak())
            if part.heading:
                story.append(Paragraph(part.heading, styles["heading"]))
            if part.details:
                story.append(Paragraph("<br/>".join(f"<b>{k}:</b> {v}" for k, v in part.details), styles["details"]))
            for block in (part.text or "").split("\n\n"):
                story.append(Paragraph(block, styles["body"]))
            if part.closing:
                story.append(Paragraph(part.closing, styles["closing"]))
        if exhibit.signers is not None:
            rows = [(n, name, city) for n, (name, city) in enumerate(exhibit.signers, start=1)]
            for start in range(0, len(rows), 47):
                story += [PageBreak(), _PlainRows(rows[start:start + 47])]
    for _ in range(upload_pages):
        story += [Spacer(0, 1), PageBreak()]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=LETTER, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                      bottomMargin=MARGIN).build(story)
    return buffer.getvalue()


def timed_pair(ours, baseline, repeats: int = 5) -> tuple[float, float, object]:
    """CPU time of this process (other programs on the machine barely move it),
    the two alternated and the best of each kept."""
    ours_times, baseline_times, result = [], [], None
    for _ in range(repeats):
        for function, times in ((ours, ours_times), (baseline, baseline_times)):
            gc.collect()
            start = time.process_time()
            value = function()
            times.append(time.process_time() - start)
            if function is ours:
                result = value
    return min(ours_times), min(baseline_times), result


def peak_memory(signer_count: int) -> tuple[int, int]:
    spec = make_spec(signer_count)
    gc.collect()
    tracemalloc.start()
    built = build_packet(spec)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, len(built.pdf)


def main() -> None:
    fonts.register()
    build_packet(make_spec(100))  # warm up: font loading, imports
    upload_pages = sum(1 + index % 3 for index in range(LETTERS) if index % 3 == 2)
    ours, baseline, built = timed_pair(lambda: build_packet(make_spec(SIGNERS)),
                                       lambda: plain_reportlab(make_spec(SIGNERS), upload_pages))
    print(f"packet: {LETTERS} letters, {SIGNERS:,} signers, {built.page_count} pages, {len(built.pdf) / 1e6:.1f} MB")
    print(f"CPU time: {ours:.2f} s; plain ReportLab, same paragraphs and pages: {baseline:.2f} s; "
          f"ratio {ours / baseline:.2f} (aim < 1.5)")
    small_peak, small_size = peak_memory(1_000)
    large_peak, large_size = peak_memory(SIGNERS)
    print(f"peak memory: {small_peak / 1e6:.1f} MB with 1,000 signers, {large_peak / 1e6:.1f} MB with 10,000")
    growth, output = (large_peak - small_peak) / 9, (large_size - small_size) / 9
    print(f"per 1,000 more signers: memory +{growth / 1e3:.0f} kB, output +{output / 1e3:.0f} kB "
          f"(ratio {growth / max(1, output):.1f}; aim <= 1: finished pages wait in a temporary file, see tracker/packets/spool.py)")


if __name__ == "__main__":
    main()
