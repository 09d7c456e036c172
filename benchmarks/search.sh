#!/usr/bin/env bash
# Search benchmark: POST /v1/search/people and /v1/search/companies on an account with 100,000
# prospects (SQLite), one request at a time, p50 and p99 per kind of search. The reference is
# the straightforward SQL on the same database file with Python's sqlite3 (no HTTP, no JSON): a
# count and a page of 25 with json_extract and LIKE over the attributes, as a hand-written
# backend would run it.
#   benchmarks/search.sh [PROSPECTS]
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-100000}
. benchmarks/serve.sh

start_reach

python3 - "$port" "$key" "$total" "$work" <<'PY'
import http.client, json, sqlite3, statistics, subprocess, sys, time
port, key, total, work = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
def call(method, url, body=None):
    conn.request(method, url, body=body, headers={"x-api-key": key, "Content-Type": "application/json"})
    r = conn.getresponse(); data = r.read(); return r.status, data
for field in [{"label": "Lead Score", "fieldType": "number"}, {"label": "Renewal Date", "fieldType": "date"},
              {"label": "Segment", "fieldType": "dropdown", "metadata": {"options": ["SMB", "Mid-Market", "Enterprise"]}}]:
    call("POST", "/v1/fields", json.dumps(field))
subprocess.run([sys.executable, "benchmarks/generate_prospects.py", str(total), f"{work}/b.json", f"{work}/b.csv"], check=True)
status, data = call("POST", "/v1/prospects/import-with-field-name", open(f"{work}/b.json", "rb").read())
rid = json.loads(data)["payload"]["requestId"]
while not json.loads(call("GET", f"/v1/prospects/import-status/{rid}")[1])["payload"]["isCompleted"]:
    time.sleep(0.2)

searches = {
    "people, job title": ("/v1/search/people", {"job_title": {"includes": ["sales"]}}, "jobTitle", "sales"),
    "people, company": ("/v1/search/people", {"company_name": {"includes": ["acme labs"]}}, "company", "acme labs"),
    "people, no match": ("/v1/search/people", {"job_title": {"includes": ["astronaut"]}}, "jobTitle", "astronaut"),
    "companies, all": ("/v1/search/companies", {}, None, None),
}
db = sqlite3.connect(f"file:{work}/reach.db?mode=ro", uri=True)
fields = {row[0]: row[1] for row in db.execute("SELECT system_key, id FROM fields WHERE system_key IS NOT NULL")}
def reference(field, text):
    if field is None:  # companies: prospects grouped by email domain, largest first
        db.execute("SELECT COUNT(DISTINCT email_domain) FROM prospects").fetchone()
        return db.execute("SELECT email_domain, COUNT(*) n FROM prospects GROUP BY email_domain ORDER BY n DESC LIMIT 25").fetchall()
    path = f'$."{fields[field]}"'
    where = "lower(json_extract(attributes, ?)) LIKE ?"
    db.execute(f"SELECT COUNT(*) FROM prospects WHERE {where}", (path, f"%{text}%")).fetchone()
    return db.execute(f"SELECT id, email, attributes FROM prospects WHERE {where} ORDER BY id LIMIT 25", (path, f"%{text}%")).fetchall()

def percentiles(samples):
    samples = sorted(samples)
    return statistics.median(samples) * 1000, samples[min(len(samples) - 1, int(len(samples) * 0.99))] * 1000

print(f"{total} prospects; 30 searches of each kind after 3 warm-ups")
print(f"{'search':<20} {'total':>7} {'reach p50':>10} {'reach p99':>10} {'sqlite3 p50':>12} {'ratio':>6}")
for name, (path, body, field, text) in searches.items():
    for _ in range(3): call("POST", path, json.dumps(body))
    timings = []
    for _ in range(30):
        start = time.perf_counter()
        status, data = call("POST", path, json.dumps(body))
        timings.append(time.perf_counter() - start)
        assert status == 200, data[:200]
    found = json.loads(data)["payload"]["total"]
    direct = []
    for _ in range(10):
        start = time.perf_counter(); reference(field, text); direct.append(time.perf_counter() - start)
    p50, p99 = percentiles(timings)
    d50, _ = percentiles(direct)
    print(f"{name:<20} {found:>7} {p50:>8.0f}ms {p99:>8.0f}ms {d50:>10.0f}ms {p50 / d50:>5.1f}x")
PY
