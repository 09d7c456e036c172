#!/usr/bin/env bash
# Search benchmark: POST /v1/search/people and /v1/search/companies on an account with 100,000
# prospects (SQLite), one request at a time, p50 and p99 per kind of search. The reference is
# the straightforward SQL on the same database file with Python's sqlite3 (no HTTP, no JSON): a
# count and a page of 25 with json_extract and LIKE over the attributes (for companies, the
# prospects grouped by what they say of their company), as a hand-written backend would run it.
#   benchmarks/search.sh [PROSPECTS]
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-100000}
. benchmarks/serve.sh

start_reach

python3 - "$port" "$key" "$total" "$work" <<'PY'
import http.client, json, re, sqlite3, statistics, subprocess, sys, time
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

# Each search with its reference: the WHERE clause a hand-written backend would use to give the
# same answer (f(...) reads a field from the attributes JSON).
searches = {
    "people, job title": ("/v1/search/people", {"job_title": {"includes": ["sales"]}}, "lower(f(jobTitle)) LIKE '%sales%'"),
    "people, company": ("/v1/search/people", {"company_name": {"includes": ["acme labs"]}}, "lower(f(company)) LIKE '%acme labs%'"),
    "people, no match": ("/v1/search/people", {"job_title": {"includes": ["astronaut"]}}, "lower(f(jobTitle)) LIKE '%astronaut%'"),
    "people, location": ("/v1/search/people", {"location": {"includes": ["berlin"]}, "job_title": {"excludes": ["ceo"]}},
                         "lower(f(city) || ', ' || f(state) || ', ' || f(country)) LIKE '%berlin%' AND lower(f(jobTitle)) NOT LIKE '%ceo%'"),
    # Company domains are normalised in Swift: the database narrows, Swift decides.
    "people, domain": ("/v1/search/people", {"company_domain": {"includes": ["wonkacloud"]}},
                       "lower(f(companyDomain)) LIKE '%wonkacloud%' OR email_domain LIKE '%wonkacloud%'"),
    "companies, all": ("/v1/search/companies", {}, None),
}
db = sqlite3.connect(f"file:{work}/reach.db?mode=ro", uri=True)
fields = {row[0]: row[1] for row in db.execute("SELECT system_key, id FROM fields WHERE system_key IS NOT NULL")}
def sql(text):
    return re.sub(r"f\((\w+)\)", lambda m: f"json_extract(attributes, '$.\"{fields[m.group(1)]}\"')", text)
def reference(where):
    if where is None:  # companies: prospects grouped by what they say of their company, largest first
        groups = sql("f(company), f(companyDomain), email_domain, f(companyWebsite), coalesce(f(companyIndustry), f(industry)), f(companyLinkedIn)")
        return db.execute(f"SELECT {groups}, COUNT(*) n FROM prospects GROUP BY {groups} ORDER BY n DESC").fetchall()
    db.execute(f"SELECT COUNT(*) FROM prospects WHERE {sql(where)}").fetchone()
    return db.execute(f"SELECT id, email, attributes FROM prospects WHERE {sql(where)} ORDER BY id LIMIT 25").fetchall()

def percentiles(samples):
    samples = sorted(samples)
    return statistics.median(samples) * 1000, samples[min(len(samples) - 1, int(len(samples) * 0.99))] * 1000

print(f"{total} prospects; 30 searches of each kind after 3 warm-ups")
print(f"{'search':<20} {'total':>7} {'reach p50':>10} {'reach p99':>10} {'sqlite3 p50':>12} {'ratio':>6}")
for name, (path, body, where) in searches.items():
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
        start = time.perf_counter(); reference(where); direct.append(time.perf_counter() - start)
    p50, p99 = percentiles(timings)
    d50, _ = percentiles(direct)
    print(f"{name:<20} {found:>7} {p50:>8.0f}ms {p99:>8.0f}ms {d50:>10.0f}ms {p50 / d50:>5.1f}x")
PY
