"""AppTest: the f page (/), the shared sidebar and the URL contract."""

from __future__ import annotations

import numpy as np
import pytest

from hadviz import hadamard_f, random_problem
from hadviz.models import HADAMARD
from tests.problems import SHORT_FAMILY, family_corpus, query

from .helpers import assert_clean, plotly_figures, run_app, trace_array, warnings_text


def f_table(at):
    # the table of f, column by column (the number editor's grids come first when it is open)
    return next(d.value for d in at.dataframe if "f_k = u_k v_k" in d.value.columns)


def test_default_loads():
    at = run_app()
    p = random_problem(2, 3, seed=0, dist="int")
    np.testing.assert_array_equal(f_table(at)["f_k = u_k v_k"].to_numpy(),
                                  hadamard_f(p.W, p.a, p.b))
    assert at.query_params == {"m": "2", "n": "3", "seed": "0", "dist": "int"}
    assert "f(W) = (aᵀW) ∘ (bᵀW)" in at.title[0].value


def test_largest_size_loads():
    at = run_app(m="64", n="64", seed="1", dist="normal")
    p = random_problem(64, 64, seed=1, dist="normal")
    np.testing.assert_array_equal(f_table(at)["f_k = u_k v_k"].to_numpy(),
                                  hadamard_f(p.W, p.a, p.b))


def test_url_reproduces_problem():
    at = run_app(m="5", n="7", seed="3", dist="int")
    p = random_problem(5, 7, seed=3, dist="int")
    f = hadamard_f(p.W, p.a, p.b)
    np.testing.assert_array_equal(f_table(at)["f_k = u_k v_k"].to_numpy(), f)
    fig = plotly_figures(at)["f_overview"]
    names = [t["name"] for t in fig["data"]]
    np.testing.assert_array_equal(trace_array(fig, names.index("W"), "z"), p.W)
    np.testing.assert_array_equal(trace_array(fig, names.index("f"), "z")[0], f)
    np.testing.assert_array_equal(trace_array(fig, names.index("a"), "z")[:, 0], p.a)
    assert (at.number_input(key="hv_m").value, at.number_input(key="hv_n").value) == (5, 7)
    assert at.selectbox(key="hv_dist").value == "int"
    assert not at.warning


@pytest.mark.parametrize(
    "params,name",
    [
        ({"m": "0"}, "m"),
        ({"m": "100000"}, "m"),
        ({"seed": "abc"}, "seed"),
        ({"dist": "evil"}, "dist"),
        ({"n": ""}, "n"),
        ({"m": ["3", "4"]}, "m"),
        ({"mode": "edit", "W": "1,zz", "a": "1", "b": "1"}, "W"),
    ],
)
def test_invalid_parameters_warn_and_use_defaults(params, name):
    at = run_app(**params)
    assert f"'{name}'" in warnings_text(at) or f"{name}:" in warnings_text(at)
    p = random_problem(2, 3, seed=0, dist="int")
    np.testing.assert_array_equal(f_table(at)["f_k = u_k v_k"].to_numpy(),
                                  hadamard_f(p.W, p.a, p.b))


def test_widget_changes_update_url():
    at = run_app()
    at.number_input(key="hv_n").set_value(5).run()
    assert at.query_params["n"] == "5"
    at.selectbox(key="hv_dist").set_value("uniform").run()
    assert at.query_params["dist"] == "uniform"
    at.number_input(key="hv_seed").set_value(42).run()
    assert at.query_params["seed"] == "42"
    assert_clean(at)
    p = random_problem(2, 5, seed=42, dist="uniform")
    np.testing.assert_array_equal(f_table(at)["f_k = u_k v_k"].to_numpy(),
                                  hadamard_f(p.W, p.a, p.b))


def test_new_random_problem_changes_seed():
    at = run_app(seed="7")
    at.button(key="hv_new").click().run()
    assert_clean(at)
    assert at.query_params["seed"] != "7"
    assert at.number_input(key="hv_seed").value == int(at.query_params["seed"])


def test_hand_typed_numbers_from_url():
    at = run_app(mode="edit", W="1,2,3;4,5,6", a="1,-1", b="0.5,2")
    assert at.toggle(key="hv_edit").value is True
    W = np.array([[1.0, 2, 3], [4, 5, 6]])
    f = hadamard_f(W, np.array([1.0, -1]), np.array([0.5, 2]))
    np.testing.assert_array_equal(f_table(at)["f_k = u_k v_k"].to_numpy(), f)
    assert at.query_params["W"] == "1,2,3;4,5,6"


def test_edit_toggle_carries_numbers_into_url_and_back():
    at = run_app(m="3", n="2", seed="5")
    at.toggle(key="hv_edit").set_value(True).run()
    assert_clean(at)
    assert at.query_params["mode"] == "edit"
    p = random_problem(3, 2, seed=5, dist="int")
    assert at.query_params["W"] == ";".join(",".join(str(int(x)) for x in r) for r in p.W)
    at.number_input(key="hv_n").set_value(3).run()  # grows: typed entries kept, rest drawn
    assert_clean(at)
    assert at.query_params["W"].split(";")[0].startswith(",".join(str(int(x)) for x in p.W[0]))
    at.toggle(key="hv_edit").set_value(False).run()
    assert "W" not in at.query_params and "mode" not in at.query_params


def test_copy_link_box_shows_the_query():
    at = run_app(m="4", n="2", seed="9")
    codes = [c.value for c in at.code]
    assert any("m=4" in c and "n=2" in c and "seed=9" in c for c in codes), codes
    at = run_app(mode="edit", W="1,-2.5,3;4,5,6", a="1,-1", b="0.5,2")
    link = next(c.value for c in at.code if "mode=edit" in c.value)
    assert "W=1,-2.5,3;4,5,6" in link and "a=1,-1" in link  # typed numbers read as typed


def test_landing_page_answers_first():
    at = run_app(m="3", n="4", seed="5", dist="int")
    assert "Do I just have to use the product rule here?" in at.info[0].value
    lines = [m.value for m in at.markdown if str(m.value).startswith(("1. ", "2. ", "3. "))]
    assert len(lines) == 3
    assert lines[0].startswith("1. **Yes: the product rule holds for ∘**")
    assert "n × m × n" in lines[1] and HADAMARD.compact_latex in lines[1]
    assert "G\\,\\mathrm{Diag}(g)" in lines[2]
    sizes = [c.value for c in at.caption if c.value.startswith("With your 3 × 4 problem")]
    assert sizes and "J has 4 · 3 · 4 = 48 entries and G has 12" in sizes[0]


def test_paste_w_applies_or_is_refused_with_the_last_numbers_kept():
    at = run_app(mode="edit", W="1,2,3;4,5,6", a="1,-1", b="0.5,2")
    at.text_area(key="hv_paste").set_value("1 2 3\n4 5").run()  # a row too short
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "Pasted W not applied: W row 2 has 2 entries; W has n = 3 columns" in errors
    assert at.query_params["W"] == "1,2,3;4,5,6"  # the last valid numbers stay
    at.text_area(key="hv_paste").set_value("7 8 9\n−1, 0, 2").run()
    assert_clean(at)
    assert at.query_params["W"] == "7,8,9;-1,0,2"
    W = np.array([[7.0, 8, 9], [-1, 0, 2]])
    f = hadamard_f(W, np.array([1.0, -1]), np.array([0.5, 2]))
    np.testing.assert_array_equal(f_table(at)["f_k = u_k v_k"].to_numpy(), f)


# --- every model: the landing page shows the chosen function, never the question's numbers ---

FAMILY = {"tanh": ("tanh", 1), "gated": ("gated", 1), "matrix p=3": ("matrix", 3),
          "matrix p=1": ("matrix", 1)}


def output_table(at, problem) -> np.ndarray:
    """The table of the output: for f ∈ ℝⁿ the last column of the parts' table, for F the
    p × n table whose rows are r."""
    model = problem.model
    if not model.rows:
        head = model.parts(problem.W, *problem.arrays)[-1].entry
        return next(d.value for d in at.dataframe if head in d.value.columns)[head].to_numpy()
    shape = model.output_shape(problem.n, problem.p)
    frames = [d.value.to_numpy() for d in at.dataframe if d.value.index.name == "r"]
    # U, V and F share the shape; F is the last of them
    assert len(frames) == 3 and all(f.shape == shape for f in frames), [f.shape for f in frames]
    return frames[-1]


def assert_shows(at, problem) -> None:
    model = problem.model
    F = model.f(problem.W, *problem.arrays)
    np.testing.assert_array_equal(output_table(at, problem), F)
    assert model.title_text in at.title[0].value, at.title[0].value
    text = " ".join(str(m.value) for m in at.markdown)
    assert model.question_relation in text and model.answer_rule in text
    assert model.entry_latex in text and model.vjp_latex in text
    fig = plotly_figures(at)["f_overview"]
    names = [t["name"] for t in fig["data"]]
    out = model.parts(problem.W, *problem.arrays)[-1].name
    np.testing.assert_array_equal(
        trace_array(fig, names.index(out), "z").reshape(F.shape), F)
    for name, x in problem.params.items():
        np.testing.assert_array_equal(
            trace_array(fig, names.index(name), "z").reshape(x.shape), x)
    title = fig["layout"]["title"]["text"].replace("<br>", " ")
    assert title.startswith(model.title_text), title


@pytest.mark.parametrize("name", list(FAMILY))
def test_landing_shows_the_chosen_model(name):
    fn, p = FAMILY[name]
    at = run_app(fn=fn, p=str(p), m="3", n="4", seed="5", dist="int")
    problem = random_problem(3, 4, seed=5, dist="int", fn=fn, p=p)
    assert_shows(at, problem)
    latex = " ".join(str(x.value) for x in at.latex)
    assert problem.model.space in latex and problem.model.latex in latex
    sizes = [c.value for c in at.caption if c.value.startswith("With your 3 × 4 problem")]
    assert sizes, [c.value for c in at.caption]
    assert (f"and p = {p}: J has {p} · 4 · 3 · 4" in sizes[0]) == (fn == "matrix"), sizes[0]
    if fn == "matrix":  # A and B (m × p) beside W, and their tables
        assert f"A (3 × {p})" in [c.value for c in at.caption]


@pytest.mark.parametrize("name", SHORT_FAMILY)
def test_landing_on_the_degenerate_corpus(name):
    problem = family_corpus()[name]
    at = run_app(**query(problem))
    # the one warning a problem may earn: saturated outputs, exactly when the model says so
    saturated = problem.model.saturated(problem.W, *problem.arrays)
    shown = [w for w in warnings_text(at).split("\n") if w]
    assert len(shown) == (1 if saturated else 0), shown
    if saturated:
        assert f"saturated in {saturated} output" in shown[0], shown
    assert_shows(at, problem)
