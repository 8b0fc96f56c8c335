"""Converts the English dialogs of the chatterbot-corpus package into Tempered's conversation format.

Each YAML dialog is a list of utterances by two speakers taking turns. The first speaker becomes the
user, the second the assistant; a dialog with an odd number of utterances loses its last one (a
conversation ends with the assistant's reply), a dialog of one utterance is dropped, and an exact
repeat of an earlier dialog (tech_support.yml repeats most of its entries) is dropped. Utterances
that YAML read as numbers ('1963' unquoted) are written back as text.

The output is gzip JSONL, one conversation per line, in file then dialog order, written with a fixed
gzip header (no name, mtime 0) so that the same package version gives the same bytes.

Usage (any Python 3.10+ with PyYAML and chatterbot-corpus 1.3.3 installed):
    python convert_chatterbot.py ../../../activities/src/main/resources/chat/dialogs/chatterbot-en.jsonl.gz
"""

import collections
import gzip
import io
import json
import os
import sys
from importlib import metadata

import yaml

import chatterbot_corpus

PACKAGE = "chatterbot-corpus"
SOURCE = "chatterbot-corpus"
TASK = "dialog"


def utterance(u):
    """The utterance as text, or None for what is not a scalar (a nested list would be a bad dialog)."""
    if isinstance(u, bool) or u is None:
        return None
    if isinstance(u, (str, int, float)):
        text = str(u).strip()
        return text or None
    return None


def conversations(english_dir):
    seen = set()
    dropped = collections.Counter()
    for name in sorted(os.listdir(english_dir)):
        if not name.endswith(".yml"):
            continue
        with open(os.path.join(english_dir, name), encoding="utf-8") as f:
            data = yaml.safe_load(f)
        category = name[: -len(".yml")]
        for index, dialog in enumerate(data.get("conversations") or []):
            texts = [utterance(u) for u in dialog]
            if any(t is None for t in texts):
                dropped["not_text"] += 1
                continue
            if len(texts) % 2 == 1:
                texts = texts[:-1]
            if len(texts) < 2:
                dropped["one_utterance"] += 1
                continue
            key = tuple(texts)
            if key in seen:
                dropped["repeat"] += 1
                continue
            seen.add(key)
            messages = [
                {"role": "user" if i % 2 == 0 else "assistant", "content": t} for i, t in enumerate(texts)
            ]
            yield {
                "messages": messages,
                "source": SOURCE,
                "task": TASK,
                "id": "chatterbot-en/%s/%d" % (category, index),
            }
    print("dropped: %s" % dict(sorted(dropped.items())), file=sys.stderr)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: convert_chatterbot.py OUTPUT.jsonl.gz")
    english = os.path.join(os.path.dirname(chatterbot_corpus.__file__), "data", "english")
    lines = [json.dumps(c, ensure_ascii=False, separators=(",", ":")) + "\n" for c in conversations(english)]
    raw = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write("".join(lines).encode("utf-8"))
    with open(sys.argv[1], "wb") as out:
        out.write(raw.getvalue())
    by_category = collections.Counter(c.split("/")[1] for c in (json.loads(l)["id"] for l in lines))
    print(
        "%s %s: %d conversations %s" % (PACKAGE, metadata.version(PACKAGE), len(lines), dict(sorted(by_category.items()))),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
