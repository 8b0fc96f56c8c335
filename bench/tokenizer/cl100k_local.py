"""cl100k_base for tiktoken without the network: the rank file comes from disk, not from OpenAI's blob store.

tiktoken.get_encoding("cl100k_base") downloads the ranks at run time, which this machine cannot
do. Here the same Encoding is built from a local copy: by default the cl100k_base.tiktoken that
jtokkit ships inside its jar (in ~/.m2 after any Maven build of the activities tests), checked
against the SHA-256 that tiktoken itself expects.
"""
import base64
import glob
import hashlib
import os
import zipfile

import tiktoken
from tiktoken_ext import openai_public

CL100K_SHA256 = "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
JTOKKIT_RESOURCE = "com/knuddels/jtokkit/cl100k_base.tiktoken"


def rank_file_bytes(path=None):
    if path:
        with open(path, "rb") as f:
            data = f.read()
    else:
        jars = sorted(glob.glob(os.path.expanduser("~/.m2/repository/com/knuddels/jtokkit/*/jtokkit-*.jar")))
        jars = [j for j in jars if not j.endswith(("-sources.jar", "-javadoc.jar"))]
        if not jars:
            raise SystemExit("no jtokkit jar in ~/.m2: build the activities tests once, or pass --ranks FILE")
        with zipfile.ZipFile(jars[-1]) as z:
            data = z.read(JTOKKIT_RESOURCE)
    digest = hashlib.sha256(data).hexdigest()
    if digest != CL100K_SHA256:
        raise SystemExit(f"rank file SHA-256 {digest} is not cl100k_base's {CL100K_SHA256}")
    return data


def cl100k(path=None):
    data = rank_file_bytes(path)
    ranks = {base64.b64decode(tok): int(rank) for tok, rank in (line.split() for line in data.splitlines() if line)}
    # Pattern and special tokens exactly as the installed tiktoken defines them, ranks from disk.
    return tiktoken.Encoding(
        name="cl100k_base",
        pat_str=PAT_STR,
        mergeable_ranks=ranks,
        special_tokens=SPECIAL_TOKENS,
    )


def _constants():
    """pat_str and special_tokens of cl100k_base, taken from tiktoken_ext without running the download."""
    import unittest.mock as mock

    with mock.patch.object(openai_public, "load_tiktoken_bpe", return_value={}):
        d = openai_public.cl100k_base()
    return d["pat_str"], d["special_tokens"]


PAT_STR, SPECIAL_TOKENS = _constants()
