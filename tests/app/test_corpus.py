"""Every page on every problem of the degenerate corpus: clean, and written in one style.

Each corpus problem is opened as typed numbers (a ``mode=edit`` link) and every page of
``app.PAGES`` is run on it. A page must show no exception and no error box, and its text
must keep the house style: numbers in running text as ``6.7 × 10⁻⁸`` (never ``1e-05``),
no raw LaTeX outside formulas, plurals that agree with their number, and no displayed chain
whose continuation line starts a new equality with an operator (``= + …``).
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.problems import CORPUS, SHORT_FAMILY, family_corpus, query

from .helpers import every_page

#: e-notation written by Python (1e-05, 7.0000000000000006e-60, 1.04858e+06)
E_NOTATION = re.compile(r"(?<![\w.])[-−]?\d+(\.\d+)?e[+-]?\d+\b")
#: a power of ten that is 1, or a LaTeX product left in text
POWER_ZERO = re.compile(r"× 10⁰(?![⁰-⁹])|\\times 10\^\{0\}")
#: "1 entries", "1 of them are": a plural noun or verb after the number 1
PLURAL_SLIP = re.compile(
    r"(?<![\d.,])(?<!× )1 (entries|slices|columns|rows|components|blocks|numbers|terms|steps"
    r"|of them are|of \d+ (entries|slices|columns|components) (are|have))\b")
#: a continuation line that reads as a new equation: "&= +", "= \quad +"
FALSE_EQUALITY = re.compile(r"&=\s*(\\quad\s*)?\+|\\\\\s*=\s*\+")
#: phrasings that were false for some problems (issue 18): never shown again
RETIRED = re.compile(r"n² slices|only column \d+ is non-zero|three of its legs|Every diagram "
                     r"below is one|b = 0 or Wᵀb = 0|b is a multiple of a|non-zero only at")
#: inline code in Markdown (names such as `derive_by_array` are code, not notation)
CODE = re.compile(r"`[^`]*`")
#: LaTeX commands outside $…$ in Markdown
MATH = re.compile(r"\$\$.*?\$\$|\$.*?\$", re.S)
RAW_LATEX = re.compile(r"\\(frac|mathrm|circ|partial|begin|times|cdot|quad)\b")
#: TeX-style sub- and superscripts in running text (the browser test's RAW_NOTATION): C_k,
#: ∇_W, x^(1/3), ℝ^n; running text writes Cₖ, or puts the formula in $…$
RAW_SCRIPTS = re.compile(r"[A-Za-zεδ∇∂Γ]_[A-Za-z0-9{(:]|\^\(|ℝ\^")

TEXT_ELEMENTS = ("markdown", "caption", "info", "success", "warning", "title", "subheader",
                 "header", "text", "expander")


def page_texts(at: AppTest) -> tuple[list[str], list[str]]:
    """(running text, formulas) of the page as rendered."""
    texts: list[str] = []
    for kind in TEXT_ELEMENTS:
        for el in at.get(kind):
            value = getattr(el, "label", None) if kind == "expander" else el.value
            if isinstance(value, str):
                texts.append(value)
    formulas = [el.value for el in at.get("latex")]
    return texts, formulas


def _found(pattern: re.Pattern, text: str) -> list[str]:
    return [f"{m.group(0)!r} in …{text[max(m.start() - 60, 0):m.end() + 40]!r}…"
            for m in pattern.finditer(text)]


def style_slips(texts: list[str], formulas: list[str]) -> list[str]:
    slips = []
    for text in texts:
        prose = CODE.sub(" ", MATH.sub(" ", text))
        for pattern in (E_NOTATION, POWER_ZERO, PLURAL_SLIP, RAW_LATEX, RAW_SCRIPTS, RETIRED):
            slips += _found(pattern, prose)
        for math in MATH.findall(text):
            slips += _found(E_NOTATION, math)
    for formula in formulas:
        for pattern in (E_NOTATION, FALSE_EQUALITY):
            slips += _found(pattern, formula)
    return slips


@pytest.mark.parametrize("name", list(CORPUS))
def test_every_page_on_corpus_problem(name):
    failures = []
    for path, at in every_page(query(CORPUS[name])):
        failures += [f"{path}: {s}" for s in style_slips(*page_texts(at))]
    assert not failures, "\n".join(failures)


#: what every page must show somewhere on a problem of each model (text or formula): a page
#: that fell back silently to the question's f would not
MODEL_MARKS = {"tanh": ("tanh",), "gated": ("σ", r"\sigma"),
               "matrix": ("Aᵀ", "A^T", "A_{", r"A\,\mathrm{Diag}")}


@pytest.mark.parametrize("name", SHORT_FAMILY)
def test_every_page_on_every_model(name):
    """The family's degenerate problems: every page clean, in the house style, and showing
    the chosen model (its own symbol on the page), never the question's f in its place."""
    problem = family_corpus()[name]
    failures = []
    for path, at in every_page(query(problem)):
        texts, formulas = page_texts(at)
        failures += [f"{path}: {s}" for s in style_slips(texts, formulas)]
        shown = " ".join(texts + formulas)
        if not any(mark in shown for mark in MODEL_MARKS[problem.fn]):
            failures.append(f"{path}: nothing on the page names {problem.fn}")
    assert not failures, "\n".join(failures)


def test_style_scan_catches_the_slips():
    texts = ["h ≈ 1e-05 here", "differs in 1 entries", "tol 2.391 × 10⁰", r"raw \frac{a}{b}",
             "only n of the n² slices", "the block C_k", "fine: Cₖ and $C_k$",
             "fine $\\frac{a}{b}$ and 6.7 × 10⁻⁸ and 1 entry and 11 entries"]
    formulas = [r"\begin{aligned} x &= 1 \\ &= + 2 \end{aligned}", "7.0000000000000006e-60"]
    slips = style_slips(texts, formulas)
    assert len(slips) == 8, slips
