"""AppTest: the finite-difference lab (/finite-differences)."""

from __future__ import annotations

import numpy as np
import pytest

from hadviz import random_problem
from hadviz.finite_diff import direction, error_sweep
from tests.problems import CORPUS, query

from .helpers import assert_clean, plotly_figures, run_app, trace_array, warnings_text
from .test_corpus import page_texts, style_slips

PAGE = "pages/finite-differences.py"


def trace_names(fig):
    return [t["name"] for t in fig["data"]]


def test_default_loads_with_named_traces():
    at = run_app(PAGE)
    names = trace_names(plotly_figures(at)["errors"])
    for part in ("forward", "central", "complex", "predicted"):
        assert any(part in n for n in names), (part, names)
    assert "PASS" in at.success[0].value
    assert at.query_params["fn"] == "quadratic" and at.query_params["hmin"] == "-16"


def test_largest_size_loads():
    at = run_app(PAGE, m="64", n="64", seed="1", dist="normal")
    assert "PASS" in at.success[0].value and "262,144 entries" in how(at)


def test_url_reproduces_the_sweep():
    at = run_app(PAGE, m="3", n="4", seed="2", dist="normal", hmin="-8", hmax="-2",
                 fn="tanh", prec="float32", schemes="forward,complex")
    p = random_problem(3, 4, seed=2, dist="normal")
    s = error_sweep(p, direction(p), np.logspace(-8, -2, 13), "tanh", "float32")
    fig = plotly_figures(at)["errors"]
    names = trace_names(fig)
    assert not any(n.startswith("central difference") for n in names)
    fwd = names.index("forward difference")
    np.testing.assert_allclose(trace_array(fig, fwd, "x"), s.h, rtol=1e-15)
    np.testing.assert_allclose(trace_array(fig, fwd, "y"), s.errors["forward"], rtol=1e-12)
    assert any("central optimum" in n for n in names)  # tanh: both optima marked


def test_changing_controls_updates_url_and_plot():
    at = run_app(PAGE)
    before = plotly_figures(at)["errors"]
    at.radio(key="hv_p_fn").set_value("tanh").run()
    assert_clean(at)
    assert at.query_params["fn"] == "tanh"
    after = plotly_figures(at)["errors"]
    assert trace_array(before, 0, "y").tolist() != trace_array(after, 0, "y").tolist()
    at.slider(key="hv_p_hmin_hmax").set_value((-10, -1)).run()
    assert (at.query_params["hmin"], at.query_params["hmax"]) == ("-10", "-1")
    at.radio(key="hv_p_dir").set_value("entry").run()
    assert_clean(at)
    assert at.query_params["dir"] == "entry" and "i" in at.query_params


def how(at) -> str:
    """The gradient check's explanation, shown under its verdict."""
    return next(c.value for c in at.caption if c.value.startswith("How: "))


def test_broken_gradient_fails_and_names_worst_entry():
    at = run_app(PAGE, m="3", n="3", seed="1", dist="normal")
    at.radio(key="hv_p_wrong").set_value("drop_ab").run()
    assert not at.exception
    assert "FAIL" in at.error[0].value and "entries out of tolerance" in at.error[0].value
    assert ("closest to its tolerance (largest |difference| over tolerance) is "
            "$\\partial f_{") in how(at)
    assert at.query_params["wrong"] == "drop_ab"
    names = trace_names(plotly_figures(at)["taylor"])
    assert any("slope 1." in n or "slope 0.9" in n for n in names), names


def test_invisible_mistake_is_explained():
    at = run_app(PAGE, m="2", n="3", seed="0", dist="int", wrong="float32")
    assert "PASS" in at.success[0].value
    assert any("identical to G in float64" in i.value for i in at.info)


def test_invalid_parameters_warn():
    at = run_app(PAGE, fn="cubic", hmin="5", hmax="-3", schemes="forward,evil", prec="")
    text = warnings_text(at)
    for name in ("'fn'", "'hmin'", "'schemes'", "'prec'"):
        assert name in text, (name, text)
    assert at.query_params["fn"] == "quadratic"


def test_no_scheme_selected_keeps_predictions():
    at = run_app(PAGE, schemes="none")
    assert any("No scheme selected" in i.value for i in at.info)
    names = trace_names(plotly_figures(at)["errors"])
    assert names and all("difference" not in n and n != "complex step" for n in names), names
    assert at.query_params["schemes"] == "none"


def test_tanh_page_defines_F_and_names_its_derivative_on_the_axis():
    at = run_app(PAGE, m="2", n="3", seed="0", dist="int", fn="tanh", prec="float32")
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Notation: F = tanh(f), element-wise,") and "F″" in c
               for c in captions), captions
    fig = plotly_figures(at)["errors"]
    assert fig["layout"]["yaxis"]["title"]["text"] == "error ‖estimate − D(tanh(f))(W)[H]‖₂"


@pytest.mark.parametrize("name", list(CORPUS))
def test_corpus_problem_in_tanh_float32_with_a_wrong_gradient_reads_in_house_style(name):
    at = run_app(PAGE, clean=False, **query(CORPUS[name]), fn="tanh", prec="float32",
                 wrong="float32")
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    texts, formulas = page_texts(at)
    assert not style_slips([*texts, *(e.value for e in at.error)], formulas)


def test_gradient_check_says_it_checks_f_in_float64_whatever_the_sweep():
    # teacher review: with fn=tanh&prec=float32 the check still checks f in float64, unsaid
    at = run_app("pages/finite-differences.py", m="2", n="3", seed="0", dist="int",
                 fn="tanh", prec="float32")
    captions = " ".join(c.value for c in at.caption)
    assert "not of the tanh(f) in float32 that the sweep above uses" in captions
