"""Command line for criteria sets and batch evaluation (no database needed).

* ``main(argv)`` – ``nongthonmoi criteria list`` and ``nongthonmoi criteria show CODE [--json]``;
  also ``criteria export CODE OUT.xlsx``, ``criteria check FILE`` (a set .yaml or .xlsx) and
  ``criteria import WORKBOOK.xlsx CODE.yaml`` (a checked workbook written as a set file).
* ``evaluate_main(argv)`` – ``nongthonmoi evaluate --set CODE --year YYYY INPUT
  [--overlay FILE] [--json | --output OUT.xlsx]``.

Both return 0 on success and 2 on bad input, with every problem printed to stderr. ``argv`` may
start with the sub-command word ("criteria", "evaluate") or not.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from nongthonmoi.criteria.engine import NO_THRESHOLD, UnitProfileError, evaluate_batch
from nongthonmoi.criteria.inputs import InputError, parse_input
from nongthonmoi.criteria.loader import (
    OverlayError,
    ResolvedSet,
    SetFileError,
    apply_overlay,
    list_sets,
    load_overlay_file,
    load_set,
    load_set_file,
    set_to_yaml,
)
from nongthonmoi.criteria.schema import ILLUSTRATIVE_LABEL, CriteriaSet, Indicator
from nongthonmoi.criteria.values import format_value, json_value
from nongthonmoi.criteria.workbook import WorkbookError, export_set, import_set, write_results

BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so ``main`` can return 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: {message}")


class _UsageError(Exception):
    pass


def _thresholds_json(indicator: Indicator) -> dict[str, Any]:
    result: dict[str, Any] = {key: json_value(v) for key, v in indicator.thresholds.items()}
    for year, mapping in indicator.thresholds_by_year.items():
        result[str(year)] = {key: json_value(v) for key, v in mapping.items()}
    for flag, mapping in indicator.flag_thresholds.items():
        result[f"flag:{flag}"] = {key: json_value(v) for key, v in mapping.items()}
    return result


def set_as_json(definition: CriteriaSet) -> dict[str, Any]:
    """The shape of ``criteria show CODE --json``."""
    return {
        "code": definition.code,
        "source": definition.source.model_dump(mode="json"),
        "criteria": [
            {
                "code": criterion.code,
                "name": criterion.name,
                "indicators": [
                    {
                        "code": i.code,
                        "text": i.text,
                        "unit": i.unit,
                        "comparator": i.comparator,
                        "thresholds": _thresholds_json(i),
                        "status": i.status,
                    }
                    for i in criterion.indicators
                ],
            }
            for criterion in definition.criteria
        ],
    }


def _print_set(definition: CriteriaSet) -> None:
    source = definition.source
    print(f"{definition.code} — {definition.name}")
    print(f"  Căn cứ: QĐ {source.decision} ngày {source.date} {source.appendix or ''}".rstrip())
    print(f"  Hiệu lực: {definition.valid_from}–{definition.valid_to}; cấp {definition.level}")
    for criterion in definition.criteria:
        print(f"  {criterion.code}. {criterion.name}")
        for i in criterion.indicators:
            thresholds = ", ".join(
                f"{k}: {format_value(v) if v is not None else 'chưa rõ'}"
                for k, v in i.thresholds.items()
            )
            years = f" (+{len(i.thresholds_by_year)} năm)" if i.thresholds_by_year else ""
            comparator = i.comparator or ""
            print(f"     {i.code:7} {comparator:2} [{thresholds}]{years} {i.status}: {i.text[:70]}")


def main(argv: list[str]) -> int:
    if argv[:1] == ["criteria"]:
        argv = argv[1:]
    parser = _Parser(prog="nongthonmoi criteria", description="Bộ tiêu chí nông thôn mới")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="liệt kê các bộ tiêu chí")
    show = commands.add_parser("show", help="xem một bộ tiêu chí")
    show.add_argument("code")
    show.add_argument("--json", action="store_true")
    export = commands.add_parser("export", help="xuất bộ tiêu chí ra tệp Excel")
    export.add_argument("code")
    export.add_argument("output", type=Path)
    check = commands.add_parser("check", help="kiểm tra một tệp bộ tiêu chí (.yaml hoặc .xlsx)")
    check.add_argument("path", type=Path)
    import_ = commands.add_parser(
        "import", help="ghi sổ Excel bộ tiêu chí (đã kiểm tra) thành tệp bộ tiêu chí .yaml"
    )
    import_.add_argument("workbook", type=Path)
    import_.add_argument(
        "output", type=Path, help="tệp .yaml, tên là mã bộ (vd. xa-ntm-2026-2030.yaml)"
    )
    try:
        args = parser.parse_args(argv)
        if args.command == "list":
            for definition in list_sets():
                years = f"{definition.valid_from}–{definition.valid_to}"
                print(
                    f"{definition.code:28} {years:10} {definition.level:9} "
                    f"QĐ {definition.source.decision:16} {definition.name}"
                )
            return 0
        if args.command == "show":
            definition = load_set(args.code).definition
            if args.json:
                print(json.dumps(set_as_json(definition), ensure_ascii=False, indent=2))
            else:
                _print_set(definition)
            return 0
        if args.command == "export":
            export_set(load_set(args.code), args.output)
            print(f"Đã xuất {args.code} ra {args.output}")
            return 0
        if args.command == "import":
            return _import_workbook(args.workbook, args.output)
        definition = (
            import_set(args.path) if args.path.suffix == ".xlsx" else load_set_file(args.path)
        )
        print(f"{args.path}: hợp lệ ({definition.code}, {len(definition.criteria)} tiêu chí)")
        return 0
    except (_UsageError, KeyError, SetFileError, WorkbookError, OSError) as exc:
        print(_message(exc), file=sys.stderr)
        return BAD_INPUT


def _import_workbook(workbook: Path, output: Path) -> int:
    """Write a criteria workbook as a set file, all or nothing.

    The workbook is validated whole first (every bad cell listed, nothing written). The file is
    named after the set's code, and an existing file of that set is replaced only by a higher
    ``version``, so a result stored under the old version keeps its label and fingerprint.
    """
    definition = import_set(workbook)
    if output.suffix != ".yaml" or output.stem != definition.code:
        raise _UsageError(f"{output}: tệp bộ tiêu chí phải mang tên mã bộ: {definition.code}.yaml")
    if output.exists():
        current = load_set_file(output)
        if definition.version <= current.version:
            raise _UsageError(
                f"{output} đang có phiên bản {current.version}; sổ Excel ghi phiên bản "
                f"{definition.version}. Tăng 'version' ở trang 'Bộ tiêu chí' rồi nhập lại."
            )
    source = definition.source
    header = (
        f"{definition.name} ({source.decision}{', ' + source.appendix if source.appendix else ''})"
        f"\nGhi bởi `nongthonmoi criteria import` từ {workbook.name}, phiên bản "
        f"{definition.version}. Sửa qua sổ Excel: criteria export → sửa → criteria import."
    )
    temporary = output.with_name(f".{output.name}.tmp")
    temporary.write_text(set_to_yaml(definition, header), encoding="utf-8")
    temporary.replace(output)
    indicators = sum(len(c.indicators) for c in definition.criteria)
    print(
        f"Đã ghi {definition.code} phiên bản {definition.version} "
        f"({len(definition.criteria)} tiêu chí, {indicators} chỉ tiêu) vào {output}"
    )
    return 0


def _message(exc: BaseException) -> str:
    return exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)


def evaluate_main(argv: list[str]) -> int:
    if argv[:1] == ["evaluate"]:
        argv = argv[1:]
    parser = _Parser(prog="nongthonmoi evaluate", description="Đánh giá hàng loạt theo bộ tiêu chí")
    parser.add_argument("--set", dest="set_code", required=True)
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--overlay", type=Path, help="bộ tiêu chí của tỉnh (.yaml)")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true")
    output.add_argument("--output", type=Path, help="ghi kết quả ra tệp .xlsx")
    parser.add_argument("input", type=Path)
    try:
        args = parser.parse_args(argv)
        resolved = _resolve(args.set_code, args.overlay)
        definition = resolved.definition
        if not definition.valid_from <= args.year <= definition.valid_to:
            raise _UsageError(
                f"năm {args.year} nằm ngoài thời hạn của {definition.code} "
                f"({definition.valid_from}–{definition.valid_to})"
            )
        if not args.input.exists():
            raise _UsageError(f"không tìm thấy tệp {args.input}")
        units = parse_input(args.input, resolved)
        results = evaluate_batch(resolved, units, args.year)
    except (
        _UsageError,
        KeyError,
        SetFileError,
        OverlayError,
        InputError,
        UnitProfileError,
    ) as exc:
        print(_message(exc), file=sys.stderr)
        return BAD_INPUT

    unknown = sorted({code for r in results for code in r.no_threshold_indicators})
    if unknown:
        print(
            f"Lưu ý: {len(unknown)} chỉ tiêu chưa có ngưỡng chính thức, không thể kết luận đạt: "
            f"{', '.join(unknown)}",
            file=sys.stderr,
        )
    if any(r.illustrative for r in results):
        print(f"Lưu ý: {ILLUSTRATIVE_LABEL}", file=sys.stderr)
    if args.json:
        payload = {
            "set": definition.code,
            "year": args.year,
            "results": [r.summary_dict() for r in results],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    elif args.output:
        write_results(args.output, resolved, results)
        print(f"Đã ghi kết quả {len(results)} đơn vị vào {args.output}")
    else:
        for r in results:
            verdict = "ĐẠT CHUẨN" if r.meets_standard else "chưa đạt"
            missing = ", ".join(r.missing_indicators) or "—"
            print(
                f"{r.unit_code:10} {r.unit_name[:24]:24} {r.criteria_met}/{r.criteria_total} "
                f"{verdict:9} thiếu: {missing}"
            )
        pending = sum(1 for r in results for c in r.criteria if c.status == NO_THRESHOLD)
        if pending:
            print(f"({pending} tiêu chí chưa kết luận được vì thiếu ngưỡng)")
    return 0


def _resolve(code: str, overlay_path: Path | None) -> ResolvedSet:
    resolved = load_set(code)
    if overlay_path is None:
        return resolved
    if not overlay_path.exists():
        raise _UsageError(f"không tìm thấy tệp {overlay_path}")
    return apply_overlay(resolved, load_overlay_file(overlay_path))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
