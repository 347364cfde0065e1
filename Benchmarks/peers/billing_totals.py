"""Peer-tool comparison for ClientValue's `billing-import-totals` benchmark.

Measures one whole job, as a whole process (interpreter start and imports included):
parse every field of billing.csv into typed values (text as strings, invoice_date as a date,
the four money columns as exact decimals) and total `amount` per client_id, exactly.

    python billing_totals.py --engine duckdb|duckdb-full|polars|pandas /path/to/billing.csv

Prints the number of clients and the grand total of the per-client totals, so the engines'
results can be checked against each other and against ClientValue.

- duckdb: read_csv with explicit types for all 12 columns, DECIMAL(18,2) money, exact sum.
  Note that DuckDB pushes the projection into the CSV scan, so it converts only the columns
  the query uses (client_id, amount); the other ten are tokenised but not converted.
- duckdb-full: the same, but every column is first loaded into a table, so every field is
  converted (a bad date is then an error, as in ClientValue): the like-for-like DuckDB figure.
- polars: eager read_csv with an explicit schema (Date, Decimal(18,2)), every column parsed; exact sum.
- pandas: dates parsed, money as float64 -- NOT exact; the total is rounded to cents to print.
Every engine uses its default threading (all cores).
"""
import argparse

COLUMNS = ["invoice_id", "client_id", "client_name", "invoice_date", "amount", "cost",
           "collected", "standard_value", "currency", "practice_area", "partner", "office"]
MONEY = ["amount", "cost", "collected", "standard_value"]


def with_duckdb(path):
    import duckdb
    types = {c: "DECIMAL(18,2)" if c in MONEY else "DATE" if c == "invoice_date" else "VARCHAR"
             for c in COLUMNS}
    rows = duckdb.connect().execute(
        "SELECT client_id, sum(amount) AS total "
        "FROM read_csv(?, header = true, delim = ',', quote = '\"', escape = '\"', "
        "              auto_detect = false, columns = ?) "
        "GROUP BY client_id", [path, types]).fetchall()
    return len(rows), sum(total for _, total in rows)  # Python Decimals: exact


def with_duckdb_full(path):
    import duckdb
    types = {c: "DECIMAL(18,2)" if c in MONEY else "DATE" if c == "invoice_date" else "VARCHAR"
             for c in COLUMNS}
    connection = duckdb.connect()
    connection.execute(
        "CREATE TABLE billing AS SELECT * "
        "FROM read_csv(?, header = true, delim = ',', quote = '\"', escape = '\"', "
        "              auto_detect = false, columns = ?)", [path, types])
    rows = connection.execute("SELECT client_id, sum(amount) FROM billing GROUP BY client_id").fetchall()
    return len(rows), sum(total for _, total in rows)


def with_polars(path):
    import polars as pl
    schema = {c: pl.Decimal(18, 2) if c in MONEY else pl.Date if c == "invoice_date" else pl.String
              for c in COLUMNS}
    frame = pl.read_csv(path, schema=schema)  # eager: every column is parsed
    totals = frame.group_by("client_id").agg(pl.col("amount").sum())
    return totals.height, totals["amount"].sum()  # Decimal: exact


def with_pandas(path):
    import pandas as pd
    dtypes = {c: "float64" if c in MONEY else "str" for c in COLUMNS if c != "invoice_date"}
    frame = pd.read_csv(path, dtype=dtypes, parse_dates=["invoice_date"], date_format="%Y-%m-%d")
    totals = frame.groupby("client_id")["amount"].sum()  # float64: not exact
    return len(totals), f"{totals.sum():.2f} (float64, rounded)"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["duckdb", "duckdb-full", "polars", "pandas"], required=True)
    parser.add_argument("csv")
    args = parser.parse_args()
    clients, total = {"duckdb": with_duckdb, "duckdb-full": with_duckdb_full,
                       "polars": with_polars, "pandas": with_pandas}[args.engine](args.csv)
    print(f"{args.engine}: {clients} clients, total {total}")
