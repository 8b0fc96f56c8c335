#!/usr/bin/env python3
"""Builds the tokenizer-training bench corpus from unpacked Debian documentation packages.

Reads the trees that make_corpus.sh unpacked under PKG_DIR and writes OUT: UTF-8 text, one
document per source file (fortunes: one per fortune), documents separated by the ASCII record
separator U+001E, which is removed from the documents themselves. Documents are in sorted path
order, so the same packages always give the same bytes. Standard library only.

Sources (all English prose with code, markup and tables mixed in, as documentation is):
  linux-doc-6.1      reStructuredText sources of the kernel documentation (_sources/*.rst.txt)
  python3.11-doc     reStructuredText sources of the Python documentation
  perl-doc           POD of the Perl manual
  postgresql-doc-15  HTML manual, tags stripped
  debian-reference   HTML, tags stripped
  git-doc            AsciiDoc sources of the git manual
  nodejs-doc         Markdown API docs
  fortunes           fortune files, one document per fortune
"""
import gzip
import hashlib
import html.parser
import pathlib
import sys

RS = "\x1e"


class TextOnly(html.parser.HTMLParser):
    """Visible text of an HTML page: no script/style, block ends become newlines."""
    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "dd", "table"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(raw):
    p = TextOnly()
    p.feed(raw)
    return "".join(p.parts)


def read(path):
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def documents(pkg):
    """(source, text) for every document, in a fixed order."""
    def files(base, pattern):
        root = pkg / base
        if not root.is_dir():
            sys.exit(f"make_corpus.py: {root} is missing; run make_corpus.sh (it unpacks the packages)")
        return sorted(p for p in root.glob(pattern) if p.is_file() and not p.is_symlink())

    for p in files("usr/share/doc/linux-doc-6.1/html/_sources", "**/*.txt"):
        yield "linux-doc", read(p)
    for p in files("usr/share/doc/python3.11/html/_sources", "**/*.txt"):
        yield "python-doc", read(p)
    for p in files("usr/share/perl/5.36.0/pod", "*.pod"):
        yield "perl-doc", read(p)
    for p in files("usr/share/doc/postgresql-doc-15/html", "*.html"):
        yield "postgresql-doc", html_text(read(p))
    for p in files("usr/share/debian-reference", "*.en.html"):
        yield "debian-reference", html_text(read(p))
    for p in files("usr/share/doc/git-doc", "**/*.txt"):
        yield "git-doc", read(p)
    for p in files("usr/share/doc/nodejs/api", "*.md.gz"):
        yield "nodejs-doc", read(p)
    for p in files("usr/share/games/fortunes", "*"):
        if p.suffix in (".dat", ".u8") or p.name.endswith(".dat"):
            continue
        for fortune in read(p).split("\n%\n"):
            if fortune.strip():
                yield "fortunes", fortune


def main():
    pkg, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    per_source, n, digest = {}, 0, hashlib.sha256()
    tmp = out.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        for source, text in documents(pkg):
            text = text.replace(RS, "")
            if not text.strip():
                continue
            if n:
                f.write(RS)
                digest.update(RS.encode())
            f.write(text)
            digest.update(text.encode("utf-8"))
            n += 1
            per_source[source] = per_source.get(source, 0) + len(text.encode("utf-8"))
    tmp.replace(out)
    total = sum(per_source.values())
    for source, size in per_source.items():
        print(f"  {source:18s} {size / 1e6:7.1f} MB")
    print(f"{out}: {n} documents, {total / 1e6:.1f} MB, sha256 {digest.hexdigest()[:16]}")


if __name__ == "__main__":
    main()
