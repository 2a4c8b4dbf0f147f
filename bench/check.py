#!/usr/bin/env python
"""`cleaner check` on clean text: how often it raises a finding, and how fast it reads.

    python bench/check.py --data PATH [--data PATH …] [--repeat 3] [--markdown FILE]

The benchmark's gold bodies are human-reviewed article text, as a cleaned corpus holds it. Each
is checked once with the default selection; a body with any finding counts against the "no
finding" share, and the findings are listed by code so that a reader can judge them. Each
``--data`` set gets its own section (the English set and the five-language news set say
different things about the word lists), and a first table gives the share of every set.

Speed is one core, as a pre-commit hook runs: a set's gold bodies, written as one JSONL file
(``{"id", "text"}`` a line) and as one .txt file a body, are checked by
:func:`cleaner.check.check_paths` in this process, ``--repeat`` times, best time kept.
``ftfy.fix_text`` over the same bodies, in the same run, is the reference. MB are of the text,
in UTF-8.

A pre-commit hook starts a process for a few files, so the start counts too: ``cleaner check``
as a new process on one .txt file (the set's body of median size) and on the folder of them,
the fastest of ``--repeat`` runs, start-up included.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).absolute().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import check  # noqa: E402
from cleaner.pipeline import default_rulebook  # noqa: E402


@dataclass
class SetResult:
    """One data set's gold bodies under check: what was found, and how fast."""

    name: str
    bodies: int
    megabytes: float
    flagged: list[str]
    codes: collections.Counter
    first_findings: dict  # body id -> its first finding
    jsonl_s: float
    txt_s: float
    ftfy_s: float
    one_file_s: float  # `cleaner check` of one .txt file (the median body) as a new process
    one_file_kb: float
    folder_s: float  # `cleaner check` of the folder of .txt files as a new process

    @property
    def clean(self) -> int:
        return self.bodies - len(self.flagged)


def best_of(repeat: int, job) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        job()
        times.append(time.perf_counter() - started)
    return min(times)


def process_seconds(repeat: int, paths: list[str]) -> float:
    """The fastest of ``repeat`` runs of ``cleaner check PATHS`` as a new process, start-up included.
    Its findings go nowhere; exit status 1 (findings) is a run like 0, anything else stops the
    benchmark, which would otherwise time a failure."""
    command = [sys.executable, "-m", "cleaner", "check", *paths]

    def run() -> None:
        done = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")

    return best_of(repeat, run)


def check_set(path: Path, rules, repeat: int) -> SetResult:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        bodies = [(r["id"], r["gold"]["body"]) for r in map(json.loads, lines)]
    flagged, codes, first_findings = [], collections.Counter(), {}
    for id_, body in bodies:
        findings, _ = check.check_text(body, rules, fix=False)
        if findings:
            flagged.append(id_)
            codes.update(f.code for f in findings)
            first_findings[id_] = findings[0]

    with tempfile.TemporaryDirectory() as folder:
        jsonl = Path(folder) / "gold.jsonl"
        jsonl.write_text("".join(json.dumps({"id": i, "text": b}, ensure_ascii=False) + "\n" for i, b in bodies),
                         encoding="utf-8")
        texts = Path(folder) / "txt"
        texts.mkdir()
        for id_, body in bodies:
            (texts / f"{id_}.txt").write_text(body, encoding="utf-8")
        selection = check.Selection()
        jsonl_s = best_of(repeat, lambda: list(check.check_paths([str(jsonl)], rules, selection)))
        txt_s = best_of(repeat, lambda: list(check.check_paths([str(texts)], rules, selection)))
        median_id, median_body = sorted(bodies, key=lambda b: (len(b[1].encode("utf-8")), b[0]))[len(bodies) // 2]
        one_file_s = process_seconds(repeat, [str(texts / f"{median_id}.txt")])
        folder_s = process_seconds(repeat, [str(texts)])
    import ftfy

    ftfy_s = best_of(repeat, lambda: [ftfy.fix_text(b) for _, b in bodies])
    megabytes = sum(len(body.encode("utf-8")) for _, body in bodies) / 1e6
    return SetResult(path.name, len(bodies), megabytes, flagged, codes, first_findings, jsonl_s, txt_s, ftfy_s,
                     one_file_s, len(median_body.encode("utf-8")) / 1e3, folder_s)


def set_section(result: SetResult) -> list[str]:
    share = result.clean / result.bodies
    lines = [
        f"### {result.name}",
        "",
        f"- No finding: {result.clean} of {result.bodies} bodies ({share:.2%}); {result.megabytes:.2f} MB of text.",
        f"- Findings by code on the {len(result.flagged)} others: "
        + ", ".join(f"{code} {n}" for code, n in sorted(result.codes.items())),
        "",
        "| input | seconds | MB/s | ratio to ftfy |",
        "|---|---|---|---|",
    ]
    for label, seconds in (("check, one JSONL file", result.jsonl_s), ("check, a .txt file a body", result.txt_s),
                           ("ftfy.fix_text (reference)", result.ftfy_s),
                           ("`cleaner check` of the .txt folder, a new process", result.folder_s)):
        lines.append(f"| {label} | {seconds:.2f} | {result.megabytes / seconds:.2f} | {result.ftfy_s / seconds:.2f}× |")
    lines.append(f"| `cleaner check` of one .txt file (the median body, {result.one_file_kb:.1f} KB), a new process"
                 f" | {result.one_file_s:.2f} | — | — |")
    lines += ["", "Bodies with a finding, and the first finding of each:", ""]
    lines += [f"- {id_}: {f.code} {f.message} [{f.rule}]" for id_, f in result.first_findings.items()]
    return lines + [""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, type=Path, action="append",
                        help="a benchmark set (.jsonl.gz with gold bodies); give it again for another set")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args(argv)

    rules = default_rulebook()
    check.check_text("warm-up", rules)
    results = [check_set(path, rules, args.repeat) for path in args.data]

    report = [
        f"## cleaner check on the gold bodies ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})",
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, one core. Best of {args.repeat}.",
        "",
        "| set | bodies | no finding | share |",
        "|---|---:|---:|---:|",
    ]
    report += [f"| {r.name} | {r.bodies} | {r.clean} | {r.clean / r.bodies:.2%} |" for r in results]
    report.append("")
    for result in results:
        report += set_section(result)
    text = "\n".join(report)
    print(text)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
