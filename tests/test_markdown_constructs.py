"""The syntax of the static-site generators newsrooms publish with (Hugo, Jekyll, Astro/MDX,
MkDocs), read as markup, not prose; and the blocks indented inside list items, footnotes and
admonitions, read as prose, not code. Found by the newsroom Markdown probe
(tests/data/markdown_newsroom, tools/markdown_probe.py)."""

from mtcheck.api import check_text
from mtcheck.document import Document


def _prose(text: str) -> str:
    return Document(text, "story.md").prose


def _rules(text: str, **kw) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in check_text(text, markdown=True, **kw)]


def test_hugo_shortcode_arguments_are_markup_and_a_paired_shortcode_holds_prose(tmp_path, cli):
    """A shortcode's arguments were prose: MT103 took the ASCII lookup key of a person card
    ("Teodor Vasic") for a misspelling of the article's "Vasić" and --fix rewrote it, breaking
    the lookup. The text between a paired shortcode's tags is the article's, and is checked."""
    text = ("Teodor Vasić leads the opposition. Mr. Vasić spoke first.\n\n"
            '{{< person-card name="Teodor Vasic" role="opposition-leader" >}}\n\n'
            '{{< figure src="/img/a.jpg" caption="Vasic; The chamber" >}}\n\n'
            "{{% note %}}\nMr. Vasić left the the chamber.\n{{% /note %}}\n")
    prose = _prose(text)
    assert "Vasic" not in prose and "person-card" not in prose and "{{" not in prose and "%}}" not in prose
    assert "Mr. Vasić left the the chamber." in prose
    assert _rules(text) == [("MT404", "the the")]
    path = tmp_path / "story.md"
    path.write_text(text, encoding="utf-8")
    assert cli("check", "--no-model", "--fix", str(path)).exit_code == 1
    assert path.read_text(encoding="utf-8") == text.replace("the the", "the")


def test_liquid_tags_and_output_are_markup():
    """Jekyll's `{% include … %}`, `{% if %}` and `{{ page.title }}` were read as words; the
    text between `{% if %}` and `{% endif %}` is prose."""
    text = ('{% include byline.html author=page.author note="the the" %}\n\n'
            "Share: [{{ page.title }}]({{ page.url | absolute_url }})\n\n"
            "{% if page.updated %}\n*Updated with comments from the the regulator.*\n{% endif %}\n")
    prose = _prose(text)
    for markup in ("include", "byline", "page.title", "absolute_url", "endif", "{", "}"):
        assert markup not in prose, markup
    assert "Updated with comments from the the regulator." in prose
    assert _rules(text) == [("MT404", "the the")]


def test_mdx_imports_exports_comments_and_components():
    """MDX's import/export block after the front matter and its `{/* comments */}` are code; a
    component's tags are markup and the prose inside them is checked."""
    text = ("---\ntitle: Count\n---\nimport Callout from '../components/Callout.astro';\n"
            "export const results = { yes: 18204, no: 17792 };\n\n"
            '<Callout type="info">\nBallots are counted by by hand.\n</Callout>\n\n'
            "<Chart data={results} height={320} />\n\n{/* Editors: the the chart */}\n\n"
            "Imports rose; exports fell.\n")
    prose = _prose(text)
    for markup in ("import", "Callout", "export const", "results", "Editors", "320"):
        assert markup not in prose, markup
    assert "Ballots are counted by by hand." in prose and "Imports rose; exports fell." in prose
    assert _rules(text) == [("MT404", "by by")]
    # An import statement is MDX's only at the start of a block: in a paragraph it is prose.
    assert "import 'x'" in _prose("They said\nimport 'x' was banned.\n")


def test_heading_anchors_and_attribute_lists_are_markup():
    """`{#anchor}` after a heading and kramdown's `{: .class }` lines were prose; braces
    around words ("{6 of 10}") stay text."""
    text = ("## The vote {#the-vote .wide data-x=\"1\"}\n\n# Title\n{: .explainer-title }\n\n"
            "A paragraph.\n{: #lead }\n\nIt was {6 of 10} votes.\n")
    prose = _prose(text)
    for markup in ("#the-vote", "wide", "data-x", "explainer", "#lead", "{:"):
        assert markup not in prose, markup
    assert "The vote" in prose and "{6 of 10}" in prose


def test_task_boxes_setext_underlines_escapes_and_hard_breaks_are_markup():
    """A task list's box ("[x]"), a setext heading's "====" line, an escaping backslash and the
    backslash of a hard line break were left in the prose; the line over "====" is a heading."""
    text = ("Rail strike: live updates\n=========================\n\n"
            "- [x] Sandbags delivered\n- [ ] Damage assessment\n\n"
            "**Q: How long can they keep going?**\\\n**A:** Longer \\*than\\* they think.\n")
    doc = Document(text, "story.md")
    assert "=" not in doc.prose and "[x]" not in doc.prose and "[ ]" not in doc.prose
    assert "x]" not in doc.prose and "\\" not in doc.prose
    assert "Sandbags delivered" in doc.prose and "Longer" in doc.prose
    assert doc.sentences[0].start in doc.headlines
    # The question ends its sentence at the hard break.
    assert [" ".join(doc.prose[s.start:s.end].split()) for s in doc.sentences][2:4] == [
        "Q: How long can they keep going?", "A: Longer than they think."]


def test_shortcut_reference_link_brackets_and_abbreviation_labels_are_markup():
    text = ("See also our [explainer on bills] today.\n\n[explainer on bills]: /explainers/bills\n\n"
            "*[Ofgem]: Office of Gas and Electricity Markets\n")
    prose = _prose(text)
    assert "[" not in prose and "]" not in prose and "explainer" not in prose
    assert "See also our" in prose and "Office of Gas and Electricity Markets" in prose


def test_paragraphs_indented_into_list_items_footnotes_and_admonitions_are_prose():
    """A list item's second paragraph (indented to its content, with spaces or a tab), a
    footnote's second paragraph and a MkDocs admonition's body were masked as indented code,
    so their errors were never reported. Code is still code four columns past the content."""
    text = ("1. Check the tariff.\n2. Ask the supplier.\n\n\tMost suppliers run funds for customers in in debt.\n\n"
            "3. Submit readings.\n\n"
            "- Leave home:\n\n  - switch off the gas;\n\n    Tell a neighbour where where you go.\n\n"
            "Text.[^2]\n\n[^2]: A leak counts from the day it is reported.\n\n"
            "    Some leaks had been been logged twice.\n\n"
            "!!! note \"Who sets it?\"\n\n    The regulator sets the the cap.\n\n"
            "Back at the margin.\n\n    indented code: the the\n\n"
            "- item\n\n          code in an item: to to\n")
    prose = _prose(text)
    for visible in ("in in debt", "where where", "been been", "the the cap", "Who sets it?"):
        assert visible in prose, visible
    assert "indented code" not in prose and "code in an item" not in prose and "!!!" not in prose
    assert sorted(t for r, t in _rules(text) if r == "MT404") == ["been been", "in in", "the the", "where where"]
