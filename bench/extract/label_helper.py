"""Labelling aid for the extraction fixtures (not an extractor).

A person reads `dump` output (every block with its element path), decides by hand which region
of the page is the main content and which sub-blocks inside it are chrome, and writes that
decision into label_specs.tsv as CSS selectors. `render` then writes the chosen region's text,
one block per line, as a first draft of the label, which is then read and edited by hand
(see activities/src/test/resources/extract/README.md). It shares no code or rules with the
Java extractor.

    python label_helper.py dump  PAGE.html CHARSET
    python label_helper.py render PAGE.html CHARSET 'keep selector' 'drop selector, ...'
"""
import re
import sys

import warnings

from bs4 import BeautifulSoup, Comment, NavigableString, Tag, XMLParsedAsHTMLWarning

warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)

BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "td", "th", "dt", "dd",
          "blockquote", "caption", "div", "section", "article", "main", "table", "tr", "ul",
          "ol", "dl", "body", "br", "hr", "figcaption", "center", "tbody", "thead", "form",
          "header", "footer", "nav", "aside", "title", "address"}
INVISIBLE = {"script", "style", "noscript", "template", "head"}


def soup_of(path, charset):
    data = open(path, "rb").read()
    return BeautifulSoup(data.decode(charset, errors="replace"), "lxml")


def path_of(el):
    parts = []
    while isinstance(el, Tag) and el.name not in ("[document]", "html"):
        p = el.name
        if el.get("id"):
            p += "#" + el["id"]
        if el.get("class"):
            p += "." + ".".join(el["class"])
        if el.get("role"):
            p += "[role=" + el["role"] + "]"
        parts.append(p)
        el = el.parent
    return " > ".join(reversed(parts))


def lines_of(root):
    """Text of root, one block per line; pre blocks keep their own line breaks."""
    out, cur = [], []

    def flush():
        text = re.sub(r"\s+", " ", "".join(cur)).strip()
        if text:
            out.append(text)
        cur.clear()

    def walk(node):
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                cur.append(str(child))
                continue
            if child.name in INVISIBLE:
                continue
            if child.name == "pre":
                flush()
                for line in child.get_text().split("\n"):
                    line = re.sub(r"\s+", " ", line).strip()
                    if line:
                        out.append(line)
                continue
            block = child.name in BLOCKS
            if block:
                flush()
            walk(child)
            if block:
                flush()

    walk(root)
    flush()
    return out


def main():
    cmd, page, charset = sys.argv[1:4]
    soup = soup_of(page, charset)
    if cmd == "dump":
        for el in soup.find_all(True):
            if el.name in INVISIBLE:
                continue
            own = "".join(s for s in el.find_all(string=True, recursive=False)
                          if not isinstance(s, Comment))
            own = re.sub(r"\s+", " ", own).strip()
            if own:
                print(f"{path_of(el)}\t{own[:90]}")
    elif cmd == "render":
        keep = sys.argv[4]
        drop = sys.argv[5] if len(sys.argv) > 5 else ""
        roots = soup.select(keep)
        if not roots:
            sys.exit(f"no element matches keep selector {keep!r} in {page}")
        if drop.strip():
            for el in soup.select(drop):
                el.decompose()
        for root in roots:
            print("\n".join(lines_of(root)))


if __name__ == "__main__":
    main()
