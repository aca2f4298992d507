#!/usr/bin/python3
# SPDX-License-Identifier: MPL-2.0
# Misbehaving WebDAV servers for tests/dav/run.sh (standard library only), on
# 127.0.0.1:PORT until killed:
#   fake.py free-port                 print a free TCP port on 127.0.0.1
#   fake.py serve PORT REPORT LOG     answers by the path's first segment:
#     /cut/  PROPFIND: a 207 whose Content-Length promises the whole multistatus, half
#            of it sent, then the connection closed
#     /eof/  PROPFIND: a 207 without Content-Length (the body ends with the connection),
#            half the multistatus, then closed
#            Both halves hold one complete <response> for NAME.json, served by GET
#            from the file REPORT: a client that used the half listing would import it.
#     /odd/  PROPFIND: a listing in other forms (prefix "x:"): the folder and "råd a.json" as absolute
#            URLs (percent-encoded), "b.json" relative, a sub-folder, a sub-folder
#            named x.json, notes.txt and .hidden.json; GET of råd a.json and b.json
#            gives REPORT with the CVR numbers 29180040 and 29180059
#     /nomove/  a folder without MOVE (405): PUT stores, DELETE removes, GET reads,
#            in memory
#   Each request is logged to LOG as "METHOD PATH STATUS" (the path decoded).
import http.server
import json
import socket
import sys
import urllib.parse


def listing(folder):
    return ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            "<D:multistatus xmlns:D=\"DAV:\">\n"
            "<D:response><D:href>%s</D:href><D:propstat><D:prop><D:resourcetype>"
            "<D:collection/></D:resourcetype></D:prop><D:status>HTTP/1.1 200 OK</D:status>"
            "</D:propstat></D:response>\n"
            "<D:response><D:href>%s29180040.json</D:href><D:propstat><D:prop>"
            "<D:resourcetype/></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>"
            "</D:response>\n"
            "<D:response><D:href>%s29180059.json</D:href><D:propstat><D:prop>"
            "<D:resourcetype/></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>"
            "</D:response>\n"
            "</D:multistatus>\n" % (folder, folder, folder)).encode()


def odd_listing(port):
    base = "http://127.0.0.1:%d" % port

    def resp(href, collection):
        rt = "<x:collection/>" if collection else ""
        return ("<x:response><x:href>%s</x:href><x:propstat><x:prop><x:resourcetype>%s"
                "</x:resourcetype></x:prop><x:status>HTTP/1.1 200 OK</x:status>"
                "</x:propstat></x:response>" % (href, rt))
    return ("<?xml version=\"1.0\"?><x:multistatus xmlns:x=\"DAV:\">" +
            resp(base + "/odd/", True) + resp(base + "/odd/r%C3%A5d%20a.json", False) +
            resp("b.json", False) + resp("/odd/sub/", True) + resp("/odd/x.json/", True) +
            resp("/odd/notes.txt", False) + resp("/odd/.hidden.json", False) +
            "</x:multistatus>").encode()


def serve(port, report, log):
    store = {}

    class H(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def note(self, code):
            with open(log, "a") as f:
                f.write("%s %s %d\n" % (self.command, urllib.parse.unquote(self.path), code))

        def body(self):
            n = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(n) if n else b""

        def send(self, code, data=b"", headers=()):
            self.note(code)
            self.send_response(code)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_PROPFIND(self):
            self.body()
            seg = self.path.strip("/").split("/")[0]
            if seg in ("cut", "eof"):
                whole = listing("/%s/" % seg)
                half = whole[: len(whole) * 6 // 10]
                self.note(207)
                self.send_response(207)
                self.send_header("Content-Type", "application/xml; charset=utf-8")
                if seg == "cut":
                    self.send_header("Content-Length", str(len(whole)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(half)
                self.wfile.flush()
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            if seg == "odd":
                self.send(207, odd_listing(port))
                return
            self.send(404)

        def do_GET(self):
            path = urllib.parse.unquote(self.path)
            if self.path.endswith(".json") and self.path.startswith(("/cut/", "/eof/")):
                self.send(200, open(report, "rb").read())
            elif path in ("/odd/råd a.json", "/odd/b.json"):
                r = json.load(open(report))
                r["board"]["cvr"] = "29180040" if "råd" in path else "29180059"
                r["board"]["authority"] = path
                self.send(200, json.dumps(r).encode())
            elif self.path in store:
                self.send(200, store[self.path])
            else:
                self.send(404)

        def do_PUT(self):
            data = self.body()
            if not self.path.startswith("/nomove/"):
                self.send(409)
                return
            created = self.path not in store
            store[self.path] = data
            self.send(201 if created else 204)

        def do_MOVE(self):
            self.send(405, headers=(("Allow", "GET, PUT, DELETE, PROPFIND"),))

        def do_DELETE(self):
            if self.path in store:
                del store[self.path]
                self.send(204)
            else:
                self.send(404)

    class S(http.server.ThreadingHTTPServer):
        daemon_threads = True

    S(("127.0.0.1", port), H).serve_forever()


def main(argv):
    if len(argv) >= 2 and argv[1] == "free-port":
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])
        s.close()
    elif len(argv) == 5 and argv[1] == "serve":
        serve(int(argv[2]), argv[3], argv[4])
    else:
        sys.stderr.write("usage: fake.py free-port | serve PORT REPORT LOG\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
