#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Deterministic UDP and TCP exchanges for the selftests.

  xfer.py udp-echo PORT              answer one datagram, upper-cased
  xfer.py udp-ask HOST PORT TEXT     send TEXT, print the answer
  xfer.py tcp-sink PORT              read one stream, send back its sha256
  xfer.py tcp-send HOST PORT BYTES   send BYTES random bytes, check the digest
  xfer.py udp-count PORT PEER PPORT IDLE
                                     a socket connected to PEER:PPORT; print
                                     "ready PID", then the number of datagrams
                                     received until IDLE seconds pass without
                                     one (after the first) or SIGTERM comes
  xfer.py udp-send HOST PORT SPORT N send N datagrams from port SPORT
"""
import hashlib
import os
import signal
import socket
import sys

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


class Stopped(Exception):
    pass


def stop(signum, frame):
    raise Stopped()


def udp_count(port, peer, pport, idle):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    s.bind(("0.0.0.0", int(port)))
    s.connect((peer, int(pport)))
    signal.signal(signal.SIGTERM, stop)
    print("ready", os.getpid(), flush=True)
    s.settimeout(TIMEOUT)
    n = 0
    try:
        while True:
            s.recv(65535)
            n += 1
            s.settimeout(float(idle))
    except (socket.timeout, Stopped):
        pass
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
