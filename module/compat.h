/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels ipv4alt supports (Debian's 6.1 and 6.12),
 * kept in one place and decided by feature tests.
 */
#ifndef _IPV4ALT_COMPAT_H
#define _IPV4ALT_COMPAT_H

#include <linux/sysctl.h>
#include <net/net_namespace.h>

/*
 * Since 6.6 register_net_sysctl() is a macro that takes ARRAY_SIZE() of its
 * table, and register_net_sysctl_sz() takes an explicit entry count. Before
 * that a table ends at its empty sentinel. @n counts entries without it.
 */
static inline struct ctl_table_header *
ipv4alt_register_net_sysctl(struct net *net, const char *path,
			    struct ctl_table *table, size_t n)
{
#ifdef register_net_sysctl
	return register_net_sysctl_sz(net, path, table, n);
#else
	return register_net_sysctl(net, path, table);
#endif
}

/*
 * Since 6.11 proc handlers take a const table. No macro marks the change,
 * so module/Kbuild greps the target's sysctl.h and defines
 * IPV4ALT_CONST_CTL_TABLE.
 */
#ifdef IPV4ALT_CONST_CTL_TABLE
#define ipv4alt_ctl_table const struct ctl_table
#else
#define ipv4alt_ctl_table struct ctl_table
#endif

/*
 * SKB_DROP_REASON_DUP_FRAG and _FRAG_REASM_TIMEOUT arrived in 6.4;
 * module/Kbuild greps the drop reasons and defines
 * IPV4ALT_HAVE_FRAG_DROP_REASONS. Older kernels say "not specified".
 */
#ifdef IPV4ALT_HAVE_FRAG_DROP_REASONS
#define IPV4ALT_DROP_DUP_FRAG		SKB_DROP_REASON_DUP_FRAG
#define IPV4ALT_DROP_FRAG_TIMEOUT	SKB_DROP_REASON_FRAG_REASM_TIMEOUT
#else
#define IPV4ALT_DROP_DUP_FRAG		SKB_DROP_REASON_NOT_SPECIFIED
#define IPV4ALT_DROP_FRAG_TIMEOUT	SKB_DROP_REASON_NOT_SPECIFIED
#endif

/*
 * timer_shutdown_sync() (6.2, backported to Debian's 6.1) also keeps the
 * timer from being armed again; module/Kbuild defines
 * IPV4ALT_HAVE_TIMER_SHUTDOWN when timer.h has it. Without it, callers
 * must stop re-arming themselves before the del_timer_sync().
 */
#ifdef IPV4ALT_HAVE_TIMER_SHUTDOWN
#define ipv4alt_timer_shutdown_sync(t)	timer_shutdown_sync(t)
#else
#define ipv4alt_timer_shutdown_sync(t)	del_timer_sync(t)
#endif

#endif /* _IPV4ALT_COMPAT_H */
