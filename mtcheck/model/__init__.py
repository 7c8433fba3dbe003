"""The language-model layer. Imported only when the model runs; heavy imports stay inside."""

from __future__ import annotations

from typing import Callable

from ..config import Config
from .store import ModelUnavailable


def load_checker(config: Config, warn: Callable[[str], None], resident: bool = False):
    """The model checker for `config`, or raise ModelUnavailable with a one-line reason.

    Only cheap checks happen here; the model itself loads on the first text the score cache
    cannot answer, so re-checking an unchanged article never starts torch. With `resident`
    (the CLI) that model lives in a background server shared by later runs (see server.py),
    unless MTCHECK_SERVER=0.
    """
    import importlib.util

    from .store import resolve_source

    missing = [m for m in ("torch", "transformers", "wordfreq", "rapidfuzz", "filelock", "safetensors")
               if importlib.util.find_spec(m) is None]
    if missing:
        raise ModelUnavailable(
            f"the language model is not installed ({', '.join(missing)} missing: pip install 'mtcheck[model]', "
            "then mtcheck model install); running rules only")
    source = resolve_source(config.model)
    from . import server

    if resident and server.enabled():
        return server.ResidentChecker(source, warn)
    from .checker import ModelWordChecker

    return ModelWordChecker(source, warn)


__all__ = ["ModelUnavailable", "load_checker"]
