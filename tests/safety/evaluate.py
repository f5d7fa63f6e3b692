"""Measure the assistant on the labelled safety corpus, each message a whole
conversation through the real servers (REST channel, trained model, action
server), and report the misses per kind.

The simulated person opens with the message and, to every open question,
repeats their own words (as the issue that asked for this measured). To a
yes/no confirmation of one named sign ("Does that hand feel weaker than
before?") they answer truthfully from the labels: "yes" when the sign is
theirs, "no" when it is not.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).parent
HELDOUT = HERE / "heldout.yml"
LEVELS = ("self_care", "gp_routine", "gp_urgent", "emergency")
MAX_TURNS = 14
WORKERS = 4


def load(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@dataclass
class Outcome:
    item: dict
    level: str
    symptoms: list[str]
    body_parts: list[str]
    denied: list[str]
    unsure: list[str] = field(default_factory=list)  # named to the person as suspected, not confirmed
    transcript: list[str] = field(default_factory=list)

    def has(self, sign: str) -> bool:
        return sign in (self.body_parts if sign == "tongue" else self.symptoms)

    def named(self, sign: str) -> bool:
        """Recorded, or at least named to the person as a suspected sign
        (emergency advice leaves no time to confirm the others)."""
        return self.has(sign) or sign in self.unsure

    @property
    def missed(self) -> list[str]:
        return [s for s in self.item["signs"] if not self.has(s)]

    @property
    def unnamed(self) -> list[str]:
        return [s for s in self.item["signs"] if not self.named(s)]

    @property
    def wrongly_denied(self) -> list[str]:
        return [s for s in self.item["signs"] if s in self.denied]

    @property
    def under(self) -> bool:
        return LEVELS.index(self.level) < LEVELS.index(self.item["min_level"])

    @property
    def over(self) -> bool:
        return LEVELS.index(self.level) > LEVELS.index(self.item["max_level"])


def converse(say: Callable[[str, str], list], slots_of: Callable[[str], dict], item: dict) -> Outcome:
    sender = f"safety-{uuid.uuid4().hex[:10]}"
    message, transcript = item["text"], []
    for _ in range(MAX_TURNS):
        replies = say(sender, message)
        transcript += [f"> {message}"] + [r.get("text", "")[:160] for r in replies if r.get("text")]
        slots = slots_of(sender)
        question = slots.get("requested_slot")
        if not question:
            break
        if question == "confirm_sign":
            message = "yes" if (slots.get("intake") or {}).get("confirming") in item["signs"] else "no"
        else:
            message = item["text"]
    return Outcome(
        item,
        slots.get("triage_level") or "self_care",
        slots.get("symptoms") or [],
        slots.get("body_parts") or [],
        slots.get("denied_symptoms") or [],
        (slots.get("intake") or {}).get("unsure") or [],
        transcript,
    )


def evaluate(say, slots_of, items: Sequence[dict]) -> list[Outcome]:
    with ThreadPoolExecutor(WORKERS) as pool:
        return list(pool.map(lambda item: converse(say, slots_of, item), items))


@dataclass
class Gates:
    sign_recall: float  # signs recorded in the case
    named_recall: float  # recorded, or named to the person as suspected but unconfirmed
    emergency_recall: float
    wrongly_denied: int
    over_triage: float  # share of the benign messages (no sign) above their highest level
    under_triage: int


def gates(outcomes: Sequence[Outcome]) -> Gates:
    signs = [(o, s) for o in outcomes for s in o.item["signs"]]
    emergencies = [o for o in outcomes if o.item["min_level"] == "emergency"]
    benign = [o for o in outcomes if not o.item["signs"]]
    return Gates(
        sign_recall=sum(o.has(s) for o, s in signs) / max(len(signs), 1),
        named_recall=sum(o.named(s) for o, s in signs) / max(len(signs), 1),
        emergency_recall=sum(o.level == "emergency" for o in emergencies) / max(len(emergencies), 1),
        wrongly_denied=sum(len(o.wrongly_denied) for o in outcomes),
        over_triage=sum(o.over for o in benign) / max(len(benign), 1),
        under_triage=sum(o.under for o in outcomes),
    )


def report(outcomes: Sequence[Outcome], title: str) -> str:
    """Per-kind counts, then every miss with its transcript."""
    kinds: dict[str, list[Outcome]] = {}
    for o in outcomes:
        kinds.setdefault(o.item["kind"], []).append(o)
    g = gates(outcomes)
    lines = [
        title,
        f"{len(outcomes)} messages; sign recall {g.sign_recall:.3f} (recorded; {g.named_recall:.3f} "
        f"with the signs named as unconfirmed), emergency recall "
        f"{g.emergency_recall:.3f}, signs stored as denied {g.wrongly_denied}, over-triage of benign "
        f"{g.over_triage:.3f}, under-triaged {g.under_triage}",
        "",
        f"{'kind':<20}{'messages':>9}{'signs missed':>14}{'unnamed':>9}{'under':>7}{'over':>6}{'denied':>8}",
    ]
    for kind, group in sorted(kinds.items()):
        lines.append(
            f"{kind:<20}{len(group):>9}{sum(len(o.missed) for o in group):>14}"
            f"{sum(len(o.unnamed) for o in group):>9}"
            f"{sum(o.under for o in group):>7}{sum(o.over for o in group):>6}"
            f"{sum(len(o.wrongly_denied) for o in group):>8}"
        )
    lines.append("")
    for o in outcomes:
        unconfirmed = [s for s in o.missed if s in o.unsure]
        problems = (
            (
                [f"missed {o.missed}" + (f" (named as unconfirmed: {unconfirmed})" if unconfirmed else "")]
                if o.missed
                else []
            )
            + (["UNDER"] if o.under else [])
            + (["over"] if o.over else [])
            + ([f"DENIED {o.wrongly_denied}"] if o.wrongly_denied else [])
        )
        if problems:
            lines.append(
                f"[{o.item['kind']}] {'; '.join(problems)}: level {o.level}, expected "
                f"{o.item['min_level']}..{o.item['max_level']}"
            )
            lines += [f"    {t!r}" for t in o.transcript]
    return "\n".join(lines) + "\n"
