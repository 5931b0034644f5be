"""The content model, declared once: what each content file holds, typed, each field described.

Language-neutral facts (ids, order, structure, numbers, targets) are in content/*.yml (`facts`); the words
for each id are in content/<lang>/*.yml (`words`); the editor's "check the translation" marks are in
content/translation-checks.yml (`checks`). These models validate one file each; `loading/` checks the
files against each other (twins, unknown ids, unique slugs) and assembles the typed site.
"""

from __future__ import annotations

from .base import FIXED_SLUGS, LANGUAGES, FieldError, Id, Lang, Model, Phrase, Slug, Text
from .checks import TranslationCheck
from .facts import (
    COMPARISON_SIGN,
    FREQUENCY_MONTHS,
    AccessibilityFacts,
    Comparison,
    Correction,
    Direction,
    Formula,
    Frequency,
    MetricFacts,
    Reading,
    Scale,
    SiteColours,
    SiteFacts,
    SourceFacts,
    StatisticFacts,
    StrategyFacts,
    Target,
    ThemeFacts,
    Unit,
    UpdateFacts,
)
from .words import (
    AccessibilityIssue,
    AccessibilityWords,
    GlossaryWords,
    GoalWords,
    MetricWords,
    OldSlugs,
    PageWords,
    ProsePage,
    SourcesWords,
    StatisticWords,
    StrategyWords,
    ThemeWords,
    UiWords,
    UpdateWords,
)

__all__ = [
    "COMPARISON_SIGN",
    "FIXED_SLUGS",
    "FREQUENCY_MONTHS",
    "LANGUAGES",
    "AccessibilityFacts",
    "AccessibilityIssue",
    "AccessibilityWords",
    "Comparison",
    "Correction",
    "Direction",
    "FieldError",
    "Formula",
    "Frequency",
    "GlossaryWords",
    "GoalWords",
    "Id",
    "Lang",
    "MetricFacts",
    "MetricWords",
    "Model",
    "OldSlugs",
    "PageWords",
    "Phrase",
    "ProsePage",
    "Reading",
    "Scale",
    "SiteColours",
    "SiteFacts",
    "Slug",
    "SourceFacts",
    "SourcesWords",
    "StatisticFacts",
    "StatisticWords",
    "StrategyFacts",
    "StrategyWords",
    "Target",
    "Text",
    "ThemeFacts",
    "ThemeWords",
    "TranslationCheck",
    "UiWords",
    "Unit",
    "UpdateFacts",
    "UpdateWords",
]
