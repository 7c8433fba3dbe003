"""Write docs/rules.md from the rule registry (docstrings and examples).

    python tools/gen_rule_docs.py          # rewrite docs/rules.md
    python tools/gen_rule_docs.py --check  # exit 1 when docs/rules.md is stale

tests/test_rule_docs.py fails when the file is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "rules.md"
sys.path.insert(0, str(ROOT))

from mtcheck.rules.docs import markdown  # noqa: E402


def main(argv: list[str]) -> int:
    text = markdown()
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET.relative_to(ROOT)} is stale: run python tools/gen_rule_docs.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
