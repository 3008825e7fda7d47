#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send crafted frames and check what comes back, exactly.

  sendrecv.py IFACE DST_MAC [--count N] [--icmp TYPE CODE | --silence] \
      [--reply-from ADDR] IP_EXPR

IP_EXPR is a scapy expression for the IP packet to send (IP(...)/...).
--icmp: exactly one ICMP error of that type and code must come back, from
  --reply-from (default: the packet's destination), quoting the sent
  datagram (up to 548 bytes), with valid IP and ICMP checksums.
--silence: no IPv4 packet at all may come back.
--hops N: the error comes from N routers away; the quote then holds the
  datagram as the Nth hop got it: TTL lower by N, header checksum redone.
"""
import argparse
import sys
import time

from scapy.all import (Ether, ICMP, IP, IPOption, Raw, UDP,  # noqa: F401
                       conf, get_if_hwaddr, sendp, checksum)

from sniff import sniffer_start

conf.verb = 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("iface")
    ap.add_argument("dmac")
    ap.add_argument("expr")
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--icmp", nargs=2, type=int)
    ap.add_argument("--silence", action="store_true")
    ap.add_argument("--reply-from")
    ap.add_argument("--hops", type=int, default=0)
    ap.add_argument("--bcast", action="store_true",
                    help="send to the Ethernet broadcast address")
    a = ap.parse_args()

    pkt = eval(a.expr)  # test tooling: the expression comes from our scripts
    sent = bytes(pkt)
    ip = IP(sent)
    smac = get_if_hwaddr(a.iface)
    dmac = "ff:ff:ff:ff:ff:ff" if a.bcast else a.dmac
    frame = Ether(src=smac, dst=dmac, type=0x0800) / Raw(sent)

    sniffer = sniffer_start(iface=a.iface, store=True,
                            lfilter=lambda p: IP in p and p[Ether].src != smac
                            and p[IP].proto != 2)  # IGMP reports: not ours
    for _ in range(a.count):
        sendp(frame, iface=a.iface)
    time.sleep(2)
    got = [p[IP] for p in sniffer.stop()]
    for p in got:
        print("got:", p.summary())

    if a.silence:
        if got:
            sys.exit("expected silence, got %d packets" % len(got))
        print("silence: ok")
        return
    if a.icmp:
        errs = [p for p in got if ICMP in p]
        if len(errs) != 1:
            sys.exit("expected one ICMP message, got %d" % len(errs))
        r = errs[0]
        raw = bytes(r)
        ihl = (raw[0] & 0xf) * 4
        icmp = raw[ihl:]
        want_src = a.reply_from or ip.dst
        quoted = sent
        if a.hops:
            hop = IP(sent)
            hop.ttl -= a.hops
            del hop.chksum
            quoted = bytes(hop)
        checks = [
            ("type/code", (icmp[0], icmp[1]), tuple(a.icmp)),
            ("source", r.src, want_src),
            ("destination", r.dst, ip.src),
            ("IP checksum", checksum(raw[:ihl]), 0),
            ("ICMP checksum", checksum(icmp), 0),
            ("quote", icmp[8:], quoted[:548]),
            ("total length", r.len, len(raw)),
        ]
        ok = True
        for what, have, want in checks:
            good = have == want
            ok &= good
            print("%s: %s" % (what, "ok" if good else "MISMATCH %r != %r" % (have, want)))
        print("second word: 0x%08x" % int.from_bytes(icmp[4:8], "big"))
        print("tos: 0x%02x ttl: %d" % (r.tos, r.ttl))
        if not ok:
            sys.exit(1)


main()
