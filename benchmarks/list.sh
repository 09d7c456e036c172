#!/usr/bin/env bash
# List latency benchmark: GET /v1/prospects on an account with 1,000,000 prospects (SQLite),
# searching by email prefix, domain, first name, last name and full name, and paging the
# unfiltered list, one request at a time; p50 and p99 per kind of request. The reference is the
# same page asked of the same database file directly with Python's sqlite3 (no HTTP, no JSON):
# the straightforward query, a count plus a LIKE scan ordered by creation, that a hand-written
# backend would run.
#   benchmarks/list.sh [PROSPECTS]
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-1000000}
. benchmarks/serve.sh

start_reach

python3 - "$port" "$key" "$total" "$work" <<'PY'
import http.client, json, random, statistics, subprocess, sys, time, urllib.parse
port, key, total, work = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
def call(method, url, body=None):
    url = urllib.parse.quote(url, safe="/?=&%")
    conn.request(method, url, body=body, headers={"x-api-key": key, "Content-Type": "application/json"})
    r = conn.getresponse(); data = r.read(); return r.status, data
for field in [{"label": "Lead Score", "fieldType": "number"}, {"label": "Renewal Date", "fieldType": "date"},
              {"label": "Segment", "fieldType": "dropdown", "metadata": {"options": ["SMB", "Mid-Market", "Enterprise"]}}]:
    call("POST", "/v1/fields", json.dumps(field))
batch = 100_000
load_start = time.perf_counter()
for offset in range(0, total, batch):
    subprocess.run([sys.executable, "benchmarks/generate_prospects.py", str(batch), f"{work}/b.json", f"{work}/b.csv",
                    "--seed", str(offset)], check=True)
    # Distinct emails per batch: the generator numbers rows from 0, so prefix them.
    body = open(f"{work}/b.json").read().replace('@', f'.b{offset}@')
    status, data = call("POST", "/v1/prospects/import-with-field-name", body.encode())
    rid = json.loads(data)["payload"]["requestId"]
    while True:
        _, data = call("GET", f"/v1/prospects/import-status/{rid}")
        status = json.loads(data)["payload"]
        if status["isCompleted"]: break
        time.sleep(0.2)
    assert status["created"] == batch, status
print(f"loaded {total} prospects in {time.perf_counter() - load_start:.0f} s")

rng = random.Random(7)
first = ["ann", "david", "emma", "hiro", "ines", "jonas", "lucas", "maria", "omar", "sofia"]
last = ["anderson", "berg", "costa", "dubois", "garcia", "kowalski", "müller", "olsen", "patel", "smith"]
kinds = {
    "email prefix": lambda: f"/v1/prospects?search={rng.choice(first)}.{rng.choice(last)}",
    "domain": lambda: f"/v1/prospects?search={rng.choice(['acmelabs', 'globexcloud', 'initechfoods', 'hooligroup', 'starkmedia'])}&page={rng.randint(1, 20)}",
    "first name": lambda: f"/v1/prospects?search={rng.choice(first)}&page={rng.randint(1, 20)}",
    "last name": lambda: f"/v1/prospects?search={rng.choice(last)}&page={rng.randint(1, 20)}",
    "full name": lambda: f"/v1/prospects?search={rng.choice(first)}%20{rng.choice(last)}",
    "page 1-100": lambda: f"/v1/prospects?page={rng.randint(1, 100)}&pageSize=100",
    "page 1-10000": lambda: f"/v1/prospects?page={rng.randint(1, total // 100)}&pageSize=100",
}
import sqlite3
direct = sqlite3.connect(f"file:{work}/reach.db?mode=ro", uri=True)
def reference(u):
    query = urllib.parse.parse_qs(urllib.parse.urlparse(u).query)
    page, size = int(query.get("page", ["1"])[0]), int(query.get("pageSize", ["25"])[0])
    where, args = "account_id = 1", []
    if "search" in query:
        term = query["search"][0].lower() + "%"
        where += " AND (email_key LIKE ? OR email_domain LIKE ? OR first_name_key LIKE ? OR last_name_key LIKE ? OR full_name_key LIKE ?)"
        args = [term] * 5
    direct.execute(f"SELECT COUNT(*) FROM prospects WHERE {where}", args).fetchone()
    return direct.execute(f"SELECT id, email, attributes FROM prospects WHERE {where} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                          args + [size, (page - 1) * size]).fetchall()

def percentiles(samples):
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.99) - 1)]

print(f"{'':14s} {'reach p50':>10s} {'reach p99':>10s} {'direct p50':>11s} {'direct p99':>11s}")
for name, url in kinds.items():
    for _ in range(10): call("GET", url())  # warm up
    samples, found = [], []
    for _ in range(300):
        u = url(); start = time.perf_counter(); status, data = call("GET", u); samples.append((time.perf_counter() - start) * 1000)
        assert status == 200, (u, status)
        found.append(len(json.loads(data)["payload"]))
    direct_samples = []
    for _ in range(30):
        u = url(); start = time.perf_counter(); reference(u); direct_samples.append((time.perf_counter() - start) * 1000)
    (p50, p99), (d50, d99) = percentiles(samples), percentiles(direct_samples)
    print(f"{name:14s} {p50:8.1f}ms {p99:8.1f}ms {d50:9.1f}ms {d99:9.1f}ms  (rows per answer: mean {statistics.mean(found):.0f})")
PY
