"""Peer-tool comparison for ClientValue's correlation benchmarks.

    python correlations.py PAIRS_CSV        (a CSV with numeric columns x and y)

Reads the CSV with pandas, then times scipy.stats.pearsonr, spearmanr and kendalltau (with
their p-values) on the pair, in process, and prints the coefficients and the seconds the
three statistics took. Run it under `hyperfine` for the whole-process figure. A matching
file: 1,000,000 rows of x in 0..99 and y = x + 0..49 (heavy ties), e.g. written by
`python -c "import random; ..."` as in the README.
"""
import sys
import time

import pandas as pd
from scipy import stats

frame = pd.read_csv(sys.argv[1])
x, y = frame["x"].to_numpy(dtype=float), frame["y"].to_numpy(dtype=float)
start = time.perf_counter()
p, s, k = stats.pearsonr(x, y), stats.spearmanr(x, y), stats.kendalltau(x, y)
elapsed = time.perf_counter() - start
print(f"pearson {p.statistic:.9f} p {p.pvalue:.3g}, spearman {s.statistic:.9f}, kendall {k.statistic:.9f}; statistics {elapsed:.3f} s")
