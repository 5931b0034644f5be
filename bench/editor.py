"""The editor's save-to-preview time, measured in the library the editor calls (no web server in between)."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from pathlib import Path

from .paths import load_content

PREVIEW_URL = "http://127.0.0.1:8001/preview/"  # where a local editor serves its previews


def editor_preview(root: Path, rounds: int = 5) -> dict:
    """Seconds from saving a metric's description in the editor's library (validation of the whole content in a
    copy, the round-trip write, the "check the translation" mark) to the HTML of its page showing the new text
    (`editing.preview.render`: the one page, not the site, from the content the save validated, as the editor's
    ContentCache hands it), in this warm process as in the running editor; the first round includes the
    imports and template compilation a fresh editor pays once."""
    from generator import editing, pipeline

    project = pipeline.Project(root)
    content = load_content(root)
    metric = content.metrics[len(content.metrics) // 2].id
    it = editing.item(project, "metrics.yml", metric)
    times, saves = [], []
    first = content.languages[0]
    for n in range(rounds):
        words = {lang: editing.values(project, lang, it) for lang in content.languages}
        words[first]["description"] = f"Preview measurement {n}: {words[first]['description']}"
        start = time.perf_counter()
        result = editing.save_item(project, it, words, set(), editing.item_version(project, it), dt.date(2026, 12, 2))
        saved = time.perf_counter()
        html = editing.preview.render(project, first, ("metric", metric), PREVIEW_URL, result.content)
        end = time.perf_counter()
        if not result.ok or f"Preview measurement {n}:".encode() not in html:
            raise RuntimeError(f"the preview did not show the change (saved: {result.ok})")
        times.append(end - start)
        saves.append(saved - start)
    warm = times[1:]
    return {
        "first_s": times[0],
        "median_s": statistics.median(warm),
        "max_s": max(warm),
        "save_median_s": statistics.median(saves[1:]),
        "metric": metric,
        "rounds": rounds,
    }
