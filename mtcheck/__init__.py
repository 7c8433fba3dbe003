"""mtcheck: catch machine-translation errors in English news copy."""

__version__ = "0.1.0"

from .api import Findings, check_paths, check_text, make_checker
from .config import Config, ConfigError
from .document import Document, InputError
from .engine import Checker, FileResult
from .finding import Finding, Severity
from .glossary import Glossary, GlossaryEntry, GlossaryError

__all__ = ["Checker", "Config", "ConfigError", "Document", "FileResult", "Finding", "Findings", "Glossary",
           "GlossaryEntry", "GlossaryError", "InputError", "Severity", "check_paths", "check_text",
           "make_checker", "__version__"]
