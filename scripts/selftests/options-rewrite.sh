#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# A header rewritten by a netfilter hook after ipv4alt checked its options:
# a Record Route option whose length octet a FORWARD or INPUT rule sets to
# zero must be dropped as a header error, not walked (a zero length never
# advances, and a larger one would write past the header). Topology:
# router_up in lib.sh; ping -R sends RR in a 60-byte header.
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

load_ipv4alt
router_up

# ping_rr NS DST: one echo exchange with Record Route; true if answered.
ping_rr() { ip netns exec "$1" ping -n -R -c 1 -W 2 "$2" >/dev/null 2>&1; }

pretty "" "before any rule: RR through and to the router"
ping_rr "$cl" "$SV_IP" || fail "ping -R $SV_IP"
ping_rr "$cl" "$RT_CL_IP" || fail "ping -R $RT_CL_IP"

# ping -R puts a NOP first: byte 22 of the header is RR's length octet.
nrt nft -f - <<'EOF'
table ip rewrite {
	chain rw_forward {
		type filter hook forward priority 0;
		ip hdrlength 15 icmp type echo-request @nh,176,8 set 0
	}
	chain rw_input {
		type filter hook input priority 0;
		ip hdrlength 15 icmp type echo-request @nh,176,8 set 0
	}
}
EOF

snap "$rt"
ping_rr "$cl" "$SV_IP" && fail "forwarded a rewritten RR option"
expect_deltas "$rt" InReceives=1 InHdrErrors=1

snap "$rt"
ping_rr "$cl" "$RT_CL_IP" && fail "answered a rewritten RR option"
expect_deltas "$rt" InReceives=1 InDelivers=1 InEchos=1 InHdrErrors=1

nrt nft delete table ip rewrite
snap "$rt"
ping_rr "$cl" "$SV_IP" || fail "ping -R $SV_IP after the rule"
expect_deltas "$rt" InReceives=2 ForwDatagrams=2
