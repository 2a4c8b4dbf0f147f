#!/usr/bin/env python
"""`cleaner check` on clean text: how often it raises a finding, and how fast it reads.

    python bench/check.py --data PATH [--repeat 3] [--markdown FILE]

The benchmark's gold bodies are human-reviewed article text, as a cleaned corpus holds it. Each
is checked once with the default selection; a body with any finding counts against the "no
finding" share, and the findings are listed by code so that a reader can judge them.

Speed is one core, as a pre-commit hook runs: the gold bodies, written as one JSONL file
(``{"id", "text"}`` a line) and as one .txt file a body, are checked by
:func:`cleaner.check.check_paths` in this process, ``--repeat`` times, best time kept.
``ftfy.fix_text`` over the same bodies, in the same run, is the reference. MB are of the text,
in UTF-8.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).absolute().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import check  # noqa: E402
from cleaner.pipeline import default_rulebook  # noqa: E402


def best_of(repeat: int, job) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        job()
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args(argv)

    with gzip.open(args.data, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    bodies = [(r["id"], r["gold"]["body"]) for r in records]
    rules = default_rulebook()
    check.check_text("warm-up", rules)

    flagged, codes, examples = [], collections.Counter(), {}
    for id_, body in bodies:
        findings, _ = check.check_text(body, rules)
        if findings:
            flagged.append(id_)
            codes.update(f.code for f in findings)
            examples.setdefault(id_, findings[0])

    megabytes = sum(len(body.encode("utf-8")) for _, body in bodies) / 1e6
    with tempfile.TemporaryDirectory() as folder:
        jsonl = Path(folder) / "gold.jsonl"
        jsonl.write_text("".join(json.dumps({"id": i, "text": b}, ensure_ascii=False) + "\n" for i, b in bodies),
                         encoding="utf-8")
        texts = Path(folder) / "txt"
        texts.mkdir()
        for id_, body in bodies:
            (texts / f"{id_}.txt").write_text(body, encoding="utf-8")
        selection = check.Selection()
        jsonl_s = best_of(args.repeat, lambda: list(check.check_paths([str(jsonl)], rules, selection)))
        txt_s = best_of(args.repeat, lambda: list(check.check_paths([str(texts)], rules, selection)))
    import ftfy

    ftfy_s = best_of(args.repeat, lambda: [ftfy.fix_text(b) for _, b in bodies])

    clean = 1 - len(flagged) / len(bodies)
    report = [
        f"## cleaner check on the gold bodies ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})",
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, one core. "
        f"{len(bodies)} gold bodies, {megabytes:.2f} MB of text. Best of {args.repeat}.",
        "",
        f"- No finding: {len(bodies) - len(flagged)} of {len(bodies)} bodies ({clean:.2%}).",
        f"- Findings by code on the {len(flagged)} others: "
        + ", ".join(f"{code} {n}" for code, n in sorted(codes.items())),
        "",
        "| input | seconds | MB/s | ratio to ftfy |",
        "|---|---|---|---|",
        f"| check, one JSONL file | {jsonl_s:.2f} | {megabytes / jsonl_s:.2f} | {ftfy_s / jsonl_s:.2f}× |",
        f"| check, a .txt file a body | {txt_s:.2f} | {megabytes / txt_s:.2f} | {ftfy_s / txt_s:.2f}× |",
        f"| ftfy.fix_text (reference) | {ftfy_s:.2f} | {megabytes / ftfy_s:.2f} | 1.00× |",
        "",
        "Bodies with a finding, and the first finding of each:",
        "",
    ]
    report += [f"- {id_}: {f.code} {f.message} [{f.rule}]" for id_, f in examples.items()]
    text = "\n".join(report) + "\n"
    print(text)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
