"""Durations as the spec writes them (``"3 days"``, ``"60 minutes"``, ``PT1H``), with CDK's conversions."""

from __future__ import annotations

import re

_UNITS = {
    "second": 1, "seconds": 1,
    "minute": 60, "minutes": 60,
    "hour": 3600, "hours": 3600,
    "day": 86400, "days": 86400,
}
_TEXT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$")
_ISO = re.compile(r"^P(?!$)(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


def _scaled(number: str, scale: int) -> int:
    """A decimal number string times ``scale``, as an integer (``scale`` holds every fraction digit)."""
    whole, _, fraction = number.partition(".")
    return (int(whole) * 10 ** len(fraction) + int(fraction or 0)) * scale // 10 ** len(fraction)


class Duration:
    """An exact amount of time; converts to whole units the way CDK's ``Duration`` does.

    Kept as an integer count of 1/``DENOMINATOR`` seconds (exact for the decimals a spec writes),
    so that ``"36 hours"`` is refused as days exactly as the CDK refuses it, without floats.
    """

    def __init__(self, ticks: int, denominator: int, text: str):
        self.ticks = ticks  # the duration is ticks / denominator seconds
        self.denominator = denominator
        self.text = text

    @property
    def seconds(self) -> float:
        return self.ticks / self.denominator

    @classmethod
    def parse(cls, text: str) -> "Duration":
        numbers: list[tuple[str, int]] = []
        match = _TEXT.match(text)
        if match:
            unit = _UNITS.get(match.group(2))
            if unit is None:
                raise ValueError(f"unknown unit '{match.group(2)}' in duration '{text}' "
                                 "(use seconds, minutes, hours or days)")
            numbers.append((match.group(1), unit))
        else:
            match = _ISO.match(text.strip())
            if not match:
                raise ValueError(f"'{text}' is not a duration; write e.g. \"3 days\", \"60 minutes\" or PT1H")
            numbers = [(n, unit) for n, unit in zip(match.groups(), (86400, 3600, 60, 1)) if n]
        denominator = 10 ** max((len(n.partition(".")[2]) for n, _ in numbers), default=0)
        return cls(sum(_scaled(n, unit * denominator) for n, unit in numbers), denominator, text)

    def _whole(self, unit: int, name: str) -> int:
        value, rest = divmod(self.ticks, unit * self.denominator)
        if rest:
            raise ValueError(f"'{self.text}' cannot be converted into a whole number of {name}.")
        return value

    def to_days(self) -> int:
        return self._whole(86400, "days")

    def to_seconds(self) -> int:
        return self._whole(1, "seconds")

    def to_minutes(self) -> int:
        return self._whole(60, "minutes")
