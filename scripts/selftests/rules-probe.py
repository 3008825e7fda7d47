#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send a batch of probes from $cl and report where each one ended.

  rules-probe.py RT SA SB ID0 WAIT SPEC...

Run in $cl's netns. SPEC is either a datagram,
  DEV,SRC,DST,PROTO,SPORT,DPORT,TOS,WANT
sent with IP ID ID0+i by a raw socket through DEV (SRC need not be an
address of this host), or an echo request to DST,
  DEV,-,DST,echo,-,-,TOS,WANT
sent by the kernel with ICMP id and sequence ID0+i. WANT (A, B, icmp,
silence, c0 or c1) only says when the probe has settled: seen by server A
(in netns SA) or B (SB), an ICMP error quoting it came back, it reached
RT and WAIT seconds passed with no error, or its echo reply arrived.
The servers and RT are watched by packet sockets opened in their netns,
so a batch costs one process start. After every probe has settled, or
WAIT + 8 seconds, prints one line per probe, in order: what was seen,
e.g. "A", "B", "icmp 3/13 from 10.1.0.2", "c1" (the link the echo reply
came in on), "silence", or several of these joined by "+".
"""
import ctypes
import os
import select
import socket
import struct
import sys
import time

CLONE_NEWNET = 0x40000000
ETH_P_ALL = 0x0003
ETH_P_IP = 0x0800
IP_PKTINFO = getattr(socket, "IP_PKTINFO", 8)


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return ~s & 0xffff


def sniffers(libc, ns, devs):
    """Packet sockets on DEVS of netns NS, then back to our own netns."""
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    fd = os.open("/run/netns/" + ns, os.O_RDONLY)
    socks = []
    try:
        if libc.setns(fd, CLONE_NEWNET):
            raise OSError(ctypes.get_errno(), "setns " + ns)
        for dev in devs:
            # ETH_P_ALL: taps run before a device's rx_handler (ipv4alt's);
            # a socket bound to ETH_P_IP would see only the stock path.
            s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM,
                              socket.htons(ETH_P_ALL))
            s.bind((dev, ETH_P_ALL))
            socks.append(s)
    finally:
        if libc.setns(home, CLONE_NEWNET):
            raise OSError(ctypes.get_errno(), "setns back")
        os.close(fd)
        os.close(home)
    return socks


def datagram(src, dst, proto, sport, dport, tos, ipid):
    if proto == "udp":
        l4 = struct.pack("!HHHH", sport, dport, 8 + 6, 0) + b"policy"
        pnum = socket.IPPROTO_UDP
    else:
        # A SYN; the servers count it and drop it, nothing checks its sum.
        l4 = struct.pack("!HHIIBBHHH", sport, dport, 1, 0, 5 << 4, 0x02,
                         8192, 0, 0)
        pnum = socket.IPPROTO_TCP
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, tos, 20 + len(l4), ipid, 0, 64,
                      pnum, 0, socket.inet_aton(src), socket.inet_aton(dst))
    return hdr + l4


def main():
    rt, sa, sb, id0, wait = sys.argv[1:6]
    specs = [a.split(",") for a in sys.argv[6:]]
    id0, wait = int(id0), float(wait)
    libc = ctypes.CDLL(None, use_errno=True)

    watch = {}
    for name, ns, devs in (("A", sa, ["a0"]), ("B", sb, ["b0"]),
                           ("rt", rt, ["r0", "r3"])):
        for s in sniffers(libc, ns, devs):
            watch[s] = name
    icmp = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    icmp.setsockopt(socket.IPPROTO_IP, IP_PKTINFO, 1)
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)

    seen = [[] for _ in specs]
    reached = [False] * len(specs)
    for i, (dev, src, dst, proto, sport, dport, tos, _) in enumerate(specs):
        pid = (id0 + i) & 0xffff
        if proto == "echo":
            msg = struct.pack("!BBHHH", 8, 0, 0, pid, pid) + b"policy"
            msg = msg[:2] + struct.pack("!H", csum(msg)) + msg[4:]
            icmp.setsockopt(socket.IPPROTO_IP, socket.IP_TOS, int(tos, 0))
            icmp.sendto(msg, (dst, 0))
            continue
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE,
                       dev.encode())
        raw.sendto(datagram(src, dst, proto, int(sport), int(dport),
                            int(tos, 0), pid), (dst, 0))
    sent = time.monotonic()

    def probe_of(pid, dst):
        i = (pid - id0) & 0xffff
        if i < len(specs) and specs[i][2] == socket.inet_ntoa(dst):
            return i
        return None

    def settled():
        now = time.monotonic()
        for i, spec in enumerate(specs):
            want = spec[7]
            if want == "silence":
                if not reached[i] or now - sent < wait:
                    return False
            elif not seen[i]:
                return False
        return True

    while not settled():
        left = sent + wait + 8 - time.monotonic()
        if left <= 0:
            break
        ready = select.select(list(watch) + [icmp], [], [], min(left, 0.2))[0]
        for s in ready:
            if s is icmp:
                pkt, anc, _, (frm, _) = icmp.recvmsg(
                    2048, socket.CMSG_SPACE(12))
                ihl = (pkt[0] & 0xf) * 4
                typ, code = pkt[ihl], pkt[ihl + 1]
                if typ == 0:
                    i = probe_of(struct.unpack("!H", pkt[ihl + 4:ihl + 6])[0],
                                 pkt[12:16])
                    if i is not None and specs[i][3] == "echo":
                        ifx = struct.unpack("i", anc[0][2][:4])[0]
                        seen[i].append(socket.if_indextoname(ifx))
                    continue
                q = pkt[ihl + 8:]
                if typ != 3 or len(q) < 20:
                    continue
                i = probe_of(struct.unpack("!H", q[4:6])[0], q[16:20])
                if i is not None and specs[i][3] != "echo":
                    seen[i].append("icmp %d/%d from %s" % (typ, code, frm))
                continue
            pkt, addr = s.recvfrom(2048)
            if (addr[1] != ETH_P_IP or addr[2] == socket.PACKET_OUTGOING or
                    len(pkt) < 20):
                continue
            i = probe_of(struct.unpack("!H", pkt[4:6])[0], pkt[16:20])
            if i is None or specs[i][3] == "echo":
                continue
            if watch[s] == "rt":
                reached[i] = True
            else:
                seen[i].append(watch[s])
    for i, spec in enumerate(specs):
        if seen[i]:
            print("+".join(seen[i]))
        elif spec[3] != "echo" and not reached[i]:
            print("lost before " + rt)
        else:
            print("silence")


main()
