"""A mirror of the pinned upstream data over HTTP on 127.0.0.1, laid out by upstream host and path.

It serves a directory laid out by item (``../shared/upstream``) the way Artifactory or Nexus serve a remote
repository: ``GET /<host>/<path>`` of every URL in ``upstream_pins`` returns the file the pin names. The bytes are
the pinned ones, so every checksum matches, unless a test asks otherwise:

- ``tamper``: keys (``<item>/<path>``) whose first byte is flipped;
- ``drop``: keys whose response announces the full length and closes the connection halfway;
- ``requests``: every path asked for, so a test can check that a second run asks for nothing.

    python tests/support/mirror.py DIR [--port N]     serve DIR until interrupted (prints the base URL)
"""

from __future__ import annotations

import argparse
import http.server
import os
import sys
import threading
from urllib.parse import urlsplit

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "..", ".collections"))

from ansible_collections.platform.runtime.plugins.module_utils import upstream_pins  # noqa: E402


def layout(src):
    """{'/<host>/<path>': (key, file)} for every pinned file, read from ``src`` laid out by item."""
    out = {}
    for item in upstream_pins.SOURCES:
        for path, url, _sha in upstream_pins.files(item):
            parts = urlsplit(url)
            out["/" + parts.netloc + parts.path] = (f"{item}/{path}", os.path.join(src, item, path))
    return out


class Mirror:
    def __init__(self, src, port=0):
        self.files = layout(src)
        self.tamper, self.drop, self.requests = set(), set(), []
        mirror = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802 - http.server's name
                mirror.requests.append(self.path)
                entry = mirror.files.get(self.path)
                if not entry or not os.path.isfile(entry[1]):
                    self.send_error(404)
                    return
                key, path = entry
                with open(path, "rb") as f:
                    body = f.read()
                if key in mirror.tamper:
                    body = bytes([body[0] ^ 1]) + body[1:]
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if key in mirror.drop:
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    with Mirror(os.path.abspath(args.src), args.port) as m:
        print(m.url, flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
