#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send the crafted IPv4 frames of one kind of drop, for drop-reasons.sh.

  drops.py IFACE DST_MAC SRC_IP DST_IP KIND

Plain AF_PACKET and struct, no scapy: a scenario calls it once per kind,
and scapy's start costs seconds under TCG.
"""
import socket
import struct
import sys


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ip(src, dst, payload=b"\0" * 8, proto=17, ttl=64, ident=0x4242,
       frag=0, ver_ihl=0x45, tot_len=None):
    """An IPv4 header (no options) with a right checksum, then payload."""
    if tot_len is None:
        tot_len = 20 + len(payload)
    h = struct.pack("!BBHHHBBH4s4s", ver_ihl, 0, tot_len, ident, frag, ttl,
                    proto, 0, socket.inet_aton(src), socket.inet_aton(dst))
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


MF = 0x2000
SINK = "10.9.9.9"


def frames(kind, src, dst):
    other = "10.0.0.99"   # on the link, not the dut's: forwarded or not local
    if kind == "bad-header":
        return [ip(src, dst, ver_ihl=0x55)]
    if kind == "bad-csum":
        b = bytearray(ip(src, dst))
        b[10] ^= 0xff
        return [bytes(b)]
    if kind == "truncated":
        return [ip(src, dst, tot_len=100)]
    if kind == "martian-source":
        return [ip("0.1.2.3", dst)]
    if kind == "not-local":
        return [ip(src, other)]
    if kind == "mcast-not-joined":
        return [ip(src, "239.1.2.3")]
    if kind == "unknown-proto":
        return [ip(src, dst, proto=253)]
    if kind == "ttl-expired":
        return [ip(src, other, ttl=1)]
    if kind == "no-route":
        return [ip(src, "192.0.2.1")]
    if kind == "link-local-source":
        return [ip("169.254.1.1", other)]
    if kind == "overlap":
        # 16 bytes at 0, then 16 at 8: not a duplicate, an overlap.
        return [ip(src, dst, b"\1" * 16, ident=0x5151, frag=MF),
                ip(src, dst, b"\2" * 16, ident=0x5151, frag=MF | 1)]
    if kind == "duplicate":
        # The first fragment twice; the datagram waits for the rest.
        f = ip(src, dst, b"\3" * 16, ident=0x5252, frag=MF)
        return [f, f]
    if kind == "frag-echo":
        # An echo request of 3008 bytes in 3 fragments, from "sink" (a
        # source the dut routes to a dummy device).
        icmp = struct.pack("!BBHHH", 8, 0, 0, 0x99, 1) + bytes(range(256)) * 11 + bytes(192)
        icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
        out, off = [], 0
        while off < len(icmp):
            part = icmp[off:off + 1480]
            more = MF if off + len(part) < len(icmp) else 0
            out.append(ip(SINK, dst, part, proto=1, ident=0x5353,
                          frag=more | off // 8))
            off += len(part)
        return out
    sys.exit("unknown kind " + kind)


def main():
    iface, dmac, src, dst, kind = sys.argv[1:6]
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    smac = s.getsockname()[4]
    if kind == "mcast-not-joined":
        dmac = "01:00:5e:01:02:03"
    eth = bytes.fromhex(dmac.replace(":", "")) + smac + b"\x08\x00"
    for f in frames(kind, src, dst):
        s.send(eth + f)
    print("sent %s" % kind)


if __name__ == "__main__":
    main()
