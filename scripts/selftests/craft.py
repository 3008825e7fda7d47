#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send a fixed set of crafted IPv4 frames from IFACE to DST_MAC and check the
one echo reply that must come back, byte for byte.

  craft.py IFACE DST_MAC SRC_IP DST_IP

Prints one line per class of frame sent; exits non-zero if the reply is
missing, duplicated or not the expected bytes.
"""
import sys
import time

from scapy.all import (Ether, ICMP, IP, IPOption_NOP, Raw,
                       conf, get_if_hwaddr, sendp)

from sniff import sniffer_start

conf.verb = 0


def raw_ip(pkt):
    """The bytes of an IP packet, with checksum and length filled in."""
    return bytes(pkt)


def with_bytes(b, off, val):
    b = bytearray(b)
    b[off] = val
    return bytes(b)


def main():
    iface, dmac, src, dst = sys.argv[1:5]
    smac = get_if_hwaddr(iface)
    eth = Ether(src=smac, dst=dmac, type=0x0800)
    payload = bytes(range(0x10, 0x10 + 48))
    good = IP(src=src, dst=dst, id=0x4242) / ICMP(id=0x77, seq=9) / payload
    udp_like = IP(src=src, dst=dst, proto=17) / Raw(b"\0" * 8)

    frames = []  # (label, ip bytes, copies)
    # An echo request followed by 10 bytes of link padding: answered once.
    frames.append(("echo with padding", raw_ip(good) + b"\xee" * 10, 1))
    bad_csum = bytearray(raw_ip(udp_like))
    bad_csum[10] ^= 0xff
    frames.append(("bad header checksum", bytes(bad_csum), 2))
    frames.append(("version 5", raw_ip(IP(bytes(udp_like))).replace(b"\x45", b"\x55", 1), 1))
    frames.append(("IHL 4", raw_ip(IP(src=src, dst=dst, ihl=4, proto=17) / Raw(b"\0" * 8)), 1))
    frames.append(("total length 16", raw_ip(IP(src=src, dst=dst, len=16, proto=17) / Raw(b"\0" * 8)), 1))
    frames.append(("10-byte frame", raw_ip(udp_like)[:10], 1))
    frames.append(("total length past the frame", raw_ip(IP(src=src, dst=dst, len=100, proto=17) / Raw(b"\0" * 8))[:28], 3))
    for s in ("224.0.0.9", "255.255.255.255", "0.0.0.0", "0.1.2.3"):
        frames.append(("source " + s, raw_ip(IP(src=s, dst=dst, proto=17) / Raw(b"\0" * 8)), 1))
    frames.append(("fragment", raw_ip(IP(src=src, dst=dst, flags="MF", proto=17) / Raw(b"\0" * 8)), 2))
    frames.append(("options", raw_ip(IP(src=src, dst=dst, proto=17, options=[IPOption_NOP()] * 4) / Raw(b"\0" * 8)), 1))
    bad_icmp = bytearray(raw_ip(IP(src=src, dst=dst, id=0x4343) / ICMP(id=0x78, seq=1) / payload))
    bad_icmp[20 + 2] ^= 0x55
    frames.append(("echo with bad ICMP checksum", bytes(bad_icmp), 1))
    frames.append(("not for this host", raw_ip(IP(src=src, dst="10.0.0.99", proto=17) / Raw(b"\0" * 8)), 2))

    sniffer = sniffer_start(iface=iface, filter="icmp", store=True)
    for label, b, n in frames:
        for _ in range(n):
            sendp(eth / Raw(b), iface=iface)
        print("sent %d x %s" % (n, label))
    # Also one frame for another host at layer 2: not even counted.
    sendp(Ether(src=smac, dst="02:00:00:00:00:99") / Raw(raw_ip(udp_like)), iface=iface)
    print("sent 1 x other host's MAC")
    time.sleep(2)
    got = sniffer.stop()

    replies = [p for p in got if ICMP in p and p[ICMP].type == 0]
    if len(replies) != 1:
        sys.exit("expected exactly one echo reply, saw %d" % len(replies))
    r = replies[0][IP]
    want_icmp = bytes(ICMP(type=0, id=0x77, seq=9) / payload)
    checks = [
        ("reply source", r.src, dst),
        ("reply destination", r.dst, src),
        ("reply TTL", r.ttl, int(sys.argv[5]) if len(sys.argv) > 5 else 64),
        ("reply total length", r.len, 20 + 8 + len(payload)),
        ("reply IHL", r.ihl, 5),
        ("reply bytes after the IP header", bytes(r.payload), want_icmp),
    ]
    ok = True
    for what, have, want in checks:
        print("%s: %s %s" % (what, "ok" if have == want else "MISMATCH", have if have == want else (have, want)))
        ok &= have == want
    # The header checksum must verify.
    hdr = bytes(r)[:20]
    s = sum(int.from_bytes(hdr[i:i + 2], "big") for i in range(0, 20, 2))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    print("reply header checksum:", "ok" if s == 0xffff else "BAD")
    ok &= s == 0xffff
    sys.exit(0 if ok else 1)


main()
