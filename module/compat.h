/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels ipv4alt supports (Debian's 6.1 and 6.12),
 * kept in one place and decided by feature tests.
 */
#ifndef _IPV4ALT_COMPAT_H
#define _IPV4ALT_COMPAT_H

#include <linux/module.h>
#include <linux/sysctl.h>
#include <net/inet_sock.h>
#include <net/ip.h>
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

/**
 * ipv4alt_consume_skb() - free a datagram that was used, not dropped
 * @skb: the datagram; a reassembled one has its fragments on its frag_list
 *
 * consume_skb() of 6.1 and 6.12 frees a frag_list through kfree_skb()
 * (__kfree_skb() passes SKB_DROP_REASON_NOT_SPECIFIED down), so the
 * fragments of a datagram that was used show up as drops in the
 * skb:kfree_skb tracepoint. When the frag_list is this skb's alone,
 * consume the fragments one by one first.
 */
static inline void ipv4alt_consume_skb(struct sk_buff *skb)
{
	struct sk_buff *list, *next;

	if (skb_has_frag_list(skb) && !skb_cloned(skb) &&
	    refcount_read(&skb->users) == 1) {
		list = skb_shinfo(skb)->frag_list;
		skb_shinfo(skb)->frag_list = NULL;
		skb_list_walk_safe(list, list, next) {
			skb_mark_not_on_list(list);
			consume_skb(list);
		}
	}
	consume_skb(skb);
}

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

/* Since 6.5 the GSO helpers live in their own header (module/Kbuild). */
#ifdef IPV4ALT_HAVE_NET_GSO_H
#include <net/gso.h>
#endif

/*
 * Where the stock MIB counts forwarded and transmitted datagrams. In a
 * kernel whose MIB has OutTransmits apart from OutRequests (6.12, not 6.1;
 * module/Kbuild defines IPV4ALT_HAVE_MIB_OUTREQUESTS): ip_forward()
 * counts OutForwDatagrams before the MTU check, and ip_finish_output2()
 * counts OutTransmits and OutOctets for each datagram or fragment sent.
 * In 6.1: ip_forward_finish() counts OutForwDatagrams and OutOctets, and
 * ip_output() counts OutRequests once, before POST_ROUTING.
 */
#ifdef IPV4ALT_HAVE_MIB_OUTREQUESTS
#define IPV4ALT_STOCK_FORW_BEFORE_MTU	true
#define IPV4ALT_STOCK_OUT_PER_FRAGMENT	true
#else
#define IPV4ALT_STOCK_FORW_BEFORE_MTU	false
#define IPV4ALT_STOCK_OUT_PER_FRAGMENT	false
#endif

/* br_netfilter's per-skb state, when bridge netfilter is built. */
#if IS_ENABLED(CONFIG_BRIDGE_NETFILTER)
#include <linux/netfilter_bridge.h>
#endif

static inline bool ipv4alt_nf_bridge(const struct sk_buff *skb)
{
#if IS_ENABLED(CONFIG_BRIDGE_NETFILTER)
	return nf_bridge_info_exists(skb);
#else
	return false;
#endif
}

/* Since 6.6 inet_sock flags are bits read with inet_test_bit(). */
#ifdef inet_test_bit
#define ipv4alt_inet_hdrincl(sk) inet_test_bit(HDRINCL, sk)
#else
#define ipv4alt_inet_hdrincl(sk) (inet_sk(sk)->hdrincl)
#endif

/*
 * The clock of skb->tstamp, as skb_set_delivery_time() takes it: since 6.11
 * skb->tstamp_type, before that the bit skb->mono_delivery_time.
 * module/Kbuild greps skbuff.h and defines IPV4ALT_HAVE_TSTAMP_TYPE.
 */
#ifdef IPV4ALT_HAVE_TSTAMP_TYPE
#define ipv4alt_tstamp_type(skb)	((skb)->tstamp_type)
#else
#define ipv4alt_tstamp_type(skb)	((skb)->mono_delivery_time)
#endif

/*
 * The UDP socket table became per netns (optionally) in 6.2; module/Kbuild
 * tests for it and defines IPV4ALT_HAVE_NETNS_UDP_TABLE.
 */
#include <net/udp.h>

static inline struct udp_table *ipv4alt_udp_table(const struct net *net)
{
#ifdef IPV4ALT_HAVE_NETNS_UDP_TABLE
	return net->ipv4.udp_table;
#else
	return &udp_table;
#endif
}

/*
 * The bits of the TOS byte an input route lookup keeps, as
 * ip_route_input_noref() masks them: the DSCP since 6.11, the old RFC 1349
 * TOS bits before. module/Kbuild defines IPV4ALT_HAVE_FIB_DSCP.
 */
#ifdef IPV4ALT_HAVE_FIB_DSCP
#define IPV4ALT_ROUTE_TOS_MASK	INET_DSCP_MASK
#else
#define IPV4ALT_ROUTE_TOS_MASK	IPTOS_RT_MASK
#endif

#endif /* _IPV4ALT_COMPAT_H */
