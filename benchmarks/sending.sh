#!/usr/bin/env bash
# Sending throughput: 10,000 rendered, tracked, DKIM-signed emails from Reach to Postfix's
# smtp-sink, against smtp-source sending 10,000 messages of the same size to the same sink in the
# same run. Target (issue 6): Reach within 2x of smtp-source. Last, the time RSA-2048 signing
# alone takes for as many messages on all cores (openssl speed), the floor under any DKIM signer.
# Reach sends as it does in production (a sequence of one step, prospects imported into it, the
# engine's passes) from 20 mailboxes on a sandbox clock running 1,000 times faster, so that the
# mailboxes' intervals (1 s, the least allowed) and daily limits do not hold it back. The
# mailboxes' IMAP side is Dovecot on loopback (scripts/mail-peers.sh); SMTP goes to smtp-sink
# without TLS, as smtp-source does.
#   benchmarks/sending.sh [MESSAGES] [MAILBOXES]
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${1:-10000}
mailboxes=${2:-20}
swift build -c release --product reach >/dev/null
reach="$(swift build -c release --show-bin-path)/reach"
work=$(mktemp -d /tmp/reach-bench.XXXXXX)
chmod 755 "$work"  # the mail servers run as their own users
server=
sink=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  [ -n "$sink" ] && kill $sink 2>/dev/null
  scripts/mail-peers.sh stop "$work/mail" >/dev/null 2>&1 || true
  wait 2>/dev/null; rm -rf "$work"
}
trap cleanup EXIT

scripts/mail-peers.sh start "$work/mail" >"$work/mail.env"
set -a; . "$work/mail.env"; set +a
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
sink_port=$(free_port)
dump_port=$(free_port)
user=$([ "$(id -u)" = 0 ] && echo "-u nobody" || true)
mkdir -p "$work/dump" && chmod 777 "$work/dump"
# The sink both senders write to, and one that keeps what it gets (to measure Reach's message size).
# shellcheck disable=SC2086
smtp-sink $user "127.0.0.1:$sink_port" 1024 >"$work/sink.log" 2>&1 &
sink=$!
# shellcheck disable=SC2086
smtp-sink $user -d "$work/dump/%H%M%S" "127.0.0.1:$dump_port" 16 >"$work/dump.log" 2>&1 &
sink="$sink $!"
"$reach" dkim generate example.test --data-dir "$work/data" >/dev/null
"$reach" serve --port 0 --database "sqlite://$work/reach.db" --data-dir "$work/data" --rate-limit 100000000 --time-scale 1000 \
  --reply-idle 0 --mail-ca-file "$REACH_TEST_MAIL_CA" --dns-server "127.0.0.1:$REACH_TEST_DNS_PORT" >"$work/out" 2>"$work/err" &
server=$!
until grep -q "reach is listening" "$work/err"; do sleep 0.1; done
port=$(grep -o 'address=http://127.0.0.1:[0-9]*' "$work/err" | grep -o '[0-9]*$')
key=$(grep -o 'rk_[0-9A-Za-z]*' "$work/out")

PYTHONPATH=benchmarks python3 - "$port" "$key" "$sink_port" "$dump_port" "$messages" "$mailboxes" "$work" <<'PY'
import glob, os, sqlite3, subprocess, sys, time
from outreach import Reach
port, key, sink, dump, total, boxes, work = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
reach = Reach(port, key)
reach.always_open_schedule()
ids = [reach.mailbox(n, sink) for n in range(boxes)]
reach.limit(ids, daily=2000, interval=1)
content = ("<p>Hi {{First Name}},</p><p>I noticed {{Company}} is hiring engineers. We help teams like yours ship faster "
           "with fewer people on call; <a href=\"https://example.com/case-study\">here is how Acme did it</a>.</p>"
           "<p>Worth a 15-minute call next week?</p><p>Sam</p>") * 3
def sequence(title, boxes, people):
    seq, step = reach.sequence(title, boxes, "Quick question, {{First Name}}", content)
    reach.import_into(step, [{"Email": f"{title.lower()}{i}@prospects.test", "First Name": f"Pat{i}", "Company": f"Company {i}"} for i in range(people)])
    return seq

# One message through the sink that keeps it: its size is what smtp-source will send.
calibration = sequence("Calibration", [reach.mailbox(boxes, dump)], 1)
reach.set_status([calibration], "resume")
while not glob.glob(f"{work}/dump/*"):
    time.sleep(0.1)
time.sleep(0.5)
size = os.path.getsize(glob.glob(f"{work}/dump/*")[0])
reach.set_status([calibration], "pause")
seq = sequence("Bench", ids, total)

db = sqlite3.connect(f"file:{work}/reach.db?mode=ro", uri=True)
def sent():
    return db.execute("SELECT COUNT(*) FROM outbound_messages WHERE status = 'sent' AND sequence_id <> (SELECT MIN(id) FROM sequences)").fetchone()[0]
start = time.perf_counter()
reach.set_status([seq], "resume")
while sent() < total:
    time.sleep(0.05)
reach = time.perf_counter() - start
others = db.execute("SELECT status, COUNT(*) FROM outbound_messages WHERE status <> 'sent' GROUP BY status").fetchall()

start = time.perf_counter()
subprocess.run(["smtp-source", "-s", "16", "-m", str(total), "-l", str(size), "-f", "seller@example.test", "-t", "p@prospects.test",
                f"127.0.0.1:{sink}"], check=True)
source = time.perf_counter() - start
print(f"{total} messages of {size} bytes; Reach from {boxes} mailboxes, smtp-source with 16 sessions")
print(f"reach        {reach:8.2f} s  {total / reach:8.0f} msg/s   (not sent: {others or 'none'})")
print(f"smtp-source  {source:8.2f} s  {total / source:8.0f} msg/s")
print(f"ratio        {reach / source:8.2f}x")

# The floor under any sender that signs each message with RSA-2048 as Reach must: the signatures
# alone on both cores, nothing else done (OpenSSL's own measure, in the same run).
speed = subprocess.run(["openssl", "speed", "-seconds", "2", "-multi", str(os.cpu_count()), "rsa2048"],
                       capture_output=True, text=True, check=True).stdout
signs = float(next(line for line in speed.splitlines() if line.startswith("rsa 2048 bits")).split()[-2])
floor = total / signs
print(f"signing only {floor:8.2f} s  {signs:8.0f} sig/s   ({os.cpu_count()} cores: {floor / source:.2f}x smtp-source)")
PY
