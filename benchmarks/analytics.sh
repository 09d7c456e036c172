#!/usr/bin/env bash
# Analytics benchmark: POST /v1/analytics/stats for a sequence with 1,000,000 events (SQLite),
# one request at a time, p50 and p99; also the per-email report's first page of 500 and the
# sending mailbox's stats. The sequence, its two email steps and its 100,000 prospects go in
# through the API; the sent messages and their events are written straight into the database
# (sending a million real emails is not the point here), shaped as the engine writes them. The
# reference is the straightforward query on the same file with Python's sqlite3 (no HTTP, no
# JSON): events of the sequence grouped by kind, with distinct prospects per kind.
#   benchmarks/analytics.sh [PROSPECTS]
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-100000}
. benchmarks/serve.sh

start_reach

python3 - "$port" "$key" "$total" "$work" <<'PY'
import http.client, json, random, sqlite3, statistics, subprocess, sys, time
port, key, total, work = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
def call(method, url, body=None):
    conn.request(method, url, body=json.dumps(body) if body is not None else None, headers={"x-api-key": key, "Content-Type": "application/json"})
    r = conn.getresponse(); data = r.read()
    assert r.status < 300, (url, r.status, data[:300])
    return json.loads(data) if data.startswith(b"{") else data

for field in [{"label": "Lead Score", "fieldType": "number"}, {"label": "Renewal Date", "fieldType": "date"},
              {"label": "Segment", "fieldType": "dropdown", "metadata": {"options": ["SMB", "Mid-Market", "Enterprise"]}}]:
    call("POST", "/v1/fields", field)
sequence = call("POST", "/v1/sequences", {"title": "Benchmark"})["payload"]["id"]
steps = [call("POST", f"/v1/sequences/{sequence}/steps", {"type": "Email", "absoluteDays": day, "variants": [
    {"payload": {"subject": "Quick question", "content": "<p>Hi {{First Name}}</p>"}},
    {"payload": {"subject": "One question", "content": "<p>Hello {{First Name}}</p>"}}]})["payload"]["id"] for day in (1, 3)]
subprocess.run([sys.executable, "benchmarks/generate_prospects.py", str(total), f"{work}/p.json", f"{work}/p.csv"], check=True)
body = json.load(open(f"{work}/p.json"))
body["stepId"] = steps[0]
started = call("POST", "/v1/sequences/prospects/import-with-field-name", body)["payload"]["requestId"]
while not (status := call("GET", f"/v1/prospects/import-status/{started}")["payload"])["isCompleted"]:
    time.sleep(0.5)
assert status["created"] == total, status

db = sqlite3.connect(f"{work}/reach.db", timeout=60)
now = time.time()
db.execute("""INSERT INTO email_accounts (account_id, user_id, provider, from_email, from_email_key, from_name, first_name, last_name,
    smtp_host, smtp_port, smtp_encryption, smtp_user, smtp_password, imap_host, imap_port, imap_encryption, imap_user, imap_password,
    status, daily_quota, interval_min, interval_max, signature_html, bcc, health_score, created_at, updated_at)
    VALUES (1, 1, 'other', 'sam@bench.test', 'sam@bench.test', 'Sam', 'Sam', 'Sender', 'localhost', 587, 'TLS', 'sam', 'x', 'localhost', 993,
    'SSL', 'sam', 'x', 1, 500, 60, 190, '', '[]', 90, ?, ?)""", (now, now))
mailbox = db.execute("SELECT MAX(id) FROM email_accounts").fetchone()[0]
seq_id, = db.execute("SELECT id FROM sequences WHERE title = 'Benchmark'").fetchone()
step_rows = db.execute("SELECT s.id, v.id FROM sequence_steps s JOIN step_variants v ON v.step_id = s.id WHERE s.sequence_id = ? ORDER BY s.absolute_days, v.letter_index", (seq_id,)).fetchall()
variants = {}
for step, variant in step_rows: variants.setdefault(step, []).append(variant)
prospects = [row[0] for row in db.execute("SELECT prospect_id FROM sequence_prospects WHERE sequence_id = ?", (seq_id,))]
rng = random.Random(11)
outbound, events = [], []
next_id = 1
for prospect in prospects:
    for number, (step, choices) in enumerate(variants.items()):
        if number == 1 and rng.random() < 0.3: continue
        at = now - 86400 * (3 - 2 * number) + rng.random() * 3600
        outbound.append((next_id, seq_id, step, rng.choice(choices), prospect, mailbox, f"<b{next_id}@bench.test>", "x@bench.test", "Quick question", "sent", at, at, number == 1))
        events.append((1, "email-sent", seq_id, step, prospect, mailbox, next_id, None, at))
        for _ in range(rng.choice([0, 0, 1, 2, 3, 5, 8])):
            events.append((1, "email-opened", seq_id, step, prospect, mailbox, next_id, None, at + rng.random() * 86400))
        if rng.random() < 0.2: events.append((1, "email-link-clicked", seq_id, step, prospect, mailbox, next_id, "https://example.com/pricing", at + 600))
        if rng.random() < 0.04: events.append((1, "reply-received", seq_id, step, prospect, mailbox, next_id, "reply", at + 7200))
        if rng.random() < 0.01: events.append((1, "email-bounced", seq_id, step, prospect, mailbox, next_id, "5.1.1", at + 60))
        next_id += 1
    if rng.random() < 0.005: events.append((1, "prospect-unsubscribed", seq_id, None, prospect, None, None, None, now))
# Top up to a million with more opens, as a long-running sequence gathers.
while len(events) < 1_000_000:
    o = rng.choice(outbound)
    events.append((1, "email-opened", seq_id, o[2], o[4], mailbox, o[0], None, o[10] + rng.random() * 86400 * 7))
db.executemany("""INSERT INTO outbound_messages (id, sequence_id, step_id, variant_id, prospect_id, email_account_id, message_id, recipient, subject,
    status, created_at, sent_at, is_follow_up, account_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)""", outbound)
db.executemany("""INSERT INTO events (account_id, kind, sequence_id, step_id, prospect_id, email_account_id, outbound_id, detail, occurred_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", events)
db.commit()
db.execute("ANALYZE")
db.commit()
print(f"{len(prospects)} prospects, {len(outbound)} sent emails, {db.execute('SELECT COUNT(*) FROM events WHERE sequence_id = ?', (seq_id,)).fetchone()[0]} events in the sequence")

def timed(run, samples):
    for _ in range(3): run()
    times = []
    for _ in range(samples):
        start = time.perf_counter(); run(); times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]

day = time.strftime("%Y-%m-%d", time.gmtime(now - 86400 * 3))
today = time.strftime("%Y-%m-%d", time.gmtime(now))
rows = [
    ("sequence stats", timed(lambda: call("POST", "/v1/analytics/stats", {"sequenceId": sequence}), 30)),
    ("per-email report, page 1 of 500", timed(lambda: call("POST", "/v1/analytics/consolidated-stats",
        {"sequenceIds": [sequence], "startDate": day, "endDate": today, "pageNum": 1, "pageLimit": 500}), 30)),
]
reference = sqlite3.connect(f"file:{work}/reach.db?mode=ro", uri=True)
rows.append(("reference: GROUP BY kind, distinct prospects", timed(lambda: reference.execute(
    "SELECT kind, COUNT(*), COUNT(DISTINCT prospect_id) FROM events WHERE sequence_id = ? GROUP BY kind", (seq_id,)).fetchall(), 30)))
stats = call("POST", "/v1/analytics/stats", {"sequenceId": sequence})["payload"]
print("prospects:", {k: stats["prospects"][0][k] for k in ("total", "contacted", "open", "clicked", "replied", "bounced", "unsubscribed")})
print("| Request | p50 | p99 |")
print("|---|---|---|")
for name, (p50, p99) in rows: print(f"| {name} | {p50:.1f} ms | {p99:.1f} ms |")
PY
