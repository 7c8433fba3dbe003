"""Issue 15/17: which fixes are safe and why; suggestions that keep the text grammatical and
consistent with the run's other findings; touching findings both stay fixable."""

import json

from mtcheck import check_text
from mtcheck.glossary import Glossary, GlossaryEntry


def _by_rule(text, rule, **kw):
    return [f for f in check_text(text, **kw) if f.rule == rule]


def test_pronoun_with_one_stated_referent_is_a_safe_fix_and_says_why():
    text = "Ms. Okafor, a teacher, spoke first. He said the school would reopen."
    (f,) = _by_rule(text, "MT304")
    assert f.safe_fix == "She"
    assert f.to_dict()["fix"] == {"safe": True, "reason": "one possible referent (Okafor), whose gender the article states"}


def test_broken_honorific_is_safe_only_when_one_person_of_its_gender_is_named():
    (f,) = _by_rule("Mr. Okafor and Ms. Lee met. Ms. After the vote, said she was relieved.", "MT301")
    assert f.safe_fix == "Ms. Lee, after" and "only woman" in f.fix_reason
    (f,) = _by_rule("Ms. Okafor and Ms. Lee met. Ms. After the vote, said she was relieved.", "MT301")
    assert f.suggestions == ("Ms. Lee, after",) and f.safe_fix is None
    assert f.to_dict()["fix"] == {"safe": False,
                                  "reason": "the rule does not vouch for this fix (applied only with --unsafe-fixes)"}


def test_broken_honorific_looks_past_places_and_capitalised_common_words():
    # "China said" and the quoted "Why …?" are no people: the nearest woman named before is meant.
    text = ("Teresa Alofa, the envoy, led the talks. China said it would not pay. “Why wait?” she asked.\n\n"
            "Ms Speaking to reporters, rejected the idea.")
    (f,) = _by_rule(text, "MT301")
    assert f.suggestions == ("Ms Alofa, speaking",)
    # Nor is a group named by the plural of a person noun ("Officials said", "Rescuers said").
    text = ("Teresa Alofa, the envoy, led the talks. Officials said the talks would go on. Rescuers said the road was shut.\n\n"
            "Ms Speaking to reporters, rejected the idea.")
    (f,) = _by_rule(text, "MT301")
    assert f.suggestions == ("Ms Alofa, speaking",)
    # A plural that is no person noun may be a surname ("Powers said"): the referent is uncertain.
    text = ("Teresa Alofa, the envoy, led the talks. Powers said the talks would go on.\n\n"
            "Ms Speaking to reporters, rejected the idea.")
    (f,) = _by_rule(text, "MT301")
    assert f.suggestions == ()
    # An unconfirmed person in between still makes the referent uncertain.
    text = ("Teresa Alofa, the envoy, led the talks. “We will wait,” said Anna Kowalska.\n\n"
            "Ms Speaking to reporters, rejected the idea.")
    (f,) = _by_rule(text, "MT301")
    assert f.suggestions == ()


def test_broken_honorific_suggestion_has_the_comma_and_reuses_no_flagged_form():
    glossary = Glossary([GlossaryEntry("Angela Merkel", ("Angela Merkle",), type="person", gender="f")])
    text = "Angela Merkle spoke on Monday.\n\nMs. After the vote in Berlin, said she was relieved."
    (f,) = _by_rule(text, "MT301", glossary=glossary)
    assert f.suggestions == ("Ms. Merkel, after",)


def test_cut_name_gets_no_other_persons_surname():
    text = ("President Lula spoke on Monday.\n\n"
            "Finance Minister Joseph R. The government said it would cut spending.")
    (f,) = _by_rule(text, "MT302")
    assert f.suggestions == ()


def test_cut_name_keeps_the_word_and_the_apposition_comma():
    text = ("Henrik Lund arrived on Monday. Officials met Henrik Lund at noon.\n\n"
            "Secretary General Henrik S. The former Danish prime minister, told reporters it went well.")
    (f,) = _by_rule(text, "MT302")
    assert f.suggestions == ("Henrik S. Lund, the",)


def test_cut_name_before_a_clause_with_its_own_verb_is_no_apposition():
    # Probe 11: a comma much later in the new sentence (", it said, had") made "The Interior
    # Ministry said …" an apposition, and the safe fix wrote "Belov, the Interior Ministry said".
    text = ("President Anton K. Belov spoke on Monday.\n\nPresident Anton K. The Interior Ministry said it "
            "was ready to meet in Geneva; NATO, it said, had not replied.")
    (f,) = _by_rule(text, "MT302")
    assert f.safe_fix == "Anton K. Belov. The"


def test_cut_name_counts_first_names_read_after_honorifics():
    # Probe 11: "Dr. Pavel Novak" was not counted as a Pavel, so the article seemed to name only
    # one (Pavel Dvorak) and the safe fix gave the doctor his deputy's surname.
    text = ("Dr. Pavel Novak, a surgeon, spoke first. Pavel Dvorak, his deputy, agreed.\n\n"
            "Dr. Pavel N. The clinic said it would reopen.")
    (f,) = _by_rule(text, "MT302")
    # "N." is Novak's own initial, cut short (the article writes "Pavel Novak"): no middle initial.
    assert f.suggestions == ("Pavel Novak’s", "Pavel N. Dvorak’s") and f.safe_fix is None


def test_an_initial_after_an_honorific_is_no_surname():
    # Probe 11: "Ms. Anna K. The ministry …" made a woman called "K", and MT301's safe fix wrote
    # "Ms. K"; a middle initial ("Ms. Irina V. Petrova") hid the surname.
    text = "Ms. Anna K. The ministry said talks would go on.\n\nMs. After the vote, she left the building."
    (f,) = _by_rule(text, "MT301")
    assert f.suggestions == () and f.safe_fix is None
    text = ("Ms. Irina V. Petrova, the envoy, spoke on Monday. Mr. Petrov, her deputy, agreed.\n\n"
            "Ms. After the vote, she said talks would go on.")
    (f,) = _by_rule(text, "MT301")
    assert f.safe_fix == "After the vote, Ms. Petrova"


def test_cut_name_possessive_uses_the_articles_apostrophe():
    # Probe 6: in copy that writes "Otieno's", the safe fix wrote "Kiprono’s" (curly).
    glossary = Glossary([GlossaryEntry("Joseph M. Kiprono", type="person", gender="m")])
    text = ("Mr. Otieno's aide spoke. Interior Minister Joseph M. The police were defended, saying they "
            "had acted lawfully. Mr. Kiprono's office agreed.")
    (f,) = _by_rule(text, "MT302", glossary=glossary)
    assert f.safe_fix == "Joseph M. Kiprono's"
    (f,) = _by_rule(text.replace("'", "’"), "MT302", glossary=glossary)
    assert f.safe_fix == "Joseph M. Kiprono’s"


def test_unnamed_woman_after_a_broken_honorific_blocks_the_pronoun_rule_and_the_capital_is_fixed(tmp_path, run_cli):
    text = ("Henrik Aalto, Finland’s chief negotiator, spoke. “Nobody wants to leave,” he said.\n\n"
            "Ms Speaking to reporters on Friday, rejected the idea. “Why should we pay?” She asked.\n")
    assert _by_rule(text, "MT304") == []
    story = tmp_path / "story.txt"
    story.write_text(text, encoding="utf-8")
    run_cli("check", "--no-model", "--fix", str(story))
    assert "“Why should we pay?” she asked." in story.read_text(encoding="utf-8")


def test_json_output_says_whether_each_fix_is_safe(tmp_path, run_cli):
    story = tmp_path / "story.txt"
    story.write_text("The minister left on Friday; And the talks stalled.\n", encoding="utf-8")
    (f,) = json.loads(run_cli("check", "--no-model", "-f", "json", str(story)).stdout)["files"][0]["findings"]
    assert f["fix"]["safe"] is True and f["fix"]["reason"]


def test_touching_and_same_span_findings_keep_their_fixes():
    from mtcheck.document import Document
    from mtcheck.engine import merge_findings
    from mtcheck.finding import Finding, Severity
    from mtcheck.fix import plan_edits

    doc = Document("“Why?” She asked; And left.", "x")
    start = doc.text.index("She")
    safe = Finding("MT402", "n", "c", Severity.MINOR, start, start + 3, "m", ("she",), 0.9, fixable=True)
    unsafe = Finding("MT304", "n", "c", Severity.MAJOR, start, start + 3, "m", (), 0.6)
    (merged,) = merge_findings([unsafe, safe])
    assert merged.rule == "MT304" and merged.safe_fix == "she"  # the major finding leads, the fix stays
    and_at = doc.text.index("And")
    touching = Finding("MT401", "n", "c", Severity.MINOR, start + 3, and_at + 3, "m", (" asked; and",), 0.9,
                       fixable=True)
    edits = plan_edits(doc, [merged, touching])
    assert [(e.start, e.end) for e in edits] == [(start, start + 3), (start + 3, and_at + 3)]
    conflicting = Finding("MT304", "n", "c", Severity.MAJOR, start, start + 3, "m", ("he",), 0.8, fixable=True)
    assert merge_findings([conflicting, safe])[0].safe_fix is None  # two different fixes: ask


def test_a_case_fix_that_the_pronoun_fix_contains_leaves_it_safe():
    # MT402 asked for "he", MT304 for "she": the merged finding offered both and fixed nothing
    text = ("Ms Ortiz, the mayor, spoke on Monday. “We are rebuilding the bridges, not only the roads,” "
            "He said.")
    from mtcheck.api import check_text
    (f,) = [f for f in check_text(text) if f.text == "He"]
    assert (f.rule, f.suggestions, f.safe_fix) == ("MT304", ("she",), "she")


def test_unclosed_quotation_before_its_attribution_is_a_safe_fix():
    (f,) = _by_rule("“We will hold the line at any price, he said. Talks resume on Monday.", "MT403")
    assert f.safe_fix == "price,”" and "attribution" in f.fix_reason
    # Without an attribution the closing spot is a guess: reported, not fixed.
    (f,) = _by_rule("“We will hold the line at any price. Talks resume on Monday.", "MT403")
    assert f.safe_fix is None
