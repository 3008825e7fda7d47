#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send COUNT datagrams' worth of fragments that never complete: for each
ID from FIRST_ID on, fragments FROM..TO-1 of 1480 payload bytes, all with MF
set, so each datagram holds a reassembly queue on the receiver.

  memfrags.py SRC DST FIRST_ID COUNT FROM TO
"""
import socket
import struct
import sys


def main():
    src, dst = socket.inet_aton(sys.argv[1]), socket.inet_aton(sys.argv[2])
    first, count, lo, hi = (int(a) for a in sys.argv[3:7])
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    payload = b"m" * 1480
    for ident in range(first, first + count):
        for k in range(lo, hi):
            # The kernel fills in the header checksum of IP_HDRINCL
            # datagrams.
            hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload),
                              ident, 0x2000 | (k * len(payload) // 8), 64,
                              17, 0, src, dst)
            s.sendto(hdr + payload, (sys.argv[2], 0))


main()
