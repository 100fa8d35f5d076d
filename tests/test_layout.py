"""The house rules, checked: one page list, thin layers, small modules and functions.

These read the source as text or syntax trees; each failure names the file and line.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from app import PAGES

ROOT = Path(__file__).resolve().parents[1]
CORE = sorted(p for p in (ROOT / "hadviz").rglob("*.py") if "ui" not in p.parts[-2:-1])
UI = sorted((ROOT / "hadviz" / "ui").glob("*.py"))
SOURCES = sorted([*CORE, *UI, *(ROOT / "pages").glob("*.py"), ROOT / "app.py"])
MAX_MODULE_LINES = 350
MAX_FUNCTION_LINES = 50


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_readme_page_table_follows_the_page_list():
    text = (ROOT / "README.md").read_text()
    table = re.findall(r"^\| [^|]+ \| `(/[^`]*)` \|", text, flags=re.MULTILINE)
    assert table == ["/" + p.url_path for p in PAGES], table


def test_every_page_exists_and_has_an_apptest_module():
    for page in PAGES:
        assert (ROOT / page.path).is_file(), page.path
        module = ROOT / "tests" / "app" / f"test_page_{Path(page.path).stem.replace('-', '_')}.py"
        assert module.is_file(), f"{page.path} has no AppTest module {rel(module)}"


@pytest.mark.parametrize("path", SOURCES, ids=rel)
def test_module_is_small(path):
    lines = len(path.read_text().splitlines())
    assert lines <= MAX_MODULE_LINES, f"{rel(path)} has {lines} lines"


def long_functions(path: Path) -> list[str]:
    """Functions of ``path`` whose body (after the docstring) is over the limit."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            has_doc = (isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                       and isinstance(body[0].value.value, str) and len(body) > 1)
            start = body[1].lineno if has_doc else body[0].lineno
            length = (node.end_lineno or start) - start + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{path.name}:{node.lineno} {node.name} ({length} lines)")
    return found


@pytest.mark.parametrize("path", SOURCES, ids=rel)
def test_function_bodies_are_short(path):
    assert not long_functions(path)


def test_the_function_rule_can_fail(tmp_path):
    scratch = tmp_path / "long.py"
    scratch.write_text('def f():\n    """Doc."""\n' + "    x = 1\n" * (MAX_FUNCTION_LINES + 1))
    assert long_functions(scratch) == [f"long.py:1 f ({MAX_FUNCTION_LINES + 1} lines)"]


@pytest.mark.parametrize("path", CORE, ids=rel)
def test_core_does_not_import_streamlit(path):
    assert "streamlit" not in imported_modules(path), rel(path)


@pytest.mark.parametrize("path", UI, ids=rel)
def test_ui_computes_nothing_with_numpy(path):
    assert "numpy" not in imported_modules(path), rel(path)


def test_no_type_ignore_in_the_package():
    hits = [f"{rel(p)}:{n}" for p in [*CORE, *UI]
            for n, line in enumerate(p.read_text().splitlines(), start=1)
            if "type: ignore" in line]
    assert not hits, hits
