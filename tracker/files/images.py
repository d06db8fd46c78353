"""Uploaded photos and scans, made safe to keep and to show.

An image is re-drawn from its pixels alone: upright, no larger than a printed
page needs (`UPLOAD_IMAGE_MAX_SIDE`), in sRGB, and without a single metadata
block: no EXIF (a phone writes the GPS position of the writer's home there), no
XMP, IPTC or JPEG comment ("Taken at 1847 W Example Ave..."), no PNG text
chunks, no ICC profile (its colours are converted to sRGB first, so nothing
looks different).

Decoding costs memory in proportion to pixels, not to file size (a 175 KB PNG
can hold 60 million pixels), so the size an image declares is checked before
any pixel is decoded; a JPEG is decoded already reduced (JPEG "draft" mode) when
it is larger than the page needs; and the pixels decoded for one request are
counted (`UPLOAD_IMAGE_MAX_PIXELS` per image, `UPLOAD_REQUEST_MAX_PIXELS` per
form sent), so one form cannot make the server decode without end.
"""
from __future__ import annotations

import io
import struct
import warnings

from flask import Flask, current_app, g, has_request_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from tracker.files.errors import UploadRefused

PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG"}
JPEG_SCALES = (1, 2, 4, 8)  # the reductions a JPEG decoder can apply while decoding
# A JPEG may declare this many times the pixel limit, as it is decoded reduced
# (a 48-megapixel phone photo at half size); beyond, even reading it costs too much.
JPEG_DECLARED_FACTOR = 4
DAMAGED = _l("This image could not be read; it may be damaged. Take or export it again.")
# What a cleaned image may carry besides its pixels: the JPEG JFIF header (APP0), tables
# and frame headers; the PNG chunks that describe pixels. Anything else is metadata.
JPEG_FRAME_MARKERS = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
JPEG_PIXEL_MARKERS = JPEG_FRAME_MARKERS | {0xE0, 0xDB, 0xC4, 0xDD}  # JFIF header, quantization, Huffman, restart
PNG_PIXEL_CHUNKS = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"sRGB", b"pHYs", b"sBIT", b"bKGD"})


class OverRequestBudget(UploadRefused):
    """The images of one form sent are more than can be decoded at once; the image may be fine."""


def init_app(app: Flask) -> None:
    """Lower Pillow's own decompression-bomb guard (an error above ~179 million
    pixels) to what a JPEG may declare here, for any code that opens an image."""
    Image.MAX_IMAGE_PIXELS = JPEG_DECLARED_FACTOR * app.config["UPLOAD_IMAGE_MAX_PIXELS"] // 2


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.0f}"


def clean_image(data: bytes, kind: str) -> tuple[bytes, int, int]:
    """The image re-encoded from its pixels only; returns (bytes, width, height)."""
    config = current_app.config
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[kind]]) as probe:
                probe.verify()  # the structure and checksums, without decoding pixels
            with Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[kind]]) as image:
                _reduce_before_decoding(image, kind, config["UPLOAD_IMAGE_MAX_PIXELS"], config["UPLOAD_IMAGE_MAX_SIDE"])
                _count_request_pixels(image.width * image.height, config["UPLOAD_REQUEST_MAX_PIXELS"])
                image.load()
                return _redrawn(image, kind, config["UPLOAD_IMAGE_MAX_SIDE"])
    except UploadRefused:
        raise
    except Image.DecompressionBombError as error:
        raise UploadRefused(_too_many_pixels(config["UPLOAD_IMAGE_MAX_PIXELS"])) from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as error:
        raise UploadRefused(str(DAMAGED)) from error


def carries_metadata(data: bytes, kind: str) -> bool:
    """Whether stored image bytes hold anything besides pixels (a comment, EXIF, XMP,
    IPTC, a profile, PNG text...): true for what was kept before every block was dropped."""
    blocks = _jpeg_markers(data) if kind == "jpeg" else _png_chunks(data)
    allowed = JPEG_PIXEL_MARKERS if kind == "jpeg" else PNG_PIXEL_CHUNKS
    return any(block not in allowed for block in blocks)


def _jpeg_markers(data: bytes) -> list[int]:
    markers, position = [], 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xDA:  # start of scan: the pixels follow
            break
        markers.append(marker)
        position += 2 + struct.unpack(">H", data[position + 2:position + 4])[0]
    return markers


def _png_chunks(data: bytes) -> list[bytes]:
    chunks, position = [], 8
    while position + 8 <= len(data):
        length = struct.unpack(">I", data[position:position + 4])[0]
        chunks.append(data[position + 4:position + 8])
        position += 12 + length
    return chunks


def _too_many_pixels(limit: int) -> str:
    return _(
        "This image has too many pixels to process (the limit is %(limit)s million). "
        "Take the photo at a lower resolution, or scan at 300 dpi.",
        limit=_megapixels(limit),
    )


def _reduce_before_decoding(image: Image.Image, kind: str, max_pixels: int, max_side: int) -> None:
    """Refuse an image that would decode to more than `max_pixels`; have a large JPEG
    decoded at 1/2, 1/4 or 1/8 of its size, as far as the page allows."""
    width, height = image.size
    if kind == "jpeg" and width * height <= JPEG_DECLARED_FACTOR * max_pixels:
        # The most reduction that still leaves the page its `max_side`, and at least
        # enough to come under the pixel limit.
        sharp = max([scale for scale in JPEG_SCALES if max(width, height) >= scale * max_side] or [1])
        small = next((scale for scale in JPEG_SCALES if _ceil(width, scale) * _ceil(height, scale) <= max_pixels), 1)
        scale = max(sharp, small)
        if scale > 1:
            image.draft(None, (_ceil(width, scale), _ceil(height, scale)))
    if image.width * image.height > max_pixels:
        raise UploadRefused(_too_many_pixels(max_pixels))


def _ceil(size: int, scale: int) -> int:
    return -(-size // scale)


def _count_request_pixels(pixels: int, limit: int) -> None:
    if not has_request_context():
        return
    used = g.get("upload_pixels", 0) + pixels
    if used > limit:
        raise OverRequestBudget(_(
            "Together with the other images in this form, this one is more than can be processed at "
            "once. Send the form again with this file: the files already accepted are kept."
        ))
    g.upload_pixels = used


def _redrawn(image: Image.Image, kind: str, max_side: int) -> tuple[bytes, int, int]:
    transparency = image.info.get("transparency") if kind == "png" else None
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    upright = ImageOps.exif_transpose(image)  # a new image: the original's metadata stays behind
    upright = _in_srgb(upright, image.info.get("icc_profile"))
    if kind == "jpeg" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    upright.info = {}  # what Pillow would otherwise write back: comment, ICC profile, dpi...
    out = io.BytesIO()
    if kind == "jpeg":
        upright.save(out, "JPEG", quality=88, optimize=True)
    else:
        extra = {"transparency": transparency} if transparency is not None and upright.mode in ("P", "L", "RGB") else {}
        upright.save(out, "PNG", optimize=True, **extra)
    return out.getvalue(), upright.width, upright.height


def _in_srgb(image: Image.Image, profile: bytes | None) -> Image.Image:
    """Colours converted from the image's embedded profile to sRGB, so that the
    profile can be dropped without changing how the picture looks; a profile
    that cannot be read is dropped as it is."""
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        target = ImageCms.createProfile("sRGB")
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, target, outputMode=output_mode) or image
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image
