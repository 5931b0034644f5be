"""Generated Markdown of a few pages equals the reviewed golden files (regenerate: make golden)."""

import pytest

from tests.golden import GOLDEN, PAGES, generated


@pytest.mark.parametrize("path", PAGES)
def test_page_matches_golden_file(path):
    expected = (GOLDEN / path).read_bytes()
    assert generated()[path].decode("utf-8") == expected.decode("utf-8"), "run `make golden` and review the diff"
