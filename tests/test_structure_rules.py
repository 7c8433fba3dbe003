"""The structure rules on correct text that looks like their errors: names and titles after a
semicolon (MT401), a new sentence after a quoted question (MT402), honorifics in titles and
company names (MT303), honorifics that lost their name (MT301). Spans, suggestions, safety."""

import pytest

from mtcheck import check_text
from mtcheck.glossary import Glossary, GlossaryEntry


def _by_rule(text, rule, **kw):
    return [f for f in check_text(text, **kw) if f.rule == rule]


# -- MT401 ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    # known names that open with a function word (the gazetteer)
    "The envoys met in three cities: Geneva; The Hague, where the court sits; and Vienna.",
    "Flights were cancelled to Banjul, the capital; The Gambia has only one international airport.",
    # title-case runs: titles of bands, films, series, newspapers
    "The band opened with their new single; Of Monsters and Men closed the festival.",
    "Two films shared the prize; In the Mood for Love was restored for the occasion.",
    "The channel will show two series in the spring: Sex and the City; And Just Like That, its sequel, follows in May.",
    "The paper endorsed Labour; The Times backed the Conservatives.",
    # the article writes the name with its capital mid-sentence elsewhere
    "He read The Guardian daily. The paper endorsed Labour; The Guardian backed nobody.",
])
def test_semicolon_before_a_name_or_title_is_silent(text):
    assert _by_rule(text, "MT401") == []


def test_semicolon_before_a_month_written_in_lowercase_as_a_word_elsewhere_is_silent():
    # "march" the noun elsewhere does not make "March" the month a slip
    text = "The march passed off peacefully; March is usually the busiest month for protests."
    assert _by_rule(text, "MT401") == []
    # an ordinary word used in lowercase elsewhere is still a slip
    text = "The march passed off peacefully; Marchers dispersed by noon, and the marchers went home."
    assert [f.text for f in _by_rule(text, "MT401")] == ["Marchers"]


def test_semicolon_before_a_glossary_name_is_silent():
    glossary = Glossary([GlossaryEntry("The Rolling Stones", type="org")])
    assert _by_rule("The crowd cheered; The Rolling Stones played for two hours.", "MT401", glossary=glossary) == []


@pytest.mark.parametrize("text, word", [
    ("Turkey, a NATO member; And maybe Iran.", "And"),
    ("The vote failed; The peso, however, remains tightly controlled.", "The"),
    # the word after the function word is a name of its own, which it only stands before
    ("Cairo hesitated; Even Egypt, a close ally, voted no.", "Even"),
    ("The vote failed; The Russian army moved in.", "The"),
    ("The vote failed; In the Netherlands, prices rose.", "In"),
    ("The vote failed; The United States said nothing.", "The"),
    ("The vote failed; The EU said nothing.", "The"),
    ("Mr Tan arrived late; And Mr Tan said so.", "And"),
    ("The vote failed; And I said no.", "And"),
    ("The vote failed; In the end, nobody came.", "In"),
    # the article lowercases the phrase elsewhere
    ("He reads the Times daily. The paper endorsed Labour; The Times backed the Conservatives.", "The"),
])
def test_semicolon_slips_are_still_fixed_safely(text, word):
    (f,) = _by_rule(text, "MT401")
    assert f.text == word and f.suggestions == (word.lower(),) and f.safe_fix == word.lower()


# -- MT402 ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    '"Why did nobody warn us?" She said it again and again as she stood by the ruins.',
    '"Is this the end of the line for the club?" He asked the question that every fan was asking.',
    'The reporter asked the minister, "Will you resign?" She said nothing and walked away.',
    "“Why?” She said her son had died.",
    "“Why?” She told him the truth.",
    "“Why?” He said this was over.",
    "“Why?” Asked about the delay, the minister shrugged.",
    "“Why?” She said family mattered most.",
    "“Why?” He said all the right things.",
])
def test_new_sentence_after_a_quoted_question_is_silent(text):
    assert _by_rule(text, "MT402") == []


@pytest.mark.parametrize("text, word", [
    ("“Can’t they stop for a day or two?” She said. “Anything is better.”", "She"),
    ("“What is the alternative?” He asked reporters.", "He"),
    ("“Will you resign?” She asked the minister.", "She"),
    ("“Why now?” They asked him as he left.", "They"),
    ("“Why?” She asked her mother.", "She"),
    ("“Why?” She asked again.", "She"),
    ("“Why?” She asked politely whether it was over.", "She"),
    ("“I could not believe it!” She added that she had dedicated the win to her mother.", "She"),
    ("“I did it!” She said in her on-court interview, her voice hoarse.", "She"),
    ("“Enough!” Said the minister.", "Said"),
])
def test_capitalised_attribution_is_still_fixed_safely(text, word):
    (f,) = _by_rule(text, "MT402")
    assert f.text == word and f.suggestions == (word.lower(),) and f.safe_fix == word.lower()


# -- MT303 ----------------------------------------------------------------------------------
_CINEMA = ("Mr Patel, the chain's owner, said the season would begin in May. Mr Patel said tickets would cost £5. "
           "Ms Osei, his deputy, agreed, and Dr Lim, a film historian, will give talks. Mr Patel said Dr Lim was "
           "the best in the business. Ms Osei said Mr Patel was right. Dr Lim thanked Ms Osei and Mr Patel.\n\n")


def test_honorific_style_message_names_the_honorific_it_flags():
    (f,) = _by_rule("Mr Aliyev spoke. Mr Putin listened. Dr. Sato left. Ms Grigorian stayed.", "MT303")
    assert f.text == "Dr." and f.message == "“Dr.”: 3 of 4 honorifics here write “Dr” without a period"
    (f,) = _by_rule("Mr. Aliyev spoke. Mr. Putin listened. Ms Sato left.", "MT303")
    assert f.text == "Ms" and f.message.endswith("write “Ms.” with a period")


def test_a_truncation_with_its_period_fits_british_style():
    # Probe of new genres (a health story): British style writes a contraction bare and a
    # truncation with its period ("Dr Fairweather" ... "Prof. MacRae"); the two "Prof." were
    # counted as a period style and "Dr" was flagged ("2 of 3 honorifics here write “Dr.”").
    text = ("Dr Imogen Fairweather, a consultant, said the risk was low. Prof. Alasdair MacRae disagreed. "
            "Prof. MacRae said more sampling was needed.")
    assert _by_rule(text, "MT303") == []
    # a truncation without one fits only a style without periods: flagged in an American article
    (f,) = _by_rule("Mr. Aliyev spoke. Dr. Okafor agreed. Prof Sato left.", "MT303")
    assert (f.text, f.suggestions) == ("Prof", ("Prof.",))
    # ... and a contraction with one in a British article, whatever its "Prof." says
    (f,) = _by_rule("Mr Aliyev spoke. Dr. Okafor agreed. Prof. Sato left. Ms Lee stayed.", "MT303")
    assert (f.text, f.suggestions) == ("Dr.", ("Dr",))


def test_honorific_of_a_name_mentioned_only_there_is_no_safe_fix():
    # "Dr. Strangelove" (a film) cannot be told from a person by its shape; a person mentioned
    # again (Patel) can.
    text = _CINEMA + "The first film will be Dr. Strangelove. Later Mr. Patel said Ms Osei had chosen it."
    found = {f.text: f for f in _by_rule(text, "MT303")}
    assert found["Dr."].suggestions == ("Dr",) and found["Dr."].safe_fix is None
    assert found["Mr."].safe_fix == "Mr"
    text = _CINEMA + "The first film will be Mr. Smith Goes to Washington, then Mrs. Doubtfire."
    assert [(f.text, f.safe_fix) for f in _by_rule(text, "MT303")] == [("Mr.", None), ("Mrs.", None)]


@pytest.mark.parametrize("title", ["the gym run by Mr. Motivator Ltd.", "“Mrs. Doubtfire”", "“Mr. Smith Goes to Washington”",
                                   "*Dr. Strangelove*"])
def test_honorific_in_a_company_or_marked_title_is_left_alone(title):
    text = _CINEMA + f"The first film will be {title}, said Ms Osei."
    assert _by_rule(text, "MT303") == []


def test_marked_title_in_markdown_italics_is_left_alone(tmp_path, run_cli):
    story = tmp_path / "story.md"
    story.write_text(_CINEMA + "The first film will be *Dr. Strangelove*.\n", encoding="utf-8")
    proc = run_cli("check", "--no-model", str(story))
    assert "MT303" not in proc.stdout


# -- MT301 ----------------------------------------------------------------------------------
_OKAFOR = "Grace Okafor, the finance director, spoke to the board on Monday.\n\n"


def test_honorific_before_a_phrase_with_its_own_subject_puts_the_name_in_the_pronouns_place():
    (f,) = _by_rule(_OKAFOR + "Ms. After noticing the invoices, she raised the alarm.", "MT301")
    assert f.text == "Ms. After noticing the invoices, she"
    assert f.suggestions == ("After noticing the invoices, Ms. Okafor",) and "only woman" in f.fix_reason
    assert f.safe_fix == "After noticing the invoices, Ms. Okafor"


def test_fix_of_a_moved_name_applies_whole(tmp_path, run_cli):
    story = tmp_path / "story.txt"
    story.write_text(_OKAFOR + "Ms. After noticing the invoices, she raised the alarm.\n", encoding="utf-8")
    run_cli("check", "--no-model", "--fix", str(story))
    assert story.read_text(encoding="utf-8").endswith("\n\nAfter noticing the invoices, Ms. Okafor raised the alarm.\n")


def test_honorific_before_an_ordinary_word_and_a_determiner_has_lost_its_name():
    (f,) = _by_rule(_OKAFOR + "Ms. Always a keen gardener, she grew roses for 50 years.", "MT301")
    assert f.text == "Ms. Always a keen gardener, she" and f.suggestions == ("Always a keen gardener, Ms. Okafor",)


def test_honorific_before_a_speech_verb_has_lost_its_name():
    (f,) = _by_rule(_OKAFOR + "“We had no choice,” Ms. said.", "MT301")
    assert (f.text, f.suggestions, f.safe_fix) == ("Ms. said", ("Ms. Okafor said",), "Ms. Okafor said")
    # Two women: the one just introduced in full is meant.
    text = _OKAFOR + "“It was late,” said Ada Lin, a nurse. “We had no choice,” Ms. told reporters."
    (f,) = _by_rule(text, "MT301")
    assert (f.text, f.safe_fix) == ("Ms. told", "Ms. Lin told") and "just introduced" in f.fix_reason


def test_phrase_followed_by_someone_elses_pronoun_is_no_safe_fix():
    (f,) = _by_rule(_OKAFOR + "Ms. After the vote, he said the talks had stalled.", "MT301")
    assert f.text == "Ms. After" and f.safe_fix is None


@pytest.mark.parametrize("text", [
    "Mr. Brown, a keen gardener, grew roses. Mr. Brown said so.",
    "They gave Ms. Young a medal, she said.",
    "Mr. Young, she said, was late.",
    "Ms. Rose Tan, a keen gardener, said she grew roses.",
])
def test_names_that_are_ordinary_words_are_still_names(text):
    assert _by_rule(text, "MT301") == []


def test_family_name_first_that_is_also_a_function_word_is_a_name():
    # Korean family names "An" and "So", written before a hyphenated given name at the start
    # of a sentence, are surnames after an honorific too.
    text = ("An Ji-hoon, a software engineer, was arrested on Monday. Mr An denied the charges.\n\n"
            "So Ji-sub, an actor, attended the premiere. Mr So said he was moved by the film.")
    assert _by_rule(text, "MT301") == []
    # the same function word after an honorific with no such name is still a lost name
    (f,) = _by_rule("Ko Eun-bi, an engineer, spoke on Monday. Mr An official said later that talks had stalled.",
                    "MT301")
    assert f.text == "Mr An"


def test_honorific_before_a_speech_verb_resolves_to_someone_introduced_with_an_age():
    text = ("Ms Qadri, a councillor, spoke first. Among the protesters was Harjit Kaur, 72, who has used the "
            "branch since 1979.\n\n\"It is not just books,\" Ms. said.")
    (f,) = _by_rule(text, "MT301")
    assert (f.text, f.suggestions, f.safe_fix) == ("Ms. said", ("Ms. Kaur said",), "Ms. Kaur said")
