"""The allow-list keeps formatting and drops every way of running script."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nongthonmoi.portal.richtext import from_paragraphs, plain_text, sanitize

ATTACKS = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<iframe src="https://example.org"></iframe>',
    "<svg><script>alert(1)</script></svg>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<object data="x.swf"></object>',
    "<SCRIPT SRC=//example.org/x.js></SCRIPT>",
    '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
]


def test_it_removes_script_elements_and_their_content() -> None:
    cleaned = sanitize("<p>Trước</p><script>alert('x')</script><p>Sau</p>")
    assert "script" not in cleaned.lower()
    assert "alert" not in cleaned
    assert cleaned == "<p>Trước</p><p>Sau</p>"


def test_it_drops_event_handlers_javascript_links_and_styles() -> None:
    for attack in ATTACKS:
        cleaned = sanitize(attack).lower()
        for marker in (
            "<script",
            "onerror",
            "javascript:",
            "<iframe",
            "style=",
            "<object",
            "data:",
        ):
            assert marker not in cleaned, (attack, cleaned)


def test_it_keeps_the_formatting_an_article_needs() -> None:
    body = (
        "<h2>Mục</h2><p><strong>Đậm</strong> <em>nghiêng</em></p><ul><li>một</li></ul>"
        '<figure><img src="/portal/anh/1/large.jpg" alt="Ảnh"><figcaption>Chú thích</figcaption></figure>'
        '<table><tr><th scope="col">A</th></tr><tr><td>1</td></tr></table>'
    )
    cleaned = sanitize(body)
    for kept in ("<h2>", "<strong>", "<em>", "<li>", 'alt="Ảnh"', "<figcaption>", 'scope="col"'):
        assert kept in cleaned


def test_links_get_a_safe_rel() -> None:
    assert 'rel="noopener noreferrer"' in sanitize('<a href="https://baocaobang.vn">Báo</a>')


@given(st.text(max_size=200), st.sampled_from(ATTACKS))
def test_no_script_survives_whatever_surrounds_it(text: str, attack: str) -> None:
    cleaned = sanitize(text + attack + text).lower()
    assert "<script" not in cleaned
    assert "javascript:" not in cleaned
    assert "onerror=" not in cleaned


def test_plain_text_and_paragraphs() -> None:
    assert plain_text("<p>Nông&nbsp;thôn</p><p>mới</p>") == "Nông thôn mới"
    assert from_paragraphs("Một <b>\n\nHai") == "<p>Một &lt;b&gt;</p><p>Hai</p>"
