#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Egress on a selected device: ipv4alt's IDs and fragmenter, DF and the
# local ICMP 3/4, netfilter (output/postrouting rules, conntrack,
# masquerade) and a burst to a fresh neighbour.
#
#   ┌─────────────────────┐         ┌─────────────────────────┐
#   │ $peer (scapy sniff) │  veth   │ $dut (ipv4alt on vd)    │
#   │ vp 10.0.0.1/24      ├─────────┤ vd 10.0.0.2/24          │
#   └─────────────────────┘         │ d0 10.0.1.2/24 (dummy)  │
#                                   └─────────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

EG=$SELFTESTS_DIR/egress.py
dut_up

# 1. Fragments and IDs: four datagrams, checked on the wire and whole.
pretty "" "UDP 1473, 4000, 20000 and 65507 bytes from dut"
out=$(mktemp)
np $PY "$EG" recv vp 9000 4 "$DUT_IP" >"$out" &
rx=$!
wait_for grep -q ready "$out" || fail "receiver did not start"
snap "$dut"
sent=$(nd $PY "$EG" send "$PEER_IP" 9000 1473 4000 20000 65507)
if wait "$rx"; then
	ktap_result ok "receiver got the four datagrams"
else
	check_fail "receiver got the four datagrams" "$(cat "$out")"
fi
got=$(grep -E '^[0-9]+ [0-9a-f]{64}$' "$out" || true)
# The sizes and sha256 sums, different in each run: not in the name.
if [ "$got" = "$sent" ]; then
	ktap_result ok "the four datagrams received intact"
else
	check_fail "the four datagrams received intact" "sent '$sent', got '$got'"
fi
if grep -q '^BAD' "$out"; then
	check_fail "fragments on the wire are right" "$(grep '^BAD' "$out")"
else
	ktap_result ok "fragments on the wire are right"
fi
# 1481/1480=2, 4008/1480=3, 20008/1480=14, 65515/1480=45
expect_eq "fragments on the wire" "$(awk '/^FRAGS/ { print $2 }' "$out")" 64
expect_deltas "$dut" OutRequests=4 FragOKs=4 FragCreates=64
expect_stock_mirrored "$dut" FragCreates FragOKs
pretty "peer" "IDs per datagram: $(awk '/^IDS/ { $1 = ""; print }' "$out")"

# 2. DF and too big: a route MTU above the device's lets a 3028-byte DF
#    datagram reach ipv4alt, which refuses it and tells the socket.
pnd ip route replace 10.0.0.0/24 dev vd mtu 9000
snap "$dut"
res=$(nd ping -n -M "do" -s 3000 -c 2 -i 0.5 -W 1 "$PEER_IP" 2>&1 || true)
expect_match "DF ping learnt MTU 1500" "mtu = 1500\|mtu=1500" "$res"
expect_match "second DF ping got EMSGSIZE" "message too long" "$res"
expect_deltas "$dut" OutRequests=1 FragFails=1 OutDestUnreachs=1
pnd ip route replace 10.0.0.0/24 dev vd
pnd ip route flush cache

# 3. netfilter on a selected device: output and postrouting rules drop and
#    count; locally generated traffic masqueraded to vd's address, with
#    conntrack undoing it on the way back in, fragments both ways.
pnd ip link add d0 type dummy
pnd ip addr add 10.0.1.2/24 dev d0
pnd ip link set d0 up
np ip route add 10.0.1.0/24 via "$DUT_IP"
pnd nft add table ip t
pnd nft add chain ip t post '{ type nat hook postrouting priority 100; }'
pnd nft add rule ip t post oifname vd ip saddr 10.0.1.2 counter masquerade
pnd nft add chain ip t out '{ type filter hook output priority 0; }'
pnd nft add rule ip t out udp dport 9 counter drop
pnd nft add chain ip t pf '{ type filter hook postrouting priority 0; }'
pnd nft add rule ip t pf udp dport 9000 counter
# peer echoes one 4000-byte datagram back to where it came from
np $PY -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 9000)); s.settimeout(60)
print("ready", flush=True)
d, a = s.recvfrom(70000)
print("from", a[0], len(d), flush=True)
s.sendto(d, a)
' >"$out" &
rx=$!
wait_for grep -q ready "$out" || fail "peer echo did not start"
snap "$dut"
res=$(nd $PY -c '
import hashlib, socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.0.1.2", 5555)); s.settimeout(10)
try:
    s.sendto(b"q" * 10, ("10.0.0.1", 9))
    print("port 9 datagram was not dropped")
except PermissionError:
    pass
d = bytes(range(256)) * 15 + b"x" * 160
s.sendto(d, ("10.0.0.1", 9000))
r = s.recv(70000)
print(len(r), r == d)
')
if wait "$rx"; then
	ktap_result ok "peer echoed the datagram"
else
	check_fail "peer echoed the datagram" "$(cat "$out")"
fi
expect_eq "peer saw the masqueraded source" "$(tail -1 "$out")" "from 10.0.0.2 4000"
expect_eq "echo through conntrack back to 10.0.1.2" "$res" "4000 True"
expect_deltas "$dut" OutRequests=1 FragOKs=1 FragCreates=3 InReceives=3 \
	ReasmReqds=3 ReasmOKs=1 InDelivers=1
table=$(nd nft list table ip t)
check "output drop rule counted 1" \
	grep -q 'udp dport 9 counter packets 1 ' <<<"$table"
check "postrouting rule counted 1" \
	grep -q 'udp dport 9000 counter packets 1 ' <<<"$table"
check "masquerade rule saw the connection" \
	grep -q 'ip saddr 10.0.1.2 counter packets 1 .* masquerade' <<<"$table"
if nd grep -q 'dport=9000.*src=10.0.0.1 dst=10.0.0.2 sport=9000 dport=5555' /proc/net/nf_conntrack; then
	ktap_result ok "masquerade conntrack entry"
else
	check_fail "masquerade conntrack entry" "$(nd cat /proc/net/nf_conntrack)"
fi
pnd nft delete table ip t

# 4. A burst of 1000 datagrams to a fresh neighbour all arrive.
pnd ip neigh flush dev vd
np $PY "$EG" count 9100 1000 >"$out" &
rx=$!
wait_for grep -q ready "$out" || fail "counter did not start"
nd $PY "$EG" burst "$PEER_IP" 9100 1000
wait "$rx"
expect_eq "burst datagrams received" "$(awk '/^COUNT/ { print $2 }' "$out")" 1000

# 5. An IP_HDRINCL sender keeps its own ID, DF clear or not.
np $PY -c '
import sys
sys.path.insert(0, "'"$SELFTESTS_DIR"'")
from scapy.all import IP, conf
from sniff import sniffer_start
conf.verb = 0
# Stops at the two datagrams, or after 60 s if they never come.
sn = sniffer_start(iface="vp", store=True, count=2, timeout=60,
                   lfilter=lambda p: IP in p and p[IP].proto == 253)
print("ready", flush=True)
sn.join()
print("IDS", " ".join("%#x" % p[IP].id for p in sn.results), flush=True)
' >"$out" &
rx=$!
wait_for grep -q ready "$out" || fail "sniffer did not start"
snap "$dut"
nd $PY -c '
import socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
for ident, frag in ((0x1234, 0), (0x4321, 0x4000)):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 28, ident, frag, 64, 253, 0,
                      socket.inet_aton("10.0.0.2"), socket.inet_aton("10.0.0.1"))
    s.sendto(hdr + b"r" * 8, ("10.0.0.1", 0))
'
wait "$rx"
expect_eq "IDs of IP_HDRINCL datagrams on the wire" \
	"$(awk '/^IDS/ { $1 = ""; print substr($0, 2) }' "$out")" "0x1234 0x4321"
# The peer has no protocol 253: its two ICMP 3/2 come back in (polled:
# the peer's sniffer may end before they arrive).
wait_for counter_above "$dut" InDelivers "$((${SNAP[$dut.InDelivers]} + 1))" || :
expect_deltas "$dut" OutRequests=2 InReceives=2 InDelivers=2
rm -f "$out"
