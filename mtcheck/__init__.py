"""mtcheck: catch machine-translation errors in English news copy."""

__version__ = "0.1.0"

from .api import check_paths, check_text, make_checker
from .config import Config
from .document import Document
from .engine import FileResult
from .finding import Finding, Severity
from .glossary import Glossary, GlossaryEntry

__all__ = ["Config", "Document", "FileResult", "Finding", "Glossary", "GlossaryEntry", "Severity",
           "check_paths", "check_text", "make_checker", "__version__"]
