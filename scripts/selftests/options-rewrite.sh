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

rt_up

# ping_rr NS DST: one echo exchange with Record Route; true if answered.
ping_rr() { ip netns exec "$1" ping -n -R -c 1 -W 2 "$2" >/dev/null 2>&1; }

check "before the rule: ping -R $SV_IP answered" ping_rr "$cl" "$SV_IP"
check "before the rule: ping -R $RT_CL_IP answered" ping_rr "$cl" "$RT_CL_IP"

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
if ping_rr "$cl" "$SV_IP"; then
	check_fail "rewritten RR to $SV_IP not forwarded" "answered"
else
	ktap_result ok "rewritten RR to $SV_IP not forwarded"
fi
expect_deltas "$rt" InReceives=1 InHdrErrors=1

snap "$rt"
if ping_rr "$cl" "$RT_CL_IP"; then
	check_fail "rewritten RR to $RT_CL_IP not answered" "answered"
else
	ktap_result ok "rewritten RR to $RT_CL_IP not answered"
fi
expect_deltas "$rt" InReceives=1 InDelivers=1 InEchos=1 InHdrErrors=1

nrt nft delete table ip rewrite
snap "$rt"
check "after the rule: ping -R $SV_IP answered" ping_rr "$cl" "$SV_IP"
expect_deltas "$rt" InReceives=2 ForwDatagrams=2
