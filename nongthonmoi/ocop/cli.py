"""`nongthonmoi ocop` — OCOP stars and sheet scoring from the command line, without a database.

    nongthonmoi ocop stars TOTAL [--mandatory-failed] [--unmet-for {3,4,5}] [--rulebook CODE]
                               [--json]
    nongthonmoi ocop score [--rulebook CODE] --set N ANSWERS [--json]

``stars`` prints the stars of a (council average) total and who certifies them; the default
rulebook is the one in force today.  ``--mandatory-failed`` means the 3★ (***) minimums are not
all met; ``--unmet-for L`` (repeatable) names any level whose minimums are not met.

``score`` scores one sheet: ANSWERS is a ``.json`` object {criterion code: points} or an ``.xlsx``
sheet (column A criterion code, column B points; an optional header row).  ``--json`` prints
``{"rulebook", "set", "parts": {"A", "B", "C"}, "total", "stars", "unmet_minimums":
[{"criterion", "for_stars"}]}``.

Public API: ``main(argv) -> int`` (0 success, 2 bad input; errors go to stderr).  ``argv`` holds
the arguments after ``nongthonmoi ocop`` (a leading "ocop" is also accepted).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NoReturn

from nongthonmoi.ocop.rulebook import Rulebook, RulebookError, in_force, load_rulebook
from nongthonmoi.ocop.scoring import (
    LEVEL_NAMES,
    AnswerError,
    SheetScore,
    StarResult,
    score_sheet,
    stars_for,
)

EXIT_OK = 0
EXIT_BAD_INPUT = 2


class BadInput(Exception):
    """Anything wrong with what the user typed or gave; the message is shown as is."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise BadInput(f"{self.format_usage()}{self.prog}: lỗi: {message}")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="nongthonmoi ocop", description="Chấm điểm và phân hạng sao OCOP.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    stars = commands.add_parser("stars", help="hạng sao của một tổng điểm")
    stars.add_argument("total", metavar="TOTAL", help="tổng điểm (trung bình) từ 0 đến 100")
    stars.add_argument(
        "--mandatory-failed",
        action="store_true",
        help="chưa đạt các yêu cầu tối thiểu *** (3 sao)",
    )
    stars.add_argument(
        "--unmet-for",
        type=int,
        choices=(3, 4, 5),
        action="append",
        default=[],
        help="mức sao có yêu cầu tối thiểu chưa đạt (lặp lại được)",
    )
    stars.add_argument("--rulebook", help="mã bộ tiêu chí (mặc định: bộ đang có hiệu lực)")
    stars.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    score = commands.add_parser("score", help="chấm một phiếu đánh giá")
    score.add_argument("--rulebook", help="mã bộ tiêu chí (mặc định: bộ đang có hiệu lực)")
    score.add_argument("--set", type=int, required=True, dest="set_number", metavar="N")
    score.add_argument("answers", metavar="ANSWERS", help="tệp .json hoặc .xlsx")
    score.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    return parser


def main(argv: list[str]) -> int:
    args_in = list(argv)
    if args_in[:1] == ["ocop"]:
        args_in = args_in[1:]
    try:
        args = _parser().parse_args(args_in)
        rulebook = _rulebook(args.rulebook)
        if args.command == "stars":
            return _stars(args, rulebook)
        return _score(args, rulebook)
    except BadInput as error:
        print(str(error), file=sys.stderr)
        return EXIT_BAD_INPUT
    except AnswerError as error:
        print(f"Phiếu chấm không hợp lệ ({len(error.problems)} lỗi):", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _rulebook(code: str | None) -> Rulebook:
    try:
        return load_rulebook(code) if code else in_force(dt.date.today())
    except RulebookError as error:
        problems = "\n  - ".join(error.problems)
        raise BadInput(f"Bộ tiêu chí không dùng được:\n  - {problems}") from None
    except LookupError as error:
        raise BadInput(str(error)) from None


# -- stars ---------------------------------------------------------------------------------------


def _stars(args: argparse.Namespace, rulebook: Rulebook) -> int:
    try:
        total = Decimal(args.total.strip().replace(",", "."))
    except InvalidOperation:
        raise BadInput(f"TOTAL phải là số, có “{args.total}”") from None
    unmet = set(args.unmet_for) | ({3} if args.mandatory_failed else set())
    try:
        result = stars_for(total, unmet_levels=unmet, rulebook=rulebook)
    except ValueError as error:
        raise BadInput(str(error)) from None
    if args.json:
        payload = {
            "rulebook": rulebook.code,
            "total": _json_number(total),
            "stars": result.stars,
            "band_stars": result.band_stars,
            "certified": result.certified,
            "certifying_level": result.certifying_level,
        }
        print(json.dumps(payload, ensure_ascii=False))
        return EXIT_OK
    print(f"Bộ tiêu chí: {rulebook.code}")
    print(f"Tổng điểm: {_plain(total)}/{_plain(rulebook.total_max)}")
    print(_stars_line(result))
    print(_level_line(result))
    return EXIT_OK


def _stars_line(result: StarResult) -> str:
    line = f"Hạng: {result.stars} sao"
    if result.capped_by_minimums:
        line += (
            f" (khung điểm {result.band_stars} sao; giới hạn vì chưa đạt yêu cầu tối thiểu "
            f"của hạng {result.stars + 1} sao)"
        )
    return line


def _level_line(result: StarResult) -> str:
    if result.rejected:
        return "Không công nhận: hồ sơ bị loại."
    if not result.certified:
        return "Không công nhận, không cấp giấy chứng nhận (dưới 3 sao)."
    level = LEVEL_NAMES.get(result.certifying_level or "", result.certifying_level or "")
    return f"Cấp công nhận: {level} — {result.certifying_authority}"


# -- score ---------------------------------------------------------------------------------------


def _score(args: argparse.Namespace, rulebook: Rulebook) -> int:
    if args.set_number not in rulebook.sheets:
        known = ", ".join(map(str, sorted(rulebook.sheets))) or "không có phiếu nào"
        raise BadInput(
            f"Bộ tiêu chí {rulebook.code} không có phiếu cho bộ sản phẩm {args.set_number} "
            f"(có: {known})"
        )
    answers = read_answers(Path(args.answers))
    scored = score_sheet(rulebook, args.set_number, answers)
    if args.json:
        print(json.dumps(score_payload(scored), ensure_ascii=False))
    else:
        _print_score(rulebook, scored)
    return EXIT_OK


def score_payload(scored: SheetScore) -> dict[str, Any]:
    """The JSON shape of issue 5 item 9."""
    return {
        "rulebook": scored.rulebook,
        "set": scored.set_number,
        "parts": {code: _json_number(value) for code, value in scored.parts.items()},
        "total": _json_number(scored.total),
        "stars": scored.stars,
        "unmet_minimums": [
            {"criterion": u.criterion, "for_stars": u.for_stars} for u in scored.unmet_minimums
        ],
    }


def _print_score(rulebook: Rulebook, scored: SheetScore) -> None:
    sheet = rulebook.sheet(scored.set_number)
    print(f"Bộ tiêu chí: {rulebook.code} — bộ sản phẩm {sheet.set_number}: {sheet.title}")
    for part in sheet.parts:
        print(f"Phần {part.code}: {_plain(scored.parts[part.code])}/{_plain(part.max)}")
    print(f"Tổng điểm: {_plain(scored.total)}/{_plain(rulebook.total_max)}")
    print(_stars_line(scored.result))
    if scored.unmet_minimums:
        print("Yêu cầu tối thiểu chưa đạt:")
        for unmet in scored.unmet_minimums:
            print(
                f"  - {unmet.criterion} (cho {unmet.for_stars} sao): cần {_plain(unmet.required)}, "
                f"có {_plain(unmet.given)}"
            )
    print(_level_line(scored.result))


# -- answers files -------------------------------------------------------------------------------


def read_answers(path: Path) -> dict[str, object]:
    """{criterion code: points} from a .json object or an .xlsx sheet (A: code, B: points)."""
    if not path.is_file():
        raise BadInput(f"Không tìm thấy tệp “{path}”")
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _read_json(path)
    if suffix == ".xlsx":
        return _read_xlsx(path)
    raise BadInput(f"Tệp “{path.name}” phải là .json hoặc .xlsx")


def _read_json(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BadInput(f"{path.name}: JSON không hợp lệ: {error}") from None
    if not isinstance(data, dict):
        raise BadInput(f'{path.name}: phải là một đối tượng JSON {{"1.1": 3, …}}')
    return {str(code): value for code, value in data.items()}


def _read_xlsx(path: Path) -> dict[str, object]:
    from openpyxl import load_workbook  # imported here: only .xlsx answers need it

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise BadInput(f"{path.name}: không đọc được tệp Excel: {error}") from None
    try:
        sheet = workbook.worksheets[0]
        answers: dict[str, object] = {}
        problems: list[str] = []
        for row_number, row in enumerate(sheet.iter_rows(max_col=2, values_only=True), start=1):
            code_cell, points_cell = (list(row) + [None, None])[:2]
            if code_cell is None or str(code_cell).strip() == "":
                if points_cell not in (None, ""):
                    problems.append(f"Dòng {row_number}, cột A: thiếu mã tiêu chí")
                continue
            code = _code_text(code_cell)
            if row_number == 1 and not _looks_numeric(points_cell):
                continue  # header row ("Tiêu chí", "Điểm")
            if code in answers:
                problems.append(f"Dòng {row_number}, cột A: tiêu chí {code} lặp lại")
                continue
            if points_cell is None or str(points_cell).strip() == "":
                problems.append(f"Dòng {row_number}, cột B: thiếu điểm của tiêu chí {code}")
                continue
            answers[code] = points_cell
        if problems:
            raise BadInput(f"{path.name}:\n  - " + "\n  - ".join(problems))
        return answers
    finally:
        workbook.close()


def _code_text(value: object) -> str:
    """Excel turns "1.1" into the number 1.1 and "7" into 7; give back the printed code."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _looks_numeric(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    try:
        Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        return False
    return True


# -- numbers -------------------------------------------------------------------------------------


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _plain(value: Decimal) -> str:
    normal = value.normalize()
    text = format(normal, "f") if normal == normal.to_integral() else str(normal)
    return text.replace(".", ",")  # Vietnamese decimal comma


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
