#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Peer side of the TCP path MTU check: accept one connection on PORT, see
the peer's data segment, then send it ICMP 3/4 (MTU) quoting a segment at
its snd_nxt, so that tcp_v4_err() takes it as in window.

  pmtu.py IFACE DST_MAC PORT MTU
"""
import socket
import sys
import threading
import time

from scapy.all import (Ether, ICMP, IP, TCP, Raw, conf,
                       get_if_hwaddr, sendp)

from sniff import sniffer_start

conf.verb = 0
iface, dmac, port, mtu = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
smac = get_if_hwaddr(iface)

seen = threading.Event()


def data_segment(p):
    if TCP in p and p[TCP].dport == port and len(p[TCP].payload) > 0:
        seen.set()
        return True
    return False


sn = sniffer_start(iface=iface, store=True, lfilter=data_segment)
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("0.0.0.0", port))
ls.listen(1)
ls.settimeout(60)
print("ready", flush=True)
c, _ = ls.accept()
c.settimeout(10)
got = c.recv(1000)
# Until the sniffer, slower than the socket on a slowed guest, has it.
seen.wait(30)
segs = sn.stop()
if not segs:
    sys.exit("no data segment seen")
s = segs[-1]
nxt = s[TCP].seq + len(s[TCP].payload)
quote = bytes(IP(src=s[IP].src, dst=s[IP].dst, id=s[IP].id) /
              TCP(sport=s[TCP].sport, dport=port, seq=nxt, ack=s[TCP].ack,
                  flags="A"))[:28]
err = (IP(src=s[IP].dst, dst=s[IP].src) /
       ICMP(type=3, code=4, nexthopmtu=mtu) / Raw(quote))
sendp(Ether(src=smac, dst=dmac) / err, iface=iface)
print("sent ICMP 3/4 mtu %d for seq %d" % (mtu, nxt), flush=True)
time.sleep(1)
c.close()
