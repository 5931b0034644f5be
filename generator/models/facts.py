"""The language-neutral facts (content/*.yml and content/updates/<id>.yml): ids, order, structure, numbers,
targets, sources and dates, the same for every language."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .base import FieldError, Id, Lang, Model, Text


class ThemeFacts(Model):
    id: Id = Field(description="The theme's id; its words are under themes.<id> in each language.")
    goals: list[Id] = Field(min_length=1, description="The theme's strategic goals, in order.")
    objectives: list[Id] = Field(default_factory=list, description="The theme's objectives (tavoitteet), in order.")
    success_factors: list[Id] = Field(
        default_factory=list, description="The theme's critical success factors, in order."
    )


class StrategyFacts(Model):
    """content/strategy.yml"""

    draft_date: dt.date | None = Field(
        None, description="Date of the draft the site shows; required while text_status is draft."
    )
    text_status: Literal["draft", "adopted"] = Field(
        "draft",
        description="draft: the text is a draft, and every page "
        "and citation says so with its date; adopted: the council's adopted text.",
    )
    adopted_date: dt.date | None = Field(
        None,
        description="When the adopted text was approved (with text_status: adopted); the words' adopted_by names who.",
    )
    period_start: int = Field(ge=2000, le=2100, description="First year of the strategy period.")
    period_end: int = Field(ge=2000, le=2100, description="Last year of the strategy period.")
    situation: list[Id] = Field(
        default_factory=list, description="The points of the situation analysis, in order; none: no section."
    )
    values: list[Id] = Field(default_factory=list, description="The city's values, in order; none: no section.")
    themes: list[ThemeFacts] = Field(min_length=1, description="The strategic themes, in order.")
    implementation: list[Id] = Field(default_factory=list, description="How the strategy is implemented, in order.")
    programmes: list[Id] = Field(default_factory=list, description="Programmes that implement the strategy.")
    programmes_under: Id | None = Field(
        None,
        description="The implementation item the programmes are listed with, in brackets after it (e.g. "
        "'programmes through which the strategy is implemented (e.g. …)'); without it the programmes are "
        "implementation items of their own, after the others.",
    )
    monitoring: list[Id] = Field(default_factory=list, description="How the strategy is monitored, in order.")
    metrics: list[Id] = Field(
        default_factory=list,
        description="The strategy's own list of metrics (Mittarit), in order: ids in content/metrics.yml.",
    )
    source_text: str | None = Field(
        None,
        description="The strategy text as received, a file under content/ (kept as it is); corrections.yml "
        "lists where the site's text differs from it. None: no text as received is kept.",
    )

    @model_validator(mode="after")
    def _period_in_order(self) -> StrategyFacts:
        """A period that ends before it starts would be published as written, with every deadline outside it."""
        if self.period_end < self.period_start:
            raise FieldError(
                "period_end",
                f"the strategy period ends ({self.period_end}) before it starts ({self.period_start})",
                "write the period's first year in period_start and its last year in period_end",
            )
        if self.text_status == "draft" and self.draft_date is None:
            raise FieldError(
                "draft_date",
                "a draft needs its date: every page names the draft with it",
                "write the draft's date as draft_date: YYYY-MM-DD, or text_status: adopted for the adopted text",
            )
        if self.programmes_under is not None and self.programmes_under not in self.implementation:
            raise FieldError(
                "programmes_under",
                f"'{self.programmes_under}' is not an item of implementation",
                "name one of the ids under implementation, or remove programmes_under",
            )
        return self

    @property
    def text_date(self) -> dt.date | None:
        """The date of the text the site shows: the draft's, or the day the adopted text was approved."""
        return self.draft_date if self.text_status == "draft" else self.adopted_date


class Correction(Model):
    """content/corrections.yml: a place where the site's Finnish text differs from the draft as received."""

    draft: Text = Field(description="The draft's text, exactly as in the source file.")
    site: Text = Field(description="The text as the site shows it.")
    kind: Literal["typo", "typography"] = Field(
        description="typo: an obvious misspelling; typography: e.g. a hyphen for a minus sign."
    )


Comparison = Literal["below", "at-most", "above", "at-least"]
COMPARISON_SIGN = {"below": -1, "at-most": -1, "above": 1, "at-least": 1}  # which way is better


class Target(Model):
    """A metric's target, of one of three kinds: a value, a change from the baseline, or a place (rank) in a
    named comparison; with a deadline, or without one when the strategy gives none (then it is judged only as
    meeting the target or not yet: generator/metrics.py)."""

    comparison: Comparison = Field(
        description=(
            "The comparison as the strategy writes it: below (alle, <), at-most (enintään, ≤), above (yli, >) or "
            "at-least (vähintään, ≥). A rank target leaves it out: a place is met at it or better (at-most)."
        )
    )
    stated: Literal["firm", "example"] = Field(
        description="firm: the strategy sets this target; example: the strategy gives it only as an example (esim.)."
    )
    value: float | None = Field(None, description="The target value, in the metric's unit.")
    relative_change: float | None = Field(
        None, description="The target as a change in per cent from the baseline, e.g. -10; 0 with 'above' means growth."
    )
    rank: int | None = Field(
        None,
        ge=1,
        description="The target as a place in a named comparison or survey, 1 the best (e.g. 'the happiest city in "
        "Finland': 1); met at that place or better. The metric's unit is 'rank', and each language's metrics.yml "
        "names the comparison ('ranking').",
    )
    deadline: dt.date | None = Field(
        None,
        description="When the target should be reached (or until when it must hold). Leave it out where the "
        "strategy gives none ('100 000 asukasta'): such a target is judged only as meeting the target or not yet, "
        "never achieved or missed; a target to keep needs one.",
    )
    decimals: int | None = Field(
        None,
        ge=0,
        le=3,
        description=(
            "Decimals the strategy writes the target value with ('4,0': 1); by default as few as show it exactly."
        ),
    )
    reading: bool = Field(
        False,
        description="true: the target as shown is partly the site's reading of the draft's words (a number, a "
        "deadline or a period the draft does not give, e.g. 'positive population development' read as 'above the "
        "baseline by 31.12.2021'); every page that shows the target marks it as the site's reading.",
    )

    @model_validator(mode="before")
    @classmethod
    def _rank_is_at_most(cls, data):
        """A place is met at it or better, so a rank target's comparison is at-most: the content writes only
        `rank: N`, and one rule (`met`) judges every kind."""
        if isinstance(data, dict) and data.get("rank") is not None and "comparison" not in data:
            return {**data, "comparison": "at-most"}
        return data

    @model_validator(mode="after")
    def _one_kind(self) -> Target:
        if sum(x is not None for x in (self.value, self.relative_change, self.rank)) != 1:
            raise ValueError("give one of 'value', 'relative_change' or 'rank', not more and not none")
        if self.rank is not None and self.comparison != "at-most":
            raise FieldError(
                "comparison",
                f"a rank target is met at its place or better (1 is the best), not '{self.comparison}' it",
                "leave out 'comparison'",
            )
        return self

    @property
    def level(self) -> float | None:
        """The target's number in the metric's unit, where the target gives one: its value, or its place."""
        return self.value if self.value is not None else (None if self.rank is None else float(self.rank))

    def met(self, value: float, target: float) -> bool:
        """Whether `value` meets the target value `target` by the strategy's own comparison (10.0 is not below 10)."""
        return {
            "below": value < target,
            "at-most": value <= target,
            "above": value > target,
            "at-least": value >= target,
        }[self.comparison]


class Formula(Model):
    numerator: Id = Field(description="Metric whose value is divided.")
    denominator: Id = Field(description="Metric to divide by.")
    factor: float = Field(1, description="Multiplier, e.g. 100 for a percentage.")


class Scale(Model):
    min: float = Field(description="Lowest value on the scale.")
    max: float = Field(description="Highest value on the scale.")


Unit = Literal["percent", "eur", "meur", "eur-per-resident", "persons", "score", "rank"]
Direction = Literal["increase", "decrease", "stay-above", "stay-below", "none"]
Frequency = Literal["annual", "semiannual", "quarterly", "monthly"]
FREQUENCY_MONTHS = {"annual": 12, "semiannual": 6, "quarterly": 3, "monthly": 1}


class Reading(Model):
    """Links the site adds between a metric and the strategy where the draft itself ties none: shown marked
    as the site's reading in both languages, never as the strategy's word."""

    themes: list[Id] = Field(default_factory=list, description="Themes the site shows the metric with.")
    goals: list[Id] = Field(default_factory=list, description="Strategic goals the site shows the metric with.")


class MetricFacts(Model):
    """One entry of content/metrics.yml"""

    id: Id = Field(description="The metric's id; snapshot rows name it in their 'metric' column.")
    unit: Unit = Field(
        description="Unit of the values; rank: a place in a named comparison (1 the best, a lower rank is better)."
    )
    decimals: int = Field(ge=0, le=3, description="Decimals shown (0 for a rank).")
    direction: Direction = Field(
        description=(
            "Which way is good: reach the target by its deadline (increase/decrease), keep it "
            "(stay-above/stay-below), or none for a reference figure. Increase or decrease without a target: the "
            "figure is followed, its trend shown and never judged. A rank is better lower: decrease or stay-below."
        )
    )
    target: Target | None = Field(
        None,
        description="The strategy's target; none for a reference figure, or for a figure followed without a target.",
    )
    formula: Formula | None = Field(
        None, description="Computed from two other metrics of the same statistic for periods where both have figures."
    )
    scale: Scale | None = Field(None, description="For ratings: the scale's ends.")
    frequency: Frequency = Field(description="How often new figures appear.")
    publication_lag_months: int = Field(
        ge=0, le=36, description="How many months after the end of a period its figure is expected."
    )
    statistic: Id = Field(
        description=(
            "The one statistic the metric's figures come from (an id under statistics: in content/sources.yml); a "
            "row from another statistic is an error."
        )
    )
    objectives: list[Id] = Field(
        default_factory=list,
        description="Objectives of the draft that name this figure themselves (e.g. 'unemployment below 10 %').",
    )
    themes: list[Id] = Field(
        default_factory=list,
        description="Themes under which the strategy itself lists the metric (e.g. its monitoring's list of "
        "metrics by theme): shown on those themes' pages as the strategy's metrics, not as the site's reading.",
    )
    reading: Reading = Field(
        default_factory=Reading,
        description=(
            "Themes and goals the site links the metric to where the draft does not: shown as the site's reading."
        ),
    )

    @model_validator(mode="after")
    def _target_fits_direction(self) -> MetricFacts:
        if self.direction == "none" and self.target is not None:
            raise FieldError("target", "a metric with direction 'none' is a reference figure and has no target")
        if self.keeps and self.target is None:
            raise FieldError(
                "direction",
                f"direction '{self.direction}' needs a target: the level to keep",
                "give the target, or follow the figure without a target value with direction 'increase' or 'decrease'",
            )
        if self.unit == "rank" and self.direction in ("increase", "stay-above"):
            raise FieldError(
                "direction",
                f"a lower rank is better, so a rank cannot have direction '{self.direction}'",
                "use 'decrease' (reach the place by the deadline), 'stay-below' (keep it) or 'none' (a reference "
                "figure)",
            )
        if self.unit == "rank" and self.decimals != 0:
            raise FieldError("decimals", "a rank is a whole place, without decimals", "write decimals: 0")
        if self.target and self.unit == "rank" and self.target.rank is None:
            raise FieldError(
                "target",
                "a metric with unit 'rank' has its target as a place, not as a value or a change",
                "write 'rank: N' (1 is the best) instead of 'value' or 'relative_change'",
            )
        if self.target and self.target.rank is not None and self.unit != "rank":
            raise FieldError(
                "unit",
                f"a 'rank' target needs unit 'rank' (the figures are places in the comparison), not '{self.unit}'",
                "write unit: rank, or give the target as 'value' or 'relative_change'",
            )
        if self.target and self.keeps and self.target.deadline is None:
            raise FieldError(
                "target.deadline",
                f"a target to keep (direction '{self.direction}') needs a deadline: the last day it must hold",
                "write the deadline, e.g. the strategy period's last day; a target without a deadline is one to "
                "reach (direction 'increase' or 'decrease')",
            )
        if self.target:
            better = 1 if self.direction in ("increase", "stay-above") else -1
            if COMPARISON_SIGN[self.target.comparison] != better:
                raise FieldError(
                    "target.comparison",
                    f"direction '{self.direction}' and comparison '{self.target.comparison}' disagree: "
                    "increase and stay-above go with above or at-least, decrease and stay-below with below or at-most",
                )
        if self.target and self.target.relative_change is not None and self.direction not in ("increase", "decrease"):
            raise FieldError("direction", "a relative target needs direction 'increase' or 'decrease'")
        return self

    @property
    def keeps(self) -> bool:
        """A target to keep all along (stay-above/below) rather than to reach by its deadline."""
        return self.direction in ("stay-above", "stay-below")

    @property
    def followed(self) -> bool:
        """A figure the strategy wants to grow or fall without a target value: its trend is shown, never judged."""
        return self.target is None and self.direction in ("increase", "decrease")


class StatisticFacts(Model):
    """An entry under statistics: in content/sources.yml: what a figure measures and by whose definition."""

    id: Id = Field(description="The statistic's id, named by metrics and sources.")


class SourceFacts(Model):
    """An entry under sources: in content/sources.yml: where figures of one statistic were published."""

    id: Id = Field(description="The source's id, used in the 'source' column of snapshot rows.")
    statistic: Id = Field(description="The statistic whose figures this source publishes.")
    url: str = Field(
        pattern=r"^https://[^/]+/.+",
        description="The page, table or document with the figures (https), not a site's home page.",
    )
    title: str | None = Field(
        None,
        description="The page's or document's own title, as written on it; the names in "
        "<lang>/sources.yml show it where they write {title}.",
    )
    title_lang: Lang | None = Field(
        None,
        description="The language of `title`: on a page in another language it "
        "is marked with its language (WCAG 3.1.2), so a screen reader reads it right.",
    )


# A Frictionless Data Package's name: lowercase letters, digits, '-', '.' and '_' (the Data Package specification).
DATA_PACKAGE_NAME = re.compile(r"[a-z0-9._-]+")


HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def _hex_colour(value: object) -> str:
    """A colour as #rrggbb (kept in lowercase); an empty value most often is an unquoted # (a YAML comment)."""
    if value is None:
        raise PydanticCustomError("colour_format", "no colour: in YAML a # not in quotes starts a comment")
    if not isinstance(value, str) or not HEX_COLOUR.fullmatch(value):
        raise PydanticCustomError(
            "colour_format", "'{value}' is not a colour written #rrggbb (# and six hex digits)", {"value": value}
        )
    return value.lower()


Colour = Annotated[str, BeforeValidator(_hex_colour)]


class SiteColours(Model):
    """colours: in content/site.yml: the site's own colours, for the light scheme and the dark one. Each is #rrggbb;
    `strategy-site check` refuses a pair that is below WCAG 2.1 AA contrast (loading/theme.py says which pairs).
    Without a colour, the one shown here as its default."""

    primary: Colour = Field(
        "#0b4f82",
        description="The header's and the navigation's colour (the header's text is white on it), and the "
        "colour a link turns to under the pointer on the light page.",
    )
    primary_light: Colour = Field("#2c6ea3", description="A lighter shade of primary, for the theme's details.")
    primary_dark: Colour = Field(
        "#083a60", description="A darker shade of primary, behind white text where the theme needs one."
    )
    link: Colour = Field("#0b5794", description="The colour of links in the text on the light (white) page.")
    link_dark: Colour = Field(
        "#8cc4f0",
        description="The colour of links in the text on the dark page, and the colour under the pointer there.",
    )
    focus: Colour = Field(
        "#b35900", description="The outline of what has the keyboard focus on the light page (not in the header)."
    )
    focus_dark: Colour = Field("#e8a200", description="The keyboard focus outline on the dark page.")


class SiteFacts(Model):
    """content/site.yml: what the site is and where it is published."""

    base_url: str = Field(pattern=r"^https://.*/$", description="The published address of the site, ending in '/'.")
    languages: list[Lang] = Field(description="The site's languages; the first is the default.")
    copyright: str | None = Field(None, description="Copyright line in the footer, language-neutral.")
    data_licence: str = Field(description="SPDX id of the open data's licence, e.g. CC-BY-4.0.")
    data_licence_url: str = Field(pattern=r"^https://", description="Where the licence's text is.")
    data_package_name: str | None = Field(
        None,
        description="The name of the open data's Data Package (`name` in site/data/datapackage.json), by which "
        "programs know the data: lowercase letters a–z, digits and '-', '.' or '_'; keep it when the site moves. "
        "Without it, the name is made from base_url: its host and path, lowercase, every other character a '-' "
        "(https://strategia.example.fi/ gives strategia.example.fi).",
    )
    as_of: dt.date | None = Field(
        None,
        description="The date the content was last reviewed (YYYY-MM-DD): statuses, "
        "'overdue' and 'no figures collected since the last round' are judged as of this day, "
        "never the build's, so rebuilds are byte-identical; a publish from the editor sets it. "
        "Without it, the newest monitoring round's date.",
    )
    colours: SiteColours = Field(
        default_factory=SiteColours, description="The site's own colours (each field has the theme's default)."
    )
    logo: str | None = Field(
        None,
        description="The logo in the header: a file under content/, by its path there (e.g. assets/logo.svg), "
        "copied to the same path in the site. Without it, the theme's icon.",
    )
    favicon: str | None = Field(
        None,
        description="The icon browsers show in the tab: a file under content/, by its path there (e.g. "
        "assets/favicon.png), copied to the same path in the site. Without it, the theme's icon.",
    )

    @field_validator("data_package_name")
    @classmethod
    def _data_package_name(cls, value: str | None) -> str | None:
        if value is not None and not DATA_PACKAGE_NAME.fullmatch(value):
            raise PydanticCustomError(
                "data_package_name",
                "'{value}' is not a Data Package name",
                {"value": value},
            )
        return value


class UpdateFacts(Model):
    """content/updates/<id>.yml: the language-neutral facts of one update (news item)."""

    date: dt.date = Field(description="Publication date.")
    goals: list[Id] = Field(default_factory=list, description="Strategic goals the update concerns.")
    metrics: list[Id] = Field(default_factory=list, description="Metrics the update concerns.")
    draft: bool = Field(False, description="A draft is not published and may lack its twin.")


class AccessibilityFacts(Model):
    """content/accessibility.yml: the facts of the accessibility statement (Act 306/2019, section 15)."""

    standard: Text = Field(description="The requirements the site is assessed against, e.g. WCAG 2.1 AA.")
    conformance: Literal["full", "partial", "none"] = Field(description="How far the site meets them.")
    prepared: dt.date = Field(description="When the statement was first made.")
    reviewed: dt.date = Field(description="When it was last reviewed (at least yearly).")
    assessment: Literal["self", "third-party"] = Field(description="Who assessed the site.")
    feedback_response_days: int = Field(
        ge=1, le=14, description="Feedback is answered within this many days (at most 14)."
    )
    issues: list[Id] = Field(default_factory=list, description="Known shortcomings, described per language.")

    @model_validator(mode="after")
    def _dates(self) -> AccessibilityFacts:
        if self.reviewed < self.prepared:
            raise FieldError(
                "reviewed",
                f"{self.reviewed.isoformat()} is before 'prepared' ({self.prepared.isoformat()}): a statement is "
                "reviewed after it is made",
                "write the day of the last review, on or after 'prepared'",
            )
        if self.conformance == "full" and self.issues:
            raise FieldError("conformance", "conformance 'full' cannot have known issues; use 'partial'")
        if self.conformance == "partial" and not self.issues:
            # the statement's words say the shortcomings are described below: the law asks for them (306/2019, 16 §)
            raise FieldError(
                "issues",
                "conformance 'partial' needs its known issues: the statement says they are described",
                "list each shortcoming's id under issues (and its words in each language), or use 'full'",
            )
        return self
