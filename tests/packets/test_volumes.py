"""A packet larger than an e-filing system takes is split between exhibits into numbered volumes."""
from __future__ import annotations

import io
import random
import re
import zipfile

import pytest
from PIL import Image

from tests.packets import page_texts, read
from tests.packets.test_layout import letter, make_spec
from tracker.packets import ocr, volumes
from tracker.packets.layout import Exhibit, Part, build_packet, exhibit_label

LIMIT = 500_000


def _heavy_scan(seed: int) -> bytes:
    """A one-page PDF of about 300 kB: a photo of noise, which no compression shrinks."""
    rng = random.Random(seed)
    image = Image.frombytes("L", (560, 560), bytes(rng.getrandbits(8) for _ in range(560 * 560)))
    out = io.BytesIO()
    image.convert("RGB").save(out, "PDF", resolution=100)
    return out.getvalue()


def _spec(count: int = 7, **changes):
    exhibits = []
    for index in range(count):
        label = exhibit_label(index)
        if index % 2:
            exhibits.append(letter(label, f"Typed Example {label}"))
        else:
            exhibits.append(letter(label, f"Scan Example {label}", Part(pdf=_heavy_scan(index), name=f"the letter (Exhibit {label})")))
    signers = [(f"Signer Example {number}", "Springfield") for number in range(1, 121)]
    exhibits.append(Exhibit(label=exhibit_label(count), title="Petition",
                            parts=[Part(heading="Petition", text="We ask.", name="the petition")],
                            signers=signers, signer_count=len(signers)))
    return make_spec(exhibits, bates_prefix="ROSA", service_text="I served a copy on DHS.", **changes)


@pytest.fixture(scope="module", autouse=True)
def _no_ocr():
    """The scans here are only weight: no need to read them."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ocr, "available", lambda: False)
        yield


@pytest.fixture(scope="module")
def split():
    spec = _spec()
    return spec, volumes.split(spec, LIMIT)


def test_a_packet_over_the_limit_becomes_volumes_each_under_it(split):
    spec, parts = split
    assert len(build_packet(_spec()).pdf) > LIMIT
    assert len(parts.volumes) >= 2
    assert all(len(volume.pdf) <= LIMIT for volume in parts.volumes)
    assert all("not searchable" in warning for warning in parts.warnings)
    # Split between exhibits: every exhibit once, in order, none cut.
    assert [label for labels in parts.labels for label in labels] == [exhibit.label for exhibit in spec.exhibits]


def test_each_volume_is_stamped_and_indexed_with_what_it_holds(split):
    _, parts = split
    total = len(parts.volumes)
    for number, (volume, labels) in enumerate(zip(parts.volumes, parts.labels, strict=True), start=1):
        pages = page_texts(volume.pdf)
        assert len(pages) == volume.page_count
        for page_number, text in enumerate(pages, start=1):
            assert f"Vol. {number} · Page {page_number} of {volume.page_count}" in text
        index = next(text for text in pages if f"Index of exhibits — Volume {number} of {total}" in text)
        assert [label for label in re.findall(r"(?:^| )([A-H]) (?:Letter|Petition)", index)] == labels
        outline = [item.title for item in read(volume.pdf).outline]
        assert [f"Exhibit {label}" for label in labels] == [title.split(":")[0] for title in outline if title.startswith("Exhibit")]
        assert ("Cover letter" in outline) == (number == 1)
        assert ("Certificate of service" in outline) == (number == total)
        if number > 1:
            assert f"Volume {number} of {total}" in pages[0] and "The cover letter is in Volume 1" in pages[0]


def test_page_counts_add_up_and_bates_numbers_run_on_across_volumes(split):
    _, parts = split
    bates = [int(number) for volume in parts.volumes for text in page_texts(volume.pdf)
             for number in re.findall(r"ROSA-(\d{6})", text)]
    assert bates == list(range(1, sum(volume.page_count for volume in parts.volumes) + 1))


def test_the_signer_list_is_read_again_for_its_volume(split):
    _, parts = split
    last = " ".join(page_texts(parts.volumes[-1].pdf))
    assert "Signer Example 1 Springfield" in last and "Signer Example 120 Springfield" in last


def test_a_packet_under_the_limit_is_one_unchanged_volume():
    spec = make_spec([letter("A", "Typed Example")])
    parts = volumes.split(spec, LIMIT)
    assert len(parts.volumes) == 1 and "Vol." not in " ".join(page_texts(parts.volumes[0].pdf))


def test_an_exhibit_alone_over_the_limit_is_named():
    parts = volumes.split(_spec(3), 200_000)
    assert any("Exhibit A alone is larger" in warning for warning in parts.warnings)


def test_the_zip_holds_every_volume_in_order(split):
    _, parts = split
    archive = zipfile.ZipFile(io.BytesIO(parts.zip("packet-v1")))
    total = len(parts.volumes)
    assert archive.namelist() == [f"packet-v1-vol{number}-of-{total}.pdf" for number in range(1, total + 1)]
    assert archive.read(archive.namelist()[0]) == parts.volumes[0].pdf


def test_the_estimate_before_building_is_near_the_size():
    spec = _spec()
    size = len(build_packet(_spec()).pdf)
    assert 0.5 * size <= volumes.estimate(spec) <= 2 * size
