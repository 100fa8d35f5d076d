r"""The Diag-trick derivation with the user's numbers as a standalone LaTeX document.

The formulas are the ones the derivation page renders (KaTeX and LaTeX share this subset:
``amsmath`` environments, ``\operatorname``, ``\mathbb``); the page's prose is Markdown with
inline ``$…$`` and a few Unicode symbols, turned into LaTeX by :func:`markdown_to_latex`.
The document compiles with ``pdflatex`` from a basic TeX Live (tested).
"""

from __future__ import annotations

import re

from hadviz.derivation import Entry, derivation_steps, diag_identity, entry_latex, notation
from hadviz.latex import array, bmatrix, number
from hadviz.problem import Problem

__all__ = ["derivation_tex", "markdown_to_latex"]

#: Unicode symbols of the page's prose and their LaTeX (used in text, so in math mode).
_SYMBOLS = {
    "ᵀ": "^T", "∘": r"\circ", "ε": r"\varepsilon", "δ": r"\delta", "×": r"\times",
    "·": r"\cdot", "‖": r"\|", "∂": r"\partial", "∇": r"\nabla", "ℝ": r"\mathbb{R}",
    "≤": r"\le", "≥": r"\ge", "≈": r"\approx", "→": r"\to", "γ": r"\gamma",
    "σ": r"\sigma", "′": "'", "α": r"\alpha", "β": r"\beta", "Γ": r"\Gamma", "Σ": r"\Sigma",
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
\title{The derivative of $%TITLE%$ \\ \large the Diag trick with your numbers}
\date{}
\begin{document}
\maketitle
"""


def _display(latex: str) -> str:
    return "\\[\n\\fit{" + latex + "}\n\\]\n"


def _problem_tex(problem: Problem) -> list[str]:
    """The problem's sizes and numbers (W and the model's parameter arrays)."""
    model = problem.model
    shapes = ", ".join(
        f"${q.name}$ is ${problem.m}\\times{problem.p}$" if q.matrix else
        f"${q.name}$ has length {problem.m}" for q in model.params)
    out = ("$F$ is $" + f"{problem.p}\\times{problem.n}$" if model.rows else
           f"${model.latex[0]}$ has length {problem.n}")
    arrays = ",\\quad ".join(
        f"{name} = {array(x)}"
        for name, x in problem.params.items())
    return [f"W is ${problem.m}\\times{problem.n}$, {shapes}, and {out}.\n",
            _display(rf"W = {bmatrix(problem.W)},\quad {arrays}")]


def derivation_tex(problem: Problem, k: int, i: int, j: int, r: int = 0) -> str:
    r"""A standalone ``.tex`` document: the problem, the model's derivation steps for
    ∂F_(r,)k/∂W_ij (0-based ``k``, ``i``, ``j``, ``r``) with their values and checks, and the
    compact Jacobian.

    Examples
    --------
    >>> from hadviz.problem import random_problem
    >>> tex = derivation_tex(random_problem(2, 3, 0, "int"), 1, 0, 1)
    >>> tex.startswith(r"\documentclass") and tex.rstrip().endswith(r"\end{document}")
    True
    """
    model = problem.model
    steps = derivation_steps(problem, k, i, j, r)
    entry = entry_latex(model, Entry(k, i, j, r if model.rows else 0))
    parts = [_PREAMBLE.replace("%TITLE%", model.latex), r"\section*{The problem}",
             *_problem_tex(problem), _display(notation(model)),
             r"\section*{Why the trick works: $x\circ y = \operatorname{Diag}(x)\,y$}",
             _display(diag_identity(problem)),
             rf"\section*{{The derivative ${entry}$, step by step}}",
             markdown_to_latex(model.derivation_rules) + "\n"]
    for number_, step in enumerate(steps, start=1):
        mark = "checked" if step.verified else "NOT confirmed"
        parts += [rf"\subsection*{{Step {number_} of {len(steps)}}}",
                  markdown_to_latex(step.caption) + "\n",
                  _display(step.symbolic), _display(step.substituted),
                  _display("= " + step.value_latex),
                  rf"\noindent\emph{{Complex-step check: {mark}; "
                  + markdown_to_latex(step.check.summary()) + ".}\n"]
    C = model.compact(problem.W, *problem.arrays)
    blocks = ([_display(rf"C_{{{q + 1}}} = {bmatrix(C[:, :, q])}") for q in range(problem.n)]
              if model.rows else [_display(rf"{model.compact_symbol} = {bmatrix(C)}")])
    parts += [r"\section*{All entries at once}",
              f"Every entry of $J$ is ${model.entry_latex}$, with the compact Jacobian",
              _display(model.compact_latex), *blocks[:8],
              (f"(the first 8 of the {problem.n} blocks)\n" if len(blocks) > 8 else ""),
              f"so ${entry} = {number(float(steps[-1].value), 10)}$.\n",
              r"\end{document}" + "\n"]
    return "\n".join(parts)
