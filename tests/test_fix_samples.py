"""`--fix` on the sample corpus: garbled articles move towards their clean twins, clean ones stay put."""

import shutil

import pytest

from conftest import SAMPLES

pytest.importorskip("sacrebleu")
pytestmark = pytest.mark.skipif(not (SAMPLES / "garbled").is_dir() or not (SAMPLES / "clean").is_dir(),
                                reason="samples/ not present")


def _copy(folder, tmp_path):
    target = tmp_path / folder
    shutil.copytree(SAMPLES / folder, target)
    return target


def test_fix_raises_chrf_of_every_garbled_sample(tmp_path, cli):
    from mtcheck.score import chrf

    fixed_dir = _copy("garbled", tmp_path)
    result = cli("check", "--no-model", "--exit-zero", "--fix", str(fixed_dir))
    assert result.exit_code == 0, result.stderr
    gains = {}
    for fixed in sorted(fixed_dir.iterdir()):
        clean = (SAMPLES / "clean" / fixed.name).read_text(encoding="utf-8")
        before = chrf((SAMPLES / "garbled" / fixed.name).read_text(encoding="utf-8"), clean)
        after = chrf(fixed.read_text(encoding="utf-8"), clean)
        assert after >= before, f"{fixed.name}: chrF {before:.2f} -> {after:.2f}"
        gains[fixed.name] = after - before
    assert sum(gains.values()) > 0, gains
    again = cli("check", "--no-model", "--exit-zero", "--fix", str(fixed_dir))
    assert "fixes applied: 0" in again.stdout


def test_fix_leaves_clean_samples_byte_identical(tmp_path, cli):
    clean_dir = _copy("clean", tmp_path)
    result = cli("check", "--no-model", "--exit-zero", "--fix", str(clean_dir))
    assert result.exit_code == 0, result.stderr
    for f in sorted(clean_dir.iterdir()):
        assert f.read_bytes() == (SAMPLES / "clean" / f.name).read_bytes(), f.name


GLOSSARY = SAMPLES / "glossary.csv"


def _chrf_after(tmp_path, cli, *options):
    from mtcheck.score import chrf

    fixed_dir = _copy("garbled", tmp_path)
    result = cli("check", "--no-model", "--exit-zero", "--fix", "-g", str(GLOSSARY), *options, str(fixed_dir))
    assert result.exit_code == 0, result.stderr
    scores = {}
    for fixed in sorted(fixed_dir.iterdir()):
        clean = (SAMPLES / "clean" / fixed.name).read_text(encoding="utf-8")
        scores[fixed.name] = (chrf((SAMPLES / "garbled" / fixed.name).read_text(encoding="utf-8"), clean),
                              chrf(fixed.read_text(encoding="utf-8"), clean))
    return scores


def test_safe_fixes_raise_chrf_of_every_sample_with_the_glossary(tmp_path, cli):
    scores = _chrf_after(tmp_path, cli)
    for name, (before, after) in scores.items():
        assert after > before, f"{name}: chrF {before:.2f} -> {after:.2f}"
    mean_gain = sum(a - b for b, a in scores.values()) / len(scores)
    assert mean_gain >= 0.5, mean_gain  # 0.33 before safe fixes of names, pronouns and honorifics


def test_unsafe_fixes_never_lower_chrf(tmp_path, cli):
    for name, (before, after) in _chrf_after(tmp_path, cli, "--unsafe-fixes").items():
        assert after >= before, f"{name}: chrF {before:.2f} -> {after:.2f}"


def test_clean_twins_stay_byte_identical_with_the_glossary(tmp_path, cli):
    clean_dir = _copy("clean", tmp_path)
    cli("check", "--no-model", "--exit-zero", "--fix", "-g", str(GLOSSARY), str(clean_dir))
    for f in sorted(clean_dir.iterdir()):
        assert f.read_bytes() == (SAMPLES / "clean" / f.name).read_bytes(), f.name
