"""Locale-correct numbers and dates through Babel (CLDR), with the Locale passed in explicitly.

Never `locale.setlocale`: it is process-wide and depends on what the OS has installed.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import (
    format_compact_currency,
    format_currency,
    format_decimal,
    format_percent,
    get_minus_sign_symbol,
)


def _with_decimals(pattern: str, decimals: int) -> str:
    """A CLDR pattern with exactly `decimals` fraction digits ('#,##0 %' -> '#,##0.0 %')."""
    head, sep, tail = pattern.partition(".")
    if sep:  # '#,##0.00 ¤': drop the existing fraction digits
        tail = tail.lstrip("0#")
        pattern = head + tail
    zero = pattern.rindex("0")
    frac = "." + "0" * decimals if decimals else ""
    return pattern[: zero + 1] + frac + pattern[zero + 1 :]


class Formatter:
    """Formats values and dates for one language; `per_resident` is that language's '/resident' suffix and
    `plurals` its strings with a number, one form per CLDR plural category (ui.yml)."""

    def __init__(
        self,
        locale: Locale,
        per_resident: str,
        plurals: dict[str, dict[str, str]] | None = None,
        number_words: list[str] | None = None,
    ):
        self.locale = locale
        self.per_resident = per_resident
        self.plurals = plurals or {}
        self.number_words = number_words or []
        # In a CLDR pattern '-' stands for the locale's minus sign (U+2212 in Finnish and Swedish); Babel 2.x
        # writes the pattern's ASCII hyphen as it is, so it is swapped here.
        self.minus = get_minus_sign_symbol(locale)
        # The same figure and date appear on many pages (chart, table, round pages): format each once.
        self.value = lru_cache(maxsize=None)(self.value)
        self.date = lru_cache(maxsize=None)(self.date)
        self.period = lru_cache(maxsize=None)(self.period)
        self.short_date = lru_cache(maxsize=None)(self.short_date)

    def number(self, value: float, decimals: int = 0) -> str:
        return self._signed(format_decimal(value, format=_with_decimals("#,##0", decimals), locale=self.locale))

    def _signed(self, text: str) -> str:
        return text.replace("-", self.minus)

    def count(self, key: str, n: int) -> str:
        """A string with a number in the plural form CLDR gives for n in this language ('1 luku', '2 lukua')."""
        forms = self.plurals[key]
        words = self.number_words[n] if 0 <= n < len(self.number_words) else self.number(n)
        return forms.get(self.locale.plural_form(n), forms["other"]).format(n=self.number(n), n_words=words)

    def value(self, value: float, unit: str, decimals: int) -> str:
        """A figure with its unit, e.g. '7,8 %', '1 234 €', '20,3 milj. €' (no-break spaces and the minus sign
        as CLDR gives them)."""
        return self._signed(self._value(value, unit, decimals))

    def _value(self, value: float, unit: str, decimals: int) -> str:
        loc = self.locale
        if unit == "percent":
            return format_percent(
                value / 100, format=_with_decimals(loc.percent_formats[None].pattern, decimals), locale=loc
            )
        if unit in ("eur", "eur-per-resident"):
            text = format_currency(
                value,
                "EUR",
                format=_with_decimals(loc.currency_formats["standard"].pattern, decimals),
                currency_digits=False,
                locale=loc,
            )
            return f"{text}{self.per_resident}" if unit == "eur-per-resident" else text
        if unit == "meur":
            return format_compact_currency(value * 1_000_000, "EUR", locale=loc, fraction_digits=decimals)
        return self.number(value, decimals)

    def date(self, day: dt.date) -> str:
        """A long date: '1. maaliskuuta 2025' (fi), '1 mars 2025' (sv)."""
        return format_date(day, format="long", locale=self.locale)

    def short_date(self, day: dt.date) -> str:
        return format_skeleton("yMd", day, locale=self.locale)

    def period(self, period) -> str:
        """A figure's period as people say it: a year, a month and year, or a date."""
        if period.precision == "year":
            return str(period.end.year)
        if period.precision == "month":
            return format_skeleton("yMMMM", period.end, locale=self.locale)
        return self.date(period.end)
