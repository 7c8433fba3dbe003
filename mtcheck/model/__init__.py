"""The language-model layer. Imported only when the model runs; heavy imports stay inside."""

from __future__ import annotations

from typing import Callable

from ..config import Config
from .store import ModelUnavailable


def load_checker(config: Config, warn: Callable[[str], None]):
    """The model checker for `config`, or raise ModelUnavailable with a one-line reason.

    Only cheap checks happen here; the model itself loads on the first text the score cache
    cannot answer, so re-checking an unchanged article never starts torch.
    """
    import importlib.util

    from .store import resolve_source

    for module in ("wordfreq", "rapidfuzz", "filelock", "safetensors"):
        if importlib.util.find_spec(module) is None:
            raise ModelUnavailable(f"{module} is not installed (pip install 'mtcheck[model]'); running rules only")
    source = resolve_source(config.model)
    from .checker import ModelWordChecker

    return ModelWordChecker(source, warn)


__all__ = ["ModelUnavailable", "load_checker"]
