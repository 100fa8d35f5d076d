"""AppTest: practice (/practice): every exercise right, wrong, malformed and revealed; the score
counts exercises, not clicks; on the user's own problem only answerable questions are posed."""

from __future__ import annotations

import re

import numpy as np
import pytest

from hadviz.problem import Problem, random_problem
from hadviz.views.practice import KINDS, make_exercise
from tests.problems import CORPUS, query

from .helpers import run_app

PAGE = "pages/practice.py"
E_NOTATION = re.compile(r"(?<![\w.])[-−]?\d+(\.\d+)?e[+-]?\d+\b")


def typed(answer) -> str:
    return " x ".join(map(str, answer)) if isinstance(answer, tuple) else str(answer)


def open_exercise(kind: str, **params: str):
    params = params or {"m": "3", "n": "4", "seed": "5", "dist": "int"}
    at = run_app(PAGE, **params)
    at.selectbox(key="hv_practice_kind").set_value(kind).run()
    return at, make_exercise(kind, at.session_state["hv_practice_seed"], size=(3, 4))


def answer(at, exercise, text, check: bool = True):
    if exercise.kind_of_answer == "choice":
        at.radio(key="hv_practice_choice").set_value(text).run()
    else:
        at.text_input(key="hv_practice_text").set_value(text).run()
    if check:
        at.button(key="hv_practice_check").click().run()
    assert not at.exception, [e.value for e in at.exception]


def score(at) -> str:
    return at.caption[-1].value.split(" right at")[0]


def page_text(at) -> str:
    parts = [str(x.value) for x in (*at.markdown, *at.latex, *at.caption, *at.info)]
    return " ".join(parts)


@pytest.mark.parametrize("kind", list(KINDS))
def test_right_answer_scores(kind):
    at, exercise = open_exercise(kind)
    answer(at, exercise, typed(exercise.answer))
    assert at.success and at.success[-1].value == "Right."
    assert score(at) == "Score this session: 1 of 1 exercise"


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_named_mistake_is_told_and_counted(kind):
    at, exercise = open_exercise(kind)
    mistake, meaning = exercise.mistakes[0]
    answer(at, exercise, typed(mistake))
    told = f"Not quite: {meaning}. Try again, or reveal the answer."
    assert at.error and at.error[-1].value == told
    assert score(at) == "Score this session: 0 of 1 exercise"


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "dropped"])
@pytest.mark.parametrize("text", ["", "   ", "abc", "1e999", "½"])
def test_malformed_answers_get_a_hint_not_a_score(kind, text):
    at, exercise = open_exercise(kind)
    answer(at, exercise, text)
    assert at.warning, (kind, text)
    assert score(at) == "Score this session: 0 of 0 exercises"


def test_unanswered_choice_gets_a_hint():
    at, _ = open_exercise("dropped")
    at.button(key="hv_practice_check").click().run()
    assert at.warning and "Choose an answer first" in at.warning[-1].value


def test_an_exercise_counts_once_by_its_first_answer():
    # issue: three clicks on one right answer gave "3 of 3"
    at, exercise = open_exercise("entry")
    answer(at, exercise, typed(exercise.answer))
    for _ in range(2):
        at.button(key="hv_practice_check").click().run()
    assert score(at) == "Score this session: 1 of 1 exercise"
    answer(at, exercise, typed(exercise.mistakes[0][0]))  # a wrong second try changes nothing
    assert score(at) == "Score this session: 1 of 1 exercise"
    at.button(key="hv_practice_new").click().run()
    second = make_exercise("entry", at.session_state["hv_practice_seed"], size=(3, 4))
    answer(at, second, typed(second.mistakes[0][0]))
    answer(at, second, typed(second.answer))  # right at the second try: not counted right
    assert score(at) == "Score this session: 1 of 2 exercises"
    assert "counts once, by its first checked answer" in at.caption[-1].value


def test_an_exercise_revealed_first_does_not_count():
    at, exercise = open_exercise("a_equals_b")
    at.button(key="hv_practice_reveal").click().run()
    answer(at, exercise, typed(exercise.answer))
    assert at.success and score(at) == "Score this session: 0 of 0 exercises"


@pytest.mark.parametrize("kind", ["entry", "a_equals_b", "tanh", "slices", "shape"])
def test_the_grading_rule_is_next_to_the_answer_box(kind):
    at, exercise = open_exercise(kind)
    rule = at.text_input(key="hv_practice_text").help
    assert rule == exercise.rule and rule
    if exercise.kind_of_answer == "number":
        assert "0.5 % of S" in rule and "|aᵢ|" in rule and "0.005" not in rule


@pytest.mark.parametrize("kind", list(KINDS))
def test_answer_only_on_the_page_after_reveal_and_never_in_the_url(kind):
    at, exercise = open_exercise(kind)
    assert exercise.answer_latex not in page_text(at)
    assert not any("practice" in key or "answer" in key for key in at.query_params)
    at.button(key="hv_practice_reveal").click().run()
    assert exercise.answer_latex in page_text(at)
    links = [el.proto for el in at.get("page_link") if el.proto.label.startswith("Explained")]
    assert links and exercise.explained_by[1] in links[0].label


def test_new_exercise_on_demand_and_own_problem():
    at, first = open_exercise("entry")
    at.button(key="hv_practice_new").click().run()
    assert at.session_state["hv_practice_seed"] != 1 or make_exercise(
        "entry", at.session_state["hv_practice_seed"], size=(3, 4)) != first
    at.toggle(key="hv_practice_own").set_value(True).run()
    assert "W = \\begin{bmatrix}" in page_text(at) and not at.exception


def own_exercise(problem: Problem, kind: str):
    at = run_app(PAGE, **query(problem))
    at.toggle(key="hv_practice_own").set_value(True).run()
    at.selectbox(key="hv_practice_kind").set_value(kind).run()
    return at, make_exercise(kind, at.session_state["hv_practice_seed"], problem)


@pytest.mark.parametrize(("name", "kind", "why"), [
    ("a=0", "slices", "a = 0"), ("a=b", "dropped", "a ∥ b"), ("1x4", "dropped", "m = 1"),
    ("W=0", "tanh", "f = 0"), ("b=0", "entry", "b = 0"), ("4x1", "slices", "one column"),
])
def test_own_problem_without_an_answer_is_replaced_and_says_why(name, kind, why):
    # issue: a = 0 asked "which column has the non-zero entries" (none), and "2" was right
    at, exercise = own_exercise(CORPUS[name], kind)
    assert at.info and why in at.info[0].value and "fresh problem" in at.info[0].value
    assert exercise.problem != CORPUS[name]
    answer(at, exercise, typed(exercise.answer))
    assert at.success and score(at) == "Score this session: 1 of 1 exercise"


@pytest.mark.parametrize("kind", ["entry", "a_equals_b", "tanh", "dropped"])
def test_own_8x8_problem_shows_every_number_the_question_needs(kind):
    # issue: at 8 × 8 it asked for an entry whose inputs were elided with ⋯
    p = random_problem(8, 8, seed=3, dist="int")
    at, exercise = own_exercise(p, kind)
    assert not at.info, "an 8 × 8 problem can carry every kind"
    shown = " ".join(el.value for el in at.latex)
    assert r"\cdots" not in shown and r"\vdots" not in shown
    k = exercise.at[2] if exercise.at else int(re.search(r"w_\{(\d+)\}", shown)[1]) - 1
    entries = re.findall(rf"w_\{{{k + 1}\}} = \\begin\{{bmatrix\}} (.*?) \\end", shown)[0]
    column = np.array(entries.split(r" \\ "), dtype=float)
    assert np.allclose(column, exercise.problem.W[:, k], rtol=1e-5)


def test_no_e_notation_and_plurals_agree_on_the_page():
    for name in ("tiny", "huge", "1x1"):
        for kind in KINDS:
            at, _ = own_exercise(CORPUS[name], kind)
            at.button(key="hv_practice_reveal").click().run()
            text = page_text(at) + " ".join(str(w.value) for w in at.warning)
            assert not E_NOTATION.search(text), (name, kind, E_NOTATION.search(text))
            assert not re.search(r"(?<![\d.])1 (exercises|entries|slices|columns)\b", text)


# --- every model: its own kinds, graded against its own numbers -------------------------------

from hadviz.models import MODELS  # noqa: E402
from tests.problems import SHORT_FAMILY, family_corpus  # noqa: E402


def model_exercise(kind: str, fn: str, p: str = "1"):
    at = run_app(PAGE, fn=fn, p=p, m="3", n="4", seed="5", dist="int")
    at.selectbox(key="hv_practice_kind").set_value(kind).run()
    return at, make_exercise(kind, at.session_state["hv_practice_seed"], size=(3, 4), fn=fn,
                             p=int(p))


@pytest.mark.parametrize(("fn", "p"), [("tanh", "1"), ("gated", "1"), ("matrix", "3"),
                                       ("matrix", "1")])
def test_each_model_offers_its_own_kinds_graded_right_and_wrong(fn, p):
    at = run_app(PAGE, fn=fn, p=p, m="3", n="4", seed="5", dist="int")
    assert tuple(at.selectbox(key="hv_practice_kind").options) == tuple(
        KINDS[k] for k in MODELS[fn].practice_kinds)
    for kind in MODELS[fn].practice_kinds:
        at, exercise = model_exercise(kind, fn, p)
        assert exercise.problem.fn == ("tanh" if kind == "tanh" else fn)
        assert MODELS[fn].latex in " ".join(m.value for m in at.markdown)
        mistake, meaning = exercise.mistakes[0]
        answer(at, exercise, typed(mistake))
        assert at.error[-1].value == f"Not quite: {meaning}. Try again, or reveal the answer."
        answer(at, exercise, typed(exercise.answer))
        assert at.success and at.success[-1].value == "Right."
        assert score(at) == "Score this session: 0 of 1 exercise"


def test_a_kind_of_another_model_falls_back_to_the_first_of_this_one():
    at = run_app(PAGE, m="3", n="4", seed="5", dist="int")
    at.selectbox(key="hv_practice_kind").set_value("dropped").run()
    at.query_params["fn"] = "matrix"
    at.query_params["p"] = "2"
    at.run()
    assert not at.exception
    assert at.selectbox(key="hv_practice_kind").value == MODELS["matrix"].practice_kinds[0]


@pytest.mark.parametrize("name", SHORT_FAMILY)
def test_own_corpus_problem_exercises_are_the_models(name):
    problem = family_corpus()[name]
    for kind in ("slices", "entry") if "entry" in problem.model.practice_kinds else ("slices",
                                                                                      "tanh"):
        at, exercise = own_exercise(problem, kind)
        assert exercise.problem.fn in (problem.fn, "tanh")
        if not exercise.note:
            assert exercise.problem.W.shape == problem.W.shape
        answer(at, exercise, typed(exercise.answer))
        assert at.success and at.success[-1].value == "Right."
