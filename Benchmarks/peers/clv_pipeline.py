"""Peer-tool comparison: the whole BG/NBD + Gamma-Gamma CLV pipeline in Python `lifetimes`.

Runs, as one process (interpreter start and imports included), the standard `lifetimes` recipe
on a billing CSV and prints the results and how long each step took:

    python clv_pipeline.py /path/to/billing.csv

The CSV needs a header with at least `client_id`, `invoice_date` (ISO yyyy-mm-dd) and `amount`;
other columns are ignored. Each row is one transaction (invoice line); lifetimes itself merges all
of a client's rows that fall in the same period (here: the same week) into one purchase.

Steps (each timed with time.perf_counter):
  1. read      pandas.read_csv of the three columns, invoice_date parsed to datetime64.
  2. clean     drop rows with a negative amount (credit notes / refunds).
  3. summary   lifetimes.utils.summary_data_from_transaction_data with freq='W' and
               observation_period_end = the latest invoice_date. Semantics (lifetimes 0.11.3):
               dates are bucketed with pandas to_period('W') (= W-SUN, Monday..Sunday weeks) and
               replaced by the Monday that starts their week; the end date is bucketed the same
               way, so every row of the end date's week is kept. frequency = number of distinct
               weeks with a purchase - 1, recency = (last week's Monday - first week's Monday) / 7
               days, T = (end week's Monday - first week's Monday) / 7 days -- all whole numbers.
               monetary_value = mean of the per-week summed amounts, first week excluded
               (0 for clients with frequency 0).
  4. bgnbd     BetaGeoFitter(penalizer_coef=0.0).fit(frequency, recency, T).
  5. gamma     GammaGammaFitter(penalizer_coef=0.0).fit on clients with frequency > 0 and
               monetary_value > 0.
  6. clv       GammaGammaFitter.customer_lifetime_value(bgf, ..., time=12, discount_rate=0.01,
               freq='W') for every client. lifetimes sums, over months k = 1..12, the expected
               purchases between weeks 4.345*(k-1) and 4.345*k (BG/NBD conditional expectation)
               times the Gamma-Gamma expected spend, divided by 1.01**k. Clients with
               frequency 0 get the Gamma-Gamma population mean p*v/(q-1) as expected spend.

Needs: pip install lifetimes pandas numpy scipy (lifetimes 0.11.3 runs on numpy 2 / pandas 3).
"""
import sys
import time

t_start = time.perf_counter()
import warnings

warnings.filterwarnings("ignore")  # lifetimes 0.11.3 triggers FutureWarnings on current pandas
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import summary_data_from_transaction_data

timings = [("imports", time.perf_counter() - t_start)]


def step(name, fn):
    """Run fn(), record its wall time under name, return its result."""
    t0 = time.perf_counter()
    result = fn()
    timings.append((name, time.perf_counter() - t0))
    return result


def main(path):
    # 1. read only the columns the pipeline uses; parse dates once here
    tx = step("read", lambda: pd.read_csv(
        path, usecols=["client_id", "invoice_date", "amount"],
        dtype={"client_id": str, "amount": float}, parse_dates=["invoice_date"], date_format="%Y-%m-%d"))
    # 2. drop negative amounts
    tx = step("clean", lambda: tx[tx["amount"] >= 0])
    # 3. per-client frequency / recency / T (weeks) and mean repeat spend
    end = tx["invoice_date"].max()
    summary = step("summary", lambda: summary_data_from_transaction_data(
        tx, "client_id", "invoice_date", monetary_value_col="amount",
        observation_period_end=end, freq="W"))
    # 4. BG/NBD
    bgf = step("bgnbd_fit", lambda: BetaGeoFitter(penalizer_coef=0.0).fit(
        summary["frequency"], summary["recency"], summary["T"]))
    # 5. Gamma-Gamma on repeat buyers with positive mean spend
    rep = summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]
    ggf = step("gamma_gamma_fit", lambda: GammaGammaFitter(penalizer_coef=0.0).fit(
        rep["frequency"], rep["monetary_value"]))
    # 6. 12-month CLV, 1 % monthly discount, for every client
    clv = step("clv", lambda: ggf.customer_lifetime_value(
        bgf, summary["frequency"], summary["recency"], summary["T"], summary["monetary_value"],
        time=12, discount_rate=0.01, freq="W"))

    print(f"input: {path}  rows kept: {len(tx)}  observation end: {end.date()}")
    print(f"clients: {len(summary)}  (Gamma-Gamma on {len(rep)})")
    for k in ["r", "alpha", "a", "b"]:
        print(f"BG/NBD {k} = {float(bgf.params_[k])!r}")
    for k in ["p", "q", "v"]:
        print(f"Gamma-Gamma {k} = {float(ggf.params_[k])!r}")
    print(f"total CLV (12 months, 1%/month) = {float(clv.sum())!r}")
    timings.append(("total (in process)", time.perf_counter() - t_start))
    for name, seconds in timings:
        print(f"time {name:20} {seconds:9.3f} s")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: clv_pipeline.py BILLING_CSV")
    main(sys.argv[1])
