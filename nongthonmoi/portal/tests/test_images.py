"""Covers are re-encoded to bounded JPEGs; anything that is not an image is refused."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from nongthonmoi.portal import images


def _png(width: int, height: int, mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), (10, 120, 60, 128) if mode == "RGBA" else (10, 120, 60)).save(
        out, "PNG"
    )
    return out.getvalue()


def test_a_wide_image_is_reduced_to_the_maximum_width_and_a_thumbnail() -> None:
    large, thumb = images.renditions(_png(3000, 1500))
    with Image.open(io.BytesIO(large)) as big, Image.open(io.BytesIO(thumb)) as small:
        assert big.format == "JPEG" and big.size == (images.MAX_WIDTH, 640)
        assert small.size == (images.THUMB_WIDTH, 240)


def test_a_small_image_is_not_enlarged() -> None:
    large, _ = images.renditions(_png(400, 300))
    with Image.open(io.BytesIO(large)) as big:
        assert big.size == (400, 300)


def test_transparent_images_become_jpeg_on_white() -> None:
    large, _ = images.renditions(_png(50, 50, "RGBA"))
    with Image.open(io.BytesIO(large)) as big:
        assert big.mode == "RGB"


def test_it_refuses_a_file_that_is_not_an_image() -> None:
    with pytest.raises(images.BadImage):
        images.renditions(b"<script>alert(1)</script>")


def test_the_demo_placeholder_is_an_image() -> None:
    with Image.open(io.BytesIO(images.placeholder("Thử", (30, 110, 70), (320, 180)))) as image:
        assert image.size == (320, 180)
