"""AppTest: the column view and linear-map page (/columns)."""

from __future__ import annotations

import pytest

from tests.problems import CORPUS, query

from .helpers import assert_clean, run_app, warnings_text
from .test_corpus import page_texts, style_slips

PAGE = "pages/columns.py"


def captions(at):
    return [c.value for c in at.caption]


def test_default_all_checks_pass():
    at = run_app(PAGE)
    checks = [c for c in captions(at) if c.startswith(("✓", "✗"))]
    assert len(checks) == 4 and all(c.startswith("✓") for c in checks), checks


def test_scale_and_gradient_choice_update_url():
    at = run_app(PAGE, m="3", n="4", seed="2", dist="normal")
    at.number_input(key="hv_p_scale").set_value(25.0).run()
    assert_clean(at)
    assert float(at.query_params["scale"]) == 25.0
    assert all(c.startswith("✓") for c in captions(at) if c.startswith(("✓", "✗")))
    at.radio(key="hv_p_g").set_value("onehot").run()
    assert at.query_params["g"] == "onehot" and "k" in at.query_params


def test_largest_size_loads():
    at = run_app(PAGE, m="64", n="64", seed="1", dist="normal", g="random")
    assert all(c.startswith("✓") for c in captions(at) if c.startswith(("✓", "✗")))


def test_bad_scale_warns():
    at = run_app(PAGE, scale="-4")
    assert "'scale'" in warnings_text(at)


def test_zero_size_says_there_is_no_direction():
    at = run_app(PAGE, m="2", n="3", seed="3", dist="normal", scale="0.0")
    text = " ".join(captions(at))
    assert "there is no direction" in text and "Ĥ = H/‖H‖" not in text


@pytest.mark.parametrize("name", list(CORPUS))
def test_corpus_problem_with_zero_size_reads_in_house_style(name):
    at = run_app(PAGE, **query(CORPUS[name]), scale="0.0", g="random")
    assert not style_slips(*page_texts(at))
