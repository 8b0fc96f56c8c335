#!/usr/bin/env bash
# Builds bench/data/tokenizer/corpus.txt (~60 MB of English documentation text) from Debian
# packages, without installing them: apt-get download fetches the .deb files, dpkg-deb unpacks
# them under bench/data/tokenizer/pkg, make_corpus.py extracts the text. bench/data/ is
# git-ignored. Needs a Debian (bookworm) apt source; run `apt-get update` once first if apt has no
# package lists. Takes about a minute.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=bench/data/tokenizer
PACKAGES=(linux-doc-6.1 python3.11-doc perl-doc postgresql-doc-15 debian-reference-en git-doc nodejs-doc fortunes fortunes-min)
mkdir -p "$DATA/debs" "$DATA/pkg"
(cd "$DATA/debs" && apt-get download -q "${PACKAGES[@]}")
for deb in "$DATA"/debs/*.deb; do dpkg-deb -x "$deb" "$DATA/pkg"; done
# The package versions are part of the corpus's identity: keep them beside it.
(cd "$DATA/debs" && ls -1 *.deb) > "$DATA/corpus.packages"
python3 bench/tokenizer/make_corpus.py "$DATA/pkg" "$DATA/corpus.txt"
