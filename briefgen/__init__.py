"""briefgen: cited policy briefs (PDF, DOCX) and a matching slide deck from a verified fact library."""

__version__ = "0.1.0"
