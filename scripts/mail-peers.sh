#!/usr/bin/env bash
# Real SMTP servers on loopback for the mail tests, with a certificate authority of their own.
#   scripts/mail-peers.sh start DIR   prints the environment the tests read (REACH_TEST_MAIL_*)
#   scripts/mail-peers.sh stop DIR
# REACH_TEST_PYTHON is a Python with aiosmtpd and dkimpy, for checking what Reach wrote.
# Servers (aiosmtpd, from PyPI), all requiring AUTH sender@example.test / senderpw:
#   STARTTLS submission; implicit TLS; one whose certificate no client trusts; one that never
#   answers the end of a message. Messages land in DIR/spool*/ as .eml files.
set -euo pipefail
cmd=${1:?usage: mail-peers.sh start|stop DIR}
dir=$(realpath -m "${2:?usage: mail-peers.sh start|stop DIR}")
cd "$(dirname "$0")/.."
case "$cmd" in
start)
  command -v openssl >/dev/null || { apt-get update -qq && apt-get install -y -qq openssl >/dev/null; }
  tools=$(scripts/python-tools.sh)
  mkdir -p "$dir"
  # A CA the tests trust, and a server certificate it signs for localhost and 127.0.0.1.
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=reach-test-ca -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
  printf "subjectAltName=DNS:localhost,IP:127.0.0.1\n" > "$dir/san.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
    -extfile "$dir/san.ext" -out "$dir/server.pem" 2>/dev/null
  # A certificate signed by nobody the tests trust.
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost -addext "subjectAltName=DNS:localhost" \
    -keyout "$dir/rogue.key" -out "$dir/rogue.pem" 2>/dev/null
  free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
  start_sink() {  # NAME CERT KEY ARGS...
    local name=$1 cert=$2 key=$3; shift 3
    local port; port=$(free_port)
    "$tools/python" scripts/mailsink.py --port "$port" --spool "$dir/spool-$name" --cert "$cert" --key "$key" \
      --auth sender@example.test:senderpw "$@" >"$dir/$name.log" 2>&1 &
    echo $! > "$dir/$name.pid"
    for _ in $(seq 100); do grep -q listening "$dir/$name.log" 2>/dev/null && break; sleep 0.1; done
    grep -q listening "$dir/$name.log" || { cat "$dir/$name.log" >&2; exit 1; }
    echo "$port"
  }
  starttls=$(start_sink starttls "$dir/server.pem" "$dir/server.key" --reject 'nobody@.*=550 5.1.1 User unknown' --reject 'busy@.*=451 4.2.1 Mailbox busy, try later')
  implicit=$(start_sink implicit "$dir/server.pem" "$dir/server.key" --implicit-tls)
  rogue=$(start_sink rogue "$dir/rogue.pem" "$dir/rogue.key")
  stall=$(start_sink stall "$dir/server.pem" "$dir/server.key" --stall-after-data)
  cat <<ENV
REACH_TEST_PYTHON=$tools/python
REACH_TEST_MAIL_CA=$dir/ca.pem
REACH_TEST_MAIL_DIR=$dir
REACH_TEST_SMTP_STARTTLS_PORT=$starttls
REACH_TEST_SMTP_IMPLICIT_PORT=$implicit
REACH_TEST_SMTP_ROGUE_PORT=$rogue
REACH_TEST_SMTP_STALL_PORT=$stall
ENV
  ;;
stop)
  for pid in "$dir"/*.pid; do [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true; done
  ;;
esac
