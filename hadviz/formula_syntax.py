r"""The formula grammar: text to a tree, with every error in words and a position.

The grammar of :mod:`hadviz.formula` (tightest first: transposes, powers and calls; unary
minus; matrix product by ``@``, ``·``, juxtaposition, ``⊗`` and ``/``; Hadamard ``∘ ⊙ *``;
``+ -``) is read by a LALR parser (:mod:`lark`), built once. Names are resolved against the
caller's symbols before the parser sees them, so a run of one-letter symbols such as
``2abᵀW`` is split into factors and an unknown name is refused by name. Parentheses are
counted before parsing (at most 30 deep), so no input can exhaust the parser's stack.
Nothing typed is ever run as code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput
from numpy.typing import NDArray

__all__ = [
    "FUNCTIONS",
    "MAX_FORMULA_CHARS",
    "FormulaError",
    "Names",
    "check_brackets",
    "grammar_markdown",
    "parse",
    "token_end",
    "token_start",
]

MAX_FORMULA_CHARS = 500
_MAX_DEPTH = 30

_GRAMMAR = r"""
?sum: hadamard ((PLUS | MINUS) hadamard)*
?hadamard: product (HADAMARD product)*
?product: unary ((TIMES | KRON | DIVIDE) unary | postfix)*
?unary: postfix | MINUS+ postfix -> negation
?postfix: atom (TRANSPOSE | POWER)*
?atom: NUMBER -> number
     | NAME -> name
     | FUNC LPAR sum (COMMA sum)* RPAR -> call
     | LPAR sum RPAR -> group
NUMBER: /(\d+(\.\d*)?|\.\d+)([eE][+\-−]?\d+)?/
NAME: /[A-Za-z]+(_([A-Za-z0-9]|\{[A-Za-z0-9]+\}))?|σ/
TRANSPOSE.2: /\^\s*(T|\{\s*T\s*\})|ᵀ|'|\.T/
POWER: /\^\s*(\{[^}]*\}|[+\-−]?[\d.]+)/
PLUS: "+"
MINUS: /[-−]/
TIMES: /[@·⋅]/
KRON: "⊗"
DIVIDE: "/"
HADAMARD: /[∘⊙*]/
LPAR: "("
RPAR: ")"
COMMA: ","
WS: /\s+/
%declare FUNC
%ignore WS
"""
_PARSER = Lark(_GRAMMAR, start="sum", parser="lalr", lexer="basic")

FUNCTIONS = {"Diag": "Diag", "diag": "Diag", "kron": "kron", "tanh": "tanh", "sech": "sech",
              "sigma": "sigma", "σ": "sigma", "exp": "exp"}
_CHAR_HINTS = {
    "^": "after ^ write T or {T} (transpose) or a whole number 0 to 9 (entry-by-entry power)",
    ".": "write .T for a transpose and 0.5 for a number",
    **dict.fromkeys("[]{}", "group with ( ) only"),
}


class FormulaError(ValueError):
    """A formula that cannot be read or evaluated; ``str(exc)`` is one line for the page."""



def grammar_markdown(names: Sequence[str]) -> str:
    """A Markdown table of the grammar, its examples written in ``names``.

    Examples
    --------
    >>> print(grammar_markdown(["W", "a", "b"]).splitlines()[2])
    | Symbols | `W`, `a`, `b`; vectors are columns | `a^T W` |
    """
    X = "W" if "W" in names or not names else names[0]
    v, u = ([n for n in names if n != X] + ["a", "b"])[:2]
    vectors = v.islower() and u.islower()  # vectors a, b (the question) or matrices A, B
    pair = f"{v}{u}ᵀ{X}" if vectors and len(v + u) == 2 else f"{v} {u}^T {X}"
    rows = [
        ("Symbols", ", ".join(f"`{n}`" for n in names) + "; vectors are columns", f"`{v}^T {X}`"),
        ("Identities", "`I_m`, `I_n`" + ", `I_p`" * ("A" in names) + "; also `I_{n}`",
         f"`kron(I_n, {v}^T)`"),
        ("Numbers", "`2`, `-1.5`, `1e-3`, `2.5E+2`", f"`{X} / 2`"),
        ("Transpose", "`^T`, `ᵀ`, `'`, `.T`, `^{T}`; may repeat", f"`{v}ᵀ{X}`, `{v}'{X}`"),
        ("Power", "`^2`, `^{2}`: each entry to a whole power 0 to 9 (no matrix powers)",
         f"`{X}^2`"),
        ("Functions", "`Diag(v)` (vector to diagonal matrix), `kron(X, Y)`; entry by entry "
         "`tanh`, `sech`, `sigma` (`σ`), `exp`", f"`tanh({X})`, `sigma({v}^T {X})`"),
        ("Matrix product", "`@`, `·` or nothing between factors; `⊗` Kronecker; `/` by a "
         "scalar; a scalar times anything scales it", f"`2 {pair}`" if vectors else
         f"`{v}^T {X}`, `{v} @ {u}^T`"),
        ("Hadamard product", "`∘`, `⊙`, `*`: equal shapes, or a scalar on one side",
         f"`{v}^T {X} ∘ {u}^T {X}`"),
        ("Sum", "`+`, `-`: equal shapes only", f"`{v}^T {X} + {u}^T {X}`"),
    ]
    table = ["| Write | As | Example |", "|---|---|---|"]
    return "\n".join(table + [f"| {a} | {b} | {c} |" for a, b, c in rows]) + (
        "\n\nTightest first: transpose, power and function calls; unary minus; matrix product "
        "(`@ ·` juxtaposition `⊗ /`, left to right); Hadamard (`∘ ⊙ *`); `+ -`. So "
        f"`{v}^T {X} ∘ {u}^T {X}` is ({v}ᵀ{X}) ∘ ({u}ᵀ{X}). Letters run together are one-letter "
        "symbols when the run is not a name. Parentheses nest at most 30 deep."
    )


def check_brackets(text: str) -> None:
    """Refuse unbalanced or too deeply nested parentheses before the parser sees them."""
    opened: list[int] = []
    for pos, char in enumerate(text, start=1):
        if char == "(":
            opened.append(pos)
            if len(opened) > _MAX_DEPTH:
                raise FormulaError(f"parentheses nest more than {_MAX_DEPTH} deep at character "
                                   f"{pos}")
        elif char == ")" and not opened:
            raise FormulaError(f"unbalanced parentheses: ')' at character {pos} closes nothing")
        elif char == ")":
            opened.pop()
    if opened:
        raise FormulaError(f"unbalanced parentheses: '(' at character {opened[-1]} is not closed")


class Names:
    """The symbols (2-D arrays) and identity sizes of one evaluation; resolves NAME tokens."""

    def __init__(self, symbols: Mapping[str, NDArray]) -> None:
        self.arrays = {name: _matrix(name, x) for name, x in symbols.items()}
        W, A = (np.asarray(symbols.get(k, 0.0)) for k in "WA")
        self.sizes = dict(zip(("I_m", "I_n"), W.shape, strict=True)) if W.ndim == 2 else {}
        if A.ndim == 2:
            self.sizes["I_p"] = A.shape[1]
        self.listing = (f"the symbols here are {', '.join(self.arrays)}; identities "
                        f"{', '.join(self.sizes) or 'none'}; functions Diag, kron, tanh, sech, "
                        "sigma, exp")

    def resolve(self, token: Token) -> list[Token]:
        """``token`` as FUNC or NAME tokens, a run of one-letter symbols split up."""
        word = token.value
        if token.type != "NAME":
            return [token]
        if word in FUNCTIONS:
            return [Token.new_borrow_pos("FUNC", FUNCTIONS[word], token)]
        if _identity(word) in self.arrays or _identity(word) in self.sizes:
            return [Token.new_borrow_pos("NAME", _identity(word), token)]
        if word == "I":
            raise FormulaError(f"I at character {token_start(token) + 1} needs its size: write "
                               f"{' or '.join(self.sizes) or 'I_m or I_n'}")
        pos = token_start(token)
        for cut in range(1, len(word) + 1):
            head, tail = word[:cut], word[cut:]
            if all(c in self.arrays for c in head) and (not tail or _identity(tail) in self.sizes):
                pieces = [Token("NAME", c, start_pos=pos + i, end_pos=pos + i + 1)
                          for i, c in enumerate(head)]
                tails = [Token("NAME", _identity(tail), start_pos=pos + cut,
                               end_pos=token_end(token))]
                return pieces + tails * bool(tail)
        glued = next((f for f in FUNCTIONS if word.endswith(f) and len(f) > 1), None)
        hint = f"write a space between {word[: -len(glued)]} and {glued}; " if glued else ""
        raise FormulaError(f"unknown name '{word}' at character {pos + 1}: {hint}{self.listing}")


def token_start(token: Token) -> int:
    return token.start_pos or 0


def token_end(token: Token) -> int:
    return token.end_pos or 0


def _identity(word: str) -> str:
    return re.sub(r"_\{(\w+)\}$", r"_\1", word)


def parse(text: str, names: Names) -> Tree:
    """The tree of ``text``; lark's errors become messages with a position and words."""
    fed: list[Token] = []
    try:
        parser = _PARSER.parse_interactive()
        for token in _PARSER.lex(text):
            for piece in names.resolve(token):
                fed.append(piece)
                parser.feed_token(piece)
        fed.append(Token("$END", "", start_pos=len(text.rstrip()), end_pos=len(text)))
        return parser.feed_eof(fed[-1])
    except UnexpectedCharacters as exc:
        hint = _CHAR_HINTS.get(exc.char, f"{names.listing}; operators + − @ · ⊗ / ∘ ⊙ * ^T ' ^2")
        raise FormulaError(f"unexpected character '{exc.char}' at character "
                           f"{(exc.pos_in_stream or 0) + 1}: {hint}") from None
    except UnexpectedInput:
        replay = _PARSER.parse_interactive()
        for token in fed[:-1]:
            replay.feed_token(token)
        raise FormulaError(_token_message(text, fed[-1], replay.accepts())) from None


def _token_message(text: str, token: Token, accepted: set[str]) -> str:
    """Lark's expected terminals in words: "expected an operator, a factor or the end"."""
    if accepted == {"LPAR"}:
        words = ["( after the function name"]
    elif accepted & {"PLUS", "HADAMARD", "TIMES"}:
        words = ["an operator", "a factor"]
    else:
        words = ["a symbol, a number, a function or ("]
    words += [w for t, w in (("RPAR", ")"), ("COMMA", ","), ("$END", "the end")) if t in accepted]
    expected = ", ".join(words[:-1]) + " or " * (len(words) > 1) + words[-1]
    if token.type == "$END":
        return f"the formula stops short at character {token_start(token) + 1}: expected {expected}"
    seen = text[token_start(token) : token_end(token)]
    return f"unexpected '{seen}' at character {token_start(token) + 1}: expected {expected}"

def _matrix(name: str, x: NDArray) -> NDArray:
    x = np.array(x, dtype=float)  # a copy: the caller's arrays never leave in a result
    if x.ndim > 2:
        raise FormulaError(f"the symbol {name} has {x.ndim} axes; formulas take vectors, matrices")
    return x.reshape(-1, 1) if x.ndim < 2 else x
