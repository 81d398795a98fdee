"""Article bodies: an allow-list of HTML (nh3) so no script, handler or style ever reaches a reader."""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "a",
    "img",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "hr",
    "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
# No javascript:, data: or other schemes in links and images.
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


def sanitize(body: str) -> str:
    """The body with only allowed tags/attributes; links get rel="noopener noreferrer"."""
    if not body:
        return ""
    return nh3.clean(
        body,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def plain_text(body: str) -> str:
    """Text of sanitised HTML, for search and descriptions."""
    return _SPACES.sub(" ", html.unescape(_TAGS.sub(" ", body))).strip()


def from_paragraphs(text: str) -> str:
    """Plain text with blank-line paragraphs as HTML paragraphs (demo data, imports)."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
