"""Source-aware checking (issue 14): the mtcheck.source package, the MT5xx rules, their
examples, the bilingual test set, and the ways a pair reaches the engine (--source, the
`sources` config key, check_text(source=...), eval --source-aware)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import REPO, SHARED, run_mtcheck

from mtcheck import check_text
from mtcheck.config import Config
from mtcheck.document import Document
from mtcheck.engine import Checker
from mtcheck.glossary.loaders import load_table, load_tbx
from mtcheck.rules import source as source_rules
from mtcheck.source import pair_analysis
from mtcheck.source.align import Unit, align, split_sentences
from mtcheck.source.anchors import find_anchors, rendered_in
from mtcheck.source.lang import detect_language
from mtcheck.source.quantities import cjk_value, digit_starts, extract, format_number

BILINGUAL = REPO / "tests" / "data" / "bilingual"


def values(text, lang, kind="number"):
    return [q.value for q in extract(text, lang) if q.kind == kind]


# -- the package ------------------------------------------------------------------------------
@pytest.mark.parametrize("text, lang", [
    ("地震已造成至少42人死亡。", "zh"), ("東京都は新型のPlayStation 5 Proを発表した。", "ja"),
    ("Министр назвал ситуацию напряжённой.", "ru"), ("Die Polizei nahm drei Verdächtige fest und die Ermittlungen dauern an.", "de"),
    ("Le ministre a qualifié la situation de très préoccupante.", "fr"),
    ("La OTAN y la ONU condenaron el ataque.", "es"), ("Міністр заявив, що ситуація є напруженою.", "uk"),
])
def test_language_detection(text, lang):
    assert detect_language(text) == lang


@pytest.mark.parametrize("text, expected", [
    ("8万", 80000), ("1万2千", 12000), ("三千五百", 3500), ("3.2亿", 3.2e8), ("两万", 20000),
    ("1亿2千万", 1.2e8), ("1万亿", 1e12), ("350万", 3.5e6),
])
def test_cjk_numerals(text, expected):
    assert cjk_value(text) == expected


@pytest.mark.parametrize("text, lang, expected", [
    ("3,2 Prozent und 12.000 Euro, 2,61 Millionen", "de", [3.2, 12000, 2.61e6]),
    ("1 200 emplois, 2,4 milliards d'euros", "fr", [1200, 2.4e9]),
    ("2,7 millones de personas, 300.000, veinte", "es", [2.7e6, 300000, 20]),
    ("2,5 млрд рублей, около двадцати", "ru", [2.5e9, 20]),
    ("另有8万人，营收达3.2亿元，超过500余万，一万六七千人，九二共识", "zh", [80000, 3.2e8, 5e6]),
    ("20,665 people, twenty-five, 12 to 14 million, the 1990s, 3.2%", "en", [20665, 25, 12e6, 14e6, 1990, 3.2]),
    # close-written scales; no part of a number with a unit ("100m" may be metres)
    ("$3bn and £4.2bn, a 2.5m-euro grant, the 100m final, 4.2km", "en", [3e9, 4.2e9]),
])
def test_numbers_in_each_convention(text, lang, expected):
    assert values(text, lang) == pytest.approx(expected)


@pytest.mark.parametrize("text, lang, expected", [
    ("2023年3月15日", "zh", (2023, 3, 15)), ("am 12. Juni 2025", "de", (2025, 6, 12)),
    ("le 30 juin 2024", "fr", (2024, 6, 30)), ("el 4 de noviembre de 2024", "es", (2024, 11, 4)),
    ("17 марта 2024 года", "ru", (2024, 3, 17)), ("05.03.2023", "it", (2023, 3, 5)),
    ("on March 5, 2023", "en", (2023, 3, 5)), ("on 21 June 2025", "en", (2025, 6, 21)),
    ("on 3/5/2023", "en", (2023, 3, 5)), ("on 13/5/2023", "en", (2023, 5, 13)),  # month first unless it cannot be
])
def test_dates(text, lang, expected):
    assert values(text, lang, "date") == [expected]


def test_an_english_numeric_date_matches_its_source_either_way_round():
    """3/5/2023 may be 3 May or 5 March: it agrees with a source's 05.03.2023 (and 03.05.2023),
    not with 06.03.2023."""
    from mtcheck.api import check_text

    def mt502(target, source):
        return [f.rule for f in check_text(target, source=source, config={"select": ["MT502"]})]

    assert mt502("The talks began on 3/5/2023 in Geneva.", "Die Gespräche begannen am 05.03.2023 in Genf.") == []
    assert mt502("The talks began on 3/5/2023 in Geneva.", "Die Gespräche begannen am 03.05.2023 in Genf.") == []
    assert mt502("The talks began on 3/5/2023 in Geneva.", "Die Gespräche begannen am 06.03.2023 in Genf.") == ["MT502"]


def test_times_and_month_verbs():
    assert values("下午3点30分", "zh", "time") == [15 * 60 + 30]
    assert values("um 14.45 Uhr", "de", "time") == [14 * 60 + 45]
    assert values("à 15 h 30", "fr", "time") == [15 * 60 + 30]
    assert values("at 3:30 p.m. and 7 p.m.", "en", "time") == [15 * 60 + 30, 19 * 60]
    assert values("May I ask? They march on.", "en", "date") == []
    assert values("in May, since March", "en", "date") == [(None, 5, None), (None, 3, None)]


def test_format_number_keeps_the_targets_style():
    assert format_number(80000, "8,000") == "80,000"
    assert format_number(2.4e9, "2.4 million") == "2.4 billion"
    assert format_number(2.61e6, "2.16 million") == "2.61 million"
    assert format_number(35, "53") == "35"


def test_anchors_and_their_renderings():
    found = {(a.kind, a.text) for a in find_anchors("详见 www.moh.gov.cn。世界卫生组织（WHO）和欧盟EMA, iPhone", False)}
    assert {("url", "www.moh.gov.cn"), ("acronym", "WHO"), ("acronym", "EMA"), ("name", "iPhone")} <= found
    latin = find_anchors("Die EU-Kommission und die NATO, z.B. www.destatis.de.", True)
    assert [(a.kind, a.text) for a in latin] == [("acronym", "NATO"), ("url", "www.destatis.de")]
    onu, = find_anchors("la ONU", True)
    assert rendered_in(onu, "the UN said") and not rendered_in(onu, "the EU said")
    who, = find_anchors("(WHO)", True)
    assert rendered_in(who, "the World Health Organization said")
    fsb, = find_anchors("ФСБ", True)
    assert rendered_in(fsb, "the FSB said")


def test_alignment_moves():
    def units(lengths, keys=None):
        return [Unit(i, i + 1, n, frozenset(keys[i]) if keys else frozenset()) for i, n in enumerate(lengths)]
    # A merge (2-1), an omission (1-0) and a split (1-2) are each found by length.
    assert align(units([40, 40, 50]), units([82, 50]), 1.0) == [(0, 2, 0, 1), (2, 3, 1, 2)]
    assert align(units([50, 60, 50]), units([50, 50]), 1.0) == [(0, 1, 0, 1), (1, 2, 1, 1), (2, 3, 1, 2)]
    assert align(units([100]), units([48, 50]), 1.0) == [(0, 1, 0, 2)]


def test_source_sentences_keep_german_dates_and_abbreviations():
    text = "Der Gipfel findet am 12. Juni 2025 statt. Er kostet 3,7 Mrd. Euro. 北约秘书长抵达基辅。他表示支持。"
    spans = split_sentences(text, 0, len(text), "de")
    assert [text[s:e] for s, e in spans][:2] == ["Der Gipfel findet am 12. Juni 2025 statt.", "Er kostet 3,7 Mrd. Euro."]


@pytest.mark.parametrize("text", ["12 and 3.5, 2023", "“7” — 10 km.", "x9", "99", "", "no digit", "A350, 2 500",
                                  "é 5 ١٢ 3", "２０２３年 7", "5\U0001F600 6"])
def test_digit_starts_are_the_digits_that_follow_no_ascii_digit(text):
    assert digit_starts(text) == tuple(i for i, c in enumerate(text)
                                       if c.isdecimal() and not (i and text[i - 1] in "0123456789"))

def test_the_pair_analysis_is_computed_once_per_pair():
    doc = Document("Police arrested three suspects.")
    doc.source = Document("Die Polizei nahm drei Verdächtige fest.")
    first = pair_analysis(doc)
    assert first is pair_analysis(doc) and first.language == "de"
    other = Document("Police arrested four suspects.")
    other.source = doc.source
    assert pair_analysis(other) is not first
    assert pair_analysis(Document("No source.")) is None
    from mtcheck.analysis import Analysis  # the engine's per-document analysis holds it

    analysis = Analysis(other)
    assert pair_analysis(analysis) is analysis.pair is pair_analysis(analysis)



@pytest.mark.parametrize("source", ["北约秘书长周二抵达基辅。他表示支持乌克兰。",  # no Latin anchor: found on first read
                                    "WHO秘书长周二抵达基辅。他表示支持乌克兰。"])
def test_the_target_anchors_are_the_same_whether_found_at_once_or_on_first_read(source):
    text = "The NATO chief arrived in Kyiv on Tuesday. He backed Ukraine, www.nato.int said, and the G7."
    doc = Document(text)
    doc.source = Document(source)
    pair = pair_analysis(doc)
    assert pair.tgt_anchors == find_anchors(text, True)
    assert [a.text for a in pair.tgt_anchors] == ["NATO", "www.nato.int", "G7"]
    assert [[a.text for a in g.tgt_anchors] for g in pair.groups] == [["NATO"], ["www.nato.int", "G7"]]

# -- the rules --------------------------------------------------------------------------------
def _example_glossary(lines):
    if not lines:
        return None
    header = "" if lines[0].startswith("term,") else "term,variants,note,type,gender\n"
    return load_table(header + "\n".join(lines), "<example>")


@pytest.mark.parametrize("rule, example", [(r, e) for r in source_rules.RULES for e in r.examples],
                         ids=lambda x: getattr(x, "code", None) or x.text[:30])
def test_rule_examples(rule, example):
    doc = Document(example.text, "<example>", markdown=example.markdown)
    doc.source = Document(example.source, "<source>")
    findings = Checker(Config(), _example_glossary(example.glossary), rules=[rule]).check(doc)
    if example.flagged is None:
        assert findings == [], [f.message for f in findings]
        return
    start = example.text.index(example.flagged)
    hit = [f for f in findings if (f.start, f.end) == (start, start + len(example.flagged))]
    assert hit, [(f.text, f.message) for f in findings]
    if example.fix is not None:
        assert hit[0].suggestions[0] == example.fix


def test_every_source_rule_declares_examples_and_stays_silent_without_a_source():
    for rule in source_rules.RULES:
        assert rule.code.startswith("MT5") and rule.examples and rule.explanation()
        assert any(e.flagged for e in rule.examples) and any(e.flagged is None for e in rule.examples)
        for example in rule.examples:
            assert Checker(Config(), _example_glossary(example.glossary), rules=[rule]).check(
                Document(example.text)) == []


def test_bilingual_set_recall_and_silence_on_correct_pairs():
    sys.path.insert(0, str(REPO / "benchmarks"))
    import eval_source

    report = eval_source.evaluate()
    assert report["pairs"] >= 60 and len(report["by_language"]) >= 5
    for kind in ("number", "date", "url", "untranslated", "omission"):
        c = report["by_type"][kind]
        assert c["found"] / c["errors"] >= 0.9, (kind, c)
    assert report["findings_on_correct_pairs"] == []


def test_bilingual_set_is_well_formed():
    rows = [json.loads(line) for line in (BILINGUAL / "pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    with_error = [r for r in rows if r["errors"]]
    assert len(rows) >= 60 and len(with_error) * 2 == len(rows)
    for r in with_error:
        for e in r["errors"]:
            assert r["source"][e["source_start"]:e["source_end"]] == e["source_text"]
            if "start" in e:
                assert r["target"][e["start"]:e["end"]] == e["text"]


# -- glossary source terms --------------------------------------------------------------------
def test_glossary_source_column_and_tbx_other_languages():
    g = load_table("term,source\nState Duma,Госдума|Государственная дума\n", "g.csv")
    assert g.entries[0].source_terms == ("Госдума", "Государственная дума")
    tbx = load_tbx(b"""<?xml version="1.0"?><martif type="TBX"><text><body><termEntry id="1">
<langSet xml:lang="de"><tig><term>Bundesverfassungsgericht</term></tig></langSet>
<langSet xml:lang="en"><tig><term>Federal Constitutional Court</term></tig></langSet>
</termEntry></body></text></martif>""", "g.tbx")
    assert tbx.entries[0].term == "Federal Constitutional Court"
    assert tbx.entries[0].source_terms == ("Bundesverfassungsgericht",)
    findings = check_text("The Duma assembly passed the bill.", source="Госдума приняла законопроект.",
                          glossary=g, config={"select": ["MT507"]})
    assert [f.rule for f in findings] == ["MT507"]
    assert check_text("The State Duma passed the bill.", source="Госдуме передали законопроект.",
                      glossary=g, config={"select": ["MT507"]}) == []


# -- how pairs reach the engine ---------------------------------------------------------------
def test_check_text_with_a_source():
    findings = check_text("The earthquake forced 8,000 people from their homes.", source="地震迫使8万人离开家园。")
    assert [(f.rule, f.text, f.suggestions[0]) for f in findings] == [("MT501", "8,000", "80,000")]
    assert check_text("The earthquake forced 8,000 people from their homes.") == []


def test_cli_source_option(tmp_path):
    (tmp_path / "story.zh.txt").write_text("地震迫使8万人离开家园。\n", encoding="utf-8")
    (tmp_path / "story.en.txt").write_text("The earthquake forced 8,000 people from their homes.\n", encoding="utf-8")
    result = run_mtcheck("check", "--no-model", "--source", "story.zh.txt", "story.en.txt", cwd=tmp_path)
    assert result.returncode == 1
    assert "story.en.txt:1:23: MT501 [major] “8,000” but the source says 8万 (80,000) (→ “80,000”)" in result.stdout
    # A source named on the command line is a usage error when missing, as --reference is (exit 2).
    missing = run_mtcheck("check", "--no-model", "--source", "nope.txt", "story.en.txt", cwd=tmp_path)
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr == "mtcheck: error: --source nope.txt: no such file\n"
    folder = run_mtcheck("check", "--no-model", "--source", ".", "story.en.txt", cwd=tmp_path)
    assert folder.returncode == 2 and folder.stderr == "mtcheck: error: --source .: not a file\n"
    two = run_mtcheck("check", "--no-model", "--source", "story.zh.txt", "story.en.txt", "story.zh.txt", cwd=tmp_path)
    assert two.returncode == 2 and two.stderr.strip() == "mtcheck: error: --source needs exactly one target file"


def test_cli_source_that_is_the_target_itself_is_an_error(tmp_path):
    # It was taken for the target's source and so skipped: "0 findings in 0 files", exit 0.
    (tmp_path / "story.en.txt").write_text("The earthquake forced 8,000 people; And left.\n", encoding="utf-8")
    for source in ("story.en.txt", "./story.en.txt", str(tmp_path / "story.en.txt")):
        result = run_mtcheck("check", "--no-model", "--source", source, "story.en.txt", cwd=tmp_path)
        assert result.returncode == 2, result.stdout
        assert result.stderr == (f"mtcheck: error: --source {source} is the file to check: "
                                 "name its source-language original\n")
        assert result.stdout == ""


def test_config_sources_pair_files_and_skip_the_sources(tmp_path):
    (tmp_path / "mtcheck.toml").write_text('[sources]\n"{stem}.en{ext}" = "{stem}.zh{ext}"\n'
                                           '"en/{path}" = "source/{path}"\n', encoding="utf-8")
    (tmp_path / "en" / "world").mkdir(parents=True)
    (tmp_path / "source" / "world").mkdir(parents=True)
    wrong = "The earthquake forced 8,000 people from their homes.\n"
    (tmp_path / "story.en.md").write_text(wrong, encoding="utf-8")
    (tmp_path / "story.zh.md").write_text("地震迫使8万人离开家园。\n", encoding="utf-8")
    (tmp_path / "en" / "world" / "a.txt").write_text(wrong, encoding="utf-8")
    (tmp_path / "source" / "world" / "a.txt").write_text("Das Erdbeben vertrieb 8.000 Menschen aus ihren Häusern.\n",
                                                           encoding="utf-8")
    (tmp_path / "en" / "world" / "b.txt").write_text(wrong, encoding="utf-8")  # no source: a warning
    result = run_mtcheck("check", "--no-model", "-f", "jsonl", ".", cwd=tmp_path)
    found = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(Path(f["path"]).as_posix().lstrip("./"), f["rule"]) for f in found] == [("story.en.md", "MT501")]
    assert "en/world/b.txt: source source/world/b.txt not found; checked without it" in result.stderr
    summary = run_mtcheck("check", "--no-model", ".", cwd=tmp_path)
    assert "in 3 files" in summary.stdout  # the two sources are not checked as English
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "mtcheck.toml").write_text('[sources]\n"{stem}.en.md" = "{name}.zh.md"\n', encoding="utf-8")
    (bad / "x.en.md").write_text("Text.\n", encoding="utf-8")
    err = run_mtcheck("check", "--no-model", "x.en.md", cwd=bad)
    assert err.returncode == 2 and "sources" in err.stderr and "{name}" in err.stderr


def test_eval_source_aware_reports_both(tmp_path):
    tsv = tmp_path / "mqm.tsv"
    rows = ["system\tdoc\tdocSegId\tglobalSegId\trater\tsource\ttarget\tcategory\tseverity",
            "sys\td1\t1\t1\tr1\t地震迫使8万人离开家园。\tThe earthquake forced <v>8,000</v> people from their homes."
            "\tAccuracy/Mistranslation\tMajor",
            "sys\td1\t2\t2\tr1\t救援工作仍在继续。\tRescue work was continuing.\tNo-error\tNo-error"]
    tsv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run_mtcheck("eval", "--no-model", "--source-aware", "-f", "json", str(tsv))
    mono, aware = json.loads(result.stdout)["reports"]
    assert (mono["source_aware"], aware["source_aware"]) == (False, True)
    assert mono["tp"] == 0 and aware["tp"] == 1 and aware["fp"] == 0
    text = run_mtcheck("eval", "--no-model", "--source-aware", str(tsv)).stdout
    assert "monolingual  source-aware" in text


@pytest.mark.skipif(not (SHARED / "wmt23-zhen-mqm" / "dev.tsv").exists(), reason="shared WMT data absent")
def test_wmt_source_aware_finds_what_a_monolingual_check_cannot():
    from mtcheck.api import make_checker
    from mtcheck.evaluation import eval_mqm

    checker = make_checker({"use-model": False, "select": ["MT5"]})
    aware = eval_mqm(checker, str(SHARED / "wmt23-zhen-mqm" / "dev.tsv"), source_aware=True)
    recall = {k: v["recall"] for k, v in aware["recall_by_category"].items()}
    assert recall["Non-translation!"] > 0.3 and recall["Accuracy/Addition"] > 0.1
    assert aware["rules"]["MT501"]["finding_precision"] >= 0.75


# -- robustness -------------------------------------------------------------------------------
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

_PIECES = st.sampled_from(["8万", "3,2 %", "12.000", "2 500", "zwanzig", "March 5, 2023", "12. Juni", "2023年3月15日",
                           "下午3点", "14:20", "www.a.org", "NATO", "ООН", "OTAN", "A350", "。", ". ", "\n\n", "——",
                           "一", "万", "亿", "Mrd.", "million", "de", "the", "慎重", "крайне", "«", "»", "(", ")", " "])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES | st.text(max_size=6), max_size=25).map("".join),
       st.lists(_PIECES | st.text(max_size=6), max_size=25).map("".join))
def test_any_pair_checks_without_error_and_with_valid_spans(source, target):
    doc = Document(target)
    doc.source = Document(source)
    for f in Checker(Config(select=["MT5"])).check(doc):
        assert 0 <= f.start < f.end <= len(target) and f.text == target[f.start:f.end]


def test_readme_source_example_prints_what_the_readme_shows(tmp_path, run_cli):
    """The README's worked example (Source-aware checking), files and output, run word for word:
    it showed MT501/MT503 without the `[*]` that check prints for their safe fixes."""
    import re

    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(\$ cat story\.zh\.md\n.*?)```", readme, re.S).group(1)
    files = dict(re.findall(r"\$ cat (\S+)\n(.*?\n)", block))
    command, expected = re.search(r"\$ mtcheck (.*?)\n(.*)", block.split("$ cat story.en.md\n")[1]
                                  .split("\n", 1)[1], re.S).groups()
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    proc = run_cli(*command.split(), cwd=tmp_path)
    assert proc.stdout == expected


def _mt5(source, target):
    doc = Document(target)
    doc.source = Document(source)
    return [f for f in Checker(Config(select=["MT5"], use_model=False)).check(doc)]


@pytest.mark.parametrize("source, target", [
    # Korean and Arabic scale words are not in source_words.tsv: 10만 may be 100,000.
    ("서울시는 월 10만원의 교통비를 지원한다. 대상자는 약 170만명으로 추산된다.",
     "Seoul will pay a transport allowance of 100,000 won a month. About 1.7 million people qualify."),
    ("وتوزع الشركة أرباحا بقيمة 31 مليار دولار على المساهمين.",
     "The company will pay $31 billion in dividends to shareholders."),
])
def test_a_number_before_an_unknown_scale_word_may_carry_its_scale(source, target):
    """Probe 12: with no scale words for the source's language, "170만" was read as 170 and
    "1.7 million" given a safe fix to "170"; the unknown word may multiply it by a power of a
    thousand (of ten thousand in Korean)."""
    assert _mt5(source, target) == []


def test_a_number_before_an_unknown_scale_word_gets_no_safe_fix():
    """Probe 12: "27.6 مليار" against "2.76 billion": a real error, but "27.6" would drop the
    scale word; flagged without a suggestion."""
    found = _mt5("بلغ صافي الأرباح 27.6 مليار دولار.", "Net profit was $2.76 billion.")
    assert [(f.rule, f.text, tuple(f.suggestions), f.fixable) for f in found] == [("MT501", "2.76 billion", (), False)]


def test_turkish_and_polish_sources_are_read_in_their_conventions():
    """Probe 12: Turkish was detected as German and Polish as Portuguese; "12,5 milyar" and "289
    mld zł" were read as 12.5 and 289, and the right translations given safe fixes to them."""
    assert detect_language("Belediye, 2024 yılında toplu taşımaya 12,5 milyar lira yatırım yapacağını "
                           "açıkladı. Hat günde yaklaşık 350 bin yolcu taşıyacak.") == "tr"
    assert detect_language("Rząd przyjął w środę projekt budżetu. Deficyt ma wynieść 289 mld zł, czyli "
                           "5,5 proc. PKB, który jest wysoki.") == "pl"
    assert values("yaklaşık 350 bin yolcu, 12,5 milyar lira", "tr") == [350000, 12.5e9]
    assert values("Deficyt ma wynieść 289 mld zł", "pl") == [289e9]
    assert _mt5("Belediyeye göre yeni hat 15 Mart 2025'te açılacak ve günde 350 bin yolcu taşıyacak.",
                "According to the municipality, the new line will open on March 15, 2025 and carry "
                "350,000 passengers a day.") == []


@pytest.mark.parametrize("text, lang, minutes", [
    ("Meloni ha visitato Faenza alle 10.30 di martedì.", "it", 630),
    ("Do zdarzenia doszło około godz. 6.40 w sobotę.", "pl", 400),
    ("La conferencia será el 3 de febrero a las 16.30 horas.", "es", 990),
    ("Le numéro est ouvert de 9 heures à 19 heures.", "fr", 540),
])
def test_dotted_and_worded_clock_times(text, lang, minutes):
    """Probe 12: "alle 10.30", "godz. 6.40", "16.30 horas" were read as the number 10.30 and
    flagged as missing from a translation that says 10:30 a.m."""
    assert minutes in values(text, lang, "time")


def test_a_sentence_period_after_a_scale_word_is_not_part_of_the_number():
    """Probe 12: "1.7 million." was flagged with its sentence's period, and its safe fix would
    have removed the period; only an abbreviation (Mio., tys.) takes one."""
    [q] = [q for q in extract("About 1.7 million.", "en") if q.kind == "number"]
    assert q.text == "1.7 million"
    [q] = [q for q in extract("Betroffen sind 1,2 Mio. Fahrgäste.", "de") if q.kind == "number"]
    assert q.text == "1,2 Mio." and q.value == 1.2e6


@pytest.mark.parametrize("source, target", [
    ("PKB Polski wzrósł w 2024 roku o 2,9 procent.", "Poland's GDP grew by 2.9 percent in 2024."),
    ("Власти РФ заявили о новых мерах.", "Russian authorities announced new measures."),
    ("A OEA convocou uma reunião extraordinária.", "The OAS called an extraordinary meeting."),
])
def test_translated_acronyms_are_accepted_renderings(source, target):
    """Probe 12: "GDP" was flagged as a change of the source's PKB, with the suggestion "PKB";
    the acronym's English form is its rendering (source_equivalents.tsv)."""
    assert [(f.rule, f.text) for f in check_text(target, source=source, config={"select": ["MT5"]})] == []


def test_an_acronym_rendered_as_another_is_still_flagged():
    found = check_text("Poland's GNP grew by 2.9 percent in 2024.", source="PKB Polski wzrósł w 2024 roku o 2,9 procent.",
                       config={"select": ["MT5"]})
    assert [f.rule for f in found] == ["MT503"]


@pytest.mark.parametrize("source, target", [
    ("A cimeira realiza-se nos dias 10 e 11 de dezembro em Lisboa.", "The summit takes place on December 10 and 11 in Lisbon."),
    ("La cumbre se celebrará los días 10 y 11 de diciembre en Madrid.", "The summit will be held on 10 and 11 December in Madrid."),
    ("Der Gipfel findet am 10. und 11. Dezember in Berlin statt.", "The summit takes place on December 10-11 in Berlin."),
])
def test_days_joined_before_one_month_are_dates_of_it(source, target):
    """Probe 12: "10 e 11 de dezembro" / "December 10 and 11" had a safe fix of the right
    "December 10" to "December 11": the first day shares the month named after the second."""
    assert check_text(target, source=source, config={"select": ["MT5"]}) == []


def test_a_changed_day_in_a_joined_pair_gets_a_day_as_its_fix():
    source = "La cumbre se celebrará los días 10 y 11 de diciembre en Madrid."
    found = check_text("The summit will be held on December 10 and 12 in Madrid.", source=source,
                       config={"select": ["MT5"]})
    assert [(f.rule, f.text, f.suggestions) for f in found] == [("MT502", "12", ("11",))]


def test_arabic_indic_digits_and_separators_are_read():
    """Probe 12: "٣٫٥" was read as 3 and 5, and a correct "3.5" drew a finding suggesting "3"."""
    from mtcheck.source.quantities import extract

    found = extract("ارتفع التضخم إلى ٣٫٥ بالمئة في عام ٢٠٢٤ وبلغ الدين ١٢٬٥٠٠ مليون", "ar")
    assert [(q.kind, q.value) for q in found] == [("number", 3.5), ("number", 2024.0), ("number", 12500.0)]
    source = "ارتفع التضخم إلى ٣٫٥ بالمئة في عام ٢٠٢٤."
    assert check_text("Inflation rose to 3.5 percent in 2024.", source=source, config={"select": ["MT5"]}) == []
    assert [f.text for f in check_text("Inflation rose to 5.3 percent in 2024.", source=source,
                                       config={"select": ["MT5"]})] == ["5.3"]


# -- probe 13: fresh pairs in 16 languages ------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("취업자 수는 2천714만 명으로 31만 2천 명 늘었다.", [27_140_000, 312_000]),
    ("영업이익이 6조 6천억 원, 무더위쉼터 4천200곳, 매출 1조2000억원, 100만 대", [6.6e12, 4200, 1.2e12, 1e6]),
    ("3~5만 명", [30_000, 50_000]),
])
def test_korean_amounts_with_their_units(text, expected):
    """Probe 13: "2천714만" was read as 2 and 714, "6조 6천억" as 6 and 6, "4천200" as 4 and 200;
    the correct "27.14 million", "6.6 trillion won" and "4,200" were flagged (MT501)."""
    assert values(text, "ko") == pytest.approx(expected)


def test_korean_dates_and_times():
    """Probe 13: "2023년 3월 15일" was read as the numbers 2023, 3 and 15, and "오전 10시" as the
    number 10: the right "March 15, 2023" and "10 a.m." drew 'the source's number ... is missing'."""
    found = extract("통계청은 2023년 3월 15일 2월 고용동향을 발표했다. 오전 10시에, 오후 2시부터 5시까지, 3시간 동안", "ko")
    assert [(q.kind, q.value) for q in found] == [
        ("date", (2023, 3, 15)), ("date", (None, 2, None)), ("time", 600), ("time", 840), ("time", 300),
        ("number", 3)]
    source = ("삼성전자가 1분기 영업이익이 6조 6천억 원으로 931% 증가했다고 5일 공시했다. "
              "오는 30일 오전 10시에 콘퍼런스콜을 연다.")
    target = ("Samsung Electronics said on the 5th that its first-quarter operating profit was 6.6 trillion won, "
              "up 931%. It will hold a conference call at 10 a.m. on the 30th.")
    assert _mt5(source, target) == []
    found = _mt5(source, target.replace("6.6 trillion", "6.06 trillion").replace("10 a.m.", "11 a.m."))
    assert [(f.rule, f.text, f.suggestions) for f in found] == [
        ("MT501", "6.06 trillion", ("6.6 trillion",)), ("MT502", "11 a.m.", ("10 a.m.",))]


def test_vietnamese_and_indonesian_sources_are_read_in_their_conventions():
    """Probe 13: Vietnamese was detected as Spanish or undetermined and Indonesian as Italian,
    so "40.000 tỷ đồng", "25,9 juta" and "5 juta" were read without their scale words, "ngày 10
    tháng 9" as the numbers 10 and 9, "9 giờ sáng" and "pukul 14.00" as numbers: the right
    "40 trillion dong", "25.9 million", "September 10" and "9 a.m." were flagged (MT501)."""
    vi = ("Ngày 10 tháng 9 năm 2024, bão Yagi đã khiến ít nhất 197 người thiệt mạng. Thiệt hại ước tính "
          "khoảng 40.000 tỷ đồng. Số liệu được công bố lúc 9 giờ sáng ngày 29/3/2024.")
    idn = ("Jumlah penduduk miskin turun menjadi 25,9 juta orang. Menteri Keuangan menyampaikan keterangan "
           "pers pada 5 Februari 2024 pukul 14.00 dan inflasi tercatat 2,61 persen.")
    assert detect_language(vi) == "vi" and detect_language(idn) == "id"
    assert [(q.kind, q.value) for q in extract(vi, "vi")] == [
        ("date", (2024, 9, 10)), ("number", 197), ("number", 4e13), ("time", 540), ("date", (2024, 3, 29))]
    assert [(q.kind, q.value) for q in extract(idn, "id")] == [
        ("number", 25.9e6), ("date", (2024, 2, 5)), ("time", 840), ("number", 2.61)]
    vi_en = ("On September 10, 2024, Typhoon Yagi had killed at least 197 people. The damage is estimated at "
             "about 40 trillion dong. The figures were published at 9 a.m. on March 29, 2024.")
    id_en = ("The number of poor people fell to 25.9 million. The finance minister gave a press statement on "
             "February 5, 2024 at 14:00, and inflation was 2.61 percent.")
    assert _mt5(vi, vi_en) == [] and _mt5(idn, id_en) == []
    found = _mt5(idn, id_en.replace("25.9 million", "2.59 million"))
    assert [(f.rule, f.text, f.suggestions) for f in found] == [("MT501", "2.59 million", ("25.9 million",))]


@pytest.mark.parametrize("source, target", [
    ("МЧС рекомендует жителям не выходить из дома.", "The Emergencies Ministry advises residents to stay at home."),
    ("Генштаб ЗСУ повідомив, що сили ППО збили 17 дронів. За даними ДСНС, постраждали 2 людини.",
     "The General Staff of the Armed Forces of Ukraine said air defences shot down 17 drones. According to the "
     "State Emergency Service, two people were injured."),
    ("Według MSZ wizyta potrwa trzy dni.", "According to the Foreign Ministry, the visit will last three days."),
    ("Le PDG a salué les chiffres du BIT.", "The chief executive welcomed the ILO's figures."),
    ("Il PIL è cresciuto dello 0,9%.", "GDP grew by 0.9%."),
    ("Kim ngạch xuất khẩu đạt 93,06 tỷ USD, tăng 17%.", "Exports reached $93.06 billion, up 17%."),
    ("Proyek senilai 7,27 miliar dolar AS yang menghubungkan Jakarta dan Bandung itu dimulai pukul 14.00 WIB.",
     "The $7.27 billion project linking Jakarta and Bandung started at 14:00 Western Indonesia Time."),
])
def test_more_acronyms_have_their_english_renderings(source, target):
    """Probe 13: МЧС, ЗСУ, ППО, ДСНС, MSZ, PDG, BIT, PIL, USD, AS (dolar AS) and WIB were flagged as
    missing beside their right English forms; "$" also needed a rendering test that asks for a
    word boundary only next to a word character ("$93.06" has none after the "$")."""
    assert _mt5(source, target) == []


@pytest.mark.parametrize("source, target", [
    ("L'Insee a annoncé le 1er mars 2024 un plan présenté à 14h30 pour le 3e trimestre.",
     "Insee announced on March 1, 2024 a plan presented at 14:30 for the third quarter."),
    ("Il 1º gennaio 2024 la popolazione era di 58.990.000 persone.", "On January 1, 2024, the population was 58,990,000."),
    ("O presidente falará às 10h de 1.º de março.", "The president will speak at 10 a.m. on March 1."),
])
def test_ordinal_days_and_times_are_no_codes(source, target):
    """Probe 13: "le 1er mars 2024" and "1º gennaio" were read as a month without its day, and the
    right "March 1, 2024" got a safe fix to "March 2024" (MT502); "1er", "3e", "14h30" and "10h"
    were taken for product codes the translation had to keep (MT503)."""
    assert _mt5(source, target) == []


def test_a_code_with_capitals_is_still_kept():
    found = _mt5("Le groupe a commandé des A350 pour la 5G.", "The group ordered A330s for 5G.")
    assert [(f.rule, f.text) for f in found] == [("MT503", "A330s")]


def test_swiss_apostrophe_groups_and_portuguese_trillions():
    """Probe 13: "12'500" was read as 12 and 500 and "686'000 Millionen" as 686 million; "10,9
    trilhões" as 10.9: the right "12,500", "686 billion francs" and "R$10.9 trillion" were
    flagged (MT501), with safe fixes to "12" and "686"."""
    assert values("Rund 12'500 Personen, 686'000 Millionen Franken, CHF 1'250.50, 12’345", "de") == \
        pytest.approx([12500, 6.86e11, 1250.5, 12345])
    assert values("R$ 10,9 trilhões e 5,2 biliões", "pt") == pytest.approx([10.9e12, 5.2e12])
    source = "Die Devisenreserven beliefen sich auf 686'000 Millionen Franken. Rund 12'500 Personen verfolgten die Konferenz."
    target = "The foreign currency reserves amounted to 686 billion francs. Around 12,500 people followed the conference."
    assert _mt5(source, target) == []
    assert [(f.text, f.suggestions) for f in _mt5(source, target.replace("12,500", "1,250"))] == [("1,250", ("12,500",))]


def test_japanese_era_years_and_english_ordinal_words():
    """Probe 13: "令和6年度" was read as the number 6 and the right "fiscal 2024" got a safe fix to
    "6"; "2年連続" ("for the second year in a row") drew "the source's number 2 is missing"."""
    found = extract("政府は令和6年度予算案を閣議決定した。令和元年5月1日に即位。平成31年4月", "ja")
    assert [(q.kind, q.value) for q in found] == [("number", 2024), ("date", (2019, 5, 1)), ("date", (2019, 4, None))]
    source = "政府は令和6年度予算案を閣議決定した。総額は112兆717億円で、2年連続で110兆円を超えた。"
    target = ("The cabinet approved the draft budget for fiscal 2024. Spending totals 112.0717 trillion yen, above "
              "110 trillion yen for the second year in a row.")
    assert _mt5(source, target) == []
    found = _mt5(source, target.replace("second", "third"))
    assert [(f.rule, f.text, f.suggestions) for f in found] == [("MT501", "third", ("2",))]


@pytest.mark.parametrize("source, target", [
    ("Thủ tướng Phạm Minh Chính yêu cầu các bộ tập trung khắc phục hậu quả.",
     "Prime Minister Pham Minh Chinh asked ministries to focus on dealing with the consequences."),
    ("Były prezydent Lech Wałęsa spotkał się z Donaldem Tuskiem.", "Former President Lech Walesa met Donald Tusk."),
])
def test_a_name_without_its_diacritics_is_not_changed(source, target):
    """Probe 13: "Chinh" was flagged as a change of the source's name Chính (MT503); English
    news drops the diacritics of Vietnamese and many other names."""
    assert _mt5(source, target) == []


def test_a_name_changed_by_a_letter_is_still_flagged():
    found = _mt5("Thủ tướng Phạm Minh Chính yêu cầu các bộ tập trung khắc phục hậu quả.",
                 "Prime Minister Pham Minh Chanh asked ministries to focus on dealing with the consequences.")
    assert [(f.rule, f.text, f.suggestions) for f in found] == [("MT503", "Chanh", ("Chính",))]


def test_lakh_and_crore():
    """Probe 13: लाख (10^5) and करोड़ (10^7) were unknown scale words, and "lakh" and "crore" were
    no scale words of English: "Rs 2,500 crore" agreed with "2,500 करोड़" only because neither
    side was scaled, a translation into "Rs 25 billion" was flagged, and a changed figure
    ("54 crore" for 45 करोड़) got no suggestion."""
    source = "पूंजीगत व्यय के लिए 11.11 लाख करोड़ रुपये का प्रावधान किया गया है। सरकार ने 2,500 करोड़ रुपये और 45 करोड़ घरों की घोषणा की। 1.5 लाख डाकघर।"
    assert values(source, "hi") == pytest.approx([11.11e12, 2500e7, 45e7, 1.5e5])
    indian = "Capital expenditure is set at Rs 11.11 lakh crore. The government announced Rs 2,500 crore and 45 crore houses. 1.5 lakh post offices."
    international = ("Capital expenditure is set at 11.11 trillion rupees. The government announced 25 billion rupees "
                     "and 450 million houses. 150,000 post offices.")
    assert _mt5(source, indian) == [] and _mt5(source, international) == []
    found = _mt5(source, indian.replace("45 crore", "54 crore"))
    assert [(f.rule, f.text, f.suggestions) for f in found] == [("MT501", "54 crore", ("45 crore",))]


def test_a_korean_number_before_a_counter_gets_its_value_suggested():
    """Probe 13: with Korean units read with their numbers (above), no Korean word is an unknown
    scale: "1,250명" against "1,520" had been flagged without a suggestion, as if 명 might
    multiply it."""
    found = _mt5("서울시는 온열질환자 1,250명이 발생했다고 밝혔다.", "The city said 1,520 people had suffered heat-related illnesses.")
    assert [(f.rule, f.text, f.suggestions) for f in found] == [("MT501", "1,520", ("1,250",))]


def test_a_changed_year_is_no_rounding():
    """Probe 13: "2023年" rendered "2024" was taken for a rounding (the two are within 0.5%) and
    not flagged; a rounding drops digits, and 2023 and 2024 are written to the same digit."""
    from mtcheck.source.quantities import same_number

    assert not same_number(2023, 2024) and not same_number(12_345, 12_346)
    assert same_number(3.27e8, 327e6) and same_number(1_784_000, 1.78e6) and same_number(5.3529e12, 5.35e12)
    source = "小米集团发布2023年全年业绩，全年总收入为2710亿元。"
    assert _mt5(source, "Xiaomi Group released its results for 2023: revenue was 271 billion yuan.") == []
    found = _mt5(source, "Xiaomi Group released its results for 2024: revenue was 271 billion yuan.")
    assert [(f.rule, f.text, f.suggestions) for f in found] == [("MT501", "2024", ("2023",))]


def test_a_url_before_cjk_punctuation_is_compared():
    """Probe 14: a Chinese source's "www.who.int/emergencies。" was masked as a URL up to and
    with the ideographic full stop, so the source's paragraph (and the sentence the anchor lies
    in) ended before the URL, and its change in the translation went unseen."""
    found = _mt5("当地政府已拨款救灾。世卫组织表示将提供援助，详情见 www.who.int/emergencies。",
                 "The local government has allocated relief funds. The WHO said it would help; "
                 "details at www.who.int/emergency.")
    assert [(f.rule, f.text, f.suggestions) for f in found] == [
        ("MT503", "www.who.int/emergency", ("www.who.int/emergencies",))]
    assert Document("见 www.who.int/emergencies。详情").non_prose == [(2, 25)]


def test_a_sentence_and_a_paragraph_left_out_at_the_end_are_both_reported():
    """Probe 15: both omissions are reported on the last target sentence, and the engine keeps one
    finding per rule and span: the paragraph left out was not mentioned."""
    found = _mt5("Die Bundesregierung hat am Mittwoch ein Entlastungspaket von 12,5 Milliarden Euro beschlossen. "
                 "Rund 2,3 Millionen Haushalte sollen davon profitieren.\n\n"
                 "Finanzminister Christian Lindner (FDP) sagte, das Paket werde bis Ende März 2025 umgesetzt. "
                 "Weitere Informationen gibt es unter bundesfinanzministerium.de/entlastung.\n\n"
                 "Kritik kam von der Opposition: Die CDU nannte das Paket „zu spät und zu klein“.",
                 "The federal government on Wednesday approved a relief package worth 12.5 million euros. "
                 "Around 3.2 million households are expected to benefit.\n\n"
                 "Finance Minister Christian Lindner (FDP) said the package would be implemented by the end of May 2025.")
    omissions = [f for f in found if f.rule == "MT505"]
    assert [f.text for f in omissions] == ["Finance Minister Christian Lindner (FDP) said the package would be "
                                           "implemented by the end of May 2025."]
    assert omissions[0].message.startswith("the source sentence “Weitere Informationen")
    assert "and the source paragraph “Kritik kam" in omissions[0].message


def test_a_changed_number_is_paired_with_the_figure_that_renders_it_not_a_number_word():
    """Probe 16: the source's 2025 and 57 млрд were paired with "two" of "the two sides" (the
    leftover numbers in order), suggesting "the 2025 sides"; a word renders a small number, and
    the nearest figure in magnitude is the changed one."""
    found = _mt5("По данным МИД, стороны договорились провести следующую встречу в Анкаре в начале 2025 года. "
                 "Товарооборот между странами в прошлом году составил около 57 млрд долларов.",
                 "According to the Foreign Ministry, the two sides agreed to hold their next meeting in Ankara "
                 "in early 2024. Trade between the two countries amounted to about $5.7 billion last year.")
    assert [(f.rule, f.text, f.suggestions, f.safe_fix is not None) for f in found] == [
        ("MT501", "2024", ("2025",), True), ("MT501", "5.7 billion", ("57 billion",), True)]


@pytest.mark.parametrize("source, target", [
    ("Más información: www.who.int/emergencies", "More information: www.who.int/emergency"),
    ("Infos: www.who.int/emergencies\n\nDer Text geht weiter.", "Information: www.who.int/emergency\n\nThe text goes on."),
    ("www.who.int/emergencies ist die Seite.", "www.who.int/emergency is the page."),
])
def test_a_url_a_paragraph_starts_or_ends_with_is_compared(source, target):
    """Probe 17: the prose masks a URL, so a paragraph's bounds stopped short of one it ends (or
    starts) with, the anchor lay in no aligned unit, and its change went unseen."""
    assert [(f.rule, f.text) for f in _mt5(source, target)] == [("MT503", "www.who.int/emergency")]
