"""AppTest: the Diag-trick derivation page (/derivation), step-through included."""

from __future__ import annotations

from hadviz import jacobian, random_problem

from .helpers import assert_clean, run_app, warnings_text
from .test_page_cases import elements_in_order

PAGE = "pages/derivation.py"


def step_headers(at):
    return [m.value for m in at.markdown if m.value.startswith("**Step ")]


def test_opens_on_step_one_and_shows_all_on_request():
    at = run_app(PAGE)
    assert step_headers(at) == ["**Step 1 of 6** ✓"]
    assert at.query_params["step"] == "1"
    assert "All 6 steps agree" in at.success[0].value
    at = run_app(PAGE, step="all")
    headers = step_headers(at)
    assert len(headers) == 6 and all(h.endswith("✓") for h in headers)
    assert at.query_params["step"] == "all"


def test_url_reproduces_entry_and_value():
    at = run_app(PAGE, m="5", n="7", seed="3", dist="int", k="4", i="2", j="4", step="all")
    p = random_problem(5, 7, seed=3, dist="int")
    value = jacobian(p.W, p.a, p.b)[3, 1, 3]
    assert f"= {value:.17g}." in at.success[0].value
    assert any(r"\partial W_{2,4}" in x.value for x in at.latex)


def test_step_through():
    at = run_app(PAGE, step="1")
    assert step_headers(at) == ["**Step 1 of 6** ✓"]
    at.button(key="hv_p_step_next").click().run()
    assert_clean(at)
    assert step_headers(at) == ["**Step 2 of 6** ✓"] and at.query_params["step"] == "2"
    at.button(key="hv_p_step_prev").click().run()
    assert step_headers(at) == ["**Step 1 of 6** ✓"]
    at.button(key="hv_p_step_all").click().run()
    assert len(step_headers(at)) == 6 and at.query_params["step"] == "all"


def test_largest_size_loads():
    at = run_app(PAGE, m="64", n="64", seed="1", dist="normal", k="64", i="64", j="64")
    assert "All 6 steps agree" in at.success[0].value


def test_bad_step_parameter_warns():
    at = run_app(PAGE, step="99")
    assert "'step'" in warnings_text(at)
    assert step_headers(at) == ["**Step 1 of 6** ✓"]  # the default: step 1


def test_derivation_states_the_product_rule_and_the_sticking_line():
    at = run_app("pages/derivation.py", m="2", n="3", seed="1", dist="int", step="all")
    text = " ".join(str(m.value) for m in at.markdown)
    assert "the product rule for ∘" in text and "From here on f is the column" in text
    assert "a_i\\,W^Tb = W^Tb\\,a_i = W^Tb\\,a^Te_i" in text


def test_closed_forms_beyond_one_entry_are_shown_and_checked():
    at = run_app("pages/derivation.py", m="3", n="4", seed="2", dist="normal", k="2")
    titles = [e.label for e in at.expander]
    for title in ("The whole slice J[2] at once", "The vec-Jacobian in closed form",
                  "The gradient backpropagation needs, by differentials"):
        assert title in titles, titles
    formulas = " ".join(str(x.value) for x in at.latex)
    assert r"(I_n\otimes a^T)" in formulas and r"a\,(g\circ v)^T + b\,(g\circ u)^T" in formulas
    marks = [c.value for c in at.caption if c.value.startswith(("✓ largest", "✗ largest"))]
    assert len(marks) == 3 and all(m.startswith("✓") for m in marks), marks


def test_the_opening_is_mathematics_and_the_checking_detail_is_folded():
    at = run_app(PAGE, m="2", n="3", seed="1", dist="int")
    order = list(elements_in_order(at.main))
    assert order[0][0] == "title"
    intro = order[1][1]
    assert "W_{i,j}" in intro and r"\operatorname{Diag}(x)" in intro, intro
    for later in ("gamma", "rounding", "2^{-53}", "complex", "Im f"):
        assert later not in intro, later
    folds = [i for i, (kind, text, _) in enumerate(order)
             if kind == "expander" and text == "How is this checked?"]
    assert len(folds) == 1 and folds[0] > 1
    fold = "\n".join(text for _, text, inside in order if inside == "How is this checked?")
    assert r"\gamma_{m+4} = (m+4)u/(1-(m+4)u)" in fold and "u = 2^{-53}" in fold, fold
    assert r"\operatorname{Im} f(W + ihE_{i,j})/h" in fold and "m + 4 = 6" in fold, fold
    # the fold comes before the first use of the term outside it
    uses = [i for i, (_, text, inside) in enumerate(order)
            if "complex" in text.lower() and inside != "How is this checked?"]
    assert uses and folds[0] < uses[0], order[uses[0]] if uses else order
