"""AppTest: smallest cases first (/cases), and the learning path every page ends with."""

from __future__ import annotations

from urllib.parse import parse_qs

import numpy as np
import pytest

from app import PAGES
from hadviz import jacobian_compact, random_problem

from .helpers import run_app

PAGE = "pages/cases.py"


def page_links(at) -> list:
    return [el.proto for el in at.get("page_link")]


def test_three_cases_with_the_users_numbers_all_checked():
    at = run_app(PAGE, m="3", n="4", seed="2", dist="int")
    p = random_problem(3, 4, seed=2, dist="int")
    checks = [c.value for c in at.caption if c.value.startswith(("✓", "✗"))]
    assert len(checks) == 3 and all(c.startswith("✓") for c in checks), checks
    text = " ".join(str(x.value) for x in at.latex)
    a1, b1, w = (int(x) for x in (p.a[0], p.b[0], p.W[0, 0]))
    assert f"f' = 2\\,({a1})({b1})({w}) = {2 * a1 * b1 * w}" in text, text[:400]
    G = jacobian_compact(p.W, p.a, p.b)
    assert all(str(int(x)) in text for x in G[:, 0])  # the first column's gradient, in numbers


def test_show_me_this_case_links_open_the_small_sizes():
    at = run_app(PAGE, m="3", n="4", seed="2", dist="int")
    shows = [pl for pl in page_links(at) if pl.label.startswith("Show me this case")]
    sizes = [(parse_qs(pl.query_string)["m"], parse_qs(pl.query_string)["n"]) for pl in shows]
    assert sizes == [(["1"], ["1"]), (["3"], ["1"])], sizes
    at = run_app(PAGE, m="1", n="1", seed="2", dist="int")  # a 1 × 1 problem is case 1 itself
    assert not [pl for pl in page_links(at) if pl.label.startswith("Show me this case")]


@pytest.mark.parametrize("index", range(len(PAGES)))
def test_every_page_ends_with_the_path_and_keeps_the_problem(index):
    page = PAGES[index]
    at = run_app(page.path, m="3", n="5", seed="7", dist="normal")
    links = {pl.label.split(":")[0].split(" → ")[0]: pl for pl in page_links(at)
             if pl.label.startswith(("← Back", "Next →"))}
    assert ("← Back" in links) == (index > 0) and ("Next" in links) == (index < len(PAGES) - 1)
    for name, neighbour in (("← Back", index - 1), ("Next", index + 1)):
        if name in links:
            link = links[name]
            assert PAGES[neighbour].title in link.label
            assert parse_qs(link.query_string) == {"m": ["3"], "n": ["5"], "seed": ["7"],
                                                   "dist": ["normal"]}
    bars = [b for b in at.get("progress") if "Step" in b.proto.text]
    assert bars and bars[-1].proto.text.startswith(f"Step {index + 1} of {len(PAGES)}: ")


@pytest.mark.parametrize("m,n", [(1, 1), (2, 3), (1, 6), (6, 1), (8, 8), (64, 64)])
def test_default_examples_are_never_degenerate(m, n):
    for seed in range(60 if m < 64 else 10):
        p = random_problem(m, n, seed=seed, dist="int")
        u, v = p.W.T @ p.a, p.W.T @ p.b
        G = jacobian_compact(p.W, p.a, p.b)
        assert np.all(p.a != 0) and np.all(p.b != 0), seed
        assert np.all(u != 0) and np.all(v != 0) and np.all(u * v != 0), seed
        assert G[0, 0] != 0, seed  # the entry every page highlights first
        assert p.W[0, 0] != 0, seed  # the corner of the smallest case
        assert p == random_problem(m, n, seed=seed, dist="int")  # reproducible
