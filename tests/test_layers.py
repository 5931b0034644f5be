"""The package's layers (pyproject.toml, [tool.importlinter]) hold: no module imports from a layer above its own,
so the stages stay in order and no import cycle can come back (issue 24). Checked with import-linter, on the
package as it is and on a copy with one upward import, which must be refused.

The tests have a layer of their own too: what several test modules share lives in tests/support/ (and fixtures in
conftest.py, which pytest loads itself), so no test module imports another test module or conftest; otherwise
collecting one module would run another's module code, and its tests could be collected twice."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support.project import ROOT

LINT = Path(sys.executable).parent / "lint-imports"


def lint(root: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(root))
    return subprocess.run(
        [str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_package_keeps_its_layers():
    done = lint(ROOT)
    assert done.returncode == 0 and " kept, 0 broken" in done.stdout, done.stdout + done.stderr


def test_an_upward_import_breaks_the_contract(tmp_path):
    shutil.copytree(ROOT / "generator", tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    loading = tmp_path / "generator" / "loading" / "loader.py"
    loading.write_text(
        loading.read_text(encoding="utf-8") + "\n\ndef _up():\n    from .. import render  # noqa\n", encoding="utf-8"
    )
    done = lint(tmp_path)
    assert done.returncode == 1 and " kept, 1 broken" in done.stdout, done.stdout + done.stderr
    assert "generator.loading.loader -> generator.render" in done.stdout


def _imported(path: Path, package: str) -> list[str]:
    """Every module that `path` (a module of `package`) imports, as an absolute name; for `from X import a`, both X
    and X.a, since `a` may be a module."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = ".".join(parts[: len(parts) - node.level + 1] if node.level else [])
            module = ".".join(p for p in (base, node.module or "") if p)
            names += [module] + [f"{module}.{alias.name}" for alias in node.names]
    return names


def imports_of_test_modules(tests: Path) -> list[str]:
    """The imports under `tests` of a test module (tests.test_*) or of tests.conftest, as "file: module"."""
    found = []
    for path in sorted(tests.rglob("*.py")):
        package = ".".join(("tests", *path.relative_to(tests).parent.parts))
        for name in _imported(path, package):
            parts = name.split(".")
            if parts[0] == "tests" and len(parts) > 1 and (parts[1].startswith("test_") or parts[1] == "conftest"):
                found.append(f"{path.relative_to(tests)}: {name}")
    return sorted(set(found))


def test_no_test_module_imports_another():
    assert imports_of_test_modules(ROOT / "tests") == []


def test_an_import_of_a_test_module_is_found(tmp_path):
    tests = tmp_path / "tests"
    shutil.copytree(ROOT / "tests", tests, ignore=shutil.ignore_patterns("__pycache__", "golden"))
    site = tests / "test_site.py"
    site.write_text(
        site.read_text(encoding="utf-8") + "\n\nfrom tests.test_html import soup  # noqa\n", encoding="utf-8"
    )
    helper = tests / "support" / "site.py"
    helper.write_text(helper.read_text(encoding="utf-8") + "\n\nfrom .. import conftest  # noqa\n", encoding="utf-8")
    assert imports_of_test_modules(tests) == [
        "support/site.py: tests.conftest",
        "test_site.py: tests.test_html",
        "test_site.py: tests.test_html.soup",
    ]
