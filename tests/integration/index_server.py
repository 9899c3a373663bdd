"""A package index on 127.0.0.1 for tests/integration/package_index.sh that demands HTTP Basic auth.

Serves the files of ROOT; a directory answers with its index.json (PEP 691,
application/vnd.pypi.simple.v1+json) when the Accept header asks for that, else its index.html. Every
request is appended to LOG (method, path, whether it was authorised). Writes the port it listens on to
PORT_FILE once it is ready.

With CERT and KEY (PEM), it speaks HTTPS.

usage: index_server.py ROOT PORT_FILE LOG USER PASSWORD [CERT KEY]
"""
import base64
import http.server
import os
import ssl
import sys

root, port_file, log, user, password = sys.argv[1:6]
expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        authorised = self.headers.get("Authorization") == expected
        with open(log, "a") as out:
            out.write(f"GET {self.path} {'authorised' if authorised else 'anonymous'}\n")
        if not authorised:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="index"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        path = os.path.join(root, self.path.split("?")[0].lstrip("/"))
        content_type = "application/octet-stream"
        if os.path.isdir(path):
            if "application/vnd.pypi.simple.v1+json" in self.headers.get("Accept", ""):
                path, content_type = os.path.join(path, "index.json"), "application/vnd.pypi.simple.v1+json"
            else:
                path, content_type = os.path.join(path, "index.html"), "text/html"
        if not os.path.isfile(path):
            self.send_error(404)
            return
        with open(path, "rb") as f:
            body = f.read()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
if len(sys.argv) > 7:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[6], sys.argv[7])
    server.socket = context.wrap_socket(server.socket, server_side=True)
with open(port_file + ".tmp", "w") as out:
    out.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
