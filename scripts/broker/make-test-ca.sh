#!/usr/bin/env bash
# Makes a throw-away CA and a broker certificate for HOST (default localhost,
# also valid for 127.0.0.1) in DIR, for tests and first trials. Production
# should use its own CA.  Usage: make-test-ca.sh DIR [HOST]
set -euo pipefail
dir="${1:?usage: make-test-ca.sh DIR [HOST]}"
host="${2:-localhost}"
mkdir -p "$dir"
cd "$dir"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=Posture Guard test CA" \
  -keyout ca.key -out ca.crt 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=$host" -keyout broker.key -out broker.csr 2>/dev/null
printf 'subjectAltName=DNS:%s,DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' "$host" > san.ext
openssl x509 -req -in broker.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 \
  -extfile san.ext -out broker.crt 2>/dev/null
rm -f broker.csr san.ext ca.srl
chmod 644 ca.crt broker.crt broker.key
echo "$dir: ca.crt broker.crt broker.key"
