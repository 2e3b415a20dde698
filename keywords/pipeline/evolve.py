"""``evolve``: ``dataclasses.replace`` for frozen, slotted dataclasses, about 3x faster.

Every stage returns a changed copy of the verdict; ``dataclasses.replace`` builds the
copy through ``__init__`` (a loop over the fields' metadata, a keyword call, a frozen
``__setattr__`` per field), which was a fifth of the rules-only analysis time.  ``evolve``
copies the slots with their descriptors instead.  It gives the same object as
``replace`` for a dataclass with ``slots=True``, no ``__post_init__`` and only init
fields; any other class is refused.  The type checker sees ``dataclasses.replace``
itself, so the changed fields are checked against their declared types.
"""

from __future__ import annotations

import dataclasses
from types import MemberDescriptorType
from typing import TYPE_CHECKING, Any, TypeVar

T = TypeVar("T")
_Slot = tuple[str, Any, Any]  # name, descriptor get, descriptor set
_SLOTS: dict[type, tuple[tuple[_Slot, ...], frozenset[str]]] = {}


def _slots(cls: type) -> tuple[tuple[_Slot, ...], frozenset[str]]:
    known = _SLOTS.get(cls)
    if known is not None:
        return known
    fields = dataclasses.fields(cls)
    if hasattr(cls, "__post_init__") or not all(f.init for f in fields):
        raise TypeError(f"evolve: {cls.__name__} needs __init__; use dataclasses.replace")
    descriptors = [
        d for f in fields if isinstance(d := cls.__dict__.get(f.name), MemberDescriptorType)
    ]
    if len(descriptors) != len(fields):
        raise TypeError(f"evolve: {cls.__name__} is not a slots=True dataclass")
    slots = tuple((f.name, d.__get__, d.__set__) for f, d in zip(fields, descriptors, strict=True))
    _SLOTS[cls] = known = (slots, frozenset(f.name for f in fields))
    return known


def _evolve(obj: T, /, **changes: Any) -> T:
    """A copy of ``obj`` with ``changes``, as ``dataclasses.replace(obj, **changes)``."""
    cls = type(obj)
    slots, names = _slots(cls)
    if not changes.keys() <= names:
        unknown = ", ".join(sorted(changes.keys() - names))
        raise TypeError(f"{cls.__name__} has no field {unknown}")
    new = object.__new__(cls)
    for name, get, put in slots:
        put(new, changes[name] if name in changes else get(obj))
    return new


if TYPE_CHECKING:
    from dataclasses import replace as evolve
else:
    evolve = _evolve
