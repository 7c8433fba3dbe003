"""The name rules MT101–MT104: each fires on its error with the exact span and canonical
suggestion, and stays silent on correct names, look-alike words and different entities."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtcheck.api import check_text
from mtcheck.glossary import Glossary, GlossaryEntry

from conftest import SAMPLES, SHARED

NAMES_DATA = Path(__file__).parent / "data" / "names"

GLOSSARY = Glossary([
    GlossaryEntry("Beijing", ("Peking", "Beijin"), type="place", note="house style"),
    GlossaryEntry("Olaf Scholz", type="person", gender="m"),
    GlossaryEntry("Irina Grigorian", type="person", gender="f"),
    GlossaryEntry("Nagorno-Karabakh", type="place"),
    GlossaryEntry("ceasefire", ("cease-fire",), type="term"),
    GlossaryEntry("Austria", type="place"),
    GlossaryEntry("George W. Bush", ("Bush Jr",), type="person"),
])


def found(text, select="MT1", glossary=None, markdown=False):
    findings = check_text(text, config={"select": [select]}, glossary=glossary, markdown=markdown)
    return [(f.rule, f.text, f.suggestions) for f in findings]


# -- MT101 glossary variant -------------------------------------------------------------------
def test_variant_is_replaced_by_the_term_with_possessive_left_in_place():
    assert found("Talks in Peking ended. Peking’s envoy left.", "MT101", GLOSSARY) == [
        ("MT101", "Peking", ("Beijing",)), ("MT101", "Peking", ("Beijing",))]


def test_variant_finding_is_fixable_and_confident():
    [f] = check_text("He flew to Beijin.", config={"select": ["MT101"]}, glossary=GLOSSARY)
    assert (f.start, f.end, f.fixable, f.confidence) == (11, 17, True, 0.95)
    assert f.category == "Terminology/Inconsistent with termbase"


def test_lowercase_variant_matches_any_case_and_keeps_the_capital():
    assert found("The cease-fire held. Cease-fire talks resume.", "MT101", GLOSSARY) == [
        ("MT101", "cease-fire", ("ceasefire",)), ("MT101", "Cease-fire", ("Ceasefire",))]


def test_variant_inside_a_longer_word_or_another_case_is_silent():
    assert found("A Pekingese dog. The PEKINGS. Pekings.", "MT101", GLOSSARY) == []
    assert found("He hid in a bush jr. thicket.", "MT101", GLOSSARY) == []


def test_no_glossary_no_variant_findings():
    assert found("Talks in Peking ended.", "MT101") == []


# -- MT102 corrupted glossary term ------------------------------------------------------------
@pytest.mark.parametrize("text, span, suggestion", [
    ("Olaf Sholz arrived on Monday.", "Olaf Sholz", "Olaf Scholz"),
    ("Then Olaf Schulz arrived.", "Olaf Schulz", "Olaf Scholz"),  # wrong surname, right first name
    ("Later Mr Sholz said no.", "Sholz", "Scholz"),  # surname alone after a title
    ("It was Sholz’s decision.", "Sholz", "Scholz"),  # possessive left out of the span
    ("The Normano-Karabakh war.", "Normano-Karabakh", "Nagorno-Karabakh"),  # hyphenated part
    ("The Nagorno Karabakh war.", "Nagorno Karabakh", "Nagorno-Karabakh"),  # hyphen lost
    ("She met Irina Gregorian.", "Irina Gregorian", "Irina Grigorian"),  # transliteration swap
])
def test_corrupted_term_suggests_the_glossary_form(text, span, suggestion):
    assert found(text, "MT102", GLOSSARY) == [("MT102", span, (suggestion,))]


def test_closer_and_rarer_forms_get_higher_confidence():
    [close] = check_text("Olaf Sholz spoke.", config={"select": ["MT102"]}, glossary=GLOSSARY)
    [loose] = check_text("Olaf Schulz spoke.", config={"select": ["MT102"]}, glossary=GLOSSARY)
    assert close.confidence > loose.confidence
    # A non-word near one term only is safe to fix; a real name ("Schulz") may be someone else.
    assert close.safe_fix == "Olaf Scholz" and "one glossary term" in close.fix_reason
    assert loose.safe_fix is None


@pytest.mark.parametrize("text", [
    "Olaf Scholz and Mr Scholz met in Beijing.",  # the term itself
    "Olaf Müller, a banker, spoke.",  # a different surname: a different person
    "Anna Scholl, a teacher, spoke.",  # another first name: another person
    "The school closed; Schools reopened.",  # ordinary words
    "Australia and Austria signed.",  # a known place is a real name, not a corruption
    "Peking is listed as a variant, handled by MT101.",
])
def test_corrupted_term_is_silent_on_other_real_names_and_words(text):
    assert found(text, "MT102", GLOSSARY) == []


def test_names_in_code_are_never_flagged():
    text = "Run `Olaf Sholz` and `Peking`:\n\n```\nNormano-Karabakh\n```\n"
    assert found(text, "MT1", GLOSSARY, markdown=True) == []


def test_markdown_positions_are_file_positions():
    [f] = check_text("# Talks\n\nA [visit](https://x.org) by **Olaf Sholz**.\n",
                     config={"select": ["MT102"]}, glossary=GLOSSARY, markdown=True)
    assert (f.text, f.line, f.column) == ("Olaf Sholz", 3, 31)


# -- MT103 inconsistent name within the article ------------------------------------------------
def test_minority_spelling_of_a_hyphenated_name_is_flagged():
    text = ("Nagorno-Karabakh is disputed. Troops left Nagorno-Karabakh. The Normano-Karabakh "
            "talks failed. Nagorno-Karabakh remains tense.")
    assert found(text, "MT103") == [("MT103", "Normano-Karabakh", ("Nagorno-Karabakh",))]


def test_later_surname_mention_that_differs_from_the_full_name_is_flagged():
    text = ("Irina Grigorian, a teacher, fled last week. The school where Gregorian taught is "
            "closed, she said.")
    assert found(text, "MT103") == [("MT103", "Gregorian", ("Grigorian",))]


def test_surname_variant_after_a_title_is_flagged():
    text = "Ilham Aliyev spoke. Mr Aliyev said yes. Mr Aliev later said no."
    assert found(text, "MT103") == [("MT103", "Aliev", ("Aliyev",))]


@pytest.mark.parametrize("text", [
    # two different people, each spelled consistently
    "Gregory Kaidanov met Grigory Serper. Gregory played white; Grigory played black.",
    "Gregory Peck met Grigory Petrov.",
    # different entities with similar names
    "Austria and Australia signed. Austria will pay.",
    "Armenia said Armenian troops left. Russia and Russian envoys agreed.",
    "Alexei Navalny died. His widow, Yulia Navalnaya, spoke. Ms Navalnaya said.",
    "Slovakia and Slovenia agreed; Slovak and Slovenian officials met.",
    # a demonym that replaces the place's last letters: derived, not a slip
    "Inflation in Argentina fell. Many Argentines say prices are high. The IMF lent to Argentina.",
    "Voters in Slovakia went to the polls. Many Slovaks stayed home. Turnout in Slovakia fell.",
    # ordinary words that look alike
    "Then they left. Them too. These were the days.",
])
def test_inconsistent_name_is_silent_on_different_entities(text):
    assert found(text, "MT103") == []


def test_glossary_form_is_never_the_flagged_minority():
    text = "Mr Aliyev spoke. Mr Aliyev left. Mr Aliev came."
    assert found(text, "MT103") == [("MT103", "Aliev", ("Aliyev",))]
    glossary = Glossary([GlossaryEntry("Pavel Aliev", type="person")])
    assert found(text, "MT103", glossary) == []


# -- MT104 built-in gazetteer -----------------------------------------------------------------
@pytest.mark.parametrize("text, span, suggestion", [
    ("Troops moved into Azerbajan on Friday.", "Azerbajan", "Azerbaijan"),
    ("Azerbajan’s army advanced.", "Azerbajan", "Azerbaijan"),
    ("Talks in Afganistan stalled.", "Afganistan", "Afghanistan"),
    ("The Phillipines responded.", "Phillipines", "Philippines"),
    ("He flew to Buenos Aries.", "Buenos Aries", "Buenos Aires"),
    ("The Ukrane war.", "Ukrane", "Ukraine"),
    ("In New Dehli, they met.", "New Dehli", "New Delhi"),
    ("The siege of Mariupil lasted almost three months.", "Mariupil", "Mariupol"),  # a city under a million
    ("Aid convoys reached Tigrey for the first time.", "Tigrey", "Tigray"),  # a region
    ("A magnitude 6.8 earthquake struck Sichaun province.", "Sichaun", "Sichuan"),
    ("Monsoon rains triggered landslides in Kerela.", "Kerela", "Kerala"),
    ("Floods killed 14 people in Emilia-Romanga in May.", "Emilia-Romanga", "Emilia-Romagna"),
])
def test_corrupted_place_name_is_caught_without_glossary(text, span, suggestion):
    assert found(text, "MT104") == [("MT104", span, (suggestion,))]


@pytest.mark.parametrize("text, span, suggestion", [
    ("Floods in Porto Allegre.", "Porto Allegre", "Porto Alegre"),  # a doubled letter
    ("Talks in Kazakstan.", "Kazakstan", "Kazakhstan"),  # a dropped letter
    ("Shelling near Khartuom.", "Khartuom", "Khartoum"),  # neighbours swapped
    ("Flights to Caracaz resumed.", "Caracaz", "Caracas"),  # a sound-alike consonant
    ("Protests in Venezeula.", "Venezeula", "Venezuela"),
    # "s" for "es": one plural ending misspelt, not a word derived from the place
    ("The lists went through the United Arab Emirats.", "United Arab Emirats", "United Arab Emirates"),
])
def test_typo_like_corruptions_of_places_are_caught(text, span, suggestion):
    assert found(text, "MT104") == [("MT104", span, (suggestion,))]


@pytest.mark.parametrize("text", [
    "Austria, Australia, Niger, Nigeria, Iran, Iraq, Mali and Malawi signed.",
    "Levon Aronian of Armenia won. Aronian, an Armenian, beat Radjabov.",  # a person, not a place
    "Mr Parris said the Paris talks went well.",
    "The Columbia river and the Columbian exchange.",  # real words
    "The Milano derby and the Torino side.",  # Italian forms, listed words
    "Romana Berliner spoke; Ms Berliner left.",  # a person
    # a person after a title with a period, which splits the run of names (fresh probe)
    "Dr. Madrit spoke to the committee.",
    "Ms. Nwankwo praised Mr. Serrat’s installation.",
    "Officials in Austrlia agreed.",  # equally close to Austria and Australia: ambiguous
    # real places missing from the gazetteer: they differ from a listed place as names do,
    # not as typos do (an unrelated letter, another first letter), or are English words
    "Aymara and Quechua speakers voted in Puno.",
    "Crowds filled the Praça dos Três Poderes.",
    "Cafes in Mangwon stayed open.",
    "Ferries from Samos were cancelled.",
    "The stage finished in Valence.",
    "Argentines queued at exchange houses.",  # a word made from the place's name
    "Adélie penguins nest on the ice.",  # a word of a known place (Adélie Land), not Adelaide
    "Officials in Darwen said the road had reopened.",  # known as a word of Blackburn with Darwen
    "New lines in Baden-Württemberg are late.",  # umlaut spelling of the listed Baden-Wuerttemberg
])
def test_gazetteer_is_silent_on_real_names_and_ambiguous_forms(text):
    assert found(text, "MT104") == []


# -- the seed article and the clean corpus ----------------------------------------------------
SEEDS = sorted((SHARED / "seeds").glob("000_*.txt")) or sorted(Path("/work/shared/seeds").glob("000_*.txt"))


@pytest.mark.skipif(not SEEDS, reason="shared/seeds is not available")
def test_seed_article_names_are_caught_without_a_glossary():
    text = SEEDS[0].read_text(encoding="utf-8")
    result = {(text, s) for _, text, s in found(text, "MT1")}
    assert ("Normano-Karabakh", ("Nagorno-Karabakh",)) in result
    assert ("Gregorian", ("Grigorian",)) in result


CLEAN = sorted(NAMES_DATA.glob("clean_*.txt")) + sorted((SAMPLES / "clean").glob("*.txt")) \
    + sorted((SAMPLES / "clean").glob("*.md"))


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_articles_full_of_real_names_get_no_name_findings(path):
    text = path.read_text(encoding="utf-8")
    assert found(text, "MT1", markdown=path.suffix == ".md") == []


def test_there_are_at_least_five_clean_articles():
    assert len(CLEAN) >= 5


def test_case_variant_of_an_acronym():
    glossary = Glossary([GlossaryEntry("BOJ", ("BoJ",), type="org")])
    assert found("The BoJ raised rates; the BOJ said so.", "MT101", glossary) == [("MT101", "BoJ", ("BOJ",))]


def test_lost_accents_against_the_glossary_and_within_the_article():
    glossary = Glossary([GlossaryEntry("São Leopoldo", type="place")])
    assert found("Floods hit Sao Leopoldo.", "MT102", glossary) == [("MT102", "Sao Leopoldo", ("São Leopoldo",))]
    text = "Rūta Kazlauskienė spoke. Ms Kazlauskienė left. Ms Kazlauskiene returned."
    assert found(text, "MT103") == [("MT103", "Kazlauskiene", ("Kazlauskienė",))]


@pytest.mark.parametrize("text", [
    "Soviet-era maps show Kharkov, Lugansk and Zaporozhye.",  # older spellings English still uses
    "The Tigray war spread into Amhara and Afar.",  # "Amara" is the catalogue's form, Amhara the news's
    "Ms. Quispe speaks Aymara as well as Spanish.",  # another name, used about as often as Amara
    "The populous Gyeonggi province surrounds Seoul.",  # not Gyeongju
    "The icebreaker returned to Tromsø on Friday.",  # not the county of Troms
    "Shelling was reported near Kupiansk, Izium and Lyman.",
    "Georgian police detained protesters in Gori, Kutaisi and Batumi.",
])
def test_correct_less_known_places_and_variants_stay_silent(text):
    assert found(text, "MT104") == []


def test_gazetteer_accepts_place_names_written_without_accents():
    assert found("Flights from Bogota and Sao Paulo to Asuncion.", "MT104") == []


def test_one_mention_each_later_slip_in_a_long_surname_is_flagged():
    text = "Mr. Gebremariam opened the summit. Later, Mr. Gebremarian closed it."
    assert found(text, "MT103") == [("MT103", "Gebremarian", ("Gebremariam",))]
    assert found("Mr Kovac met Mr Kovic.", "MT103") == []  # short: two people as likely as a slip


def test_an_ordinary_word_capitalised_only_at_sentence_starts_is_no_name_when_the_article_writes_it_in_lowercase():
    # Probe 7: "Larch," he said — the word the obituary writes as "larch on oak" opened a
    # quotation, and MT103 took it for a slip of "March".
    text = ("He died on March 3. His boats were larch on oak. Asked what wood he used, he said: "
            "“Larch.” The funeral is on March 14.")
    assert found(text, "MT103") == []
    # A rare word never written in lowercase at a sentence start is still read as a name.
    text = "Ilham Aliyev spoke. Mr Aliyev said yes. Aliev later said no."
    assert found(text, "MT103") == [("MT103", "Aliev", ("Aliyev",))]


def test_name_with_an_inner_capital_counts_even_at_sentence_starts():
    text = "O’Brien and O'Brian met. O’Brien said. O'Brien left."
    assert found(text, "MT103") == [("MT103", "O'Brian", ("O’Brien",))]


# -- MT104: closeness alone is no evidence for a safe fix ----------------------------------------
def mt104(text, glossary=None):
    return check_text(text, config={"select": ["MT104"]}, glossary=glossary)


@pytest.mark.parametrize("text, town, famous", [
    ("Officials in Stretford said on Monday that the road had reopened.", "Stretford", "Stratford"),
    ("The factory in Homburg will close next year.", "Homburg", "Hamburg"),
    ("Flooding closed schools in Wushan on Tuesday.", "Wushan", "Wuhan"),
    ("A fire broke out in Grande Prairie overnight.", "Grande Prairie", "Grand Prairie"),
])
def test_a_real_town_near_a_famous_one_gets_no_safe_fix(text, town, famous):
    """Real towns spelled like a typo of a famous place: the suggestion is offered as a hint
    (an info note that fails no run), never applied by --fix."""
    findings = mt104(text)
    assert [(f.text, f.suggestions) for f in findings] == [(town, (famous,))]
    assert findings[0].safe_fix is None and findings[0].severity.label == "info"
    assert findings[0].confidence <= 0.5
    fixed = check_text(text, config={"select": ["MT104"]})
    assert not any(f.safe_fix for f in fixed)


def test_closeness_alone_is_no_safe_fix_even_for_a_real_corruption():
    (finding,) = mt104("The siege of Mariupil lasted almost three months.")
    assert finding.suggestions == ("Mariupol",) and finding.safe_fix is None


@pytest.mark.parametrize("text, span, fix", [
    ("Mariupol was surrounded in March. The siege of Mariupil lasted almost three months. "
     "Mariupol fell in May.", "Mariupil", "Mariupol"),
    ("Stratford council met. Officials in Stretford said so. Stratford disagreed.", "Stretford", "Stratford"),
    ("Floods hit Buenos Aires on Monday. In Buenos Aries, schools closed. Buenos Aires’s mayor spoke.",
     "Buenos Aries", "Buenos Aires"),
    ("Azerbaijan’s army advanced. Troops moved into Azerbajan on Friday. Azerbaijan said so.",
     "Azerbajan", "Azerbaijan"),
])
def test_the_correct_spelling_more_often_in_the_article_makes_the_fix_safe(text, span, fix):
    (finding,) = mt104(text)
    assert (finding.text, finding.safe_fix) == (span, fix)
    assert "spells correctly more often" in finding.fix_reason


@pytest.mark.parametrize("text, town", [
    ("Fans travelled from Stretford to Stratford on Saturday.", "Stretford"),
    ("Floods hit Wushan and Wuhan; Wushan was worst hit.", "Wushan"),
])
def test_a_real_town_named_beside_the_famous_place_gets_no_safe_fix(text, town):
    """Both spellings once (or the found one more often): two places as likely as a slip."""
    findings = mt104(text)
    assert [f.text for f in findings if f.text == town] and not any(f.safe_fix for f in findings)


def test_a_glossary_listed_place_makes_the_fix_safe():
    glossary = Glossary([GlossaryEntry("Mariupol", type="place")])
    findings = check_text("The siege of Mariupil lasted almost three months.", config={"select": ["MT104"]},
                          glossary=glossary)
    assert [(f.text, f.safe_fix) for f in findings] == [("Mariupil", "Mariupol")]
    assert "glossary lists" in findings[0].fix_reason


@pytest.mark.parametrize("text", [
    "The storm made landfall near the port of Mongla, in Bangladesh's Khulna division.",
    "The storm made landfall near Mongla, in Bangladesh's Khulna division.",
    "Ships were diverted to the port of Mongla.",
])
def test_a_place_the_text_locates_or_calls_a_town_is_no_corrupted_country(text):
    assert mt104(text) == []


def test_a_place_called_a_village_is_none_of_the_gazetteers_places():
    # a village or hamlet is smaller than any listed place (cities of 100,000+, regions, countries)
    assert mt104("Paintings were found in a cave near the village of Teriel.") == []
    assert mt104("Shells fell on the hamlets of Teriel and Ronda.") == []
    # the same spelling not called a village is still a hint; a town's corruption is still flagged
    assert [f.text for f in mt104("Paintings were found in a cave near Teriel.")] == ["Teriel"]
    assert [f.text for f in mt104("The siege of the town of Mariupil lasted months.")] == ["Mariupil"]


def test_a_name_inside_a_set_off_title_keeps_its_authors_spelling():
    # a title in italics or quotation marks is spelled as its author chose (a novel, not Americana)
    assert mt104("It includes *Wolf Hall*, *The Road*, *Americanah* and *Homegoing*.") == []
    assert mt104("She recommended the novel “Americanah” to the club.") == []
    assert mt104("We read “The Road to Samarkant” in class.") == []
    # a quotation that is no title, or a quote elsewhere in the sentence, leaves the place judged
    assert [f.text for f in mt104("They said “yes” and flew to Azerbajan.")] == ["Azerbajan"]
    assert [f.text for f in mt104('"We are ready," said officials in Azerbajan. "No," said others.')] == ["Azerbajan"]
    assert [f.text for f in mt104("Officials in Americanah agreed.")] == ["Americanah"]


@pytest.mark.parametrize("text, span", [
    ("Troops were deployed to Zamfarra, in northern Nigeria.", "Zamfarra"),  # a region: not judged by its setting
    ("Flash floods hit Silhet in north-eastern Bangladesh.", "Silhet"),
    ("Kenya's opposition held a rally in Kisummu, in western Kenya.", "Kisummu"),
])
def test_a_located_corruption_of_a_town_or_region_is_still_flagged(text, span):
    assert [f.text for f in mt104(text)] == [span]


def test_fix_leaves_a_real_town_and_corrects_a_corruption_spelled_right_elsewhere(tmp_path):
    from click.testing import CliRunner

    from mtcheck.cli import main

    path = tmp_path / "a.txt"
    text = ("Officials in Stretford said the road had reopened. Kherson and Mariupol were hit; "
            "the siege of Mariupil lasted months. Mariupol fell in May.\n")
    path.write_text(text, encoding="utf-8")
    CliRunner().invoke(main, ["check", "--no-model", "--select", "MT104", "--fix", str(path)])
    assert path.read_text(encoding="utf-8") == text.replace("of Mariupil", "of Mariupol")


def test_names_split_by_a_surnames_particles_are_a_persons_not_places():
    # "Jorden" (Jordan) and "Foreest" (Forest) are a first name and a surname: the lowercase
    # particle between them breaks the run of capitalised words, not the name.
    text = ("The Dutch team includes Jorden van Foreest, who drew in the first round. "
            "Jorden said afterwards that he had been nervous.")
    assert found(text, "MT104") == []
    # a place before a particle and a place name is still a place ("Santiago de Chile")
    assert found("They flew to Santiego de Chile on Monday.", "MT104") == [("MT104", "Santiego", ("Santiago",))]
    # and a corruption nowhere used as a first name is still caught
    assert found("Jorden van Foreest drew. Troops moved into Azerbajan.", "MT104") \
        == [("MT104", "Azerbajan", ("Azerbaijan",))]
