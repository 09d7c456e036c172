#!/usr/bin/env bash
# Import benchmark: 100,000 realistic prospects (15 fields, 3 of them custom) imported through
# the API until isCompleted, against the same rows loaded with the sqlite3 command line's
# .import into an equivalent indexed table, in the same run on the same machine.
#   benchmarks/import.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
. benchmarks/serve.sh

python3 benchmarks/generate_prospects.py "$rows" "$work/rows.json" "$work/rows.csv"

start_reach

python3 - "$port" "$key" "$work/rows.json" <<'PY'
import http.client, json, sys, time
port, key, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
def call(method, url, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    c.request(method, url, body=body, headers={"x-api-key": key, "Content-Type": "application/json"})
    r = c.getresponse(); data = json.loads(r.read()); c.close(); return r.status, data
for field in [{"label": "Lead Score", "fieldType": "number"}, {"label": "Renewal Date", "fieldType": "date"},
              {"label": "Segment", "fieldType": "dropdown", "metadata": {"options": ["SMB", "Mid-Market", "Enterprise"]}}]:
    call("POST", "/v1/fields", json.dumps(field))
body = open(path, "rb").read()
start = time.perf_counter()
status, started = call("POST", "/v1/prospects/import-with-field-name", body)
accepted = time.perf_counter()
rid = started["payload"]["requestId"]
while True:
    _, s = call("GET", f"/v1/prospects/import-status/{rid}")
    if s["payload"]["isCompleted"]: break
    time.sleep(0.05)
done = time.perf_counter()
p = s["payload"]
assert p["status"] == "completed" and p["created"] == p["totalRows"], p
print(f"reach_accept_seconds={accepted - start:.2f}")
print(f"reach_total_seconds={done - start:.2f}")
print(f"reach_rows={p['created']} body_mb={len(body) / 1e6:.1f}")
PY

# The same rows in an equivalent table: a unique email and the same four search indexes
# (Reach's also lead with the account, a single integer here).
start=$(date +%s.%N)
sqlite3 "$work/reference.db" <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE prospects (
  "First Name" TEXT, "Last Name" TEXT, "Email" TEXT, "Company" TEXT, "Job Title" TEXT, "Phone Number" TEXT, "City" TEXT,
  "State" TEXT, "Country" TEXT, "LinkedIn" TEXT, "Website" TEXT, "Industry" TEXT, "Lead Score" TEXT, "Renewal Date" TEXT,
  "Segment" TEXT);
CREATE UNIQUE INDEX by_email ON prospects (lower("Email"));
CREATE INDEX by_domain ON prospects (substr("Email", instr("Email", '@') + 1));
CREATE INDEX by_last ON prospects (lower("Last Name"));
CREATE INDEX by_full ON prospects (lower("First Name" || ' ' || "Last Name"));
.mode csv
.import --skip 1 $work/rows.csv prospects
SQL
end=$(date +%s.%N)
echo "sqlite3_import_seconds=$(echo "$end - $start" | bc)"
echo "sqlite3_rows=$(sqlite3 "$work/reference.db" 'SELECT COUNT(*) FROM prospects')"
