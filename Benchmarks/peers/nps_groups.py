"""Peer-tool comparison for ClientValue's NPS-by-group benchmark ("NPS by year and by partner").

Measures one whole job, as a whole process (interpreter start and imports included):
read surveys.csv with explicit types (response_date as a date, score as an integer, every other
column as text; quoted comments may hold commas and newlines), classify each response
(promoter 9-10, passive 7-8, detractor 0-6) and, per group -- the calendar year of
response_date, or the partner -- compute in the engine:

    n, promoters P, passives, detractors D,
    NPS = 100 (P - D) / n,
    SE  = 100 sqrt((p + d - (p - d)^2) / n)    with p = P / n, d = D / n,
    the 95% Wald interval NPS -/+ 1.959963984540054 SE   (not clipped to -100..100).

    python nps_groups.py --engine duckdb|polars|pandas --by year|partner /path/to/surveys.csv

Prints one line per group, sorted by key (a missing partner prints as "(none)", last):
`key n promoters passives detractors nps se lo hi`, floats to 4 decimals, so the engines'
results can be diffed against each other and against ClientValue.

- duckdb: read_csv with explicit types for all 7 columns, one SQL query. Note that DuckDB pushes
  the projection into the CSV scan, so it converts only the columns the query uses (score plus
  response_date or partner); the rest are tokenised but not converted -- with --by partner no
  date is parsed at all.
- polars: eager read_csv with an explicit schema (every column parsed), polars expressions.
- pandas: read_csv with dtypes and parse_dates (every column parsed), groupby + vectorised numpy.
Every engine uses its default threading (DuckDB and polars: all cores; pandas: one thread).
"""
import argparse

COLUMNS = ["client_id", "respondent", "response_date", "score", "survey", "partner", "comment"]
Z95 = 1.959963984540054  # the 97.5% standard normal quantile


def with_duckdb(path, by):
    import duckdb
    types = {c: "DATE" if c == "response_date" else "INTEGER" if c == "score" else "VARCHAR"
             for c in COLUMNS}
    key = "year(response_date)" if by == "year" else "partner"
    # Counts per group, then shares and the statistics, all in DOUBLE.
    return duckdb.connect().execute(f"""
        WITH counts AS (
            SELECT {key} AS key, count(*) AS n,
                   count_if(score >= 9) AS promoters,
                   count_if(score BETWEEN 7 AND 8) AS passives,
                   count_if(score <= 6) AS detractors
            FROM read_csv(?, header = true, delim = ',', quote = '"', escape = '"',
                          auto_detect = false, columns = ?)
            GROUP BY key),
        shares AS (
            SELECT *, promoters::DOUBLE / n AS p, detractors::DOUBLE / n AS d,
                   100 * (promoters - detractors)::DOUBLE / n AS nps
            FROM counts),
        stats AS (
            SELECT *, 100 * sqrt((p + d - (p - d) * (p - d)) / n) AS se FROM shares)
        SELECT key, n, promoters, passives, detractors, nps, se, nps - {Z95} * se, nps + {Z95} * se
        FROM stats ORDER BY key NULLS LAST""", [path, types]).fetchall()


def with_polars(path, by):
    import polars as pl
    schema = {c: pl.Date if c == "response_date" else pl.Int32 if c == "score" else pl.String
              for c in COLUMNS}
    frame = pl.read_csv(path, schema=schema)  # eager: every column is parsed
    key = pl.col("response_date").dt.year() if by == "year" else pl.col("partner")
    score, n = pl.col("score"), pl.col("n")
    p, d = pl.col("promoters") / n, pl.col("detractors") / n
    nps, se = pl.col("nps"), pl.col("se")
    return (frame.group_by(key.alias("key"))
            .agg(pl.len().alias("n"),
                 (score >= 9).sum().alias("promoters"),
                 score.is_between(7, 8).sum().alias("passives"),
                 (score <= 6).sum().alias("detractors"))
            .with_columns((100 * (pl.col("promoters") - pl.col("detractors")) / n).alias("nps"),
                          (100 * ((p + d - (p - d) * (p - d)) / n).sqrt()).alias("se"))
            .with_columns((nps - Z95 * se).alias("lo"), (nps + Z95 * se).alias("hi"))
            .sort("key", nulls_last=True)
            .rows())


def with_pandas(path, by):
    import numpy as np
    import pandas as pd
    dtypes = {c: "int32" if c == "score" else "str" for c in COLUMNS if c != "response_date"}
    frame = pd.read_csv(path, dtype=dtypes, parse_dates=["response_date"], date_format="%Y-%m-%d")
    score = frame["score"]
    groups = pd.DataFrame({
        "key": frame["response_date"].dt.year if by == "year" else frame["partner"],
        "promoters": score >= 9, "passives": score.between(7, 8), "detractors": score <= 6,
    }).groupby("key", sort=True, dropna=False)  # sorted by key, a missing partner last
    counts = groups.sum().astype("int64")
    n = groups.size().to_numpy()
    P, D = counts["promoters"].to_numpy(), counts["detractors"].to_numpy()
    p, d = P / n, D / n
    nps = 100 * (P - D) / n
    se = 100 * np.sqrt((p + d - (p - d) * (p - d)) / n)
    return list(zip(counts.index, n, P, counts["passives"], D, nps, se, nps - Z95 * se, nps + Z95 * se))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["duckdb", "polars", "pandas"], required=True)
    parser.add_argument("--by", choices=["year", "partner"], required=True)
    parser.add_argument("csv")
    args = parser.parse_args()
    rows = {"duckdb": with_duckdb, "polars": with_polars, "pandas": with_pandas}[args.engine](args.csv, args.by)
    for key, n, promoters, passives, detractors, nps, se, lo, hi in rows:
        key = "(none)" if key is None or key != key else key  # None (DuckDB, polars) or NaN (pandas)
        print(f"{key} {n} {promoters} {passives} {detractors} {nps:.4f} {se:.4f} {lo:.4f} {hi:.4f}")
