#!/usr/bin/env bash
# Tracking pixel throughput: requests per second of a real email's open pixel (signature check,
# one event written per request) under wrk, against the same server's /healthz (one database
# round trip, nothing written) in the same run. Target (issue 6): the pixel at least 50% of /healthz.
# The email is really sent first: a mailbox on the loopback test servers (scripts/mail-peers.sh),
# a one-step sequence, one prospect; the pixel URL is read from the delivered message.
#   benchmarks/tracking.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
connections=${2:-32}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends wrk >/dev/null; }
swift build -c release --product reach >/dev/null
reach="$(swift build -c release --show-bin-path)/reach"
work=$(mktemp -d /tmp/reach-bench.XXXXXX)
chmod 755 "$work"  # the mail servers run as their own users
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  scripts/mail-peers.sh stop "$work/mail" >/dev/null 2>&1 || true
  wait 2>/dev/null; rm -rf "$work"
}
trap cleanup EXIT

scripts/mail-peers.sh start "$work/mail" >"$work/mail.env"
set -a; . "$work/mail.env"; set +a
"$reach" serve --port 0 --database "sqlite://$work/reach.db" --data-dir "$work/data" --rate-limit 100000000 \
  --mail-ca-file "$REACH_TEST_MAIL_CA" --dns-server "127.0.0.1:$REACH_TEST_DNS_PORT" >"$work/out" 2>"$work/err" &
server=$!
until grep -q "reach is listening" "$work/err"; do sleep 0.1; done
port=$(grep -o 'address=http://127.0.0.1:[0-9]*' "$work/err" | grep -o '[0-9]*$')
key=$(grep -o 'rk_[0-9A-Za-z]*' "$work/out")

pixel=$(python3 - "$port" "$key" "$work/mail" <<'PY'
import email, glob, http.client, json, os, re, sys, time
port, key, mail = int(sys.argv[1]), sys.argv[2], sys.argv[3]
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
def call(method, path, body=None):
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers={"x-api-key": key, "Content-Type": "application/json"})
    r = conn.getresponse(); data = json.loads(r.read() or b"null")
    assert r.status < 300, (path, r.status, data)
    return data
week = [{"day": d, "slots": [{"start": {"hour": 0, "minute": 0}, "end": {"hour": 24, "minute": 0}}]} for d in range(7)]
call("POST", "/v1/schedules", {"name": "Always", "timezone": "UTC", "isDefault": True, "timeSlots": week})
server = lambda port: {"emailAddress": "sender@example.test", "userName": "sender@example.test", "password": "senderpw",
                       "host": "localhost", "port": port, "encryption": "TLS"}
box = call("POST", "/v1/email-accounts/smtp-imap/connect", {"emailServiceProvider": "other", "fromName": "", "fromFirstName": "Sam", "fromLastName": "Sender",
           "payload": {"smtp": server(int(os.environ["REACH_TEST_SMTP_STARTTLS_PORT"])), "imap": server(int(os.environ["REACH_TEST_IMAP_STARTTLS_PORT"]))}})["payload"]["id"]
seq = call("POST", "/v1/sequences", {"title": "Bench", "emailAccountIds": [box]})["payload"]["id"]
step = call("POST", f"/v1/sequences/{seq}/steps", {"type": "Email", "absoluteDays": 1,
            "variants": [{"payload": {"subject": "Hello", "content": "<p>Hi, see <a href=\"https://example.com/\">this</a>.</p>"}}]})["payload"]["id"]
who = call("POST", "/v1/prospects", {"attributes": {"Email": "reader@prospects.test"}})["payload"]["id"]
call("POST", f"/v1/sequences/{seq}/contacts", {"contactIds": [who], "stepId": step})
call("POST", "/v1/sequences/status", {"sequenceIds": [seq], "status": "resume"})
for _ in range(300):
    for path in glob.glob(f"{mail}/spool-starttls/*"):
        if path.endswith(".jsonl"): continue
        message = email.message_from_bytes(open(path, "rb").read())
        for part in message.walk():
            if part.get_content_type() == "text/html":
                found = re.search(r'src="[^"]*?(/t/o/[^"]+)"', part.get_payload(decode=True).decode())
                if found: print(found.group(1)); sys.exit(0)
    time.sleep(0.1)
sys.exit("the email never arrived")
PY
)
base="http://127.0.0.1:$port"
curl -fsS -o /dev/null "$base$pixel"
wrk -t2 -c"$connections" -d"${seconds}s" "$base/healthz" >"$work/healthz.txt"
wrk -t2 -c"$connections" -d"${seconds}s" "$base$pixel" >"$work/pixel.txt"
health=$(awk '/Requests\/sec/ {print $2}' "$work/healthz.txt")
pixels=$(awk '/Requests\/sec/ {print $2}' "$work/pixel.txt")
# Every answered pixel must become an event: stop the server (it writes what is pending) and count.
kill -TERM "$server"; wait "$server" || true; server=
opens=$(sqlite3 "$work/reach.db" "SELECT COUNT(*) FROM events WHERE kind = 'email-opened'")
served=$(( $(awk '/requests in/ {print $1}' "$work/pixel.txt") + 1 ))
echo "write failures logged: $(grep -c "could not write opens" "$work/err" || true)"
echo "== /healthz";  grep -E "Latency|Requests/sec|Non-2xx" "$work/healthz.txt"
echo "== open pixel"; grep -E "Latency|Requests/sec|Non-2xx" "$work/pixel.txt"
echo "opens answered: $served, recorded: $opens"
python3 -c "print(f'pixel / healthz: {float(\"$pixels\") / float(\"$health\"):.0%}')"
