#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Active FTP through a MASQUERADE router that ipv4alt runs, with the FTP
# conntrack and NAT helpers: each PORT command from the client is rewritten
# to the router's address, which is longer ("10,1,0,1" becomes
# "172,31,200,1"), so NAT sequence adjustment moves every later byte of the
# control connection. Helpers and sequence adjustment run in conntrack's
# POST_ROUTING hook at the same priority as ipv4alt's egress hook; running
# them twice corrupts the stream, running them never leaves the PORT
# unrewritten (the server refuses a foreign address). Both hook orders:
#   1. module, then netns, then ruleset: conntrack's hook sorts first;
#   2. ruleset, then module: ipv4alt's hook sorts first.
# Topology: router_up in lib.sh, and 172.31.200.0/24 on the r1-s0 link.
set -e
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

SRV_IP=172.31.200.2
NAT_IP=172.31.200.1
modprobe nf_conntrack_ftp
modprobe nf_nat_ftp
dir=$(mktemp -d)
head -c 300000 /dev/urandom >"$dir/blob"
sum=$(sha256sum <"$dir/blob" | cut -d' ' -f1)

rt_up
nrt ip addr add "$NAT_IP/24" dev r1
nsv ip addr add "$SRV_IP/24" dev s0

nrt nft -f - <<EOF
table ip ftpnat {
	ct helper ftp-std { type "ftp" protocol tcp; }
	chain pre {
		type filter hook prerouting priority 0;
		iifname "r0" tcp dport 21 ct helper set "ftp-std"
	}
	chain post {
		type nat hook postrouting priority 100;
		oifname "r1" ip daddr $SRV_IP counter masquerade
	}
}
EOF

log=$dir/server.log
nsv $PY - "$dir" "$SRV_IP" >"$log" 2>&1 <<'EOF' &
import logging, sys
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

logging.disable(logging.CRITICAL)

class Handler(FTPHandler):
    # Foreign addresses stay refused: an unrewritten PORT must fail.
    def ftp_PORT(self, line):
        print("PORT", line, flush=True)
        return super().ftp_PORT(line)

auth = DummyAuthorizer()
auth.add_anonymous(sys.argv[1])
Handler.authorizer = auth
server = FTPServer((sys.argv[2], 21), Handler)
print("ready", flush=True)
server.serve_forever()
EOF
wait_for grep -q ready "$log" || fail "FTP server did not start: $(cat "$log")"

# post_order: the order of the INT_MAX POSTROUTING hooks in $rt, as
# "ipv4alt conntrack" or "conntrack ipv4alt". Debian's 6.1 has no
# nfnetlink_hook ("nft list hooks"): there the order follows from the
# registration order alone (nf_hook_entries_grow(), the same code in both
# kernels), and is asserted on 6.12.
post_order() {
	nrt nft list hooks ip | awk '
		/hook postrouting/ { p = 1; next }
		p && /^[[:space:]]*}/ { p = 0 }
		p && /\+2147483647/ {
			if ($0 ~ /ipv4alt_out_hook/) o = o " ipv4alt"
			else if ($0 ~ /confirm/) o = o " conntrack"
		}
		END { sub(/^ /, "", o); print o }'
}

# transfer: three active-mode downloads and a NOOP after each, over one
# control connection; prints "ok" or what went wrong.
transfer() {
	ncl $PY - "$SRV_IP" "$sum" <<'EOF'
import ftplib, hashlib, sys

srv, want = sys.argv[1], sys.argv[2]
try:
    f = ftplib.FTP()
    f.connect(srv, 21, timeout=30)
    f.login()
    f.set_pasv(False)
    for i in range(3):
        h = hashlib.sha256()
        f.retrbinary("RETR blob", h.update)
        if h.hexdigest() != want:
            print("bad data in transfer", i)
            sys.exit(0)
        f.voidcmd("NOOP")
    f.quit()
    print("ok")
except Exception as e:
    print("error:", repr(e))
EOF
}

# udp_echo: a 4000-byte UDP exchange through the NAT: reassembled in $rt,
# cut again by ipv4alt for r1's MTU of 1280, so the egress hook takes the
# datagram and must run what follows it in POSTROUTING (conntrack's
# confirm) itself, else the reply finds no NAT entry.
udp_echo() {
	local pid got
	nsv $PY - "$SRV_IP" >"$dir/udp.log" 2>&1 <<'EOF' &
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 9000)); s.settimeout(30)
print("ready", flush=True)
data, addr = s.recvfrom(65535)
print("from", addr[0], len(data), flush=True)
s.sendto(data[::-1], addr)
EOF
	pid=$!
	wait_for grep -q ready "$dir/udp.log" || fail "UDP server did not start"
	got=$(ncl $PY - "$SRV_IP" <<'EOF'
import os, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(10)
data = os.urandom(4000)
try:
    s.sendto(data, (sys.argv[1], 9000))
    back, addr = s.recvfrom(65535)
    print("ok" if back == data[::-1] else "bad reply of %d bytes" % len(back))
except OSError as e:
    print("error:", repr(e))
EOF
)
	wait "$pid" || true
	expect_eq "4000-byte UDP through NAT" "$got" ok
	expect_eq "UDP server saw" "$(grep ^from "$dir/udp.log")" "from $NAT_IP 4000"
}

# check_order ORDER: the hooks are in ORDER, and FTP works with every PORT
# rewritten to the router's address. The checks are named after ORDER.
check_order() {
	local ports ktap_case=$1
	if modprobe -q nfnetlink_hook; then
		expect_eq "POSTROUTING INT_MAX hooks" "$(post_order)" "$1"
	else
		pretty "note" "no nfnetlink_hook in $(uname -r): hook order not listed"
	fi
	local before
	before=$(grep -c '^PORT' "$log" || true)
	expect_eq "FTP over NAT" "$(transfer)" ok
	ports=$(grep '^PORT' "$log" | tail -n +$((before + 1)))
	expect_eq "PORT commands the server got" "$(wc -l <<<"$ports")" 3
	if grep -qv "^PORT ${NAT_IP//./,},[0-9]*,[0-9]*$" <<<"$ports"; then
		check_fail "every PORT rewritten to $NAT_IP" "$ports"
	else
		ktap_result ok "every PORT rewritten to $NAT_IP"
	fi
	udp_echo
}

# 1. ipv4alt registered its hook when $rt was made; conntrack's came with
#    the ruleset, so it sorts first.
check_order "conntrack ipv4alt"

# 2. Reload ipv4alt: its hook is now the newer one and sorts first.
pp rmmod ipv4alt
load_ipv4alt
nrt sysctl -qw net.ipv4alt.conf.r0.enabled=1 net.ipv4alt.conf.r1.enabled=1
nrt sysctl -qw net.ipv4alt.forwarding=1
check_order "ipv4alt conntrack"
chain=$(nrt nft list chain ip ftpnat post)
expect_match "masquerade hit by 2 control connections and 2 UDP flows" \
	"counter packets 4 " "$chain"
rm -rf "$dir"
