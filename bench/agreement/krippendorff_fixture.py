"""Reference values of Krippendorff's alpha for KrippendorffAlphaTest, from the `krippendorff`
PyPI package (the implementation the issue names as the reference).

    python3 -m venv /tmp/kvenv && /tmp/kvenv/bin/pip install krippendorff numpy
    /tmp/kvenv/bin/python bench/agreement/krippendorff_fixture.py \
        > activities/src/test/resources/label/krippendorff-fixture.json

Cases: the package's own documented example, random rankings shaped like labeling data (dense
ranks 1..K of K responses per task, ties, labelers missing tasks), and random integer data at
several densities. Missing values are written as null.
"""
import importlib.metadata
import json
import sys

import krippendorff
import numpy as np


def case(name, data):
    data = np.asarray(data, dtype=float)
    out = {"name": name, "data": [[None if np.isnan(v) else float(v) for v in row] for row in data]}
    for level in ("nominal", "ordinal", "interval"):
        out[level] = float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))
    return out


def rankings(rng, labelers, tasks, k, overlap, tie_rate, noise):
    """Each task's true order, each assigned labeler's noisy dense ranks of its k responses."""
    data = np.full((labelers, tasks * k), np.nan)
    for t in range(tasks):
        truth = rng.permutation(k)
        for j in range(overlap):
            who = (t + j) % labelers
            scores = truth + rng.normal(0, noise, k)
            order = np.argsort(scores)
            ranks = np.empty(k)
            rank = 0
            for pos, r in enumerate(order):
                if pos == 0 or rng.random() >= tie_rate:
                    rank += 1
                ranks[r] = rank
            data[who, t * k:(t + 1) * k] = ranks
    return data


def main():
    rng = np.random.default_rng(13)
    nan = np.nan
    cases = [
        case("krippendorff-readme", [
            [nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
            [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
            [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4],
        ]),
    ]
    for i, (labelers, tasks, k, overlap, tie, noise) in enumerate([
        (3, 12, 3, 2, 0.0, 0.5), (3, 12, 4, 2, 0.2, 1.0), (5, 30, 4, 3, 0.1, 0.8),
        (4, 20, 9, 4, 0.3, 2.0), (6, 40, 2, 3, 0.0, 3.0), (3, 8, 5, 3, 0.5, 0.2),
    ]):
        cases.append(case(f"rankings-{i}", rankings(rng, labelers, tasks, k, overlap, tie, noise)))
    for i, (coders, units, values, missing) in enumerate([(2, 20, 3, 0.0), (4, 50, 7, 0.3), (7, 15, 5, 0.6)]):
        d = rng.integers(1, values + 1, size=(coders, units)).astype(float)
        d[rng.random(d.shape) < missing] = nan
        cases.append(case(f"random-{i}", d))
    json.dump({"generator": "krippendorff " + importlib.metadata.version("krippendorff"), "cases": cases},
              sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
