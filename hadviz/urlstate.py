"""The URL as state: parse query parameters into a trusted problem spec, and write it back.

A link reproduces what its sender saw. The query string carries the problem (the function
``fn`` and, for the matrix model, ``p``; ``m``, ``n``, ``seed``, ``dist``; in hand-typed mode
also ``mode=edit`` and the numbers ``W`` and the model's parameters, ``a``, ``b`` or ``A``,
``B``) and each page's own choices. Parsing never raises: a missing parameter takes its default
silently, and an invalid one (out of range, not a number, empty, unknown, repeated) takes its
default with a warning that names the parameter. This module is pure (no streamlit), so every
rule here is unit-tested; :mod:`hadviz.ui.state` wires it to the browser.

Hand-typed numbers are written compactly as rows separated by ``;`` and entries by ``,``
(``W=1,2,3;4,5,6``) with the shortest text that round-trips each float64 exactly. When they
together exceed :data:`MAX_DATA_CHARS` characters the link cannot carry them and the
app says so.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from hadviz.handdata import MAX_ABS, MIN_ABS, HandData, Rows, underflowed
from hadviz.latex import text_sci
from hadviz.models import ALIASES, MODELS, FunctionName, model_of
from hadviz.problem import DISTRIBUTIONS, Distribution, Problem, random_problem
from hadviz.urlparams import QueryParams, parse_choice, parse_int, shorten, single

__all__ = [
    "DEFAULT_SPEC",
    "MAX_ABS",
    "MAX_DATA_CHARS",
    "MAX_P",
    "MAX_SEED",
    "MAX_SIZE",
    "MIN_ABS",
    "PARAM_KEYS",
    "PROBLEM_KEYS",
    "HandData",
    "ProblemSpec",
    "Rows",
    "decode_matrix",
    "encode_matrix",
    "format_number",
    "parse_fn",
    "parse_problem",
    "problem_query",
]

#: Largest m and n the app offers.
MAX_SIZE = 64
#: Largest seed accepted in a URL.
MAX_SEED = 2**32 - 1
#: Longest encoding of hand-typed W, a, b (together) that a link carries.
MAX_DATA_CHARS = 1500
#: Largest number of columns of A and B (rows of F) for the matrix model.
MAX_P = 8

#: Every parameter name a model of the family takes, in URL order.
PARAM_KEYS = tuple(dict.fromkeys(q.name for model in MODELS.values() for q in model.params))
PROBLEM_KEYS = ("fn", "p", "m", "n", "seed", "dist", "mode", "W", *PARAM_KEYS)

@dataclass(frozen=True)
class ProblemSpec:
    """Everything that determines the problem: the model, and a random draw or typed numbers."""

    m: int = 2
    n: int = 3
    seed: int = 0
    dist: Distribution = "int"
    data: HandData | None = field(default=None)
    fn: FunctionName = "hadamard"
    p: int = 1

    def problem(self) -> Problem:
        """The problem this spec describes."""
        if self.data is not None:
            return self.data.to_problem()
        return random_problem(self.m, self.n, self.seed, self.dist, self.fn, self.p)


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
            if underflowed(token, value):
                raise ValueError(f"{name}: entry '{shorten(token)}' in row {r} is smaller than "
                                 f"{text_sci(MIN_ABS, 1)} in magnitude (write 0 for zero)")
            row.append(value)
        rows.append(row)
    if len({len(row) for row in rows}) != 1:
        raise ValueError(f"{name}: rows have different lengths")
    return rows


def _parse_hand_data(params: QueryParams, fn: FunctionName,
                     warnings: list[str]) -> HandData | None:
    model = model_of(fn)
    keys = ("W", *model.param_names)
    texts = {}
    for key in keys:
        raw = single(params, key, warnings)
        if not raw:
            warnings.append(
                f"URL parameter 'mode' = 'edit' needs {', '.join(keys[:-1])} and {keys[-1]}; "
                f"'{key}' is missing or empty, so the random problem is shown."
            )
            return None
        texts[key] = raw
    try:
        W = decode_matrix(texts["W"], "W")
        arrays = tuple(
            tuple(map(tuple, decode_matrix(texts[q.name] if q.matrix
                                           else texts[q.name].replace(",", ";"), q.name)))
            for q in model.params)
        data = HandData(tuple(map(tuple, W)), arrays, fn)
        problem = data.to_problem()
    except ValueError as exc:
        warnings.append(f"URL parameters {', '.join(keys)}: {exc}; the random problem is shown.")
        return None
    if problem.m > MAX_SIZE or problem.n > MAX_SIZE or problem.p > MAX_P:
        warnings.append(
            f"URL parameter 'W' has shape {problem.W.shape}, larger than {MAX_SIZE} × {MAX_SIZE}; "
            "the random problem is shown." if problem.p <= MAX_P else
            f"URL parameters {', '.join(keys[1:])} have p = {problem.p} columns, more than "
            f"{MAX_P}; the random problem is shown."
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
    fn = parse_fn(params, warnings)
    p = parse_int(params, "p", 1, MAX_P, d.p, warnings) if MODELS[fn].rows else 1
    spec = ProblemSpec(m, n, seed, dist, fn=fn, p=p)
    if mode == "edit":
        data = _parse_hand_data(params, fn, warnings)
        if data is not None:
            spec = replace(spec, m=len(data.W), n=len(data.W[0]), data=data,
                           p=len(data.params[0][0]) if MODELS[fn].rows else 1)
    return spec, warnings


def parse_fn(params: QueryParams, warnings: list[str]) -> FunctionName:
    """The model's name from ``fn`` (older names, such as the lab's ``quadratic``, accepted).

    Examples
    --------
    >>> parse_fn({"fn": ["quadratic"]}, []), parse_fn({}, [])
    ('hadamard', 'hadamard')
    """
    raw = single(params, "fn", [])
    if raw in ALIASES:
        return ALIASES[raw]
    return parse_choice(params, "fn", tuple(MODELS), DEFAULT_SPEC.fn, warnings)


def hand_data_query(data: HandData) -> dict[str, str] | None:
    """The URL parameters for hand-typed numbers, or None when they are too long for a link.

    A vector is written as ``a=1,2,3``; a matrix as rows, ``A=1,2;3,4``.
    """
    query = {"W": encode_matrix(data.W)}
    for q, rows in zip(data.model.params, data.params, strict=True):
        query[q.name] = encode_matrix(rows) if q.matrix else encode_matrix(rows).replace(";", ",")
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
    if spec.fn != DEFAULT_SPEC.fn:  # the question's links stay as they were
        query = {"fn": spec.fn} | ({"p": str(spec.p)} if MODELS[spec.fn].rows else {}) | query
    if spec.data is None:
        return query, True
    data_query = hand_data_query(spec.data)
    if data_query is None:
        return query, False
    return query | {"mode": "edit"} | data_query, True
