#!/usr/bin/env bash
# Rebuilds activities/src/main/resources/curation/url-lists/v1/ from the datatrove 0.10.1 wheel.
#
#   scripts/url-lists/extract_from_datatrove.sh            # the committed subset (fits the 8 MB budget)
#   scripts/url-lists/extract_from_datatrove.sh --full OUT # the full UT1 domain list, gzip, into OUT/
#
# The wheel is fetched with pip (a package registry) unless DATATROVE_WHEEL points at a local copy.
# Why a subset: the wheel's url_filterblacklistsv0_3_0.tar.gz holds 4,558,940 domains (118 MiB,
# 17.6 MB gzipped). The committed subset is chosen by a rule that is exact and reproducible:
#   1. drop domains that are decision-redundant: any URL on them is dropped by the banned-word or
#      banned-subword rule anyway (the decision is the same; only the reason differs);
#   2. keep whole top-level domains: com, net, org, info first, then the others by number of listed
#      domains, largest first (bisection on that order, then any smaller TLD that still fits).
# The TLDs left out are written to domains-excluded-tlds.txt beside the lists.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="$ROOT/activities/src/main/resources/curation/url-lists/v1"
MODE=subset
if [[ "${1:-}" == "--full" ]]; then MODE=full; OUT="${2:?usage: $0 --full OUTDIR}"; fi
BUDGET_BYTES="${BUDGET_BYTES:-7990000}"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
WHEEL="${DATATROVE_WHEEL:-}"
if [[ -z "$WHEEL" ]]; then
  pip download --no-deps datatrove==0.10.1 -d "$WORK" >/dev/null
  WHEEL="$(ls "$WORK"/datatrove-0.10.1-*.whl)"
fi
mkdir -p "$WORK/wheel" "$WORK/ut1" "$OUT"
unzip -q "$WHEEL" 'datatrove/assets/*' -d "$WORK/wheel"
ASSETS="$WORK/wheel/datatrove/assets"
tar xzf "$ASSETS/url_filterblacklistsv0_3_0.tar.gz" -C "$WORK/ut1"

for f in banned_words.txt banned_subwords.txt soft_banned_words.txt; do cp "$ASSETS/$f" "$OUT/$f"; done
LC_ALL=C sort -u "$WORK/ut1/urls" | gzip -9n > "$OUT/urls.txt.gz"

if [[ "$MODE" == full ]]; then
  LC_ALL=C sort -u "$WORK/ut1/domains" | gzip -9n > "$OUT/domains.txt.gz"
  echo "full list written to $OUT"
  exit 0
fi

python3 - "$ASSETS" "$WORK/ut1/domains" "$OUT" "$BUDGET_BYTES" <<'PY'
import collections, gzip, os, re, sys

assets, domains_path, out, budget = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
norm = re.compile(r"[^a-zA-Z0-9]+")

def word_list(name):
    with open(os.path.join(assets, name)) as f:
        return {norm.sub("", x).lower() for x in f if x[0] != "#"} - {""}

banned_words, banned_subwords = word_list("banned_words.txt"), word_list("banned_subwords.txt")
subword_rx = re.compile("|".join(sorted(map(re.escape, banned_subwords), key=len, reverse=True)))

by_tld = collections.defaultdict(list)
total = redundant = 0
with open(domains_path) as f:
    for line in f:
        d = line.strip()
        if not d or d[0] == "#":
            continue
        total += 1
        if set(norm.split(d)) & banned_words or subword_rx.search(norm.sub("", d).lower()):
            redundant += 1
            continue
        by_tld[d.rsplit(".", 1)[-1]].append(d)

used = sum(os.path.getsize(os.path.join(out, n)) for n in
           ("urls.txt.gz", "banned_words.txt", "banned_subwords.txt", "soft_banned_words.txt"))
limit = budget - used - 4096
# The generic TLDs that dominate web crawls come first, then the rest by number of listed domains.
GENERIC_FIRST = ["com", "net", "org", "info"]
order = sorted(by_tld, key=lambda t: (GENERIC_FIRST.index(t) if t in GENERIC_FIRST else len(GENERIC_FIRST),
                                      -len(by_tld[t]), t))

def packed(tlds):
    # Many ccTLD entries are blogspot mirrors of the same blog names, so the sorted union
    # compresses far better than its parts: always measure the real union.
    return gzip.compress(("\n".join(sorted(d for t in tlds for d in by_tld[t])) + "\n").encode(), 9)

# Largest prefix of the TLDs (most listed domains first) that fits, by bisection ...
lo, hi = 0, len(order)
while lo < hi:
    mid = (lo + hi + 1) // 2
    if len(packed(order[:mid])) <= limit:
        lo = mid
    else:
        hi = mid - 1
chosen = order[:lo]
# ... then the smaller TLDs after it, each only if the real union still fits.
size = len(packed(chosen))
for tld in order[lo:]:
    if size + 8 * len(by_tld[tld]) > limit:
        continue
    trial = len(packed(chosen + [tld]))
    if trial <= limit:
        chosen.append(tld)
        size = trial
chosen_set = set(chosen)
kept = [d for t in chosen for d in by_tld[t]]
excluded = [(t, len(by_tld[t])) for t in order if t not in chosen_set]
kept.sort()
with open(os.path.join(out, "domains.txt.gz"), "wb") as raw:
    with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as g:
        g.write(("\n".join(kept) + "\n").encode())
with open(os.path.join(out, "domains-excluded-tlds.txt"), "w") as f:
    f.write("# TLDs whose UT1 domains are NOT in domains.txt.gz (tld<TAB>domains left out)\n")
    for tld, n in sorted(excluded):
        f.write(f"{tld}\t{n}\n")
print(f"domains: {total} in UT1, {redundant} decision-redundant, {len(kept)} committed, "
      f"{sum(n for _, n in excluded)} left out in {len(excluded)} TLDs")
PY
du -cb "$OUT"/* | tail -1
