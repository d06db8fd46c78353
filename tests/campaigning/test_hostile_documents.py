"""Documents that cannot hurt: a PDF or image built to exhaust the server is refused
at upload with its reason (the rest of the form kept), checking it costs a bounded
amount of memory, and nothing a writer's camera or software hid in a file
(a comment, EXIF, XMP, IPTC, PNG text) is kept or served."""
from __future__ import annotations

import io
import re
import struct
import tracemalloc
import urllib.request
import zlib

import pytest
from PIL import Image, ImageCms, ImageFile, PngImagePlugin
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

from tests import factories
from tracker.campaigns.models import Campaign
from tracker.extensions import db
from tracker.files import services as files
from tracker.files.models import StoredFile
from tracker.letters.models import Letter
from tracker.security.audit import AuditEntry
from tracker.security.crypto import cipher

MB = 1024 * 1024
ADDRESS = "Taken at 1847 W Example Ave, Chicago"
LETTER = {"author_name": "Pat Writer", "relation": "community", "relationship_detail": "neighbour", "known_for": "4 years",
          "organization": "", "author_contact": "", "language": "English", "body": "", "translation_text": "",
          "translator_name": "", "translator_address": "", "translator_statement": "", "website": ""}


# --- Hostile files, built in memory -------------------------------------------------------------


def _pdf_with_streams(pages: list[list[tuple[bytes, str | list[str]]]], *, repeat: int = 1) -> bytes:
    """A PDF whose pages draw the given (encoded data, filter or filters) content streams,
    each listed `repeat` times."""
    writer = PdfWriter()
    for streams in pages:
        page = writer.add_blank_page(612, 792)
        references = []
        for data, name in streams:
            stream = StreamObject()
            stream._data = data  # noqa: SLF001 - the bytes exactly as encoded
            stream[NameObject("/Filter")] = (
                NameObject(name) if isinstance(name, str) else ArrayObject(NameObject(each) for each in name)
            )
            references.append(writer._add_object(stream))  # noqa: SLF001
        page[NameObject("/Contents")] = ArrayObject(references * repeat)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _deflated(megabytes: float) -> bytes:
    """A content stream (blank space between drawing operators) that inflates to
    `megabytes`, compressed a thousand to one."""
    block = b"0 0 m S" + b" " * (MB - 7)
    compressor = zlib.compressobj(9)
    whole, rest = divmod(int(megabytes * MB), len(block))
    return b"".join(compressor.compress(block) for _ in range(whole)) + compressor.compress(block[:rest]) + compressor.flush()


def _pdf_bomb() -> bytes:
    """The penetration test's file: one compressed stream that inflates to 74 MB, drawn 8 times on its page."""
    return _pdf_with_streams([[(_deflated(74), "/FlateDecode")]], repeat=8)


def _pdf_sharing_a_form(data: bytes, pages: int) -> bytes:
    """Pages that all draw one shared form XObject (as a letterhead or a font is shared)."""
    writer = PdfWriter()
    form = StreamObject()
    form._data = data  # noqa: SLF001
    form.update({NameObject("/Filter"): NameObject("/FlateDecode"), NameObject("/Type"): NameObject("/XObject"),
                 NameObject("/Subtype"): NameObject("/Form")})
    shared = writer._add_object(form)  # noqa: SLF001
    for _ in range(pages):
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/XObject"): DictionaryObject({NameObject("/Fm0"): shared})}
        )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _many_pages(count: int) -> bytes:
    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(612, 792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _blank_png(width: int, height: int) -> bytes:
    """A grey PNG of any size, written row by row: a few hundred KB that decode to width × height pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\x80" * width
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _jpeg(width: int = 90, height: int = 60) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, "JPEG")
    return buffer.getvalue()


def _jpeg_full_of_metadata() -> bytes:
    """A phone-style JPEG with the address in its comment, EXIF, XMP and IPTC blocks, and an ICC profile."""
    exif = Image.Exif()
    exif[0x010E] = ADDRESS  # ImageDescription
    exif[0x0112] = 6  # taken sideways: must come out upright
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), "teal").save(buffer, "JPEG", comment=ADDRESS.encode(), exif=exif,
                                             xmp=f"<x:xmpmeta><dc:description>{ADDRESS}</dc:description></x:xmpmeta>".encode(),
                                             icc_profile=profile)
    data = buffer.getvalue()
    iptc = b"Photoshop 3.0\x00" + b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(ADDRESS)) + ADDRESS.encode()
    return data[:2] + b"\xff\xed" + struct.pack(">H", len(iptc) + 2) + iptc + data[2:]


def _png_full_of_metadata() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", ADDRESS)
    info.add_text("Location", ADDRESS, zip=True)
    info.add_itxt("Description", ADDRESS)
    exif = Image.Exif()
    exif[0x010E] = ADDRESS
    buffer = io.BytesIO()
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("RGB", (80, 60), "teal").save(buffer, "PNG", pnginfo=info, exif=exif, icc_profile=profile)
    return buffer.getvalue()


def _jpeg_segments(data: bytes) -> list[int]:
    """The marker of every segment before the image data (APP0...APP15, COM, tables...)."""
    markers, position = [], 2
    while position < len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xDA:  # start of scan: pixel data follows
            break
        markers.append(marker)
        position += 2 + struct.unpack(">H", data[position + 2:position + 4])[0]
    return markers


def _png_chunks(data: bytes) -> list[bytes]:
    chunks, position = [], 8
    while position < len(data):
        length = struct.unpack(">I", data[position:position + 4])[0]
        chunks.append(data[position + 4:position + 8])
        position += 12 + length
    return chunks


@pytest.fixture
def decoded_sizes(monkeypatch):
    """The size of every image Pillow decodes during the test."""
    sizes: list[tuple[int, int]] = []
    load = ImageFile.ImageFile.load

    def spy(image):
        sizes.append(image.size)
        return load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    return sizes


@pytest.fixture
def letters_page(app):
    case = factories.consenting_case()
    factories.make_campaign(case, slug="letters-here")
    return "/c/letters-here/letter"


def _send(client, url, **uploads):
    fields = {name: (io.BytesIO(data), filename) for name, (data, filename) in uploads.items()}
    return client.submit(url, {**LETTER, "body": "Dear judge, I know them well.", **fields},
                         content_type="multipart/form-data")


def _error_beside(page: str, field: str) -> str:
    """The error text shown with a field of the form."""
    match = re.search(rf'id="{field}"(.*?)</div>', page, flags=re.S)
    assert match, f"no field {field} on the page"
    return " ".join(re.findall(r'class="error"[^>]*>([^<]+)<', match.group(0)))


# --- PDFs --------------------------------------------------------------------------------------


def test_the_pdf_bomb_is_refused_from_the_public_letter_form_and_the_letter_is_kept(client, letters_page):
    bomb = _pdf_bomb()
    assert len(bomb) < 100 * 1024
    page = _send(client, letters_page, letter_files=(bomb, "letter.pdf")).get_data(as_text=True)
    assert "Page 1 of this PDF holds more than 40 MB of content once unpacked" in page
    assert "Dear judge, I know them well." in page and 'value="Pat Writer"' in page
    assert Letter.query.count() == 0 and StoredFile.query.count() == 0


def test_checking_the_pdf_bomb_never_holds_it_in_memory(app):
    bomb = _pdf_bomb()
    tracemalloc.start()
    try:
        with pytest.raises(files.UploadRefused, match="more than 40 MB"):
            files.check_upload(bomb, "letter.pdf")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * MB  # the stream alone would be 74 MB, drawn eight times 592 MB


def test_a_five_thousand_page_pdf_is_refused_with_the_page_limit(app):
    with pytest.raises(files.UploadRefused, match="This PDF has 5,000 pages; an upload may have at most 100"):
        files.check_upload(_many_pages(5000), "everything.pdf")


def test_content_is_counted_per_file_as_well_as_per_page(app, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_PDF_MAX_PAGE_MB", 1)
    monkeypatch.setitem(app.config, "UPLOAD_PDF_MAX_FILE_MB", 2)
    page = [(_deflated(0.8), "/FlateDecode")]
    assert files.check_upload(_pdf_with_streams([page, page]), "two.pdf").page_count == 2
    with pytest.raises(files.UploadRefused, match="This PDF holds more than 2 MB of content"):
        files.check_upload(_pdf_with_streams([page, page, page]), "three.pdf")
    with pytest.raises(files.UploadRefused, match="Page 1 of this PDF holds more than 1 MB"):
        files.check_upload(_pdf_with_streams([page], repeat=2), "twice.pdf")
    # A form every page draws counts on every page, but once for the file: it is unpacked once.
    assert files.check_upload(_pdf_sharing_a_form(_deflated(0.8), pages=5), "letterhead.pdf").page_count == 5
    with pytest.raises(files.UploadRefused, match="Page 1 of this PDF holds more than 1 MB"):
        files.check_upload(_pdf_sharing_a_form(_deflated(1.2), pages=2), "heavy.pdf")


def test_every_kind_of_compression_is_counted_and_unknown_ones_refused(app, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_PDF_MAX_PAGE_MB", 1)
    run_length = (b"\x81 " * 9000) + b"\x80"  # each pair: 128 spaces; about 1.1 MB from 18 KB
    with pytest.raises(files.UploadRefused, match="Page 1 of this PDF holds more than 1 MB"):
        files.check_upload(_pdf_with_streams([[(run_length, "/RunLengthDecode")]]), "rl.pdf")
    twice = zlib.compress(_deflated(1.5))  # compressed twice over
    with pytest.raises(files.UploadRefused, match="more than 1 MB"):
        files.check_upload(_pdf_with_streams([[(twice, ["/FlateDecode", "/FlateDecode"])]]), "twice.pdf")
    with pytest.raises(files.UploadRefused, match="compression the tracker cannot check"):
        files.check_upload(_pdf_with_streams([[(b"\x00" * 10, "/MadeUpDecode")]]), "odd.pdf")


def test_ordinary_letters_still_go_through(app):
    assert files.check_upload(factories.pdf_bytes(pages=12), "letter.pdf").page_count == 12
    scanned = _pdf_with_streams([[(_deflated(6), "/FlateDecode")]] * 4)  # a dense scan: 6 MB a page
    assert files.check_upload(scanned, "scan.pdf").page_count == 4


# --- Images ------------------------------------------------------------------------------------


def test_three_huge_pngs_in_one_letter_are_refused_before_a_pixel_is_decoded(client, letters_page, decoded_sizes):
    huge = _blank_png(7745, 7745)
    assert len(huge) < 300 * 1024
    page = _send(client, letters_page, letter_files=(huge, "a.png"), id_copy=(huge, "b.png"),
                 translation_file=(huge, "c.png")).get_data(as_text=True)
    for field in ("letter_files", "id_copy", "translation_file"):
        assert "too many pixels to process (the limit is 25 million)" in _error_beside(page, field), field
    assert "Dear judge, I know them well." in page
    assert decoded_sizes == []
    assert Letter.query.count() == 0 and StoredFile.query.count() == 0


def test_a_large_phone_photo_is_decoded_reduced_and_kept_at_page_size(app, decoded_sizes):
    checked = files.check_upload(_jpeg(8000, 6000), "photo.jpg")
    assert (checked.width, checked.height) == (3000, 2250)
    assert decoded_sizes and all(width * height <= 12_000_000 for width, height in decoded_sizes)


def test_pixels_are_counted_across_the_images_of_one_form(client, letters_page, app, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_IMAGE_MAX_PIXELS", 1_000_000)
    monkeypatch.setitem(app.config, "UPLOAD_REQUEST_MAX_PIXELS", 2_000_000)
    photo = _blank_png(1000, 800)
    page = _send(client, letters_page, letter_files=(photo, "page1.png"), id_copy=(photo, "id.png"),
                 translation_file=(photo, "page2.png")).get_data(as_text=True)
    assert "more than can be processed at once" in _error_beside(page, "translation_file")
    assert Letter.query.count() == 0
    kept = dict(re.findall(r'name="(\w+)__kept" value="([^"]+)"', page))
    assert set(kept) == {"letter_files", "id_copy"}
    # Sent again with the refused file only: the kept ones are not decoded again, and the letter arrives.
    again = {f"{name}__kept": token for name, token in kept.items()}
    response = client.submit(letters_page, {**LETTER, "body": "Dear judge, I know them well.", **again,
                                            "translation_file": (io.BytesIO(photo), "page2.png"),
                                            "translator_name": "Ana Example", "translation_certified": "y"},
                             content_type="multipart/form-data")
    assert response.status_code == 302
    letter = Letter.query.one()
    assert letter.pages and letter.id_copy_file and letter.translation_file


def test_a_jpeg_keeps_no_metadata_block_when_served_as_the_campaign_photo(login_as, users, live_server):
    case = factories.consenting_case(team=[users["campaign"]])
    factories.make_campaign(case, slug="stand-with-lucia")
    original = _jpeg_full_of_metadata()
    assert ADDRESS.encode() in original
    response = login_as("campaign").submit(
        f"/cases/{case.id}/campaign",
        {"consent_level": "full_name", "consent_date": "2026-01-05", "headline": "Stand with Lucia", "slug": "stand-with-lucia",
         "story": "", "ask": "", "target": "", "photo_alt": "Lucia", "published": "y", "photo": (io.BytesIO(original), "lucia.jpg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert Campaign.query.one().photo_id is not None
    with urllib.request.urlopen(f"{live_server}/c/stand-with-lucia/photo") as served:
        data = served.read()
    assert b"Example Ave" not in data and b"1847" not in data
    # Only the JFIF header, quantization and Huffman tables, frame header: no APP1 (EXIF, XMP),
    # APP2 (ICC), APP13 (IPTC) or COM block.
    assert set(_jpeg_segments(data)) <= {0xE0, 0xDB, 0xC4, 0xC0, 0xC2, 0xDD}
    image = Image.open(io.BytesIO(data))
    assert image.size == (80, 120)  # turned upright as the camera meant
    assert "icc_profile" not in image.info and "comment" not in image.info


def test_a_png_keeps_no_text_exif_or_profile(app):
    original = _png_full_of_metadata()
    assert {b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"iCCP"} <= set(_png_chunks(original))
    checked = files.check_upload(original, "scan.png")
    stored = files.read(files.store(checked))
    assert Image.open(io.BytesIO(stored)).getpixel((5, 5)) == (0, 128, 128)  # teal, as it was
    assert b"Example Ave" not in stored
    assert not {b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"iCCP", b"tIME"} & set(_png_chunks(stored))


def test_images_kept_before_the_fix_are_cleaned_from_the_command_line(app):
    """A photo stored with its comment (as every upload was) loses it; clean ones are left untouched."""
    leaky = StoredFile(storage_name="leaky", original_name="lucia.jpg", kind="jpeg", mime="image/jpeg", size=1,
                       sha256="0" * 64, content=cipher().encrypt_bytes(_jpeg_full_of_metadata()), claimed=True)
    db.session.add(leaky)
    clean = files.store(files.check_upload(_jpeg(), "clean.jpg"))
    db.session.commit()
    leaky_id, clean_id, untouched = leaky.id, clean.id, clean.content
    result = app.test_cli_runner().invoke(args=["files", "clean-images"])
    assert result.exit_code == 0, result.output
    assert "1 image(s) cleaned of metadata, 1 already clean" in result.output
    db.session.expire_all()
    data = files.read(db.session.get(StoredFile, leaky_id))
    assert b"Example Ave" not in data and set(_jpeg_segments(data)) <= {0xE0, 0xDB, 0xC4, 0xC0}
    assert db.session.get(StoredFile, clean_id).content == untouched
    assert AuditEntry.query.filter_by(action="file.metadata_removed").count() == 1
