"""AppTest: smallest cases first (/cases), and the learning path every page ends with."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

import numpy as np
import pytest

from app import PAGES
from hadviz import Problem, jacobian_compact, random_problem
from hadviz.checks import complex_step_jacobian
from hadviz.latex import number
from hadviz.urlstate import HandData
from tests.problems import CORPUS, SHORT_FAMILY, family_corpus, query
from tests.test_cases_view import exact_corner

from .helpers import assert_clean, run_app, warnings_text

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


def elements_in_order(node, inside: str = ""):
    """(kind, text, enclosing expander's label) for every element of the page, in order."""
    for child in node.children.values():
        kind = getattr(child, "type", "")
        if kind == "expander":
            yield kind, child.label, child.label
            yield from elements_in_order(child, child.label)
        elif hasattr(child, "children"):
            yield from elements_in_order(child, inside)
        else:
            text = child.proto.label if kind == "page_link" else getattr(child, "value", "")
            yield kind, str(text), inside


def show_links(at) -> list:
    return [pl for pl in page_links(at) if pl.label.startswith("Show me this case")]


def numbers_latex(at) -> list[str]:
    """Each case's formula with numbers: the second formula of each card."""
    return [x.value for x in at.main.get("latex")][1::2]


def expected_subproblems(p: Problem) -> list[Problem]:
    """The cases that are not the problem itself: the corner, then the first column."""
    subs = [] if (p.m, p.n) == (1, 1) else [Problem(p.W[:1, :1], p.a[:1], p.b[:1])]
    return subs + ([Problem(p.W[:, :1], p.a, p.b)] if p.m > 1 and p.n > 1 else [])


LINKED = {"random 3x4": {"m": "3", "n": "4", "seed": "2", "dist": "int"}} | {
    name: query(CORPUS[name]) for name in ("generic", "1x4", "4x1", "1x1", "W=0", "decimal",
                                           "tiny")}


@pytest.mark.parametrize("name", list(LINKED))
def test_show_me_this_case_opens_exactly_the_numbers_shown(name):
    params = LINKED[name]
    at = run_app(PAGE, **params)
    p = at.session_state["hv_data"].to_problem() if "mode" in params else random_problem(
        3, 4, seed=2, dist="int")
    subs, links = expected_subproblems(p), show_links(at)
    assert [pl.label.split(": ")[1][:9] for pl in links] == [
        f"the {s.m} × {s.n}" for s in subs], [pl.label for pl in links]
    for case, (link, sub) in enumerate(zip(links, subs, strict=True)):
        query_ = {k: v[0] for k, v in parse_qs(link.query_string).items()}
        assert query_["mode"] == "edit", query_  # typed numbers, not a fresh random draw
        opened = run_app(PAGE, **query_)
        assert not warnings_text(opened), warnings_text(opened)
        shown = opened.session_state["hv_data"].to_problem()
        for x, y in ((shown.W, sub.W), (shown.a, sub.a), (shown.b, sub.b)):
            np.testing.assert_array_equal(x, y)
        # the opened page works the very numbers the card showed
        assert numbers_latex(opened)[case] == numbers_latex(at)[case]
    if (p.m, p.n) == (1, 1):
        assert any("Your problem is this case" in t for k, t, _ in elements_in_order(at.main))


def test_show_me_this_case_keeps_presentation_mode():
    at = run_app(PAGE, present="1", **query(CORPUS["generic"]))
    assert all(parse_qs(pl.query_string)["present"] == ["1"] for pl in show_links(at))


def test_a_column_too_long_for_a_link_is_loaded_by_a_button():
    at = run_app(PAGE, m="40", n="3", seed="1", dist="normal")  # 120 17-digit numbers
    p = random_problem(40, 3, seed=1, dist="normal")
    assert [pl.label[:30] for pl in show_links(at)] == ["Show me this case: the 1 × 1 p"]
    at.button(key="cases_show_2").click().run()
    assert_clean(at)
    shown = at.session_state["hv_data"].to_problem()
    np.testing.assert_array_equal(shown.W, p.W[:, :1])
    np.testing.assert_array_equal(shown.a, p.a)
    np.testing.assert_array_equal(shown.b, p.b)
    assert "too many for a link" in warnings_text(at)


def test_complex_step_is_defined_before_it_is_used():
    at = run_app(PAGE, m="3", n="4", seed="2", dist="int")
    order = list(elements_in_order(at.main))
    first = next(i for i, (_, text, _) in enumerate(order) if "complex step" in text.lower())
    kind, text, fold = order[first]
    assert fold == "How is this checked?" and kind == "markdown", order[first]
    assert "**complex step**" in text and r"\operatorname{Im} f(W + ihE)/h" in text
    assert "quadratic" in text and "exact up to rounding" in text
    intro = order[1][1]
    assert order[0][0] == "title" and "complex" not in intro.lower(), intro


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
    bars = [b for b in at.get("progress") if "on the path" in b.proto.text]
    assert bars and bars[-1].proto.text.startswith(
        f"Page {index + 1} of {len(PAGES)} on the path: ")


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


def loadable(p: Problem) -> bool:
    """Whether a link can carry ``p`` (every number 0 or within the typed range)."""
    try:
        HandData.from_problem(p).to_problem()
    except ValueError:
        return False
    return True


def typed(W: list[list[float]], a: list[float], b: list[float]) -> Problem:
    return Problem(np.array(W), np.array(a), np.array(b))


#: the corpus (less what a link cannot carry) and corners it has not got
TRUTH = {name: p for name, p in CORPUS.items() if loadable(p)} | {
    "corner-0": typed([[0.0, 1.0], [3.0, 2.0]], [2.0, -1.0], [1.0, 1.0]),
    "rows-cancel": typed([[1.0, 2.0], [1.0, -1.0]], [1.0, 1.0], [1.0, -1.0]),
    "a1=b1=0": typed([[2.0, 1.0], [1.0, -1.0], [3.0, 0.5]], [0.0, 1.0, 2.0], [0.0, 3.0, -1.0]),
    "3x2": typed([[1.0, 2.0], [-1.0, 0.0], [2.0, 1.0]], [1.0, 2.0, 3.0], [0.5, -1.0, 1.0]),
    "5x1": typed([[1.0], [2.0], [0.0], [-1.0], [3.0]], [1.0, 0.0, 2.0, 1.0, -1.0],
                 [2.0, 1.0, 1.0, 0.0, 1.0]),
    "1e6-and-1e-60": typed([[1e6, -1e6], [5e5, 1e-60]], [1e6, -2.0], [1e-60, 1e6]),
}
#: e-notation written by Python (1e-05, 1.04858e+06), and "1" with a plural noun
E_NOTATION = re.compile(r"(?<![\w.])[-−]?\d+(\.\d+)?e[+-]?\d+\b")
TEXT_KINDS = ("title", "markdown", "subheader", "header", "caption", "latex", "expander",
              "page_link")
PLURAL_SLIP = re.compile(r"(?<![\d.,])1 (entries|rows|columns|gradients|problems)\b")


@pytest.mark.parametrize("name", list(TRUTH))
def test_every_sentence_holds_on_the_problem(name):
    p = TRUTH[name]
    at = run_app(PAGE, **query(p))
    assert not warnings_text(at), warnings_text(at)  # the page shows this very problem
    order = list(elements_in_order(at.main))
    text = "\n".join(t for k, t, _ in order if k in TEXT_KINDS)  # not the number editor
    slips = [m.group(0) for rx in (E_NOTATION, PLURAL_SLIP) for m in rx.finditer(text)]
    assert not slips and "non-zero" not in text, slips
    checks = [t for k, t, _ in order if k == "caption" and t.startswith(("✓", "✗"))]
    assert len(checks) == 3 and all(c.startswith("✓") for c in checks), checks
    J = complex_step_jacobian(p)  # independent of every formula on the page
    G11, corner = exact_corner(p)
    assert ("Here every column of G is 0" in text) == (not J.any())
    assert text.count("Your problem is this case") == (p.n == 1) + (p.m == p.n == 1)
    assert ("with n = 1, case 2 is the whole answer" in text) == (p.n == 1)
    # what the corner (and the first column, when it is a case of its own) leave out
    left = re.findall(r"\(([^()]*) left out\)", text)
    assert len(left) == ((p.m, p.n) != (1, 1)) + (p.m > 1 and p.n > 1), left
    if left:
        assert ("row" in left[0]) == (p.m > 1) and ("column" in left[0]) == (p.n > 1), left
        assert all("row" not in x and "column" in x for x in left[1:]), left
    note = next(t for k, t, _ in order if k == "markdown" and "G_{1,1}" in t)
    if p.m == 1:
        assert "no other rows" in note and f"= f' = {number(G11, 6)}$" in note, note
    elif G11 != corner:
        assert "the two differ" in note and f"= {number(G11, 6)}$" in note, note
        assert f"{number(corner, 6)} + (" in note, note
    else:
        assert "the two differ" not in note, note
        assert f"$G_{{1,1}} = f' = {number(G11, 6)}$" in note, note
    assert ("$a_1 = b_1 = 0$" in note) == (p.m > 1 and p.a[0] == p.b[0] == 0 and
                                           bool(p.W[1:, 0].any()))


# --- every model: its own three cases, checked, with its own numbers ---

FAMILY = {"tanh": ("tanh", 1), "gated": ("gated", 1), "matrix p=3": ("matrix", 3),
          "matrix p=1": ("matrix", 1)}


def assert_cases_of(at, p: Problem) -> None:
    model = p.model
    checks = [c.value for c in at.caption if c.value.startswith(("✓", "✗"))]
    assert len(checks) == 3 and all(c.startswith("✓") for c in checks), checks
    order = list(elements_in_order(at.main))
    formulas = "\n".join(t for k, t, _ in order if k == "latex")
    for formula in (model.scalar_case_latex, model.column_case_latex, model.compact_latex):
        assert f"$$\n{formula}\n$$" in formulas, formula
    # the model's own derivative, from its compact form, in the last card's numbers
    C = model.compact(p.W, *p.arrays)
    shown = numbers_latex(at)
    assert number(float(np.ravel(C)[0])) in shown[2], (number(float(np.ravel(C)[0])), shown[2])
    # and the first column's, by the complex step of the model's F (independent of C)
    # (its largest entry: where the formula gives 0 exactly, the complex step may give noise)
    J = np.ravel(complex_step_jacobian(p)[..., 0, :, 0])
    assert number(float(J[np.argmax(np.abs(J))])) in shown[1], shown[1]
    fold = next(t for k, t, f in order if f == "How is this checked?" and k == "markdown")
    letter = model.latex.split("(W)")[0].strip()
    assert f"\\operatorname{{Im}} {letter}(W + ihE)/h" in fold
    assert ("quadratic" in fold) == model.quadratic, fold


@pytest.mark.parametrize("name", list(FAMILY))
def test_every_model_has_its_own_three_cases(name):
    fn, p = FAMILY[name]
    at = run_app(PAGE, fn=fn, p=str(p), m="3", n="4", seed="2", dist="int")
    assert_cases_of(at, random_problem(3, 4, seed=2, dist="int", fn=fn, p=p))


@pytest.mark.parametrize("name", SHORT_FAMILY)
def test_cases_on_the_family_corpus(name):
    p = family_corpus()[name]
    at = run_app(PAGE, **query(p))
    assert not warnings_text(at), warnings_text(at)
    assert_cases_of(at, p)
    text = "\n".join(t for k, t, _ in elements_in_order(at.main) if k in TEXT_KINDS)
    assert text.count("Your problem is this case") == (p.n == 1) + (p.m == p.n == 1)


@pytest.mark.parametrize("name", ["matrix/generic", "gated/4x1"])
def test_show_me_this_case_keeps_the_model(name):
    p = family_corpus()[name]
    at = run_app(PAGE, **query(p))
    subs = [Problem(p.W[:1, :1], *(x[:1] for x in p.arrays), fn=p.fn)]
    subs += [Problem(p.W[:, :1], *p.arrays, fn=p.fn)] if p.m > 1 and p.n > 1 else []
    links = show_links(at)
    assert len(links) == len(subs), [pl.label for pl in links]
    for case, (link, sub) in enumerate(zip(links, subs, strict=True)):
        query_ = {k: v[0] for k, v in parse_qs(link.query_string).items()}
        assert query_["fn"] == p.fn and query_["mode"] == "edit", query_
        opened = run_app(PAGE, **query_)
        shown = opened.session_state["hv_data"].to_problem()
        assert shown.fn == p.fn
        np.testing.assert_array_equal(shown.W, sub.W)
        for x, y in zip(shown.arrays, sub.arrays, strict=True):
            np.testing.assert_array_equal(x, y)
        assert numbers_latex(opened)[case] == numbers_latex(at)[case]


@pytest.mark.parametrize("page,kind", [("pages/columns.py", "markdown"),
                                       ("pages/derivation.py", "markdown"),
                                       ("pages/f.py", "caption"), ("pages/jacobian.py", "caption")])
def test_the_elision_marks_are_said_once_a_page_exactly_when_they_can_show(page, kind):
    """⋯ and ⋮ are explained when some matrix of the problem has more than 6 rows or
    columns (W, A, B, or a layout of J with m·n or p·n), so that it is written elided, and
    not when none has (2 × 3; the matrix model with p = 4 at 1 × 1)."""
    from hadviz.ui.frame import ELISION_NOTE

    def said(**params: str) -> int:
        at = run_app(page, seed="1", **params)
        return sum(ELISION_NOTE in e.value for e in getattr(at, kind))

    assert said(m="8", n="8", dist="normal") == 1 and said(m="3", n="3") == 1
    assert said(m="2", n="3", dist="normal") == 0 and said(m="1", n="1", fn="matrix", p="4") == 0


@pytest.mark.parametrize("page", ["pages/symbolic.py", "pages/finite-differences.py"])
def test_pages_without_the_problems_matrices_do_not_explain_elision(page):
    from hadviz.ui.frame import ELISION_NOTE

    at = run_app(page, m="8", n="8", seed="1")
    assert not [e for e in [*at.markdown, *at.caption] if ELISION_NOTE in e.value]
