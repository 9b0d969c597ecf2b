"""`kg serve` on a port that is taken says which port, on which host, and what to do."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from kg.serve.listen import CannotListen, check_listen


@pytest.fixture
def taken_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        yield holder.getsockname()[1]


def test_serve_on_a_port_in_use_names_it(built, taken_port):
    done = subprocess.run([sys.executable, "-m", "kg", "serve", str(built), "--port",
                           str(taken_port)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr == (f"error: port {taken_port} on 127.0.0.1 is in use; "
                           "choose another with --port\n")


def test_check_listen(taken_port):
    with pytest.raises(CannotListen, match=f"port {taken_port} on 127.0.0.1 is in use"):
        check_listen("127.0.0.1", taken_port)
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    check_listen("127.0.0.1", port)  # free again: no error
    with pytest.raises(CannotListen, match="not an address of this machine"):
        check_listen("192.0.2.1", port)  # (TEST-NET-1: never a local address)


def test_serve_with_a_bad_limit_says_which_and_the_names(built):
    done = subprocess.run([sys.executable, "-m", "kg", "serve", str(built), "--limit",
                           "memory=12"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2  # a usage error
    assert done.stderr.count("\n") == 1 and "--limit 'memory=12'" in done.stderr
    assert "query-memory-mb" in done.stderr
