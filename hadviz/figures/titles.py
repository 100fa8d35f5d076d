"""Plot text that fits a phone-wide plot: titles broken into lines at phrase boundaries.

A title takes the fewest lines that fit, cut where its phrases end (after ": ", ", ", "; "
or " —", before "(") when it can, between other words when it must, but never inside an
expression ("m × n", "G = …", "a + b") and never between a number and the word it counts
("64 blocks"). Widths count visible characters: ``<sub>`` and other tags are free.
"""

from __future__ import annotations

import re
from itertools import pairwise

__all__ = ["TITLE_LINE_PX", "TITLE_PAD_PX", "TITLE_WIDTH", "breakable", "visible_length",
           "wrap"]

#: Characters of a title line: about 350 px of a phone-wide plot at the title's font size.
TITLE_WIDTH = 40
#: Pixels of one title line (plotly draws titles at 1.4 × the 13 px font, lines 1.3 apart).
TITLE_LINE_PX = 24
#: Space above a title's first line and below its last one, together.
TITLE_PAD_PX = 36
#: Words that bind their neighbours: no line starts or ends next to them.
_GLUE = frozenset("× = + − - ∘ · → ≠ ≈ ≤ ≥ ⊗ – of".split())
_NUMBER = re.compile(r"^[\d.,–−-]*\d$")
_TAG = re.compile(r"<[^>]+>")


def visible_length(text: str) -> int:
    """Characters a reader sees (HTML tags such as ``<sub>`` are not drawn).

    >>> visible_length("∂f<sub>k</sub>/∂W")
    6
    """
    return len(_TAG.sub("", text))


def breakable(before: str, after: str) -> bool:
    """Whether a line may end after the word ``before`` when ``after`` follows.

    >>> breakable("64", "blocks"), breakable("m", "×"), breakable("×", "n"), breakable("W,", "n")
    (False, False, False, True)
    """
    counts = _NUMBER.match(_TAG.sub("", before)) and after[:1].isalpha()
    return not (before in _GLUE or after in _GLUE or counts)


def _cuts(words: list[str]) -> list[int | None]:
    """For each gap before ``words[g]`` (g ≥ 1): 0 where a phrase ends (after ``:``, ``,``,
    ``;`` or ``—``, or before ``(``), 1 between other words, None where no cut is allowed."""
    cuts: list[int | None] = [None]
    for before, word in pairwise(words):
        if not breakable(before, word):
            cuts.append(None)
        elif re.search(r"[:,;—]$", _TAG.sub("", before)) or word.startswith("("):
            cuts.append(0)
        else:
            cuts.append(1)
    return cuts


def wrap(text: str, width: int = TITLE_WIDTH) -> str:
    """Break plot text into lines (``<br>``) of at most ``width`` visible characters: the
    fewest lines, then the fewest cuts inside a phrase, then lines of even length. A run of
    words with no allowed cut longer than ``width`` stays on one line.

    Examples
    --------
    >>> wrap("Compact Jacobian G, m × n like W; J = δ G", 20)
    'Compact Jacobian G,<br>m × n like W;<br>J = δ G'
    >>> wrap("n × mn, 64 blocks of 1 × 64", 12)
    'n × mn,<br>64 blocks of 1 × 64'
    >>> wrap("short")
    'short'
    """
    words = text.split(" ")
    cuts = _cuts(words)
    # best[e]: (lines, cuts inside phrases, slack², start of last line) for words[:e]
    best: list[tuple[int, int, int, int]] = [(0, 0, 0, 0)]
    for end in range(1, len(words) + 1):
        options = []
        for start in range(end):
            if start and cuts[start] is None:
                continue
            length = visible_length(" ".join(words[start:end]))
            lines, inner, slack, _ = best[start]
            over = max(length - width, 0)
            cost = (lines + 1 + 100 * over, inner + (cuts[start] or 0),
                    slack + (width - min(length, width)) ** 2 * (end < len(words)), start)
            options.append(cost)
        best.append(min(options))
    lines_out: list[str] = []
    end = len(words)
    while end:
        start = best[end][3]
        lines_out.append(" ".join(words[start:end]))
        end = start
    return "<br>".join(reversed(lines_out))
