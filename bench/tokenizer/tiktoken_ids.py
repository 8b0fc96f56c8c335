"""Dump tiktoken's cl100k_base ids for fixed texts into the fixture the Java tests compare against.

Usage: bench/.venv/bin/python bench/tokenizer/tiktoken_ids.py [--ranks cl100k_base.tiktoken]
       (bench/tokenizer/encode_bench.sh creates bench/.venv with tiktoken from PyPI)

Writes activities/src/test/resources/tokenizer/tiktoken-cl100k-ids.json, format
"tempered.tiktoken-fixture/v1": for each case its text, tiktoken's encode_ordinary ids and its
encode ids with allowed_special="all". Regenerate only when the texts below change; commit the result.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cl100k_local  # noqa: E402
import tiktoken  # noqa: E402

CASES = {
    "prose": "The quick brown fox jumps over the lazy dog. It's 5 o'clock; we'll see.\n",
    "contractions": "I'm can't WE'LL they'RE You've HE'S she'D i'M 'S 'LL 'Ve x's x'S x'll x'LL "
                    "x'Re x'ſ x'ſt 'tis o'neil ''s '",
    "numbers": "1 12 123 1234 12345 3.14159 1,000,000 -42 0x1F ٣٤٥٦ १२३४ ½ ²³ Ⅻ ①②③ 𝟙𝟚𝟛𝟜",
    "whitespace": "a  b   c\t\td\r\n\r\ne \n\n\n  f   \n \t \n\t\tg\r\r\n  ",
    "unicode-spaces": " \u00a0x\u3000y\u2028z\u0085w\u2029v\u2003\u2003u\u200bt\ufeffs \u00a0\u00a0",
    "trailing-spaces": "end with spaces   ",
    "only-newlines": "\n\n\r\n",
    "scripts": "Ελληνικά Русский язык Հայերեն ქართული العربية עברית हिन्दी বাংলা தமிழ் "
               "ไทยภาษา ລາວ ខ្មែរ 中文字符 日本語のひらがなとカタカナ 한국어 ኢትዮጵያ ᏣᎳᎩ ᐃᓄᒃᑎᑐᑦ",
    "emoji": "👩‍👩‍👧‍👦 🏳️‍🌈 👍🏽 ❤️ 🇫🇷🇯🇵 🧑‍💻 a😀b 😀😀😀 ✊🏿 #️⃣",
    "math-letters": "𝐀𝐁𝐂 𝒜𝓑 𝔸𝕓 𝖆 ℌ ℵ x²+y² ∑∫∂ ≤≥≠ ←→",
    "code": "public static int f(int x) {\n    return x * 2; // double\n}\n\tif (a != b && c <= d) { s += \"\\n\"; }\n"
            "def g(xs):\n    return [x**2 for x in xs if x % 2 == 0]\n",
    "specials": "a<|endoftext|>b <|fim_prefix|>x<|fim_middle|>y<|fim_suffix|>z<|endofprompt|> <|endoftext|",
    "lone-surrogates": "a\ud800b \udc00 x\ud83d",
    "combining": "e\u0301 n\u0303 Z\u0351\u0352\u0353alg\u0300o ก\u0e34\u0e4a",
    "controls": "a\x00b\x01\x1f\x7f c\x1cd",
    "newer-unicode": "\u0c5d\u0c5d \U0001df00\U0001df01 \U00011f04\U00011f05 \U00031350\U00031351 "
                     "\U0001e030 \U0001fae0",
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ranks", help="cl100k_base.tiktoken (default: from the jtokkit jar in ~/.m2)")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                                   "activities/src/test/resources/tokenizer/tiktoken-cl100k-ids.json"))
    args = ap.parse_args()
    enc = cl100k_local.cl100k(args.ranks)
    cases = [{"name": name, "text": text,
              "encode_ordinary": enc.encode_ordinary(text),
              "encode_all_special": enc.encode(text, allowed_special="all")}
             for name, text in CASES.items()]
    doc = {"format": "tempered.tiktoken-fixture/v1", "tiktoken_version": tiktoken.__version__,
           "encoding": "cl100k_base", "pat_str": cl100k_local.PAT_STR, "cases": cases}
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        # ensure_ascii keeps lone surrogates representable (as \\udXXX escapes) and the file diffable.
        json.dump(doc, f, ensure_ascii=True, indent=1)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.normpath(args.out)}")


if __name__ == "__main__":
    main()
