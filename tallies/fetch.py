"""Fetch one URL for ingest, safely: http(s) only, public addresses only, bounded in time and size.

Every hop (the URL and each redirect) is resolved once, every address it resolves to is checked,
and the connection goes to that checked address, with the host name sent in the Host header and
as TLS SNI (and the certificate checked against it). A name that resolves to a public address
for the check and a private one for the connection (DNS rebinding) therefore cannot reach an
internal service.

Why the standard library's http.client rather than urllib3: connecting to a pinned address
while naming the host in Host/SNI is a few lines on http.client (one `connect` override) and
needs no dependency; urllib3 is installed only because trafilatura uses it, and its pools would
resolve the name again on their own. urllib.request was not an option: it resolves by itself
and follows redirects without letting us check each hop before connecting.
"""
from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, urljoin, urlsplit

from .errors import FetchError
from .settings import Settings

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 65536
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Characters left as they are when a path is quoted: the reserved ones and "%" (already quoted).
_PATH_SAFE = "/%:@!$&'()*+,;=-._~?"


@dataclass(frozen=True)
class _Target:
    """One hop: where to connect and what to ask for."""

    scheme: str
    host: str  # ASCII (IDNA) host name or address literal, without brackets
    port: int
    path: str  # path and query, quoted

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def fetch(url: str, settings: Settings | None = None) -> tuple[bytes, str | None, str]:
    """GET `url` -> (body, Content-Type or None, final URL after redirects).

    Raises FetchError with the reason: a scheme other than http(s), a host that resolves to a
    loopback, private, link-local, multicast, reserved or unspecified address (unless
    fetch.allow_private), too many redirects, a status other than 2xx, a body over
    fetch.max_bytes, or no answer within fetch.timeout seconds (the whole exchange).
    """
    settings = settings if settings is not None else Settings.load()
    opts = settings.fetch
    deadline = time.monotonic() + float(opts["timeout"])
    current = url
    for hop in range(int(opts["max_redirects"]) + 1):
        target = _parse(current, url)
        addresses = _resolve(target, url, current, bool(opts["allow_private"]))
        sock, response, watchdog = _open(target, addresses, deadline, opts, url)
        try:
            if response.status in _REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    raise FetchError(url, f"HTTP {response.status} redirect without a Location")
                current = urljoin(current, location.strip())
                continue
            if not 200 <= response.status < 300:
                raise FetchError(url, f"HTTP {response.status} {response.reason}".rstrip())
            body = _read_body(response, deadline, opts, url)
            return body, response.getheader("Content-Type"), current
        finally:
            watchdog.cancel()
            response.close()
            sock.close()
    raise FetchError(url, f"more than {opts['max_redirects']} redirects (fetch.max_redirects)")


def _parse(current: str, url: str) -> _Target:
    try:
        parts = urlsplit(current)
        port = parts.port
    except ValueError as exc:
        raise FetchError(url, f"not a valid URL: {current!r} ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        what = f"{scheme}:" if scheme else "a URL without a scheme"
        where = "" if current == url else f" (redirected to {current})"
        raise FetchError(url, f"only http and https URLs are fetched, not {what}{where}")
    if not parts.hostname:
        raise FetchError(url, f"no host in {current!r}")
    host = parts.hostname
    try:
        ascii_host = host if _is_address(host) else host.encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchError(url, f"host name {host!r} is not valid") from None
    path = quote(parts.path or "/", safe=_PATH_SAFE)
    if parts.query:
        path += "?" + quote(parts.query, safe=_PATH_SAFE)
    return _Target(scheme, ascii_host, port or (443 if scheme == "https" else 80), path)


def _resolve(target: _Target, url: str, current: str, allow_private: bool) -> list[str]:
    """The addresses of the host, each checked; refuses the hop if any is not public."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(url, f"cannot resolve {target.host!r} "
                              f"({getattr(exc, 'strerror', None) or exc})") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchError(url, f"cannot resolve {target.host!r}")
    if not allow_private:
        for address in addresses:
            reason = forbidden_address(address)
            if reason:
                hop = "" if current == url else f"redirect to {current}: "
                name = f"{address} is" if target.host == address else f"{target.host} is {address},"
                article = "an" if reason[0] in "aeiou" else "a"
                raise FetchError(url, f"{hop}refused: {name} {article} {reason} address "
                                      "(fetch.allow_private is false)")
    return addresses


def forbidden_address(address: str) -> str | None:
    """Why an address may not be fetched ("loopback", "private"...), or None if it is public.

    An IPv4-mapped IPv6 address is judged as its IPv4 address; one that carries an IPv4
    address otherwise (6to4, NAT64) must pass as both.
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:  # ::ffff:a.b.c.d is a.b.c.d (and ::/8 is "reserved")
            return forbidden_address(str(ip.ipv4_mapped))
        embedded = ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            reason = forbidden_address(str(embedded))
            if reason:
                return reason
    for attribute, label in (
        ("is_unspecified", "unspecified"), ("is_loopback", "loopback"),
        ("is_link_local", "link-local"), ("is_multicast", "multicast"),
        ("is_private", "private"), ("is_reserved", "reserved"),
    ):
        if getattr(ip, attribute):
            return label
    return None if ip.is_global else "non-public"


def _open(target: _Target, addresses: list[str], deadline: float, opts: dict, url: str
          ) -> tuple[socket.socket, http.client.HTTPResponse, threading.Timer]:
    """Send the GET to the first checked address that answers.

    Returns the socket, the response and a running watchdog: socket timeouts bound each wait,
    not their sum, so a server that drips a byte at a time would never trip them; the
    watchdog shuts the socket when the time is up.
    """
    error: Exception | None = None
    for address in addresses:
        if target.scheme == "https":
            conn: http.client.HTTPConnection = _PinnedHTTPSConnection(
                address, target.port, target.host, _remaining(deadline, opts, url),
                _tls_context())
        else:
            conn = http.client.HTTPConnection(address, target.port,
                                              timeout=_remaining(deadline, opts, url))
        watchdog = None
        try:
            conn.connect()
            sock = conn.sock
            watchdog = threading.Timer(_remaining(deadline, opts, url), _shut, (sock,))
            watchdog.daemon = True
            watchdog.start()
            conn.putrequest("GET", target.path, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", target.host_header)
            conn.putheader("User-Agent", opts["user_agent"])
            conn.putheader("Accept", "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5")
            conn.putheader("Accept-Encoding", "identity")
            conn.putheader("Connection", "close")
            conn.endheaders()
            sock.settimeout(_remaining(deadline, opts, url))
            return sock, conn.getresponse(), watchdog
        except (OSError, http.client.HTTPException) as exc:
            if watchdog is not None:
                watchdog.cancel()
            conn.close()
            _remaining(deadline, opts, url)  # the watchdog's doing: say it timed out
            error = exc
            if isinstance(exc, (TimeoutError, ssl.SSLError, http.client.HTTPException)):
                break  # the host answered (or hung): another address will not do better
    raise FetchError(url, _describe(error, opts))


def _read_body(response: http.client.HTTPResponse, deadline: float, opts: dict, url: str
               ) -> bytes:
    limit = int(opts["max_bytes"])
    declared = response.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > limit:
        raise FetchError(url, f"body is {int(declared):,} bytes, over the limit of {limit:,} "
                              "(fetch.max_bytes)")
    chunks, total = [], 0
    try:
        while True:
            _remaining(deadline, opts, url)
            # read1: what has arrived (one receive), so the deadline is looked at in between
            chunk = response.read1(min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise FetchError(url, f"body is over the limit of {limit:,} bytes "
                                      "(fetch.max_bytes); stopped reading")
    except (OSError, ValueError, http.client.HTTPException) as exc:
        # the watchdog's shutdown shows up as a short read or a closed file
        _remaining(deadline, opts, url)
        raise FetchError(url, _describe(exc, opts)) from None
    if response.length:  # Content-Length promised more than came
        _remaining(deadline, opts, url)
        raise FetchError(url, f"body cut short ({total:,} bytes received)")
    return b"".join(chunks)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


def _remaining(deadline: float, opts: dict, url: str) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(url, f"timed out after {opts['timeout']} s (fetch.timeout)")
    return left


def _describe(error: Exception | None, opts: dict) -> str:
    if isinstance(error, TimeoutError):
        return f"timed out after {opts['timeout']} s (fetch.timeout)"
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"TLS certificate not valid ({error.verify_message or error})"
    if isinstance(error, ssl.SSLError):
        return f"TLS error ({error.reason or error})"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, http.client.HTTPException):
        return f"not a valid HTTP response ({type(error).__name__})"
    return f"cannot connect ({error})"


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


@lru_cache(maxsize=1)
def _tls_context() -> ssl.SSLContext:
    return ssl.create_default_context()  # verifies the certificate and the host name


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to a checked address, with SNI and certificate checks for the host's name."""

    def __init__(self, address: str, port: int, server_hostname: str, timeout: float,
                 context: ssl.SSLContext):
        super().__init__(address, port, timeout=timeout, context=context)
        self._server_hostname = server_hostname

    def connect(self) -> None:
        http.client.HTTPConnection.connect(self)  # TCP to the address, not to the name
        self.sock = self._context.wrap_socket(self.sock, server_hostname=self._server_hostname)
