"""Field checks for rule files, collecting every problem with its file, line and field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .units import KNOWN_FLAGS

Path = tuple[str | int, ...]


def _dotted(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(gốc)"


class RuleChecker:
    """Reads values out of a loaded rule file; each failed check adds one problem."""

    def __init__(self, source: str, lines: dict[Path, int]) -> None:
        self.source = source
        self.lines = lines
        self.problems: list[str] = []

    def line_of(self, path: Path) -> int:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def problem(self, path: Path, message: str) -> None:
        self.problems.append(f"{self.source}:{self.line_of(path)} ({_dotted(path)}): {message}")

    def mapping(
        self,
        data: Any,
        path: Path,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
        non_empty: bool = False,
    ) -> dict[str, Any] | None:
        if not isinstance(data, dict):
            self.problem(path, "phải là một bảng khóa: giá trị (mapping)")
            return None
        for key in required:
            if key not in data:
                self.problem(path, f"thiếu khóa bắt buộc '{key}'")
        for key in data:
            if key not in required and key not in optional:
                allowed = ", ".join((*required, *optional))
                self.problem((*path, key), f"khóa '{key}' không được hỗ trợ (dùng: {allowed})")
        if non_empty and not data:
            self.problem(path, "không được để trống")
        return data

    def sequence(self, parent: dict[str, Any], path: Path, non_empty: bool = False) -> list[Any]:
        value = parent.get(str(path[-1]))
        if value is None:
            if non_empty:
                self.problem(path, "cần ít nhất một mục")
            return []
        if not isinstance(value, list):
            self.problem(path, "phải là một danh sách")
            return []
        if non_empty and not value:
            self.problem(path, "cần ít nhất một mục")
        return value

    def _get(self, parent: dict[str, Any] | None, path: Path, required: bool) -> Any:
        value = None if parent is None else parent.get(str(path[-1]))
        if value is None and required and parent is not None and str(path[-1]) in parent:
            self.problem(path, "không được để trống")
        return value

    def text_value(self, value: Any, path: Path) -> str | None:
        if isinstance(value, str) and value.strip():
            return value
        self.problem(path, "phải là một chuỗi văn bản không rỗng")
        return None

    def text(self, parent: dict[str, Any] | None, path: Path, required: bool = True) -> str | None:
        value = self._get(parent, path, required)
        if value is None:
            return None  # a missing required key is reported by mapping()
        return self.text_value(value, path)

    def choice(
        self,
        parent: dict[str, Any] | None,
        path: Path,
        options: tuple[str, ...],
        required: bool = True,
    ) -> str | None:
        value = self._get(parent, path, required)
        if value is None:
            return None
        if value not in options:
            self.problem(path, f"giá trị '{value}' không hợp lệ (dùng: {', '.join(options)})")
            return None
        return str(value)

    def integer(
        self,
        parent: dict[str, Any] | None,
        path: Path,
        required: bool = True,
        minimum: int | None = None,
    ) -> int | None:
        value = self._get(parent, path, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(path, f"phải là số nguyên, không phải '{value}'")
            return None
        if minimum is not None and value < minimum:
            self.problem(path, f"phải lớn hơn hoặc bằng {minimum}")
            return None
        return value

    def decimal(
        self, parent: dict[str, Any] | None, path: Path, required: bool = True
    ) -> Decimal | None:
        value = self._get(parent, path, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            self.problem(
                path, f"phải là một số (viết 5.0, không trong ngoặc kép), không phải '{value}'"
            )
            return None
        number = Decimal(value)
        if number < 0:
            self.problem(path, "không được âm")
            return None
        return number

    def boolean(self, parent: dict[str, Any], path: Path, required: bool = True) -> bool | None:
        value = self._get(parent, path, required)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.problem(path, f"phải là true hoặc false, không phải '{value}'")
            return None
        return value

    def flags(self, parent: dict[str, Any], path: Path) -> frozenset[str]:
        values = self.sequence(parent, path)
        for index, flag in enumerate(values):
            if flag not in KNOWN_FLAGS:
                self.problem(
                    (*path, index),
                    f"dấu hiệu '{flag}' không tồn tại (dùng: {', '.join(sorted(KNOWN_FLAGS))})",
                )
        return frozenset(str(flag) for flag in values if flag in KNOWN_FLAGS)

    def known_number(self, value: Decimal | None, status: str, path: Path) -> None:
        """A number is present exactly when its status is not 'unknown'."""
        if status == "unknown" and value is not None:
            self.problem(path, "trạng thái 'unknown' thì giá trị phải để trống (null)")
        if status and status != "unknown" and value is None:
            self.problem(path, "thiếu giá trị; nếu văn bản chưa rõ, ghi status: unknown")
