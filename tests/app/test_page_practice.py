"""AppTest: practice (/practice): every exercise right, wrong, malformed and revealed."""

from __future__ import annotations

import pytest

from hadviz.views.practice import KINDS, make_exercise

from .helpers import run_app

PAGE = "pages/practice.py"


def typed(answer) -> str:
    return " x ".join(map(str, answer)) if isinstance(answer, tuple) else str(answer)


def wrong(answer) -> str:
    if isinstance(answer, tuple):
        return " x ".join(str(s + 1) for s in answer)
    if isinstance(answer, str):
        return "baᵀW" if answer == "abᵀW" else "abᵀW"
    return str(float(answer) + 1.0)


def open_exercise(kind: str):
    at = run_app(PAGE, m="3", n="4", seed="5", dist="int")
    at.selectbox(key="hv_practice_kind").set_value(kind).run()
    seed = at.session_state["hv_practice_seed"]
    return at, make_exercise(kind, seed, size=(3, 4))


def answer(at, exercise, text):
    if exercise.kind_of_answer == "choice":
        at.radio(key="hv_practice_choice").set_value(text).run()
    else:
        at.text_input(key="hv_practice_text").set_value(text).run()
    at.button(key="hv_practice_check").click().run()
    assert not at.exception, [e.value for e in at.exception]


def page_text(at) -> str:
    parts = [str(x.value) for x in (*at.markdown, *at.latex, *at.caption)]
    return " ".join(parts)


@pytest.mark.parametrize("kind", list(KINDS))
def test_right_answer_scores(kind):
    at, exercise = open_exercise(kind)
    answer(at, exercise, typed(exercise.answer))
    assert at.success and at.success[-1].value == "Right."
    assert at.caption[-1].value == "Score this session: 1 of 1 answered right."


@pytest.mark.parametrize("kind", list(KINDS))
def test_wrong_answer_is_told_and_counted(kind):
    at, exercise = open_exercise(kind)
    answer(at, exercise, wrong(exercise.answer))
    assert at.error and "Try again, or reveal the answer." in at.error[-1].value
    assert at.caption[-1].value == "Score this session: 0 of 1 answered right."


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "dropped"])
@pytest.mark.parametrize("text", ["", "   ", "abc", "1e999", "½"])
def test_malformed_answers_get_a_hint_not_a_score(kind, text):
    at, exercise = open_exercise(kind)
    answer(at, exercise, text)
    assert at.warning, (kind, text)
    assert at.caption[-1].value == "Score this session: 0 of 0 answered right."


def test_unanswered_choice_gets_a_hint():
    at, _ = open_exercise("dropped")
    at.button(key="hv_practice_check").click().run()
    assert at.warning and "Type an answer first" in at.warning[-1].value


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
