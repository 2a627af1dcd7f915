"""Small hostile HTTP(S) endpoints for tests/e2e/test_hostile.py.

Everything listens on loopback and runs in daemon threads. A `Server` reads
one request per connection (request line, headers, Content-Length body),
records it, hands the socket to a behaviour function and closes it.

`FakeControl` is a well-behaved companion: the control (fixture) API of
SPEC §4 backed by an in-memory store, plus a minimal json-2017
RejectAssignment that changes that store (no signature check: it is only
used behind TLS or HTTP/1.0 framing, to show a correct answer still passes).
The hostile endpoint answers the runner's preflight (GET / without a query)
normally and misbehaves on every operation request.
"""
import json
import socket
import ssl
import threading
import time
import urllib.parse


class Request:
    def __init__(self, method, target, version, headers, body):
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers  # list of (name, value)
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    @property
    def path(self):
        return self.target.split("?", 1)[0]

    @property
    def query(self):
        return self.target.split("?", 1)[1] if "?" in self.target else ""

    def is_preflight(self):
        return self.method == "GET" and self.target == "/"

    def credentials(self):
        """Authorization header and legacy Signature values it carries."""
        found = []
        auth = self.header("Authorization")
        if auth:
            found.append(("Authorization", auth))
        for src in (self.query, self.body.decode("latin-1")):
            for k, v in urllib.parse.parse_qsl(src, keep_blank_values=True):
                if k in ("Signature", "AWSAccessKeyId"):
                    found.append((k, v))
        return found


def read_request(sock, limit=1 << 20):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
        if len(data) > limit:
            return None
    head, rest = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) < 2:
        return None
    headers = []
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers.append((k.strip(), v.strip()))
    req = Request(parts[0], parts[1], parts[2] if len(parts) > 2 else "",
                  headers, b"")
    n = int(req.header("Content-Length") or 0)
    while len(rest) < n:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    req.body = rest[:n]
    return req


def send_response(sock, status, body, ctype="text/plain", extra=(),
                  version="HTTP/1.1", length=True):
    if isinstance(body, str):
        body = body.encode()
    head = "%s %d X\r\nContent-Type: %s\r\nConnection: close\r\n" % (
        version, status, ctype)
    if length:
        head += "Content-Length: %d\r\n" % len(body)
    for k, v in extra:
        head += "%s: %s\r\n" % (k, v)
    sock.sendall(head.encode() + b"\r\n" + body)


class Server:
    """Threaded one-request-per-connection server on 127.0.0.x:0."""

    def __init__(self, behaviour, host="127.0.0.1", tls=None):
        self.behaviour = behaviour
        self.host = host
        self.requests = []
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.tls = None
        if tls:
            cert, key = tls
            self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.tls.load_cert_chain(cert, key)
        self.scheme = "https" if tls else "http"
        self.url = "%s://%s:%d/" % (self.scheme, host, self.port)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            threading.Thread(target=self._handle, args=(conn,),
                             daemon=True).start()

    def _handle(self, conn):
        try:
            conn.settimeout(10)
            if self.tls:
                try:
                    conn = self.tls.wrap_socket(conn, server_side=True)
                except (ssl.SSLError, OSError):
                    return  # the client refused our certificate
            req = read_request(conn)
            if req is None:
                return
            with self.lock:
                self.requests.append(req)
            self.behaviour(self, conn, req)
        except (OSError, ssl.SSLError):
            pass  # the client hung up on us: expected for most behaviours
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def stop(self):
        self.stopping.set()
        self.sock.close()
        self.thread.join(timeout=5)

    def credentials_seen(self):
        with self.lock:
            return [c for r in self.requests for c in r.credentials()]


# --- a well-behaved control API and json-2017 RejectAssignment --------------

class FakeControl:
    def __init__(self):
        self.lock = threading.Lock()
        self.assignments = {}
        self.counter = 0
        self.server = Server(self.behaviour)
        self.url = self.server.url + "_raconform/"

    def stop(self):
        self.server.stop()

    def behaviour(self, server, conn, req):
        if req.path.startswith("/_raconform/"):
            self.control(conn, req)
        elif req.is_preflight():
            send_response(conn, 200, "fake\n")
        else:
            self.reject_json(conn, req)

    def control(self, conn, req):
        rest = req.path[len("/_raconform/"):]
        with self.lock:
            if req.method == "POST" and rest == "assignments":
                spec = json.loads(req.body or b"{}")
                self.counter += 1
                aid = "3HOSTILE%022d" % self.counter
                self.assignments[aid] = {
                    "AssignmentId": aid, "owner": spec.get("owner"),
                    "status": spec.get("status", "Submitted"),
                    "RequesterFeedback": None}
                send_response(conn, 201, json.dumps({"AssignmentId": aid}),
                              "application/json")
            elif req.method == "GET" and rest.startswith("assignments/"):
                a = self.assignments.get(rest[len("assignments/"):])
                if a is None:
                    send_response(conn, 404, "{}", "application/json")
                else:
                    send_response(conn, 200, json.dumps(a),
                                  "application/json")
            elif req.method == "POST" and rest == "reset":
                self.assignments.clear()
                send_response(conn, 204, "")
            else:
                send_response(conn, 404, "{}", "application/json")

    def apply_reject(self, req):
        """(status, body) of a json-2017 RejectAssignment against the store."""
        try:
            body = json.loads(req.body)
        except ValueError:
            return 400, {"__type": "SerializationException", "Message": "x"}
        with self.lock:
            a = self.assignments.get(body.get("AssignmentId"))
            if a is None or a["status"] != "Submitted":
                return 400, {"__type": "RequestError", "Message": "no",
                             "TurkErrorCode":
                                 "AWS.MechanicalTurk.AssignmentDoesNotExist"}
            a["status"] = "Rejected"
            a["RequesterFeedback"] = body.get("RequesterFeedback")
        return 200, {}

    def reject_json(self, conn, req, http10=False):
        status, body = self.apply_reject(req)
        if http10:
            # close-delimited: no Content-Length, the end is the close
            send_response(conn, status, json.dumps(body),
                          "application/x-amz-json-1.1", version="HTTP/1.0",
                          length=False)
        else:
            send_response(conn, status, json.dumps(body),
                          "application/x-amz-json-1.1")


# --- hostile behaviours ------------------------------------------------------
# Each is behaviour(server, conn, req); preflight gets a plain 200.

def _preflight(fn):
    def wrapped(server, conn, req):
        if req.is_preflight():
            send_response(conn, 200, "hostile\n")
            return
        fn(server, conn, req)
    wrapped.__name__ = fn.__name__
    return wrapped


@_preflight
def never_answers(server, conn, req):
    server.stopping.wait(60)


@_preflight
def one_byte_per_second(server, conn, req):
    msg = (b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n"
           b"Content-Length: 100\r\n\r\n" + b"<" * 100)
    for b in msg:
        if server.stopping.wait(1):
            return
        conn.sendall(bytes([b]))


@_preflight
def closes_mid_body(server, conn, req):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n"
                 b"Content-Length: 5000\r\n\r\n<?xml version=\"1.0\"?><Reje")
    conn.shutdown(socket.SHUT_RDWR)


HUGE = 100 * 1000 * 1000


@_preflight
def sends_100mb(server, conn, req):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n"
                 b"Content-Length: %d\r\n\r\n" % HUGE)
    chunk = b"<a>" + b"x" * 65533
    sent = 0
    while sent < HUGE and not server.stopping.is_set():
        conn.sendall(chunk)  # raises once the client has hung up
        sent += len(chunk)
        server.sent_bytes = sent


@_preflight
def infinite_chunked(server, conn, req):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\n")
    chunk = b"[" * 16384
    piece = b"%x\r\n" % len(chunk) + chunk + b"\r\n"
    while not server.stopping.is_set():
        conn.sendall(piece)


def redirect_to(location_fn):
    @_preflight
    def redirect(server, conn, req):
        send_response(conn, 307, "moved\n",
                      extra=[("Location", location_fn(server, req))])
    return redirect


@_preflight
def wrong_envelope(server, conn, req):
    if req.header("X-Amz-Target"):
        # json-2017 request, legacy XML answer
        send_response(conn, 200, '<?xml version="1.0"?><RejectAssignmentResult>'
                      '<Request><IsValid>True</IsValid></Request>'
                      '</RejectAssignmentResult>', "text/xml")
    else:
        # legacy request, json-2017 answer
        send_response(conn, 200, "{}", "application/x-amz-json-1.1")


@_preflight
def invalid_utf8(server, conn, req):
    if req.header("X-Amz-Target"):
        send_response(conn, 400, b'{"__type":"RequestError","Message":"\xff\xfe'
                      b'\xc3\x28","TurkErrorCode":"AWS.\xed\xa0\x80"}',
                      "application/x-amz-json-1.1")
    else:
        send_response(conn, 200, b'<?xml version="1.0" encoding="UTF-8"?>'
                      b'<RejectAssignmentResult><Request><IsValid>Tr\xff\xfeue'
                      b'</IsValid></Request></RejectAssignmentResult>',
                      "text/xml")


DEPTH = 100000


@_preflight
def deep_nesting(server, conn, req):
    if req.header("X-Amz-Target"):
        send_response(conn, 400, b"[" * DEPTH + b"]" * DEPTH,
                      "application/x-amz-json-1.1")
    else:
        send_response(conn, 200, b'<?xml version="1.0"?>' + b"<a>" * DEPTH +
                      b"</a>" * DEPTH, "text/xml")


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(b' <!ENTITY lol%d "%s">\n' % (
        i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10))
    + b"]>\n<RejectAssignmentResult><Request><IsValid>&lol9;</IsValid>"
    b"</Request></RejectAssignmentResult>")


@_preflight
def billion_laughs(server, conn, req):
    send_response(conn, 200, BILLION_LAUGHS, "text/xml")


def http10_close_delimited(control):
    @_preflight
    def behaviour(server, conn, req):
        control.reject_json(conn, req, http10=True)
    return behaviour


def proxy_to(control):
    """A TLS endpoint that answers like FakeControl."""
    def behaviour(server, conn, req):
        control.behaviour(server, conn, req)
    return behaviour


# --- certificates --------------------------------------------------------------

def make_self_signed(tmp, name="localhost"):
    """Self-signed cert for 127.0.0.1 with `openssl req -x509`."""
    import subprocess
    cert = str(tmp / ("%s.crt" % name))
    key = str(tmp / ("%s.key" % name))
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048",
                    "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                    "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True)
    return cert, key


def make_expired(tmp):
    """Self-signed cert for 127.0.0.1 that expired yesterday (openssl req
    cannot back-date in OpenSSL 3.0, so python3-cryptography builds it)."""
    import datetime
    import ipaddress
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.utcnow()
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=30))
            .not_valid_after(now - datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None),
                           critical=True)
            .sign(key, hashes.SHA256()))
    cpath = tmp / "expired.crt"
    kpath = tmp / "expired.key"
    cpath.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    kpath.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption()))
    return str(cpath), str(kpath)


def wait_quiet(seconds):
    time.sleep(seconds)


@_preflight
def huge_header(server, conn, req):
    """One 10 MB header line (libcurl refuses it: an oversized header, not
    a lack of memory)."""
    try:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n"
                     b"X-Huge: " + b"h" * (10 * 1000 * 1000) + b"\r\n"
                     b"Content-Length: 2\r\n\r\n{}")
    except OSError:
        pass  # the client hung up part way: expected


def html_500(title):
    """A framework's HTML error page, the exception in its <title>."""
    @_preflight
    def behaviour(server, conn, req):
        send_response(conn, 500, "<!DOCTYPE html>\n<html><head>\n<title>%s"
                      "</title></head><body><h1>Internal Server Error</h1>"
                      "<pre>Traceback ...</pre></body></html>\n" % title,
                      "text/html; charset=utf-8")
    return behaviour
