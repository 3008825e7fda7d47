#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The crafted part of mib-stock.sh's traffic mix: frames that no socket
sends, sent once each from IFACE to DST_MAC.

  mibmix.py IFACE DST_MAC SRC_IP DST_IP

- a UDP datagram with a bad header checksum;
- a datagram of protocol 253 (no handler, no raw socket: ICMP 3/2);
- the first fragment (MF, offset 0) of a datagram whose other fragments
  never come: it times out after ipfrag_time (ICMP 11/1).

Prints the number of frames sent.
"""
import sys

from scapy.all import Ether, IP, UDP, Raw, conf, get_if_hwaddr, sendp

conf.verb = 0


def main():
    iface, dmac, src, dst = sys.argv[1:5]
    eth = Ether(src=get_if_hwaddr(iface), dst=dmac, type=0x0800)
    payload = bytes(range(0x20, 0x20 + 24))

    bad_csum = bytearray(bytes(IP(src=src, dst=dst, id=0x4d01) /
                               UDP(sport=7000, dport=7001) / payload))
    bad_csum[10] ^= 0xff
    unknown = bytes(IP(src=src, dst=dst, id=0x4d02, proto=253) / payload)
    # 8 bytes of UDP header and 24 of data: a multiple of 8, as a
    # fragment with MF must carry.
    first_frag = bytes(IP(src=src, dst=dst, id=0x4d03, flags="MF", proto=17) /
                       Raw(bytes(UDP(sport=7000, dport=7002, len=8 + 1000)) +
                           payload))
    frames = [bytes(bad_csum), unknown, first_frag]
    for b in frames:
        sendp(eth / Raw(b), iface=iface)
    print("sent %d crafted frames" % len(frames))


if __name__ == "__main__":
    main()
