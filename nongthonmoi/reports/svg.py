"""Bar charts as SVG text, drawn server-side for the PDF (no JavaScript in documents). Pure."""

from __future__ import annotations

from html import escape

from .tables import Table

PALETTE = ("#2f7d4f", "#d49a1e", "#4a78b5", "#a23b3b")


def _number(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def bar_chart(table: Table, width: int = 640, bar_height: int = 22) -> str:
    """Horizontal bars (labels may be long Vietnamese names), one group per row."""
    spec = table.chart
    if spec is None or not table.rows:
        return ""
    labels = [str(v) for v in table.column(spec.label_key)]
    series = [[_number(v) for v in table.column(key)] for key in spec.value_keys]
    names = [table.columns[table.column_index(k)].label for k in spec.value_keys]
    percent = all(table.columns[table.column_index(k)].kind == "percent" for k in spec.value_keys)
    peak = max([v for s in series for v in s] + [1e-9])
    label_width, right, top = 190, 70, 34
    plot = width - label_width - right
    group = bar_height * len(series) + 8
    height = top + group * len(labels) + 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif" font-size="11" '
        f'role="img" aria-label="{escape(spec.title)}">',
        f'<text x="0" y="14" font-size="13" font-weight="bold">{escape(spec.title)}</text>',
    ]
    for s_index, name in enumerate(names):
        x = label_width + s_index * 150
        colour = PALETTE[s_index % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="20" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="29">{escape(name)}</text>')
    for r_index, label in enumerate(labels):
        y0 = top + r_index * group
        short = label if len(label) <= 30 else label[:29] + "…"
        parts.append(
            f'<text x="{label_width - 6}" y="{y0 + group / 2 + 2}" text-anchor="end">'
            f"{escape(short)}</text>"
        )
        for s_index, values in enumerate(series):
            value = values[r_index]
            length = plot * value / peak if peak else 0
            y = y0 + s_index * bar_height
            colour = PALETTE[s_index % len(PALETTE)]
            shown = (
                f"{value * 100:.1f}%".replace(".", ",")
                if percent
                else f"{value:,.0f}".replace(",", ".")
            )
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{length:.1f}" '
                f'height="{bar_height - 4}" fill="{colour}"/>'
            )
            parts.append(f'<text x="{label_width + length + 4:.1f}" y="{y + 13}">{shown}</text>')
    parts.append(
        f'<line x1="{label_width}" y1="{top - 2}" x2="{label_width}" y2="{height - 20}" '
        'stroke="#555"/>'
    )
    parts.append("</svg>")
    return "".join(parts)
