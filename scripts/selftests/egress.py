#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Both ends of the egress checks.

  egress.py send HOST PORT SIZE...     send one UDP datagram per SIZE, print
                                       "SIZE sha256" per datagram
  egress.py recv IFACE PORT COUNT SRC  receive COUNT datagrams on PORT while
                                       sniffing IFACE; print "SIZE sha256" per
                                       datagram, then check the fragments
                                       from SRC: each <= 1500 bytes, offsets
                                       multiples of 8, one ID per datagram,
                                       IDs all different; print "FRAGS n"
  egress.py burst HOST PORT COUNT      send COUNT 64-byte datagrams at once
  egress.py count PORT WANT            count distinct datagrams: until WANT,
                                       or 5 s without one after the first
"""
import hashlib
import socket
import sys
import time


def send(host, port, *sizes):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
    for i, n in enumerate(sizes):
        data = bytes((i * 7 + j) & 0xff for j in range(int(n)))
        s.sendto(data, (host, int(port)))
        print(len(data), hashlib.sha256(data).hexdigest(), flush=True)
        time.sleep(0.2)


def recv(iface, port, count, src):
    from scapy.all import IP, conf
    from sniff import sniffer_start
    conf.verb = 0
    seen = []

    def ours(p):
        if IP in p and p[IP].src == src and p[IP].proto == 17:
            seen.append(1)
            return True
        return False

    sn = sniffer_start(iface=iface, store=True, lfilter=ours)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 21)
    s.bind(("0.0.0.0", int(port)))
    s.settimeout(60)
    print("ready", flush=True)
    want = 0
    for _ in range(int(count)):
        d = s.recv(70000)
        print(len(d), hashlib.sha256(d).hexdigest(), flush=True)
        # Its fragments at MTU 1500: 1480 payload bytes each.
        want += -(-(len(d) + 8) // 1480)
    # The sniffer dissects in Python and lags behind on a slow guest: let
    # it catch up with the fragments the datagrams were made of.
    end = time.time() + 30
    while len(seen) < want and time.time() < end:
        time.sleep(0.1)
    time.sleep(0.5)
    pkts = [p[IP] for p in sn.stop()]
    byid = {}
    bad = []
    for p in pkts:
        if p.len > 1500:
            bad.append("fragment of %d bytes" % p.len)
        if p.flags.MF and (p.len - p.ihl * 4) % 8:
            bad.append("non-final fragment payload %d" % (p.len - p.ihl * 4))
        byid.setdefault(p.id, []).append(p)
    if len(byid) != int(count):
        bad.append("%d IDs for %d datagrams" % (len(byid), int(count)))
    for i, frags in byid.items():
        offs = sorted(f.frag * 8 for f in frags)
        total = 0
        for f in sorted(frags, key=lambda f: f.frag):
            if f.frag * 8 != total:
                bad.append("ID %d: gap or overlap at %d" % (i, total))
            total += f.len - f.ihl * 4
        if sorted(frags, key=lambda f: f.frag)[-1].flags.MF:
            bad.append("ID %d: last fragment has MF" % i)
    print("FRAGS", len(pkts), flush=True)
    print("IDS", " ".join(str(i) for i in sorted(byid)), flush=True)
    for b in bad:
        print("BAD", b, flush=True)


def burst(host, port, count):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for i in range(int(count)):
        s.sendto(b"%063d" % i, (host, int(port)))


def count(port, want):
    # Not a fixed window: on a slowed guest the sender may not even have
    # started by the time one would end. 120 s for the first datagram.
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    s.bind(("0.0.0.0", int(port)))
    s.settimeout(120)
    print("ready", flush=True)
    seen = set()
    try:
        while len(seen) < int(want):
            seen.add(s.recv(100))
            s.settimeout(5)
    except socket.timeout:
        pass
    print("COUNT", len(seen), flush=True)


if __name__ == "__main__":
    cmds = {"send": send, "recv": recv, "burst": burst, "count": count}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        sys.exit(__doc__)
    cmds[sys.argv[1]](*sys.argv[2:])
