"""Grading a typed practice answer: numbers, shapes and choices, and the mistakes they match.

A number is right within :data:`RELATIVE` of max(S, |answer|), S the exercise's scale (the sum
of the sizes of the terms that make the answer); a shape is right when its sizes are; a typed
text that is not an answer gets a hint, never a grade. A wrong answer that equals one of the
exercise's named mistakes is told which mistake it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from hadviz.exercise import RELATIVE, Exercise, Value
from hadviz.latex import plural

__all__ = ["RELATIVE", "Feedback", "Score", "check_answer"]

#: Sizes separated by x, ×, * or commas, optionally in brackets: "3 x 4", "(3, 4, 3)".
_SHAPE = re.compile(r"[(\[]?\s*\d+(\s*[x×*,]\s*\d+)*\s*,?\s*[)\]]?")
_FLOAT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


@dataclass(frozen=True)
class Feedback:
    """``correct`` is None when the text is not an answer (then ``message`` is a hint)."""

    correct: bool | None
    message: str


def _number(text: str) -> float | None:
    """A typed number: 2.5, −2.5, 2,5 (a decimal comma), 6.7e-8."""
    cleaned = text.replace("−", "-").replace(" ", "")
    if cleaned.count(",") == 1 and "." not in cleaned:  # a decimal comma
        cleaned = cleaned.replace(",", ".")
    value = float(cleaned) if _FLOAT.fullmatch(cleaned) else None
    return value if value is not None and np.isfinite(value) else None


def check_answer(exercise: Exercise, text: str | None) -> Feedback:
    """Judge typed ``text`` (or a chosen option) against the exercise's answer; never raises.
    A wrong answer that is one of the exercise's mistakes is told what it is.

    Examples
    --------
    >>> from hadviz.views.practice import make_exercise
    >>> ex = make_exercise("a_equals_b", seed=1)
    >>> check_answer(ex, str(ex.answer)).correct, check_answer(ex, str(ex.answer / 2)).message
    (True, 'Not quite: that is aaᵀW, without the factor 2.')
    """
    kind, text = exercise.kind_of_answer, str(text or "").strip()
    if not text:
        return Feedback(None, ("Choose" if kind == "choice" else "Type")
                        + " an answer first (or reveal it).")
    if kind == "shape" and not _SHAPE.fullmatch(text):
        return Feedback(None, "A shape is a list of sizes, like 3 x 4 x 3.")
    given = (text if kind == "choice" else tuple(int(x) for x in re.findall(r"\d+", text))
             if kind == "shape" else _number(text))
    if given is None:
        return Feedback(None, f"“{text[:20]}” is not a number; type it like -2.5, 12 or 6.7e-8.")

    def same(target: Value) -> bool:
        if kind == "number" and isinstance(given, float) and isinstance(target, float):
            return abs(given - target) <= RELATIVE * max(exercise.scale, abs(target))
        return given == target

    meaning = next((m for mistake, m in exercise.mistakes if same(mistake)), "")
    return (Feedback(True, "Right.") if same(exercise.answer) else
            Feedback(False, f"Not quite: {meaning}.") if meaning else
            Feedback(False, "Not this shape: count the indices, and which comes first."
                     if kind == "shape" else "Not quite."))


@dataclass(frozen=True)
class Score:
    """The session's tally: exercises right at their first checked answer, of those answered.

    Each exercise counts once, by its first event: a checked answer (right or wrong) or a
    reveal (which counts as neither). ``last`` is the exercise counted last.

    Examples
    --------
    >>> from hadviz.views.practice import make_exercise
    >>> ex = make_exercise("entry", 0)
    >>> s = Score().after(ex, True).after(ex, False)
    >>> s.right, s.answered, s.text().split(" right")[0]
    (1, 1, 'Score this session: 1 of 1 exercise')
    """

    right: int = 0
    answered: int = 0
    last: Exercise | None = None

    def after(self, exercise: Exercise, correct: bool | None) -> Score:
        """The score once ``exercise`` got its answer (``correct`` None: revealed first)."""
        if self.last == exercise:
            return self
        if correct is None:
            return replace(self, last=exercise)
        return Score(self.right + int(correct), self.answered + 1, exercise)

    def text(self) -> str:
        return (f"Score this session: {self.right} of "
                f"{plural(self.answered, 'exercise', 'exercises')} right at the first answer. "
                "Each exercise counts once, by its first checked answer; one revealed before it "
                "is answered does not count.")
