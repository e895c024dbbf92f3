"""reportlint: a linter for Chinese structured reports.

The pipeline runs one way, a package per stage:
read (bytes → paragraphs) → parse (Lark grammar → tree) → model (sections, items) → checks → output.
"""

__version__ = "0.1.0"
