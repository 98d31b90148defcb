"""Real proxies on 127.0.0.1 for the download tests: HTTP (forwarding and CONNECT) and SOCKS5.

Both relay bytes between the client and the origin over real sockets and record where each
connection went, so a test can prove a request went through the proxy.

- :class:`HttpProxy`: ``GET http://host:port/path`` (a forward proxy's absolute-form
  request, RFC 9112 3.2.2) is sent on to the origin in origin-form; ``CONNECT host:port``
  opens a tunnel (RFC 9110 9.3.6).
- :class:`Socks5Proxy`: RFC 1928 with "no authentication", the CONNECT command, and IPv4,
  domain-name or IPv6 addresses.
"""

from __future__ import annotations

import socket
import socketserver
import struct
import threading


def _relay(a: socket.socket, b: socket.socket) -> None:
    """Copy bytes both ways until either side closes."""

    def pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    other = threading.Thread(target=pump, args=(b, a), daemon=True)
    other.start()
    pump(a, b)
    other.join(timeout=30)


def _read_until(sock: socket.socket, marker: bytes) -> bytes:
    data = b""
    while marker not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, handler) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.seen: list[str] = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


class _HttpProxyHandler(socketserver.BaseRequestHandler):
    server: HttpProxy

    def handle(self) -> None:
        head = _read_until(self.request, b"\r\n\r\n")
        header, _, rest = head.partition(b"\r\n\r\n")
        lines = header.decode("latin-1").split("\r\n")
        method, target, version = lines[0].split(" ", 2)
        self.server.seen.append(f"{method} {target}")
        if method == "CONNECT":
            host, port = target.rsplit(":", 1)
            upstream = socket.create_connection((host, int(port)))
            self.request.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            return _relay(self.request, upstream)
        scheme_less = target.split("://", 1)[1]
        authority, _, path = scheme_less.partition("/")
        host, _, port = authority.partition(":")
        upstream = socket.create_connection((host, int(port or 80)))
        kept = [line for line in lines[1:] if not line.lower().startswith("proxy-")]
        request = "\r\n".join([f"{method} /{path} {version}", *kept]) + "\r\n\r\n"
        upstream.sendall(request.encode("latin-1") + rest)
        _relay(self.request, upstream)


class HttpProxy(_Server):
    """``with HttpProxy() as proxy:`` then ``http://127.0.0.1:{proxy.port}``; ``proxy.seen``."""

    def __init__(self) -> None:
        super().__init__(_HttpProxyHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


class _Socks5Handler(socketserver.BaseRequestHandler):
    server: Socks5Proxy

    def handle(self) -> None:
        sock = self.request
        version, n_methods = sock.recv(2)
        methods = sock.recv(n_methods)
        if version != 5 or 0 not in methods:
            sock.sendall(b"\x05\xff")
            return
        sock.sendall(b"\x05\x00")
        version, command, _reserved, kind = sock.recv(4)
        host = self._address(sock, kind)
        (port,) = struct.unpack("!H", sock.recv(2))
        if command != 1:
            sock.sendall(b"\x05\x07\x00\x01" + b"\0" * 6)  # command not supported
            return
        self.server.seen.append(f"{host}:{port}")
        try:
            upstream = socket.create_connection((host, port))
        except OSError:
            sock.sendall(b"\x05\x05\x00\x01" + b"\0" * 6)  # connection refused
            return
        bound_host, bound_port = upstream.getsockname()[:2]
        sock.sendall(b"\x05\x00\x00\x01" + socket.inet_aton(bound_host)
                     + struct.pack("!H", bound_port))
        _relay(sock, upstream)

    @staticmethod
    def _address(sock: socket.socket, kind: int) -> str:
        if kind == 1:
            return socket.inet_ntoa(sock.recv(4))
        if kind == 3:
            return sock.recv(sock.recv(1)[0]).decode()
        return socket.inet_ntop(socket.AF_INET6, sock.recv(16))


class Socks5Proxy(_Server):
    """``with Socks5Proxy() as proxy:`` then ``socks5://127.0.0.1:{proxy.port}``."""

    def __init__(self) -> None:
        super().__init__(_Socks5Handler)

    @property
    def url(self) -> str:
        return f"socks5://127.0.0.1:{self.port}"
