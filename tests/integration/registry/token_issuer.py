#!/usr/bin/env python3
"""A small token server for Distribution's `auth: token` (docs: distribution/docs/spec/auth/token.md).

  token_issuer.py PORT SIGNING_KEY USER PASSWORD REFRESH_TOKEN REQUEST_LOG [TLS_CERT TLS_KEY]

GET /token?service=..&scope=.. with Basic USER:PASSWORD grants the scopes asked for; without
credentials it grants pull only; wrong credentials get 401. POST /token with
grant_type=refresh_token&refresh_token=REFRESH_TOKEN (Docker's identity-token flow) grants all.
Tokens are RS256 JWTs whose "kid" is the libtrust key ID of the signing key, as the registry's
rootcertbundle expects. Each request (method, path, whether credentials came) is appended to
REQUEST_LOG. With TLS_CERT and TLS_KEY it serves HTTPS.
"""
import base64
import hashlib
import json
import ssl
import sys
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives import serialization

PORT, KEY_FILE, USER, PASSWORD, REFRESH, LOG = sys.argv[1:7]
KEY = serialization.load_pem_private_key(open(KEY_FILE, "rb").read(), password=None)
DER = KEY.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
_b32 = base64.b32encode(hashlib.sha256(DER).digest()[:30]).decode().rstrip("=")
KID = ":".join(_b32[i:i + 4] for i in range(0, len(_b32), 4))


def make_token(service, scopes, allow_push):
    access = []
    for scope in scopes:
        parts = scope.split(":")
        if len(parts) < 3:
            continue
        kind, name, actions = parts[0], ":".join(parts[1:-1]), parts[-1].split(",")
        granted = [a for a in actions if a == "pull" or (allow_push and a in ("push", "delete", "*"))]
        access.append({"type": kind, "name": name, "actions": granted})
    now = int(time.time())
    claims = {"iss": "pycontainer-test-issuer", "sub": USER, "aud": service, "exp": now + 300, "nbf": now - 10,
              "iat": now, "jti": uuid.uuid4().hex, "access": access}
    return jwt.encode(claims, KEY, algorithm="RS256", headers={"kid": KID})


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def record(self, what):
        with open(LOG, "a") as f:
            f.write(what + "\n")

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        if url.path == "/health":
            return self.reply(200, {})
        query = urllib.parse.parse_qs(url.query)
        header = self.headers.get("Authorization", "")
        authenticated = False
        if header.startswith("Basic "):
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
            if (user, password) != (USER, PASSWORD):
                self.record("GET denied")
                return self.reply(401, {"errors": [{"code": "UNAUTHORIZED", "message": "bad credentials"}]})
            authenticated = True
        self.record(f"GET {'basic' if authenticated else 'anonymous'} {' '.join(query.get('scope', []))}")
        token = make_token(query.get("service", [""])[0], query.get("scope", []), authenticated)
        self.reply(200, {"token": token, "expires_in": 300, "issued_at": time.strftime("%Y-%m-%dT%H:%M:%SZ")})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        if form.get("grant_type") != ["refresh_token"] or form.get("refresh_token") != [REFRESH]:
            self.record("POST denied")
            return self.reply(401, {"error": "invalid_grant"})
        self.record(f"POST refresh_token {' '.join(form.get('scope', []))}")
        token = make_token(form.get("service", [""])[0], form.get("scope", []), True)
        self.reply(200, {"access_token": token, "expires_in": 300, "refresh_token": REFRESH})


server = ThreadingHTTPServer(("127.0.0.1", int(PORT)), Handler)
if len(sys.argv) == 9:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[7], sys.argv[8])
    server.socket = context.wrap_socket(server.socket, server_side=True)
server.serve_forever()
