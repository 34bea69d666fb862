#!/usr/bin/env python3
"""Splits generic_intents_asr.txt 50/50 into asr-dev.tsv and asr-test.tsv by a hash of each line's text.

The split is fixed by SHA-256 (even first byte → dev), so adding lines never moves old ones. Tune on dev only;
the test half is measured once, at the end. Run from the repository root: python3 nlp/tools/make_asr_eval.py
"""
import hashlib
import pathlib

SRC = pathlib.Path("nlp/tools/generic_intents_asr.txt")
OUT = pathlib.Path("nlp/src/main/resources/dev/zhiyu/nlp/intents/generic")


def training_texts():
    """Exact repeats of training/held-out sentences are left out (compared without spaces), so the set is unseen."""
    texts = set()
    for name in ("train.tsv", "heldout.tsv"):
        for row in (OUT / name).read_text(encoding="utf-8").splitlines():
            if "\t" in row and not row.startswith("#"):
                texts.add(row.split("\t", 1)[1].replace(" ", ""))
    return texts


def main():
    label, seen, halves = None, set(), {"dev": [], "test": []}
    trained, repeats = training_texts(), 0
    for raw in SRC.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            label = line[1:-1]
            continue
        if line in seen:
            raise SystemExit(f"duplicate line: {line}")
        seen.add(line)
        if line.replace(" ", "") in trained:
            repeats += 1
            continue
        half = "dev" if hashlib.sha256(line.encode("utf-8")).digest()[0] % 2 == 0 else "test"
        halves[half].append(f"{label}\t{line}")
    print("left out as exact repeats of training sentences:", repeats)
    for half, rows in halves.items():
        (OUT / f"asr-{half}.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        print(half, len(rows))


if __name__ == "__main__":
    main()
