#!/usr/bin/env python3
"""A DNS server on loopback for Reach's tests (dnslib), answering over UDP and TCP from a zone
file in BIND format that it re-reads whenever the file changes, so tests can add records
(a DKIM key they just made) while it runs. Names not in the file get NXDOMAIN. UDP answers
over 512 bytes are truncated, as many resolvers do, so clients must retry over TCP."""
import argparse, os, threading, time
from dnslib import RR, QTYPE, RCODE
from dnslib.server import DNSServer, DNSHandler, DNSLogger, BaseResolver

ap = argparse.ArgumentParser()
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--zone", required=True)
a = ap.parse_args()

class FileResolver(BaseResolver):
    def __init__(self, path):
        self.path, self.mtime, self.records, self.lock = path, None, [], threading.Lock()

    def load(self):
        mtime = os.stat(self.path).st_mtime_ns
        with self.lock:
            if mtime != self.mtime:
                with open(self.path) as f:
                    self.records = RR.fromZone(f.read())
                self.mtime = mtime
            return self.records

    def resolve(self, request, handler):
        reply = request.reply()
        qname, qtype = request.q.qname, QTYPE[request.q.qtype]
        records = self.load()
        names = [rr for rr in records if rr.rname == qname]
        for rr in names:
            if QTYPE[rr.rtype] == qtype or qtype == "ANY" or (QTYPE[rr.rtype] == "CNAME" and qtype != "CNAME"):
                reply.add_answer(rr)
        if not names:
            reply.header.rcode = RCODE.NXDOMAIN
        return reply

class Handler(DNSHandler):
    udplen = 512

resolver = FileResolver(a.zone)
quiet = DNSLogger(log="-request,-reply,-truncated", logf=lambda line: None)
for tcp in (False, True):
    DNSServer(resolver, address="127.0.0.1", port=a.port, tcp=tcp, handler=Handler, logger=quiet).start_thread()
print("listening", flush=True)
while True:
    time.sleep(3600)
