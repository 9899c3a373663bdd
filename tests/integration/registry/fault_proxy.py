#!/usr/bin/env python3
"""A loopback HTTP/1.1 proxy that injects faults between the helper and a registry fixture.

  fault_proxy.py --upstream 127.0.0.1:PORT --env-file FILE --log FILE
                 [--rules FILE] [--rule JSON]... [--time-limit SECONDS] [--state-dir DIR]

Listens on 127.0.0.1 only, at a free port, and forwards every request to the upstream registry as it
came (Host included, so the registry's Locations point back at the proxy). A second listener stands
for object storage: redirected blobs are served there, and it records the headers it receives. When
both listen, FILE (the env file) is written at once, as shell assignments:
  PROXY=127.0.0.1:PORT  REDIRECT_TARGET=127.0.0.1:PORT  REDIRECT_SIGNATURE=<secret query value>
The proxy stops by itself after --time-limit seconds (default 240), so a test that dies cannot leave
it running.

Rules are JSON objects (a rules file holds a list); the first rule that applies wins. Matching:
  "method": "GET"        the request method (any when absent)
  "path": "REGEX"        re.search over the request target (path and query; any when absent)
  "min_body": N          the request's Content-Length is at least N
  "nth": [1, 2]          only these matching requests, counted from 1 per rule (all when absent)
Actions:
  "status"        answer "status" at once (the registry never sees the request), with an OCI error body
                  (its code "code", else UNAVAILABLE for 5xx and TOOMANYREQUESTS below);
                  "retry_after": "2" adds a Retry-After header
  "cut_request"   forward, but close both connections after "after" bytes of the request body
  "cut_response"  forward, relay the answer's headers and "after" bytes of its body, then close
  "flip"          forward, and flip (XOR 0xff) the byte at "offset" of a 2xx answer's body
  "pad"           forward, and append "bytes" spaces to a 2xx answer's body (Content-Length adjusted)
  "drip"          forward, relaying the answer's body at "rate" bytes per second (a tenth every 0.1 s)
  "redirect"      forward; a 200 answer to a GET is kept and the client gets a 307 to the second
                  listener (/object/ID?X-Amz-Signature=...&X-Amz-Expires=300), which serves it (Range too)

Log (--log): one JSON object a line, per request: "time" (when it arrived, seconds since the epoch), "listener"
("proxy" or "target"), "method", "target", "headers" (as received, [name, value] pairs), "action"
("forward" when no fault applied), "status" (the one the client got; 0 when cut before an answer).
"""
import argparse
import asyncio
import http
import json
import os
import re
import secrets
import shutil
import signal
import sys
import tempfile
import time

CHUNK = 64 * 1024


class Rule:
    def __init__(self, spec):
        self.spec = spec
        self.method = spec.get("method")
        self.path = re.compile(spec["path"]) if "path" in spec else None
        self.min_body = spec.get("min_body")
        self.nth = spec.get("nth")
        self.action = spec["action"]
        if self.action not in ("status", "cut_request", "cut_response", "flip", "pad", "drip", "redirect"):
            sys.exit(f"fault_proxy: unknown action {self.action!r} in {spec}")
        self.count = 0

    def applies(self, method, target, headers):
        if self.method and self.method != method:
            return False
        if self.path and not self.path.search(target):
            return False
        if self.min_body is not None and int(header(headers, "content-length") or 0) < self.min_body:
            return False
        self.count += 1
        return self.nth is None or self.count in self.nth


def header(headers, name):
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


def parse_head(data):
    lines = data.decode("latin-1").split("\r\n")
    start = lines[0]
    headers = []
    for line in lines[1:]:
        if not line:
            continue
        name, _, value = line.partition(":")
        headers.append((name.strip(), value.strip()))
    return start, headers


def framing(headers, *, request, method="GET", status=200):
    """How a body is delimited: ("none",), ("length", N), ("chunked",) or ("eof",)."""
    if not request and (method == "HEAD" or status in (204, 304) or 100 <= status < 200):
        return ("none",)
    if "chunked" in (header(headers, "transfer-encoding") or "").lower():
        return ("chunked",)
    length = header(headers, "content-length")
    if length is not None:
        return ("length", int(length))
    return ("none",) if request else ("eof",)


async def body_pieces(reader, frame):
    """The payload of a body, in pieces."""
    if frame[0] == "length":
        left = frame[1]
        while left > 0:
            piece = await reader.read(min(CHUNK, left))
            if not piece:
                raise ConnectionError("body ended early")
            left -= len(piece)
            yield piece
    elif frame[0] == "chunked":
        while True:
            size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                    pass
                return
            left = size
            while left > 0:
                piece = await reader.read(min(CHUNK, left))
                if not piece:
                    raise ConnectionError("chunk ended early")
                left -= len(piece)
                yield piece
            await reader.readexactly(2)
    elif frame[0] == "eof":
        while piece := await reader.read(CHUNK):
            yield piece


def frame_piece(frame, piece):
    return b"%x\r\n%s\r\n" % (len(piece), piece) if frame[0] == "chunked" else piece


def frame_end(frame):
    return b"0\r\n\r\n" if frame[0] == "chunked" else b""


def head_bytes(start, headers):
    return (start + "\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n").encode("latin-1")


def abort(writer):
    try:
        writer.transport.abort()
    except Exception:
        pass


class Proxy:
    def __init__(self, args):
        host, _, port = args.upstream.rpartition(":")
        if host not in ("127.0.0.1", "localhost", "[::1]"):
            sys.exit(f"fault_proxy: the upstream must be a loopback address, not {args.upstream}")
        self.upstream = (host.strip("[]"), int(port))
        specs = []
        if args.rules:
            with open(args.rules) as f:
                specs += json.load(f)
        specs += [json.loads(text) for text in args.rule]
        self.rules = [Rule(spec) for spec in specs]
        self.log_file = open(args.log, "a", buffering=1)
        self.own_state_dir = not args.state_dir
        self.state_dir = args.state_dir or tempfile.mkdtemp(prefix="fault-proxy-")
        self.signature = secrets.token_hex(16)
        self.objects = {}
        self.target_port = 0

    def log(self, received, listener, method, target, headers, action, status):
        entry = {"time": received, "listener": listener, "method": method, "target": target,
                 "headers": headers, "action": action, "status": status}
        self.log_file.write(json.dumps(entry) + "\n")

    def rule_for(self, method, target, headers):
        for rule in self.rules:
            if rule.applies(method, target, headers):
                return rule
        return None

    async def serve_client(self, reader, writer):
        try:
            first = await reader.readexactly(1)
            if first == b"\x16":
                # A TLS ClientHello (the helper tries https first): answer as Go's HTTP server does,
                # so that the client falls back to plain HTTP at once.
                writer.transport.set_write_buffer_limits(0)
                writer.write(b"HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n")
                await writer.drain()
                return
            while True:
                try:
                    head = first + await reader.readuntil(b"\r\n\r\n")
                    first = b""
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    break
                if not await self.handle(head, reader, writer):
                    break
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            abort(writer)

    async def handle(self, head, reader, writer):
        """One request; returns whether the client connection can carry another one."""
        received = time.time()
        start, headers = parse_head(head)
        method, target, _ = start.split(" ", 2)
        rule = self.rule_for(method, target, headers)
        action = rule.action if rule else "forward"
        request_frame = framing(headers, request=True)
        if action == "status":
            async for _ in body_pieces(reader, request_frame):
                pass
            status = rule.spec["status"]
            code = rule.spec.get("code", "UNAVAILABLE" if status >= 500 else "TOOMANYREQUESTS")
            body = json.dumps({"errors": [{"code": code,
                                           "message": "injected by fault_proxy"}]}).encode()
            answer = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
            if "retry_after" in rule.spec:
                answer.append(("Retry-After", str(rule.spec["retry_after"])))
            writer.write(head_bytes(f"HTTP/1.1 {status} {http.HTTPStatus(status).phrase}", answer) + body)
            await writer.drain()
            self.log(received, "proxy", method, target, headers, "status", status)
            return True

        upstream_reader, upstream_writer = await asyncio.open_connection(*self.upstream)
        try:
            forwarded = [(k, v) for k, v in headers if k.lower() not in ("connection", "keep-alive")]
            upstream_writer.write(head_bytes(start, forwarded + [("Connection", "close")]))
            sent = 0
            async for piece in body_pieces(reader, request_frame):
                if action == "cut_request" and sent + len(piece) > rule.spec["after"]:
                    upstream_writer.write(frame_piece(request_frame, piece[:rule.spec["after"] - sent]))
                    await upstream_writer.drain()
                    abort(upstream_writer)
                    abort(writer)
                    self.log(received, "proxy", method, target, headers, "cut_request", 0)
                    return False
                sent += len(piece)
                upstream_writer.write(frame_piece(request_frame, piece))
                await upstream_writer.drain()
            upstream_writer.write(frame_end(request_frame))
            await upstream_writer.drain()
            if action == "cut_request":
                action = "forward"  # the body was shorter than the cut

            status_line, response_headers = parse_head(await upstream_reader.readuntil(b"\r\n\r\n"))
            status = int(status_line.split(" ")[1])
            response_frame = framing(response_headers, request=False, method=method, status=status)
            if action == "redirect" and method == "GET" and status == 200:
                return await self.redirect(upstream_reader, response_frame, response_headers, method, target,
                                           headers, writer, received)
            if action in ("redirect",) or (action in ("flip", "pad") and not 200 <= status < 300):
                action = "forward"
            padding = b" " * rule.spec["bytes"] if action == "pad" else b""
            answer = [(k, v) for k, v in response_headers if k.lower() not in ("connection", "keep-alive")]
            if padding and response_frame[0] == "length":
                answer = [(k, str(response_frame[1] + len(padding)) if k.lower() == "content-length" else v)
                          for k, v in answer]
            if response_frame[0] == "eof":
                answer.append(("Connection", "close"))
            writer.write(head_bytes(status_line, answer))
            if action == "drip":  # logged now: the client may give up before the end
                self.log(received, "proxy", method, target, headers, action, status)
            position = 0
            async for piece in body_pieces(upstream_reader, response_frame):
                if action == "flip" and position <= rule.spec["offset"] < position + len(piece):
                    index = rule.spec["offset"] - position
                    piece = piece[:index] + bytes([piece[index] ^ 0xFF]) + piece[index + 1:]
                if action == "cut_response" and position + len(piece) > rule.spec["after"]:
                    # Every byte up to the cut reaches the client, then a plain end of stream.
                    writer.transport.set_write_buffer_limits(0)
                    writer.write(frame_piece(response_frame, piece[:rule.spec["after"] - position]))
                    await writer.drain()
                    writer.close()
                    self.log(received, "proxy", method, target, headers, "cut_response", status)
                    return False
                position += len(piece)
                if action == "drip":
                    step = max(1, rule.spec["rate"] // 10)
                    for offset in range(0, len(piece), step):
                        if writer.transport.is_closing():
                            return False  # the client gave up waiting
                        writer.write(frame_piece(response_frame, piece[offset:offset + step]))
                        await writer.drain()
                        await asyncio.sleep(0.1)
                    continue
                writer.write(frame_piece(response_frame, piece))
                await writer.drain()
            if padding and response_frame[0] != "none":
                writer.write(frame_piece(response_frame, padding))
            writer.write(frame_end(response_frame))
            await writer.drain()
            if action == "cut_response":
                action = "forward"
            if action != "drip":
                self.log(received, "proxy", method, target, headers, action, status)
            return response_frame[0] != "eof"
        finally:
            abort(upstream_writer)

    async def redirect(self, upstream_reader, frame, response_headers, method, target, headers, writer, received):
        fd, path = tempfile.mkstemp(dir=self.state_dir, prefix="object-")
        with os.fdopen(fd, "wb") as f:
            async for piece in body_pieces(upstream_reader, frame):
                f.write(piece)
        key = secrets.token_hex(8)
        self.objects[key] = (path, header(response_headers, "content-type") or "application/octet-stream")
        location = (f"http://127.0.0.1:{self.target_port}/object/{key}"
                    f"?X-Amz-Signature={self.signature}&X-Amz-Expires=300")
        writer.write(head_bytes("HTTP/1.1 307 Temporary Redirect", [("Location", location), ("Content-Length", "0")]))
        await writer.drain()
        self.log(received, "proxy", method, target, headers, "redirect", 307)
        return True

    async def serve_target(self, reader, writer):
        """The redirect target: serves kept objects and records what it is sent."""
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    break
                received = time.time()
                start, headers = parse_head(head)
                method, target, _ = start.split(" ", 2)
                match = re.match(r"/object/([0-9a-f]+)\?", target)
                found = self.objects.get(match.group(1)) if match else None
                if method not in ("GET", "HEAD") or not found or self.signature not in target:
                    writer.write(head_bytes("HTTP/1.1 403 Forbidden", [("Content-Length", "0")]))
                    await writer.drain()
                    self.log(received, "target", method, target, headers, "refused", 403)
                    continue
                path, content_type = found
                size = os.path.getsize(path)
                first = 0
                status = "200 OK"
                answer = [("Content-Type", content_type)]
                if (ranged := re.match(r"bytes=(\d+)-$", header(headers, "range") or "")) and int(ranged.group(1)) < size:
                    first = int(ranged.group(1))
                    status = "206 Partial Content"
                    answer.append(("Content-Range", f"bytes {first}-{size - 1}/{size}"))
                answer.append(("Content-Length", str(size - first)))
                writer.write(head_bytes(f"HTTP/1.1 {status}", answer))
                if method == "GET":
                    with open(path, "rb") as f:
                        f.seek(first)
                        while piece := f.read(CHUNK):
                            writer.write(piece)
                            await writer.drain()
                await writer.drain()
                self.log(received, "target", method, target, headers, "serve", int(status.split()[0]))
        except ConnectionError:
            pass
        finally:
            abort(writer)


async def main(args):
    proxy = Proxy(args)
    target = await asyncio.start_server(proxy.serve_target, "127.0.0.1", 0)
    proxy.target_port = target.sockets[0].getsockname()[1]
    server = await asyncio.start_server(proxy.serve_client, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    partial = args.env_file + ".partial"
    with open(partial, "w") as f:
        f.write(f"PROXY=127.0.0.1:{port}\nREDIRECT_TARGET=127.0.0.1:{proxy.target_port}\n"
                f"REDIRECT_SIGNATURE={proxy.signature}\n")
    os.replace(partial, args.env_file)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.call_later(args.time_limit, stop.set)
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)
    await stop.wait()
    server.close()
    target.close()
    if proxy.own_state_dir:
        shutil.rmtree(proxy.state_dir, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", required=True, help="HOST:PORT of the registry (loopback)")
    parser.add_argument("--env-file", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--rules", help="a JSON file with a list of rules")
    parser.add_argument("--rule", action="append", default=[], help="one rule as JSON (repeatable)")
    parser.add_argument("--time-limit", type=float, default=240)
    parser.add_argument("--state-dir", help="where redirected objects are kept (default: a temporary directory)")
    asyncio.run(main(parser.parse_args()))
