"""Rules the language model reports (MT9xx). They are listed here so `mtcheck rules`, --select
and --ignore know them; the findings come from mtcheck.model, which runs after the rules."""

from __future__ import annotations

from ..finding import Severity
from .base import Example, Rule


class WrongWord(Rule):
    """A real word that does not fit its context, found by the language model.

    The model rescores the sentence with candidate replacements (near spellings, sound-alikes,
    morphological variants, its own predictions, names from the article and glossary) and
    flags the word when a candidate is far more likely. Runs only in model mode
    (not with --no-model); suggestions are applied only with --unsafe-fixes.
    """

    code = "MT901"
    name = "wrong-word"
    category = "Accuracy/Mistranslation"
    severity = Severity.MAJOR
    fixable = False
    origin = "model"

    examples = (
        Example("The central bank raised interest rates on Tuesday to curb inflation."),
        Example("Rescue teams searched the flooded villages for survivors."),
    )

    def check(self, doc, ctx):
        return ()  # the model layer reports this code


RULES = (WrongWord,)
