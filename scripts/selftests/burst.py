#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send a burst of datagrams and count the ICMP errors that come back.

  burst.py IFACE DST_MAC COUNT SRC DST TTL [KIND]

KIND is "udp" (the default) or "icmp-error": ICMP 3/3 messages, about
which no ICMP error may be sent (RFC 1122 3.2.2).

Builds COUNT frames first, sends them in one go, listens 3 s longer, then
prints one line per ICMP type and code seen, "ICMP TYPE/CODE N", and
"TOTAL N" (every ICMP error addressed to SRC).
"""
import sys
import time
from collections import Counter

from scapy.all import Ether, ICMP, IP, Raw, UDP, conf, get_if_hwaddr, sendp

from sniff import sniffer_start

conf.verb = 0


def main():
    iface, dmac, count, src, dst, ttl = sys.argv[1:7]
    kind = sys.argv[7] if len(sys.argv) > 7 else "udp"
    smac = get_if_hwaddr(iface)
    if kind == "udp":
        payload = UDP(sport=41000, dport=33434) / Raw(b"burst")
    elif kind == "icmp-error":
        payload = (ICMP(type=3, code=3) /
                   IP(src=dst, dst=src) / UDP(sport=33434, dport=41000))
    else:
        sys.exit("burst.py: unknown KIND %r" % kind)
    frames = [Ether(src=smac, dst=dmac) /
              IP(src=src, dst=dst, ttl=int(ttl), id=i + 1) / payload
              for i in range(int(count))]
    sniffer = sniffer_start(iface=iface, store=True,
                            lfilter=lambda p: ICMP in p and p[IP].dst == src)
    t0 = time.monotonic()
    sendp(frames, iface=iface)
    print("sent %s in %.2f s" % (count, time.monotonic() - t0))
    time.sleep(3)
    seen = Counter((p[ICMP].type, p[ICMP].code) for p in sniffer.stop())
    for (t, c), n in sorted(seen.items()):
        print("ICMP %d/%d %d" % (t, c, n))
    print("TOTAL %d" % sum(seen.values()))


main()
