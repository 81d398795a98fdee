"""Generate the qd-26-2026 rulebook YAML from the official HTML of Decision 26/2026/QĐ-TTg.

Run by hand (never at import time)::

    python -m nongthonmoi.ocop.rulebooks.extract_qd26 \
        /work/shared/reference/legal/qd-26-2026-ocop.html

It writes ``qd-26-2026/appendix-i.yaml`` (groups and product sets of Appendix I) and
``qd-26-2026/sheets/set-NN.yaml`` (the 26 scoring sheets of Appendix II).  The generated files are
committed; ``rulebook.yaml`` next to them is hand-written (legal source, star bands).

The HTML is the thuvienphapluat layout: every sheet starts at an anchor ``dieu_N`` / ``dieu_N_1``
and is a two-column table (criterion text | points).  Rows are classified as part headings
("Phần A"), numbered criteria ("1.", "1.1."), options ("□ …", points in the second column), case
headings of the tourism sheet ("a. Trường hợp 1: …") and notes (everything else).  Star marks
(``***``, ``****``, ``*****``) printed at the end of an option's text are the minimum that criterion
must reach for 3, 4 or 5 stars.  Whatever the parser had to interpret is recorded in ``notes``
(prefixed ``[trích xuất]``) so the YAML stays "as printed" and says where it is not.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
OUT_DIR = HERE / "qd-26-2026"
PARSER_NOTE = "[trích xuất] "

STAR_MARK = re.compile(r"\s*((?:\*\s*){3,5})\s*$")
CODE = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(.*)$", re.S)
CASE = re.compile(r"^([a-z])\.\s+(Trường hợp.*)$")
PART = re.compile(r"^ph[ầẦ]n\s+([ABC])\b:?\s*(.*)$", re.I)
OPTION_BULLETS = ("□", "o ")

# Points cells whose printed value is impossible (above the criterion's printed maximum and out of
# the ascending order of its options), with the value used and why.  Same in the .html and .txt.
# Key: (set, criterion, printed points) → (points used, reason printed into the YAML notes).
POINT_CORRECTIONS: dict[tuple[int, str, int], tuple[int, str]] = {
    (4, "7", 13): (
        3,
        "Lựa chọn “Có trên 2 chỉ tiêu” in 13 điểm, vượt thang điểm 3 của tiêu chí; dùng 3 "
        "(như tiêu chí 7 của các bộ 1–3; tổng phần C chỉ khớp 35 với 3).",
    ),
    (11, "6.1.1", 11): (
        1,
        "Lựa chọn “Có rất ít tạp chất, chấp nhận được” in 11 điểm, vượt thang điểm 2 của tiêu "
        "chí; dùng 1 (nằm giữa 0 và 2, như tiêu chí tạp chất của bộ 10 và bộ 13).",
    ),
}


@dataclass
class Para:
    text: str
    bold: bool
    italic: bool


@dataclass
class Flattener(HTMLParser):
    """Turn the HTML into a flat stream of anchors, free paragraphs and table rows."""

    items: list[tuple[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._row: list[list[Para]] | None = None
        self._cell: list[Para] | None = None
        self._para: list[tuple[str, bool, bool]] | None = None
        self._bold = 0
        self._italic = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "a" and named.get("name"):
            self.items.append(("anchor", named["name"]))
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "p":
            self._para = []
        elif tag in ("b", "strong"):
            self._bold += 1
        elif tag in ("i", "em"):
            self._italic += 1
        elif tag == "br" and self._para is not None:
            self._para.append((" ", self._bold > 0, self._italic > 0))

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self._para is not None:
            self._end_para()
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            if self._para is not None:
                self._end_para()
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.items.append(("row", self._row))
            self._row = None
        elif tag in ("b", "strong"):
            self._bold = max(0, self._bold - 1)
        elif tag in ("i", "em"):
            self._italic = max(0, self._italic - 1)

    def handle_data(self, data: str) -> None:
        if self._para is not None:
            self._para.append((data, self._bold > 0, self._italic > 0))
        elif self._cell is not None and data.strip():
            self._cell.append(Para(_clean(data), self._bold > 0, self._italic > 0))

    def _end_para(self) -> None:
        assert self._para is not None
        raw = "".join(text for text, _, _ in self._para)
        size = len(raw.strip()) or 1
        bold = sum(len(t.strip()) for t, b, _ in self._para if b) / size > 0.5
        italic = sum(len(t.strip()) for t, _, i in self._para if i) / size > 0.5
        para = Para(_clean(raw), bold, italic)
        self._para = None
        if self._cell is not None:
            if para.text:
                self._cell.append(para)
        else:
            self.items.append(("p", para))


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def _sections(items: list[tuple[str, Any]]) -> dict[str, list[tuple[str, Any]]]:
    """Split the stream at anchors; each anchor owns the items up to the next anchor."""
    sections: dict[str, list[tuple[str, Any]]] = {}
    current: list[tuple[str, Any]] = []
    for kind, value in items:
        if kind == "anchor":
            current = sections.setdefault(value, [])
        else:
            current.append((kind, value))
    return sections


def _sheet_anchor(number: int, sections: dict[str, list[tuple[str, Any]]]) -> list[str]:
    for anchor in (f"dieu_{number}_1", f"dieu_{number}"):
        if anchor in sections:
            following = [anchor]
            if f"{anchor}_name" in sections:
                following.append(f"{anchor}_name")
            return following
    raise SystemExit(f"sheet {number}: anchor not found")


def _number(text: str) -> int | None:
    text = text.strip()
    return int(text) if re.fullmatch(r"\d+", text) else None


class SheetBuilder:
    """Builds one sheet from its rows; keeps the structure exactly as printed."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.parts: list[dict[str, Any]] = []
        self.notes: list[str] = []
        self.part: dict[str, Any] | None = None
        self.by_code: dict[str, dict[str, Any]] = {}
        self.corrections_used: set[tuple[int, str, int]] = set()
        self.node: dict[str, Any] | None = None  # criterion receiving options/notes
        self.case: str | None = None
        self.printed_total: int | None = None

    def feed(self, cells: list[list[Para]]) -> None:
        left = cells[0] if cells else []
        right = cells[1] if len(cells) > 1 else []
        texts = [p.text for p in left if p.text]
        if not texts:
            return
        first = texts[0]
        points_texts = [p.text for p in right if p.text]
        if first in ("Các tiêu chí",):
            return
        if first.upper().startswith("TỔNG CỘNG"):
            self.printed_total = _number(points_texts[0]) if points_texts else None
            return
        part = PART.match(" ".join(texts))
        if part:
            self._start_part(part.group(1).upper(), " ".join(texts), points_texts)
            return
        if first.startswith(OPTION_BULLETS):
            self._add_option(texts, points_texts)
            return
        case = CASE.match(first)
        if case and not points_texts:
            self.case = case.group(1)
            self._target()["cases"].append({"case": case.group(1), "text": case.group(2)})
            return
        code = CODE.match(first)
        if code and points_texts:
            self._start_criterion(code.group(1), code.group(2), texts[1:], points_texts)
            return
        for text in texts:
            self._target_for_note().setdefault("notes", []).append(text)

    # -- structure -------------------------------------------------------------------------
    def _start_part(self, code: str, heading: str, points_texts: list[str]) -> None:
        title = re.sub(r"^ph[ầẦ]n\s+[ABC]\s*:?\s*", "", heading, flags=re.I)
        printed_max = re.search(r"\((\d+)\s*điểm\)", title, flags=re.I)
        title = re.sub(r"\s*\(\d+\s*điểm\)\s*$", "", title, flags=re.I)
        column_max = _number(points_texts[0]) if points_texts else None
        self.part = {"code": code, "title": title, "max": column_max, "criteria": []}
        if printed_max and column_max is not None and int(printed_max.group(1)) != column_max:
            self.part["notes"] = [
                f"{PARSER_NOTE}Tiêu đề in “({printed_max.group(1)} Điểm)” nhưng cột thang điểm "
                f"ghi {column_max}; dùng số ở cột thang điểm (khớp tổng các tiêu chí)."
            ]
        self.parts.append(self.part)
        self.node = None

    def _start_criterion(
        self, code: str, title: str, extra: list[str], points_texts: list[str]
    ) -> None:
        if self.part is None:
            raise SystemExit(f"sheet {self.number}: criterion {code} before any part")
        maximum = _number(points_texts[0])
        criterion: dict[str, Any] = {"code": code, "title": title, "max": maximum}
        if len(points_texts) > 1:
            criterion["notes"] = [
                f"{PARSER_NOTE}Cột thang điểm in “{' / '.join(points_texts)}”; lấy số đầu "
                f"({points_texts[0]}) làm điểm tối đa (khớp lựa chọn cao nhất và tổng phần)."
            ]
        if extra:
            criterion["description"] = " ".join(extra)
        self.case = None
        if "." in code:
            parent_code = code.rsplit(".", 1)[0]
            parent = self.by_code.get(parent_code)
            if parent is None:
                raise SystemExit(f"sheet {self.number}: {code} has no parent {parent_code}")
            parent.setdefault("criteria", []).append(criterion)
        else:
            self.part["criteria"].append(criterion)
        self.by_code[code] = criterion
        self.node = criterion

    def _target(self) -> dict[str, Any]:
        if self.node is None:
            raise SystemExit(f"sheet {self.number}: row outside any criterion")
        self.node.setdefault("cases", [])
        return self.node

    def _target_for_note(self) -> dict[str, Any]:
        if self.node is not None:
            return self.node
        if self.part is not None:
            return self.part
        return {"notes": self.notes}

    def _add_option(self, texts: list[str], points_texts: list[str]) -> None:
        node = self.node
        if node is None:
            raise SystemExit(f"sheet {self.number}: option before any criterion: {texts[0]}")
        text = texts[0]
        for bullet in OPTION_BULLETS:
            if text.startswith(bullet):
                text = text[len(bullet) :].strip()
        option: dict[str, Any] = {"text": text, "points": None}
        mark = STAR_MARK.search(text)
        if mark:
            option["text"] = text[: mark.start()].rstrip()
            option["minimum_for_stars"] = mark.group(1).count("*")
        for extra in texts[1:]:
            # A note printed in the same cell as the option (e.g. "Ghi chú: Nếu …").
            node.setdefault("notes", []).append(extra)
        if points_texts:
            option["points"] = _number(points_texts[0])
            if option["points"] is None or len(points_texts) > 1:
                raise SystemExit(f"sheet {self.number}: odd points {points_texts} for {text}")
            correction = POINT_CORRECTIONS.get((self.number, node["code"], option["points"]))
            if correction is not None:
                self.corrections_used.add((self.number, node["code"], option["points"]))
                option["points_as_printed"] = option["points"]
                option["points"] = correction[0]
                node.setdefault("notes", []).append(f"{PARSER_NOTE}{correction[1]}")
        else:
            node.setdefault("notes", []).append(
                f"{PARSER_NOTE}Lựa chọn “{option['text'][:60]}…” không in điểm."
            )
        if self.case is not None:
            option["case"] = self.case
        node.setdefault("options", []).append(option)

    def result(self) -> dict[str, Any]:
        expected = {key for key in POINT_CORRECTIONS if key[0] == self.number}
        if expected != self.corrections_used:
            raise SystemExit(f"sheet {self.number}: corrections not applied: {expected}")
        for part in self.parts:
            for criterion in part["criteria"]:
                _tidy_tree(criterion)
        return {"parts": self.parts, "printed_total": self.printed_total, "notes": self.notes}


def _tidy_tree(node: dict[str, Any]) -> None:
    for child in node.get("criteria", []):
        _tidy_tree(child)
    _tidy(node)


def _tidy(node: dict[str, Any]) -> None:
    if not node.get("cases"):
        node.pop("cases", None)
    if "criteria" in node and "options" in node:
        raise SystemExit(f"criterion {node['code']} has both sub-criteria and options")
    if "criteria" not in node and "options" not in node:
        # Printed with a score but no answer options (2.4 bilingual label): a yes/no item.
        node["options"] = [
            {"text": "Không đáp ứng", "points": 0, "implied": True},
            {"text": "Đáp ứng", "points": node["max"], "implied": True},
        ]
        node.setdefault("notes", []).append(
            f"{PARSER_NOTE}Văn bản không in các lựa chọn; coi là tiêu chí có/không "
            f"(0 hoặc {node['max']} điểm)."
        )
    options = node.get("options", [])
    seen: dict[int, int] = {}
    for option in options:
        if option["points"] is not None:
            seen[option["points"]] = seen.get(option["points"], 0) + 1
    repeated = sorted(points for points, count in seen.items() if count > 1)
    if repeated and not node.get("cases"):
        node.setdefault("notes", []).append(
            f"{PARSER_NOTE}Nhiều lựa chọn in cùng số điểm ({', '.join(map(str, repeated))}); "
            "giữ nguyên như văn bản."
        )


def _front_matter(number: int, paragraphs: list[Para]) -> dict[str, Any]:
    heading = ""
    classification = ""
    rejected: list[str] = []
    notes: list[str] = []
    for para in paragraphs:
        text = para.text
        if not text or set(text) <= set("_ .…"):
            continue
        if not heading and re.match(rf"^{number}\.", text):
            heading = text
        elif not heading and text.startswith("Bộ sản phẩm"):
            heading = f"{number}. {text}"
        elif text.startswith("(Sản phẩm") and not classification:
            classification = text
        elif re.match(r"^(hồ sơ )?bị loại khi", text, flags=re.I):
            condition = re.sub(r"^(hồ sơ )?bị loại khi\s*:\s*", "", text, flags=re.I)
            if condition not in rejected:
                rejected.append(condition)
        elif text.startswith("Ghi chú"):
            notes.append(text)
    return {
        "heading": heading,
        "classification": classification,
        "rejected_when": rejected,
        "notes": notes,
    }


def extract_sheets(items: list[tuple[str, Any]]) -> list[dict[str, Any]]:
    sections = _sections(items)
    sheet_items: list[list[tuple[str, Any]]] = []
    for number in range(1, 27):
        anchors = _sheet_anchor(number, sections)
        chunk: list[tuple[str, Any]] = []
        for anchor in anchors:
            chunk.extend(sections[anchor])
        sheet_items.append(chunk)
    titles = _set_titles(sections["chuong_pl_2_name"])
    sheets = []
    for number, chunk in enumerate(sheet_items, start=1):
        builder = SheetBuilder(number)
        before_table: list[Para] = []
        after_table: list[Para] = []
        seen_row = False
        for kind, value in chunk:
            if kind == "row":
                seen_row = True
                builder.feed(value)
            elif seen_row:
                after_table.append(value)
            else:
                before_table.append(value)
        front = _front_matter(number, before_table)
        built = builder.result()
        notes = front["notes"] + built["notes"]
        notes += [p.text for p in after_table if p.text.startswith("Ghi chú")]
        if not front["rejected_when"]:
            notes.append(f"{PARSER_NOTE}Phiếu này không in dòng “Hồ sơ bị loại khi”.")
        if not any("Dấu sao" in note for note in notes):
            notes.append(f"{PARSER_NOTE}Phiếu này không in ghi chú “Dấu sao …”.")
        sheets.append(
            {
                "set": number,
                "title": titles[number],
                "heading_as_printed": front["heading"],
                "classification_as_printed": front["classification"],
                "source": "Phụ lục II, Quyết định 26/2026/QĐ-TTg",
                "rejected_when": front["rejected_when"],
                "notes": notes,
                "printed_total": built["printed_total"],
                "parts": built["parts"],
            }
        )
    return sheets


def _set_titles(chunk: list[tuple[str, Any]]) -> dict[int, str]:
    titles: dict[int, str] = {}
    for kind, value in chunk:
        if kind != "row" or len(value) < 2:
            continue
        number = _number(" ".join(p.text for p in value[0]))
        text = " ".join(p.text for p in value[1])
        if number is not None:
            titles[number] = re.sub(r"^Bộ sản phẩm:\s*", "", text)
    if sorted(titles) != list(range(1, 27)):
        raise SystemExit(f"Appendix II index: expected sets 1..26, got {sorted(titles)}")
    return titles


def extract_appendix_i(items: list[tuple[str, Any]]) -> list[dict[str, Any]]:
    """Groups (I–VI) → nhóm (1, 2, …) → phân nhóm (a, b, …); leaves are the 26 product sets."""
    groups: list[dict[str, Any]] = []
    chunk = _sections(items)["chuong_pl_1_name"]
    set_number = 0
    for kind, value in chunk:
        if kind != "row" or len(value) < 3:
            continue
        stt, name, ministry = (" ".join(p.text for p in cell) for cell in value[:3])
        if stt == "STT":
            continue
        if re.fullmatch(r"[IVX]+", stt):
            groups.append({"code": stt, "name": name, "nhom": []})
        elif re.fullmatch(r"\d+", stt):
            nhom = {"code": stt, "name": re.sub(r"^Nhóm:\s*", "", name)}
            groups[-1]["nhom"].append(nhom)
            if ministry:
                set_number += 1
                nhom.update(set=set_number, lead_ministry=ministry)
        elif re.fullmatch(r"[a-z]", stt):
            nhom = groups[-1]["nhom"][-1]
            set_number += 1
            nhom.setdefault("phan_nhom", []).append(
                {
                    "code": stt,
                    "name": re.sub(r"^Phân nhóm:\s*", "", name),
                    "set": set_number,
                    "lead_ministry": ministry,
                }
            )
    if set_number != 26 or len(groups) != 6:
        raise SystemExit(f"Appendix I: expected 6 groups/26 sets, got {len(groups)}/{set_number}")
    return groups


def _dump(data: Any, path: Path, header: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(header + body, encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print("usage: extract_qd26.py PATH/qd-26-2026-ocop.html [OUT_DIR]", file=sys.stderr)
        return 2
    out_dir = Path(argv[1]) if len(argv) == 2 else OUT_DIR
    flattener = Flattener()
    flattener.feed(Path(argv[0]).read_text(encoding="utf-8"))
    items = flattener.items
    header = (
        "# GENERATED by nongthonmoi/ocop/rulebooks/extract_qd26.py from the official HTML of\n"
        "# Quyết định 26/2026/QĐ-TTg. Do not edit by hand: fix the generator and re-run it.\n"
    )
    _dump({"groups": extract_appendix_i(items)}, out_dir / "appendix-i.yaml", header)
    for sheet in extract_sheets(items):
        _dump(sheet, out_dir / "sheets" / f"set-{sheet['set']:02d}.yaml", header)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
