"""`@record` behaves as `@dataclass(frozen=True, slots=True)` does, for everything briefgen uses."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import dataclass, field

import pytest

from briefgen.record import FrozenInstanceError, record


@record
class Point:
    """A point."""

    x: int
    y: int = 0
    tags: tuple[str, ...] = ()
    extra: list[int] = field(default_factory=list)

    def norm(self) -> int:
        return abs(self.x) + abs(self.y)


@dataclass(frozen=True, slots=True)
class DPoint:
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()
    extra: list[int] = field(default_factory=list)


@record(order=True)
class Version:
    major: int
    minor: int


@record
class Empty:
    pass


def test_construction_defaults_and_factories():
    p = Point(1)
    assert (p.x, p.y, p.tags, p.extra) == (1, 0, (), [])
    assert Point(1).extra is not Point(1).extra  # a fresh list each time
    assert Point(x=2, tags=("a",)).tags == ("a",)
    assert Point(1, 2, ("t",), [3]) == Point(x=1, y=2, tags=("t",), extra=[3])
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, z=3)  # type: ignore[call-arg]
    assert p.norm() == 1 and Point.__doc__ == "A point."


def test_same_repr_equality_and_hash_as_a_dataclass():
    r, d = Point(1, 2, ("a",)), DPoint(1, 2, ("a",))
    assert repr(r).replace("Point", "X") == repr(d).replace("DPoint", "X")
    assert Point(1, 2) == Point(1, 2) and Point(1, 2) != Point(2, 1)
    assert Point(1) != DPoint(1) and Point(1) != (1, 0, (), [])
    p = Point(1, 2, ("a",), extra=None)  # type: ignore[arg-type]
    assert hash(p) == hash(Point(1, 2, ("a",), extra=None))  # type: ignore[arg-type]
    assert len({Point(1, extra=None), Point(1, extra=None)}) == 1  # type: ignore[arg-type]
    assert Empty() == Empty() and hash(Empty()) == hash(())


def test_frozen_and_slotted():
    p = Point(1)
    with pytest.raises(FrozenInstanceError):
        p.x = 2  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del p.x  # type: ignore[misc]
    assert not hasattr(p, "__dict__")
    assert Point.__slots__ == ("x", "y", "tags", "extra")
    with pytest.raises(AttributeError):
        object.__setattr__(p, "z", 1)


def test_dataclasses_functions_still_work():
    p = Point(1, 2)
    assert dataclasses.is_dataclass(p)
    assert [f.name for f in dataclasses.fields(p)] == ["x", "y", "tags", "extra"]
    q = dataclasses.replace(p, y=5)
    assert (q.x, q.y) == (1, 5) and type(q) is Point
    assert dataclasses.asdict(p) == {"x": 1, "y": 2, "tags": (), "extra": []}
    assert Point.__match_args__ == ("x", "y", "tags", "extra")


def test_pickle_and_copy_round_trip():
    p = Point(1, 2, ("a", "b"), [1])
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(p, protocol=protocol)) == p
    assert copy.deepcopy(p) == p and copy.copy(p) == p


def test_order():
    assert Version(1, 2) < Version(1, 10) <= Version(1, 10) and Version(2, 0) > Version(1, 99)
    assert sorted([Version(2, 0), Version(1, 5)]) == [Version(1, 5), Version(2, 0)]
    with pytest.raises(TypeError):
        Version(1, 0) < (1, 0)  # noqa: B015


def test_a_required_field_after_a_default_is_refused():
    with pytest.raises(TypeError):
        @record
        class Bad:
            a: int = 0
            b: int
