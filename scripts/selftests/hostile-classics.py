#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The classic fragment and header attacks, as raw frames on a packet
socket (no scapy: it starts slowly under TCG).

  hostile-classics.py CASE IFNAME DSTMAC SRC DST

CASE is one of the functions below; each sends its frames and exits.
"""
import os
import socket
import struct
import sys


def csum(b):
    if len(b) & 1:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


MF = 0x2000


def ip(payload, ident, frag, proto=1, opts=b"", tot=None, ihl=None):
    """An IPv4 header with a right checksum, then payload. frag: flags and
    offset in 8-byte units, as on the wire."""
    if ihl is None:
        ihl = 5 + len(opts) // 4
    if tot is None:
        tot = 20 + len(opts) + len(payload)
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, tot, ident, frag, 64,
                    proto, 0, SRC, DST) + opts
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def echo(n, ident):
    """An ICMP echo request with n bytes of data."""
    data = bytes((i * 7) & 0xff for i in range(n))
    m = struct.pack("!BBHHH", 8, 0, 0, ident, 1) + data
    return m[:2] + struct.pack("!H", csum(m)) + m[4:]


def ident():
    return struct.unpack("!H", os.urandom(2))[0]


def fragments(payload, i, size, first_opts=b""):
    """payload cut into fragments of size bytes (a multiple of 8)."""
    out = []
    for off in range(0, len(payload), size):
        chunk = payload[off:off + size]
        more = MF if off + size < len(payload) else 0
        out.append(ip(chunk, i, more | off // 8,
                      opts=first_opts if off == 0 else b""))
    return out


def teardrop():
    """As published: 36 bytes with MF at offset 0 (not a multiple of 8:
    cut to 32), then 4 bytes at offset 24, final, ending before data
    held: the datagram is dropped."""
    i = ident()
    return [ip(b"\0" * 36, i, MF, proto=17), ip(b"\0" * 4, i, 3, proto=17)]


def teardrop_aligned():
    """40 bytes with MF, then a final fragment at 24 that ends at 28,
    before data already held: the datagram is dropped."""
    i = ident()
    return [ip(b"\0" * 40, i, MF, proto=17), ip(b"\0" * 4, i, 3, proto=17)]


def teardrop_overlap():
    """40 bytes with MF, then 32 bytes at 24 with MF: a partial overlap."""
    i = ident()
    return [ip(b"\0" * 40, i, MF, proto=17), ip(b"\0" * 32, i, MF | 3,
                                                 proto=17)]


def teardrop_inside():
    """An echo request: 40 bytes with MF, 16 bytes at 16 with MF (wholly
    inside: a duplicate), then the last 8 bytes: the echo completes."""
    i = ident()
    m = echo(40, i)
    return [ip(m[:40], i, MF), ip(m[16:32], i, MF | 2), ip(m[40:], i, 5)]


def ping_of_death():
    """1480 bytes at 0, then a final fragment at 65512 with 24 bytes: the
    datagram would end at 65536 + 20."""
    i = ident()
    m = echo(1480 + 24, i)
    return [ip(m[:1480], i, MF), ip(m[1480:], i, 65512 // 8)]


def ping_of_death_opts():
    """A 65515-byte echo (the largest with a 20-byte header) whose first
    fragment has a 4-byte option area: 65539 bytes reassembled. 1472
    bytes a fragment, so that the first fits the MTU of 1500."""
    i = ident()
    return fragments(echo(65515 - 8, i), i, 1472, b"\x01\x01\x01\x00")


def ping_max():
    """The same 65515-byte echo without the options: exactly 65535 bytes,
    reassembled and answered."""
    i = ident()
    return fragments(echo(65515 - 8, i), i, 1480)


def zero_length():
    """No payload: with MF at offset 80, and final at offset 80."""
    i = ident()
    return [ip(b"", i, MF | 10, proto=17), ip(b"", i, 10, proto=17)]


def mf_offset0_empty():
    """MF, offset 0, no payload."""
    return [ip(b"", ident(), MF, proto=17)]


def ihl_past_total():
    """IHL 15 (60 bytes) and a total length of 40: once with the whole 60
    bytes in the frame (checksum right), once with 40."""
    opts = b"\x01" * 40
    a = ip(b"", ident(), 0, proto=17, opts=opts, tot=40)
    return [a, a[:40]]


def main():
    global SRC, DST
    case, ifname, dmac = sys.argv[1], sys.argv[2], sys.argv[3]
    SRC, DST = socket.inet_aton(sys.argv[4]), socket.inet_aton(sys.argv[5])
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((ifname, 0))
    smac = open("/sys/class/net/%s/address" % ifname).read().strip()
    eth = bytes.fromhex(dmac.replace(":", "")) + \
        bytes.fromhex(smac.replace(":", "")) + b"\x08\x00"
    frames = globals()[case.replace("-", "_")]()
    for f in frames:
        s.send(eth + f)
    print(len(frames))


main()
