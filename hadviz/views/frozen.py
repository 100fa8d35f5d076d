"""Views as immutable values: every array a view holds made read-only.

A view is built once and shared (the Streamlit layer hands the same object to every session
that asks for the same problem and choices). Its dataclasses are frozen; :func:`freeze`
makes the arrays inside them read-only too, so code that tried to change a shared view fails
loudly instead of changing what other sessions see.
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar

import numpy as np

__all__ = ["freeze"]

T = TypeVar("T")


def freeze(value: T, depth: int = 4) -> T:
    """Make every array reachable from ``value`` (through dataclasses, tuples, lists and
    dict values, ``depth`` levels deep) read-only; return ``value``.

    Examples
    --------
    >>> x = freeze({"G": [np.zeros(2)]})
    >>> x["G"][0].flags.writeable
    False
    """
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
    elif depth and dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            freeze(getattr(value, f.name), depth - 1)
    elif depth and isinstance(value, (tuple, list)):
        for item in value:
            freeze(item, depth - 1)
    elif depth and isinstance(value, dict):
        for item in value.values():
            freeze(item, depth - 1)
    return value
