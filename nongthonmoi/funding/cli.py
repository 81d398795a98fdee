"""`nongthonmoi funding allocate` — compute an allocation from a file, without a database.

    nongthonmoi funding allocate --rule CODE --total AMOUNT INPUT [--unit 1000000]
                                 [--level parent|commune] [--carve-out CODE=AMOUNT ...] [--json]

Public API: main(argv) -> int (0 success, 2 bad input; errors go to stderr).
`argv` holds the arguments after `nongthonmoi funding` (a leading "funding" is also accepted).

--json prints {"rule": CODE, "total": N, "allocations": [{"unit_code", "coefficient",
"amount"}]} with the amounts summing exactly to N; carve-outs, when given, are listed under
"carve_outs" and then the allocations and carve-outs together sum to N.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from decimal import Decimal
from typing import Any, NoReturn, TextIO

from .allocation import Allocation, AllocationError, CarveOut, allocate
from .formatting import format_decimal_vi, format_money_vi
from .inputs import InputError, read_communes
from .rulebook import RuleFileError, available_rule_codes, load_rule
from .yaml_source import YamlSyntaxError

EXIT_OK = 0
EXIT_BAD_INPUT = 2
AMOUNT_PATTERN = re.compile(r"^(\d+|\d{1,3}([._ ]\d{3})+)$")


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.format_usage()}{self.prog}: lỗi: {message}")


def _amount(text: str) -> int:
    if not AMOUNT_PATTERN.match(text.strip()):
        raise argparse.ArgumentTypeError(f"'{text}' không phải số tiền nguyên (đồng)")
    return int(re.sub(r"[._ ]", "", text.strip()))


def _positive_amount(text: str) -> int:
    value = _amount(text)
    if value < 1:
        raise argparse.ArgumentTypeError("đơn vị làm tròn phải lớn hơn 0")
    return value


def _carve_out(text: str) -> CarveOut:
    code, sep, amount = text.partition("=")
    if not sep or not code.strip():
        raise argparse.ArgumentTypeError(f"'{text}' phải có dạng MÃ=SỐ_TIỀN")
    return CarveOut(code.strip(), code.strip(), _amount(amount))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="nongthonmoi funding", description="Phân bổ vốn theo hệ số.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = commands.add_parser("allocate", help="chia một tổng số tiền theo quy tắc hệ số")
    run.add_argument(
        "--rule",
        required=True,
        help=f"mã quy tắc ({', '.join(available_rule_codes())}) hoặc đường dẫn tệp .yaml",
    )
    run.add_argument("--total", required=True, type=_amount, help="tổng số tiền (đồng)")
    run.add_argument(
        "--unit", type=_positive_amount, default=1_000_000, help="đơn vị làm tròn (đồng)"
    )
    run.add_argument(
        "--level", choices=("parent", "commune"), help="chia cho đơn vị cấp trên hay từng xã"
    )
    run.add_argument(
        "--carve-out",
        type=_carve_out,
        action="append",
        default=[],
        help="khoản dành riêng MÃ=SỐ_TIỀN, lấy ra trước khi chia",
    )
    run.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    run.add_argument("input", help="tệp .csv hoặc .xlsx, mỗi dòng một xã")
    return parser


def main(argv: list[str], stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    if argv[:1] == ["funding"]:
        argv = argv[1:]
    try:
        args = build_parser().parse_args(argv)
    except _UsageError as error:
        print(error, file=err)
        return EXIT_BAD_INPUT
    except SystemExit as exit_:  # --help
        return int(exit_.code or 0)
    try:
        rule = load_rule(args.rule)
        parsed = read_communes(args.input)
    except (RuleFileError, InputError, YamlSyntaxError) as error:
        _print_problems(err, "Dữ liệu đầu vào có lỗi:", str(error).splitlines())
        return EXIT_BAD_INPUT
    try:
        result = allocate(
            rule,
            args.total,
            parsed.communes,
            level=args.level,
            rounding_unit=args.unit,
            carve_outs=args.carve_out,
        )
    except AllocationError as error:
        problems = [_point_at_row(problem, parsed.rows) for problem in error.problems]
        _print_problems(err, f"Không phân bổ được ({args.input}):", problems)
        return EXIT_BAD_INPUT
    if args.json:
        json.dump(as_json(result), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(as_table(result, rule_title=rule.title_vi))
    return EXIT_OK


def _point_at_row(problem: str, rows: dict[str, int]) -> str:
    match = re.match(r"xã (\S+)", problem)
    if match and match.group(1) in rows:
        return f"dòng {rows[match.group(1)]}: {problem}"
    return problem


def _print_problems(err: TextIO, heading: str, problems: list[str]) -> None:
    print(heading, file=err)
    for problem in problems:
        print(f"  - {problem}", file=err)


def json_number(value: Decimal) -> int | float:
    """A Decimal as a JSON number: an int when integral; otherwise a float whose shortest
    repr is the same decimal text (true for coefficients, which have few digits)."""
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    if Decimal(repr(as_float)) != value:
        raise ValueError(f"{value} cannot be written exactly as a JSON number")
    return as_float


def as_json(result: Allocation) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rule": result.rule_code,
        "total": result.total,
        "allocations": [
            {
                "unit_code": unit.unit_code,
                "coefficient": json_number(unit.coefficient),
                "amount": unit.amount,
            }
            for unit in result.units
        ],
    }
    if result.carve_outs:
        data["carve_outs"] = [{"code": c.code, "amount": c.amount} for c in result.carve_outs]
    return data


def as_table(result: Allocation, rule_title: str = "") -> str:
    headers = ("Mã đơn vị", "Hệ số", "Tỷ lệ (%)", "Số tiền (đồng)", "Cách tính")
    rows = [
        (
            unit.unit_code,
            format_decimal_vi(unit.coefficient),
            format_decimal_vi(unit.percent(2)),
            format_money_vi(unit.amount),
            unit.breakdown_text,
        )
        for unit in result.units
    ]
    rows.append(
        (
            "Tổng",
            format_decimal_vi(result.total_coefficient),
            "100",
            format_money_vi(result.pool),
            "",
        )
    )
    widths = [max(len(str(r[i])) for r in (headers, *rows)) for i in range(len(headers))]
    right = {1, 2, 3}

    def line(cells: tuple[str, ...]) -> str:
        parts = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        ]
        return "  ".join(parts).rstrip()

    lines = [
        f"Quy tắc: {result.rule_code}" + (f" — {rule_title}" if rule_title else ""),
        f"Tổng số tiền: {format_money_vi(result.total)} đồng; "
        f"làm tròn đến {format_money_vi(result.rounding_unit)} đồng",
    ]
    for carve_out in result.carve_outs:
        lines.append(f"Dành riêng {carve_out.label_vi}: {format_money_vi(carve_out.amount)} đồng")
    lines += ["", line(headers), line(tuple("-" * w for w in widths)), *map(line, rows)]
    for skipped in result.skipped_components:
        lines.append(f"Chưa áp dụng: {skipped.label_vi} — {skipped.reason_vi}")
    return "\n".join(lines) + "\n"
