"""Writes data/customers.csv: 200 made-up telecom customers, about one in four of whom churned.

Run with any Python 3 (standard library only): python make_data.py
The same seed always gives the same file, so the committed CSV can be regenerated exactly.
"""
import csv
import math
import random
from pathlib import Path

CONTRACTS = ["Month-to-month", "One year", "Two year"]
INTERNET = ["DSL", "Fiber optic", "No"]
PAYMENTS = ["Electronic check", "Mailed check", "Bank transfer", "Credit card"]


def customer(rng: random.Random, i: int) -> dict:
    contract = rng.choices(CONTRACTS, weights=[0.55, 0.25, 0.20])[0]
    internet = rng.choices(INTERNET, weights=[0.35, 0.45, 0.20])[0]
    payment = rng.choice(PAYMENTS)
    tenure = rng.randint(1, 12) if contract == "Month-to-month" and rng.random() < 0.6 else rng.randint(1, 72)
    monthly = round({"DSL": 55.0, "Fiber optic": 85.0, "No": 22.0}[internet] + rng.gauss(0, 8), 2)
    support_calls = min(9, int(rng.expovariate(0.7)))
    score = -2.2 + 1.3 * (contract == "Month-to-month") + 0.7 * (internet == "Fiber optic") + 0.5 * (payment == "Electronic check")
    score += 0.35 * support_calls - 0.03 * tenure
    churn = rng.random() < 1 / (1 + math.exp(-score))
    # A few new customers have no total yet: the blank the notebook has to deal with.
    total = "" if tenure == 1 and rng.random() < 0.5 else f"{monthly * tenure:.2f}"
    return {
        "customer_id": f"C{i:04d}",
        "gender": rng.choice(["Female", "Male"]),
        "senior_citizen": int(rng.random() < 0.16),
        "tenure": tenure,
        "contract": contract,
        "internet_service": internet,
        "payment_method": payment,
        "monthly_charges": monthly,
        "total_charges": total,
        "support_calls": support_calls,
        "churn": "Yes" if churn else "No",
    }


def main() -> None:
    rng = random.Random(20240611)
    rows = [customer(rng, i) for i in range(1, 201)]
    out = Path(__file__).parent / "data" / "customers.csv"
    out.parent.mkdir(exist_ok=True)
    with out.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {out}, churn rate {sum(r['churn'] == 'Yes' for r in rows) / len(rows):.0%}")


if __name__ == "__main__":
    main()
