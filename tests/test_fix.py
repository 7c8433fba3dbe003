"""`mtcheck check --fix / --unsafe-fixes / --diff`: what is written, and what is never touched."""

import json
import os
import stat

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtcheck.document import Document, InputError
from mtcheck.engine import Checker, read_document
from mtcheck.finding import Finding, Severity
from mtcheck.fix import apply_edits, fix_document, plan_edits, write_fixed

FIXABLE = "The talks failed on Friday; And maybe they resume.\n"
FIXED = "The talks failed on Friday; and maybe they resume.\n"


def _finding(start, end, suggestions, fixable=True, confidence=0.9, rule="MT999"):
    return Finding(rule=rule, name="test", category="Fluency/Grammar", severity=Severity.MINOR, start=start,
                   end=end, message="m", suggestions=tuple(suggestions), confidence=confidence, fixable=fixable)


def test_fix_applies_safe_fix_and_reports_what_remains(tmp_path, cli):
    f = tmp_path / "a.txt"
    # MT401 is fixable; the unclosed quote (MT403) may end after either sentence: it must remain.
    f.write_text(FIXABLE + '\nHe said "we stay. Then he left.\n', encoding="utf-8")
    result = cli("check", "--no-model", "--fix", str(f))
    assert f.read_text(encoding="utf-8") == FIXED + '\nHe said "we stay. Then he left.\n'
    assert result.exit_code == 1
    assert "MT403" in result.stdout and "MT401" not in result.stdout
    assert result.stdout.splitlines()[-1] == "1 finding (1 minor) in 1 file; fixes applied: 1"


def test_second_run_changes_nothing(tmp_path, cli):
    f = tmp_path / "a.txt"
    f.write_text("They met; But it failed; The end came.\n", encoding="utf-8")
    assert cli("check", "--no-model", "--fix", str(f)).exit_code == 1  # it changed the file
    once = f.read_bytes()
    assert once == b"They met; but it failed; the end came.\n"
    again = cli("check", "--no-model", "--fix", str(f))
    assert f.read_bytes() == once
    assert "fixes applied: 0" in again.stdout


def test_diff_prints_the_change_and_writes_nothing(tmp_path, cli):
    f = tmp_path / "a.txt"
    f.write_text(FIXABLE, encoding="utf-8")
    before = os.stat(f)
    result = cli("check", "--no-model", "--diff", str(f))
    assert result.exit_code == 1
    assert f"-{FIXABLE}" in result.stdout and f"+{FIXED}" in result.stdout
    assert "1 fix would be applied to 1 file; 0 findings would remain" in result.stderr
    assert f.read_text(encoding="utf-8") == FIXABLE
    assert os.stat(f).st_mtime_ns == before.st_mtime_ns
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_diff_without_changes_exits_0(tmp_path, cli):
    f = tmp_path / "a.txt"
    f.write_text(FIXED, encoding="utf-8")
    result = cli("check", "--no-model", "--diff", str(f))
    assert result.exit_code == 0 and result.stdout == ""


def test_bom_crlf_and_mode_are_kept(tmp_path, cli):
    f = tmp_path / "a.txt"
    f.write_bytes(b"\xef\xbb\xbfThey met; But it \xe2\x80\x9cfailed\xe2\x80\x9d.\r\nAgain;  So it goes.\r\n")
    f.chmod(0o640)
    assert cli("check", "--no-model", "--fix", str(f)).exit_code == 1  # it changed the file
    assert f.read_bytes() == b"\xef\xbb\xbfThey met; but it \xe2\x80\x9cfailed\xe2\x80\x9d.\r\nAgain;  so it goes.\r\n"
    assert stat.S_IMODE(os.stat(f).st_mode) == 0o640


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root may give a file away")
def test_owner_and_group_are_kept_when_another_user_fixes_the_file(tmp_path, cli):
    # The fixed file is a new one renamed over the article: it belonged to whoever ran the
    # fix (root in a container), and the editor could no longer save the article.
    f = tmp_path / "a.txt"
    f.write_text(FIXABLE, encoding="utf-8")
    f.chmod(0o664)
    os.chown(f, 65534, 65534)
    assert cli("check", "--no-model", "--fix", str(f)).exit_code == 1
    assert f.read_text(encoding="utf-8") == FIXED
    st = os.stat(f)
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (65534, 65534, 0o664)


def test_legacy_encoding_is_kept(tmp_path, cli):
    f = tmp_path / "a.txt"
    f.write_bytes("Caf\u00e9 closed; And the na\u00efve owner left.\n".encode("latin-1"))
    assert cli("check", "--no-model", "--encoding", "latin-1", "--fix", str(f)).exit_code == 1  # it changed the file
    assert f.read_bytes() == "Caf\u00e9 closed; and the na\u00efve owner left.\n".encode("latin-1")


@pytest.mark.parametrize("broken", ["replace", "fsync"])
def test_crash_mid_write_leaves_the_original_and_no_temp_file(tmp_path, cli, monkeypatch, broken):
    f = tmp_path / "a.txt"
    f.write_text(FIXABLE, encoding="utf-8")

    def crash(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, broken, crash)
    result = cli("check", "--no-model", "--fix", str(f))
    monkeypatch.undo()
    assert result.exit_code == 2
    assert "cannot write the fixed file: No space left on device" in result.stderr
    assert f.read_text(encoding="utf-8") == FIXABLE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_file_changed_since_read_is_refused(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(FIXABLE, encoding="utf-8")
    checker = Checker()
    doc = read_document(str(f))
    outcome = fix_document(checker, doc, checker.check(doc))
    assert outcome.fixed.text == FIXED
    f.write_text(FIXABLE + "An editor added this.\n", encoding="utf-8")
    with pytest.raises(InputError, match="changed since it was read"):
        write_fixed(outcome, [tmp_path])
    assert f.read_text(encoding="utf-8") == FIXABLE + "An editor added this.\n"


def test_symlink_out_of_the_checked_tree_is_not_followed(tmp_path, cli):
    outside = tmp_path / "outside.txt"
    outside.write_text(FIXABLE, encoding="utf-8")
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "link.txt").symlink_to(outside)
    result = cli("check", "--no-model", "--fix", str(tree))
    assert result.exit_code == 2
    assert "symlink" in result.stderr and "outside the checked tree" in result.stderr
    assert outside.read_text(encoding="utf-8") == FIXABLE
    # It was read and its findings listed: the summary says it was not fixed, not that it was unreadable.
    summary = result.stdout.splitlines()[-1]
    assert "; 1 not fixed (see the error)" in summary and "could not be read" not in summary
    report = json.loads(cli("check", "--no-model", "--fix", "-f", "json", str(tree)).stdout)
    assert report["summary"]["not_fixed"] == 1 and report["summary"]["errors"] == 0
    assert "outside the checked tree" in report["errors"][0]["message"]


def test_symlink_inside_the_tree_fixes_its_target_and_stays_a_link(tmp_path, cli):
    (tmp_path / "real.txt").write_text(FIXABLE, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    assert cli("check", "--no-model", "--fix", str(tmp_path / "link.txt")).exit_code == 1  # it changed the file
    assert (tmp_path / "link.txt").is_symlink()
    assert (tmp_path / "real.txt").read_text(encoding="utf-8") == FIXED


def test_a_hard_linked_file_is_fixed_in_place_so_every_link_sees_the_fix(tmp_path, cli):
    # An atomic rename would give the checked name a new file and leave the other links on the old text.
    real = tmp_path / "story.txt"
    real.write_text(FIXABLE, encoding="utf-8")
    os.chmod(real, 0o640)
    other = tmp_path / "elsewhere" / "same-story.txt"
    other.parent.mkdir()
    os.link(real, other)
    inode = os.stat(real).st_ino
    result = cli("check", "--no-model", "--fix", str(real))
    assert result.exit_code == 1 and result.stderr == ""
    assert real.read_text(encoding="utf-8") == other.read_text(encoding="utf-8") == FIXED
    st = os.stat(real)
    assert (st.st_ino, st.st_nlink, stat.S_IMODE(st.st_mode)) == (inode, 2, 0o640)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "story.txt"]  # no temporary file left
    # Both names checked: one file, fixed once (not "changed since it was read" on the second).
    real.write_text(FIXABLE, encoding="utf-8")
    both = cli("check", "--no-model", "--fix", str(real), str(other))
    assert both.exit_code == 1 and both.stderr == "" and other.read_text(encoding="utf-8") == FIXED


def test_a_failed_rewrite_in_place_puts_the_original_back(tmp_path, monkeypatch):
    import mtcheck.fix as fix

    f = tmp_path / "a.txt"
    f.write_text(FIXABLE, encoding="utf-8")
    os.link(f, tmp_path / "b.md")
    checker = Checker()
    doc = read_document(str(f))
    outcome = fix_document(checker, doc, checker.check(doc))
    calls = []

    def fsync(fd):  # the temporary copy syncs; the rewrite of the file itself fails (a full disk)
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(fix.os, "fsync", fsync)
    with pytest.raises(InputError, match="cannot write the fixed file: No space left on device"):
        write_fixed(outcome, [tmp_path])
    assert f.read_text(encoding="utf-8") == FIXABLE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.md"]


def test_a_file_reached_twice_is_checked_and_fixed_once(tmp_path, cli):
    """A link in the tree to a file also checked, or a file named twice: one fix, no 'changed
    since it was read' for the second visit."""
    (tmp_path / "real.txt").write_text(FIXABLE, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    result = cli("check", "--no-model", "--fix", str(tmp_path), str(tmp_path / "real.txt"))
    assert result.exit_code == 1 and "changed since it was read" not in result.stderr
    assert (tmp_path / "real.txt").read_text(encoding="utf-8") == FIXED and (tmp_path / "link.txt").is_symlink()
    listed = cli("check", "--no-model", "--format", "json", str(tmp_path), str(tmp_path / "real.txt"))
    assert [f["path"] for f in json.loads(listed.stdout)["files"]] == [str(tmp_path / "link.txt")]


def test_fix_refuses_standard_input(cli):
    result = cli("check", "--no-model", "--fix", "-", input=FIXABLE)
    assert result.exit_code == 2
    assert "--fix cannot write to standard input" in result.stderr


def test_overlapping_edits_keep_the_first():
    doc = Document("abcdef")
    edits = plan_edits(doc, [_finding(2, 5, ["X"]), _finding(0, 3, ["Y"]), _finding(5, 6, ["Z"])])
    assert [(e.start, e.end, e.replacement) for e in edits] == [(0, 3, "Y"), (5, 6, "Z")]
    assert apply_edits(doc.text, edits) == "YdeZ"


def test_unsafe_fixes_take_first_choice_and_unfixable_suggestions():
    doc = Document("one two three")
    findings = [_finding(0, 3, ["1", "uno"]), _finding(4, 7, ["2"], fixable=False),
                _finding(8, 13, ["3"], confidence=0.5)]
    assert plan_edits(doc, findings) == []
    assert apply_edits(doc.text, plan_edits(doc, findings, unsafe=True)) == "1 2 3"


class _Rechecker:
    """A fake checker: flags every 'ab' (fix 'X') and every 'bc' (fix 'Y')."""

    def check(self, doc):
        out = []
        for word, fix in (("ab", "X"), ("bc", "Y")):
            start = doc.text.find(word)
            while start != -1:
                out.append(_finding(start, start + 2, [fix]))
                start = doc.text.find(word, start + 1)
        return sorted(out, key=lambda f: f.start)


def test_skipped_overlap_is_rechecked_in_the_next_pass():
    checker = _Rechecker()
    doc = Document("abc bc")
    outcome = fix_document(checker, doc, checker.check(doc))
    # 'ab' wins over the overlapping 'bc' at 1; the 'bc' at 4 is fixed; nothing is left.
    assert outcome.fixed.text == "Xc Y"
    assert outcome.applied == 2 and outcome.findings == []


def test_unsafe_fixes_flag_applies_an_unvouched_suggestion(tmp_path, cli):
    f = tmp_path / "a.txt"
    text = "He said \u201cwe stay\".\n"  # curly opening, straight closing: MT403 suggests \u201d, not fixable
    f.write_text(text, encoding="utf-8")
    assert "fixes applied: 0" in cli("check", "--no-model", "--fix", str(f)).stdout
    assert f.read_text(encoding="utf-8") == text
    result = cli("check", "--no-model", "--fix", "--unsafe-fixes", str(f))
    assert result.exit_code == 1 and "fixes applied: 1" in result.stdout
    assert f.read_text(encoding="utf-8") == "He said \u201cwe stay\u201d.\n"


@given(st.text(alphabet="ab \n\r;", max_size=40), st.lists(st.tuples(st.integers(0, 40), st.integers(1, 5),
                                                                     st.text(alphabet="XY\n", max_size=3)),
                                                           max_size=6))
def test_text_outside_the_fixed_spans_is_untouched(text, raw):
    doc = Document(text)
    findings = [_finding(s, min(s + n, len(text)), [r]) for s, n, r in raw if s < len(text)]
    edits = plan_edits(doc, findings)
    fixed = apply_edits(text, edits)
    # Rebuild the fixed text from the untouched pieces and the replacements: nothing else changed.
    pieces, pos = [], 0
    for e in edits:
        pieces += [text[pos:e.start], e.replacement]
        pos = e.end
    assert fixed == "".join(pieces) + text[pos:]
    assert all(e.start >= prev.end for prev, e in zip(edits, edits[1:]))


@pytest.mark.parametrize("separator", ["\u2028", "\x0c", "\x85", "\r"])
def test_diff_applies_with_git_when_a_line_holds_a_separator_or_lone_cr(tmp_path, cli, monkeypatch, separator):
    # str.splitlines cuts lines at these too; patch and git apply only at "\n", so a diff cut
    # there had "\ No newline at end of file" in the middle of a hunk and did not apply.
    import subprocess

    monkeypatch.chdir(tmp_path)
    original = f"First part{separator}second part.\n{FIXABLE}Last line{separator}"
    (tmp_path / "a.txt").write_text(original, encoding="utf-8", newline="")
    diff = cli("check", "--no-model", "--diff", "a.txt").stdout_bytes  # .stdout turns "\r\n" into "\n"
    assert diff.count(b"\\ No newline at end of file") == 1
    (tmp_path / "fix.diff").write_bytes(diff)
    applied = subprocess.run(["git", "apply", "fix.diff"], cwd=tmp_path, capture_output=True, text=True)
    assert applied.returncode == 0, applied.stderr
    assert (tmp_path / "a.txt").read_bytes().decode("utf-8") == original.replace(FIXABLE, FIXED)


def test_diff_of_a_file_named_by_its_absolute_path_applies_from_the_root(tmp_path, cli):
    import subprocess

    target = tmp_path / "a.txt"
    target.write_text(FIXABLE, encoding="utf-8")
    diff = cli("check", "--no-model", "--diff", str(target)).stdout_bytes
    name = str(target).lstrip("/")
    assert diff.startswith(f"--- a/{name}\n+++ b/{name}\n".encode())
    (tmp_path / "fix.diff").write_bytes(diff)
    applied = subprocess.run(["git", "apply", str(tmp_path / "fix.diff")], cwd="/", capture_output=True, text=True)
    assert applied.returncode == 0, applied.stderr
    assert target.read_text(encoding="utf-8") == FIXED


@pytest.mark.parametrize("data, args", [
    (b"\xef\xbb\xbfFirst line.\r\n" + FIXABLE.replace("\n", "\r\n").encode(), []),
    ("Köln, Zürich.\n".encode("latin-1") + "The talks in Köln failed; And maybe they resume.\n".encode("latin-1"),
     ["--encoding", "latin-1"]),
])
def test_diff_of_a_bom_or_latin1_file_applies_and_gives_the_fix_bytes(tmp_path, cli, monkeypatch, data, args):
    """--diff printed the decoded text: without the file's BOM and in UTF-8 for a Latin-1 file, so
    `git apply` refused it ("patch does not apply") and `patch` needed fuzz or failed the hunk."""
    import subprocess

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_bytes(data)
    diff = cli("check", "--no-model", *args, "--diff", "a.txt")
    assert diff.exit_code == 1
    (tmp_path / "fix.diff").write_bytes(diff.stdout_bytes)
    assert (tmp_path / "a.txt").read_bytes() == data
    fixed = cli("check", "--no-model", *args, "--fix", "a.txt")
    assert fixed.exit_code == 1
    want = (tmp_path / "a.txt").read_bytes()
    assert want != data
    (tmp_path / "a.txt").write_bytes(data)
    applied = subprocess.run(["git", "apply", "fix.diff"], cwd=tmp_path, capture_output=True, text=True)
    assert applied.returncode == 0, applied.stderr
    assert (tmp_path / "a.txt").read_bytes() == want


def test_diff_of_a_utf16_file_says_it_does_not_apply(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_bytes(FIXABLE.encode("utf-16"))
    result = cli("check", "--no-model", "--diff", "a.txt")
    assert result.exit_code == 1
    assert b"+" + FIXED.encode() in result.stdout_bytes
    assert "utf-16 file's text in UTF-8 and does not apply" in result.stderr


def test_a_fix_never_deletes_markup_inside_its_span(tmp_path, cli):
    """MT301's safe fix replaces "Ms. Asked" by "Ms. Whitfield, asked"; where the word was
    emphasised or linked ("Ms. **Asked**", "Ms. [Asked](url)") the fix deleted the "**" or
    the "[" with it, leaving broken emphasis or a broken link. A finding whose span holds
    markup is reported without a fix, and no fix (safe or not) is applied over markup."""
    text = ("Margaret Whitfield, the Fed chair, spoke on Monday. Ms. Whitfield was calm.\n\n"
            "Ms. **Asked** whether politics played a role, said the Fed did not do politics.\n\n"
            "Margaret Whitfield spoke again. Ms. [Asked](https://x.org) whether rates would fall, said no.\n\n"
            "Ms. Asked whether it mattered, said no.\n")
    path = tmp_path / "a.md"
    path.write_text(text, encoding="utf-8")
    report = json.loads(cli("check", "--no-model", "-f", "json", str(path)).stdout)
    found = [f for f in report["files"][0]["findings"] if f["rule"] == "MT301"]
    assert [(f["line"], f["fix"]["safe"]) for f in found] == [(3, False), (5, False), (7, True)]
    assert "markup" in found[0]["fix"]["reason"]
    for flags in ([], ["--unsafe-fixes"]):
        path.write_text(text, encoding="utf-8")
        assert cli("check", "--no-model", "--fix", *flags, str(path)).exit_code == 1
        fixed = path.read_text(encoding="utf-8")
        assert fixed.count("**Asked**") == 1 and fixed.count("[Asked](https://x.org)") == 1
        assert "Ms. Whitfield, asked whether it mattered" in fixed


def test_a_fix_keeps_the_spans_own_spacing_around_the_words_it_keeps(tmp_path, cli):
    """MT301's suggestion writes "Mr. Lenehan, speaking" for "Mr.\u00a0Speaking": --fix wrote a
    plain space where the editor had put a no-break space after "Mr.", and a line break inside
    a span became a space. The words a suggestion keeps keep their spacing after them."""
    from mtcheck.fix import keep_spacing

    head = "Piers Lenehan, the transport secretary, spoke on Monday.\r\n\r\n"
    f = tmp_path / "story.md"
    f.write_bytes((head + "Mr.\u00a0Speaking in the Commons, said he hoped for a vote.\r\n").encode("utf-8"))
    assert cli("check", "--no-model", "--fix", str(f)).exit_code == 1
    assert f.read_bytes() == (head + "Mr.\u00a0Lenehan, speaking in the Commons, said he hoped for a vote.\r\n"
                              ).encode("utf-8")
    assert keep_spacing("Mr.\nThe", "Mr. Tui the") == "Mr.\nTui the"
    assert keep_spacing("the  \nthe", "the") == "the"
    assert keep_spacing("Olaf\u00a0Sholz", "Olaf Scholz") == "Olaf\u00a0Scholz"
    assert keep_spacing("price,", "price,”") == "price,”"
