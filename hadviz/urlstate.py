"""The URL as state: parse query parameters into a trusted problem spec, and write it back.

A link reproduces what its sender saw. The query string carries the problem (``m``, ``n``,
``seed``, ``dist``; in hand-typed mode also ``mode=edit`` and the numbers ``W``, ``a``, ``b``)
and each page's own choices. Parsing never raises: a missing parameter takes its default
silently, and an invalid one (out of range, not a number, empty, unknown, repeated) takes its
default with a warning that names the parameter. This module is pure (no streamlit), so every
rule here is unit-tested; :mod:`hadviz.ui.state` wires it to the browser.

Hand-typed numbers are written compactly as rows separated by ``;`` and entries by ``,``
(``W=1,2,3;4,5,6``) with the shortest text that round-trips each float64 exactly. When the
three together exceed :data:`MAX_DATA_CHARS` characters the link cannot carry them and the
app says so.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from hadviz.latex import text_sci
from hadviz.problem import DISTRIBUTIONS, Distribution, Problem, random_problem
from hadviz.urlparams import QueryParams, parse_choice, parse_int, shorten, single

__all__ = [
    "DEFAULT_SPEC",
    "MAX_ABS",
    "MAX_DATA_CHARS",
    "MAX_SEED",
    "MAX_SIZE",
    "MIN_ABS",
    "HandData",
    "ProblemSpec",
    "decode_matrix",
    "encode_matrix",
    "format_number",
    "parse_problem",
    "problem_query",
]

#: Largest m and n the app offers.
MAX_SIZE = 64
#: Largest seed accepted in a URL.
MAX_SEED = 2**32 - 1
#: Longest encoding of hand-typed W, a, b (together) that a link carries.
MAX_DATA_CHARS = 1500
#: Largest magnitude of a hand-typed number: f multiplies four of them (|f_k| ≤ m²·1e24),
#: which keeps every page, its squares and its differences far from overflow.
MAX_ABS = 1e6
#: Smallest magnitude of a non-zero hand-typed number: products of four of them stay far above
#: float64's underflow threshold (2.2e-308), so every check's rounding-error bound holds.
MIN_ABS = 1e-60


PROBLEM_KEYS = ("m", "n", "seed", "dist", "mode", "W", "a", "b")


@dataclass(frozen=True)
class HandData:
    """Hand-typed numbers as plain tuples (hashable, so they can key a cache)."""

    W: tuple[tuple[float, ...], ...]
    a: tuple[float, ...]
    b: tuple[float, ...]

    @classmethod
    def from_problem(cls, problem: Problem) -> HandData:
        return cls(
            tuple(tuple(float(x) for x in row) for row in problem.W),
            tuple(float(x) for x in problem.a),
            tuple(float(x) for x in problem.b),
        )

    def to_problem(self) -> Problem:
        """Validate into a :class:`Problem` (raises ``ValueError`` on bad data).

        Besides the checks of :class:`Problem`, every number must be 0 or between
        :data:`MIN_ABS` and :data:`MAX_ABS` in magnitude.

        Examples
        --------
        >>> HandData(((1e-70,),), (1.0,), (1.0,)).to_problem()
        Traceback (most recent call last):
        ...
        ValueError: W has an entry 1.00 × 10⁻⁷⁰: numbers other than 0 must be at least
        1 × 10⁻⁶⁰ in magnitude
        """
        problem = Problem(np.array(self.W, dtype=float), np.array(self.a), np.array(self.b))
        for name, arr in (("W", problem.W), ("a", problem.a), ("b", problem.b)):
            mag = np.abs(arr)
            if arr.size and float(np.max(mag)) > MAX_ABS:
                raise ValueError(f"{name} has an entry larger than {text_sci(MAX_ABS, 1)} in "
                                 "magnitude")
            tiny = mag[(mag > 0) & (mag < MIN_ABS)]
            if tiny.size:
                raise ValueError(f"{name} has an entry {text_sci(tiny[0], 3)}: numbers other "
                                 f"than 0 must be at least {text_sci(MIN_ABS, 1)} in magnitude")
        return problem


@dataclass(frozen=True)
class ProblemSpec:
    """Everything that determines the problem: a random draw, or hand-typed numbers."""

    m: int = 2
    n: int = 3
    seed: int = 0
    dist: Distribution = "int"
    data: HandData | None = field(default=None)

    def problem(self) -> Problem:
        """The problem this spec describes."""
        if self.data is not None:
            return self.data.to_problem()
        return random_problem(self.m, self.n, self.seed, self.dist)


DEFAULT_SPEC = ProblemSpec()


def format_number(x: float) -> str:
    """The shortest text that reads back to exactly ``x`` (float64), integers without ".0":
    for links, the number editor's cells and the take-home files.

    Examples
    --------
    >>> format_number(3.0), format_number(-0.1), format_number(1e-20)
    ('3', '-0.1', '1e-20')
    """
    x = float(x)
    return str(int(x)) if x.is_integer() and abs(x) < 1e15 else repr(x)


def encode_matrix(rows: Sequence[Sequence[float]]) -> str:
    """Write a matrix as ``1,2,3;4,5,6`` with exact, shortest numbers.

    Examples
    --------
    >>> encode_matrix([[1.0, 0.5], [-3.0, 1e-20]])
    '1,0.5;-3,1e-20'
    """
    return ";".join(",".join(format_number(x) for x in row) for row in rows)


def decode_matrix(text: str, name: str) -> list[list[float]]:
    """Read the text :func:`encode_matrix` writes; raise ``ValueError`` naming what is wrong.

    Examples
    --------
    >>> decode_matrix("1,0.5;-3,1e-20", "W")
    [[1.0, 0.5], [-3.0, 1e-20]]
    >>> decode_matrix("1,x", "W")
    Traceback (most recent call last):
    ...
    ValueError: W: entry 'x' in row 1 is not a number
    """
    rows = []
    for r, row_text in enumerate(text.split(";"), start=1):
        row = []
        for token in row_text.split(","):
            token = token.strip()
            try:
                value = float(token)
            except ValueError:
                message = f"{name}: entry '{shorten(token)}' in row {r} is not a number"
                raise ValueError(message) from None
            if not math.isfinite(value):
                raise ValueError(f"{name}: entry '{shorten(token)}' in row {r} is not finite")
            row.append(value)
        rows.append(row)
    if len({len(row) for row in rows}) != 1:
        raise ValueError(f"{name}: rows have different lengths")
    return rows


def _parse_hand_data(params: QueryParams, warnings: list[str]) -> HandData | None:
    texts = {}
    for key in ("W", "a", "b"):
        raw = single(params, key, warnings)
        if not raw:
            warnings.append(
                "URL parameter 'mode' = 'edit' needs W, a and b; "
                f"'{key}' is missing or empty, so the random problem is shown."
            )
            return None
        texts[key] = raw
    try:
        W = decode_matrix(texts["W"], "W")
        a = [row[0] for row in decode_matrix(texts["a"].replace(",", ";"), "a")]
        b = [row[0] for row in decode_matrix(texts["b"].replace(",", ";"), "b")]
        data = HandData(tuple(map(tuple, W)), tuple(a), tuple(b))
        problem = data.to_problem()
    except ValueError as exc:
        warnings.append(f"URL parameters W, a, b: {exc}; the random problem is shown.")
        return None
    if problem.m > MAX_SIZE or problem.n > MAX_SIZE:
        warnings.append(
            f"URL parameter 'W' has shape {problem.W.shape}, larger than {MAX_SIZE} × {MAX_SIZE}; "
            "the random problem is shown."
        )
        return None
    return data


def parse_problem(params: QueryParams) -> tuple[ProblemSpec, list[str]]:
    """Parse the problem part of a query string.

    Parameters
    ----------
    params : mapping of str to sequence of str
        Every key with all its values (repeated keys are invalid).

    Returns
    -------
    spec : ProblemSpec
        Always valid: bad parameters fall back to :data:`DEFAULT_SPEC`'s values.
    warnings : list of str
        One message per bad parameter, naming it.

    Examples
    --------
    >>> spec, w = parse_problem({"m": ["5"], "n": ["7"], "seed": ["3"], "dist": ["int"]})
    >>> (spec.m, spec.n, spec.seed, spec.dist), w
    ((5, 7, 3, 'int'), [])
    >>> spec, w = parse_problem({"m": ["100000"], "seed": ["abc"]})
    >>> (spec.m, spec.seed), len(w)
    ((2, 0), 2)
    """
    warnings: list[str] = []
    d = DEFAULT_SPEC
    m = parse_int(params, "m", 1, MAX_SIZE, d.m, warnings)
    n = parse_int(params, "n", 1, MAX_SIZE, d.n, warnings)
    seed = parse_int(params, "seed", 0, MAX_SEED, d.seed, warnings)
    dist = parse_choice(params, "dist", DISTRIBUTIONS, d.dist, warnings)
    mode = parse_choice(params, "mode", ("random", "edit"), "random", warnings)
    spec = ProblemSpec(m, n, seed, dist)
    if mode == "edit":
        data = _parse_hand_data(params, warnings)
        if data is not None:
            spec = replace(spec, m=len(data.W), n=len(data.W[0]), data=data)
    return spec, warnings


def hand_data_query(data: HandData) -> dict[str, str] | None:
    """The URL parameters for hand-typed numbers, or None when they are too long for a link."""
    query = {
        "W": encode_matrix(data.W),
        "a": encode_matrix([[x] for x in data.a]).replace(";", ","),
        "b": encode_matrix([[x] for x in data.b]).replace(";", ","),
    }
    if sum(len(v) for v in query.values()) > MAX_DATA_CHARS:
        return None
    return query


def problem_query(spec: ProblemSpec) -> tuple[dict[str, str], bool]:
    """The query parameters that reproduce ``spec``.

    Returns
    -------
    query : dict of str to str
    shareable : bool
        False when hand-typed numbers were too long for a link; the query then
        reproduces only the size, seed and distribution.

    Examples
    --------
    >>> problem_query(ProblemSpec(5, 7, 3, "int"))
    ({'m': '5', 'n': '7', 'seed': '3', 'dist': 'int'}, True)
    """
    query = {"m": str(spec.m), "n": str(spec.n), "seed": str(spec.seed), "dist": spec.dist}
    if spec.data is None:
        return query, True
    data_query = hand_data_query(spec.data)
    if data_query is None:
        return query, False
    return query | {"mode": "edit"} | data_query, True
