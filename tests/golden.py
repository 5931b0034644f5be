"""Golden files: a few generated pages, kept in tests/golden/ and reviewed in the diff.

Regenerate after an intended change with `make golden` (python -m tests.golden), then read the diff.
"""

from __future__ import annotations

import functools
from pathlib import Path

from generator import loading, pipeline
from tests.support.project import ROOT

GOLDEN = Path(__file__).resolve().parent / "golden"
PAGES = [
    "fi/paamaarat/laadukas.md",
    "sv/strategiska-mal/hogklassig.md",
    "fi/mittarit/tyottomyysaste.md",
    "sv/matare/arbetsloshetsgrad.md",
    "fi/strategiakehikko.md",
    "sv/uppfoljningsomgangar/2019-04-30.md",
    "fi/teemat/elin-veto-ja-pitovoimainen-kaupunki/index.md",
    "sv/genomforande-och-uppfoljning.md",
    "fi/mittarit/vakiluku.md",
]


@functools.cache
def generated() -> dict[str, bytes]:
    """The golden pages as generated now: one load and generation for all of them (each page is a test)."""
    docs = pipeline.generate_docs(loading.load(ROOT / "content"))
    return {path: docs[path] for path in PAGES}


def main() -> None:
    for path, data in generated().items():
        target = GOLDEN / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        print(f"wrote tests/golden/{path}")


if __name__ == "__main__":
    main()
