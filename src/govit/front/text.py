"""Text GovIT refuses wherever it comes in: control characters a person never types.

NUL cannot be stored by PostgreSQL at all; ESC and the other C0/C1 controls can drive a terminal or
a log viewer; the bidirectional overrides (U+202A–U+202E, U+2066–U+2069) make text read otherwise
than it is stored ("Trojan source"). Tab, line feed and carriage return are ordinary text.
"""

import re
from collections.abc import Iterable
from typing import Any

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def control_message(field: str) -> str:
    return f"“{field}”含有不允许的控制字符（如 NUL、ESC 或文字方向控制符 U+202E），请删除后重试。"


def first_with_control(pairs: Iterable[tuple[str, Any]]) -> str | None:
    """The name of the first field whose text (or any text inside it) holds a control character."""
    for name, value in pairs:
        if _holds_control(value) or CONTROL.search(name):
            return name
    return None


def _holds_control(value: Any) -> bool:
    if isinstance(value, str):
        return CONTROL.search(value) is not None
    if isinstance(value, dict):
        return any(_holds_control(k) or _holds_control(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_holds_control(item) for item in value)
    return False
