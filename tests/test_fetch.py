"""fetch: http(s) only, public addresses only (every hop, the address connected to), bounded.

A local server on 127.0.0.1 stands in for the web; `allow_private` lets the tests reach it.
Nothing here needs the network.
"""
from __future__ import annotations

import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import tallies.fetch as fetch_module
from tallies.errors import FetchError
from tallies.fetch import fetch, forbidden_address
from tallies.settings import Settings

PAGE = b"<html><body><p>Nine people were hurt in the Calder Street fire.</p></body></html>"


class _Handler(BaseHTTPRequestHandler):
    seen: list[dict] = []  # the requests the server got: path and headers

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.seen.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
        path = self.path
        if path == "/page":
            self._send(200, "text/html; charset=utf-8", PAGE)
        elif path == "/image":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64))
        elif path.startswith("/hop/"):  # /hop/3 -> /hop/2 -> /hop/1 -> /hop/0 -> /page
            n = int(path.rsplit("/", 1)[1])
            self._redirect("/page" if n == 0 else f"/hop/{n - 1}")
        elif path == "/loop":
            self._redirect("/loop")
        elif path == "/to-file":
            self._redirect("file:///etc/passwd")
        elif path == "/to-private":
            self._redirect("http://10.0.0.1/admin")
        elif path == "/to-metadata":
            self._redirect("http://169.254.169.254/latest/meta-data/")
        elif path == "/big-declared":
            self._send(200, "text/html", b"x" * 5000)
        elif path == "/big-undeclared":  # no Content-Length: read until the server closes
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b"y" * 1000)
        elif path == "/slow-start":
            time.sleep(1.5)
            self._send(200, "text/html", PAGE)
        elif path == "/slow-drip":  # each byte in time, the whole too late
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "40")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"z")
                self.wfile.flush()
                time.sleep(0.1)
        elif path == "/no-location":
            self.send_response(302)
            self.end_headers()
        else:
            self._send(404, "text/plain", b"not here")

    def _send(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # clients here hang up early on purpose (size cap, timeouts)


@pytest.fixture(scope="module")
def server():
    httpd = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def opts(**fetch) -> Settings:
    return Settings.load(overrides={"fetch": {"allow_private": True, "timeout": 5.0, **fetch}})


@pytest.fixture
def connections(monkeypatch):
    """Every address a connection is opened to, in order."""
    opened = []
    real = socket.create_connection

    def create_connection(address, *args, **kwargs):
        opened.append(address)
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return opened


# ---------------------------------------------------------------------------------------------
# Success, redirects, limits


def test_fetch_page(server, connections):
    _Handler.seen.clear()
    body, content_type, final = fetch(f"http://127.0.0.1:{server}/page", opts())
    assert (body, content_type, final) == (PAGE, "text/html; charset=utf-8",
                                           f"http://127.0.0.1:{server}/page")
    (request,) = _Handler.seen
    assert request["host"] == f"127.0.0.1:{server}"
    assert request["user-agent"] == Settings.load().fetch["user_agent"]
    assert request["accept-encoding"] == "identity"
    assert connections == [("127.0.0.1", server)]


def test_non_html_content_is_returned_with_its_type(server):
    body, content_type, _ = fetch(f"http://127.0.0.1:{server}/image", opts())
    assert content_type == "image/png" and body.startswith(b"\x89PNG")


def test_redirects_are_followed_up_to_the_limit(server):
    _, _, final = fetch(f"http://127.0.0.1:{server}/hop/3", opts(max_redirects=4))
    assert final == f"http://127.0.0.1:{server}/page"


@pytest.mark.parametrize("path, max_redirects", [("/hop/3", 3), ("/loop", 5), ("/hop/0", 0)])
def test_too_many_redirects(server, path, max_redirects):
    with pytest.raises(FetchError, match=rf"more than {max_redirects} redirects"):
        fetch(f"http://127.0.0.1:{server}{path}", opts(max_redirects=max_redirects))


@pytest.mark.parametrize("path, message", [
    ("/to-file", "only http and https URLs are fetched, not file: "
                 "(redirected to file:///etc/passwd)"),
    ("/missing", "HTTP 404 Not Found"),
    ("/no-location", "HTTP 302 redirect without a Location"),
])
def test_bad_answers(server, path, message):
    with pytest.raises(FetchError) as caught:
        fetch(f"http://127.0.0.1:{server}{path}", opts())
    assert caught.value.reason == message
    assert str(caught.value) == f"http://127.0.0.1:{server}{path}: {message}"


@pytest.mark.parametrize("path, message", [
    ("/big-declared", "body is 5,000 bytes, over the limit of 1,000 (fetch.max_bytes)"),
    ("/big-undeclared", "body is over the limit of 1,000 bytes (fetch.max_bytes); "
                        "stopped reading"),
])
def test_size_cap(server, path, message):
    with pytest.raises(FetchError) as caught:
        fetch(f"http://127.0.0.1:{server}{path}", opts(max_bytes=1000))
    assert caught.value.reason == message


@pytest.mark.parametrize("path", ["/slow-start", "/slow-drip"])
def test_timeout_covers_the_whole_exchange(server, path):
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 0.5 s \(fetch.timeout\)"):
        fetch(f"http://127.0.0.1:{server}{path}", opts(timeout=0.5))
    assert time.monotonic() - start < 1.2


# ---------------------------------------------------------------------------------------------
# Refusals: made before any connection


@pytest.fixture
def no_connections(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.mark.parametrize("url, reason", [
    ("http://127.0.0.1/", "refused: 127.0.0.1 is a loopback address"),
    ("http://localhost:8080/admin", "refused: localhost is 127.0.0.1, a loopback address"),
    ("http://10.0.0.1/", "refused: 10.0.0.1 is a private address"),
    ("http://192.168.1.1/", "refused: 192.168.1.1 is a private address"),
    ("http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254 is a link-local"),
    ("http://[::1]/", "refused: ::1 is a loopback address"),
    ("https://[::ffff:127.0.0.1]/", "refused: ::ffff:127.0.0.1 is a loopback address"),
    ("http://[fe80::1]/", "refused: fe80::1 is a link-local address"),
    ("http://0.0.0.0/", "refused: 0.0.0.0 is an unspecified address"),
    ("http://2130706433/", "refused: 2130706433 is 127.0.0.1, a loopback address"),
    ("http://224.0.0.251/", "refused: 224.0.0.251 is a multicast address"),
    ("file:///etc/passwd", "only http and https URLs are fetched, not file:"),
    ("ftp://files.example/report.txt", "only http and https URLs are fetched, not ftp:"),
    ("gopher://old.example/", "only http and https URLs are fetched, not gopher:"),
    ("//no-scheme.example/", "only http and https URLs are fetched, not a URL without a scheme"),
    ("http://:80/", "no host"),
    ("http://news.example:99999/", "not a valid URL"),
])
def test_refused_without_connecting(no_connections, url, reason):
    with pytest.raises(FetchError) as caught:
        fetch(url, Settings.load())
    assert caught.value.reason.startswith(reason)
    assert caught.value.source == url


@pytest.mark.parametrize("address, reason", [
    ("8.8.8.8", None),
    ("93.184.216.34", None),
    ("2606:4700:4700::1111", None),
    ("127.0.0.53", "loopback"),
    ("10.20.30.40", "private"),
    ("172.16.5.4", "private"),
    ("100.64.0.1", "non-public"),  # carrier-grade NAT
    ("169.254.169.254", "link-local"),
    ("0.0.0.0", "unspecified"),
    ("255.255.255.255", "private"),
    ("240.0.0.1", "private"),
    ("::", "unspecified"),
    ("::1", "loopback"),
    ("fc00::1", "private"),
    ("fe80::1%eth0", "link-local"),
    ("ff02::1", "multicast"),
    ("::ffff:10.0.0.1", "private"),  # IPv4-mapped
    ("::ffff:127.0.0.1", "loopback"),
    ("::ffff:8.8.8.8", None),
    ("2002:7f00:1::", "loopback"),  # 6to4 around 127.0.0.1
    ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 around 169.254.169.254
])
def test_forbidden_address(address, reason):
    assert forbidden_address(address) == reason


# ---------------------------------------------------------------------------------------------
# Every hop checked; the address checked is the one connected to


@pytest.fixture
def fake_dns(monkeypatch):
    """news.example resolves to 127.0.0.1 (once; a second look-up would be a rebinding), and
    127.0.0.1 counts as public for these tests, so that the checks are what is tested."""
    lookups = []

    def getaddrinfo(host, port, *args, **kwargs):
        lookups.append(host)
        if host == "news.example":
            if lookups.count("news.example") > 1:
                return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.9.9.9", port))]
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real_getaddrinfo(host, port, *args, **kwargs)

    real_getaddrinfo = socket.getaddrinfo
    real_forbidden = fetch_module.forbidden_address
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(fetch_module, "forbidden_address",
                        lambda a: None if a == "127.0.0.1" else real_forbidden(a))
    return lookups


def test_connects_to_the_checked_address_with_the_host_name_in_host(server, fake_dns,
                                                                     connections):
    _Handler.seen.clear()
    body, _, final = fetch(f"http://news.example:{server}/page", opts(allow_private=False))
    assert body == PAGE and final == f"http://news.example:{server}/page"
    assert fake_dns.count("news.example") == 1  # resolved once
    assert connections == [("127.0.0.1", server)]  # to the address that was checked
    assert _Handler.seen[-1]["host"] == f"news.example:{server}"


@pytest.mark.parametrize("path, target", [("/to-private", "10.0.0.1"),
                                          ("/to-metadata", "169.254.169.254")])
def test_each_redirect_hop_is_checked_before_connecting(server, fake_dns, connections, path,
                                                        target):
    with pytest.raises(FetchError) as caught:
        fetch(f"http://news.example:{server}{path}", opts(allow_private=False))
    assert f"redirect to http://{target}/" in caught.value.reason
    assert f"refused: {target} is a" in caught.value.reason
    assert connections == [("127.0.0.1", server)]  # the first hop only


def test_redirect_hops_are_resolved_again_and_checked(server, fake_dns, connections):
    # /hop/0 on news.example redirects to /page on news.example: a second look-up that now
    # says 10.9.9.9 (a rebinding) is refused, not connected to.
    with pytest.raises(FetchError, match=r"refused: news.example is 10.9.9.9, a private"):
        fetch(f"http://news.example:{server}/hop/0", opts(allow_private=False))
    assert connections == [("127.0.0.1", server)]


def test_https_uses_the_host_name_for_sni_while_connecting_to_the_address(monkeypatch):
    opened, wrapped = [], []

    class FakeContext:
        verify_mode, check_hostname = ssl.CERT_REQUIRED, True

        def wrap_socket(self, sock, server_hostname=None):
            wrapped.append(server_hostname)
            return sock

    listener = socket.create_server(("127.0.0.1", 0))
    real = socket.create_connection

    def create_connection(address, *args, **kwargs):
        opened.append(address)
        return real(listener.getsockname(), *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    conn = fetch_module._PinnedHTTPSConnection("93.184.216.34", 443, "news.example", 1.0,
                                               FakeContext())
    conn.connect()
    assert opened == [("93.184.216.34", 443)] and wrapped == ["news.example"]
    conn.close()
    listener.close()


def test_slow_headers_are_cut_at_the_deadline(monkeypatch):
    """A server that sends its status line a byte at a time still times out."""
    listener = socket.create_server(("127.0.0.1", 0))

    def drip():
        conn, _ = listener.accept()
        with conn:
            conn.recv(4096)
            for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n":
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return
                time.sleep(0.05)

    threading.Thread(target=drip, daemon=True).start()
    start = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 0.4 s"):
        fetch(f"http://127.0.0.1:{listener.getsockname()[1]}/", opts(timeout=0.4))
    assert time.monotonic() - start < 1.0
    listener.close()
