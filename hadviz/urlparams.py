"""Page parameters in the URL: the pure rules that read them, and write them back.

Parsing never raises: a missing parameter takes its default silently, and an invalid one
(out of range, not a number, empty, unknown, repeated) takes its default with a warning that
names the parameter. Every rule the app applies to its query string is here, unit-tested;
:mod:`hadviz.ui` only wires these rules to widgets.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TypeVar

from hadviz.latex import text_sci

__all__ = [
    "QueryParams",
    "parse_choice",
    "parse_float",
    "parse_int",
    "parse_int_range",
    "parse_multi",
    "parse_step",
    "parse_text",
    "query_multi",
    "query_step",
    "shorten",
    "single",
]

#: Query parameters as the browser sends them: every key with all its values.
QueryParams = Mapping[str, Sequence[str]]
#: A choice: one of a fixed set of strings (often a Literal type).
C = TypeVar("C", bound=str)


def single(params: QueryParams, name: str, warnings: list[str]) -> str | None:
    """The one value of ``name``; None when absent or repeated (a repeat is warned about)."""
    values = list(params.get(name, ()))
    if len(values) > 1:
        warnings.append(f"URL parameter '{name}' was given {len(values)} times; using its default.")
    return values[0] if len(values) == 1 else None


def parse_int(
    params: QueryParams, name: str, lo: int, hi: int, default: int, warnings: list[str]
) -> int:
    """Read an integer in ``lo..hi`` (inclusive); anything else gives ``default`` and a warning.

    Examples
    --------
    >>> w = []
    >>> parse_int({"m": ["5"]}, "m", 1, 64, 2, w), w
    (5, [])
    >>> parse_int({"m": ["0"]}, "m", 1, 64, 2, w)
    2
    >>> w
    ["URL parameter 'm' = '0' is out of range 1..64; using the default 2."]
    """
    raw = single(params, name, warnings)
    if raw is None:
        return default
    text = raw.strip()
    if not text or not (text.isascii() and text.lstrip("+-").isdigit()) or len(text) > 30:
        warnings.append(
            f"URL parameter '{name}' = '{shorten(raw)}' is not a whole number; "
            f"using the default {default}."
        )
        return default
    value = int(text)
    if not lo <= value <= hi:
        warnings.append(
            f"URL parameter '{name}' = '{shorten(raw)}' is out of range {lo}..{hi}; "
            f"using the default {default}."
        )
        return default
    return value


def parse_float(
    params: QueryParams,
    name: str,
    lo: float,
    hi: float,
    default: float,
    warnings: list[str],
) -> float:
    """Read a finite float in ``[lo, hi]``; anything else gives ``default`` and a warning.

    Examples
    --------
    >>> w = []
    >>> parse_float({"h": ["1e-3"]}, "h", 1e-16, 1.0, 1e-8, w)
    0.001
    >>> parse_float({"h": ["nan"]}, "h", 1e-16, 1.0, 1e-8, w), len(w)
    (1e-08, 1)
    """
    raw = single(params, name, warnings)
    if raw is None:
        return default
    try:
        value = float(raw.strip()) if len(raw) <= 40 else math.nan
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not lo <= value <= hi:
        warnings.append(
            f"URL parameter '{name}' = '{shorten(raw)}' is not a number in "
            f"[{text_sci(lo, 3)}, {text_sci(hi, 3)}]; using the default {text_sci(default, 3)}."
        )
        return default
    return value


def parse_choice(
    params: QueryParams,
    name: str,
    choices: Sequence[C],
    default: C,
    warnings: list[str],
) -> C:
    """Read one of ``choices``; anything else gives ``default`` and a warning.

    Examples
    --------
    >>> w = []
    >>> parse_choice({"dist": ["evil"]}, "dist", ("normal", "int"), "int", w)
    'int'
    >>> w
    ["URL parameter 'dist' = 'evil' is not one of normal, int; using the default int."]
    """
    raw = single(params, name, warnings)
    if raw is None:
        return default
    if raw not in choices:
        warnings.append(
            f"URL parameter '{name}' = '{shorten(raw)}' is not one of {', '.join(choices)}; "
            f"using the default {default}."
        )
        return default
    return next(c for c in choices if c == raw)  # the option itself, with its type


def parse_text(params: QueryParams, name: str, limit: int, warnings: list[str]) -> str:
    """Free text of at most ``limit`` characters; longer text gives "" and a warning.

    Examples
    --------
    >>> w = []
    >>> parse_text({"answer": ["1 2; 3 4"]}, "answer", 10, w), w
    ('1 2; 3 4', [])
    >>> parse_text({"answer": ["x" * 11]}, "answer", 10, w)
    ''
    >>> w
    ["URL parameter 'answer' has 11 characters, more than 10; it is ignored."]
    """
    raw = single(params, name, warnings)
    if raw is None:
        return ""
    if len(raw) > limit:
        warnings.append(f"URL parameter '{name}' has {len(raw):,} characters, more than "
                        f"{limit:,}; it is ignored.")
        return ""
    return raw


def shorten(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_int_range(
    params: QueryParams,
    names: tuple[str, str],
    lo: int,
    hi: int,
    default: tuple[int, int],
    warnings: list[str],
) -> tuple[int, int]:
    """Read two integers ``low < high`` in ``lo..hi`` from two parameters.

    Examples
    --------
    >>> w = []
    >>> parse_int_range({"hmin": ["-8"], "hmax": ["-2"]}, ("hmin", "hmax"), -20, 2, (-16, 0), w)
    (-8, -2)
    >>> parse_int_range({"hmin": ["0"], "hmax": ["-2"]}, ("hmin", "hmax"), -20, 2, (-16, 0), w)
    (-16, 0)
    >>> w
    ["URL parameters 'hmin' and 'hmax' must satisfy hmin < hmax; using the defaults (-16, 0)."]
    """
    low = parse_int(params, names[0], lo, hi, default[0], warnings)
    high = parse_int(params, names[1], lo, hi, default[1], warnings)
    if low >= high:
        warnings.append(f"URL parameters '{names[0]}' and '{names[1]}' must satisfy "
                        f"{names[0]} < {names[1]}; using the defaults {default}.")
        return default
    return low, high


def parse_multi(
    params: QueryParams,
    name: str,
    options: Sequence[str],
    default: Sequence[str],
    warnings: list[str],
) -> list[str]:
    """Read a comma-separated subset of ``options`` (``none`` for the empty set), in order.

    Examples
    --------
    >>> w = []
    >>> parse_multi({"s": ["c,a"]}, "s", ("a", "b", "c"), ("a",), w), parse_multi(
    ...     {"s": ["none"]}, "s", ("a", "b"), ("a",), w), w
    (['a', 'c'], [], [])
    >>> parse_multi({"s": ["a,x"]}, "s", ("a", "b"), ("a",), w)
    ['a']
    """
    values = params.get(name)
    if not values:
        return list(default)
    if list(values) == ["none"]:
        return []
    chosen = [v for v in values[-1].split(",") if v]
    if len(values) > 1 or not chosen or any(v not in options for v in chosen):
        warnings.append(f"URL parameter '{name}' = '{shorten(values[-1])}' must be a comma-"
                        f"separated list of {', '.join(options)}; using the default "
                        f"{','.join(default)}.")
        return list(default)
    return [o for o in options if o in chosen]


def parse_step(params: QueryParams, name: str, count: int, warnings: list[str]) -> int:
    """Read a step ``1 … count`` or ``all`` (returned as 0); a walk starts at step 1.

    Examples
    --------
    >>> w = []
    >>> parse_step({"step": ["3"]}, "step", 6, w), parse_step({"step": ["all"]}, "step", 6, w)
    (3, 0)
    >>> parse_step({}, "step", 6, w), parse_step({"step": ["9"]}, "step", 6, w), len(w)
    (1, 1, 1)
    """
    if list(params.get(name, ())) == ["all"]:
        return 0
    return parse_int(params, name, 1, count, 1, warnings)


def query_multi(chosen: Sequence[str]) -> str:
    """The URL value of a subset: comma-separated, or ``none``.

    Examples
    --------
    >>> query_multi(["a", "c"]), query_multi([])
    ('a,c', 'none')
    """
    return ",".join(chosen) or "none"


def query_step(step: int) -> str:
    """The URL value of a step (0 means all steps).

    Examples
    --------
    >>> query_step(0), query_step(2)
    ('all', '2')
    """
    return "all" if step == 0 else str(step)
