"""What the PyPI package email-validator says of addresses, for comparison with Reach's verification.

Reads a JSON array of addresses on stdin; with --dns-port it also checks deliverability against
that DNS server on 127.0.0.1 (the tests' zone). Writes one JSON object per address:
  {"address", "syntax": bool, "reason": str|null, "deliverable": bool|null}
The tests' domains end in .test, a special-use name email-validator refuses by default; it is
allowed here so that both tools judge the same zone.
"""
import argparse
import json
import sys

import dns.resolver
import email_validator

ap = argparse.ArgumentParser()
ap.add_argument("--dns-port", type=int)
a = ap.parse_args()

email_validator.SPECIAL_USE_DOMAIN_NAMES = [d for d in email_validator.SPECIAL_USE_DOMAIN_NAMES if d != "test"]
resolver = None
if a.dns_port:
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = ["127.0.0.1"]
    resolver.port = a.dns_port
    resolver.timeout = resolver.lifetime = 10

out = []
for address in json.load(sys.stdin):
    entry = {"address": address, "syntax": False, "reason": None, "deliverable": None}
    try:
        email_validator.validate_email(address, check_deliverability=False)
        entry["syntax"] = True
    except email_validator.EmailNotValidError as error:
        entry["reason"] = str(error)
    if entry["syntax"] and resolver is not None:
        try:
            email_validator.validate_email(address, check_deliverability=True, dns_resolver=resolver)
            entry["deliverable"] = True
        except email_validator.EmailUndeliverableError as error:
            entry["deliverable"] = False
            entry["reason"] = str(error)
    out.append(entry)
json.dump(out, sys.stdout)
