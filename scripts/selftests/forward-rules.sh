#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ipv4alt as a router, the rules: the knob matrix against the stock
# ip_forward, what is never forwarded, no route, a dead neighbour, and
# Record Route. Topology: router_up in lib.sh.
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

rt_up
# One destination gets many errors here; the limits are forward-nat.sh's.
nrt sysctl -qw net.ipv4.icmp_ratelimit=0

# 1. The knobs are ipv4alt's: stock ip_forward 1 with ipv4alt's 0 forwards
#    nothing, silently; so does conf.r0.forwarding 0.
probe="IP(src='$CL_IP', dst='$SV_IP', id=10)/UDP(sport=40001, dport=9)/Raw(b'knob')"
nrt sysctl -qw net.ipv4.ip_forward=1 net.ipv4alt.forwarding=0
ktap_case=forwarding=0
snap "$rt"
check "no answer" sendrecv_rt --silence "$probe" >/dev/null
expect_deltas "$rt" InReceives=1 InNotLocal=1
expect_stock_mirrored "$rt" InReceives ForwDatagrams
nrt sysctl -qw net.ipv4.ip_forward=0 net.ipv4alt.forwarding=1
nrt sysctl -qw net.ipv4alt.conf.r0.forwarding=0
ktap_case=conf.r0.forwarding=0
snap "$rt"
check "no answer" sendrecv_rt --silence "$probe" >/dev/null
expect_deltas "$rt" InReceives=1 InNotLocal=1
ktap_case=
nrt sysctl -qw net.ipv4alt.conf.r0.forwarding=1
# With stock ip_forward 1 as well, the stock forwarding route is used.
nrt sysctl -qw net.ipv4.ip_forward=1
snap "$rt"
ping_ok "$cl" "$SV_IP" 1
expect_deltas "$rt" InReceives=2 ForwDatagrams=2
nrt sysctl -qw net.ipv4.ip_forward=0
# conf.default.forwarding is what devices made later start with.
nrt sysctl -qw net.ipv4alt.conf.default.forwarding=0
nrt ip link add d0 type dummy
expect_eq "conf.d0.forwarding" "$(nrt sysctl -n net.ipv4alt.conf.d0.forwarding)" 0
nrt sysctl -qw net.ipv4alt.conf.default.forwarding=1
nrt ip link add d1 type dummy
expect_eq "conf.d1.forwarding" "$(nrt sysctl -n net.ipv4alt.conf.d1.forwarding)" 1

# 2. Never forwarded, each with its own counter and no ICMP.
snap "$rt"
check "link-local source: no answer" \
	sendrecv_rt --silence "IP(src='169.254.1.1', dst='$SV_IP')/UDP(dport=9)" >/dev/null
expect_deltas "$rt" InReceives=1 ForwLinkLocalSource=1
snap "$rt"
check "link-local destination: no answer" \
	sendrecv_rt --silence "IP(src='$CL_IP', dst='169.254.9.9')/UDP(dport=9)" >/dev/null
expect_deltas "$rt" InReceives=1 ForwLinkLocalDestination=1
snap "$rt"
check "link-level broadcast: no answer" \
	sendrecv_rt --silence --bcast "IP(src='$CL_IP', dst='$SV_IP')/UDP(dport=9)" >/dev/null
expect_deltas "$rt" InReceives=1 ForwBcastMcast=1
snap "$rt"
check "0/8 source: no answer" \
	sendrecv_rt --silence "IP(src='0.1.2.3', dst='$SV_IP')/UDP(dport=9)" >/dev/null
expect_deltas "$rt" InReceives=1 InAddrErrors=1

# 3. No route: 3/0; an unreachable route: 3/1; prohibit: 3/13; blackhole:
#    silence. Each counts OutNoRoutes.
nrt ip route add unreachable 10.8.0.0/16
nrt ip route add prohibit 10.7.0.0/16
nrt ip route add blackhole 10.6.0.0/16
for t in "10.9.9.9 0" "10.8.1.1 1" "10.7.1.1 13"; do
	# shellcheck disable=SC2086 # split the case into its fields
	set -- $t
	ktap_case="no route to $1"
	snap "$rt"
	check_out "3/$2 from $RT_CL_IP" \
		sendrecv_rt --icmp 3 "$2" --reply-from "$RT_CL_IP" \
		"IP(src='$CL_IP', dst='$1')/UDP(sport=40002, dport=9)"
	expect_deltas "$rt" InReceives=1 OutNoRoutes=1 OutDestUnreachs=1 OutRequests=1
done
ktap_case=
snap "$rt"
check "blackhole: no answer" \
	sendrecv_rt --silence "IP(src='$CL_IP', dst='10.6.1.1')/UDP(dport=9)" >/dev/null
expect_deltas "$rt" InReceives=1 OutNoRoutes=1

# 4. A next hop that never answers ARP: the kernel's neighbour layer gives
#    up and the router sends 3/1 (through the stock icmp_send()).
snap "$rt"
res=$(ncl ping -n -c 1 -W 8 10.2.0.99 2>&1 || true)
expect_match "dead neighbour: Host Unreachable from $RT_CL_IP" \
	"From $RT_CL_IP icmp_seq=1 Destination Host Unreachable" "$res"
expect_deltas "$rt" InReceives=1 ForwDatagrams=1 OutRequests=1

# 5. Record Route: the router writes its outgoing address both ways.
res=$(ncl ping -n -R -c 1 -W 2 "$SV_IP")
rr=$(awk '/^RR:/ { on = 1; print $2; next } on && NF == 1 { print $1 } on && NF != 1 { on = 0 }' <<<"$res" | tr '\n' ' ')
expect_eq "Record Route" "$rr" "$CL_IP $RT_SV_IP $SV_IP $SV_IP $RT_CL_IP $CL_IP "
