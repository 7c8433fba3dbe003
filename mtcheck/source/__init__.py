"""Source-aware checking: compare a translation with its source-language original.

- `lang`: scripts, source-language detection, the language data files
- `quantities`: numbers, amounts, percentages, dates and times in each language's conventions
- `anchors`: URLs, e-mails, acronyms, codes and names a translation keeps
- `align`: source sentence splitting and Gale–Church-style alignment
- `analysis`: the pair analysis the MT5xx rules share (`pair_analysis(doc)`)
- `pairs`: which source belongs to which target (`sources` config key, `--source`), and reading it
"""

from .analysis import PairAnalysis, pair_analysis

__all__ = ["PairAnalysis", "pair_analysis"]
