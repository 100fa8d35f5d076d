"""AppTest: the Jacobian page (/jacobian): heatmaps carry the core's numbers exactly."""

from __future__ import annotations

import numpy as np

from hadviz import jacobian, jacobian_compact, jacobian_vec, random_problem

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
