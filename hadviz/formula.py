r"""Formulas typed over a problem's symbols: a small grammar, read by a parser, evaluated by numpy.

A learner types ``(a b^T + b a^T) W`` or ``Diag(W^T b) kron(I_n, a^T)``; :func:`evaluate_formula`
reads it with a LALR parser (:mod:`lark`, in :mod:`hadviz.formula_syntax`) and walks the tree
with numpy, so nothing typed is ever run as code. Every array is 2-D: a vector is a column
(m, 1), a number a 1 × 1. Atoms are numbers (``2``, ``1e-3``), the symbols given, identities
``I_m``, ``I_n`` (W's shape), ``I_p`` (A's columns), also ``I_{n}``, and parentheses.
Tightest first:

* postfix and calls: transposes ``^T ᵀ ' .T ^{T}`` (may repeat); the entry-by-entry power
  ``^2``, ``^{2}``, a whole number 0 to 9 (there are no matrix powers); ``Diag(v)`` (``diag``,
  vector to diagonal matrix), ``kron(X, Y)``, and entry by entry ``tanh``, ``sech``,
  ``sigma`` (``σ``, the logistic function) and ``exp``;
* unary minus ``-x`` (``−x``);
* matrix product, left to right: ``@``, ``·`` or juxtaposition (``a b^T W``), ``⊗``
  (Kronecker), ``/`` by a scalar; a scalar (a number or 1 × 1) times anything scales it;
* Hadamard product ``∘ ⊙ *``: equal shapes, or a scalar on one side;
* ``+ -``: equal shapes only.

So ``W^T a ∘ W^T b`` is (Wᵀa) ∘ (Wᵀb), ``-a^T b`` is (−aᵀ)b and ``2abᵀW`` is 2·a·bᵀ·W.
Along with the value the walk carries an error scale and an operation count N, such that
|computed − exact| ≤ γ_N · scale entry by entry (:func:`hadviz.checks.gamma`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import numpy as np
from lark import Token, Tree
from numpy.typing import NDArray

from hadviz.formula_syntax import (
    MAX_FORMULA_CHARS,
    FormulaError,
    Names,
    check_brackets,
    grammar_markdown,
    parse,
    token_end,
    token_start,
)

__all__ = ["MAX_FORMULA_CHARS", "Evaluated", "FormulaError", "evaluate_formula", "grammar_markdown"]

_MAX_ENTRIES = 4_194_304
_MAX_WORK = 2**27  # multiplications in one formula: a typed formula stays well under a second

@dataclass(frozen=True)
class Evaluated:
    """A formula's value, its rounding-error scale and the operation count behind it.

    Attributes
    ----------
    value : (r, c) ndarray
        The value; vectors are columns (m, 1), a row is (1, n), a scalar (1, 1).
    scale : (r, c) ndarray
        The formula with every leaf replaced by its absolute value and every subtraction made an
        addition (tanh, sech, σ, exp: their absolute value, plus the Lipschitz bound times the
        argument's scale when the argument was computed, to first order for exp; a computed
        divisor adds its relative error), so that ``|rounding error of value| <=
        gamma(operations) * scale`` entry by entry.
    operations : int
        N, summed over the tree: a matrix product adds its inner dimension + 1; a scaling,
        kron, ∘, +, − or / adds 1; a function 4; a power k, k − 1 and k times its argument's.
    latex : str
        The formula as read, in LaTeX.
    """

    value: NDArray
    scale: NDArray
    operations: int
    latex: str


@dataclass(frozen=True)
class _Term:
    """A value in the walk, from the characters ``start:end`` of the formula."""

    value: NDArray
    scale: NDArray
    ops: int
    latex: str
    start: int
    end: int


def evaluate_formula(text: str, symbols: Mapping[str, NDArray]) -> Evaluated:
    """Read ``text`` and evaluate it on ``symbols``, raising only :class:`FormulaError`.

    Parameters
    ----------
    text : str
        The formula, at most :data:`MAX_FORMULA_CHARS` characters (grammar in the module doc).
    symbols : mapping of str to ndarray
        Name to array, e.g. W (m, n), a and b (m,), g (n,); 1-D arrays are columns (m, 1).

    Examples
    --------
    >>> W, a, b = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([1.0, 0.0]), np.array([0.0, 1.0])
    >>> out = evaluate_formula("2abᵀW", {"W": W, "a": a, "b": b})
    >>> out.value
    array([[6., 8.], [0., 0.]])
    >>> out.latex, out.operations
    ('2 a b^T W', 6)
    >>> try:
    ...     evaluate_formula("a + W", {"W": W, "a": a, "b": b})
    ... except FormulaError as exc:
    ...     print(exc)
    + at character 3: a is 2 × 1 and W is 2 × 2; + needs equal shapes
    """
    try:
        if len(text) > MAX_FORMULA_CHARS:
            raise FormulaError(f"the formula has {len(text):,} characters; at most "
                               f"{MAX_FORMULA_CHARS:,} are read")
        if not text.strip():
            raise FormulaError("the formula is empty: type one, for example (a b^T + b a^T) W")
        check_brackets(text)
        names = Names(symbols)
        tree = parse(text, names)
        with np.errstate(all="ignore"):
            term = _Evaluator(text, names).term(tree)
        return Evaluated(term.value, term.scale, term.ops, term.latex)
    except FormulaError:
        raise
    except Exception as exc:  # the page is promised FormulaError and nothing else
        raise FormulaError(f"the formula could not be evaluated ({type(exc).__name__})") from exc



def _sech(x: NDArray) -> NDArray:
    t = np.exp(-np.abs(x))  # 2/(e^x + e^−x) without overflow
    return 2.0 * t / (1.0 + t * t)


def _sigma(x: NDArray) -> NDArray:
    t = np.exp(-np.abs(x))  # 1/(1 + e^−x) for x ≥ 0, e^x/(1 + e^x) below: never overflows
    return np.where(x >= 0, 1.0, t) / (1.0 + t)


#: Entry-by-entry functions: numpy rule and LaTeX. Each is 1-Lipschitz but exp.
_ELEMENTWISE: dict[str, tuple[Callable[[NDArray], NDArray], str]] = {
    "tanh": (np.tanh, r"\tanh"), "sech": (_sech, r"\operatorname{sech}"),
    "sigma": (_sigma, r"\sigma"), "exp": (np.exp, r"\exp"),
}


def _shape(t: _Term) -> str:
    rows, cols = t.value.shape
    return f"{rows:,} × {cols:,}"


def _scalar(t: _Term) -> bool:
    return t.value.shape == (1, 1)


class _Evaluator:
    """Walks a parse tree bottom-up into terms, checking shapes and sizes before computing."""

    def __init__(self, text: str, names: Names) -> None:
        self.text, self.names, self.work = text, names, 0

    def term(self, node: Tree) -> _Term:
        return getattr(self, f"_{node.data}")(node.children)

    def _fail(self, what: str, pos: int, detail: str) -> FormulaError:
        return FormulaError(f"{what} at character {pos + 1}: {detail}")

    def _said(self, t: _Term, shape: bool = True) -> str:
        said = self.text[t.start : t.end].strip()
        said = said if len(said) <= 30 else said[:29] + "…"
        return f"{said} is {_shape(t)}" if shape else said

    def _charge(self, what: str, pos: int, rows: int, cols: int, work: int) -> None:
        """Refuse, before computing it, a result too large or a formula too costly."""
        if rows * cols > _MAX_ENTRIES:
            raise self._fail(what, pos, f"the result would be {rows:,} × {cols:,} = "
                             f"{rows * cols:,} entries; hadviz computes at most {_MAX_ENTRIES:,}")
        self.work += work
        if self.work > _MAX_WORK:
            raise self._fail(what, pos, f"the formula needs more than {_MAX_WORK:,} "
                             "multiplications; hadviz stops there")

    def _make(self, what: str, pos: int, value: NDArray, scale: NDArray, ops: int, latex: str,
              start: int, end: int) -> _Term:
        if not (np.isfinite(value).all() and np.isfinite(scale).all()):
            raise self._fail(what, pos, "the result overflows (an entry beyond about 1.8e308)")
        return _Term(value, scale, ops, latex, start, end)

    def _sum(self, children: list) -> _Term:
        """A left-to-right chain of one precedence level; a factor alone is juxtaposition."""
        acc, rest = self.term(children[0]), iter(children[1:])
        for child in rest:
            op = child if isinstance(child, Token) else None
            right = self.term(next(rest) if op else child)
            kind, pos = (op.type, token_start(op)) if op else ("TIMES", right.start)
            if op and kind in ("PLUS", "MINUS"):
                acc = self._add(op, acc, right)
            elif op and kind == "HADAMARD":
                acc = self._entrywise(op.value, pos, acc, right, r" \circ ")
            elif kind == "KRON":
                acc = self._kron(pos, acc, right, rf"{acc.latex} \otimes {right.latex}")
            elif kind == "DIVIDE":
                acc = self._divide(pos, acc, right)
            else:
                acc = self._times(pos, acc, right)
        return acc

    _hadamard = _product = _sum

    def _add(self, op: Token, left: _Term, right: _Term) -> _Term:
        if left.value.shape != right.value.shape:
            note = " (a scalar is not added to every entry)" * (_scalar(left) or _scalar(right))
            pos = token_start(op)
            raise self._fail(op.value, pos, f"{self._said(left)} and {self._said(right)}"
                             f"; {op.value} needs equal shapes{note}")
        minus = op.type == "MINUS"
        value = left.value - right.value if minus else left.value + right.value
        return self._make(op.value, token_start(op), value, left.scale + right.scale,
                          left.ops + right.ops + 1, f"{left.latex} {'-+'[not minus]} {right.latex}",
                          left.start, right.end)

    def _entrywise(self, what: str, pos: int, left: _Term, right: _Term, joint: str) -> _Term:
        """Hadamard product, or a scaling when one side is 1 × 1."""
        if left.value.shape != right.value.shape and not (_scalar(left) or _scalar(right)):
            raise self._fail(what, pos, f"{self._said(left)} and {self._said(right)}; {what} "
                             "needs equal shapes, or a scalar on one side")
        rows, cols = np.broadcast_shapes(left.value.shape, right.value.shape)
        self._charge(what, pos, rows, cols, rows * cols)
        return self._make(what, pos, left.value * right.value, left.scale * right.scale,
                          left.ops + right.ops + 1, left.latex + joint + right.latex,
                          left.start, right.end)

    def _times(self, pos: int, left: _Term, right: _Term) -> _Term:
        what, joint = "matrix product", r" \cdot " if right.latex[:1].isdigit() else " "
        if _scalar(left) or _scalar(right):
            return self._entrywise(what, pos, left, right, joint)
        (rows, inner), (inner2, cols) = left.value.shape, right.value.shape
        if inner != inner2:
            raise self._fail(what, pos, f"{self._said(left)} and {self._said(right)}: inner sizes "
                             f"{inner:,} and {inner2:,} differ")
        self._charge(what, pos, rows, cols, rows * inner * cols)
        return self._make(what, pos, left.value @ right.value, left.scale @ right.scale,
                          left.ops + right.ops + inner + 1, left.latex + joint + right.latex,
                          left.start, right.end)

    def _kron(self, pos: int, left: _Term, right: _Term, latex: str) -> _Term:
        (r1, c1), (r2, c2) = left.value.shape, right.value.shape
        self._charge("kron", pos, r1 * r2, c1 * c2, r1 * r2 * c1 * c2)
        return self._make("kron", pos, np.kron(left.value, right.value),
                          np.kron(left.scale, right.scale), left.ops + right.ops + 1, latex,
                          left.start, right.end)

    def _divide(self, pos: int, left: _Term, right: _Term) -> _Term:
        if not _scalar(right):
            raise self._fail("/", pos, f"the divisor {self._said(right)}; hadviz divides by a "
                             "scalar only (a number or a 1 × 1)")
        if right.value[0, 0] == 0:
            raise self._fail("/", pos, f"division by zero: the divisor {self._said(right, False)} "
                             "is 0")
        c = np.abs(right.value)
        scale = left.scale / c
        if right.ops:  # a computed divisor: its relative error γ·scale/|c| carries through
            scale = scale + np.abs(left.value) / c * right.scale / c
        return self._make("/", pos, left.value / right.value, scale, left.ops + right.ops + 1,
                          f"{left.latex} / {right.latex}", left.start, right.end)

    def _negation(self, children: list) -> _Term:
        t, signs = self.term(children[-1]), len(children) - 1
        return replace(t, value=(-1.0) ** signs * t.value, latex="-" * signs + t.latex,
                       start=token_start(children[0]))

    def _postfix(self, children: list) -> _Term:
        t = self.term(children[0])
        for i, op in enumerate(children[1:]):
            base = "{" + t.latex + "}" if i else t.latex
            if op.type == "TRANSPOSE":
                t = replace(t, value=t.value.T, scale=t.scale.T, latex=base + "^T")
            else:
                t = self._power(t, op, base)
            t = replace(t, end=token_end(op))
        return t

    def _power(self, t: _Term, op: Token, base: str) -> _Term:
        exponent = op.value.lstrip("^").strip().strip("{}").strip()
        if not re.fullmatch(r"\d", exponent):
            raise self._fail("power", token_start(op), f"^{exponent} is not allowed: the power is "
                             "a whole number 0 to 9, taken entry by entry (no matrix powers or "
                             "inverses)")
        k, (rows, cols) = int(exponent), t.value.shape
        self._charge("power", token_start(op), rows, cols, rows * cols * k)
        value, scale = np.ones_like(t.value), np.ones_like(t.scale)
        for _ in range(k):  # k − 1 rounded products, the bound multiplied through each
            value, scale = value * t.value, scale * t.scale
        return self._make("power", token_start(op), value, scale, k * t.ops + max(k - 1, 0),
                          rf"{base}^{{\circ {k}}}", t.start, token_end(op))

    def _number(self, children: list) -> _Term:
        token = children[0]
        raw = token.value.replace("−", "-")
        x = float(raw)
        if not np.isfinite(x) or 0 < abs(x) < np.finfo(float).tiny:
            raise self._fail(f"the number {raw}", token_start(token), "it is out of the range of "
                             "doubles (about 2.2e-308 to 1.8e308)")
        mantissa, _, exponent = raw.lower().partition("e")
        latex = rf"{mantissa} \cdot 10^{{{int(exponent)}}}" if exponent else mantissa
        return _Term(np.array([[x]]), np.array([[abs(x)]]), 0, latex, token_start(token),
                     token_end(token))

    def _name(self, children: list) -> _Term:
        token = children[0]
        name, pos = token.value, token_start(token)
        if name in self.names.arrays:
            value = self.names.arrays[name]
        else:
            size = self.names.sizes[name]
            self._charge(name, pos, size, size, size)
            value = np.eye(size)
        return _Term(value, np.abs(value), 0, name, pos, token_end(token))

    def _group(self, children: list) -> _Term:
        t = self.term(children[1])
        return replace(t, latex=rf"\left({t.latex}\right)", start=token_start(children[0]),
                       end=token_end(children[2]))

    def _call(self, children: list) -> _Term:
        func, pos, end = children[0].value, token_start(children[0]), token_end(children[-1])
        args = [self.term(c) for c in children if isinstance(c, Tree)]
        if len(args) != 1 + (func == "kron"):
            wanted = "two arguments" if func == "kron" else "one argument"
            raise self._fail(func, pos, f"{func} takes {wanted}; it was given {len(args)}")
        if func == "kron":
            latex = rf"\left({args[0].latex} \otimes {args[1].latex}\right)"
            return replace(self._kron(pos, args[0], args[1], latex), start=pos, end=end)
        (x,) = args
        if func == "Diag":
            if 1 not in x.value.shape:
                raise self._fail("Diag", pos, f"Diag needs a vector; its argument {self._said(x)}")
            self._charge("Diag", pos, x.value.size, x.value.size, x.value.size)
            return _Term(np.diag(x.value.ravel()), np.diag(x.scale.ravel()), x.ops,
                         rf"\mathrm{{Diag}}\left({x.latex}\right)", pos, end)
        rule, latex = _ELEMENTWISE[func]
        value = rule(x.value)
        scale = np.abs(value)
        if x.ops:  # a computed argument: its error passes through, times the Lipschitz bound
            scale = scale * (1.0 + x.scale) if func == "exp" else scale + x.scale
        return self._make(func, pos, value, scale, x.ops + 4, rf"{latex}\left({x.latex}\right)",
                          pos, end)
