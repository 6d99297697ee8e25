"""Slow and many clients: a client that sends its headers a byte at a time is cut off after the idle timeout, and a
thousand connections opened and left idle neither stop the server answering others nor stay open for ever."""
import resource
import socket
import time

import requests

from deployment import Deployment

IDLE_SECONDS = 2


def test_slow_headers_are_cut_off_and_a_thousand_idle_connections_do_not_stop_service(tmp_path):
    deployment = Deployment(tmp_path / "slow", environment={"CICA_HTTP_IDLE_TIMEOUT_SECONDS": str(IDLE_SECONDS)}).start()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4096)), hard))
    idle = []
    try:
        # Slow-loris: a request line, then a header byte every half second. The server closes the connection once it has
        # gone the idle timeout without a whole request, however many bytes trickle in.
        loris = socket.create_connection(("127.0.0.1", deployment.port))
        loris.sendall(b"GET /member-states HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        began, closed = time.time(), False
        loris.settimeout(0.5)
        while time.time() - began < IDLE_SECONDS + 8:
            try:
                loris.sendall(b"X")
                if loris.recv(1024) == b"":
                    closed = True
                    break
            except socket.timeout:
                continue
            except OSError:
                closed = True
                break
        assert closed, "a request whose headers never end is cut off"
        assert time.time() - began < IDLE_SECONDS + 4

        # A thousand connections that send nothing.
        for _ in range(1000):
            idle.append(socket.create_connection(("127.0.0.1", deployment.port)))
        began = time.time()
        for path in ("/health", "/member-states", "/api/v1/member-states"):
            assert requests.get(deployment.base + path, timeout=10).status_code == 200, path
        assert time.time() - began < 5, "others are served while a thousand connections sit idle"
        # And they do not stay open: after the idle timeout the server has closed them.
        time.sleep(IDLE_SECONDS + 2)
        closed = 0
        for connection in idle[:50]:
            connection.settimeout(2)
            try:
                closed += connection.recv(1) == b""
            except (socket.timeout, OSError):
                pass
        assert closed == 50, f"{closed} of 50 idle connections were closed by the server"
        assert requests.get(deployment.base + "/health", timeout=10).status_code == 200
    finally:
        for connection in idle:
            connection.close()
        deployment.close()
