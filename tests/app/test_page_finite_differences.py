"""AppTest: the finite-difference lab (/finite-differences), on every model of the family.

The lab has no function selector of its own: the sidebar's function (URL ``fn``) is the one
swept, and the lab's old links ``fn=quadratic`` and ``fn=tanh`` now choose it.
"""

from __future__ import annotations

import numpy as np
import pytest

from hadviz import random_problem
from hadviz.finite_diff import direction, error_sweep
from hadviz.models import MODELS
from tests.problems import CORPUS, SHORT_FAMILY, family_corpus, query

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
    assert "fn" not in at.query_params and at.query_params["hmin"] == "-16"  # the question
    assert "hv_p_fn" not in at.session_state  # no selector of the lab's own …
    assert all(r.label != "Function" for r in at.radio)  # … the sidebar's chooses it


def test_largest_size_loads():
    at = run_app(PAGE, m="64", n="64", seed="1", dist="normal")
    assert "PASS" in at.success[0].value and "262,144 entries" in how(at)


def test_url_reproduces_the_sweep():
    at = run_app(PAGE, m="3", n="4", seed="2", dist="normal", hmin="-8", hmax="-2",
                 fn="tanh", prec="float32", schemes="forward,complex")
    p = random_problem(3, 4, seed=2, dist="normal", fn="tanh")
    s = error_sweep(p, direction(p), np.logspace(-8, -2, 13), "float32")
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
    at.selectbox(key="hv_fn").set_value("tanh").run()
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
    assert "fn" not in at.query_params  # back to the question, the default


def test_no_scheme_selected_keeps_predictions():
    at = run_app(PAGE, schemes="none")
    assert any("No scheme selected" in i.value for i in at.info)
    names = trace_names(plotly_figures(at)["errors"])
    assert names and all("difference" not in n and n != "complex step" for n in names), names
    assert at.query_params["schemes"] == "none"


def test_tanh_page_defines_F_and_names_its_derivative_on_the_axis():
    # the lab's old link: fn=tanh now chooses the function for every page
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


def test_gradient_check_says_it_checks_in_float64_whatever_the_sweep():
    # teacher review: with prec=float32 the check still checks in float64, unsaid
    at = run_app(PAGE, m="2", n="3", seed="0", dist="int", fn="tanh", prec="float32")
    captions = " ".join(c.value for c in at.caption)
    assert "about the derivative of tanh(f), computed in float64, not in the float32" in captions


@pytest.mark.parametrize("old,fn", [("quadratic", "hadamard"), ("tanh", "tanh")])
def test_old_lab_links_choose_the_global_function(old, fn):
    at = run_app(PAGE, m="3", n="4", seed="2", dist="normal", fn=old, hmin="-8", hmax="-2")
    assert at.session_state["hv_fn"] == fn
    p = random_problem(3, 4, seed=2, dist="normal", fn=fn)
    s = error_sweep(p, direction(p), np.logspace(-8, -2, 13))
    fig = plotly_figures(at)["errors"]
    fwd = trace_names(fig).index("forward difference")
    np.testing.assert_allclose(trace_array(fig, fwd, "y"), s.errors["forward"], rtol=1e-12,
                               err_msg=f"fn={old}: the sweep of {fn}")
    assert at.query_params.get("fn", "hadamard") == fn


def assert_sweep_of(at, p, hmin=-16, hmax=0) -> None:
    """The page's error figure holds the sweep of ``p``'s own model (not the question's)."""
    s = error_sweep(p, direction(p), np.logspace(hmin, hmax, (hmax - hmin) * 2 + 1))
    fig = plotly_figures(at)["errors"]
    names = trace_names(fig)
    for scheme, label in (("forward", "forward difference"), ("central", "central difference"),
                          ("complex", "complex step")):
        index = names.index(label)
        y = trace_array(fig, index, "y")
        e = s.errors[scheme]
        np.testing.assert_allclose(np.nan_to_num(y.astype(float)), np.where(e == 0, 0, e),
                                   rtol=1e-9, atol=0, err_msg=f"{p.fn}: {scheme}")
    drawn = {n.replace("<br>", " ") for n in names
             if n.startswith("predicted ") and "optimum" not in n}
    assert drawn == set(s.labels.values()), (drawn, s.labels)  # the model's own curves
    notation = next(c.value for c in at.caption if c.value.startswith("Notation:"))
    assert ("F″/2 = " in notation) == p.model.quadratic, notation


@pytest.mark.parametrize("fn,p", [("tanh", "1"), ("gated", "1"), ("matrix", "3"),
                                  ("matrix", "1"), ("hadamard", "1")])
def test_every_model_shows_its_own_sweep(fn, p):
    at = run_app(PAGE, m="3", n="4", seed="1", dist="normal", fn=fn, p=p)
    problem = random_problem(3, 4, seed=1, dist="normal", fn=fn, p=int(p))
    assert_sweep_of(at, problem)
    text = " ".join(m.value for m in at.markdown)
    if MODELS[fn].quadratic:
        assert "Central differences have no truncation error at all" in text
        assert MODELS[fn].curvature_latex in text
    else:
        assert "is not a polynomial" in text and "Central: truncation" in text
        fig = plotly_figures(at)["errors"]
        assert any(n.startswith("predicted central optimum") for n in trace_names(fig))


@pytest.mark.parametrize("name", SHORT_FAMILY)
def test_short_family_corpus_shows_the_models_own_numbers(name):
    p = family_corpus()[name]
    at = run_app(PAGE, clean=False, **query(p))
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    assert_sweep_of(at, p)
    texts, formulas = page_texts(at)
    assert not style_slips([*texts, *(e.value for e in at.error)], formulas)


@pytest.mark.parametrize("fn", ["tanh", "gated", "matrix"])
def test_downloads_are_named_after_the_model_and_hold_its_scripts(fn):
    from hadviz import exports, ui

    p = random_problem(2, 3, seed=0, dist="int", fn=fn, p=3)
    files = ui.script_downloads(p)
    stem = f"{fn}_2x3" + ("_p3" if fn == "matrix" else "")
    assert [f.file_name for f in files] == [f"{stem}_numpy.py", f"{stem}_torch.py"]
    assert files[0].make() == exports.numpy_snippet(p)
    assert MODELS[fn].export_f.replace("xp.", "torch.") in files[1].make()


@pytest.mark.parametrize("fn,wrong", [("gated", "drop_chain"), ("tanh", "drop_chain"),
                                      ("matrix", "drop_BU")])
def test_the_gradient_check_offers_and_catches_the_models_own_mistakes(fn, wrong):
    at = run_app(PAGE, clean=False, fn=fn, p="3", m="3", n="4", seed="2", dist="normal",
                 wrong=wrong)
    assert not at.exception
    radio = next(r for r in at.radio if r.label == "Analytic gradient to check")
    from hadviz.broken import broken_gradients
    from hadviz.models import model_of
    assert list(radio.options) == [v.label for v in broken_gradients(model_of(fn)).values()]
    assert any("**FAIL**" in e.value for e in at.error), [e.value for e in at.error]


def test_a_mistake_of_another_model_is_refused_by_name():
    # drop_ab is the question's mistake; the gate has no such term to drop
    at = run_app(PAGE, clean=False, fn="gated", wrong="drop_ab")
    assert any("'wrong'" in w.value for w in at.warning)
    assert any("**PASS**" in s.value for s in at.success)
