"""Durations as the spec writes them (``"3 days"``, ``"60 minutes"``, ``PT1H``), with CDK's conversions.

A duration is what the CDK's ``Duration`` would hold for the same text, an amount (a JavaScript number,
so a float) in one unit: ``"1.5 hours"`` is ``Duration.hours(1.5)``, ISO 8601 is ``Duration.parse``'s
milliseconds. Conversions compute ``amount * from / to`` in floats and insist on a whole result, as
aws-cdk-lib's ``core/lib/duration.ts`` ``convert`` does, so ``"1.1 hours"`` (3960000.0000000005 ms) is
refused exactly where the CDK refuses it.
"""

from __future__ import annotations

import math
import re

_MILLIS = {"millis": 1, "seconds": 1000, "minutes": 60_000, "hours": 3_600_000, "days": 86_400_000}
_UNITS = {"second": "seconds", "seconds": "seconds", "minute": "minutes", "minutes": "minutes",
          "hour": "hours", "hours": "hours", "day": "days", "days": "days"}
_TEXT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$")
# Duration.parse's pattern: whole days, hours and minutes, seconds with at most three decimals
_ISO = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)\.?(\d{1,3})?S)?)?$")


class Duration:
    """An amount of time in one unit, converted to whole units the way the CDK's ``Duration`` does."""

    def __init__(self, amount: float, unit: str, text: str):
        self.amount = amount
        self.unit = unit
        self.text = text

    @property
    def seconds(self) -> float:
        return self.amount * _MILLIS[self.unit] / 1000

    @classmethod
    def parse(cls, text: str) -> "Duration":
        match = _TEXT.match(text)
        if match:
            unit = _UNITS.get(match.group(2))
            if unit is None:
                raise ValueError(f"unknown unit '{match.group(2)}' in duration '{text}' "
                                 "(use seconds, minutes, hours or days)")
            return cls(float(match.group(1)), unit, text)
        match = _ISO.match(text.strip())
        if not match or not any(match.groups()):
            raise ValueError(f"'{text}' is not a duration; write e.g. \"3 days\", \"60 minutes\" or PT1H")
        days, hours, minutes, seconds, millis = (int(part) if part else 0 for part in match.groups())
        if match.group(5):
            millis = int(match.group(5).ljust(3, "0"))
        total = millis + seconds * 1000 + minutes * 60_000 + hours * 3_600_000 + days * 86_400_000
        try:
            return cls(float(total), "millis", text)
        except OverflowError:  # hundreds of digits: Infinity to JavaScript, so no whole number of any unit
            return cls(math.inf, "millis", text)

    def _whole(self, unit: str) -> int:
        if unit == self.unit:
            value = self.amount
        else:
            value = self.amount * _MILLIS[self.unit] / _MILLIS[unit]
        if not value.is_integer():
            raise ValueError(f"'{self.text}' cannot be converted into a whole number of {unit}.")
        return int(value)

    def to_millis(self) -> int:
        return self._whole("millis")

    def to_days(self) -> int:
        return self._whole("days")

    def to_seconds(self) -> int:
        return self._whole("seconds")

    def to_minutes(self) -> int:
        return self._whole("minutes")
