r"""Formulas on the desk: how wide KaTeX draws one, and how wide the desk is.

A display formula wider than its column scrolls sideways. The views avoid that by asking,
before they write a matrix with more columns or set two formulas side by side, how wide the
result will be. :func:`width` reads the LaTeX as TeX lays it out on one line and adds up the
widths of KaTeX's glyphs (digits 0.5 em, the minus sign 0.778 em, italic letters from KaTeX's
math font), TeX's spaces around binary operators (0.222 em) and relations (0.278 em), scripts
at 70 % of their base's size, fractions as their wider part, and matrices as their columns'
widest cells with 1 em between columns and brackets that grow with the rows; a multi-line
formula (``aligned``, ``gathered``, ``\\``) is as wide as its widest line. On the app's
formulas it is within 5 % of KaTeX in Chromium, most within 3 % (``tests/test_desk_width.py``
holds measured cases).

The desk is the main column of a 1280 × 720 screen with the sidebar open, where a teacher
first opens a link; :data:`DESK_EM` and :data:`HALF_EM` are measured there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["DESK_EM", "EM_PX", "HALF_EM", "MATRIX_EM", "fits", "room", "width"]

#: The app's formula size in CSS px: Streamlit sets KaTeX at 1.21 × its 16 px text.
EM_PX = 19.36
#: Width (em) a display formula has on the desk without scrolling, less 3 % for the
#: estimate. Measured in Chromium at 1280 × 720 with the sidebar open (300 px): the main
#: column is 820 px, a bordered card in it 786 px, and the formula's box keeps 8 px of
#: padding: 778 px.
DESK_EM = 0.97 * 778 / EM_PX
#: Width (em) of each of two formulas side by side on the desk: half the card less the 16 px
#: gap between Streamlit's columns, less the padding: (786 − 16) / 2 − 8 = 377 px (less 3 %).
HALF_EM = 0.97 * 377 / EM_PX
#: Most an elided matrix may take of a desk line: the rest is for what stands beside it
#: (``\nabla_W\langle g, f\rangle\ \text{(einsum)} =`` is 9 em) and for the estimate.
MATRIX_EM = 28.0

_TOKEN = re.compile(r"\\\\|\\[A-Za-z]+\*?|\\.|\S")

#: Math italic letters (KaTeX_Math-Italic advance widths, em).
_ITALIC = dict(zip("abcdefghijklmnopqrstuvwxyz",
                   (.53, .43, .43, .52, .47, .49, .48, .58, .35, .41, .52, .3, .88, .6, .49,
                    .5, .45, .45, .47, .36, .57, .49, .72, .57, .49, .47), strict=True))
#: Capitals with the italic correction TeX adds before a superscript (about 0.05 em).
_ITALIC |= dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                    (.8, .81, .77, .88, .79, .69, .84, .88, .49, .61, .9, .73, 1.02, .85, .81,
                     .69, .84, .81, .66, .63, .73, .63, 1.08, .88, .63, .73), strict=True))
#: Upright text (KaTeX_Main-Regular): what \text and \operatorname write.
_ROMAN = dict(zip("abcdefghijklmnopqrstuvwxyz",
                  (.5, .56, .44, .56, .44, .31, .5, .56, .28, .31, .53, .28, .83, .56, .5, .56,
                   .53, .39, .39, .39, .56, .53, .72, .53, .53, .44), strict=True))
#: Symbols as (width, kind); kind is TeX's atom class: how it is spaced.
_SYMBOLS: dict[str, tuple[float, str]] = {
    **{c: (.778, "bin") for c in ("+", "-", "−", r"\times", r"\otimes", r"\oplus", r"\odot",
                                  r"\pm", r"\mp", r"\div")},
    **{c: (.5, "bin") for c in ("*", r"\circ", r"\ast", r"\star", r"\bullet", r"\setminus")},
    r"\cdot": (.278, "bin"), r"\cup": (.667, "bin"), r"\cap": (.667, "bin"),
    **{c: (.778, "rel") for c in ("=", "<", ">", r"\le", r"\leq", r"\ge", r"\geq", r"\ne",
                                  r"\neq", r"\approx", r"\equiv", r"\sim", r"\simeq",
                                  r"\propto", r"\subset", r"\subseteq", r"\perp")},
    **{c: (1.0, "rel") for c in (r"\to", r"\rightarrow", r"\mapsto", r"\Rightarrow",
                                 r"\leftarrow", r"\ll", r"\gg", r"\Leftrightarrow")},
    r"\in": (.667, "rel"), r"\notin": (.667, "rel"), r"\iff": (1.28, "rel"),
    r"\implies": (1.28, "rel"), r"\longrightarrow": (1.6, "rel"), ":": (.278, "rel"),
    r"\mid": (.278, "rel"),
    **{c: (.389, "open") for c in ("(", "[", r"\langle", r"\lbrack")},
    **{c: (.389, "close") for c in (")", "]", r"\rangle", r"\rbrack")},
    r"\{": (.5, "open"), r"\}": (.5, "close"), r"\lbrace": (.5, "open"),
    r"\rbrace": (.5, "close"), ",": (.278, "punct"), ";": (.278, "punct"),
    **{c: (1.172, "inner") for c in (r"\cdots", r"\ldots", r"\dots", r"\dotsc", r"\ddots")},
    r"\vdots": (.278, "ord"), ".": (.278, "ord"), "|": (.278, "ord"), "/": (.5, "ord"),
    "!": (.278, "ord"), "'": (.3, "ord"), r"\partial": (.556, "ord"), r"\nabla": (.833, "ord"),
    r"\infty": (1.0, "ord"), r"\ell": (.417, "ord"), r"\top": (.778, "ord"),
    r"\|": (.5, "ord"), r"\vert": (.278, "ord"), r"\lvert": (.278, "open"),
    r"\rvert": (.278, "close"), r"\lVert": (.5, "open"), r"\rVert": (.5, "close"),
    r"\forall": (.556, "ord"), r"\exists": (.556, "ord"), r"\emptyset": (.5, "ord"),
    r"\%": (.833, "ord"), r"\_": (.5, "ord"), r"\#": (.833, "ord"), r"\&": (.778, "ord"),
    r"\sum": (1.444, "op"), r"\prod": (1.278, "op"), r"\int": (.944, "op"),
}
_GREEK = {name: .58 for name in ("alpha", "beta", "gamma", "delta", "epsilon", "varepsilon",
                                 "zeta", "eta", "theta", "vartheta", "iota", "kappa", "lambda",
                                 "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi",
                                 "varphi", "chi", "psi", "omega")}
_GREEK |= {name: .74 for name in ("Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma",
                                  "Upsilon", "Phi", "Psi", "Omega")}
_SPACES = {r"\quad": 1.0, r"\qquad": 2.0, r"\,": .167, r"\:": .222, r"\>": .222, r"\;": .278,
           r"\!": -.167, "\\ ": .333, "~": .333, r"\enspace": .5, r"\thinspace": .167}
_SIZES = {r"\tiny": .5, r"\scriptsize": .7, r"\footnotesize": .8, r"\small": .9,
          r"\normalsize": 1.0, r"\large": 1.2, r"\Large": 1.44, r"\LARGE": 1.728,
          r"\huge": 2.074, r"\Huge": 2.488}
_FUNCTIONS = {"sin", "cos", "tan", "tanh", "sinh", "cosh", "log", "ln", "exp", "det", "max",
              "min", "sup", "inf", "lim", "arg", "dim", "ker", "deg", "sec", "csc", "cot"}
_TEXT = {r"\text", r"\textrm", r"\textbf", r"\textit", r"\mathrm", r"\mbox", r"\textsf",
         r"\texttt", r"\operatorname", r"\operatorname*", r"\mathsf", r"\mathtt"}
_SAME = {r"\hat", r"\bar", r"\vec", r"\tilde", r"\dot", r"\ddot", r"\widehat", r"\widetilde",
         r"\overline", r"\underline", r"\boldsymbol", r"\bm", r"\mathbf", r"\mathit",
         r"\mathop", r"\mathord", r"\mathbin", r"\mathrel", r"\phantom", r"\hphantom",
         r"\mathbb", r"\mathcal", r"\mathfrak", r"\mathscr", r"\overbrace", r"\underbrace",
         r"\displaystyle", r"\textstyle", r"\boxed"}
_MATRICES = {"bmatrix", "pmatrix", "vmatrix", "Vmatrix", "Bmatrix", "matrix", "smallmatrix",
             "bmatrix*", "pmatrix*"}
_STOPS = {"}", "&", "\\\\", r"\end", None}
#: The space TeX puts on each side of a binary operator and of a relation (em).
_AROUND = {"bin": .222, "rel": .278}
#: Sizes at or below this are scripts, where TeX puts no space around operators.
_SCRIPT = 0.75


def width(latex: str, display: bool = True) -> float:
    r"""The width KaTeX draws ``latex`` at, in em of the formula's font, estimated; a
    formula of at most :data:`DESK_EM` fits the desk without scrolling.

    A multi-line formula is as wide as its widest line; ``display`` is False for inline
    math (fractions are then set smaller).

    Examples
    --------
    >>> round(width("0123456789"), 2), round(width("x = 1 + 2"), 2)
    (5.0, 4.13)
    >>> round(width(r"\begin{bmatrix} 1 & -2.5 \\ 3 & 4 \end{bmatrix}"), 2)
    4.61
    >>> width(r"\begin{gathered} a = 1 \\ b = 22 \end{gathered}") > width("a = 1")
    True
    """
    reader = _Reader(latex)
    lines = [_line(reader, 1.0, display)]
    while reader.peek() is not None:  # a top-level \\ or a stray closing brace
        reader.next()
        lines.append(_line(reader, 1.0, display))
    return max(lines)


def room(lhs: str) -> float:
    """Width (em) a desk line leaves for the right-hand side after ``lhs =``.

    Examples
    --------
    >>> round(DESK_EM - room("G"), 2) == round(width("G = {}"), 2)
    True
    """
    return DESK_EM - width(lhs + " = {}")


def fits(*formulas: str, side_by_side: bool = False) -> bool:
    """Whether every formula fits its place on the desk: a whole line, or half of one when
    two stand side by side.

    Examples
    --------
    >>> fits(r"G = \\begin{bmatrix} 1 & 2 \\end{bmatrix}"), fits("x", "y", side_by_side=True)
    (True, True)
    >>> fits(" + ".join(["1.5 \\times 10^{-7}"] * 4), side_by_side=True)
    False
    """
    budget = HALF_EM if side_by_side else DESK_EM
    return all(width(f) <= budget for f in formulas)


class _Reader:
    """The formula's tokens, read left to right."""

    def __init__(self, latex: str) -> None:
        self.latex = latex
        self.matches = list(_TOKEN.finditer(latex))
        self.tokens = [m.group() for m in self.matches]
        self.at = 0

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def next(self) -> str | None:
        token = self.peek()
        self.at += 1
        return token

    def raw(self) -> str:
        """The next argument as it is written: a braced group's text, or one token."""
        if self.peek() != "{":
            return self.next() or ""
        start, depth = self.matches[self.at].end(), 0
        while (token := self.next()) is not None:
            depth += {"{": 1, "}": -1}.get(token, 0)
            if depth == 0:
                return self.latex[start:self.matches[self.at - 1].start()]
        return self.latex[start:]


def _line(reader: _Reader, scale: float, display: bool) -> float:
    r"""Width of the atoms up to the next stop (``}``, ``&``, ``\\``, ``\end``)."""
    atoms: list[tuple[float, str]] = []
    size = 1.0
    while reader.peek() not in _STOPS:
        token = reader.next()
        assert token is not None
        if token in _SIZES:
            size = _SIZES[token]
        elif token in ("^", "_"):
            atoms.append(_script(reader, atoms, scale * size, token))
        else:
            w, kind = _atom(reader, token, scale * size, display)
            atoms.append((w, kind))
    return _spaced(atoms, scale)


def _spaced(atoms: list[tuple[float, str]], scale: float) -> float:
    """The atoms' widths plus TeX's spaces between them (none in scripts)."""
    total, before = 0.0, "open"
    for index, (w, kind) in enumerate(atoms):
        if kind == "bin" and before in ("open", "bin", "rel", "punct", "op-start"):
            kind = "ord"  # a sign, not an operation: -2, (-x), = -1
        after = atoms[index + 1][1] if index + 1 < len(atoms) else "close"
        if kind == "bin" and after in ("rel", "close", "punct"):
            kind = "ord"
        total += w
        if scale > _SCRIPT and kind in _AROUND:
            total += _AROUND[kind] * (2 if index + 1 < len(atoms) else 1) * scale
        elif scale > _SCRIPT and (kind == "punct" or (kind, after) in (("op", "ord"),
                                                                     ("inner", "ord"))):
            total += .167 * scale
        before = kind if kind != "script" else before
    return total


def _script(reader: _Reader, atoms: list[tuple[float, str]], scale: float,
            token: str) -> tuple[float, str]:
    """A superscript or subscript: 70 % of its base's size (50 % two levels down), drawn
    over its partner (x_i^2 is as wide as the wider of i and 2)."""
    w = _argument(reader, max(scale * 0.7, 0.5)) + 0.05
    if atoms and atoms[-1][1] == "script":  # x_i^2: the partner script, drawn above it
        return max(atoms.pop()[0], w), "script"
    return w, "script"


def _argument(reader: _Reader, scale: float, display: bool = False) -> float:
    """Width of the next argument: a braced group, or one token."""
    if reader.peek() == "{":
        reader.next()
        w = _line(reader, scale, display)
        _close(reader)
        return w
    token = reader.next()
    return _atom(reader, token, scale, display)[0] if token else 0.0


def _close(reader: _Reader) -> None:
    """Step past the closing brace (and any top-level row break left inside the group)."""
    while reader.peek() not in ("}", None):
        reader.next()
    reader.next()


def _text(text: str, scale: float) -> float:
    return scale * sum(_ROMAN.get(c, .72 if c.isupper() else .5 if c.isalnum() else
                                  .333 if c in " ~" else .3) for c in text)


def _atom(reader: _Reader, token: str, scale: float, display: bool) -> tuple[float, str]:
    """Width and class of the atom that starts with ``token``."""
    if token in _SYMBOLS:
        w, kind = _SYMBOLS[token]
        return w * scale, kind
    if token in _SPACES:
        return _SPACES[token] * scale, "space"
    if token == "{":
        w = _line(reader, scale, display)
        _close(reader)
        return w, "ord"
    if len(token) == 1:
        return scale * _ITALIC.get(token, .5 if token.isdigit() else .7), "ord"
    return _command(reader, token, scale, display)


def _command(reader: _Reader, token: str, scale: float, display: bool) -> tuple[float, str]:
    name = token[1:]
    if name in _GREEK:
        return _GREEK[name] * scale, "ord"
    if name in _FUNCTIONS:
        return _text(name, scale), "op"
    if token in _TEXT:
        return _text(reader.raw().replace("\\", ""), scale), (
            "op" if token.startswith(r"\operatorname") else "ord")
    if token in _SAME:
        return _argument(reader, scale, display) * (1.12 if "math" in name else 1.0), "ord"
    if token in (r"\frac", r"\dfrac", r"\tfrac", r"\cfrac", r"\binom"):
        inner = scale if (display and token != r"\tfrac") or token == r"\dfrac" else \
            max(scale * 0.7, 0.5)
        w = max(_argument(reader, inner), _argument(reader, inner)) + 0.24 * scale
        return w + (0.9 * scale if token == r"\binom" else 0.0), "ord"
    if token == r"\sqrt":
        return _argument(reader, scale, display) + 0.85 * scale, "ord"
    if token in (r"\left", r"\right", r"\middle") or token.startswith((r"\big", r"\Big")):
        delimiter = reader.next() or "."
        kind = "open" if token.endswith(("left", "l")) else "close" if \
            token.endswith(("right", "r")) else _SYMBOLS.get(delimiter, (0, "ord"))[1]
        return (0.12 if delimiter == "." else 0.5) * scale, kind
    if token in (r"\color", r"\textcolor", r"\vphantom", r"\label"):
        reader.raw()
        return (_argument(reader, scale, display) if token == r"\textcolor" else 0.0), "ord"
    if token in (r"\underset", r"\overset", r"\stackrel"):
        over = _argument(reader, max(scale * 0.7, 0.5))
        return max(over, _argument(reader, scale, display)), "rel"
    if token == r"\begin":
        return _environment(reader, reader.raw(), scale, display), "ord"
    if token == r"\tag":
        return _text(reader.raw(), scale) + 2.0 * scale, "ord"
    return 0.8 * scale, "ord"  # a command not listed: about a capital letter


def _rows(reader: _Reader, scale: float, display: bool) -> Iterator[list[float]]:
    """The cells' widths of an environment, row by row, up to its ``\\end``."""
    row: list[float] = []
    while True:
        row.append(_line(reader, scale, display))
        token = reader.next()
        if token == "&":
            continue
        yield row
        row = []
        if token in (r"\end", None):
            reader.raw()
            return


def _environment(reader: _Reader, name: str, scale: float, display: bool) -> float:
    """A matrix: its columns' widest cells, 1 em between columns, and its brackets; an
    ``aligned`` or ``gathered`` block: its widest line."""
    if name == "array":
        reader.raw()  # the column specification
    inline = name in _MATRICES or name == "array"  # cells in text style
    cells = [row for row in _rows(reader, scale, display and not inline) if any(row)]
    cells = cells or [[0.0]]
    columns = max(len(row) for row in cells)
    widest = [max(row[c] if c < len(row) else 0.0 for row in cells) for c in range(columns)]
    if name in _MATRICES:
        bracket = .417 if len(cells) == 1 else .525 if len(cells) == 2 else .68
        plain = name in ("matrix", "smallmatrix")
        return sum(widest) + (columns - 1) * scale + (0 if plain else 2 * bracket * scale)
    if name in ("array", "cases", "alignedat", "darray"):
        return sum(widest) + columns * scale + (0.9 * scale if name == "cases" else 0.0)
    if name in ("aligned", "split", "align", "align*"):  # pairs of right- and left-set columns
        return sum(widest) + (columns - 1) // 2 * 2.0 * scale
    return max(sum(row) for row in cells)  # gathered, gather, and anything else
