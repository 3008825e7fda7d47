#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Deterministic UDP and TCP exchanges for the selftests.

  xfer.py udp-echo PORT              answer one datagram, upper-cased
  xfer.py udp-ask HOST PORT TEXT     send TEXT, print the answer
  xfer.py tcp-sink PORT              read one stream, send back its sha256
  xfer.py tcp-send HOST PORT BYTES   send BYTES random bytes, check the digest
  xfer.py udp-count PORT PEER PPORT IDLE
                                     a socket connected to PEER:PPORT; print
                                     "ready PID"; count datagrams until IDLE
                                     seconds pass without one (after the
                                     first) or SIGTERM comes, then print
                                     "stopped by idle|timeout|SIGTERM" and,
                                     last, the count (after SIGTERM, with what
                                     was still queued)
  xfer.py udp-send HOST PORT SPORT N send N datagrams from port SPORT
"""
import hashlib
import os
import signal
import socket
import sys
import time

TIMEOUT = 60


def udp_echo(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(TIMEOUT)
    s.bind(("0.0.0.0", int(port)))
    print("ready", flush=True)
    data, addr = s.recvfrom(65535)
    s.sendto(data.upper(), addr)


def udp_ask(host, port, text):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(TIMEOUT)
    s.sendto(text.encode(), (host, int(port)))
    data, _ = s.recvfrom(65535)
    print(data.decode())


def tcp_sink(port):
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.settimeout(TIMEOUT)
    ls.bind(("0.0.0.0", int(port)))
    ls.listen(1)
    print("ready", flush=True)
    c, _ = ls.accept()
    c.settimeout(TIMEOUT)
    h = hashlib.sha256()
    while True:
        b = c.recv(65536)
        if not b:
            break
        h.update(b)
    c.sendall(h.hexdigest().encode())
    c.close()


def tcp_send(host, port, nbytes):
    data = os.urandom(int(nbytes))
    c = socket.create_connection((host, int(port)), timeout=TIMEOUT)
    c.sendall(data)
    c.shutdown(socket.SHUT_WR)
    got = b""
    while True:
        b = c.recv(128)
        if not b:
            break
        got += b
    want = hashlib.sha256(data).hexdigest()
    if got.decode() != want:
        sys.exit("digest mismatch: sent %s, peer saw %s" % (want, got.decode()))
    print("sha256 %s matches" % want)


def udp_count(port, peer, pport, idle):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    s.bind(("0.0.0.0", int(port)))
    s.connect((peer, int(pport)))
    # The handler only notes the signal: recv() is retried after it (PEP
    # 475), so no datagram is lost between recv() and the count.
    term = []
    signal.signal(signal.SIGTERM, lambda signum, frame: term.append(signum))
    print("ready", os.getpid(), flush=True)
    s.settimeout(0.1)
    n = 0
    last = None
    start = time.monotonic()
    while not term:
        try:
            s.recv(65535)
            n += 1
            last = time.monotonic()
            continue
        except socket.timeout:
            pass
        if last is None and time.monotonic() - start > TIMEOUT:
            why = "timeout"
            break
        if last is not None and time.monotonic() - last > float(idle):
            why = "idle"
            break
    if term:
        why = "SIGTERM"
        s.setblocking(False)
        try:
            while True:
                s.recv(65535)
                n += 1
        except BlockingIOError:
            pass
    print("stopped by", why, flush=True)
    print(n, flush=True)


def udp_send(host, port, sport, count):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", int(sport)))
    for i in range(int(count)):
        s.sendto(b"%08d" % i, (host, int(port)))


if __name__ == "__main__":
    cmds = {"udp-echo": udp_echo, "udp-ask": udp_ask,
            "tcp-sink": tcp_sink, "tcp-send": tcp_send,
            "udp-count": udp_count, "udp-send": udp_send}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        sys.exit(__doc__)
    cmds[sys.argv[1]](*sys.argv[2:])
