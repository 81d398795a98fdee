"""Cover images: re-encoded with Pillow to a bounded width (metadata dropped) plus a thumbnail."""

from __future__ import annotations

import io

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_WIDTH = 1280
THUMB_WIDTH = 480
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
JPEG_QUALITY = 82


class BadImage(ValueError):
    pass


def _open(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise BadImage("Ảnh quá lớn (tối đa 40 megapixel).")
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise BadImage("Tệp không phải là ảnh hợp lệ (JPEG, PNG, WebP).") from exc
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    return image.convert("RGB")


def _jpeg(image: Image.Image, width: int) -> bytes:
    if image.width > width:
        height = max(1, round(image.height * width / image.width))
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def renditions(data: bytes) -> tuple[bytes, bytes]:
    """(large JPEG at most MAX_WIDTH wide, thumbnail THUMB_WIDTH wide); raises BadImage."""
    image = _open(data)
    return _jpeg(image, MAX_WIDTH), _jpeg(image, THUMB_WIDTH)


def placeholder(
    title: str, colour: tuple[int, int, int], size: tuple[int, int] = (1200, 675)
) -> bytes:
    """A generated cover for demo articles: karst peaks over rice terraces in the article's colour.

    `title` seeds the shapes, so each article gets its own picture (deterministically)."""
    import random

    from PIL import ImageDraw

    rng = random.Random(title)
    width, height = size
    image = Image.new("RGB", size, (200, 225, 240))
    draw = ImageDraw.Draw(image)
    for y in range(height // 2):  # sky gradient
        t = y / (height / 2)
        draw.line(
            [(0, y), (width, y)], fill=(int(170 + 60 * t), int(205 + 35 * t), int(235 + 10 * t))
        )
    sun = width * 0.07
    draw.ellipse(
        [width * 0.72, height * 0.1, width * 0.72 + sun, height * 0.1 + sun], fill=(255, 226, 120)
    )
    for layer, shade in enumerate([(120, 150, 150), (80, 120, 110)]):  # two ranges of karst peaks
        x, points = -50.0, [(-50.0, float(height))]
        while x < width + 50:
            peak = rng.uniform(0.18, 0.38) * height + layer * 0.08 * height
            span = rng.uniform(80, 160)
            points += [
                (x + span * 0.3, peak),
                (x + span * 0.7, peak + rng.uniform(0, 25)),
                (x + span, height * 0.55),
            ]
            x += span
        points.append((width + 50.0, float(height)))
        draw.polygon(points, fill=shade)
    for band in range(9):  # terraces, darker towards the viewer
        top = height * 0.5 + band * height * 0.06
        wave = rng.uniform(-30, 30)
        shade = tuple(max(0, min(255, c + 40 - band * 10)) for c in colour)
        draw.polygon(
            [
                (0, top + wave),
                (width * 0.35, top - 20),
                (width * 0.7, top + 15 + wave),
                (width, top - 10),
                (width, height),
                (0, height),
            ],
            fill=shade,  # type: ignore[arg-type]
        )
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
