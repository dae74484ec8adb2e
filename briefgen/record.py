"""`@record`: what `@dataclass(frozen=True, slots=True)` makes, at a fifth of its import cost.

briefgen's model is some seventy small immutable classes. `dataclasses` compiles seven or eight
generated methods for each frozen, slotted class when its module is imported (about 0.5 ms a
class), which made importing briefgen cost more than checking a small brief. A `record` asks
`dataclasses` only for its field bookkeeping (so `dataclasses.fields`, `replace` and
`is_dataclass` work as before), compiles just `__init__` (the one method that must be fast and
take the fields by name), and builds `__repr__`, `__eq__`, `__hash__`, ordering, the frozen
`__setattr__` and pickling from shared functions.

The behaviour is the dataclass's: positional or keyword construction with defaults and
`field(default_factory=...)`, equality and hashing by the fields in order, `FrozenInstanceError`
on assignment, `__slots__` with no `__dict__`, and pickling (tests/test_record.py compares them).
"""

from __future__ import annotations

import dataclasses
from operator import attrgetter
from typing import Any, Callable, TypeVar

T = TypeVar("T", bound=type)

FrozenInstanceError = dataclasses.FrozenInstanceError
_MISSING = dataclasses.MISSING


def record(cls: T | None = None, /, *, order: bool = False) -> Any:
    """Make `cls` a frozen, slotted record (as `@dataclass(frozen=True, slots=True, order=order)`)."""

    def wrap(c: T) -> T:
        return _make(c, order)

    return wrap if cls is None else wrap(cls)


class _Factory:
    """The default of a field with a default_factory, in the generated `__init__`'s signature."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


def _make(cls: T, order: bool) -> T:
    cls = dataclasses.dataclass(cls, init=False, repr=False, eq=False)  # fields and their defaults
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    names = tuple(f.name for f in fields)
    ns = {k: v for k, v in cls.__dict__.items() if k not in names and k not in ("__dict__", "__weakref__")}
    ns["__slots__"] = names
    ns["__match_args__"] = names
    ns["__init__"] = _init(cls, fields)
    key: Callable[[Any], tuple[Any, ...]]
    if len(names) == 1:
        one = attrgetter(names[0])
        key = lambda obj: (one(obj),)  # noqa: E731
    elif names:
        key = attrgetter(*names)
    else:
        key = lambda obj: ()  # noqa: E731
    ns["__repr__"] = _repr(names)
    ns["__eq__"] = _eq(key)
    ns["__hash__"] = lambda self: hash(key(self))
    ns["__setattr__"] = _frozen_setattr
    ns["__delattr__"] = _frozen_delattr
    ns["__getstate__"] = lambda self: [getattr(self, n) for n in names]
    ns["__setstate__"] = _setstate(names)
    if order:
        for op in ("__lt__", "__le__", "__gt__", "__ge__"):
            ns[op] = _compare(op, key)
    new = type(cls)(cls.__name__, cls.__bases__, ns)
    new.__init__.__qualname__ = f"{new.__qualname__}.__init__"
    return new  # type: ignore[no-any-return]


def _init(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    env: dict[str, Any] = {"__set": object.__setattr__, "__factory": _FACTORY}
    params, body = [], []
    for f in fields:
        if f.default is not _MISSING:
            env[f"__d_{f.name}"] = f.default
            params.append(f"{f.name}=__d_{f.name}")
            body.append(f"  __set(self, {f.name!r}, {f.name})")
        elif f.default_factory is not _MISSING:
            env[f"__f_{f.name}"] = f.default_factory
            params.append(f"{f.name}=__factory")
            body.append(f"  __set(self, {f.name!r}, __f_{f.name}() if {f.name} is __factory else {f.name})")
        else:
            if any(p.partition("=")[2] for p in params):
                raise TypeError(f"non-default argument {f.name!r} follows default argument")
            params.append(f.name)
            body.append(f"  __set(self, {f.name!r}, {f.name})")
    source = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or "  pass") + "\n"
    exec(compile(source, f"<record {cls.__module__}.{cls.__qualname__}>", "exec"), env)
    return env["__init__"]  # type: ignore[no-any-return]


def _repr(names: tuple[str, ...]) -> Callable[[Any], str]:
    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in names)
        return f"{type(self).__qualname__}({inner})"

    return __repr__


def _eq(key: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any, Any], Any]:
    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return self is other or key(self) == key(other)
        return NotImplemented

    return __eq__


def _compare(op: str, key: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any, Any], Any]:
    compare = getattr(tuple, op)

    def method(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return compare(key(self), key(other))
        return NotImplemented

    method.__name__ = op
    return method


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _setstate(names: tuple[str, ...]) -> Callable[[Any, list[Any]], None]:
    def __setstate__(self: Any, state: list[Any]) -> None:
        for name, value in zip(names, state):
            object.__setattr__(self, name, value)

    return __setstate__
