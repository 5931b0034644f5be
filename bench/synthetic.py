"""Synthetic strategies of any size, in the same content format as the shipped Kokkola content.

`make_project(dest, target_pages)` (or `python -m bench.synthetic PAGES [FOLDER]`) writes a throwaway project
folder (mkdocs.yml, overrides/ if any, the MkDocs hook and a generated content/) whose site has about `target_pages`
pages per language. The size grows with the number of themes, goals and metrics; everything else is as in Kokkola:

- site.yml, sources.yml, glossary.yml (+ words), ui.yml and pages/about.md are copied from content/;
- the fixed parts of the strategy words (title, vision, situation, values, implementation ...) are Kokkola's;
- every metric uses one of the shipped statistics that has sources (all metrics of a formula share its statistic),
  and each snapshot row names a source of that statistic (content/sources.yml); metrics link to themes and goals
  by objectives or by `reading:`; targets use every comparison, and some are only examples (`stated: example`);
- the strategy's own metric list (`metrics:` in strategy.yml, with words) is the first metric of each theme and
  the second of every other theme;
- the draft as received (source_text) is generated: the Finnish strategy words, with a misspelling in every 10th
  objective, and ASCII >=, <= and - for ≥, ≤ and − in the strategy's metric list, each listed in
  content/corrections.yml;
- every metric has a figure in each of 20 monitoring rounds (half-yearly, 2016-04-30 ... 2025-10-31), one CSV
  per round with a row per metric; periods are years (YYYY or YYYY-12-31) or half-years (YYYY-06, YYYY-12),
  always before the round's date; annual figures reappear in the next round (unchanged or revised);
- if content/updates/ exists, one update (news item) per theme is generated in the same format (facts in
  content/updates/<id>.yml, words in content/<lang>/updates/<id>.md), spread evenly over the rounds' years;
- every 25th goal and metric has an old slug (a redirect page), as `old_slugs` in the words;
- any other file or folder in content/ (a feature added later) is copied as it is, and listed in
  `Synthetic.extras`, so the benchmark says what it did not scale.

Pages per language = the fixed pages (home, indexes, glossary, about, print, 20 round pages, ...) + themes +
goals + metrics + updates. The fixed part is measured once by generating the smallest strategy (1 theme, 1 goal,
1 metric, 1 update), so with 20 rounds no site is smaller than that (about 35 pages). Output is deterministic.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .paths import CONTENT, ROOT, copy_project, load_content
from .synthetic_parts import (
    SIGNS,
    VOCAB,
    Strategy,
    copy_shipped,
    sentence,
    shipped_sources,
    write_draft,
    write_snapshots,
    write_strategy,
    write_updates,
)

ROUNDS = 20
GOALS_PER_THEME = 4
METRICS_PER_THEME = 4  # Kokkola: 4 themes, 13 goals, 11 metrics
OBJECTIVES_PER_THEME = 4
FACTORS_PER_THEME = 3

UNITS = ("percent", "eur", "meur", "eur-per-resident", "persons", "score")
# comparison per direction, alternating
COMPARISONS = {
    "increase": ("above", "at-least"),
    "stay-above": ("at-least", "above"),
    "decrease": ("below", "at-most"),
    "stay-below": ("at-most", "below"),
}


def has_updates() -> bool:
    """Whether the shipped content has the updates feature (content/updates/)."""
    return (CONTENT / "updates").is_dir()


@dataclass
class Plan:
    themes: int
    goals_per_theme: int
    metrics_per_theme: int
    updates_per_theme: int
    fixed: int  # pages that do not grow with the strategy

    @property
    def goals(self) -> int:
        return self.themes * self.goals_per_theme

    @property
    def metrics(self) -> int:
        return self.themes * self.metrics_per_theme

    @property
    def updates(self) -> int:
        return self.themes * self.updates_per_theme

    @property
    def pages(self) -> int:
        """Expected pages per language (the benchmark counts the real number in docs/<lang>)."""
        return self.fixed + self.themes + self.goals + self.metrics + self.updates


_FIXED: int | None = None


def fixed_pages() -> int:
    """Pages per language that do not grow with the strategy, measured with the generator on the smallest strategy."""
    global _FIXED
    if _FIXED is None:
        from generator import pipeline

        u = 1 if has_updates() else 0
        with tempfile.TemporaryDirectory(prefix="strategy-calibrate-") as tmp:
            smallest = Plan(1, 1, 1, u, 0)
            make_project(Path(tmp) / "p", smallest)
            docs = pipeline.generate_docs(load_content(Path(tmp) / "p"))
            md = sum(1 for path in docs if path.startswith("fi/") and path.endswith(".md"))
        _FIXED = md - (smallest.themes + smallest.goals + smallest.metrics + smallest.updates)
    return _FIXED


def plan(target_pages: int) -> Plan:
    """Themes, goals, metrics and updates for about `target_pages` pages per language (never below the smallest)."""
    u = 1 if has_updates() else 0
    fixed = fixed_pages()
    per_theme = 1 + GOALS_PER_THEME + METRICS_PER_THEME + u
    themes = round((target_pages - fixed) / per_theme)
    if themes >= 1:
        return Plan(themes, GOALS_PER_THEME, METRICS_PER_THEME, u, fixed)
    return Plan(1, 1, 1, u, fixed)  # the smallest strategy


@dataclass
class Synthetic:
    root: Path
    plan: Plan
    extras: list[str] = field(default_factory=list)


def round_dates() -> list[str]:
    """The monitoring rounds' dates: half-yearly from 2016-04-30."""
    out = []
    year = 2016
    while len(out) < ROUNDS:
        out += [f"{year}-04-30", f"{year}-10-31"]
        year += 1
    return out[:ROUNDS]


def _slug(text: str) -> str:
    table = str.maketrans({"ä": "a", "ö": "o", "å": "a", "Ä": "a", "Ö": "o", "Å": "a"})
    return "".join(ch if ch.isalnum() and ch.isascii() else "-" for ch in text.translate(table).lower()).strip("-")


def _number(value: float) -> str:
    text = f"{value:g}"
    return text.replace(".", ",")


def _as_written(lang: str, name: str, target: dict | None) -> str:
    """The metric as the synthetic strategy's own list writes it, with its target as the site writes it."""
    if not target:
        return name
    example = {"fi": "esim. ", "sv": "t.ex. "}[lang] if target["stated"] == "example" else ""
    sign = SIGNS[target["comparison"]][1]
    if "value" in target:
        return f"{name} ({example}{sign} {_number(target['value'])})"
    change = target["relative_change"]
    return f"{name} ({example}{'+' if change > 0 else '−'}{_number(abs(change))} %)"


# ---------------------------------------------------------------- the strategy, drawn theme by theme


def add_theme(s: Strategy, rng: random.Random, p: Plan, t: int) -> dict:
    """Theme `t` with its goals, objectives and success factors, and their words in each language."""
    tid = f"theme-{t}"
    goals = [f"goal-{t}-{g}" for g in range(1, p.goals_per_theme + 1)]
    objectives = [f"objective-{t}-{o}" for o in range(1, OBJECTIVES_PER_THEME + 1)]
    factors = [f"factor-{t}-{f}" for f in range(1, FACTORS_PER_THEME + 1)]
    theme = {"id": tid, "goals": goals, "objectives": objectives, "success_factors": factors}
    s.themes.append(theme)
    for lang, (label, glabel) in {"fi": ("teema", "paamaara"), "sv": ("tema", "mal")}.items():
        w, v = VOCAB[lang]
        name = f"{rng.choice(w).capitalize()} {rng.choice(w)} {t}"
        s.theme_words[lang][tid] = {
            "slug": f"{label}-{t}-{_slug(name)}",
            "name": name,
            "slogan": f"{rng.choice(w).capitalize()} {rng.choice(w)}!",
        }
        if t % 3 == 0:
            s.theme_words[lang][tid]["scope"] = ", ".join(rng.choice(w) for _ in range(3))
        for g, gid in enumerate(goals, 1):
            gname = f"{rng.choice(w).capitalize()} {t}.{g}"
            s.goal_words[lang][gid] = {
                "slug": f"{glabel}-{t}-{g}-{_slug(gname.split()[0])}",
                "name": gname,
                "description": sentence(rng, w, v, 8) + " " + sentence(rng, w, v, 6),
            }
            if (t * p.goals_per_theme + g) % 25 == 0:
                old = "vanha" if lang == "fi" else "gammal"
                s.goal_words[lang][gid]["old_slugs"] = [f"{glabel}-{t}-{g}-{old}"]
        for oid in objectives:
            s.objective_words[lang][oid] = sentence(rng, w, v, 6).rstrip(".")
        for fid in factors:
            s.factor_words[lang][fid] = sentence(rng, w, v, 5).rstrip(".")
    return theme


def _target(direction: str, unit: str, n: int) -> dict:
    """Every comparison in turn, some only examples; a relative change for every other increase or decrease."""
    comparison = COMPARISONS[direction][(n // 5) % 2]
    stated = "example" if (n // 5) % 3 == 1 else "firm"
    if direction in ("increase", "decrease") and n % 2:
        return {
            "comparison": comparison,
            "stated": stated,
            "relative_change": 10 if direction == "increase" else -10,
            "deadline": "2027-12-31",
        }
    target = {"comparison": comparison, "stated": stated, "value": 50.0 + (n % 7) * 5, "deadline": "2027-12-31"}
    if unit == "score":
        target["decimals"] = 1
    return target


def metric_facts(p: Plan, t: int, theme: dict, k: int, n: int, stat_ids: list[str]) -> dict:
    """The facts of theme `t`'s `k`th metric, the `n`th of the strategy (no randomness: its shape goes by n and k)."""
    unit = UNITS[n % len(UNITS)]
    direction = ("increase", "decrease", "stay-above", "stay-below", "none")[n % 5]
    kind = n % 3  # 0: annual YYYY, 1: half-yearly YYYY-MM, 2: annual YYYY-12-31
    # A theme's metrics share its statistic (so its formula's parts do), except the third one.
    statistic = stat_ids[(t - 1 + (k == 3)) % len(stat_ids)]
    facts = {"id": f"metric-{t}-{k}", "unit": unit, "decimals": (0, 1, 2)[n % 3], "direction": direction}
    if direction != "none":
        facts["target"] = _target(direction, unit, n)
    if unit == "score":
        facts["scale"] = {"min": 1, "max": 100}
    if k == p.metrics_per_theme and k >= 3:
        facts["formula"] = {"numerator": f"metric-{t}-1", "denominator": f"metric-{t}-2", "factor": 100}
    facts |= {
        "frequency": "semiannual" if kind == 1 else "annual",
        "publication_lag_months": 7 if kind == 1 else 12,
        "statistic": statistic,
    }
    objectives, goals = theme["objectives"], theme["goals"]
    if k % 2:
        facts["objectives"] = [objectives[(k - 1) % len(objectives)]]
    else:  # the site's reading: no objective names the metric
        facts["reading"] = {"themes": [theme["id"]], "goals": [goals[(k - 1) % len(goals)]]}
    if k % 2 and k > 1:
        facts["reading"] = {"goals": [goals[(k - 1) % len(goals)]]}
    return facts


def add_metric(s: Strategy, rng: random.Random, p: Plan, t: int, theme: dict, k: int, stat_ids: list[str]) -> None:
    """Theme `t`'s `k`th metric and its words; the first of each theme and the second of every other one are in
    the strategy's own list."""
    n = len(s.metrics)
    facts = metric_facts(p, t, theme, k, n, stat_ids)
    mid = facts["id"]
    s.metrics.append(facts)
    s.metric_theme[mid] = theme["id"]
    in_strategy = k == 1 or (k == 2 and t % 2 == 1)
    if in_strategy:
        s.strategy_metrics.append(mid)
    for lang, label in {"fi": "mittari", "sv": "matare"}.items():
        w, v = VOCAB[lang]
        name = f"{rng.choice(w).capitalize()} {rng.choice(w)} {t}.{k}"
        mw = {"slug": f"{label}-{t}-{k}-{_slug(name.split()[0])}", "name": name}
        if in_strategy:
            s.strategy_metric_words[lang][mid] = _as_written(lang, name, facts.get("target"))
        if n % 25 == 24:
            mw["old_slugs"] = [f"{label}-{t}-{k}-vanha" if lang == "fi" else f"{label}-{t}-{k}-gammal"]
        mw["description"] = sentence(rng, w, v, 10)
        mw["method"] = sentence(rng, w, v, 12)
        s.metric_words[lang][mid] = mw


def draw_strategy(rng: random.Random, p: Plan) -> Strategy:
    """Every theme in turn: its words, then its metrics."""
    s = Strategy()
    stat_ids = list(shipped_sources())
    for t in range(1, p.themes + 1):
        theme = add_theme(s, rng, p, t)
        for k in range(1, p.metrics_per_theme + 1):
            add_metric(s, rng, p, t, theme, k, stat_ids)
    return s


# ---------------------------------------------------------------- the project


def make_project(dest: Path, size: int | Plan, seed: int = 2017) -> Synthetic:
    """A project folder with a strategy of about `size` pages per language (or exactly the given Plan).

    The calls keep one order: the random generator draws the strategy, then the updates, then the rounds' figures.
    """
    rng = random.Random(seed)
    p = size if isinstance(size, Plan) else plan(size)
    copy_project(ROOT, dest, content=False)
    c = dest / "content"
    c.mkdir()
    extras = copy_shipped(c)
    s = draw_strategy(rng, p)
    write_strategy(c, s)
    write_draft(c, s)
    dates = round_dates()
    if p.updates:
        write_updates(c, p.updates, s, dates, rng)
    write_snapshots(c, s.metrics, dates, rng)
    return Synthetic(dest, p, extras)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench.synthetic",
        description="Write a synthetic strategy project of about PAGES pages per language.",
    )
    ap.add_argument("pages", nargs="?", type=int, default=100, help="pages per language (default 100)")
    ap.add_argument(
        "folder", nargs="?", type=Path, default=None, help="where the project goes (default: a new temporary folder)"
    )
    ap.add_argument("--seed", type=int, default=2017, help="the random seed (default 2017): same seed, same project")
    args = ap.parse_args(argv)
    if args.pages < 1:
        ap.error("pages must be at least 1")
    where = args.folder or Path(tempfile.mkdtemp(prefix="strategy-synthetic-"))
    got = make_project(where, args.pages, args.seed)
    print(f"{got.root}: {got.plan} ≈ {got.plan.pages} pages per language; extras copied: {got.extras or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
