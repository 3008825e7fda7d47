#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ipv4alt as a router with netfilter: a FORWARD rule, a bad option,
# MASQUERADE, and the rate limits of the ICMP errors it sends. MASQUERADE on r1 with conntrack: ipv4alt reassembles before
# PRE_ROUTING, forwards the whole datagram, and frag.c re-fragments it to
# the next hop's MTU, never above the largest fragment that came in.
# Topology: router_up in lib.sh.
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

rt_up
burst() { ncl $PY "$SELFTESTS_DIR/burst.py" c0 "$rt_mac_addr" "$@"; }
icmp_seen() { awk -v k="$1" '$1 == "ICMP" && $2 == k { n = $3 } END { print n + 0 }'; }

# 0. NF FORWARD runs: a rule there drops and counts, and ipv4alt counts
#    nothing past InReceives. A malformed option gets ICMP 12/0 pointing
#    at it (RR with length 2: the length octet, byte 21).
nrt nft add table ip f
nrt nft add chain ip f fw0 '{ type filter hook forward priority 0; }'
nrt nft add rule ip f fw0 udp dport 7777 counter drop
snap "$rt"
check "FORWARD drop: no answer" sendrecv_rt --silence \
	"IP(src='$CL_IP', dst='$SV_IP')/UDP(sport=40003, dport=7777)/Raw(b'nf')" \
	>/dev/null
expect_deltas "$rt" InReceives=1
chain=$(nrt nft list chain ip f fw0)
expect_match "forward rule hit once" "counter packets 1 .* drop" "$chain"
nrt nft delete table ip f
snap "$rt"
check_out "bad option: 12/0 from $RT_CL_IP" \
	sendrecv_rt --icmp 12 0 --reply-from "$RT_CL_IP" \
	"IP(src='$CL_IP', dst='$SV_IP', options=[IPOption(b'\\x07\\x02\\x00\\x00')])/UDP(dport=9)"
expect_match "12/0 pointer is 21" "second word: 0x15000000$" "$res"
expect_deltas "$rt" InReceives=1 InHdrErrors=1 OutParmProbs=1 OutRequests=1

# 1. A 4000-byte UDP exchange through MASQUERADE. Request: 3 fragments in
#    (MTU 1500), whole through NAT, 4 out (1280). Reply: 4 in, 4 out, each
#    at most the 1276 bytes of the largest fragment that came in.
nrt nft add table ip nat
nrt nft add chain ip nat post '{ type nat hook postrouting priority 100; }'
nrt nft add rule ip nat post oifname r1 counter masquerade
out=$(mktemp)
nsv $PY -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 9000)); s.settimeout(60)
print("ready", flush=True)
data, addr = s.recvfrom(65535)
print("from", addr[0], len(data), flush=True)
s.sendto(data[::-1], addr)
' >"$out" &
wait_for grep -q ready "$out" || fail "server did not start"
snap "$rt"
got=$(ncl $PY -c '
import os, socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(10)
data = os.urandom(4000)
s.sendto(data, ("'"$SV_IP"'", 9000))
back, addr = s.recvfrom(65535)
print("ok" if back == data[::-1] and addr[0] == "'"$SV_IP"'" else "bad %d %s" % (len(back), addr))
')
wait
expect_eq "reply through NAT" "$got" ok
expect_eq "server saw" "$(grep ^from "$out")" "from $RT_SV_IP 4000"
expect_deltas "$rt" InReceives=7 ReasmReqds=7 ReasmOKs=2 ForwDatagrams=2 \
	FragOKs=2 FragCreates=8
chain=$(nrt nft list chain ip nat post)
expect_match "masquerade rule hit once" \
	"counter packets 1 .* masquerade" "$chain"
nrt nft delete table ip nat

# 2. The netns token bucket: rate 0, burst 10 lets exactly 10 of 200
#    time-exceeded errors out; the other 190 count OutRateLimited.
nrt sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv4.icmp_msgs_per_sec=0 \
	net.ipv4.icmp_msgs_burst=10
snap "$rt"
res=$(burst 200 "$CL_IP" "$SV_IP" 1)
expect_eq "ICMP 11/0 received of 200" "$(icmp_seen 11/0 <<<"$res")" 10
expect_eq "ICMP errors received" "$(awk '/^TOTAL/ { print $2 }' <<<"$res")" 10
expect_deltas "$rt" InReceives=200 ForwExhaustedTTL=200 OutTimeExcds=10 \
	OutRateLimited=190 OutRequests=10

# 3. The bucket is empty, yet "fragmentation needed" still goes out; a
#    "net unreachable" does not.
snap "$rt"
check_out "3/4 from $RT_CL_IP with an empty bucket" \
	sendrecv_rt --icmp 3 4 --reply-from "$RT_CL_IP" \
	"IP(src='$CL_IP', dst='$SV_IP', flags='DF')/UDP(dport=9)/Raw(b'D' * 1400)"
expect_deltas "$rt" InReceives=1 FragFails=1 OutDestUnreachs=1 OutRequests=1
snap "$rt"
check "no 3/0 out of an empty bucket" sendrecv_rt \
	--silence "IP(src='$CL_IP', dst='10.9.9.9')/UDP(dport=9)" >/dev/null
expect_deltas "$rt" InReceives=1 OutNoRoutes=1 OutRateLimited=1

# 3b. ICMP errors with no route: ip_error()'s per-source limit runs out
#     (at most five saved up), but no error may be sent about them
#     anyway, so none counts OutRateLimited (with the bucket empty, only
#     the counters tell).
snap "$rt"
burst 50 "$CL_IP" 10.9.9.9 64 icmp-error >/dev/null
expect_deltas "$rt" InReceives=50 OutNoRoutes=50

# 4. icmp_ratemask without type 11: time-exceeded is not limited at all.
nrt sysctl -qw net.ipv4.icmp_ratemask=$((0x1818 & ~(1 << 11)))
snap "$rt"
res=$(burst 20 "$CL_IP" "$SV_IP" 1)
expect_eq "ICMP 11/0 received of 20, unlimited type" "$(icmp_seen 11/0 <<<"$res")" 20
expect_deltas "$rt" InReceives=20 ForwExhaustedTTL=20 OutTimeExcds=20 OutRequests=20
nrt sysctl -qw net.ipv4.icmp_ratemask=$((0x1818))

# 5. Per destination: icmp_ratelimit 10 s lets a new destination have six
#    errors at once (the stock rule), whatever the netns bucket holds.
ncl ip addr add 10.1.0.50/24 dev c0
nrt sysctl -qw net.ipv4.icmp_ratelimit=10000 net.ipv4.icmp_msgs_per_sec=1000 \
	net.ipv4.icmp_msgs_burst=50
sleep 0.2
snap "$rt"
res=$(burst 20 10.1.0.50 "$SV_IP" 1)
expect_eq "ICMP 11/0 to a new destination of 20" "$(icmp_seen 11/0 <<<"$res")" 6
expect_deltas "$rt" InReceives=20 ForwExhaustedTTL=20 OutTimeExcds=6 \
	OutRateLimited=14 OutRequests=6
