"""Take-home files: each read back, compiled or run, and checked against hadviz, per model.

The NumPy script and the notebook are run for every model of the family (their own checks
must pass, and their F and J must be the model's); the PyTorch script is compiled (torch is
not a dependency) and run where torch is installed.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import nbformat
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hadviz import exports, jacobian, jacobian_compact, random_problem
from hadviz.checks import magnitudes
from hadviz.models import MODELS
from hadviz.problem import Problem

from .problems import SHORT_FAMILY, family_corpus
from .strategies import accepted_problems
from .test_checks import as_model

PROBLEMS = [random_problem(1, 1, 0, "int"), random_problem(1, 4, 1, "normal"),
            random_problem(4, 1, 2, "uniform"), random_problem(3, 5, 3, "int"),
            Problem(np.array([[1e-60, 0.0], [3e5, -1e6]]), np.array([1e6, 0.0]),
                    np.array([-1e-60, 2.0]))]


@pytest.mark.parametrize("p", PROBLEMS, ids=lambda p: f"{p.m}x{p.n}")
def test_csv_and_npy_read_back_exactly(p):
    G, J = jacobian_compact(p.W, p.a, p.b), jacobian(p.W, p.a, p.b)
    rows = list(csv.reader(io.StringIO(exports.g_csv(G))))
    assert rows[0] == ["i"] + [f"k={k}" for k in range(1, p.n + 1)]
    assert [int(r[0]) for r in rows[1:]] == list(range(1, p.m + 1))
    np.testing.assert_array_equal(np.array([[float(x) for x in r[1:]] for r in rows[1:]]), G)
    long = list(csv.reader(io.StringIO(exports.j_csv(J))))
    assert long[0] == ["k", "i", "j", "dfk_dWij"] and len(long) == 1 + J.size
    rebuilt = np.zeros_like(J)
    for k, i, j, value in long[1:]:
        rebuilt[int(k) - 1, int(i) - 1, int(j) - 1] = float(value)
    np.testing.assert_array_equal(rebuilt, J)
    np.testing.assert_array_equal(np.load(io.BytesIO(exports.npy(J))), J)
    assert np.load(io.BytesIO(exports.npy(G))).shape == (p.m, p.n)


@pytest.mark.parametrize("p,kij", [(random_problem(1, 1, 0, "int"), (0, 0, 0)),
                                   (random_problem(2, 3, 0, "int"), (1, 0, 1)),
                                   (random_problem(3, 2, 4, "normal"), (0, 2, 1)),
                                   (random_problem(64, 64, 1, "normal"), (63, 63, 63)),
                                   (PROBLEMS[-1], (1, 1, 1))],
                         ids=["1x1", "2x3", "3x2-normal", "64x64", "2x2-extreme-scales"])
def test_derivation_tex_compiles_with_pdflatex(tmp_path, p, kij):
    pdflatex = shutil.which("pdflatex")
    assert pdflatex, "pdflatex is missing: apt-get install -y texlive-latex-base (.ci/run does)"
    (tmp_path / "d.tex").write_text(exports.derivation_tex(p, *kij), encoding="utf-8")
    run = subprocess.run([pdflatex, "-interaction=nonstopmode", "-halt-on-error", "d.tex"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    log = (tmp_path / "d.log").read_text(errors="replace")
    assert run.returncode == 0, log[-3000:]
    assert (tmp_path / "d.pdf").stat().st_size > 1000
    assert "Overfull \\hbox" not in log  # every display fits the page
    tex = (tmp_path / "d.tex").read_text()
    k, i, j = kij
    assert "Step 6 of 6" in tex and rf"\partial f_{{{k + 1}}}/\partial W_{{{i + 1},{j + 1}}}" in tex
    assert "NOT confirmed" not in tex


@pytest.mark.parametrize("fn,p,kijr,steps", [
    ("tanh", 1, (1, 0, 1, 0), 7), ("gated", 1, (2, 1, 2, 0), 7), ("matrix", 3, (1, 0, 1, 2), 6),
    ("matrix", 1, (0, 1, 0, 0), 6), ("matrix", 8, (0, 0, 0, 7), 6)],
    ids=["tanh", "gated", "matrix-p3", "matrix-p1", "matrix-p8"])
def test_derivation_tex_of_every_model_compiles_with_its_own_steps(tmp_path, fn, p, kijr,
                                                                   steps):
    problem = random_problem(2, 3, 0, "int", fn=fn, p=p)
    k, i, j, r = kijr
    tex = exports.derivation_tex(problem, k, i, j, r)
    assert f"Step {steps} of {steps}" in tex and f"Step {steps + 1} " not in tex
    assert problem.model.latex in tex, "the title names the chosen function"
    entry = (rf"\partial F_{{{r + 1},{k + 1}}}" if fn == "matrix" else
             rf"\partial {problem.model.latex[0]}_{{{k + 1}}}")
    assert entry + rf"/\partial W_{{{i + 1},{j + 1}}}" in tex
    J = problem.model.jacobian(problem.W, *problem.arrays)
    want = J[r, k, i, j] if fn == "matrix" else J[k, i, j]
    assert f"= {exports.tex.number(float(want), 10)}$." in tex, "the model's own value"
    assert "NOT confirmed" not in tex
    pdflatex = shutil.which("pdflatex")
    assert pdflatex, "pdflatex is missing: apt-get install -y texlive-latex-base (.ci/run does)"
    (tmp_path / "d.tex").write_text(tex, encoding="utf-8")
    run = subprocess.run([pdflatex, "-interaction=nonstopmode", "-halt-on-error", "d.tex"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    log = (tmp_path / "d.log").read_text(errors="replace")
    assert run.returncode == 0, log[-3000:]
    assert "Overfull \\hbox" not in log


def _run(code: str) -> dict:
    scope: dict = {}
    exec(compile(code, "<snippet>", "exec"), scope)
    return scope


def check_snippet(p: Problem, capsys) -> None:
    """Run the model's NumPy script: its checks pass, and its F, C, J are the model's."""
    code = exports.numpy_snippet(p)
    with np.errstate(over="raise", invalid="raise"):  # no inf or nan hides in a passing script
        scope = _run(code)
    np.testing.assert_array_equal(scope["W"], p.W)
    for name, x in p.params.items():
        np.testing.assert_array_equal(scope[name], x)
    tol = 1e-13 * float(magnitudes(p).G.max(initial=0.0))
    C = p.model.compact(p.W, *p.arrays)
    J = p.model.jacobian(p.W, *p.arrays)
    assert scope["C"].shape == C.shape and scope["J"].shape == J.shape
    np.testing.assert_allclose(scope["C"], C, rtol=1e-13, atol=tol, err_msg=p.fn)
    np.testing.assert_allclose(scope["J"], J, rtol=1e-13, atol=tol, err_msg=p.fn)
    np.testing.assert_allclose(scope["f"](p.W), p.model.f(p.W, *p.arrays), rtol=1e-14,
                               atol=1e-14 * float(magnitudes(p).f.max(initial=0.0)),
                               err_msg=p.fn)
    out = capsys.readouterr().out
    assert "gradient check passed" in out and "the VJP equals C contracted with g" in out


@pytest.mark.parametrize("p", PROBLEMS, ids=lambda p: f"{p.m}x{p.n}")
def test_numpy_snippet_runs_and_agrees(p, capsys):
    check_snippet(p, capsys)
    scope = _run(exports.numpy_snippet(p))
    np.testing.assert_allclose(scope["C"], jacobian_compact(p.W, p.a, p.b), rtol=1e-14)
    np.testing.assert_allclose(scope["J"], jacobian(p.W, p.a, p.b), rtol=1e-14)


@pytest.mark.parametrize("name", list(family_corpus()))
def test_numpy_snippet_of_every_model_runs_and_agrees(name, capsys):
    p = family_corpus()[name]
    code = exports.numpy_snippet(p)
    check = "central differences" if p.model.quadratic else "the complex step"
    assert f"Gradient check by {check}" in code
    check_snippet(p, capsys)


@settings(max_examples=40, deadline=None)
@given(accepted_problems(), st.sampled_from(list(MODELS)))
def test_numpy_snippet_checks_hold_on_accepted_problems(p, fn):
    with np.errstate(over="ignore"):  # tanh and σ of 10¹² are fine, their e^x overflows
        _run(exports.numpy_snippet(as_model(p, fn)))  # raises AssertionError if a check fails


#: For each model, a slip in its compact Jacobian that its script must catch.
SLIPS = {
    "hadamard": ("np.outer(a, b) + np.outer(b, a)", "2 * np.outer(a, b)"),
    "tanh": ("(4 * z / (1 + z) ** 2)", "(4 * z / (1 + z))"),
    "gated": ("s * (1 - s) * v", "s * v"),
    "matrix": ("B[:, :, None] * U[None]", "B[:, :, None] * V[None]"),
}


@pytest.mark.parametrize("fn", list(MODELS))
def test_numpy_snippet_catches_a_wrong_derivative(fn):
    code = exports.numpy_snippet(random_problem(3, 4, 0, "int", fn=fn, p=2))
    right, wrong = SLIPS[fn]
    broken = code.replace(right, wrong)
    assert broken != code, (fn, right)
    with pytest.raises(AssertionError):
        _run(broken)


@pytest.mark.parametrize("fn", list(MODELS))
def test_compact_csv_and_long_j_read_back_for_every_model(fn):
    p = random_problem(3, 4, 1, "normal", fn=fn, p=2)
    C, J = p.model.compact(p.W, *p.arrays), p.model.jacobian(p.W, *p.arrays)
    rows = list(csv.reader(io.StringIO(exports.g_csv(C))))
    lead = C.ndim - 1
    assert rows[0][:lead] == ["i", "r"][:lead] and len(rows) == 1 + C.size // p.n
    rebuilt = np.zeros_like(C)
    for r in rows[1:]:
        rebuilt[tuple(int(x) - 1 for x in r[:lead])] = [float(x) for x in r[lead:]]
    np.testing.assert_array_equal(rebuilt, C)
    long = list(csv.reader(io.StringIO(exports.j_csv(J))))
    assert len(long) == 1 + J.size and len(long[0]) == J.ndim + 1
    back = np.zeros_like(J)
    for r in long[1:]:
        back[tuple(int(x) - 1 for x in r[:-1])] = float(r[-1])
    np.testing.assert_array_equal(back, J)


TORCH_PROBLEMS = PROBLEMS[:2] + PROBLEMS[-1:] + [family_corpus()[k] for k in SHORT_FAMILY]


@pytest.mark.parametrize("p", TORCH_PROBLEMS, ids=lambda p: f"{p.fn}-{p.m}x{p.n}")
def test_torch_snippet_is_valid_python_with_the_numbers(p):
    code = exports.torch_snippet(p)
    compile(code, "<torch>", "exec")
    assert "torch.func.jacrev" in code and "backward()" in code
    data = exports.snippet.data_code(p, "torch")
    assert data in code and data.replace("torch.tensor", "np.array").replace(
        "torch.float64", "np.float64") == exports.snippet.data_code(p, "np")
    assert p.model.export_f.replace("xp.", "torch.") in code
    torch = pytest.importorskip("torch")  # not a dependency: run where it is installed
    scope: dict = {"torch": torch}
    exec(compile(code, "<torch>", "exec"), scope)


NOTEBOOKS = [PROBLEMS[0], PROBLEMS[3], random_problem(2, 3, 1, "int", fn="tanh"),
             random_problem(2, 3, 1, "int", fn="gated"),
             random_problem(2, 3, 1, "int", fn="matrix", p=3)]


@pytest.mark.parametrize("p", NOTEBOOKS, ids=lambda p: f"{p.fn}-{p.m}x{p.n}")
def test_notebook_executes(p):
    from nbclient import NotebookClient

    nb = nbformat.reads(exports.notebook(p), as_version=4)
    nbformat.validate(nb)
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    outputs = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                      for o in c.outputs)
    assert "gradient check passed" in outputs
    assert "the VJP equals C contracted with g" in outputs
    assert f"model_of({p.fn!r})" in nb.cells[-1].source
    assert "hadviz agrees with the NumPy computation" in outputs
    assert not any(o.get("output_type") == "error" for c in nb.cells
                   if c.cell_type == "code" for o in c.outputs)


@given(st.text(max_size=40))
@example("\x00&")  # the converter's own marker characters in the input
def test_markdown_to_latex_never_leaves_unescaped_specials(text):
    out = exports.tex.markdown_to_latex(text.replace("$", "").replace("*", "")
                                        .replace("\\", ""))
    for special in "&%#":
        assert out.count(special) == out.count("\\" + special)
