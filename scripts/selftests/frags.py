#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send crafted IPv4 fragments from IFACE to DST_MAC and check what comes
back from DST_IP.

  frags.py IFACE DST_MAC SRC_IP DST_IP MODE [WAIT]

MODE:
  inorder, outoforder, dup  a 3000-byte echo request in three fragments of
                            1000 payload bytes (the third: 980), in order,
                            as 3,1,2, or as 1,2,2,3; exactly one echo reply
                            must come back, whole and byte-exact once the
                            fragments the stock output path made of it are
                            put together
  subset, overlap           [0,8) then [0,1000); [0,1000) then [992,2000):
                            no ICMP at all may come back within WAIT s
  ragged                    the same echo, its first fragment (MF) 1004
                            bytes long: cut to 1000 as stock Linux cuts it,
                            so the echo completes and one reply comes back
  ragged-overlap            [0,1000), [1000,1999) with MF (cut to 1992),
                            the final [2000,2980), then [1000,2000): that
                            overlaps the cut fragment, the datagram is
                            dropped and no ICMP comes back within WAIT s
  ragged-empty              [1000,2000), the final [2000,2980), then 5
                            bytes at 0 with MF (nothing left after the cut):
                            the datagram is dropped, no ICMP within WAIT s
  first                     only the first fragment: exactly one ICMP 11/1
                            quoting that fragment, once the dut's
                            reassembly timer has run
  second                    only the second fragment: no ICMP within WAIT s
  udp                       one UDP datagram of 65507 payload bytes to port
                            9999, in 1480-byte fragments, last to first;
                            prints the payload's sha256
Where an answer is expected, the capture ends a second after it has come
(at most sniff.ANSWER_CAP_S); where silence is, after WAIT s (default 3).
Exits non-zero when what came back is not what MODE expects.
"""
import hashlib
import sys
import time

from scapy.all import (Ether, ICMP, IP, UDP, Raw, conf,
                       get_if_hwaddr, sendp)

from sniff import sniffer_start, wait_answers

conf.verb = 0
# Frames expected back: the echo reply in three fragments, or one ICMP.
ANSWER_FRAMES = {"inorder": 3, "outoforder": 3, "dup": 3, "ragged": 3,
                 "first": 1}
ECHO_ID = 0x4a4a
ECHO_SEQ = 7


def pattern(n, seed):
    return bytes((i * 31 + seed + i // 251) & 0xff for i in range(n))


def fragments(src, dst, ipid, proto, payload, cuts):
    """IP fragments of payload at the byte offsets in cuts, in order."""
    out = []
    bounds = list(cuts) + [len(payload)]
    for i, off in enumerate(bounds[:-1]):
        end = bounds[i + 1]
        mf = end < len(payload)
        out.append(bytes(IP(src=src, dst=dst, id=ipid, proto=proto,
                            flags="MF" if mf else 0, frag=off // 8) /
                         Raw(payload[off:end])))
    return out


def reassemble(pkts, src):
    """Put together the fragments from src, per IP ID: {id: ip bytes}."""
    by_id = {}
    for p in pkts:
        if IP not in p or p[IP].src != src:
            continue
        ip = p[IP]
        hdr = bytes(ip)[:ip.ihl * 4]
        data = bytes(ip)[ip.ihl * 4:ip.len]
        by_id.setdefault(ip.id, []).append((ip.frag * 8, ip.flags.MF, hdr,
                                            data))
    whole = {}
    for ipid, frs in by_id.items():
        frs.sort(key=lambda f: f[0])
        if frs[0][0] != 0 or frs[-1][1]:
            continue
        data = b""
        for off, _, _, d in frs:
            if off != len(data):
                break
            data += d
        else:
            whole[ipid] = (frs[0][2], data)
    return whole


def main():
    iface, dmac, src, dst, mode = sys.argv[1:6]
    wait = float(sys.argv[6]) if len(sys.argv) > 6 else 3
    eth = Ether(src=get_if_hwaddr(iface), dst=dmac, type=0x0800)

    echo_data = pattern(3000 - 28, 5)
    echo = bytes(ICMP(type=8, id=ECHO_ID, seq=ECHO_SEQ) / Raw(echo_data))
    f = fragments(src, dst, 0x5151, 1, echo, [0, 1000, 2000])

    def frag(ipid, start, end, mf):
        """echo[start:end] as a fragment at start, which may not be a
        multiple of 8 bytes long."""
        return bytes(IP(src=src, dst=dst, id=ipid, proto=1,
                        flags="MF" if mf else 0, frag=start // 8) /
                     Raw(echo[start:end]))

    send = {
        "inorder": [f[0], f[1], f[2]],
        "outoforder": [f[2], f[0], f[1]],
        "dup": [f[0], f[1], f[1], f[2]],
        "subset": [bytes(IP(src=src, dst=dst, id=0x5252, proto=1,
                            flags="MF") / Raw(echo[:8])),
                   bytes(IP(src=src, dst=dst, id=0x5252, proto=1,
                            flags="MF") / Raw(echo[:1000]))],
        "overlap": [bytes(IP(src=src, dst=dst, id=0x5353, proto=1,
                             flags="MF") / Raw(echo[:1000])),
                    bytes(IP(src=src, dst=dst, id=0x5353, proto=1,
                             flags="MF", frag=992 // 8) /
                          Raw(echo[992:2000]))],
        "ragged": [frag(0x5555, 0, 1004, True), frag(0x5555, 1000, 2000, True),
                   frag(0x5555, 2000, len(echo), False)],
        "ragged-overlap": [frag(0x5656, 0, 1000, True),
                           frag(0x5656, 1000, 1999, True),
                           frag(0x5656, 2000, len(echo), False),
                           frag(0x5656, 1000, 2000, True)],
        "ragged-empty": [frag(0x5757, 1000, 2000, True),
                         frag(0x5757, 2000, len(echo), False),
                         frag(0x5757, 0, 5, True)],
        "first": [f[0]],
        "second": [f[1]],
    }
    if mode == "udp":
        data = pattern(65507, 9)
        # The UDP checksum covers the addresses: build it under IP.
        udp = bytes(IP(src=src, dst=dst, proto=17) / UDP(sport=4444,
                                                         dport=9999) /
                    Raw(data))[20:]
        frs = fragments(src, dst, 0x5454, 17, udp,
                        range(0, len(udp), 1480))
        for fr in reversed(frs):
            sendp(eth / Raw(fr), iface=iface)
        print("sent %d fragments, sha256 %s" %
              (len(frs), hashlib.sha256(data).hexdigest()))
        return 0

    seen = []
    sniffer = sniffer_start(iface=iface, filter="icmp and src host " + dst,
                            store=True, prn=seen.append)
    for fr in send[mode]:
        sendp(eth / Raw(fr), iface=iface)
    print("sent %d fragments (%s)" % (len(send[mode]), mode))
    if mode in ANSWER_FRAMES:
        wait_answers(seen, ANSWER_FRAMES[mode])
    else:
        time.sleep(wait)
    got = sniffer.stop()
    print("saw %d ICMP frames from %s" % (len(got), dst))

    if mode in ("inorder", "outoforder", "dup", "ragged"):
        whole = reassemble(got, dst)
        replies = [(h, d) for h, d in whole.values() if d[:1] == b"\0"]
        if len(replies) != 1:
            print("expected one echo reply, got %d" % len(replies))
            return 1
        hdr, data = replies[0]
        want = bytes(ICMP(type=0, id=ECHO_ID, seq=ECHO_SEQ) / Raw(echo_data))
        print("reply: %d bytes in %d frames" % (20 + len(data), len(got)))
        if data != want:
            print("reply bytes differ")
            return 1
        return 0
    if mode == "first":
        errs = [p for p in got if ICMP in p and p[IP].frag == 0]
        if len(errs) != 1:
            print("expected one ICMP, got %d" % len(errs))
            return 1
        icmp = errs[0][ICMP]
        quoted = bytes(icmp.payload)
        print("ICMP type %d code %d, %d bytes quoted" %
              (icmp.type, icmp.code, len(quoted)))
        want = f[0][:548]
        if (icmp.type, icmp.code) != (11, 1) or quoted != want:
            print("expected 11/1 quoting the first 548 bytes of fragment 1")
            return 1
        return 0
    if got:
        print("expected silence")
        return 1
    return 0


sys.exit(main())
