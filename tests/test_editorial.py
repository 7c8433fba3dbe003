
"""Editorial rules MT301-MT304 and MT401-MT403, beyond their examples.

What each rule flags (span and first fix) and which tricky correct texts it leaves alone are
the rules' own `examples`, run by tests/test_rule_examples.py; this file keeps what examples
cannot say: several findings at once, confidence, fixability, messages, rules interacting,
the data files, the clean corpus and robustness."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtcheck import check_text
from mtcheck.rules import ALL_RULES
from mtcheck.rules.persons import swap_pronoun

DATA = Path(__file__).parent / "data" / "editorial"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
if not SHARED.is_dir():  # a git worktree lives one level deeper than the main checkout
    SHARED = Path(__file__).resolve().parents[2].parent / "shared"
EDITORIAL = ("MT301", "MT302", "MT303", "MT304", "MT401", "MT402", "MT403")


def found(text: str, code: str, **kw):
    """(flagged text, suggestions) of the findings of one rule."""
    return [(f.text, list(f.suggestions)) for f in check_text(text, **kw) if f.rule == code]


# -- MT301 honorific followed by a non-name -----------------------------------------------------
def test_honorific_before_sentence_opener_suggests_nearest_woman():
    text = ("Mr. Okafor left early. “We stayed until dawn,” said Irina Vasquez, a teacher.\n\n"
            "Ms. After leaving the city, she said, the family slept in a school.")
    assert found(text, "MT301") == [("Ms. After leaving the city, she", ["After leaving the city, Ms. Vasquez"])]


def test_honorific_without_period_before_article_suggests_man():
    text = ("Prime Minister Joseph Tui spoke first; Ms Lin followed.\n\n"
            "Mr The minister said the talks would resume.")
    assert found(text, "MT301") == [("Mr The", ["Mr Tui the"])]


def test_broken_honorific_without_anyone_before_has_no_suggestion():
    assert found("Dr. Despite the storm, the clinic stayed open.", "MT301") == [("Dr. Despite", [])]


def test_honorific_before_verb_form_and_function_word():
    text = "Nuala Byrne, a nurse, treated him. Ms. Standing beside the bed, she said he would live."
    assert found(text, "MT301") == [("Ms. Standing beside the bed, she", ["Standing beside the bed, Ms. Byrne"])]


def test_honorific_before_an_adverb():
    # Fresh probe: "Ms. Visibly moved, said …" was read as a woman called Visibly.
    text = ("Provincial Governor Maricel Dumalagan toured the shelters. “This was a tragedy,” Ms. Dumalagan said.\n\n"
            "Ms. Visibly moved, said five children had died.")
    assert found(text, "MT301") == [("Ms. Visibly", ["Ms. Dumalagan, visibly"])]
    assert found("Ms. Kelly moved on. Mr. Early said so. Ms. Lively agreed.", "MT301") == []


def test_broken_honorific_takes_the_family_name_of_a_name_written_family_name_first():
    # "Chan Mei-ling": a hyphenated given name with its second syllable in lowercase follows
    # the family name; --fix wrote "Ms. Mei-ling" for her.
    text = ("Chan Mei-ling, a shop owner, lost her stock. "
            "Ms. Standing in the doorway, she said the water came fast.")
    assert found(text, "MT301") == [("Ms. Standing in the doorway, she", ["Standing in the doorway, Ms. Chan"])]
    text = "Anna Keller-Sutter, a judge, spoke. Ms. Standing up, she left."
    assert found(text, "MT301") == [("Ms. Standing up, she", ["Standing up, Ms. Keller-Sutter"])]


def test_broken_honorific_skips_a_person_whose_pronoun_says_otherwise():
    text = ("“We will pay,” said Ms Alofa, the envoy.\n\n"
            "Henrik Aalto, Finland’s chief negotiator, spoke next. “Nobody wants to walk away,” he said.\n\n"
            "Ms Speaking to reporters on Friday, rejected the idea.")
    assert found(text, "MT301") == [("Ms Speaking", ["Ms Alofa, speaking"])]  # the comma the phrase needs


@pytest.mark.parametrize("text", [
    "Ms. May said the vote would go ahead.",
    "“No,” said Mr. Long. Mr. Long left before noon.",
    "Mr. Brown and Dr. Strange spoke later.",
    "Mr. And Mrs. Smith arrived on Friday.",
    "The author, Ann After, signed copies. Ms. After said she was tired.",  # used as a name
    "Mr. and Mrs. Patel stayed home.",
    "The series Dr. Who? It returns in May.",  # followed by punctuation: a name
    "“It works,” said John Fleming, a chemist. Mr. Fleming in his lab was calm.",  # -ing surname
])
def test_honorific_before_real_name_is_silent(text):
    assert found(text, "MT301") == []


# -- MT302 broken name ---------------------------------------------------------------------------
def test_name_cut_after_initial_suggests_surname_with_that_first_name():
    text = ("President George W. The White House declined to comment.\n\n"
            "Later, George W. Harlow said he had been misquoted.")
    assert found(text, "MT302") == [("George W. The", ["George W. Harlow. The"])]  # "The White House" starts a sentence


def test_name_cut_after_initial_falls_back_to_most_mentioned_person_without_first_name():
    text = ("Mr Petrov warned on Monday that talks could fail. Petrov repeated it.\n\n"
            "President Ivan I. The ministry said talks would go on. Mr Petrov agreed. Ms Lo, 40, did not.")
    assert found(text, "MT302") == [("Ivan I. The", ["Ivan I. Petrov’s"])]  # "The ministry": his ministry


def test_name_cut_after_a_first_name_of_two_words():
    # Probe 11: the title was looked for only right before the initial's word ("Lucía"), so
    # "Mayor José Luis M. The city government said …" went unflagged.
    text = ("Mayor Ana Lucía Ferrer opened the bridge on Monday.\n\n"
            "Mayor Ana Lucía F. The council said the bridge had cost too much.")
    # "F." is Ferrer's own initial, cut short: the article writes "Ana Lucía Ferrer" without it.
    assert found(text, "MT302") == [("Ana Lucía F. The", ["Ana Lucía Ferrer’s"])]
    assert found("Some in Buenos Aires Maria F. The crowd cheered.", "MT302") == []


def test_name_cut_before_a_verb():
    assert found("Health Minister Grace N. Said that clinics were full.", "MT302") == [("Grace N. Said", [])]


def test_name_cut_before_a_verb_without_a_title():
    assert found("The militia sent Amal K. Arrived in the city on Sunday.", "MT302") == [("Amal K. Arrived", [])]
    assert found("Amal K. Arrived in the city on Sunday.", "MT302") == []  # could be a heading


def test_name_cut_after_initial_uses_glossary(tmp_path):
    glossary = tmp_path / "g.csv"
    glossary.write_text("term,type,gender\nNadia K. Rahman,person,f\n", encoding="utf-8")
    assert found("Minister Nadia K. After the vote, talks stalled.", "MT302", glossary=[glossary]) \
        == [("Nadia K. After", ["Nadia K. Rahman after"])]  # the word MT wrote in its place stays


def test_name_cut_after_initial_in_apposition_to_a_person_noun():
    # Fresh probe: the title stood before a comma ("energy minister, Rustam K. The …"), so the
    # cut name had no title and went unflagged.
    text = "Tajikistan’s energy minister, Rustam K. The delegation had pressed for a new dam."
    assert found(text, "MT302") == [("Rustam K. The", [])]
    assert found("Its spokeswoman, Anna K. Novak, said the talks were over.", "MT302") == []


def test_name_cut_before_a_verb_after_a_comma():
    text = "The president of the council, Jorge E. Said that no incidents had been reported."
    assert found(text, "MT302") == [("Jorge E. Said", [])]


def test_name_cut_before_a_modal_and_its_verb(tmp_path):
    # Fresh probe: "Will" is also a name ("Mr. Will"), so "Ernesto R. Will visit …" was read as
    # a full name; a modal followed by a verb's base form is no name.
    glossary = tmp_path / "g.csv"
    glossary.write_text("term,type,gender\nErnesto R. Dimaculangan,person,m\n", encoding="utf-8")
    text = "Interior Secretary Ernesto R. Will visit the site on Thursday, his office said."
    assert found(text, "MT302") == [("Ernesto R. Will", [])]
    assert found(text, "MT302", glossary=[glossary]) == [("Ernesto R. Will", ["Ernesto R. Dimaculangan will"])]
    assert found("Deputy commissioner Siti N. Will oversee them.", "MT302") == [("Siti N. Will", [])]


def test_name_cut_before_a_verb_in_its_s_form():
    # Fresh probe: "Representative" was no title and "Arrives" no verb the rule knew.
    text = "US Trade Representative Karen D. Arrives in Seoul next week for talks."
    assert found(text, "MT302") == [("Karen D. Arrives", [])]
    # a surname that is also a noun ("Burns", "Banks") may be one
    assert found("Minister Karen D. Burns in 2019 said no. Ms. Banks in Leeds agreed.", "MT302") == []


@pytest.mark.parametrize("text", [
    "Columnist George F. Will wrote about the vote. Mr. Will said it was close.",
    "Prime Minister Theresa M. May resigned in June. Ms. May, 62, stayed in parliament.",
    "Minister Anna K. May, the envoy, arrived.",
])
def test_a_surname_that_is_also_a_modal_is_a_name_before_anything_but_a_verb(text):
    assert found(text, "MT302") == []
    assert found(text, "MT301") == []


@pytest.mark.parametrize("text", [
    "President George W. Bush spoke. The crowd cheered.",
    "The company adopted Plan B. The board agreed.",
    "Activist Malcolm X said so. A crowd formed around Malcolm X. The police watched.",
    "Take vitamin D. The doctor said so.",
    "Professor Edward W. Said, the critic, spoke.",
])
def test_complete_names_and_initials_are_silent(text):
    assert found(text, "MT302") == []


# -- MT303 honorific style -----------------------------------------------------------------------
def test_minority_honorific_style_is_flagged_and_fixable():
    text = "Mr Aliyev spoke. Mr Putin listened. Later Mr. Putin left. Ms Grigorian stayed."
    findings = [f for f in check_text(text) if f.rule == "MT303"]
    assert [(f.text, f.suggestions, f.fixable) for f in findings] == [("Mr.", ("Mr",), True)]


def test_configured_honorific_style_wins_over_majority():
    text = "Mr Aliyev spoke. Mr Putin listened. Dr. Sato left."
    got = found(text, "MT303", config={"honorific-style": "period"})
    assert got == [("Mr", ["Mr."]), ("Mr", ["Mr."])]


# -- MT304 pronoun gender ------------------------------------------------------------------------
def test_he_said_after_a_woman_is_flagged():
    text = ("“The water rose in minutes,” said Ms. Keller, who fled with her children.\n\n"
            "“We lost everything,” he said. He said he hoped to return.")
    assert found(text, "MT304") == [("he", ["she"]), ("He", ["She"]), ("he", ["she"])]


def test_she_said_after_a_man_is_flagged_with_possessive_swapped():
    text = "Mr. Berger, the governor, visited the town. She said her staff would help."
    assert found(text, "MT304") == [("She", ["He"]), ("her", ["his"])]


def test_attribution_after_a_quote_goes_with_the_person_the_paragraph_just_named():
    # Fresh probe: a man in the paragraph before kept "he said" silent, though the quotation
    # follows a sentence about Ms. Nwankwo alone, in her paragraph: the quote is hers.
    before = "Mr. Okafor’s installation drew the crowds. His floats came from Asia.\n\n"
    text = before + "Ms. Nwankwo said she was delighted. “Nobody called it art until now,” he said."
    assert found(text, "MT304") == [("he", ["she"])]
    # the quotation in a paragraph of its own, or after a sentence naming both: he may be meant
    assert found(before + "Ms. Nwankwo said she was delighted.\n\n“It is deserved,” he said.", "MT304") == []
    assert found(before + "Ms. Nwankwo praised Mr. Okafor. “It is deserved,” he said.", "MT304") == []


def test_sentence_opening_pronoun_goes_with_the_one_person_its_paragraph_just_named():
    # Fresh probe: "Ms. Dumalagan … said 1,200 people had been moved. He declared …" was silent
    # because a man is named in the paragraph before.
    before = ("“We are still hoping,” said Ramon Villaruel, the head of the disaster office. "
              "Mr. Villaruel said the slope had been unsafe.\n\n")
    text = before + "Ms. Dumalagan, the governor, said 1,200 people had been moved. He declared a state of calamity."
    assert found(text, "MT304") == [("He", ["She"])]
    # in a paragraph of its own, or after a sentence that names him too, "He" may be Mr. Villaruel
    assert found(before + "Ms. Dumalagan said 1,200 people had been moved.\n\nHe declared a state of calamity.",
                 "MT304") == []
    assert found(before + "Ms. Dumalagan met Mr. Villaruel on Monday. He declared a state of calamity.", "MT304") == []


def test_an_agent_noun_before_a_comma_and_a_verb_is_no_speaker():
    # Fresh probe: in "Tom Whitaker, a trader at a commodities broker, said …" the broker was
    # read as a person saying it, who could then be the "she" of the next quotation.
    text = ("Ms Raman said prices would rise.\n\nTom Whitaker, a veteran trader at a commodities broker, "
            "said funds had piled in. \"A lot of this is speculative money,\" she said. Mr Whitaker left early.")
    assert found(text, "MT304") == [("she", ["he"])]
    assert found("Ms Raman hired a roofer. The roofer said he would come on Monday.", "MT304") == []


def test_hard_wrapped_text_reads_like_running_text():
    text = "“The water rose in minutes,” said Ms.\nKeller, who fled.\n\n“We lost everything,” he\nsaid."
    assert found(text, "MT304") == [("he", ["she"])]
    assert found("President\nIvan I. The ministry agreed.", "MT302") == [("Ivan I. The", [])]


def test_gender_from_earlier_pronouns_when_nothing_stronger_is_known():
    text = ("Dr Kavita Menon, who runs a hospital in Delhi, said her staff were exhausted. "
            "“Many cannot afford to stop working,” she said. He said that patients kept arriving.")
    findings = [f for f in check_text(text) if f.rule == "MT304"]
    assert [(f.text, f.suggestions, f.confidence) for f in findings] == [("He", ("She",), 0.65)]


@pytest.mark.parametrize("text", [
    # Probe 7: "Mr. and Mrs. Okafor" names a couple; "Mrs." alone gave the name a woman's gender
    "Mr. and Mrs. Okafor celebrated their 60th wedding anniversary on Saturday. He is 84; she is 82.",
    "Mr and Mrs Hughes met at a dance in Rhyl in 1961. He was a miner, and she was a nurse.",
    "Dr and Mrs Evans thanked the staff. He said the hospital had saved his life.",
    "Mr. & Mrs. Lopez were in the audience. He said he was proud.",
])
def test_a_name_after_coordinated_honorifics_names_several_people(text):
    assert found(text, "MT304") == []


def test_one_honorific_alone_still_gives_its_name_a_gender():
    text = "Mrs. Okafor celebrated her 82nd birthday on Saturday. He said she was happy."
    assert found(text, "MT304") == [("He", ["She"])]
    # the honorific after "and" that joins two names, not two honorifics, is the name's own
    text = "Mr. Adeyemi and Mrs. Okafor met on Saturday. Mrs. Okafor spoke first. He said the talks went well."
    assert found(text, "MT304") == []  # (Mr. Adeyemi may be meant)


def test_pronoun_of_a_surname_two_people_share_is_silent():
    # Probe 11: "Dr. Tomas Berg" merged with "Dr. Ines Berg", whose "she said" made the shared
    # surname a woman's, and the correct "He" after his quote was flagged.
    text = ("Dr. Ines Berg, a security expert at a Vienna research institute, said the plan was late. "
            "“Austria has been too slow,” she said. She said others had done more.\n\n"
            "Dr. Berg’s colleague, Dr. Tomas Berg, an economist, said the cost would strain the budget. "
            "He put it at 2 billion euros.")
    assert found(text, "MT304") == []


def test_pronoun_after_an_unnamed_gendered_noun():
    text = "A spokeswoman for the ministry confirmed the talks. “We are ready,” he added."
    assert found(text, "MT304") == [("he", ["she"])]
    assert found("A spokeswoman met an official. “We are ready,” he added.", "MT304") == []


def test_capitalised_wrong_pronoun_after_question_quote_gets_lowercase_suggestion():
    findings = check_text("Ms. Keller, a nurse, fled. “Why?” He said.")
    # MT402's "he" (case only) is contained in MT304's "she": one fix, which --fix applies
    assert [(f.rule, f.text, f.suggestions, f.also) for f in findings] == [("MT304", "He", ("she",), ("MT402",))]
    assert findings[0].safe_fix == "she"


@pytest.mark.parametrize("word,after,expected", [
    ("He", "", "She"), ("she", "", "he"), ("his", "", "hers"), ("his", "team", "her"), ("him", "", "her"),
    ("her", "family", "his"), ("her", ".", "him"), ("her", "to", "him"), ("Herself", "", "Himself"),
])


def test_swap_pronoun_keeps_case_and_form(word, after, expected):
    assert swap_pronoun(word, after) == expected


# -- MT401 capital after a semicolon -------------------------------------------------------------
def test_capital_function_word_after_semicolon():
    text = "Turkey, a NATO member; And maybe Iran."
    findings = [f for f in check_text(text) if f.rule == "MT401"]
    assert [(f.text, f.suggestions, f.fixable) for f in findings] == [("And", ("and",), True)]


# -- MT402 capitalised attribution ---------------------------------------------------------------
def test_capitalised_pronoun_after_question_quote():
    text = "“Can’t they stop the war for at least a day or two?” She said. “Anything is better.”"
    findings = [f for f in check_text(text) if f.rule == "MT402"]
    assert [(f.text, f.suggestions, f.fixable) for f in findings] == [("She", ("she",), True)]


# -- MT403 quotation marks -----------------------------------------------------------------------
def test_unclosed_quote_is_reported_where_it_should_close():
    text = "It had “appealed to both sides. “The goal is peace,” the statement said."
    findings = [f for f in check_text(text) if f.rule == "MT403"]
    assert [(f.text, f.suggestions) for f in findings] == [("sides.", ("sides.”",))]
    assert "opened at 1:8" in findings[0].message


def test_quote_never_closed_and_stray_closing():
    assert found("He said “we will win and left.\n\nShe replied: no.” Then silence.", "MT403") \
        == [("left.", ["left.”"]), ("”", [])]


def test_quote_reopened_past_a_bracketed_note_in_a_transcript_is_balanced():
    # A speech quoted over several paragraphs, interrupted by a transcript's note of the audience.
    text = ("“Some of your parents are considering doing the same thing, and I want to give them permission.\n\n"
            "(Laughter.)\n\n"
            "“The second reason is that my father understood something,” she said.\n\n"
            "“We start now.\n\n[Applause]\n\nAnd then the hall fell silent.")
    assert found(text, "MT403") == [("now.", ["now.”"])]


# -- every rule documented; clean articles; the seed article ---------------------------------------
def test_editorial_rules_are_documented():
    rules = {r.code: r for r in ALL_RULES}
    for code in EDITORIAL:
        rule = rules[code]
        assert rule.name and rule.category and rule.summary() and len(rule.explanation()) > 100


@pytest.mark.parametrize("path", sorted(DATA.glob("clean_*.txt")), ids=lambda p: p.name)
def test_clean_articles_have_no_editorial_findings(path):
    text = path.read_text(encoding="utf-8")
    assert [(f.rule, f.text) for f in check_text(text) if f.rule in EDITORIAL] == []


def test_clean_corpus_in_samples_has_no_editorial_findings():
    clean = Path(__file__).resolve().parents[1] / "samples" / "clean"
    paths = sorted(clean.glob("*.txt")) + sorted(clean.glob("*.md")) if clean.is_dir() else []
    if not paths:
        pytest.skip("samples/clean/ not present")
    for path in paths:
        findings = check_text(path.read_text(encoding="utf-8"), markdown=path.suffix == ".md")
        assert [(f.rule, f.text, f.line) for f in findings if f.rule in EDITORIAL] == [], path.name


def test_seed_article_errors_are_flagged():
    seeds = sorted((SHARED / "seeds").glob("000_*.txt"))
    if not seeds:
        pytest.skip("shared seed article not present")
    findings = check_text(seeds[0].read_text(encoding="utf-8"))
    got = {(f.rule, f.text, f.suggestions[0] if f.suggestions else "") for f in findings}
    assert ("MT301", "Ms. After", "Ms. Grigorian after") in got
    assert ("MT302", "Vladimir V. The", "Vladimir V. Putin. The") in got
    assert ("MT304", "he", "she") in got and ("MT304", "He", "She") in got
    assert ("MT401", "And", "and") in got
    assert ("MT402", "She", "she") in got


# -- the data files behind these rules -------------------------------------------------------------
def test_editorial_data_files_are_well_formed():
    from mtcheck.people import function_words, honorifics, person_nouns
    from mtcheck.resources import data_lines, data_rows

    for row in data_rows("honorifics.tsv"):
        assert row["gender"] in ("f", "m", "-") and row["abbreviated"] in ("yes", "no"), row
        assert row["truncated"] in ("yes", "no") and (row["truncated"] == "no" or row["abbreviated"] == "yes"), row
    nouns = [r["noun"] for r in data_rows("person_nouns.tsv")]
    assert len(nouns) == len(set(nouns)) and all(r["gender"] in ("f", "m", "-") for r in data_rows("person_nouns.tsv"))
    assert person_nouns()["spokeswoman"] == "f" and honorifics()["Mr"].gender == "m"
    assert all(r["kin"] in ("kin", "-") for r in data_rows("person_nouns.tsv"))
    # a relative who may share a surname has a gender to differ by
    assert all(r["gender"] != "-" for r in data_rows("person_nouns.tsv") if r["kin"] == "kin")
    openers = data_lines("sentence_openers.txt")
    assert len(openers) == len(set(openers)) and all(w == w.lower() for w in openers)
    # An exception only matters for a word that would otherwise count as a non-name.
    for word in data_lines("surname_words.txt"):
        assert word in function_words() or word in openers, word
    # MT404's doublings English makes on purpose: single lowercase words, each once, and each
    # one a doubling the rule would flag without the list.
    doubled = data_lines("doubled_words.txt")
    assert len(doubled) == len(set(doubled)) and all(w.isalpha() and w == w.lower() for w in doubled)


def test_repeated_word_fix_removes_the_second_word_only():
    from mtcheck.document import Document
    from mtcheck.fix import apply_edits, plan_edits

    text = "Officials declined to to\ncomment, and The the envoys left."
    findings = [f for f in check_text(text) if f.rule == "MT404"]
    assert [(f.text, f.suggestions[0]) for f in findings] == [("to to", "to"), ("The the", "The")]
    assert all(f.safe_fix for f in findings)
    assert apply_edits(text, plan_edits(Document(text), findings)) == "Officials declined to\ncomment, and The envoys left."


# -- robustness --------------------------------------------------------------------------------------
_FRAGMENTS = ["Mr.", "Ms", "Dr.", " ", "\n", "\n\n", "“", "”", '"', "He", "she", "said", "V.", "The", "After",
              ";", "?", "!", ",", ".", "Putin", "Ivan", "President", "a spokeswoman", "her", "May", "’s",
              "—", "(", "Jane Doe", "\r\n", "And"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=30))
def test_editorial_rules_never_crash_and_spans_are_slices(parts):
    text = " ".join(parts)
    for f in check_text(text):
        assert 0 <= f.start < f.end <= len(text) and text[f.start:f.end] == f.text


# -- MT304: an earlier referent, an unconfirmed name or a vessel keeps a pronoun correct --------
@pytest.mark.parametrize("text", [
    "Mr Rossi hired Giulia Conti last spring. She won the case in June.",
    "Giulia Conti represented Mr Rossi in court. She argued that the ruling was unfair.",
    "Anna Novak met Mr Horvat on Monday. She said the meeting had gone well.",
    "Anna Novak met Mr Horvat on Monday. Afterwards, she said the meeting had gone well.",
    "Anna Novak met Mr Horvat on Monday. “It went well,” she said.",
    "On Monday, Anna Novak met the prime minister, Mr Horvat. Afterwards she said the meeting had gone well.",
    "Nguyễn Thị Lan met Mr Park in Hanoi. She said the talks had been useful.",
    "Oluwaseun Adeyemi won the race ahead of Mr Eze. She said the course was hard.",
    "Mr Eze finished second behind Oluwaseun Adeyemi. She said the course was hard.",
    "Maria Santos, 34, a teacher, lost her home in the flood. Mr Silva, the mayor, promised help on Tuesday. "
    "She said she had heard that before.",
    "Maria Santos, 34, a teacher, lost her home in the flood.\n\nMr Silva, the mayor, promised help on Tuesday."
    "\n\nShe said she had heard that before.",
    "Maria Santos, 34, a teacher, lost her home.\n\nMr Silva, the mayor, promised new housing. "
    "“We will rebuild,” he said. She said she had heard that before.",
    "Mr Okafor bought the yacht in 2019. She is 40 feet long and sleeps six.",
    "Mr Brennan's firm built the trawler in Killybegs. She sank off Donegal in 1998 with six men aboard.",
    "The envoy Anna Novak met Mr Horvat on Monday. She said the meeting had gone well.",
    "Novak, a diplomat, met Mr Horvat on Monday. She said the meeting had gone well.",
])
def test_pronoun_that_may_pick_an_earlier_referent_is_silent(text, tmp_path, run_cli):
    assert found(text, "MT304") == []
    story = tmp_path / "story.txt"
    story.write_text(text, encoding="utf-8")
    run_cli("check", "--no-model", "--fix", str(story))
    assert story.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("text,span,suggestion", [
    ("Mr Horvat said on Monday the talks had failed. She added that a new round was unlikely.", "She", "He"),
    ("Mr Horvat met reporters on Monday. She said the talks had failed.", "She", "He"),
    ("Mr Horvat spoke on Monday.\n\nThe talks had failed. She said a new round was unlikely.", "She", "He"),
    ("Ms Novak met reporters on Monday. He said the talks had failed.", "He", "She"),
    # "added" goes on with the speaker just quoted, whoever the paragraph before names
    ("Mr Horvat spoke first.\n\nIts spokeswoman, Anna Novak, said queues formed. “People waited,” she said. "
     "He added that every vote would count.", "He", "She"),
])
def test_flip_with_one_clear_referent_is_still_a_safe_fix(text, span, suggestion, tmp_path, run_cli):
    findings = [f for f in check_text(text) if f.rule == "MT304"]
    assert [(text[f.start:f.end], f.suggestions, f.safe_fix) for f in findings] == [(span, (suggestion,), suggestion)]
    story = tmp_path / "story.txt"
    story.write_text(text, encoding="utf-8")
    run_cli("check", "--no-model", "--fix", str(story))
    fixed = story.read_text(encoding="utf-8")
    assert fixed == text[:findings[0].start] + suggestion + text[findings[0].end:]


def test_headline_and_organisation_names_are_no_possible_person():
    text = ("Warring Sides Resume Talks as Famine Looms\n\n"
            "Delegations met at the Black Sea Trade Forum. Ms Odhiambo said both had agreed. He declined to comment.")
    assert found(text, "MT304") == [("He", ["She"])]
