"""The bare MkDocs baseline: `python -m mkdocs build` of the already generated docs/<lang>, without the generator.

With the same configuration pipeline.build gives MkDocs (mkdocs.yml plus the per-language options of its site
jobs), one language at a time (sequential) and both at once (parallel, two processes).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import sys
from pathlib import Path

from .processes import run_measured


def baseline_configs(root: Path, jobs: list[dict], out: Path) -> dict[str, tuple[Path, dict]]:
    """One mkdocs.yml per language, as pipeline.build configures MkDocs, for the docs/ it generated."""
    import yaml

    from generator import engines

    fields = {f.name for f in dataclasses.fields(engines.SiteJob)}
    configs = {}
    for data in jobs:
        lang = data["lang"]
        job = engines.SiteJob(
            **{k: v for k, v in data.items() if k in fields}
            | {
                "config_file": str(root / "mkdocs.yml"),
                "docs_dir": str(root / "docs" / lang),
                "site_dir": str(out / lang),
            }
        )
        config = engines.whole_config(job)
        path = root / f"mkdocs.bench-{lang}.yml"
        path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        env = dict(os.environ, SOURCE_DATE_EPOCH=str(data["build_epoch"]))
        configs[lang] = (path, env)
    return configs


def measure_baseline(root: Path, jobs: list[dict], sequential: bool) -> dict:
    """Wall time and memory of the bare builds: each language alone (if `sequential`), then both at once."""
    out = root / "baseline-site"
    configs = baseline_configs(root, jobs, out)
    env = next(iter(configs.values()))[1]
    cmd = {
        lang: [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(path)]
        for lang, (path, _) in configs.items()
    }
    result: dict = {}
    if sequential:
        for lang in cmd:
            got = run_measured([cmd[lang]], env=configs[lang][1], cwd=root)
            result[f"seq_{lang}"] = {k: got[k] for k in ("wall_s", "peak_tree_mib", "loadavg")}
        result["seq_sum_s"] = sum(result[f"seq_{lang}"]["wall_s"] for lang in cmd)
    got = run_measured(list(cmd.values()), env=env, cwd=root)
    result["parallel"] = {
        "wall_s": got["wall_s"],
        "peak_tree_mib": got["peak_tree_mib"],
        "per_lang_s": {lang: r["wall_s"] for lang, r in zip(cmd, got["runs"])},
        "cpu_s": sum(r["cpu_s"] for r in got["runs"]),
        "loadavg": got["loadavg"],
    }
    shutil.rmtree(out, ignore_errors=True)
    for path, _ in configs.values():
        path.unlink()
    return result
