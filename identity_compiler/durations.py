"""Durations as the spec writes them (``"3 days"``, ``"60 minutes"``, ``PT1H``), with CDK's conversions."""

from __future__ import annotations

import re
from fractions import Fraction

_UNITS = {
    "second": 1, "seconds": 1,
    "minute": 60, "minutes": 60,
    "hour": 3600, "hours": 3600,
    "day": 86400, "days": 86400,
}
_TEXT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$")
_ISO = re.compile(r"^P(?!$)(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")

class Duration:
    """An exact amount of time; converts to whole units the way CDK's ``Duration`` does."""

    def __init__(self, seconds: Fraction, text: str):
        self.seconds = seconds
        self.text = text

    @classmethod
    def parse(cls, text: str) -> "Duration":
        match = _TEXT.match(text)
        if match:
            unit = _UNITS.get(match.group(2))
            if unit is None:
                raise ValueError(f"unknown unit '{match.group(2)}' in duration '{text}' "
                                 "(use seconds, minutes, hours or days)")
            return cls(Fraction(match.group(1)) * unit, text)
        match = _ISO.match(text.strip())
        if match:
            days, hours, minutes, secs = match.groups()
            total = (Fraction(days or 0) * 86400 + Fraction(hours or 0) * 3600
                     + Fraction(minutes or 0) * 60 + Fraction(secs or 0))
            return cls(total, text)
        raise ValueError(f"'{text}' is not a duration; write e.g. \"3 days\", \"60 minutes\" or PT1H")

    def _whole(self, unit: int, name: str) -> int:
        value = self.seconds / unit
        if value.denominator != 1:
            raise ValueError(f"'{self.text}' cannot be converted into a whole number of {name}.")
        return int(value)

    def to_days(self) -> int:
        return self._whole(86400, "days")

    def to_minutes(self) -> int:
        return self._whole(60, "minutes")

    def __str__(self) -> str:
        return self.text
