#!/usr/bin/env bash
# The Python tools the tests use (from PyPI), in a virtual environment kept under .build-tools/.
# Prints the environment's bin directory.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build-tools/venv
if [ ! -x "$venv/bin/st" ] || [ ! -x "$venv/bin/openapi-spec-validator" ] || ! "$venv/bin/python" -c "import aiosmtpd, dkim, dnslib, mcp, jsonschema, email_validator" 2>/dev/null; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q --disable-pip-version-check schemathesis openapi-spec-validator aiosmtpd dkimpy dnslib "mcp==2.3.0" jsonschema "email-validator==2.4.0" >&2
fi
echo "$(pwd)/$venv/bin"
