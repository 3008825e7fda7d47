#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send first fragments that never complete, with random IDs, as fast as a
raw socket allows, for SECONDS. Each holds a reassembly queue on the
receiver until it times out or is evicted.

  fragflood.py SRC DST SECONDS
"""
import os
import socket
import struct
import sys
import time


def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def main():
    src, dst, secs = socket.inet_aton(sys.argv[1]), socket.inet_aton(sys.argv[2]), float(sys.argv[3])
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    payload = b"f" * 1000
    end = time.time() + secs
    n = 0
    while time.time() < end:
        for _ in range(100):
            ident = struct.unpack("!H", os.urandom(2))[0]
            hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident,
                              0x2000, 64, 17, 0, src, dst)
            hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
            try:
                s.sendto(hdr + payload, (sys.argv[2], 0))
                n += 1
            except OSError:
                pass
    print("sent", n, flush=True)


main()
