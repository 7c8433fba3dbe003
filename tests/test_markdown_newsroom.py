"""The newsroom Markdown fixtures (tests/data/markdown_newsroom): articles as Hugo, Jekyll,
Astro/MDX, MkDocs and GFM sites hold them, clean and garbled twins with a gold list of the
errors. Clean twins get no finding; each garbled error is found by its rule and nothing else
is; --fix changes only the error spans (every byte of markup, BOM, CRLF, tab and no-break
space kept), a second --fix and the pre-commit fix hook agree. Rules only.
`python tools/markdown_probe.py` prints the same measures as numbers."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess

import pytest

from conftest import REPO, git_in, newsroom_with_hook

DATA = REPO / "tests" / "data" / "markdown_newsroom"
GLOSSARY = str(DATA / "glossary.csv")
GOLD = [json.loads(line) for line in (DATA / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
NAMES = [record["id"] for record in GOLD]
BOM = "\ufeff"
# The articles whose every error has a safe fix: --fix gives the clean twin, byte for byte.
FIXED_TO_CLEAN = ["01-hugo-yaml-council-budget", "02-hugo-toml-river-flood", "03-jekyll-liquid-court",
                  "04-mdx-callout-election", "07-footnotes-refs-investigation", "09-headings-anchors-liveblog",
                  "10-mkdocs-kramdown-explainer"]


def _record(name: str) -> dict:
    return next(r for r in GOLD if r["id"] == name)


def _read(path) -> str:
    return (REPO / path).read_bytes().decode("utf-8")


def _findings(cli, path) -> list[dict]:
    result = cli("check", "--no-model", "-g", GLOSSARY, "-f", "json", str(path))
    return json.loads(result.stdout)["files"][0]["findings"]


def _apply(text: str, errors: list[dict], pick) -> str:
    """`text` (no BOM) with each error's span replaced by pick(error)."""
    for e in sorted(errors, key=lambda e: e["start"], reverse=True):
        text = text[:e["start"]] + pick(e) + text[e["end"]:]
    return text


def test_the_fixtures_are_twins_and_the_gold_is_what_the_maker_writes():
    spec = importlib.util.spec_from_file_location("make_garbled", DATA / "make_garbled.py")
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)
    assert sorted(maker.ERRORS) == sorted(f"{n}.md" for n in NAMES)
    for record in GOLD:
        garbled, clean = _read(record["garbled"]), _read(record["clean"])
        bom = BOM if garbled.startswith(BOM) else ""
        assert clean.startswith(bom)
        body = garbled[len(bom):]
        for e in record["errors"]:
            assert body[e["start"]:e["end"]] == e["text"] and e["rule"].startswith("MT")
        assert bom + _apply(body, record["errors"], lambda e: e["corrections"][0]) == clean
        text, gold = maker.garble(clean[len(bom):], maker.ERRORS[f"{record['id']}.md"])
        assert (text, gold) == (body, record["errors"])
    # The constructs the probe is about are really there.
    raw = {r["id"]: (REPO / r["garbled"]).read_bytes() for r in GOLD}
    assert sum(b.startswith(BOM.encode()) for b in raw.values()) == 2
    assert sum(b"\r\n" in b for b in raw.values()) == 3
    assert all(b"\n" not in b.replace(b"\r\n", b"") for b in raw.values() if b"\r\n" in b)
    joined = b"".join(raw.values())
    for construct in (b"+++", b"{{< ", b"{{% note %}}", b"{% include", b"{{ page.title }}", b"<Callout", b"import ",
                      b"<figure", b"<br>", b"| :---", b"- [x]", b"[^", b"]: ", b"](", b"{#", b"{: ", b"!!! ",
                      b"\t", "\u00a0".encode(), b"  \n", b"\\\n", "“".encode(), b'"', "—".encode(), b"\n===",
                      b"![", b"<https://"):
        assert construct in joined, construct


@pytest.mark.parametrize("name", NAMES)
def test_a_clean_article_has_no_finding(name, cli):
    assert _findings(cli, REPO / _record(name)["clean"]) == []


@pytest.mark.parametrize("name", NAMES)
def test_each_garbled_error_is_found_by_its_rule_and_nothing_else_is_flagged(name, cli):
    record = _record(name)
    found = _findings(cli, REPO / record["garbled"])
    for e in record["errors"]:
        assert any(f["rule"] == e["rule"] and f["start"] < e["end"] and e["start"] < f["end"] for f in found), e
    for f in found:
        assert any(f["start"] < e["end"] and e["start"] < f["end"] for e in record["errors"]), f


@pytest.mark.parametrize("name", NAMES)
def test_fix_changes_only_the_error_spans_and_a_second_fix_or_the_diff_agree(name, cli, tmp_path):
    record = _record(name)
    source = REPO / record["garbled"]
    path = tmp_path / source.name
    shutil.copyfile(source, path)
    diff = cli("check", "--no-model", "-g", GLOSSARY, "--diff", str(path)).stdout_bytes
    cli("check", "--no-model", "-g", GLOSSARY, "--fix", str(path))
    fixed = path.read_bytes()
    garbled = source.read_bytes()
    bom = BOM.encode() if garbled.startswith(BOM.encode()) else b""
    assert fixed.startswith(bom) and fixed.count(b"\r\n") == garbled.count(b"\r\n")
    # Every byte outside the gold spans is kept; each span is left or fixed to a correction.
    body = fixed[len(bom):].decode("utf-8")
    text = garbled[len(bom):].decode("utf-8")
    pos, outcomes = 0, []
    errors = sorted(record["errors"], key=lambda e: e["start"])
    for k, e in enumerate(errors):
        before = text[errors[k - 1]["end"] if k else 0:e["start"]]
        assert body.startswith(before, pos), (e, body[pos:pos + 80])
        pos += len(before)
        now = next((c for c in sorted([e["text"], *e["corrections"]], key=len, reverse=True)
                    if body.startswith(c, pos)), None)
        assert now is not None, (e, body[pos:pos + 80])
        outcomes.append(now != e["text"])
        pos += len(now)
    assert body[pos:] == text[errors[-1]["end"]:]
    if name in FIXED_TO_CLEAN:
        assert all(outcomes) and fixed == (REPO / record["clean"]).read_bytes()
    assert cli("check", "--no-model", "-g", GLOSSARY, "--fix", str(path)).exit_code in (0, 1)
    assert path.read_bytes() == fixed  # the second run changes nothing
    if shutil.which("patch"):
        other = tmp_path / "diff" / source.name
        other.parent.mkdir()
        shutil.copyfile(source, other)
        subprocess.run(["patch", "-s", "-p0", str(other)], input=diff, check=True)
        assert other.read_bytes() == fixed


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_fix_hook_fixes_the_newsroom_articles_and_keeps_their_bytes(tmp_path):
    """pre-commit's mtcheck-fix hook on articles with front matter, shortcodes, Liquid, MDX,
    CRLF line endings and a BOM: the commit stops with the files fixed to their clean twins
    (markup untouched), and goes through once they are staged."""
    names = ["01-hugo-yaml-council-budget", "02-hugo-toml-river-flood", "03-jekyll-liquid-court",
             "04-mdx-callout-election", "10-mkdocs-kramdown-explainer"]
    hooks = f"  - id: mtcheck-fix\n    args: [-g, {GLOSSARY}]\n"
    repo, env = newsroom_with_hook(tmp_path, hooks=hooks)
    for name in names:
        shutil.copyfile(REPO / _record(name)["garbled"], repo / f"{name}.md")
    git_in(repo, "add", ".", env=env)
    commit = git_in(repo, "commit", "-m", "stories", env=env)
    assert commit.returncode != 0, commit.stdout + commit.stderr
    for name in names:
        assert (repo / f"{name}.md").read_bytes() == (REPO / _record(name)["clean"]).read_bytes(), name
    git_in(repo, "add", ".", env=env)
    commit = git_in(repo, "commit", "-m", "stories", env=env)
    assert commit.returncode == 0, commit.stdout + commit.stderr
