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

#endif /* _IPV4ALT_COMPAT_H */
