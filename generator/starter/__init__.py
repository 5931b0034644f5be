"""A new city's project (`strategy-site init`): content/ with the city's names, base URL and strategy
period, and every text only the city can write left as an instruction that begins with the language's fill
mark (loading/fill.py warns of each), so that the first `strategy-site build` gives a whole, valid
bilingual site at once and nothing unwritten looks finished.

The files are templates under files/ (the same tree as the project they make), filled with the values given;
what the project leaves out (the theme, the interface words, mkdocs.yml's defaults) comes from the package.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

FILES = Path(__file__).resolve().parent / "files"
# A city's name as the templates write it into YAML and Markdown unquoted: letters, spaces, hyphens, apostrophes.
NAME = re.compile(r"^[^\W\d_]+(?:[ '’-][^\W\d_]+)*$")
PERIOD = re.compile(r"^(\d{4})[-–](\d{4})$")
# Files kept under another name in the package: a package's data files leave out names that begin with a dot.
RENAMED = {"gitignore": ".gitignore"}
BASE_URL = re.compile(r"^https://[a-z0-9.-]+\.[a-z]{2,}(?::\d+)?/(?:[A-Za-z0-9._~-]+/)*$")


class StarterError(ValueError):
    """A value given to init that would not make a valid project; the message says which and what to do."""


@dataclass(frozen=True)
class City:
    """What init needs to know of the city."""

    fi: str  # the Finnish name, e.g. Vaasa
    fi_genitive: str  # its genitive, e.g. Vaasan (Vaasan kaupunki, Vaasan strategia)
    sv: str  # the Swedish name, e.g. Vasa (Vasa stad, Vasa stads strategi)
    base_url: str
    start: int
    end: int


def city(fi: str, fi_genitive: str, sv: str, base_url: str, period: str) -> City:
    """The values checked, each mistake named with what to write instead."""
    for option, value in (("--city-fi", fi), ("--city-fi-genitive", fi_genitive), ("--city-sv", sv)):
        if not NAME.match(value.strip()):
            raise StarterError(f"{option}: '{value}' is not a name: write the city's name in letters, e.g. Vaasa")
    if not BASE_URL.match(base_url):
        raise StarterError(
            f"--base-url: '{base_url}' is not a site address: write https://, the host name and a final '/', "
            "e.g. https://strategia.example.fi/"
        )
    match = PERIOD.match(period.strip())
    if not match or not 2000 <= int(match[1]) <= int(match[2]) <= 2100:
        raise StarterError(
            f"--period: '{period}' is not a strategy period: write its first and last year, e.g. 2025-2029"
        )
    return City(fi.strip(), fi_genitive.strip(), sv.strip(), base_url, int(match[1]), int(match[2]))


def templates() -> list[str]:
    """The starter's files, as paths of the project they make, in a fixed order."""
    return sorted(p.relative_to(FILES).as_posix() for p in FILES.rglob("*") if p.is_file())


def create(dest: Path, c: City, today: dt.date) -> list[str]:
    """Write the project into `dest` (new or empty); returns the files written, relative to it. Refuses a folder
    that already holds files, so that init never overwrites a city's work."""
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise StarterError(f"{dest} already exists and is not empty: name a new folder for the project")
    env = Environment(
        loader=FileSystemLoader(FILES), undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False
    )
    values = {
        "fi": c.fi,
        "fi_gen": c.fi_genitive,
        "sv": c.sv,
        "base_url": c.base_url,
        "data_package_name": urlsplit(c.base_url).hostname,
        "start": c.start,
        "end": c.end,
        "today": today.isoformat(),
    }
    written = []
    for name in templates():
        target = RENAMED.get(name, name.removesuffix(".j2"))
        path = dest / target
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith(".j2"):
            path.write_text(env.get_template(name).render(values), encoding="utf-8", newline="\n")
        else:
            path.write_bytes((FILES / name).read_bytes())
        written.append(target)
    return written
