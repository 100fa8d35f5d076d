"""AppTest: the tensor-diagram page (/diagrams)."""

from __future__ import annotations

from .helpers import plotly_figures, run_app

PAGE = "pages/diagrams.py"


def checks(at) -> list[str]:
    return [c.value for c in at.caption if c.value.startswith(("✓", "✗"))]


def test_default_draws_every_diagram_and_every_check_passes():
    at = run_app(PAGE)
    figs = plotly_figures(at)
    keys = ["f_1", "product_rule_1", "product_rule_2", "simplified_1", "simplified_2", "G_1",
            "G_2", "sum_1", "vjp_1"]
    assert all(f"diagram_{k}" in figs for k in keys), list(figs)
    assert len(checks(at)) == 6 and all(c.startswith("✓") for c in checks(at))
    codes = [c.value for c in at.code]
    assert 'np.einsum("i,ij,jqk,pq,p->k", a, W, C, W, b)' in codes
    assert at.query_params["node"] == "W"


def test_sizes_on_the_edges_follow_the_problem():
    at = run_app(PAGE, m="64", n="64", seed="1", dist="normal")
    texts = [a["text"] for a in plotly_figures(at)["diagram_f_1"]["layout"]["annotations"]]
    assert "i (m = 64)" in texts and "<b>k (n = 64)</b>" in texts
    assert all(c.startswith("✓") for c in checks(at))
    at = run_app(PAGE, m="1", n="1")
    assert all(c.startswith("✓") for c in checks(at))


def test_choosing_a_node_shows_its_numbers_and_outlines_it():
    at = run_app(PAGE, m="2", n="3", seed="0", dist="int", node="copy", k="2")
    assert any(r"\delta[\,:, :, 2] =" in x.value for x in at.latex)
    at.radio(key="hv_p_node").set_value("u").run()
    assert at.query_params["node"] == "u"
    assert any("u = W^Ta = " in x.value for x in at.latex)
    assert "k" not in at.query_params  # only the copy tensor uses k


def test_bad_node_parameter_warns_and_falls_back():
    at = run_app(PAGE, node="X")
    assert any("'node'" in str(w.value) for w in at.warning)
    assert at.query_params["node"] == "W"
