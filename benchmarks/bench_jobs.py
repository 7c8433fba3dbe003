"""Wall time of `mtcheck check --no-model` over many articles with --jobs 1 and --jobs N.

Generates N synthetic news articles (plain text and Markdown, a few hundred words each, with
some machine-translation slips) into a temporary folder, runs the real CLI once per --jobs
value, checks that the findings are identical, and prints the times and their ratio.

    python benchmarks/bench_jobs.py                   # 2,000 files, --jobs 1 vs --jobs 2
    python benchmarks/bench_jobs.py --files 500 --jobs 4 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Sentences written for this benchmark; {place}, {person}, {day} are filled in at random.
SENTENCES = (
    "Negotiators from both sides met in {place} on {day} to discuss the disputed border.",
    "The talks lasted more than six hours and ended without a joint statement.",
    "{person} told reporters that progress had been made on the question of prisoners.",
    "Officials said a second round could take place before the end of the month.",
    "The meeting was the first of its kind since the ceasefire was signed last year.",
    "Residents of the border villages have complained about shelling at night.",
    "According to the ministry, more than 300 families have left the area since spring.",
    "{person} said the government would not accept any change to the line of contact.",
    "Observers from the regional organisation were not allowed to attend the session.",
    "The opposition accused the cabinet of keeping parliament in the dark.",
    "Prices for bread and fuel have risen sharply in {place} over the past weeks.",
    "Farmers say they cannot reach their fields because of mines left in the ground.",
    "A spokesman for the foreign ministry declined to comment on the reports.",
    "The central bank raised its key rate by half a percentage point on {day}.",
    "Analysts expect inflation to slow only in the second half of the year.",
    "Thousands of people gathered in the main square of {place} on {day} evening.",
    "The protesters demanded the release of journalists detained during the unrest.",
    "Police said the rally had been peaceful and that no arrests were made.",
    "{person} promised an independent inquiry into the deaths of three workers.",
    "The mine where the accident happened had been inspected only a month earlier.",
    "Trade between the two countries fell by a fifth last year, customs data show.",
    "The new railway line is due to open in {place} next spring, officials said.",
    "Engineers warned that the old bridge was no longer safe for heavy lorries.",
    "The court postponed the hearing until {day} at the request of the defence.",
    "Lawyers for the former mayor say the charges against him are political.",
)
# Slips the rules know about: a capital after a semicolon, an opening quote never closed,
# a misspelt place, a name spelt two ways.
SLIPS = (
    "The delegation left {place} on {day}; And the talks were suspended.",
    "Prices kept rising; But the ministry said the situation was under control.",
    "{person} said \"we are ready to continue the dialogue.",
    "The envoy arrived late; So the meeting started after lunch.",
    "The next round will be held in Tbilisy or Ankarra, diplomats said.",
    "Envoy Rustam Karimov arrived on {day}, and later Mr. Karimav told reporters he was hopeful.",
)
PLACES = ("Baku", "Yerevan", "Tbilisi", "Vienna", "Geneva", "Ankara", "the capital", "the port city")
PEOPLE = ("The foreign minister", "The prime minister", "A senior official", "The mediator", "The mayor")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def make_articles(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """Write `count` articles into `folder` (every third one Markdown); returns their paths."""
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        paragraphs = []
        for _ in range(rnd.randint(4, 8)):
            sentences = []
            for _ in range(rnd.randint(2, 5)):
                pool = SLIPS if rnd.random() < 0.06 else SENTENCES
                sentences.append(rnd.choice(pool).format(place=rnd.choice(PLACES), person=rnd.choice(PEOPLE),
                                                         day=rnd.choice(DAYS)))
            paragraphs.append(" ".join(sentences))
        markdown = i % 3 == 0
        title = f"Report {i}: talks in {rnd.choice(PLACES)}"
        body = "\n\n".join(paragraphs)
        text = f"# {title}\n\n{body}\n" if markdown else f"{title}\n\n{body}\n"
        path = folder / f"desk{i % 10}" / f"article-{i:05d}.{'md' if markdown else 'txt'}"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def run_check(folder: Path, jobs: int) -> tuple[float, float, dict]:
    """Wall seconds, CPU seconds (all processes) and the JSON report of one run."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mtcheck", "check", "--no-model", "--no-progress", "--format", "json",
                           "--jobs", str(jobs), str(folder)], capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    if proc.returncode not in (0, 1):
        sys.exit(f"mtcheck failed ({proc.returncode}): {proc.stderr}")
    return elapsed, cpu, json.loads(proc.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2, help="the parallel run's --jobs (compared with 1)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per setting; the best time counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mtcheck-bench-") as tmp:
        folder = Path(tmp) / "articles"
        make_articles(folder, args.files)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in folder.rglob("*.*"))
        times: dict[int, tuple[float, float]] = {}
        outputs: dict[int, dict] = {}
        for jobs in (1, args.jobs):
            best = (float("inf"), 0.0)
            for _ in range(args.repeat):
                elapsed, cpu, outputs[jobs] = run_check(folder, jobs)
                best = min(best, (elapsed, cpu))
            times[jobs] = best
        same = outputs[1]["files"] == outputs[args.jobs]["files"]
        findings = outputs[1]["summary"]["findings"]
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"{args.files} files, {words:,} words, {findings} findings; cpus: {os.cpu_count()}; "
              f"load average after the runs: {load} (other work on the machine slows the parallel run)")
        for jobs, (elapsed, cpu) in times.items():
            print(f"--jobs {jobs}: {elapsed:.2f} s wall, {cpu:.2f} s CPU")
        print(f"wall-time ratio jobs1/jobs{args.jobs}: {times[1][0] / times[args.jobs][0]:.2f}x; "
              f"identical findings: {same}")
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
