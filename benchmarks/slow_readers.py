"""What slow readers of a dump cost the server: its memory before, during and after N clients
that download /dumps/kg.nq at about 1 KB/s each, on loopback.

    python benchmarks/slow_readers.py BUILD_DIR [--readers 50] [--seconds 10] [--kg PATH]

`--kg` picks the `kg` executable (another checkout's, to compare). Each reader asks for a small
receive buffer so that what it has not read stays in the server, as it would over a slow link.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (the web process is the server itself)."""
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def _children(pid: int) -> list[int]:
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    out = [int(k) for k in kids]
    for k in list(out):
        out.extend(_children(k))
    return out


def _server_rss(pid: int) -> float:
    """The web process alone (query workers are children but hold no download)."""
    return rss_mb(pid) - sum(rss_mb(k) for k in _children(pid))


def reader(port: int, seconds: float, stop: threading.Event, got: list[int]) -> None:
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    sock.sendall(f"GET /dumps/kg.nq HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    n = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end and not stop.is_set():
        n += len(sock.recv(1024))
        time.sleep(1.0)
    got.append(n)
    sock.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir", type=Path)
    ap.add_argument("--readers", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--kg", default=shutil.which("kg") or str(Path(sys.executable).with_name("kg")))
    ap.add_argument("--port", type=int, default=18931)
    args = ap.parse_args()
    proc = subprocess.Popen([args.kg, "serve", str(args.build_dir), "--host", "127.0.0.1",
                             "--port", str(args.port), "--processes", "1", "--workers", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", args.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(1.0)
        before = _server_rss(proc.pid)
        stop, got = threading.Event(), []
        threads = [threading.Thread(target=reader, args=(args.port, args.seconds, stop, got))
                   for _ in range(args.readers)]
        for t in threads:
            t.start()
        time.sleep(args.seconds / 2)
        during = _server_rss(proc.pid)
        for t in threads:
            t.join()
        time.sleep(2.0)
        after = _server_rss(proc.pid)
        print(f"{args.readers} slow readers for {args.seconds:g} s ({args.kg}): server RSS "
              f"{before:.0f} MB before, {during:.0f} MB during (+{during - before:.1f}, "
              f"{(during - before) / args.readers * 1024:.0f} KB a reader), {after:.0f} MB after; "
              f"read {sum(got) // 1024} KB in all")
    finally:
        proc.terminate()
        proc.wait(timeout=15)


if __name__ == "__main__":
    main()
