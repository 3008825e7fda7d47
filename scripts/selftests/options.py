#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""IP options scenarios for options.sh.

  options.py send IFACE DST_MAC SRC_IP DST_IP PHASE
      Send PHASE's crafted datagrams from IFACE and check, byte for byte,
      what comes back: echo replies with their options, ICMP Parameter
      Problems with their pointer and quote, or silence. Exits non-zero on
      any mismatch.
  options.py recv ADDR PORT COUNT
      Receive COUNT UDP datagrams with IP_RECVOPTS; print "opts=<hex>
      data=<hex>" for each (exits non-zero after 60 s without one).

Phases: "main" (accept_source_route off) and "srr" (on).
"""
import socket
import sys
import time

from scapy.all import Ether, ICMP, IP, UDP, Raw, conf, get_if_hwaddr, sendp

from sniff import ANSWER_CAP_S, sniffer_start, wait_answers

conf.verb = 0

DAY_MS = 86400 * 1000


def ms_since_midnight_utc():
    return int(time.time() * 1000) % DAY_MS


def ip4(a):
    return socket.inet_aton(a)


def raw_ip(src, dst, opts, payload, proto):
    """An IPv4 datagram with the option bytes given verbatim."""
    assert len(opts) % 4 == 0
    ihl = 5 + len(opts) // 4
    pkt = IP(src=src, dst=dst, ihl=ihl, proto=proto, id=0x5151,
             options=[]) / Raw(payload)
    b = bytearray(bytes(pkt))
    # Rebuild the header with our options: scapy's option encoder would
    # "fix" malformed ones.
    hdr = bytearray(b[:20])
    hdr[0] = 0x40 | ihl
    tot = ihl * 4 + len(payload)
    hdr[2:4] = tot.to_bytes(2, "big")
    hdr[10:12] = b"\0\0"
    full = bytes(hdr) + bytes(opts)
    s = sum(int.from_bytes(full[i:i + 2], "big") for i in range(0, len(full), 2))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    full = bytearray(full)
    full[10:12] = (~s & 0xffff).to_bytes(2, "big")
    return bytes(full) + payload


def echo_payload(ident, seq):
    data = bytes(range(0x20, 0x20 + 16))
    return bytes(ICMP(type=8, id=ident, seq=seq) / data)


class Case:
    def __init__(self, name, opts, want=None, pointer=None, silent=False,
                 time_at=None):
        self.name, self.opts = name, bytes(opts)
        self.want, self.pointer, self.silent = want, pointer, silent
        self.time_at = time_at or []  # offsets of timestamps in the reply options


def main_cases(me):
    m = list(ip4(me))
    z4 = [0, 0, 0, 0]
    return [
        Case("RR, two slots", [7, 11, 4] + z4 + z4 + [0],
             want=[7, 11, 8] + m + z4 + [0]),
        Case("TS flag 0", [68, 12, 5, 0] + z4 + z4,
             want=[68, 12, 9, 0] + z4 + z4, time_at=[4]),
        Case("TS flag 1", [68, 20, 5, 1] + z4 * 4,
             want=[68, 20, 13, 1] + m + z4 + z4 * 2, time_at=[8]),
        Case("TS flag 3", [68, 20, 5, 3] + m + z4 + [10, 0, 0, 9] + z4,
             want=[68, 20, 13, 3] + m + z4 + [10, 0, 0, 9] + z4, time_at=[8]),
        Case("TS full, overflow counted", [68, 12, 13, 0x21, 1, 2, 3, 4, 5, 6, 7, 8],
             want=[68, 12, 13, 0x31, 1, 2, 3, 4, 5, 6, 7, 8]),
        Case("unknown removed, EOL tail zeroed",
             [130, 4, 0, 0, 7, 7, 4] + z4 + [0, 0xaa, 0xbb, 0xcc, 0xdd],
             want=[7, 7, 8] + m + [0]),
        Case("only an unknown option", [136, 4, 1, 2], want=[]),
        Case("router alert", [148, 4, 0, 0], want=[148, 4, 0, 0]),
        # Errors: ICMP 12/0 pointing at the offending byte.
        Case("TS overflow counter full", [68, 12, 13, 0xf1, 192, 168, 1, 12, 1, 2, 3, 4],
             pointer=23),
        Case("RR pointer 3", [7, 8, 3, 0] + z4, pointer=22),
        Case("option length 0", [68, 0, 9, 0, 1, 2, 3, 4], pointer=20),
        Case("duplicate RR", [7, 7, 8, 1, 2, 3, 4, 7, 7, 8, 1, 2, 3, 4, 0, 0],
             pointer=27),
        Case("length past the header", [1, 1, 7, 7, 4, 0, 0, 0], pointer=22),
        Case("router alert value 1", [148, 4, 0, 1], pointer=22),
        # Source routes, refused while accept_source_route is off.
        Case("LSRR", [131, 7, 8] + m + [0], silent=True),
        Case("SSRR", [137, 7, 8] + m + [0], silent=True),
    ]


def srr_cases(me):
    m = list(ip4(me))
    return [
        # Used up: this host is the final destination; the reply does not
        # carry the source route, only the EOL that followed it.
        Case("LSRR used up", [131, 7, 8] + m + [0], want=[0, 0, 0, 0]),
        Case("SSRR used up", [137, 7, 8] + m + [0], want=[0, 0, 0, 0]),
        # A hop left means forwarding, which ipv4alt does not do.
        Case("LSRR with a hop left", [131, 7, 4, 10, 0, 0, 9, 0], silent=True),
    ]


UDP_OPTS = [
    ("RR", [7, 7, 4, 0, 0, 0, 0, 0]),
    ("RA", [148, 4, 0, 0]),
]


def send(iface, dmac, src, dst, phase):
    smac = get_if_hwaddr(iface)
    eth = Ether(src=smac, dst=dmac, type=0x0800)
    cases = main_cases(dst) if phase == "main" else srr_cases(dst)
    seen = []
    sniffer = sniffer_start(iface=iface, filter="icmp and src host %s" % dst,
                            store=True, prn=seen.append)
    sent = {}
    for i, c in enumerate(cases):
        ident, seq = 0x4f00 + i, i + 1
        pkt = raw_ip(src, dst, c.opts, echo_payload(ident, seq), 1)
        # The dut stamps the reply after this and before the peer
        # captures it: both ends of the window are exact.
        sent[seq] = (c, pkt, ms_since_midnight_utc())
        sendp(eth / Raw(pkt), iface=iface)
        time.sleep(0.2)
    if phase == "main":
        for i, (_, opts) in enumerate(UDP_OPTS):
            payload = bytes(UDP(sport=4000 + i, dport=5000) / Raw(b"opt%d" % i))
            # UDP checksum 0: none (RFC 768), as the header is built raw.
            payload = payload[:6] + b"\0\0" + payload[8:]
            sendp(eth / Raw(raw_ip(src, dst, opts, payload, 17)), iface=iface)
    # The dut answers in order: a silence is over once a later answer is in.
    wait_answers(seen, sum(1 for c in cases if not c.silent))
    got = sniffer.stop()

    ok = True

    def check(what, have, want):
        nonlocal ok
        good = have == want
        print("%s: %s" % (what, "ok" if good else "MISMATCH %r, want %r" % (have, want)))
        ok &= good

    by_seq = {}
    for p in got:
        b = bytes(p[IP])
        ihl = (b[0] & 0xf) * 4
        icmp = b[ihl:]
        if icmp[0] == 0:
            seq = int.from_bytes(icmp[6:8], "big")
        elif icmp[0] == 12:
            inner = icmp[8:]
            iihl = (inner[0] & 0xf) * 4
            seq = int.from_bytes(inner[iihl + 6:iihl + 8], "big")
        else:
            print("unexpected ICMP type %d" % icmp[0])
            ok = False
            continue
        by_seq.setdefault(seq, []).append((b, p.time))

    for seq, (c, req, sent_ms) in sent.items():
        replies = by_seq.pop(seq, [])
        if c.silent:
            check(c.name + ": silence", len(replies), 0)
            continue
        if len(replies) != 1:
            check(c.name + ": replies", len(replies), 1)
            continue
        b, rx_time = replies[0]
        rx_ms = int(rx_time * 1000) % DAY_MS
        ihl = (b[0] & 0xf) * 4
        check(c.name + ": source", socket.inet_ntoa(b[12:16]), dst)
        check(c.name + ": total length", int.from_bytes(b[2:4], "big"), len(b))
        s = sum(int.from_bytes(b[i:i + 2], "big") for i in range(0, ihl, 2))
        while s >> 16:
            s = (s & 0xffff) + (s >> 16)
        check(c.name + ": header checksum", s, 0xffff)
        icmp = b[ihl:]
        if c.pointer is not None:
            check(c.name + ": ICMP type/code", (icmp[0], icmp[1]), (12, 0))
            check(c.name + ": pointer", icmp[4], c.pointer)
            check(c.name + ": unused", icmp[5:8], b"\0\0\0")
            check(c.name + ": error IHL", ihl, 20)
            check(c.name + ": quote", icmp[8:], req)
            continue
        opts = bytearray(b[20:ihl])
        want = bytearray(c.want)
        for off in c.time_at:
            t = int.from_bytes(opts[off:off + 4], "big")
            # Between the send and the capture, modulo midnight (RFC 791:
            # milliseconds since midnight UTC), 1 ms either side for the
            # float seconds' rounding.
            low, high = sent_ms - 1, rx_ms + 1
            span = (high - low) % DAY_MS
            plausible = (span <= (ANSWER_CAP_S + 1) * 1000 and
                         (t - low) % DAY_MS <= span)
            print("%s: timestamp %d ms, sent at %d, captured at %d: %s" %
                  (c.name, t, sent_ms, rx_ms,
                   "ok" if plausible else "IMPLAUSIBLE"))
            ok &= plausible
            opts[off:off + 4] = b"\0\0\0\0"
        check(c.name + ": reply options", opts.hex(), want.hex())
        want_icmp = bytearray(echo_payload(0x4f00 + seq - 1, seq))
        want_icmp[0] = 0
        want_icmp[2:4] = b"\0\0"
        cs = sum(int.from_bytes(want_icmp[i:i + 2], "big") for i in range(0, len(want_icmp), 2))
        while cs >> 16:
            cs = (cs & 0xffff) + (cs >> 16)
        want_icmp[2:4] = (~cs & 0xffff).to_bytes(2, "big")
        check(c.name + ": ICMP message", icmp.hex(), want_icmp.hex())
    for seq, extra in by_seq.items():
        print("unexpected reply for seq %d" % seq)
        ok = False
    sys.exit(0 if ok else 1)


def recv(addr, port, count):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_RECVOPTS, 1)
    s.bind((addr, port))
    s.settimeout(60)
    print("bound", flush=True)
    for _ in range(count):
        data, anc, _, _ = s.recvmsg(2048, socket.CMSG_SPACE(40))
        opts = b""
        for level, typ, val in anc:
            if level == socket.IPPROTO_IP and typ == socket.IP_RECVOPTS:
                opts = val
        print("opts=%s data=%s" % (opts.hex(), data.hex()), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "send":
        send(*sys.argv[2:7])
    elif sys.argv[1] == "recv":
        recv(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit(__doc__)
