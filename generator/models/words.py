"""Each language's words (content/<lang>/*.yml and the front matter of its Markdown files): names,
descriptions, slugs and interface strings for the ids the facts declare."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .base import Id, Model, Phrase, Slug, Text

OldSlugs = Annotated[
    list[Slug],
    Field(default_factory=list, description="Slugs this page had before; their URLs redirect here. Never remove one."),
]


class PageWords(Model):
    """The words of an item that has a page of its own: its slug, and the slugs it had before."""

    slug: Slug
    old_slugs: OldSlugs


class ThemeWords(PageWords):
    name: Text = Field(description="The theme's name.")
    slogan: Text = Field(description="The theme's slogan.")
    scope: Text | None = Field(None, description="What the theme covers, shown after its name.")


class GoalWords(PageWords):
    name: Text = Field(description="The goal's keyword name, e.g. Laadukas.")
    description: Text = Field(description="The goal in one or two sentences.")


class StrategyWords(Model):
    """content/<lang>/strategy.yml"""

    title: Text = Field(description="The strategy's title.")
    draft_note: Text = Field(description="Which version of the strategy text the site shows.")
    framework_name: Text = Field(description="Name of the strategy framework.")
    situation_title: Text | None = Field(None, description="Heading of the situation analysis, if it has points.")
    situation: dict[Id, Text] = Field(default_factory=dict)
    vision_title: Text
    vision: Text
    success_basis: Text | None = Field(None, description="What the city's success rests on.")
    values: dict[Id, Text] = Field(default_factory=dict)
    themes: dict[Id, ThemeWords]
    goals: dict[Id, GoalWords]
    objectives: dict[Id, Text] = Field(default_factory=dict)
    success_factors: dict[Id, Text] = Field(default_factory=dict)
    implementation_title: Text | None = Field(None, description="The strategy's own title of its implementation part.")
    implementation: dict[Id, Text] = Field(default_factory=dict)
    programmes_intro: Text = Field("", description="Word before the list of programmes, e.g. 'mm.'")
    programmes: dict[Id, Text] = Field(default_factory=dict)
    monitoring: dict[Id, Text] = Field(default_factory=dict)
    metrics: dict[Id, Text] = Field(
        default_factory=dict, description="The strategy's list of metrics as written, by metric id."
    )


class MetricWords(PageWords):
    name: Text
    description: Text
    method: Text = Field(description="How the figure is calculated.")
    in_formula: Text | None = Field(
        None,
        description="The name as written inside a sentence or formula "
        '("työttömät / työvoima"), where it differs from the name as a heading.',
    )
    target_reading: Text | None = Field(
        None,
        description="Which parts of the target are the site's reading of the "
        "draft (a rule, a deadline, 'all along') and why; required when metrics.yml marks "
        "the target as a reading (target.reading), shown under the method.",
    )
    ranking: Text | None = Field(
        None,
        description="For a rank (metrics.yml unit: rank): the name of the comparison or survey whose place the "
        "figure is, as readers know it in this language, e.g. 'Suomen onnellisin kaupunki -vertailu'; shown "
        "with the target and the metric's facts. Required for a rank, and only for one.",
    )


class StatisticWords(Model):
    name: Text = Field(
        description="The statistic's name with its publisher, e.g. Tilastokeskuksen väestörakennetilasto."
    )
    url: str | None = Field(
        None, pattern=r"^https://[^/]+/.+", description="The statistic's own description page in this language."
    )


class SourcesWords(Model):
    """content/<lang>/sources.yml"""

    statistics: dict[Id, StatisticWords]
    sources: dict[Id, Text] = Field(description="Each source's title: publisher and page, as a reader finds it.")


class GlossaryWords(Model):
    term: Text
    definition: Text


class ProsePage(PageWords):
    """Front matter of content/<lang>/pages/<id>.md"""

    title: Text
    description: Text


class UpdateWords(PageWords):
    """Front matter of content/<lang>/updates/<id>.md"""

    title: Text
    summary: Text = Field(description="One or two sentences: shown in listings, feeds and share previews.")


class AccessibilityIssue(Model):
    what: Text = Field(description="What is not accessible.")
    why: Text = Field(description="Why, and what is being done about it.")


class AccessibilityWords(Model):
    """content/<lang>/accessibility.yml: the statement's words."""

    slug: Slug
    title: Text
    description: Text
    intro: Text = Field(description="Who the statement is by and what it covers.")
    conformance: dict[Literal["full", "partial", "none"], Text] = Field(
        description="The conformance sentence for each level."
    )
    assessment: dict[Literal["self", "third-party"], Text] = Field(
        description="How the site was assessed, for each way."
    )
    method: Text = Field(description="What the assessment consisted of.")
    issues: dict[Id, AccessibilityIssue] = Field(default_factory=dict)
    feedback: Text = Field(description="How to give feedback; Markdown.")
    authority_name: Text = Field(description="The supervising authority's name in this language.")
    authority_url: str = Field(
        pattern=r"^https://[^/]+/.+", description="The page of the authority's feedback service in this language."
    )
    authority: Text = Field(
        description="How to turn to the supervising authority; Markdown with {days}, {authority} and {url}."
    )
    headings: dict[str, Text] = Field(
        description="Section headings: conformance, issues, assessment, feedback, authority, dates."
    )
    dates: Text = Field(description="Sentence with {prepared} and {reviewed}.")


class UiWords(Model):
    """content/<lang>/ui.yml: the site's interface words and the slugs of its fixed pages and sections."""

    language_name: Text = Field(description="The language's name in itself, e.g. Suomi.")
    locale: str = Field(pattern=r"^[a-z]{2}_[A-Z]{2}$", description="Babel locale for numbers and dates, e.g. fi_FI.")
    site_name: Text = Field(description="The site's name in this language.")
    slugs: dict[str, Slug] = Field(description="URL slugs of the fixed pages and sections, by page id.")
    strings: dict[str, Phrase] = Field(description="Interface strings, by key; the same keys in every language.")
    plurals: dict[str, dict[Literal["zero", "one", "two", "few", "many", "other"], Phrase]] = Field(
        default_factory=dict,
        description="Strings with a number {n}, one form per CLDR plural category of the language.",
    )
    fill_mark: Text = Field(
        description="The mark that begins a text still to be written (`strategy-site init` writes it, e.g. "
        "'[Täytä]'): `strategy-site check` warns of each such text in this language's files, with its line."
    )
    number_words: list[Text] = Field(
        default_factory=list,
        description="The numbers 0, 1, 2, … written out, as running text writes small numbers ('neljä teemaa'): "
        "a plural form's {n_words}; a number past the list is written in digits.",
    )
