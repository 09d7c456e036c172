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

# The same rows in an equivalent table, loaded by the sqlite3 command line. "equivalent": the
# indexes of Reach's prospects table, each for the same question (unique email; creation order;
# email prefix, domain, last name and full name, each with the creation time so a search page
# is ordered from the index), a creation time per row. "four indexes": the
# lighter table earlier runs compared with (unique email and four search indexes without the
# creation time). Reach's indexes also lead with the account, a single integer here.
# The rows with their creation time as a last column, as Reach stores one per prospect.
python3 - "$work/rows.csv" "$work/rows-created.csv" <<'PY'
import csv, sys, time
now = time.time()
with open(sys.argv[1], newline="") as source, open(sys.argv[2], "w", newline="") as target:
    rows, out = csv.reader(source), csv.writer(target)
    out.writerow(next(rows) + ["Created"])
    for index, row in enumerate(rows):
        out.writerow(row + [f"{now + index / 1e6:.6f}"])
PY
reference() {  # NAME INDEXES...
  local name=$1 db="$work/$1.db"; shift
  local start end
  start=$(date +%s.%N)
  sqlite3 "$db" <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE prospects (
  "First Name" TEXT, "Last Name" TEXT, "Email" TEXT, "Company" TEXT, "Job Title" TEXT, "Phone Number" TEXT, "City" TEXT,
  "State" TEXT, "Country" TEXT, "LinkedIn" TEXT, "Website" TEXT, "Industry" TEXT, "Lead Score" TEXT, "Renewal Date" TEXT,
  "Segment" TEXT, "Created" REAL NOT NULL);
$(printf '%s;\n' "$@")
.mode csv
.import --skip 1 $work/rows-created.csv prospects
SQL
  end=$(date +%s.%N)
  echo "sqlite3_${name}_seconds=$(echo "$end - $start" | bc)"
  echo "sqlite3_${name}_rows=$(sqlite3 "$db" 'SELECT COUNT(*) FROM prospects')"
}
unique='CREATE UNIQUE INDEX by_email ON prospects (lower("Email"))'
domain='substr("Email", instr("Email", '"'"'@'"'"') + 1)'
full='lower("First Name" || '"'"' '"'"' || "Last Name")'
reference equivalent "$unique" \
  'CREATE INDEX by_created ON prospects ("Created")' \
  'CREATE INDEX by_email_created ON prospects (lower("Email"), "Created")' \
  "CREATE INDEX by_domain ON prospects ($domain, \"Created\")" \
  'CREATE INDEX by_last ON prospects (lower("Last Name"), "Created")' \
  "CREATE INDEX by_full ON prospects ($full, \"Created\")"
reference four_indexes "$unique" \
  "CREATE INDEX by_domain ON prospects ($domain)" \
  'CREATE INDEX by_last ON prospects (lower("Last Name"))' \
  "CREATE INDEX by_full ON prospects ($full)"
