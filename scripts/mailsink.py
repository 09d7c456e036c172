#!/usr/bin/env python3
"""An SMTP server on loopback for Reach's tests (aiosmtpd): STARTTLS or implicit TLS, AUTH
PLAIN/LOGIN, every message stored as an .eml file in --spool with its envelope in
envelopes.jsonl. --reject answers matching recipients with a given reply; --stall-after-data
never answers the end of a message (for timeout tests), --delay-after-data answers it only after
the given seconds (a message still in flight when the sender shuts down); --pipelining announces PIPELINING (RFC 2920):
aiosmtpd answers pipelined commands in order anyway, the announcement lets clients batch them."""
import argparse, asyncio, json, os, re, signal, ssl, time, uuid
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

ap = argparse.ArgumentParser()
ap.add_argument("--host", default="127.0.0.1")
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--spool", required=True)
ap.add_argument("--cert", required=True)
ap.add_argument("--key", required=True)
ap.add_argument("--implicit-tls", action="store_true")
ap.add_argument("--auth", action="append", default=[], help="user:password (repeatable)")
ap.add_argument("--reject", action="append", default=[], help="'REGEX=CODE TEXT' for RCPT TO addresses matching REGEX")
ap.add_argument("--stall-after-data", action="store_true")
ap.add_argument("--delay-after-data", type=float, default=0)
ap.add_argument("--pipelining", action="store_true")
ap.add_argument("--plain", action="store_true", help="no TLS at all (no STARTTLS offered): an old MX")
ap.add_argument("--no-smtputf8", action="store_true", help="do not announce SMTPUTF8 (aiosmtpd's Controller does by default)")
a = ap.parse_args()
os.makedirs(a.spool, exist_ok=True)
credentials = dict(x.split(":", 1) for x in a.auth)
rejects = [(re.compile(r.split("=", 1)[0], re.I), r.split("=", 1)[1]) for r in a.reject]

class Handler:
    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if a.pipelining:
            responses.insert(len(responses) - 1, "250-PIPELINING")
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        for pattern, answer in rejects:
            if pattern.fullmatch(address):
                return answer
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if a.stall_after_data:
            await asyncio.sleep(3600)
        await asyncio.sleep(a.delay_after_data)
        raw = envelope.original_content or envelope.content
        name = f"{time.time():.6f}-{uuid.uuid4().hex[:8]}.eml"
        with open(os.path.join(a.spool, name), "wb") as f:
            f.write(raw)
        with open(os.path.join(a.spool, "envelopes.jsonl"), "a") as f:
            f.write(json.dumps({"file": name, "mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                                "mail_options": envelope.mail_options,
                                "auth": session.auth_data.login.decode() if session.auth_data else None,
                                "tls": session.ssl is not None}) + "\n")
        return "250 2.0.0 Ok: queued as " + name

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and credentials.get(auth_data.login.decode()) == auth_data.password.decode()
    # handled=False: aiosmtpd then answers a failure with 535 (handled=True would leave it silent).
    return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(a.cert, a.key)
# With implicit TLS aiosmtpd does not know the session is encrypted, so it must not insist on it.
options = dict(hostname=a.host, port=a.port, authenticator=authenticator if credentials else None,
               auth_required=bool(credentials), auth_require_tls=not a.implicit_tls, data_size_limit=10 * 1024 * 1024)
if a.no_smtputf8:
    options["enable_SMTPUTF8"] = False
if a.plain:
    pass
elif a.implicit_tls:
    options["ssl_context"] = context
else:
    options.update(tls_context=context, require_starttls=True)
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
controller = Controller(Handler(), **options)
controller.start()
print(f"mailsink listening on {a.host}:{a.port}", flush=True)
signal.sigwait({signal.SIGTERM, signal.SIGINT})
controller.stop()
