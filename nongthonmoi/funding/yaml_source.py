"""Read YAML into plain Python values while remembering the line of every value.

Rule files are validated after loading, and each problem must name the file and line.
PyYAML's composed node tree keeps positions, so we build the values from it ourselves.
Numbers written with a decimal point become `Decimal` (never `float`), so a coefficient
written `5.0` keeps its exact value and its written precision. Dates stay as text.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

Path = tuple[str | int, ...]


class YamlSyntaxError(ValueError):
    def __init__(self, source: str, line: int, message: str) -> None:
        super().__init__(f"{source}:{line}: {message}")
        self.source = source
        self.line = line


def load_with_lines(text: str, source: str) -> tuple[Any, dict[Path, int]]:
    """Return (value, lines) where lines maps each value's path to its 1-based line."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise YamlSyntaxError(source, line, f"YAML không hợp lệ: {error.problem}") from error
    lines: dict[Path, int] = {}
    if node is None:
        return None, lines
    return _convert(node, (), lines, source), lines


def _convert(node: yaml.Node, path: Path, lines: dict[Path, int], source: str) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in result:
                raise YamlSyntaxError(
                    source, key_node.start_mark.line + 1, f"khóa '{key}' bị lặp lại"
                )
            result[key] = _convert(value_node, (*path, key), lines, source)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(item, (*path, index), lines, source) for index, item in enumerate(node.value)
        ]
    return _scalar(node, source)


def _scalar(node: yaml.Node, source: str) -> Any:
    tag = node.tag.rsplit(":", 1)[-1]
    text = node.value
    if tag == "null":
        return None
    if tag == "bool":
        return text.lower() in {"true", "yes", "on"}
    if tag == "int":
        digits = text.replace("_", "")
        try:
            return int(digits, 0)
        except ValueError:  # YAML 1.1 writes octal as 010, which base 0 refuses
            return int(digits, 8)
    if tag == "float":
        try:
            return Decimal(text.replace("_", ""))
        except InvalidOperation as error:
            raise YamlSyntaxError(
                source, node.start_mark.line + 1, f"số không hợp lệ: {text}"
            ) from error
    return text
