"""Static bilingual strategy website generator: content/ -> docs/ (Markdown) -> site/ (MkDocs + Material)."""

__version__ = "0.1.0"
