"""Tianluo (天罗): financial-risk public-opinion monitor.

The core package holds what every stage shares: settings, the document
models, errors, time helpers and the CLI.  The stages live in their own
top-level packages: ``crawler`` -> ``keywords`` -> ``indexer`` ->
``alerts`` / ``reports``.
"""

__version__ = "0.1.0"
