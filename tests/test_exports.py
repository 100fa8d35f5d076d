"""Take-home files: each read back, compiled or run, and checked against hadviz."""

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
from hadviz.problem import Problem

from .strategies import accepted_problems

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


def _run(code: str) -> dict:
    scope: dict = {}
    exec(compile(code, "<snippet>", "exec"), scope)
    return scope


@pytest.mark.parametrize("p", PROBLEMS, ids=lambda p: f"{p.m}x{p.n}")
def test_numpy_snippet_runs_and_agrees(p, capsys):
    scope = _run(exports.numpy_snippet(p))
    np.testing.assert_array_equal(scope["W"], p.W)
    np.testing.assert_allclose(scope["G"], jacobian_compact(p.W, p.a, p.b), rtol=1e-14)
    np.testing.assert_allclose(scope["J"], jacobian(p.W, p.a, p.b), rtol=1e-14)
    assert "gradient check passed" in capsys.readouterr().out


@settings(max_examples=40, deadline=None)
@given(accepted_problems())
def test_numpy_snippet_checks_hold_on_accepted_problems(p):
    _run(exports.numpy_snippet(p))  # raises AssertionError if a check fails


def test_numpy_snippet_catches_a_wrong_derivative():
    code = exports.numpy_snippet(random_problem(3, 4, 0, "int"))
    broken = code.replace("np.outer(a, b) + np.outer(b, a)", "2 * np.outer(a, b)")
    assert broken != code
    with pytest.raises(AssertionError):
        _run(broken)


@pytest.mark.parametrize("p", PROBLEMS[:2] + PROBLEMS[-1:], ids=lambda p: f"{p.m}x{p.n}")
def test_torch_snippet_is_valid_python_with_the_numbers(p):
    code = exports.torch_snippet(p)
    compile(code, "<torch>", "exec")
    assert "torch.func.jacrev" in code and "backward()" in code
    data = exports.snippet.data_code(p, "torch")
    assert data in code and data.replace("torch.tensor", "np.array").replace(
        "torch.float64", "np.float64") == exports.snippet.data_code(p, "np")


@pytest.mark.parametrize("p", [PROBLEMS[0], PROBLEMS[3]], ids=lambda p: f"{p.m}x{p.n}")
def test_notebook_executes(p):
    from nbclient import NotebookClient

    nb = nbformat.reads(exports.notebook(p), as_version=4)
    nbformat.validate(nb)
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    outputs = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                      for o in c.outputs)
    assert "gradient check passed" in outputs
    assert "the VJP equals G·Diag(g)" in outputs
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
