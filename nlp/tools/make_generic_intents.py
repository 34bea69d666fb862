#!/usr/bin/env python3
"""Builds the shipped generic-intent data from the hand-written utterances in generic_intents_part*.txt.

Every 5th hand-written utterance of each intent (positions 2, 7, 12 ...) goes to the held-out file; about a third of
the utterances also get one ASR-style noisy variant (filler words, a stuttered first word, homophone errors, dropped
spaces) that stays on the same side of the split, so held-out scores are not inflated by near-duplicates.
Deterministic: rerunning gives identical files.  Run from the repository root:
    python3 nlp/tools/make_generic_intents.py
"""
import glob, hashlib, os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "main", "resources", "dev", "zhiyu", "nlp", "intents", "generic")
FILLERS = ["嗯", "啊", "那个", "呃", "就是", "嗯嗯", "哎"]
HOMOPHONES = [("是", "事"), ("在", "再"), ("的", "得"), ("电话", "点话"), ("知道", "只到"), ("机器", "鸡器"),
              ("骗子", "片子"), ("需要", "需药"), ("人工", "人公"), ("开户", "开护"), ("再见", "在见"),
              ("什么", "神马"), ("听", "厅"), ("号码", "好码"), ("现在", "先在"), ("没有", "没又"),
              # more common recogniser confusions (issue 17); after the others so their variants stay as they were
              ("拜拜", "白白"), ("已经", "以经"), ("打错", "大错"), ("投诉", "头诉"), ("没", "每"), ("了", "乐")]


def h(s):
    return int(hashlib.md5(s.encode("utf-8")).hexdigest(), 16)


def noisy(text):
    k = h(text)
    out = text
    for a, b in HOMOPHONES:
        if a in out and (k >> 3) % 2 == 0:
            out = out.replace(a, b, 1)
            break
    if (k >> 5) % 3 == 0:
        out = out[:2] + out[:2] + out[2:] if len(out) >= 3 else out + out
    if (k >> 7) % 2 == 0 or out == text:
        out = FILLERS[(k >> 9) % len(FILLERS)] + (" " if (k >> 11) % 2 else "") + out
    if (k >> 13) % 2 == 0:
        out = out.replace(" ", "")
    return out


def main():
    data, label = {}, None
    for path in sorted(glob.glob(os.path.join(HERE, "generic_intents_part*.txt"))):
        for line in open(path, encoding="utf-8"):
            line = line.strip()
            if line.startswith("# "):
                continue
            if line.startswith("## "):
                label = line[3:].strip()
                data.setdefault(label, [])
            elif line:
                data[label].append(line)
    train, held = [], []
    for label, texts in data.items():
        for i, t in enumerate(texts):
            side = held if i % 5 == 2 else train
            side.append((label, t))
            if h(label + t) % 3 == 0:
                side.append((label, noisy(t)))
    os.makedirs(OUT, exist_ok=True)
    for name, rows in (("train.tsv", train), ("heldout.tsv", held)):
        with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
            for label, t in rows:
                f.write(f"{label}\t{t}\n")
        print(name, len(rows))


if __name__ == "__main__":
    main()
