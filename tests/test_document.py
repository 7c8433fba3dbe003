from mtcheck.document import Document


def test_positions_with_crlf_lone_cr_and_non_ascii():
    text = "Łódź said\r\nsecond line\rthird — ünïcode\nlast"
    doc = Document(text, "x.txt")
    for offset in range(len(text)):
        line, col = doc.position(offset)
        assert doc.offset(line, col) == offset
    assert doc.position(text.index("second")) == (2, 1)
    assert doc.position(text.index("third")) == (3, 1)
    assert doc.position(text.index("ünïcode")) == (3, 9)
    assert doc.position(text.index("last")) == (4, 1)


def test_markdown_masks_code_front_matter_html_urls_and_link_targets():
    text = (
        "---\ntitle: Budget; And more\n---\n"
        "# Heading\n\n"
        "Prose with `code; And` and a [link](https://example.org/a;And) here.\n\n"
        "```\nfenced; And code\n```\n\n"
        "    indented; And code\n\n"
        "<!-- comment; And -->\n<span class=\"x\">inline html</span> www.example.com/x;And\n"
    )
    doc = Document(text, "story.md")
    assert len(doc.prose) == len(text)
    prose = doc.prose
    for hidden in ("title:", "code; And", "https://", "fenced", "indented", "comment", "class=", "www.example"):
        assert hidden not in prose, hidden
    for visible in ("Heading", "Prose with", "link", "here.", "inline html"):
        assert visible in prose, visible
    # every character the mask keeps is the original character
    assert all(p == t or p == " " for p, t in zip(prose, text))


def test_plain_text_is_not_treated_as_markdown():
    doc = Document("Use `this` and # that", "a.txt")
    assert doc.prose == "Use `this` and # that"


def test_sentences_do_not_break_after_honorifics_or_initials():
    doc = Document("Mr. Smith met Dr. Jones. President John F. Kennedy spoke. Then it rained.", "a.txt")
    texts = [doc.prose[s.start:s.end] for s in doc.sentences]
    assert texts == ["Mr. Smith met Dr. Jones.", "President John F. Kennedy spoke.", "Then it rained."]
    assert [t.text for t in doc.sentences[1].tokens] == ["President", "John", "F", "Kennedy", "spoke"]


def test_a_run_of_end_marks_ends_one_sentence():
    doc = Document("It fell!!! Then “Why?!” she asked. So… It ended..... Later 2 more.", "a.txt")
    assert [doc.prose[s.start:s.end] for s in doc.sentences] == [
        "It fell!!!", "Then “Why?!” she asked.", "So…", "It ended.....", "Later 2 more."]


def test_paragraphs_split_on_blank_lines():
    doc = Document("One.\nStill one.\n\n  \nTwo.\r\n\r\nThree.", "a.txt")
    assert [doc.text[p.start:p.end] for p in doc.paragraphs] == ["One.\nStill one.", "Two.", "Three."]


def test_bom_is_not_part_of_the_text():
    doc = Document.from_bytes("\ufeffHello".encode("utf-8"), "a.txt")
    assert doc.text == "Hello" and doc.bom


def test_markdown_footnote_text_is_prose_its_label_is_markup():
    """A footnote definition (`[^1]: text`) was masked whole as a link reference definition, so an
    error in a footnote was never reported; its text is prose, its label markup."""
    from mtcheck import check_text

    text = ("Aid arrived.[^1]\n\n"
            "[^1]: Talks stalled; And the envoy left.\n\n"
            "[ref]: https://example.org/a;And \"Title; And\"\n")
    doc = Document(text, "story.md")
    prose = doc.prose
    assert "Talks stalled; And the envoy left." in prose
    assert "[^1]:" not in prose and "example.org" not in prose and "Title" not in prose
    (finding,) = check_text(text, markdown=True, config={"select": ["MT401"]})
    assert finding.text == "And" and doc.position(finding.start) == (3, 22)


def test_each_cell_of_a_markdown_table_is_a_paragraph():
    """A table's cells are blocks of their own: a quotation opened in one cell is closed in
    that cell, not in the next row (MT403); in plain text the same lines are one paragraph."""
    from mtcheck.api import check_text

    text = ("Intro.\n\n| Episode | Verdict |\n| --- | --- |\n| \"Sleep, Dearie Sleep | Strong |\n"
            "| Ritz | Weak; Rushed |\n\nAfter the table.\n")
    doc = Document(text, "x.md")
    assert [text[p.start:p.end] for p in doc.paragraphs] == [
        "Intro.", "Episode", "Verdict", "\"Sleep, Dearie Sleep", "Strong", "Ritz", "Weak; Rushed", "After the table."]
    assert len(Document(text, "x.txt").paragraphs) == 3
    [f] = [f for f in check_text(text, markdown=True) if f.rule == "MT403"]
    assert list(f.suggestions) == ["Sleep\""]


def test_a_heading_underline_is_no_table():
    """"---" under a title without a pipe underlines a heading: the lines after it are prose,
    whatever pipes they hold."""
    text = 'Results\n---\nThe vote was 3 | 2, she said.\nMore text.\n'
    assert [text[p.start:p.end] for p in Document(text, "x.md").paragraphs] == [
        "Results", "The vote was 3 | 2, she said.\nMore text."]


def test_code_and_raw_text_html_elements_are_not_prose():
    """The content of <script>, <style>, <pre>, <textarea> and of inline <code>/<kbd> was read
    as prose (only the tags were masked): an error inside them was flagged and safe-fixed. A
    tag named inside a code span opens nothing, and an unclosed inline element hides only itself."""
    from mtcheck.api import check_text

    error = "the tip of the glacier"
    text = (f"Intro.\n\n<script>\nvar s = '{error}';\n</script>\n\n<style>/* {error} */</style>\n\n"
            f"<PRE class=\"x\">\n{error}\n</pre>\n\nSome <code>{error}</code> and <kbd>{error}</kbd>.\n\n"
            f"<textarea>{error}</textarea>\n\nUse the `<pre>` tag. Then {error} was seen.\n\n"
            f"A stray <code> tag and {error} here.\n")
    doc = Document(text, "x.md")
    assert doc.prose.count(error) == 2
    found = [f for f in check_text(text, markdown=True) if f.rule == "MT201"]
    assert [doc.position(f.start)[0] for f in found] == [17, 19]
    unclosed = "Intro.\n\n<pre>\nthe tip of the glacier\n\nStill raw text.\n"
    assert "tip" not in Document(unclosed, "x.md").prose and "Intro." in Document(unclosed, "x.md").prose


def test_reference_labels_and_angle_bracket_targets_are_not_prose(tmp_path):
    """A full reference link's label ("[text][label]"), the text of a shortcut or collapsed
    reference link whose label is defined ("[label]", "[label][]"), and a link target in angle
    brackets with spaces ("](<a b.pdf>)") were prose: MT201 flagged them and --fix rewrote the
    label, which broke the link to its definition."""
    from mtcheck.cli import main
    from click.testing import CliRunner

    text = ("Olaf Scholz arrived on Tuesday.\n\n"
            "See [the report][the tip of the glacier], [the tip of the glacier][] and "
            "[The Tip of the  Glacier], and [this](<https://example.com/the tip of the glacier.pdf> "
            "(the tip of the glacier)).\n\n"
            "[the tip of the glacier]: https://example.com/x\n\n"
            "In prose the tip of the glacier is [seen] here.\n")
    doc = Document(text, "x.md")
    assert doc.prose.count("tip of the glacier") == 1 and "seen" in doc.prose and "report" in doc.prose
    path = tmp_path / "x.md"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-model", "--fix", str(path)])
    assert result.exit_code == 1
    assert path.read_text(encoding="utf-8") == text.replace("In prose the tip of the glacier",
                                                             "In prose the tip of the iceberg")


def test_a_span_crosses_non_prose_when_it_takes_in_part_of_it_and_more():
    """A fix may replace a whole URL with another (MT502 puts back the source's), never delete
    markup beside prose ("Ms. **Asked**")."""
    doc = Document("Ms. **Asked** about it, see https://example.gov.cn/a today.\n", "a.md")
    url = doc.text.index("https://")
    url_end = doc.text.index(" today")
    assert not doc.crosses_non_prose(url, url_end)  # the whole URL
    assert not doc.crosses_non_prose(url + 8, url_end)  # inside it
    assert doc.crosses_non_prose(url - 4, url_end)  # prose and the URL
    assert doc.crosses_non_prose(0, doc.text.index("Asked") + 5)  # "Ms. **Asked": prose and markup
    assert not doc.crosses_non_prose(0, 3)  # prose alone


def test_tokens_are_the_word_matches_with_their_offsets():
    from mtcheck.document import Token
    from mtcheck.english import LETTER_WORD, WORD, token_spans

    text = "Nagorno-Karabakh’s talks, 2023: Łódź\u0301 — members’ vote...end"
    doc = Document(text, "x.txt")
    assert doc.tokens == tuple(Token(m.start(), m.end(), m.group()) for m in WORD.finditer(text))
    assert doc.tokens[0] == Token(0, 18, "Nagorno-Karabakh’s")
    assert [text[s:e] for s, e, _ in doc.tokens] == [t.text for t in doc.tokens]
    starts, ends, words = token_spans(LETTER_WORD, text)
    assert list(zip(starts, ends, words)) == [(m.start(), m.end(), m.group()) for m in LETTER_WORD.finditer(text)]
    assert "members’" in words
    assert Document("", "x.txt").tokens == () and Document(" — ", "x.txt").tokens == ()
    assert Document("word", "x.txt").tokens == (Token(0, 4, "word"),)
