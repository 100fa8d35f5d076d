"""URL parsing: every bad parameter falls back to its default with a warning naming it."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hadviz import Problem
from hadviz.problem import random_problem
from hadviz.urlstate import (
    DEFAULT_SPEC,
    MAX_DATA_CHARS,
    HandData,
    ProblemSpec,
    decode_matrix,
    encode_matrix,
    parse_problem,
    problem_query,
)


def q(**kw):
    return {k: v if isinstance(v, list) else [v] for k, v in kw.items()}


def test_defaults_without_parameters():
    spec, warnings = parse_problem({})
    assert spec == DEFAULT_SPEC and warnings == []
    assert (spec.m, spec.n) == (2, 3)


def test_valid_parameters_round_trip():
    spec, warnings = parse_problem(q(m="5", n="7", seed="3", dist="int"))
    assert warnings == []
    assert spec == ProblemSpec(5, 7, 3, "int")
    query, shareable = problem_query(spec)
    assert shareable and parse_problem(q(**query))[0] == spec


@pytest.mark.parametrize(
    "params,name",
    [
        (q(m="0"), "m"),
        (q(m="100000"), "m"),
        (q(n="-1"), "n"),
        (q(n="2.5"), "n"),
        (q(seed="abc"), "seed"),
        (q(seed=str(2**40)), "seed"),
        (q(dist="evil"), "dist"),
        (q(m=""), "m"),
        (q(dist=""), "dist"),
        (q(m=["3", "4"]), "m"),
        (q(mode="hack"), "mode"),
        (q(m="１２"), "m"),  # full-width digits are not ASCII digits
        (q(m="9" * 5000), "m"),
    ],
)
def test_bad_parameter_falls_back_with_named_warning(params, name):
    spec, warnings = parse_problem(params)
    assert len(warnings) == 1, warnings
    assert f"'{name}'" in warnings[0]
    assert getattr(spec, name, None) == getattr(DEFAULT_SPEC, name, None)


def test_one_bad_parameter_keeps_the_good_ones():
    spec, warnings = parse_problem(q(m="5", n="0", seed="9"))
    assert (spec.m, spec.n, spec.seed) == (5, 3, 9)
    assert len(warnings) == 1


def test_hand_data_round_trip_is_exact():
    data = HandData(((0.1, -2.0, 1e-60), (np.pi, 3.0, -0.0)), (((1.5,), (2.0,)),
                                                               ((1 / 3,), (-7.0,))))
    spec = ProblemSpec(2, 3, 4, "normal", data)
    query, shareable = problem_query(spec)
    assert shareable and query["mode"] == "edit"
    back, warnings = parse_problem(q(**query))
    assert warnings == [] and back.data == data
    assert back.problem() == data.to_problem()


@pytest.mark.parametrize("fn", ["hadamard", "tanh", "gated", "matrix"])
def test_every_model_round_trips_through_a_link(fn):
    problem = random_problem(3, 2, seed=5, dist="normal", fn=fn, p=4)
    spec = ProblemSpec(3, 2, 5, "normal", HandData.from_problem(problem), fn,
                       problem.p)
    query, shareable = problem_query(spec)
    assert shareable and query.get("fn", "hadamard") == fn
    assert ("p" in query) == (fn == "matrix")
    back, warnings = parse_problem(q(**query))
    assert warnings == [] and back == spec and back.problem() == problem
    # and the random draw of the same spec, without the numbers
    drawn = ProblemSpec(3, 2, 5, "normal", None, fn, problem.p)
    back, warnings = parse_problem(q(**problem_query(drawn)[0]))
    assert warnings == [] and back.problem() == problem


@pytest.mark.parametrize("params,fn,warned", [
    ({"fn": "quadratic"}, "hadamard", False),  # the lab's old name
    ({"fn": "tanh"}, "tanh", False),
    ({"fn": "cubic"}, "hadamard", True),
    ({"fn": "matrix", "p": "9"}, "matrix", True),
    ({"fn": "matrix", "p": "0"}, "matrix", True),
    ({"fn": "gated", "p": "3"}, "gated", False),  # p means nothing to the gate: not read
])
def test_fn_and_p_from_a_link(params, fn, warned):
    spec, warnings = parse_problem(q(**params))
    assert spec.fn == fn and bool(warnings) == warned, warnings
    assert spec.p == (1 if fn != "matrix" or warned else int(params.get("p", 1)))


def test_matrix_link_with_mismatched_A_and_B_is_refused_by_name():
    spec, warnings = parse_problem(q(fn="matrix", mode="edit", W="1,2;3,4", A="1,2;3,4",
                                     B="1;2"))
    assert spec.data is None and "B must have shape (m, p) = (2, 2)" in warnings[0]


def test_hand_data_too_long_is_not_shareable():
    W = np.full((20, 20), np.pi)
    data = HandData.from_problem(Problem(W, np.full(20, np.e), np.ones(20)))
    query, shareable = problem_query(ProblemSpec(20, 20, 0, "int", data))
    assert not shareable
    assert "W" not in query and "mode" not in query
    assert sum(len(v) for v in query.values()) < MAX_DATA_CHARS


@pytest.mark.parametrize(
    "extra,fragment",
    [
        (dict(W="1,2;3", a="1,2", b="1,2"), "rows have different lengths"),
        (dict(W="1,x", a="1", b="1"), "is not a number"),
        (dict(W="1,inf", a="1", b="1"), "not finite"),
        (dict(W="1,1", a="1e-400", b="1"), "a: entry '1e-400' in row 1 is smaller than 1 × 10⁻⁶⁰"),
        (dict(W="1,2", a="1,2", b="1"), "a must have shape"),
        (dict(W="1,1e300", a="1", b="1"), "W has an entry larger than 1 × 10⁶"),
        (dict(W="1e7,1", a="1", b="2e6"), "W and b each have an entry larger than 1 × 10⁶"),
        (dict(W="1e7,1", a="-3e6", b="2e6"), "W, a and b each have an entry larger than"),
        (dict(W="1e-70,1", a="1e-65", b="1"), "W has an entry 1.00 × 10⁻⁷⁰, a has an entry "
                                              "1.00 × 10⁻⁶⁵: numbers other than 0"),
        (dict(a="1", b="1"), "'W' is missing"),
        (dict(W="", a="1", b="1"), "'W' is missing"),
    ],
)
def test_bad_hand_data_falls_back_to_random(extra, fragment):
    spec, warnings = parse_problem(q(mode="edit", m="4", **extra))
    assert spec.data is None and spec.m == 4
    assert len(warnings) == 1 and fragment in warnings[0], warnings


@given(st.lists(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=3,
                         max_size=3), min_size=1, max_size=4))
def test_encode_decode_is_exact(rows):
    assert decode_matrix(encode_matrix(rows), "W") == [[float(x) for x in r] for r in rows]
