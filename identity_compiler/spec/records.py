"""Immutable, keyword-only value classes for the model, declared like dataclasses but made without ``exec``.

``@dataclass(frozen=True, kw_only=True)`` writes and compiles an ``__init__``, ``__eq__``, ``__hash__`` and
``__repr__`` for every class at import; for the model's fifty classes that was most of a cold compile's
start-up beyond its libraries. A ``Record`` reads its fields from the class annotations once, when the class
is defined, and shares one generic implementation of each method. Semantics are the dataclass's: fields in
definition order (a base's first), a field without a default is required, ``Factory(f)`` is a default made
per instance, instances are frozen and compared and hashed by value within one class. A class may also name
fields in ``_optional_fields`` (the plain properties of ``properties.py``): each is None unless given.
"""

from __future__ import annotations

from typing import Any, Callable

_MISSING = object()


class Factory:
    """A default made anew for each instance (the dataclass ``field(default_factory=...)``)."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]):
        self.make = make


class Record:
    """Base of the model's classes: subclasses declare fields as annotated class attributes."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()
    _names: frozenset = frozenset()
    _plain: dict[str, Any] = {}  # the fields with a default value
    _factories: tuple[tuple[str, Callable[[], Any]], ...] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        defaults: dict[str, Any] = {}
        for klass in reversed(cls.__mro__):
            for name in klass.__dict__.get("__annotations__", {}):
                if name.startswith("_"):
                    continue
                defaults.pop(name, None)  # redeclared: it takes its place again, as in a dataclass
                defaults[name] = klass.__dict__.get(name, _MISSING)
            for name in klass.__dict__.get("_optional_fields", ()):  # declared elsewhere (a table), None by default
                defaults.setdefault(name, None)
        cls._fields = tuple(defaults)
        cls._names = frozenset(defaults)
        cls._plain = {k: v for k, v in defaults.items() if v is not _MISSING and not isinstance(v, Factory)}
        cls._factories = tuple((k, v.make) for k, v in defaults.items() if isinstance(v, Factory))

    def __init__(self, **values: Any) -> None:
        state = dict(self._plain)
        state.update(values)
        if state.keys() != self._names:
            for name, make in self._factories:
                if name not in state:
                    state[name] = make()
            if state.keys() != self._names:
                missing = sorted(self._names - state.keys())
                unknown = sorted(state.keys() - self._names)
                raise TypeError(f"{type(self).__name__}(): " + "; ".join(
                    part for part in (missing and f"missing keyword arguments {missing}",
                                      unknown and f"unexpected keyword arguments {unknown}") if part))
        object.__setattr__(self, "__dict__", state)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: {type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: {type(self).__name__} is immutable")

    def _values(self) -> tuple:
        return tuple(self.__dict__[name] for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={self.__dict__[name]!r}" for name in self._fields)
        return f"{type(self).__name__}({shown})"


def fields(record: Record | type[Record]) -> tuple[str, ...]:
    """The field names of a record (or record class), in definition order."""
    return record._fields


def replace(record: Record, **changes: Any) -> Any:
    """A copy with some fields changed (``dataclasses.replace``)."""
    return type(record)(**{**record.__dict__, **changes})
