#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ipv4alt as a router: ping and TCP across it, TTL and ICMP 11/0,
# traceroute to the server's 3/3, DF against the 1280 link (3/4 with the
# next-hop MTU), re-fragmentation by frag.c and a learned PMTU with
# ip_forward_use_pmtu. The stock ip_forward stays 0 (ipv4alt's own
# lookups). forward-rules.sh has the knobs and the refusals. Topology:
# router_up in lib.sh.
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

# df_too_big LEN MTU: a DF echo request of LEN bytes from the client to
# the server must come back from the router as 3/4 carrying MTU, the
# router counting it as a datagram it could not fragment.
df_too_big() {
	snap "$rt"
	check_out "DF $1 bytes: 3/4 from $RT_CL_IP" \
		sendrecv_rt --icmp 3 4 --reply-from "$RT_CL_IP" \
		"IP(src='$CL_IP', dst='$SV_IP', flags='DF', id=$1)/ICMP(id=1, seq=1)/Raw(b'D' * ($1 - 28))"
	expect_match "DF $1 bytes: 3/4 carries MTU $2" \
		"second word: $(printf '0x%08x' "$2")$" "$res"
	ktap_case="DF $1 bytes" expect_deltas "$rt" InReceives=1 FragFails=1 \
		OutDestUnreachs=1 OutRequests=1
}

rt_up
nrt sysctl -qw net.ipv4alt.default_ttl=77
# One destination gets many errors here; the limits are forward-nat.sh's.
nrt sysctl -qw net.ipv4.icmp_ratelimit=0

# 1. ping across, both directions' datagrams forwarded by ipv4alt.
snap "$rt"
ping_ok "$cl" "$SV_IP" 3
expect_deltas "$rt" InReceives=6 ForwDatagrams=6
expect_stock_mirrored "$rt" InReceives ForwDatagrams

# 2. TCP, 1 MiB client -> server, checked by sha256. With the stock
#    ip_forward off, the kernel's input lookup is not asked first: it
#    would make a "not forwarding" route per segment (in_no_route).
snap "$rt"
nr0=$(rt_cache_stat in_no_route)
out=$(mktemp)
nsv $PY "$SELFTESTS_DIR/xfer.py" tcp-sink 5001 >"$out" &
wait_for grep -q ready "$out" || fail "TCP sink did not start"
ncl $PY "$SELFTESTS_DIR/xfer.py" tcp-send "$SV_IP" 5001 1048576
wait
rx=$(delta "$rt" InReceives)
if [ "$rx" -gt 0 ]; then
	ktap_result ok "TCP segments crossed the router"
else
	check_fail "TCP segments crossed the router" "InReceives moved by $rx"
fi
expect_deltas "$rt" InReceives=@rx ForwDatagrams=@rx
expect_stock_mirrored "$rt" InReceives
nr=$(($(rt_cache_stat in_no_route) - nr0))
if [ "$nr" = 0 ]; then
	ktap_result ok "no input route made for $rx forwarded segments"
else
	check_fail "no input route made for $rx forwarded segments" \
		"rt_cache in_no_route moved by $nr"
fi

# 3. Traceroute: TTL 1 ends at the router (11/0 with TTL default_ttl), TTL
#    2 and 3 reach the server, whose UDP port is closed (3/3).
udp="UDP(sport=40000, dport=33434)/Raw(b'traceroute-probe')"
snap "$rt"
check_out "TTL 1: 11/0 from $RT_CL_IP" \
	sendrecv_rt --icmp 11 0 --reply-from "$RT_CL_IP" \
	"IP(src='$CL_IP', dst='$SV_IP', ttl=1, id=7)/$udp"
expect_match "11/0 has TTL default_ttl 77" "ttl: 77$" "$res"
expect_deltas "$rt" InReceives=1 ForwExhaustedTTL=1 OutTimeExcds=1 OutRequests=1
for ttl in 2 3; do
	snap "$rt"
	check_out "TTL $ttl: 3/3 from $SV_IP" \
		sendrecv_rt --icmp 3 3 --hops 1 \
		"IP(src='$CL_IP', dst='$SV_IP', ttl=$ttl, id=8)/$udp"
	ktap_case="TTL $ttl" expect_deltas "$rt" InReceives=2 ForwDatagrams=2
done

# 4. 3000 bytes without DF: the client sends three fragments over MTU 1500;
#    ipv4alt splits the two big ones for the 1280 link (4 pieces), the
#    server gets 5 and reassembles; the reply's 3 fragments fit as they are.
snap "$rt"
srq=$(stock_ip "$sv" ReasmReqds)
sok=$(stock_ip "$sv" ReasmOKs)
check "ping -s 3000 across answered" \
	ncl ping -n -q -M dont -s 3000 -c 1 -W 3 "$SV_IP" >/dev/null
expect_deltas "$rt" InReceives=6 ForwDatagrams=6 FragOKs=2 FragCreates=4
expect_stock_mirrored "$rt" InReceives ForwDatagrams FragOKs FragCreates
expect_eq "server fragments received" $(($(stock_ip "$sv" ReasmReqds) - srq)) 5
expect_eq "server datagrams reassembled" $(($(stock_ip "$sv" ReasmOKs) - sok)) 1

# 5. DF and too big for the 1280 link: 3/4 carrying MTU 1280.
snap "$rt"
res=$(ncl ping -n -M "do" -s 1400 -c 1 -W 2 "$SV_IP" 2>&1 || true)
expect_match "ping -M do -s 1400 got 3/4 with mtu 1280" \
	"Frag needed and DF set (mtu = 1280)" "$res"
ktap_case="ping -M do" expect_deltas "$rt" InReceives=1 FragFails=1 \
	OutDestUnreachs=1 OutRequests=1
df_too_big 1428 1280

# 6. A PMTU learned on the router's way to the server (a next-hop
#    exception, from a 3/4 that quotes the router's own echo reply;
#    icmp_err() takes it), with ip_forward_use_pmtu=1: forwarding must
#    take the exception's route, not the next hop's cached output route,
#    so DF 1100 bytes gets 3/4 with MTU 1000. Learning it makes the
#    cached route stale; a datagram to a second server address caches a
#    fresh one first, which then is the route to avoid. (The cache is per
#    CPU: this relies on the guest's one vCPU.)
nrt sysctl -qw net.ipv4.ip_forward_use_pmtu=1
nsv ip addr add 10.2.0.3/24 dev s0
nsv $PY -c "from scapy.all import ICMP, IP, send
send(IP(src='$SV_IP', dst='$RT_SV_IP') / ICMP(type=3, code=4, nexthopmtu=1000) /
     IP(src='$RT_SV_IP', dst='$SV_IP', flags='DF') / ICMP(type=0, id=7, seq=1),
     verbose=0)"
wait_for sh -c "ip netns exec $rt ip route get $SV_IP | grep -q 'mtu 1000'" || :
res=$(nrt ip route get "$SV_IP")
expect_match "router learned PMTU 1000 for $SV_IP" "mtu 1000" "$res"
check "ping across to 10.2.0.3 answered" \
	ncl ping -n -q -c 1 -W 3 10.2.0.3 >/dev/null
df_too_big 1100 1000
