#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send one crafted UDP or TCP datagram and report the ICMP error, if any.

  rules-probe.py DEV SRC DST PROTO SPORT DPORT TOS ID WAIT

The datagram (IP ID ID, TOS byte TOS, source SRC, which need not be an
address of this host) leaves through DEV by a raw socket. Without scapy,
so that a probe costs a python start only. Then, for up to WAIT seconds,
it waits for an ICMP destination unreachable that quotes it and prints
"icmp TYPE/CODE from ADDR", or "none" when none came. WAIT 0 only sends.
"""
import select
import socket
import struct
import sys
import time


def main():
    dev, src, dst, proto, sport, dport, tos, ipid, wait = sys.argv[1:10]
    sport, dport, tos, ipid = int(sport), int(dport), int(tos, 0), int(ipid)
    wait = float(wait)
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

    icmp = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    out = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    out.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, dev.encode())
    out.sendto(hdr + l4, (dst, 0))
    if wait == 0:
        return
    end = time.monotonic() + wait
    while True:
        left = end - time.monotonic()
        if left <= 0 or not select.select([icmp], [], [], left)[0]:
            print("none")
            return
        pkt, (frm, _) = icmp.recvfrom(2048)
        ihl = (pkt[0] & 0xf) * 4
        typ, code = pkt[ihl], pkt[ihl + 1]
        q = pkt[ihl + 8:]
        if typ != 3 or len(q) < 20:
            continue
        qid, = struct.unpack("!H", q[4:6])
        if qid == ipid and q[16:20] == socket.inet_aton(dst):
            print("icmp %d/%d from %s" % (typ, code, frm))
            return


main()
