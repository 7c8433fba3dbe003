import json

import pytest

from mtcheck.config import ConfigError, config_for, read_config_file
from mtcheck.finding import Severity

GARBLED = "The talks failed on Friday; And maybe they resume.\n“They will, said the envoy.\n"


def test_pyproject_table_is_found_walking_up(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.mtcheck]\nfail-level = "major"\nignore = ["MT403"]\n')
    nested = tmp_path / "desk" / "world"
    nested.mkdir(parents=True)
    config = config_for(nested / "story.txt")
    assert config.fail_level is Severity.MAJOR
    assert config.ignore == ["MT403"]
    assert config.source == str(tmp_path / "pyproject.toml")


@pytest.mark.parametrize("pyproject", ['[project]\nname = "x"\n',
                                       '[project]\ndependencies = ["mtcheck"]\n'])  # names mtcheck elsewhere
def test_pyproject_without_table_is_skipped_for_mtcheck_toml_above(tmp_path, pyproject):
    (tmp_path / "mtcheck.toml").write_text('select = ["MT4"]\n')
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text(pyproject)
    assert config_for(sub / "a.txt").select == ["MT4"]


@pytest.mark.parametrize("table", ['[tool]\nmtcheck.ignore = ["MT403"]\n',
                                   '[ tool.mtcheck ]\nignore = ["MT403"]\n',
                                   '[tool."mtcheck"]\nignore = ["MT403"]\n',
                                   'tool.mtcheck.ignore = ["MT403"]\n'])
def test_pyproject_table_is_found_however_toml_spells_it(tmp_path, table):
    # Only the bytes "[tool.mtcheck" counted: these valid spellings were silently ignored.
    (tmp_path / "pyproject.toml").write_text(table, encoding="utf-8")
    config = config_for(tmp_path / "a.txt")
    assert config.source == str(tmp_path / "pyproject.toml") and config.ignore == ["MT403"]


def test_dot_mtcheck_toml_wins_over_pyproject_in_same_folder(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.mtcheck]\nselect = ["MT401"]\n')
    (tmp_path / ".mtcheck.toml").write_text('select = ["MT403"]\n')
    assert config_for(tmp_path / "a.txt").select == ["MT403"]


def test_glossary_paths_are_relative_to_the_config_file(tmp_path):
    (tmp_path / "mtcheck.toml").write_text('glossary = ["terms/names.csv"]\n')
    assert config_for(tmp_path / "a.txt").glossary == [str(tmp_path / "terms" / "names.csv")]


@pytest.mark.parametrize("body, needle", [
    ('fail-levle = "major"\n', "unknown key 'fail-levle'"),
    ('fail-level = "huge"\n', "bad value for 'fail-level'"),
    ('select = "MT4\n', "invalid TOML"),
    ('use-model = "yes"\n', "bad value for 'use-model'"),
])
def test_bad_config_names_file_and_key(tmp_path, body, needle):
    path = tmp_path / "mtcheck.toml"
    path.write_text(body)
    with pytest.raises(ConfigError) as err:
        read_config_file(path)
    assert str(path) in str(err.value) and needle in str(err.value)


def test_bad_config_exits_2_with_one_line(tmp_path, run_cli):
    (tmp_path / "mtcheck.toml").write_text('colour = "red"\n')
    story = tmp_path / "a.txt"
    story.write_text(GARBLED)
    proc = run_cli("check", "--no-model", str(story))
    assert proc.returncode == 2
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith(f"mtcheck: error: {tmp_path / 'mtcheck.toml'}:1: unknown key 'colour'")
    assert "Traceback" not in proc.stderr


def test_command_line_beats_config(tmp_path, run_cli):
    (tmp_path / "mtcheck.toml").write_text('select = ["MT403"]\nformat = "json"\n')
    story = tmp_path / "a.txt"
    story.write_text(GARBLED)
    proc = run_cli("check", "--no-model", "--select", "MT401", str(story))
    rules = [f["rule"] for f in json.loads(proc.stdout)["files"][0]["findings"]]
    assert rules == ["MT401"]
    proc = run_cli("check", "--no-model", str(story))
    assert [f["rule"] for f in json.loads(proc.stdout)["files"][0]["findings"]] == ["MT403"]


def test_per_file_ignores(tmp_path, run_cli):
    (tmp_path / "mtcheck.toml").write_text('[per-file-ignores]\n"wire/*.txt" = ["MT401"]\n')
    (tmp_path / "wire").mkdir()
    (tmp_path / "wire" / "a.txt").write_text(GARBLED)
    (tmp_path / "b.txt").write_text(GARBLED)
    proc = run_cli("check", "--no-model", "--format", "jsonl", str(tmp_path))
    found = {(json.loads(line)["path"].split("/")[-1], json.loads(line)["rule"]) for line in proc.stdout.splitlines()}
    assert ("a.txt", "MT401") not in found and ("a.txt", "MT403") in found
    assert ("b.txt", "MT401") in found


def test_config_command_prints_effective_config(tmp_path, run_cli):
    (tmp_path / "mtcheck.toml").write_text('fail-level = "critical"\n')
    proc = run_cli("config", str(tmp_path))
    assert proc.returncode == 0
    assert f"# source: {tmp_path / 'mtcheck.toml'}" in proc.stdout
    assert 'fail-level = "critical"' in proc.stdout


@pytest.mark.parametrize("body, key", [
    ('select = ["MT41"]\n', "select"),            # a typo of MT401: would silence every rule
    ('ignore = ["MT4O1"]\n', "ignore"),           # letter O: would silence nothing
    ('[per-file-ignores]\n"*.txt" = ["MT4O3"]\n', "per-file-ignores"),
])
def test_unknown_rule_code_in_config_exits_2_naming_file_and_key(tmp_path, run_cli, body, key):
    """`--select MT999` stops the run; the same typo in the config file must too, not check
    nothing and exit 0."""
    (tmp_path / "mtcheck.toml").write_text(body)
    story = tmp_path / "a.txt"
    story.write_text(GARBLED)
    proc = run_cli("check", "--no-model", str(story))
    assert proc.returncode == 2, proc.stdout
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith(f"mtcheck: error: {tmp_path / 'mtcheck.toml'}:")
    assert f"bad value for '{key}'" in line and "no rule matches" in line


def test_config_select_all_and_names_are_accepted(tmp_path):
    (tmp_path / "mtcheck.toml").write_text('select = ["ALL"]\nignore = ["MT4", "glossary-variant"]\n')
    config = config_for(tmp_path / "a.txt")
    assert config.select == ["ALL"] and config.ignore == ["MT4", "glossary-variant"]


# -- exclude and force-exclude: pre-commit names the files, so the walk never sees them ------
def _archive(tmp_path, config='exclude = ["archive/*"]\n'):
    """A newsroom with an excluded archive: archive/old.txt and story.txt both have findings."""
    (tmp_path / "mtcheck.toml").write_text(config, encoding="utf-8")
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "old.txt").write_text(GARBLED, encoding="utf-8")
    (tmp_path / "story.txt").write_text(GARBLED, encoding="utf-8")


def _checked(proc):
    return [f["path"] for f in json.loads(proc.stdout)["files"]]


def test_force_exclude_skips_a_named_excluded_file_and_checks_the_one_beside_it(tmp_path, run_cli):
    _archive(tmp_path)
    proc = run_cli("check", "--no-model", "--force-exclude", "-f", "json", "archive/old.txt", "story.txt",
                   cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr  # story.txt's findings
    assert _checked(proc) == ["story.txt"]
    # Every named file excluded (as when a hook's commit touches only the archive): not an error.
    proc = run_cli("check", "--no-model", "--force-exclude", "archive/old.txt", cwd=tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "0 findings in 0 files\n", "")
    # Matched as during the walk: however the file is named.
    proc = run_cli("check", "--no-model", "--force-exclude", "./archive/old.txt", str(tmp_path / "archive" / "old.txt"),
                   cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, "0 findings in 0 files\n")


def test_without_force_exclude_a_named_excluded_file_is_still_checked(tmp_path, run_cli):
    _archive(tmp_path)
    proc = run_cli("check", "--no-model", "-f", "json", "archive/old.txt", "story.txt", cwd=tmp_path)
    assert proc.returncode == 1
    assert _checked(proc) == ["archive/old.txt", "story.txt"]


def test_force_exclude_key_turns_it_on_and_the_flag_overrides_it(tmp_path, run_cli):
    _archive(tmp_path, 'exclude = ["archive/*"]\nforce-exclude = true\n')
    proc = run_cli("check", "--no-model", "-f", "json", "archive/old.txt", "story.txt", cwd=tmp_path)
    assert _checked(proc) == ["story.txt"]
    proc = run_cli("check", "--no-model", "--no-force-exclude", "-f", "json", "archive/old.txt", "story.txt",
                   cwd=tmp_path)
    assert _checked(proc) == ["archive/old.txt", "story.txt"]
    proc = run_cli("config", cwd=tmp_path)
    assert "force-exclude = true" in proc.stdout.splitlines()


def test_config_command_shows_force_exclude_off_by_default(tmp_path, run_cli):
    (tmp_path / "mtcheck.toml").write_text('exclude = ["archive/*"]\n', encoding="utf-8")
    assert "force-exclude = false" in run_cli("config", cwd=tmp_path).stdout.splitlines()


def test_a_folder_of_excluded_files_is_skipped_with_a_warning(tmp_path, run_cli):
    # As a folder with no text files at all (and as ruff does): a warning, exit 0, with or
    # without force-exclude; named files skipped by choice end the run cleanly too.
    _archive(tmp_path)
    for flag in ("--force-exclude", "--no-force-exclude"):
        proc = run_cli("check", "--no-model", flag, "archive", cwd=tmp_path)
        assert proc.returncode == 0
        assert proc.stderr == "mtcheck: warning: archive: no text or Markdown files to check in this directory\n"
        assert proc.stdout == "0 findings in 0 files; 1 skipped\n"
    news = tmp_path / "news"
    news.mkdir()
    (news / "pyproject.toml").write_text('[tool.mtcheck]\nexclude = ["*"]\n', encoding="utf-8")
    (news / "story.txt").write_text(GARBLED, encoding="utf-8")
    everything = run_cli("check", "--no-model", ".", cwd=news)
    assert (everything.returncode, everything.stderr) == (
        0, "mtcheck: warning: .: no text or Markdown files to check in this directory\n")
