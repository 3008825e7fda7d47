# SPDX-License-Identifier: GPL-2.0
#
# One verdict on kernel logs, for scripts/vm (a whole run's dmesg) and
# scripts/selftests/run (the lines one scenario added). Source it.
# shellcheck shell=bash

# Lines that fail a run; benign lines are filtered out first.
klog_bad_re='WARNING:|BUG:|Oops|KASAN:|UBSAN:|possible recursive locking'
klog_bad_re+='|possible circular locking|inconsistent lock state'
klog_bad_re+='|suspicious RCU usage|INFO: trying to register non-static key'
klog_bad_re+='|turning off the locking correctness validator'
klog_bad_re+='|refcount_t:|unreferenced object|suspected memory leak'
klog_bad_re+='|unregister_netdevice: waiting for|Kernel panic'
klog_bad_re+='|general protection fault|list_add corruption|list_del corruption'
# kmemleak turning itself off (e.g. its pool ran out) would hide leaks.
klog_bad_re+='|Kernel memory leak detector disabled'
# A stuck CPU or task: an RCU stall, normal, expedited or of RCU tasks
# (21 s in Debian's and the debug kernel's config), or the hung-task
# detector (120 s). A soft lockup is a "BUG:" already. No run under TCG,
# loaded host included, has printed either so far.
klog_bad_re+='|detected (expedited )?stalls? on|blocked for more than [0-9]+ seconds'
# CPU vulnerability notes printed at boot, e.g. "RETBleed: WARNING: Spectre
# v2 mitigation leaves CPU vulnerable to RETBleed attacks, data leaks
# possible!", are about the (emulated) CPU, not about the code under test.
klog_benign_re='(RETBleed|Spectre V2|MDS|TAA|MMIO Stale Data|SRBDS|GDS|ITS|Speculative Store Bypass): WARNING:'

# klog_problems FILE: print the problem lines of FILE ("-": stdin);
# fail if there are none.
klog_problems() {
	grep -aE -- "$klog_bad_re" "$@" | grep -Ev -- "$klog_benign_re"
}
