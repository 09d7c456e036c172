#!/usr/bin/env bash
# Real mail servers on loopback for the mail tests, with a certificate authority of their own.
#   scripts/mail-peers.sh start DIR   prints the environment the tests read (REACH_TEST_*)
#   scripts/mail-peers.sh stop DIR
# REACH_TEST_PYTHON is a Python with aiosmtpd and dkimpy, for checking what Reach wrote.
# SMTP servers (aiosmtpd, from PyPI), all requiring AUTH sender@example.test / senderpw:
#   STARTTLS submission (announcing PIPELINING); implicit TLS; one whose certificate no client trusts; one that never
#   answers the end of a message; and a mail exchanger without AUTH for email verification. Messages
#   land in DIR/spool*/ as .eml files.
# Dovecot (Debian) serves IMAP with STARTTLS and implicit TLS for the users
#   sender@example.test / senderpw, prospect@example.test / prospectpw and replies@example.test / repliespw
#   (the reply poller's tests; Maildirs under DIR/mail).
# Postfix (Debian) is the stricter SMTP peer: STARTTLS, AUTH through Dovecot, delivery of
#   @example.test into those mailboxes, and real RFC 3464 bounces for unknown users.
# A DNS server (dnslib, from PyPI) answers from DIR/zone, which tests may extend while it runs.
set -euo pipefail
cmd=${1:?usage: mail-peers.sh start|stop DIR}
dir=$(realpath -m "${2:?usage: mail-peers.sh start|stop DIR}")
cd "$(dirname "$0")/.."
case "$cmd" in
start)
  export DEBIAN_FRONTEND=noninteractive
  need=()
  command -v openssl >/dev/null || need+=(openssl)
  command -v dovecot >/dev/null || need+=(dovecot-imapd)
  command -v postfix >/dev/null || { echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections; need+=(postfix); }
  [ ${#need[@]} -eq 0 ] || { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }
  tools=$(scripts/python-tools.sh)
  mkdir -p "$dir"
  # A CA the tests trust, and a server certificate it signs for localhost, 127.0.0.1 and the
  # test zone's mail exchanger.
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=reach-test-ca -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
  printf "subjectAltName=DNS:localhost,DNS:mx.example.test,IP:127.0.0.1\n" > "$dir/san.ext"
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
      "$@" >"$dir/$name.log" 2>&1 &
    echo $! > "$dir/$name.pid"
    for _ in $(seq 100); do grep -q listening "$dir/$name.log" 2>/dev/null && break; sleep 0.1; done
    grep -q listening "$dir/$name.log" || { cat "$dir/$name.log" >&2; exit 1; }
    echo "$port"
  }
  auth=(--auth sender@example.test:senderpw)
  starttls=$(start_sink starttls "$dir/server.pem" "$dir/server.key" "${auth[@]}" --pipelining --reject 'nobody@.*=550 5.1.1 User unknown' --reject 'busy@.*=451 4.2.1 Mailbox busy, try later')
  implicit=$(start_sink implicit "$dir/server.pem" "$dir/server.key" "${auth[@]}" --implicit-tls)
  rogue=$(start_sink rogue "$dir/rogue.pem" "$dir/rogue.key" "${auth[@]}")
  stall=$(start_sink stall "$dir/server.pem" "$dir/server.key" "${auth[@]}" --stall-after-data)
  slow=$(start_sink slow "$dir/server.pem" "$dir/server.key" "${auth[@]}" --delay-after-data 10)
  # A mail exchanger for email verification (no AUTH, as MX hosts): strict.test has only the
  # mailboxes real-*@ and sales@, people.test only ada.lovelace@ (enrichment finds it among the
  # usual patterns), grey.test greylists everyone, any other domain accepts all (catch-all).
  mx=$(start_sink mx "$dir/server.pem" "$dir/server.key" --pipelining \
    --reject '(?!real-|sales@)[^@]*@strict\.test=550 5.1.1 Recipient address rejected: User unknown in virtual mailbox table' \
    --reject '(?!ada\.lovelace@)[^@]*@people\.test=550 5.1.1 User unknown' \
    --reject '[^@]*@grey\.test=451 4.7.1 Greylisted, please try again in 5 minutes' \
    --reject '[^@]*@policy\.test=554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org')
  # An old mail exchanger on the same port at 127.0.0.3 (mx-plain.example.test): no STARTTLS, no
  # PIPELINING, no SMTPUTF8; plain.test has only real-*@ mailboxes.
  "$tools/python" scripts/mailsink.py --host 127.0.0.3 --port "$mx" --spool "$dir/spool-mx-plain" --cert "$dir/server.pem" --key "$dir/server.key" \
    --plain --no-smtputf8 --reject '(?!real-)[^@]*@plain\.test=550 5.1.1 No such user' >"$dir/mx-plain.log" 2>&1 &
  echo $! > "$dir/mx-plain.pid"
  for _ in $(seq 100); do grep -q listening "$dir/mx-plain.log" 2>/dev/null && break; sleep 0.1; done
  grep -q listening "$dir/mx-plain.log" || { cat "$dir/mx-plain.log" >&2; exit 1; }
  # --- Dovecot, unprivileged, as the system user mailtest ---
  imap=$(free_port); imaps=$(free_port); auth=$(free_port); postfix_port=$(free_port)
  id mailtest >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin mailtest
  mkdir -p "$dir"/dv/{run,state,log} "$dir/mail" "$dir"/pf/{queue,data}
  chmod 755 "$dir"
  cp "$dir/server.key" "$dir/dovecot.key" && chmod 644 "$dir/dovecot.key"
  cat > "$dir/users" <<USERS
sender@example.test:{PLAIN}senderpw::::$dir/mail/sender@example.test
prospect@example.test:{PLAIN}prospectpw::::$dir/mail/prospect@example.test
replies@example.test:{PLAIN}repliespw::::$dir/mail/replies@example.test
USERS
  cat > "$dir/dv/dovecot.conf" <<CONF
base_dir = $dir/dv/run
state_dir = $dir/dv/state
instance_name = reach-test-dovecot
log_path = $dir/dv/log/dovecot.log
protocols = imap
listen = 127.0.0.1
default_internal_user = mailtest
default_internal_group = mailtest
default_login_user = mailtest
ssl = yes
ssl_cert = <$dir/server.pem
ssl_key = <$dir/dovecot.key
disable_plaintext_auth = yes
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
# IDLE notices new mail by inotify; where a container runs out of inotify
# instances Dovecot falls back to polling, every 30 s unless told otherwise.
mailbox_idle_check_interval = 1 secs
mail_uid = mailtest
mail_gid = mailtest
# Test suites run side by side and log in as the same few users (one test drives 50 mailboxes
# from three processes): Dovecot's default of 10 connections per user and address is too few.
protocol imap {
  mail_max_userip_connections = 1000
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/users
}
userdb {
  driver = passwd-file
  args = username_format=%u $dir/users
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $imap
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $imaps
  }
}
service anvil {
  chroot =
}
service auth {
  user = mailtest
  inet_listener {
    address = 127.0.0.1
    port = $auth
  }
}
service auth-worker {
  user = mailtest
}
CONF
  chown -R mailtest:mailtest "$dir/dv" "$dir/mail"
  runuser -u mailtest -- /usr/sbin/dovecot -c "$dir/dv/dovecot.conf"
  for _ in $(seq 50); do [ -s "$dir/dv/run/master.pid" ] && break; sleep 0.1; done
  cp "$dir/dv/run/master.pid" "$dir/dovecot.pid"
  # --- Postfix, its own configuration directory, delivering through dovecot-lda ---
  cat > "$dir/pf/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $dir/pf/queue
data_directory = $dir/pf/data
maillog_file = $dir/pf/maillog
maillog_file_prefixes = $dir
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = mx.example.test
mydomain = example.test
myorigin = example.test
mydestination =
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
local_recipient_maps =
virtual_mailbox_domains = example.test
virtual_transport = dovecot
dovecot_destination_recipient_limit = 1
smtpd_tls_cert_file = $dir/server.pem
smtpd_tls_key_file = $dir/server.key
smtpd_tls_security_level = may
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = inet:127.0.0.1:$auth
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
smtputf8_enable = yes
CONF
  { printf '127.0.0.1:%s inet n - n - - smtpd\n' "$postfix_port"
    sed -n '/^pickup/,$p' /etc/postfix/master.cf.proto | grep -E '^(pickup|cleanup|qmgr|tlsmgr|rewrite|bounce|defer|trace|verify|flush|proxymap|smtp |relay|showq|error|retry|discard|anvil|scache|postlog)' \
      | awk '{ if ($1!="postlog") $5="n"; print }'
    printf 'dovecot unix - n n - - pipe\n  flags=DRhu user=mailtest argv=/usr/lib/dovecot/dovecot-lda -c %s -f ${sender} -d ${recipient}\n' "$dir/dv/dovecot.conf"
  } > "$dir/pf/master.cf"
  chown postfix "$dir/pf/data"
  postfix -c "$dir/pf" start >/dev/null 2>&1
  for _ in $(seq 50); do [ -s "$dir/pf/queue/pid/master.pid" ] && break; sleep 0.1; done
  tr -d ' ' < "$dir/pf/queue/pid/master.pid" > "$dir/postfix.pid"
  # --- DNS for example.test and a few shapes of domain, UDP and TCP on one port ---
  dns=$(free_port)
  cat > "$dir/zone" <<'ZONE'
$TTL 60
example.test. IN MX 20 backup.example.test.
example.test. IN MX 10 mx.example.test.
example.test. IN TXT "v=spf1 ip4:127.0.0.1 -all"
example.test. IN TXT "google-site-verification=abc"
_dmarc.example.test. IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@example.test"
mx.example.test. IN A 127.0.0.1
long.example.test. IN TXT "v=spf1 include:_spf.one.example include:_spf.two.example " "include:_spf.three.example ~all"
nomx.test. IN A 127.0.0.2
nullmx.test. IN MX 0 .
xn--mnchen-3ya.test. IN MX 10 mx.example.test.
strict.test. IN MX 10 mx.example.test.
grey.test. IN MX 10 mx.example.test.
catchall.test. IN MX 10 mx.example.test.
policy.test. IN MX 10 mx.example.test.
plain.test. IN MX 10 mx-plain.example.test.
mx-plain.example.test. IN A 127.0.0.3
backup.test. IN MX 10 dead.example.test.
backup.test. IN MX 20 mx.example.test.
dead.example.test. IN A 127.0.0.9
txtonly.test. IN TXT "v=spf1 -all"
people.test. IN MX 10 mx.example.test.
people.test. IN A 127.0.0.1
www.people.test. IN A 127.0.0.1
gsuite.test. IN MX 1 aspmx.l.google.com.
gsuite.test. IN A 127.0.0.1
ZONE
  for index in $(seq 40); do echo "big.test. IN TXT \"record $index of a set too large for one UDP answer\"" >> "$dir/zone"; done
  "$tools/python" scripts/dnsserver.py --port "$dns" --zone "$dir/zone" > "$dir/dns.log" 2>&1 &
  echo $! > "$dir/dns.pid"
  for _ in $(seq 100); do grep -q listening "$dir/dns.log" 2>/dev/null && break; sleep 0.1; done
  for port in $imap $imaps $postfix_port; do
    for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  done
  cat <<ENV
REACH_TEST_PYTHON=$tools/python
REACH_TEST_MAIL_CA=$dir/ca.pem
REACH_TEST_MAIL_DIR=$dir
REACH_TEST_SMTP_STARTTLS_PORT=$starttls
REACH_TEST_SMTP_IMPLICIT_PORT=$implicit
REACH_TEST_SMTP_ROGUE_PORT=$rogue
REACH_TEST_SMTP_STALL_PORT=$stall
REACH_TEST_SMTP_SLOW_PORT=$slow
REACH_TEST_SMTP_POSTFIX_PORT=$postfix_port
REACH_TEST_SMTP_MX_PORT=$mx
REACH_TEST_IMAP_STARTTLS_PORT=$imap
REACH_TEST_IMAP_IMPLICIT_PORT=$imaps
REACH_TEST_DNS_PORT=$dns
REACH_TEST_DNS_ZONE=$dir/zone
ENV
  ;;
stop)
  [ -d "$dir/pf" ] && postfix -c "$dir/pf" stop >/dev/null 2>&1 || true
  for pid in "$dir"/*.pid; do [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true; done
  ;;
esac
