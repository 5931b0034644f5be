"""site.yml's look: its colours at WCAG 2.1 AA contrast, and its logo and favicon, files under content/.

The pairs checked, each colour of site.yml's `colours:` against what it is shown on (PAIRS):

- white (the header's text and icons) on `primary` and on `primary_dark` (the theme's white-on-dark details),
  text: 4.5:1;
- `link` (links in the text) on the light page's white, text: 4.5:1 (`primary`, the colour of a link under the
  pointer there, on white is the first pair's contrast);
- `link_dark` (links, and a link under the pointer) on the dark page's background, text: 4.5:1;
- `focus` on the light page's white and `focus_dark` on the dark page's background: the keyboard focus outline,
  a non-text contrast (WCAG 1.4.11): 3:1. (In the header the outline is white, on `primary`: the first pair.)

The dark page's background is Material's slate scheme's, hsl(225, 15 %, 14 %): #1e2129 (SLATE_BACKGROUND).
"""

from __future__ import annotations

import math
from pathlib import Path

from .. import models as m
from .source import Source

WHITE = "#ffffff"
SLATE_BACKGROUND = "#1e2129"
TEXT, NON_TEXT = 4.5, 3.0
# (foreground, background, minimum ratio, the field the error is placed at, what the pair is, what to do)
PAIRS = (
    (WHITE, "primary", TEXT, "primary", "the header's white text on primary", "choose a darker primary"),
    (WHITE, "primary_dark", TEXT, "primary_dark", "white text on primary_dark", "choose a darker primary_dark"),
    ("link", WHITE, TEXT, "link", "links on the light page's white", "choose a darker link colour"),
    ("link_dark", SLATE_BACKGROUND, TEXT, "link_dark", "links on the dark page", "choose a lighter link_dark"),
    ("focus", WHITE, NON_TEXT, "focus", "the focus outline on the light page", "choose a darker focus colour"),
    (
        "focus_dark",
        SLATE_BACKGROUND,
        NON_TEXT,
        "focus_dark",
        "the focus outline on the dark page",
        "choose a lighter focus_dark",
    ),
)
IMAGE_TYPES = (".svg", ".png", ".ico", ".jpg", ".jpeg", ".webp", ".gif")


def luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of an sRGB colour #rrggbb."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(one: str, other: str) -> float:
    """WCAG 2.1's contrast ratio of two colours (1 to 21)."""
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def ratio_text(ratio: float) -> str:
    """A ratio as people read it, rounded down (4.49 is 4.4:1, never a passing-looking 4.5:1)."""
    return f"{math.floor(ratio * 10) / 10:.1f}:1"


def check_theme(src: Source, site: m.SiteFacts | None) -> None:
    """The colours' contrast pairs (PAIRS) and the logo and favicon files, each error at its field's line."""
    if site is None:
        return
    colours = site.colours.model_dump()
    path = src.path("site.yml")
    for fg, bg, minimum, field, what, todo in PAIRS:
        fore, back = colours.get(fg, fg), colours.get(bg, bg)
        ratio = contrast(fore, back)
        if ratio < minimum:
            src.errors.add(
                path,
                src.line_of("site.yml", "colours", field),
                "colour-contrast",
                f"colours.{field}: {fore} on {back} ({what}) has a contrast of {ratio_text(ratio)}, "
                f"below the {minimum:g}:1 WCAG 2.1 AA asks for",
                f"{todo}, one with a contrast of at least {minimum:g}:1 against {back}",
            )
    for field in ("logo", "favicon"):
        rel = getattr(site, field)
        if rel is not None:
            _check_file(src, field, rel)


def _check_file(src: Source, field: str, rel: str) -> None:
    """A logo or favicon: an image file under content/, by a relative path that stays there."""
    path, line = src.path("site.yml"), src.line_of("site.yml", field)
    root = src.root.resolve()
    target = (src.root / rel).resolve()
    if Path(rel).is_absolute() or ".." in Path(rel).parts or root not in target.parents:
        src.errors.add(
            path,
            line,
            "path-outside-content",
            f"{field}: '{rel}' is not a file under content/",
            "put the file in content/ (e.g. content/assets/) and write its path from there, e.g. assets/logo.svg",
        )
    elif not target.is_file():
        src.errors.add(
            path,
            line,
            "missing-file",
            f"{field}: content/{rel} does not exist",
            "put the file there, or correct the path (written from content/, e.g. assets/logo.svg)",
        )
    elif target.suffix.lower() not in IMAGE_TYPES:
        src.errors.add(
            path,
            line,
            "image-type",
            f"{field}: content/{rel} is not an image ({target.suffix or 'no file type'})",
            f"use an image file: {', '.join(IMAGE_TYPES)}",
        )


def site_facts(root: Path) -> m.SiteFacts | None:
    """content/site.yml alone, validated and its look checked (check_theme): for the editor's preview, which serves
    the colours' style sheet, the logo and the favicon without loading the whole content. None when it has errors
    (the preview page says them)."""
    from .places import validate

    src = Source(root)
    if not src.path("site.yml").is_file() or src.path("site.yml").is_symlink():
        return None
    site = validate(m.SiteFacts, src.yaml("site.yml"), src.path("site.yml"), src.errors)
    check_theme(src, site)
    return None if src.errors.errors else site
