#!/usr/bin/env bash
# The sending engine's cost per pass with 1,000,000 enrolled prospects over 1,000 mailboxes.
# Target (issue 6): under 100 ms a pass, on SQLite and on PostgreSQL.
# Twenty sequences of 50 mailboxes each (the most a sequence may have), 50,000 prospects imported
# into each (the API's own import), every prospect due. The mailboxes send once and then wait an hour (their interval), so
# the first pass sends 1,000 emails (to Postfix's smtp-sink) and the passes after it are the
# scheduler's own work: finding what is due, which sequences and mailboxes can send, and passing
# over what cannot. The server logs each pass's duration (at debug level); this reads them.
#   benchmarks/scheduler.sh [sqlite|postgresql] [PROSPECTS] [MAILBOXES]
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-sqlite}
prospects=${2:-1000000}
mailboxes=${3:-1000}
swift build -c release --product reach >/dev/null
reach="$(swift build -c release --show-bin-path)/reach"
work=$(mktemp -d /tmp/reach-bench.XXXXXX)
chmod 755 "$work"  # the mail and database servers run as their own users
server=
sink=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  [ -n "$sink" ] && kill "$sink" 2>/dev/null
  scripts/mail-peers.sh stop "$work/mail" >/dev/null 2>&1 || true
  [ "$kind" = postgresql ] && scripts/postgres.sh stop "$work/pg" >/dev/null 2>&1 || true
  wait 2>/dev/null; rm -rf "$work"
}
trap cleanup EXIT

scripts/mail-peers.sh start "$work/mail" >"$work/mail.env"
set -a; . "$work/mail.env"; set +a
case "$kind" in
  sqlite) database="sqlite://$work/reach.db" ;;
  postgresql) mkdir -p "$work/pg" && chmod 755 "$work/pg" && database=$(scripts/postgres.sh start "$work/pg") ;;
  *) echo "usage: $0 [sqlite|postgresql] [PROSPECTS] [MAILBOXES]" >&2; exit 2 ;;
esac
sink_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
user=$([ "$(id -u)" = 0 ] && echo "-u nobody" || true)
# shellcheck disable=SC2086
smtp-sink $user "127.0.0.1:$sink_port" 1024 >"$work/sink.log" 2>&1 &
sink=$!
"$reach" serve --port 0 --database "$database" --data-dir "$work/data" --rate-limit 100000000 --log-level debug \
  --reply-idle 0 --mail-ca-file "$REACH_TEST_MAIL_CA" --dns-server "127.0.0.1:$REACH_TEST_DNS_PORT" >"$work/out" 2>"$work/err" &
server=$!
until grep -q "reach is listening" "$work/err"; do sleep 0.1; done
port=$(grep -o 'address=http://127.0.0.1:[0-9]*' "$work/err" | grep -o '[0-9]*$')
key=$(grep -o 'rk_[0-9A-Za-z]*' "$work/out")

PYTHONPATH=benchmarks python3 - "$port" "$key" "$sink_port" "$prospects" "$mailboxes" "$work/err" "$kind" <<'PY'
import re, statistics, sys, time
from outreach import Reach
port, key, sink, total, boxes, log, kind = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6], sys.argv[7]
sequences = max(10, -(-boxes // 50))  # a sequence has at most 50 mailboxes
reach = Reach(port, key)
reach.always_open_schedule()
started = time.perf_counter()
ids = [reach.mailbox(n, sink) for n in range(boxes)]
reach.limit(ids, daily=100, interval=3600)
print(f"{boxes} mailboxes connected in {time.perf_counter() - started:.0f} s", flush=True)
started = time.perf_counter()
seqs = []
per = total // sequences
for s in range(sequences):
    seq, step = reach.sequence(f"Sequence {s}", ids[s * boxes // sequences:(s + 1) * boxes // sequences], "Quick question, {{First Name}}",
                               "<p>Hi {{First Name}}, how is {{Company}}?</p>")
    reach.import_into(step, [{"Email": f"p{s}-{i}@prospects.test", "First Name": f"Pat{i}", "Company": f"Company {i}"} for i in range(per)])
    seqs.append(seq)
print(f"{sequences * per} prospects imported into {sequences} sequences in {time.perf_counter() - started:.0f} s", flush=True)

def passes():
    with open(log) as f:
        return [(int(m.group(1)), int(m.group(2)), int(m.group(3))) for m in re.finditer(r"sending pass took (\d+) ms: (\d+) sent, (\d+) waiting", f.read())]
before = len(passes())
reach.set_status(seqs, "resume")
# The first passes send one email from each mailbox; then 20 passes that can send nothing.
while True:
    done = passes()[before:]
    sent = sum(p[1] for p in done)
    idle = [p for p in done if p[1] == 0 and sent >= boxes]
    if len(idle) >= 20:
        break
    time.sleep(0.5)
sending = [p for p in done if p[1] > 0]
ms = sorted(p[0] for p in idle)
print(f"{kind}: {sequences * per} enrolled prospects, {boxes} mailboxes")
print(f"passes that sent: {len(sending)}, {sum(p[1] for p in sending)} emails in {sum(p[0] for p in sending)} ms")
print(f"scheduler passes (every mailbox in its interval, all {sequences * per - boxes} others due): "
      f"p50 {statistics.median(ms):.0f} ms, max {ms[-1]} ms over {len(ms)} passes")
PY
