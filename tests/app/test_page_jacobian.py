"""AppTest: the Jacobian page (/jacobian): heatmaps carry the core's numbers exactly."""

from __future__ import annotations

import numpy as np
import pytest

from hadviz import jacobian, jacobian_compact, jacobian_vec, random_problem
from tests.problems import SHORT_FAMILY, family_corpus, query
from tests.test_calculus import family_atol, reference_jacobian

from .helpers import assert_clean, plotly_figures, run_app, trace_array, warnings_text

PAGE = "pages/jacobian.py"


def test_default_loads():
    at = run_app(PAGE)
    assert at.query_params["k"] == "1"
    assert "$nm$ = 6" in at.info[0].value


def test_largest_size_loads_and_stays_light():
    at = run_app(PAGE, m="64", n="64", seed="2", dist="normal", k="40")
    figs = plotly_figures(at)
    assert figs["vec"]["data"][0]["type"] == "scattergl"
    assert sum(len(el.proto.spec) for el in at.get("plotly_chart")) < 1_500_000
    p = random_problem(64, 64, seed=2, dist="normal")
    G = jacobian_compact(p.W, p.a, p.b)
    np.testing.assert_array_equal(trace_array(figs["compact"], 0, "z"), G)
    np.testing.assert_array_equal(trace_array(figs["slice"], 0, "z")[:, 39], G[:, 39])


def test_url_reproduces_jacobian_data():
    at = run_app(PAGE, m="5", n="7", seed="3", dist="int", k="4", i="2", j="6")
    p = random_problem(5, 7, seed=3, dist="int")
    J = jacobian(p.W, p.a, p.b)
    figs = plotly_figures(at)
    np.testing.assert_array_equal(trace_array(figs["compact"], 0, "z"),
                                  jacobian_compact(p.W, p.a, p.b))
    np.testing.assert_array_equal(trace_array(figs["slice"], 0, "z"), J[3])
    np.testing.assert_array_equal(trace_array(figs["entry"], 0, "y"), J[:, 1, 5])
    np.testing.assert_array_equal(trace_array(figs["vec"], 0, "z"), jacobian_vec(p.W, p.a, p.b))
    for q in range(7):
        # each small multiple carries its one non-zero column, at x = q + 1
        np.testing.assert_array_equal(trace_array(figs["multiples"], q, "z")[:, 0], J[q][:, q])
        assert list(trace_array(figs["multiples"], q, "x")) == [q + 1]
        assert not np.delete(J[q], q, axis=1).any()
    assert not at.warning


def test_selector_changes_url_and_plot():
    at = run_app(PAGE, m="3", n="4")
    before = plotly_figures(at)["slice"]
    at.number_input(key="hv_p_k").set_value(3).run()
    assert_clean(at)
    assert at.query_params["k"] == "3"
    after = plotly_figures(at)["slice"]
    assert not trace_array(before, 0, "z")[:, 2].any()  # k = 1: column 3 was zero
    assert not np.array_equal(trace_array(before, 0, "z"), trace_array(after, 0, "z"))
    at.number_input(key="hv_p_i").set_value(2).run()
    assert at.query_params["i"] == "2"


def test_out_of_range_index_warns():
    at = run_app(PAGE, n="3", k="9", j="x")
    text = warnings_text(at)
    assert "'k'" in text and "'j'" in text
    assert at.query_params["k"] == "1" and at.query_params["j"] == "1"


def test_shrinking_the_problem_clamps_the_index():
    at = run_app(PAGE, n="5", k="5")
    at.number_input(key="hv_n").set_value(2).run()
    assert_clean(at)
    assert at.query_params["k"] == "2"


def test_page_parameters_do_not_leak_to_other_pages():
    at = run_app(PAGE, k="2")
    at.switch_page("pages/f.py").run()
    assert_clean(at)
    assert "k" not in at.query_params
    assert at.query_params["m"] == "2"


# --- every model: the page draws the chosen model's own numbers ----------------------------

def _reference(problem) -> np.ndarray:
    """autograd's dense Jacobian of the model's formula, with a leading p axis (p = 1 for a
    model without rows): shape (p, n, m, n)."""
    J = reference_jacobian(problem)
    return J if problem.model.rows else J[np.newaxis]


def _assert_page_shows(at, problem, k: int, i: int, j: int, r: int = 0) -> None:
    """The slice, entry, compact and vec figures carry the model's Jacobian (0-based indices)."""
    J = _reference(problem)
    p, n, m = J.shape[0], problem.n, problem.m
    atol = family_atol(problem)
    figs = plotly_figures(at)

    def close(actual, desired, what):
        np.testing.assert_allclose(actual, desired, rtol=1e-12, atol=atol,
                                   err_msg=f"{problem.fn}: {what}, page (actual) vs autograd")

    close(trace_array(figs["slice"], 0, "z"), J[r, k], f"slice J[{r}, {k}]")
    if problem.model.rows:
        close(trace_array(figs["entry"], 0, "z"), J[:, :, i, j], "∂F/∂W_ij")
        # the blocks side by side: column q·p + r' of the figure is C_q[:, r']
        blocks = np.stack([J[:, q, :, q].T for q in range(n)], axis=1).reshape(m, n * p)
        close(trace_array(figs["compact"], 0, "z"), blocks, "the n blocks C_k")
    else:
        close(trace_array(figs["entry"], 0, "y"), J[0, :, i, j], "∂f/∂W_ij")
        close(trace_array(figs["compact"], 0, "z"), np.stack([J[0, q, :, q] for q in range(n)],
                                                             axis=1), "the compact form")
    vec = J.transpose(1, 0, 3, 2).reshape(p * n, m * n)  # rows r + k·p, columns i + j·m
    close(trace_array(figs["vec"], 0, "z"), vec, "vec-Jacobian")
    for q in range(min(n, 8)):
        close(trace_array(figs["multiples"], q, "z")[:, 0], J[r, q][:, q], f"small multiple {q}")


@pytest.mark.parametrize("fn,p", [("tanh", "1"), ("gated", "1"), ("matrix", "3"),
                                  ("matrix", "1")])
def test_every_model_shows_its_own_jacobian(fn, p):
    params = {"m": "3", "n": "4", "seed": "2", "dist": "normal", "k": "3", "i": "2", "j": "3"}
    if fn == "matrix":
        params |= {"p": p, "r": p}  # the last row of F
    at = run_app(PAGE, fn=fn, **params)
    problem = random_problem(3, 4, seed=2, dist="normal", fn=fn, p=int(p))
    model = problem.model
    _assert_page_shows(at, problem, k=2, i=1, j=2, r=int(p) - 1 if model.rows else 0)
    shown = " ".join(str(x.value) for x in at.latex)
    assert model.compact_latex in shown and model.entry_latex in shown, shown
    assert "(a b^T + b a^T)" not in shown  # never the question's G for another model
    if model.rows:
        assert at.query_params["r"] == p
        assert "J[r, k, i, j]" in shown and "(p, n, m, n)" in at.caption[0].value
        assert "row r + (k − 1)·p is Fᵣₖ" in at.caption[0].value
        labels = {b.proto.label for b in at.get("download_button")}
        assert labels == {"C as .npy", "J as .npy"}


def test_the_row_selector_moves_the_slice():
    at = run_app(PAGE, fn="matrix", p="3", m="3", n="4", seed="2", dist="normal", k="2")
    problem = random_problem(3, 4, seed=2, dist="normal", fn="matrix", p=3)
    at.number_input(key="hv_p_r").set_value(3).run()
    assert_clean(at)
    assert at.query_params["r"] == "3"
    _assert_page_shows(at, problem, k=1, i=0, j=0, r=2)


@pytest.mark.parametrize("name", SHORT_FAMILY)
def test_the_degenerate_corpus_shows_each_models_numbers(name):
    problem = family_corpus()[name]
    k, i, j = problem.n - 1, problem.m - 1, problem.n - 1
    params = query(problem) | {"k": str(k + 1), "i": str(i + 1), "j": str(j + 1)}
    at = run_app(PAGE, **params)
    _assert_page_shows(at, problem, k, i, j)
    note = at.info[0].value
    if not problem.model.compact(problem.W, *problem.arrays).any():
        assert "all 0" in note, note
