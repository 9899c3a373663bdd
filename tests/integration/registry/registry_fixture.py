#!/usr/bin/env python3
"""Starts or stops a real registry (Debian's docker-registry, CNCF Distribution 2.8) for the tests.

  registry_fixture.py start KIND STATE_DIR    KIND: plain | tls | token | token_tls
  registry_fixture.py stop STATE_DIR

plain: HTTP on 127.0.0.1:<free port>.
tls:   HTTPS with a CA and server certificate made here (openssl; also valid for ghcr.io and
       pycontainertest.azurecr.io), htpasswd Basic auth (user "tester", password in STATE_DIR/password;
       and users for GITHUB_TOKEN and `az acr login --expose-token`).
token: HTTP, auth: token with the issuer token_issuer.py (RS256 JWTs signed by a key made here),
       and http.relativeurls: true.
token_tls: token, with the registry and the issuer both on HTTPS (certificates of the tls CA).
Writes STATE_DIR/registry.env (REGISTRY=127.0.0.1:PORT, ...) for the tests to source.
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import ssl

HERE = os.path.dirname(os.path.abspath(__file__))
ACR_HOST = "pycontainertest.azurecr.io"
# htpasswd users of the tls registry standing for cloud credentials: GITHUB_TOKEN's (user
# GITHUB_ACTOR, else x-access-token) and `az acr login --expose-token`'s (the null GUID).
GITHUB_TOKEN = "ghp_pycontainerTestT0ken0000000000000000"
GITHUB_ACTOR = "pycontainer-bot"
ACR_USER = "00000000-0000-0000-0000-000000000000"
ACR_TOKEN = "eyJhbGciOiJSUzI1NiJ9.pycontainer-acr-test-token.c2lnbmF0dXJl"


def need(tool, package):
    if shutil.which(tool) is None:
        sys.exit(f"FAIL: '{tool}' is not installed (Debian package: {package}; tests/install-deps.sh installs it)")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*argv):
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def make_ca(state):
    need("openssl", "openssl")
    ca_key, ca_crt = f"{state}/ca.key", f"{state}/ca.crt"
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca_crt,
        "-days", "2", "-subj", "/CN=pycontainer test CA")
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{state}/server.key",
        "-out", f"{state}/server.csr", "-subj", "/CN=127.0.0.1")
    with open(f"{state}/san.ext", "w") as f:
        # Also the cloud registries the tests reach here with --connect-to.
        f.write(f"subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:ghcr.io,DNS:{ACR_HOST}\n"
                "extendedKeyUsage=serverAuth\n")
    run("openssl", "x509", "-req", "-in", f"{state}/server.csr", "-CA", ca_crt, "-CAkey", ca_key,
        "-CAcreateserial", "-out", f"{state}/server.crt", "-days", "2", "-extfile", f"{state}/san.ext")


def wait_for(url, context=None, pid=None, log=None):
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1, context=context)
            return
        except urllib.error.HTTPError:
            return  # any HTTP answer (401) means it is up
        except Exception:
            time.sleep(0.1)
    sys.exit(f"FAIL: nothing answers at {url}; log:\n" + (open(log).read() if log else ""))


def start(kind, state):
    need("docker-registry", "docker-registry")
    shutil.rmtree(state, ignore_errors=True)
    os.makedirs(state)
    port = free_port()
    env = {"REGISTRY": f"127.0.0.1:{port}", "REGISTRY_KIND": kind, "STATE": state}
    config = [
        "version: 0.1",
        "log:",
        "  level: info",
        "storage:",
        "  filesystem:",
        f"    rootdirectory: {state}/data",
        "  delete:",
        "    enabled: true",
        "http:",
        f"  addr: 127.0.0.1:{port}",
        f"  secret: pycontainer-test-secret",
    ]
    tls = kind in ("tls", "token_tls")
    scheme = "https" if tls else "http"
    context = None
    if tls:
        make_ca(state)
        config += ["  tls:", f"    certificate: {state}/server.crt", f"    key: {state}/server.key"]
        context = ssl.create_default_context(cafile=f"{state}/ca.crt")
        env.update(CA_FILE=f"{state}/ca.crt")
    if kind == "tls":
        need("htpasswd", "apache2-utils")
        password = "s3cret-Passw0rd-tls"
        with open(f"{state}/password", "w") as f:
            f.write(password)
        with open(f"{state}/htpasswd", "w") as f:
            for user, secret in (("tester", password), ("x-access-token", GITHUB_TOKEN), (GITHUB_ACTOR, GITHUB_TOKEN),
                                 (ACR_USER, ACR_TOKEN)):
                f.write(subprocess.run(["htpasswd", "-Bbn", user, secret], check=True, capture_output=True,
                                       text=True).stdout.strip() + "\n")
        config += ["auth:", "  htpasswd:", "    realm: pycontainer-test", f"    path: {state}/htpasswd"]
        env.update(REGISTRY_USER="tester", REGISTRY_SECRET=password, GITHUB_TEST_TOKEN=GITHUB_TOKEN,
                   GITHUB_TEST_ACTOR=GITHUB_ACTOR, ACR_HOST=ACR_HOST, ACR_TEST_TOKEN=ACR_TOKEN)
    elif kind in ("token", "token_tls"):
        need("openssl", "openssl")
        try:
            import jwt  # noqa: F401
            import cryptography  # noqa: F401
        except ImportError:
            sys.exit("FAIL: python3 modules jwt and cryptography are missing "
                     "(Debian packages: python3-jwt python3-cryptography; tests/install-deps.sh installs them)")
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{state}/token.key",
            "-out", f"{state}/token.crt", "-days", "2", "-subj", "/CN=pycontainer test token issuer")
        token_port = free_port()
        password = "s3cret-Passw0rd-token"
        refresh = "refresh-t0ken-identity-secret"
        with open(f"{state}/password", "w") as f:
            f.write(password)
        issuer_log = open(f"{state}/issuer.log", "w")
        issuer_tls = [f"{state}/server.crt", f"{state}/server.key"] if tls else []
        issuer = subprocess.Popen(
            [sys.executable, f"{HERE}/token_issuer.py", str(token_port), f"{state}/token.key", "tester", password,
             refresh, f"{state}/issuer-requests.log"] + issuer_tls,
            stdout=issuer_log, stderr=subprocess.STDOUT, start_new_session=True)
        with open(f"{state}/issuer.pid", "w") as f:
            f.write(str(issuer.pid))
        realm = f"{scheme}://127.0.0.1:{token_port}/token"
        wait_for(f"{scheme}://127.0.0.1:{token_port}/health", context=context, log=f"{state}/issuer.log")
        config += ["  relativeurls: true",
                   "auth:", "  token:", f"    realm: {realm}",
                   "    service: pycontainer-test-registry", "    issuer: pycontainer-test-issuer",
                   f"    rootcertbundle: {state}/token.crt"]
        env.update(TOKEN_REALM=realm, REGISTRY_USER="tester",
                   REGISTRY_SECRET=password, REFRESH_TOKEN=refresh, TOKEN_KEY=f"{state}/token.key")
    with open(f"{state}/config.yml", "w") as f:
        f.write("\n".join(config) + "\n")
    log = open(f"{state}/registry.log", "w")
    process = subprocess.Popen(["docker-registry", "serve", f"{state}/config.yml"], stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    with open(f"{state}/registry.pid", "w") as f:
        f.write(str(process.pid))
    wait_for(f"{scheme}://127.0.0.1:{port}/v2/", context=context, log=f"{state}/registry.log")
    with open(f"{state}/registry.env", "w") as f:
        for key, value in env.items():
            f.write(f"{key}={value}\n")
    print(f"registry ({kind}) on {scheme}://127.0.0.1:{port}")


def stop(state):
    for name in ("registry.pid", "issuer.pid"):
        path = os.path.join(state, name)
        if os.path.exists(path):
            pid = int(open(path).read())
            try:
                os.killpg(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            os.remove(path)


if __name__ == "__main__":
    if sys.argv[1] == "start":
        start(sys.argv[2], sys.argv[3])
    else:
        stop(sys.argv[2])
