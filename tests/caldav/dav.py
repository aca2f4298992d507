# SPDX-License-Identifier: MPL-2.0
"""Small WebDAV/CalDAV client for tests/caldav/run.sh (standard library only, so the
test reads the server independently of tavle's libcurl/libxml2 code).

usage: dav.py free-port
       dav.py mkcalendar URL USER PASSWORD
       dav.py uids URL USER PASSWORD        server's items: one UID per line, sorted;
                                            fails unless every resource is one VEVENT
                                            with a VTIMEZONE and named <UID>.ics
       dav.py tamper URL USER PASSWORD UID  change the SUMMARY of UID's resource as
                                            another client would (If-Match its ETag)
       dav.py export-uids FILE              UIDs of non-cancelled VEVENTs of an export
       dav.py changed OLD NEW               UIDs whose VEVENT differs (DTSTAMP aside)
       dav.py fake-server PORT              a minimal CalDAV server without auth that
                                            answers with other namespace prefixes
                                            ("D:", "cal:"), absolute-URL hrefs and a
                                            404 propstat, as some servers do
"""
import base64
import socket
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

DAV = "{DAV:}"
CAL = "{urn:ietf:params:xml:ns:caldav}"


def req(method, url, user, password, body=None, headers=None):
    h = dict(headers or {})
    tok = base64.b64encode(f"{user}:{password}".encode()).decode()
    h["Authorization"] = "Basic " + tok
    data = body.encode() if isinstance(body, str) else body
    r = urllib.request.Request(url, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(r, timeout=20) as resp:
            return resp.status, resp.read().decode(), dict(resp.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace"), dict(e.headers)


def unfold(text):
    return text.replace("\r\n ", "").replace("\r\n\t", "").replace("\r\n", "\n")


def events(text):
    """VEVENT blocks (unfolded lines) of a calendar text, by UID."""
    out = {}
    cur = None
    for line in unfold(text).split("\n"):
        if line == "BEGIN:VEVENT":
            cur = []
        elif line == "END:VEVENT" and cur is not None:
            uid = next(x[4:] for x in cur if x.startswith("UID:"))
            out[uid] = cur
            cur = None
        elif cur is not None:
            cur.append(line)
    return out


def listing(url, user, password):
    body = ('<?xml version="1.0" encoding="utf-8"?>'
            '<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
            '<D:prop><D:getetag/><C:calendar-data/></D:prop>'
            '<C:filter><C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>')
    code, text, _ = req("REPORT", url, user, password, body,
                        {"Depth": "1", "Content-Type": "application/xml"})
    if code != 207:
        sys.exit(f"REPORT {url}: HTTP {code}")
    items = []
    for r in ET.fromstring(text).iter(DAV + "response"):
        href = urllib.parse.unquote(r.find(DAV + "href").text)
        data = r.find(".//" + CAL + "calendar-data")
        etag = r.find(".//" + DAV + "getetag")
        if data is None or data.text is None:
            continue
        items.append((href, data.text, etag.text if etag is not None else None))
    return items


def fake_server(port):
    import hashlib
    from http.server import BaseHTTPRequestHandler, HTTPServer
    items = {}  # decoded path -> (etag, body)

    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def reply(self, code, body=b"", headers=()):
            self.send_response(code)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def body(self):
            n = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(n)

        def do_PROPFIND(self):
            self.body()
            path = urllib.parse.unquote(self.path)
            if path != "/cal/":
                return self.reply(404)
            base = f"http://127.0.0.1:{port}"
            out = ['<?xml version="1.0"?><D:multistatus xmlns:D="DAV:" '
                   'xmlns:cal="urn:ietf:params:xml:ns:caldav">',
                   f'<D:response><D:href>{base}/cal/</D:href><D:propstat><D:prop>'
                   '<D:resourcetype><D:collection/><cal:calendar/></D:resourcetype>'
                   '</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>'
                   '</D:response>']
            for p, (etag, _) in sorted(items.items()):
                out.append(f'<D:response><D:href>{urllib.parse.quote(p)}</D:href>'
                           '<D:propstat><D:prop><D:getetag>' + etag + '</D:getetag>'
                           '<D:resourcetype/></D:prop><D:status>HTTP/1.1 200 OK'
                           '</D:status></D:propstat><D:propstat><D:prop><D:displayname/>'
                           '</D:prop><D:status>HTTP/1.1 404 Not Found</D:status>'
                           '</D:propstat></D:response>')
            out.append("</D:multistatus>")
            self.reply(207, "".join(out).encode(),
                       [("Content-Type", "application/xml; charset=utf-8")])

        def do_PUT(self):
            data = self.body()
            path = urllib.parse.unquote(self.path)
            cur = items.get(path)
            if self.headers.get("If-None-Match") == "*" and cur:
                return self.reply(412)
            im = self.headers.get("If-Match")
            if im and (not cur or (im != "*" and im != cur[0])):
                return self.reply(412)
            etag = '"' + hashlib.sha1(data).hexdigest() + '"'
            items[path] = (etag, data)
            self.reply(204 if cur else 201, b"", [("ETag", etag)])

        def do_DELETE(self):
            path = urllib.parse.unquote(self.path)
            cur = items.get(path)
            if not cur:
                return self.reply(404)
            im = self.headers.get("If-Match")
            if im and im != cur[0]:
                return self.reply(412)
            del items[path]
            self.reply(204)

    HTTPServer(("127.0.0.1", port), H).serve_forever()


def main(argv):
    cmd = argv[1]
    if cmd == "free-port":
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])
        s.close()
    elif cmd == "fake-server":
        fake_server(int(argv[2]))
    elif cmd == "mkcalendar":
        code, text, _ = req("MKCALENDAR", argv[2], argv[3], argv[4])
        if code != 201:
            sys.exit(f"MKCALENDAR: HTTP {code} {text[:200]}")
    elif cmd == "uids":
        uids = []
        for href, data, _ in listing(argv[2], argv[3], argv[4]):
            ev = events(data)
            u = unfold(data)
            if len(ev) != 1 or u.count("BEGIN:VTIMEZONE") != 1 or "BEGIN:VTODO" in u:
                sys.exit(f"{href}: not one VEVENT with its VTIMEZONE")
            uid = next(iter(ev))
            if not href.endswith("/" + uid + ".ics"):
                sys.exit(f"{href}: resource not named after UID {uid}")
            if any(x == "STATUS:CANCELLED" for x in ev[uid]):
                sys.exit(f"{href}: a cancelled tombstone was published")
            uids.append(uid)
        print("\n".join(sorted(uids)))
    elif cmd == "tamper":
        url, user, password, uid = argv[2:6]
        for href, data, etag in listing(url, user, password):
            if uid in events(data):
                new = data.replace("SUMMARY:", "SUMMARY:Changed elsewhere ", 1)
                target = urllib.parse.urljoin(url, urllib.parse.quote(href))
                code, text, _ = req("PUT", target, user, password, new,
                                    {"Content-Type": "text/calendar", "If-Match": etag})
                if code // 100 != 2:
                    sys.exit(f"tamper PUT: HTTP {code} {text[:200]}")
                return
        sys.exit(f"tamper: {uid} not on the server")
    elif cmd == "export-uids":
        text = open(argv[2], encoding="utf-8").read()
        ev = events(text)
        print("\n".join(sorted(u for u, lines in ev.items()
                               if "STATUS:CANCELLED" not in lines)))
    elif cmd == "changed":
        old = events(open(argv[2], encoding="utf-8").read())
        new = events(open(argv[3], encoding="utf-8").read())

        def strip(lines):
            return [x for x in lines if not x.startswith("DTSTAMP:")]
        print("\n".join(sorted(u for u in new if u in old and
                               "STATUS:CANCELLED" not in new[u] and
                               strip(old[u]) != strip(new[u]))))
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
