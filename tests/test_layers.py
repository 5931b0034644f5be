"""The package's layers (pyproject.toml, [tool.importlinter]) hold: no module imports from a layer above its own,
so the stages stay in order and no import cycle can come back (issue 24). Checked with import-linter, on the
package as it is and on a copy with one upward import, which must be refused."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

LINT = Path(sys.executable).parent / "lint-imports"


def lint(root: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(root))
    return subprocess.run([str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_package_keeps_its_layers():
    done = lint(ROOT)
    assert done.returncode == 0 and "1 kept, 0 broken" in done.stdout, done.stdout + done.stderr


def test_an_upward_import_breaks_the_contract(tmp_path):
    shutil.copytree(ROOT / "generator", tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    loading = tmp_path / "generator" / "contents.py"
    loading.write_text(loading.read_text(encoding="utf-8") + "\n\ndef _up():\n    from . import generators  # noqa\n",
                       encoding="utf-8")
    done = lint(tmp_path)
    assert done.returncode == 1 and "0 kept, 1 broken" in done.stdout, done.stdout + done.stderr
    assert "generator.contents -> generator.generators" in done.stdout
