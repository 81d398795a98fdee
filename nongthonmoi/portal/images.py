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
    """A generated cover for demo articles: a coloured field with rice terraces drawn as bands."""
    from PIL import ImageDraw

    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    width, height = size
    sky = tuple(min(255, c + 120) for c in colour)
    draw.rectangle([0, 0, width, height // 3], fill=sky)  # type: ignore[arg-type]
    draw.ellipse([width - 220, 40, width - 120, 140], fill=(250, 214, 90))
    for band in range(7):
        top = height // 3 + band * height // 10
        shade = tuple(max(0, c - band * 12) for c in colour)
        draw.polygon(
            [
                (0, top + 40),
                (width // 3, top),
                (2 * width // 3, top + 30),
                (width, top - 10),
                (width, height),
                (0, height),
            ],
            fill=shade,  # type: ignore[arg-type]
        )
    draw.text((40, height - 60), title[:60], fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
