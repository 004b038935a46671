"""From a page (or a Word/PDF document rendered to one) to the report model: title, sections, tables, claims.

The entry points live in :mod:`gzcheck.extraction.document`; they are loaded on first use, so a rule that
only reads prose claims (``gzcheck.extraction.claims``) does not pay for the table reader at start-up.
"""

_PUBLIC = ("extract_bytes", "extract_document", "extract_page", "as_notes")


def __getattr__(name: str):
    if name in _PUBLIC:
        from gzcheck.extraction import document

        return getattr(document, name)
    raise AttributeError(f"module 'gzcheck.extraction' has no attribute {name!r}")
