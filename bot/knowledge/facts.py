"""Facts written once in the knowledge data (the emergency numbers, the
disclaimer) and put into any text that names them: `{emergency_numbers}`,
`{disclaimer}`. A text's other placeholders are filled when it is said;
a name that is neither is refused, naming the text, so a misspelt fact
never reaches a person as "{emergency_number}"."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

PLACEHOLDER = re.compile(r"\{(\w+)\}")


class PlaceholderError(ValueError):
    """A text names a placeholder that nothing fills."""


def fill_facts(raw: Any, facts: Mapping[str, str], allowed: Collection[str], where: str) -> Any:
    """`raw` (a text, or mappings and lists of texts) with the facts in
    place; `allowed` names the placeholders filled later."""
    if isinstance(raw, str):
        unknown = [name for name in PLACEHOLDER.findall(raw) if name not in facts and name not in allowed]
        if unknown:
            raise PlaceholderError(
                f"{where}: unknown placeholder {{{unknown[0]}}} (known: {', '.join(sorted({*facts, *allowed}))})"
            )
        return PLACEHOLDER.sub(lambda m: facts.get(m[1], m[0]), raw)
    if isinstance(raw, Mapping):
        return {key: fill_facts(value, facts, allowed, f"{where}.{key}") for key, value in raw.items()}
    if isinstance(raw, list):
        return [fill_facts(value, facts, allowed, f"{where}[{i}]") for i, value in enumerate(raw)]
    return raw
