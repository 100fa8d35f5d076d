r"""The Diag-trick derivation with the user's numbers as a standalone LaTeX document.

The formulas are the ones the derivation page renders (KaTeX and LaTeX share this subset:
``amsmath`` environments, ``\operatorname``, ``\mathbb``); the page's prose is Markdown with
inline ``$…$`` and a few Unicode symbols, turned into LaTeX by :func:`markdown_to_latex`.
The document compiles with ``pdflatex`` from a basic TeX Live (tested).
"""

from __future__ import annotations

import re

from hadviz.latex import bmatrix, column, number
from hadviz.models import HADAMARD, projections
from hadviz.problem import Problem
from hadviz.views.derivation import NOTATION, diag_identity, diag_trick_steps

__all__ = ["derivation_tex", "markdown_to_latex"]

#: Unicode symbols of the page's prose and their LaTeX (used in text, so in math mode).
_SYMBOLS = {
    "ᵀ": "^T", "∘": r"\circ", "ε": r"\varepsilon", "δ": r"\delta", "×": r"\times",
    "·": r"\cdot", "‖": r"\|", "∂": r"\partial", "∇": r"\nabla", "ℝ": r"\mathbb{R}",
    "≤": r"\le", "≥": r"\ge", "≈": r"\approx", "→": r"\to", "γ": r"\gamma",
}
#: Subscript indices as the prose writes them (εⱼ, fₖ, w₁).
_SUBSCRIPTS = re.compile("([A-Za-zεδ])([ᵢⱼₖₙ₀₁₂₃₄₅₆₇₈₉]+)")
_INDICES = str.maketrans("ᵢⱼₖₙ₀₁₂₃₄₅₆₇₈₉", "ijkn0123456789")
#: Superscript exponents as text_sci writes them (10⁻¹⁶).
_SUPERSCRIPTS = re.compile("[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_DIGITS = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")
_TEXT = {"−": "-", "–": "--", "—": "---", "…": r"\dots{}", "’": "'", "“": "``", "”": "''"}
#: An index expression written in plain text, e.g. ε_j, δ_jk, ε_kᵀ, W_ij.
_INDEXED = re.compile(r"([A-Za-zεδγ]+)_([A-Za-z0-9]+)(ᵀ?)")


def _math(text: str) -> str:
    text = _SUPERSCRIPTS.sub(lambda mt: "^{" + mt.group(0).translate(_DIGITS) + "}", text)
    return "".join(_SYMBOLS.get(ch, ch) for ch in text)


def _plain(text: str) -> str:
    """Prose outside ``$…$``: escape LaTeX's specials, put symbols and indices in math."""
    text = _INDEXED.sub(lambda mt: f"\x00{mt.group(1)}_{{{mt.group(2)}}}{mt.group(3)}\x01",
                        text)
    text = _SUPERSCRIPTS.sub(lambda mt: "\x00^{" + mt.group(0).translate(_DIGITS) + "}\x01",
                             text)
    text = _SUBSCRIPTS.sub(lambda mt: f"\x00{mt.group(1)}_{{{mt.group(2).translate(_INDICES)}}}"
                           "\x01", text)
    out = []
    in_math = False
    for ch in text:
        if ch == "\x00":
            out.append("$")
            in_math = True
        elif ch == "\x01":
            out.append("$")
            in_math = False
        elif in_math:
            out.append(_SYMBOLS.get(ch, ch))
        elif ch in _SYMBOLS:
            out.append(f"${_SYMBOLS[ch]}$")
        elif ch in "&%#":
            out.append("\\" + ch)
        elif ch == "_":
            out.append(r"\_")
        else:
            out.append(_TEXT.get(ch, ch))
    return "".join(out)


def markdown_to_latex(text: str) -> str:
    r"""The page's Markdown prose as LaTeX: ``$…$`` kept, ``**bold**`` as ``\textbf``,
    Unicode symbols and plain-text indices (ε_j) set in math.

    Examples
    --------
    >>> markdown_to_latex("With x = ε_j, **the rule** for ∘: $a \\circ b$ & more")
    'With x = $\\varepsilon_{j}$, \\textbf{the rule} for $\\circ$: $a \\circ b$ \\& more'
    >>> markdown_to_latex("Diag(εⱼ) εₖ = δⱼₖ εₖ")
    'Diag($\\varepsilon_{j}$) $\\varepsilon_{k}$ = $\\delta_{jk}$ $\\varepsilon_{k}$'
    """
    text = text.replace("\x00", "").replace("\x01", "")  # the converter's own markers
    pieces = re.split(r"(\$[^$]+\$)", text)
    out = []
    for piece in pieces:
        if piece.startswith("$") and piece.endswith("$") and len(piece) > 1:
            out.append("$" + _math(piece[1:-1]) + "$")
        else:
            bold = re.split(r"\*\*(.+?)\*\*", piece)
            out.append("".join(_plain(b) if n % 2 == 0 else r"\textbf{" + _plain(b) + "}"
                               for n, b in enumerate(bold)))
    return "".join(out)


_PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[a4paper,margin=2cm]{geometry}
\usepackage{amsmath,amssymb,graphicx}
% a display wider than the text is scaled down to the text width, never cut
\newsavebox{\fitbox}
\newcommand{\fit}[1]{\sbox{\fitbox}{$\displaystyle #1$}%
  \ifdim\wd\fitbox>\linewidth\resizebox{\linewidth}{!}{\usebox{\fitbox}}\else\usebox{\fitbox}\fi}
\setcounter{MaxMatrixCols}{20}
\allowdisplaybreaks
\title{The derivative of $f(W) = (a^TW)\circ(b^TW)$ \\ \large the Diag trick with your numbers}
\date{}
\begin{document}
\maketitle
"""


def _display(latex: str) -> str:
    return "\\[\n\\fit{" + latex + "}\n\\]\n"


def derivation_tex(problem: Problem, k: int, i: int, j: int) -> str:
    r"""A standalone ``.tex`` document: the problem, the six derivation steps for
    ∂f_k/∂W_ij (0-based ``k``, ``i``, ``j``) with their values and checks, and G.

    Examples
    --------
    >>> from hadviz.problem import random_problem
    >>> tex = derivation_tex(random_problem(2, 3, 0, "int"), 1, 0, 1)
    >>> tex.startswith(r"\documentclass") and tex.rstrip().endswith(r"\end{document}")
    True
    """
    W, a, b = problem.W, problem.a, problem.b
    u, v = projections(W, a, b)
    G = HADAMARD.compact(W, a, b)
    steps = diag_trick_steps(problem, k, i, j)
    parts = [_PREAMBLE, r"\section*{The problem}",
             f"W is ${problem.m}\\times{problem.n}$, $a$ and $b$ have length {problem.m}, "
             f"and $f$ has length {problem.n}.\n",
             _display(rf"W = {bmatrix(W)},\quad a = {column(a)},\quad b = {column(b)}"),
             _display(NOTATION),
             r"\section*{Why the trick works: $a\circ b = \operatorname{Diag}(a)\,b$}",
             _display(diag_identity(problem)),
             rf"\section*{{The derivative $\partial f_{{{k + 1}}}/\partial W_{{{i + 1},"
             rf"{j + 1}}}$, step by step}}"]
    for number_, step in enumerate(steps, start=1):
        mark = "checked" if step.verified else "NOT confirmed"
        parts += [rf"\subsection*{{Step {number_} of {len(steps)}}}",
                  markdown_to_latex(step.caption) + "\n",
                  _display(step.symbolic), _display(step.substituted),
                  _display("= " + step.value_latex),
                  rf"\noindent\emph{{Complex-step check: {mark}; "
                  + markdown_to_latex(step.check.summary()) + ".}\n"]
    parts += [r"\section*{All entries at once}",
              r"Every entry of $J$ is $J[k,i,j] = \delta_{jk}\,G_{i,k}$ with",
              _display(rf"u = W^Ta = {column(u)},\quad v = W^Tb = {column(v)}"),
              _display(rf"G = (ab^T + ba^T)\,W = {bmatrix(G)}"),
              f"so $\\partial f_{{{k + 1}}}/\\partial W_{{{i + 1},{j + 1}}} = "
              f"{number(float(steps[-1].value), 10)}$.\n",
              r"\end{document}" + "\n"]
    return "\n".join(parts)
