"""The nginx configuration that serves a built site (`strategy-site nginx-config`): the template the package ships
(defaults/nginx.conf), with `server_name` the host the site is published at (base_url in content/site.yml).

The template is the same for every city; only the host name is the city's. Its Content-Security-Policy allows
the inline scripts and styles of the sites the package builds by their hashes (deploy/csp.py in the generator's
repository computes them and rewrites the template's policy line).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

TEMPLATE = Path(__file__).parent / "defaults" / "nginx.conf"
SERVER_NAME = "__SERVER_NAME__"
POLICY_LINE = re.compile(r'add_header\s+Content-Security-Policy\s+"([^"]*)"')


class NotServable(ValueError):
    """base_url is not an address this configuration serves: no host, or not the root of its host."""


def host(base_url: str) -> str:
    """The host name of the site's address (https://strategia.example.fi/ → strategia.example.fi); a site
    published under a path cannot be served by this configuration, which serves the host's root."""
    parts = urlsplit(base_url)
    if not parts.hostname:
        raise NotServable(f"base_url {base_url} has no host name")
    if parts.path not in ("", "/"):
        raise NotServable(
            f"base_url {base_url} is not the root of its host: the nginx configuration serves a site "
            f"published at the root of its host, https://{parts.hostname}/: publish the site there, or write the "
            "server's configuration yourself"
        )
    return parts.hostname


def config(base_url: str) -> str:
    """The whole configuration for the site published at base_url."""
    template = TEMPLATE.read_text(encoding="utf-8")
    assert template.count(SERVER_NAME) == 1, f"{TEMPLATE}: expected {SERVER_NAME} once"
    return template.replace(SERVER_NAME, host(base_url))


def policy() -> str:
    """The Content-Security-Policy the configuration sends with every response."""
    return POLICY_LINE.search(TEMPLATE.read_text(encoding="utf-8")).group(1)
