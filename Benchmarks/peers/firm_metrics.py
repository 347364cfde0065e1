"""Peer-tool comparison for ClientValue's `firm-metrics` benchmark (`clientvalue firm`).

Measures one whole job, as a whole process: read billing.csv with explicit types (money as
DECIMAL(18,2), invoice_date as DATE), then compute exactly, in the engine:
- realisation (sum amount / sum standard_value over lines with a standard value) and collection
  (sum collected / sum amount over lines with a collected amount) per client, partner,
  practice area and year;
- per-client net revenue, and over clients with positive revenue: top-1/5/10 shares, the
  Herfindahl-Hirschman index and the Gini coefficient.

    python firm_metrics.py [--engine duckdb] /path/to/billing.csv

Prints the number of clients, total revenue, HHI, Gini and the top shares, to compare with
ClientValue's result line. DuckDB uses its default threading (all cores).
"""
import argparse

COLUMNS = ["invoice_id", "client_id", "client_name", "invoice_date", "amount", "cost",
           "collected", "standard_value", "currency", "practice_area", "partner", "office"]
MONEY = ["amount", "cost", "collected", "standard_value"]


def with_duckdb(path):
    import duckdb
    types = {c: "DECIMAL(18,2)" if c in MONEY else "DATE" if c == "invoice_date" else "VARCHAR" for c in COLUMNS}
    con = duckdb.connect()
    # Every column loaded (and converted) once, as ClientValue reads every field; then two queries.
    columns = "{" + ", ".join(f"'{c}': '{t}'" for c, t in types.items()) + "}"
    quoted = path.replace("'", "''")
    con.execute(f"CREATE TEMP TABLE billing AS SELECT * FROM read_csv('{quoted}', header = true, delim = ',', "
                f"quote = '\"', escape = '\"', auto_detect = false, columns = {columns})")
    # One scan: rates per grouping set, per-client revenue for the concentration.
    rates = con.execute("""
        SELECT client_id, partner, practice_area, year(invoice_date) AS year,
               sum(amount) AS revenue,
               sum(amount) FILTER (WHERE standard_value IS NOT NULL) AS amount_at_standard,
               sum(standard_value) AS standard,
               sum(collected) AS collected,
               sum(amount) FILTER (WHERE collected IS NOT NULL) AS collectable
        FROM billing
        GROUP BY GROUPING SETS ((client_id), (partner), (practice_area), (year(invoice_date)))
    """).fetchall()
    concentration = con.execute("""
        WITH clients AS (
            SELECT sum(amount) FILTER (WHERE client_id IS NOT NULL) AS revenue FROM billing GROUP BY client_id),
        positive AS (SELECT revenue::DOUBLE AS r FROM clients WHERE revenue > 0),
        ranked AS (SELECT r, row_number() OVER (ORDER BY r DESC) AS k, count(*) OVER () AS n, sum(r) OVER () AS total FROM positive)
        SELECT count(*), sum(r),
               sum(power(100 * r / total, 2)),
               sum((2 * (n - k + 1) - n - 1) * r) / (max(n) * max(total)),
               sum(r) FILTER (WHERE k <= 1) / max(total),
               sum(r) FILTER (WHERE k <= 5) / max(total),
               sum(r) FILTER (WHERE k <= 10) / max(total)
        FROM ranked
    """).fetchone()
    return len(rates), concentration


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", default="duckdb", choices=["duckdb"])
    parser.add_argument("csv")
    args = parser.parse_args()
    groups, (clients, revenue, hhi, gini, top1, top5, top10) = with_duckdb(args.csv)
    print(f"{groups} groups; {clients} clients with positive revenue, revenue {revenue:.2f}, HHI {hhi:.4f}, "
          f"Gini {gini:.6f}, top shares {top1:.6f} {top5:.6f} {top10:.6f}")


if __name__ == "__main__":
    main()
