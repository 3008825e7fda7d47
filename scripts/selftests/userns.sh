#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# User-namespace policy. Selecting a device puts ipv4alt's parser and
# reassembler in front of whoever sends to it, so by default (module
# parameter userns=N) only CAP_NET_ADMIN in the initial user namespace
# selects: root of an unprivileged user namespace (unshare -Urn, run as
# nobody) gets EPERM and one log line naming its netns for
# conf.<dev>.enabled=1 and conf.default.enabled=1, may still release, and
# its new netns does not inherit init_net's conf.default.enabled=1
# (devconf_inherit_init_net). With userns=Y all three work. Log lines stay
# rate limited: 30 toggles in the user namespace give 10 lines.
#
#   initial user namespace      ┌───────────────────────────────────────┐
#   init_net: conf.default.     │ user namespace of nobody (unshare -Ur)│
#   enabled=1 for the           │   its netns (unshare -n): dummy u0    │
#   inheritance checks          └───────────────────────────────────────┘
set -e
. "$(dirname "$0")/lib.sh"

params=/sys/module/ipv4alt/parameters
old_inherit=$(sysctl -n net.core.devconf_inherit_init_net)
old_clone=$(cat /proc/sys/kernel/unprivileged_userns_clone 2>/dev/null || true)
restore() {
	set +e
	sysctl -qw net.core.devconf_inherit_init_net="$old_inherit"
	[ -z "$old_clone" ] || echo "$old_clone" > /proc/sys/kernel/unprivileged_userns_clone
	cleanup
}
trap restore EXIT

# Debian's switch for unprivileged user namespaces, where the kernel has it.
[ -z "$old_clone" ] || echo 1 > /proc/sys/kernel/unprivileged_userns_clone
load_ipv4alt
expect_eq "userns default" "$(cat $params/userns)" N
sysctl -qw net.core.devconf_inherit_init_net=0
sysctl -qw net.ipv4alt.conf.default.enabled=1

# as_nobody SCRIPT: run SCRIPT (bash) as nobody in a new user and network
# namespace, as root of that user namespace. It prints its netns inode
# first.
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		unshare -Urn bash -c 'stat -L -c %i /proc/self/ns/net; '"$1"
}

# try KNOB VALUE (in the script of as_nobody): "KNOB=VALUE ok|<error>"
# shellcheck disable=SC2016 # expanded by the inner bash
try='try() {
	local f=/proc/sys/net/ipv4alt/${1//.//} err
	if err=$(echo "$2" 2>&1 >"$f"); then echo "$1=$2 ok"
	else echo "$1=$2 ${err##*: }"; fi
}'

refused="selecting needs CAP_NET_ADMIN in the initial user namespace (module parameter userns=0)"
mark="ipv4alt-userns-$$"
echo "$mark" > /dev/kmsg
# shellcheck disable=SC2016 # expanded by the inner bash
out=$(as_nobody "$try"'
	ip link add u0 type dummy
	echo "inherited $(cat /proc/sys/net/ipv4alt/conf/default/enabled)"
	echo "u0 $(cat /proc/sys/net/ipv4alt/conf/u0/enabled)"
	try conf.u0.enabled 1
	try conf.default.enabled 1
	try conf.u0.enabled 0
	try conf.default.enabled 0
	echo "u0 $(cat /proc/sys/net/ipv4alt/conf/u0/enabled)"')
ino=$(head -n 1 <<<"$out")
expect_eq "userns=N: in a user namespace" "$(tail -n +2 <<<"$out" | tr '\n' ';')" \
	"inherited 0;u0 0;conf.u0.enabled=1 Operation not permitted;conf.default.enabled=1 Operation not permitted;conf.u0.enabled=0 ok;conf.default.enabled=0 ok;u0 0;"
log=$(dmesg | sed -n "/$mark/,\$p" | sed 's/^\[[^]]*\] //')
expect_eq "userns=N: log" "$(grep "ipv4alt: .* in netns $ino\$" <<<"$log")" \
"ipv4alt: conf.default.enabled=1 not inherited: the netns belongs to a user namespace (module parameter userns=0) in netns $ino
u0: ipv4alt: conf.u0.enabled=1 refused: $refused in netns $ino
ipv4alt: conf.default.enabled=1 refused: $refused in netns $ino" \
	"default not inherited, u0 and default refused, in this netns"

# A netns of the initial user namespace still inherits, and its root
# (CAP_NET_ADMIN in the initial user namespace) selects.
expect_eq "netns of init_user_ns inherits" \
	"$(unshare -n sh -c 'ip link add u0 type dummy
		sysctl -n net.ipv4alt.conf.default.enabled net.ipv4alt.conf.u0.enabled' |
		tr '\n' ' ')" "1 1 "

# userns=Y: root of the user namespace selects, by hand and by
# inheritance. 30 toggles of conf.u0.enabled give 10 log lines.
echo Y > $params/userns
expect_eq "userns set" "$(cat $params/userns)" Y
sleep 5.5	# a new rate-limit interval
mark="ipv4alt-userns-y-$$"
echo "$mark" > /dev/kmsg
# shellcheck disable=SC2016 # expanded by the inner bash
out=$(as_nobody "$try"'
	ip link add u0 type dummy
	echo "inherited $(cat /proc/sys/net/ipv4alt/conf/default/enabled)"
	echo "u0 $(cat /proc/sys/net/ipv4alt/conf/u0/enabled)"
	try conf.u0.enabled 0
	try conf.default.enabled 0
	try conf.default.enabled 1
	try conf.u0.enabled 1
	echo "u0 $(cat /proc/sys/net/ipv4alt/conf/u0/enabled)"
	sleep 5.5
	python3 - <<"PY"
import time
t = time.monotonic()
for i in range(30):
    with open("/proc/sys/net/ipv4alt/conf/u0/enabled", "w") as f:
        f.write(str((i + 1) % 2))
took = time.monotonic() - t
print("toggled" if took < 4.5 else f"30 toggles took {took:.1f} s")
PY')
ino=$(head -n 1 <<<"$out")
expect_eq "userns=Y: in a user namespace" "$(tail -n +2 <<<"$out" | tr '\n' ';')" \
	"inherited 1;u0 1;conf.u0.enabled=0 ok;conf.default.enabled=0 ok;conf.default.enabled=1 ok;conf.u0.enabled=1 ok;u0 1;toggled;"
log=$(dmesg | sed -n "/$mark/,\$p" | sed 's/^\[[^]]*\] //')
# u0 selected at creation, released, selected; 5.5 s later, 30 writes
# (the first a no-op, the last a release, so that the netns leaves
# nothing selected: 29 changes, three times the burst; 30 and not 200, as
# each release waits for an RCU grace period, slow on a slowed guest)
# log 10 lines.
mine=$(grep "ipv4alt: .* in netns $ino\$" <<<"$log")
expect_eq "userns=Y: log before the toggles" "$(head -n 3 <<<"$mine")" \
"u0: ipv4alt: selected in netns $ino
u0: ipv4alt: released in netns $ino
u0: ipv4alt: selected in netns $ino" \
	"u0 selected, released, selected, in this netns"
expect_eq "userns=Y: log lines in all" "$(wc -l <<<"$mine")" 13
echo N > $params/userns
