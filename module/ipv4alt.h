/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipv4alt: an alternative IPv4 layer for selected network devices.
 *
 * The core of the declarations shared between the module's files: the
 * netns and device state, the counters and the helpers that count and
 * drop. What one file offers the others is in that file's header
 * (reasm.h for reasm.c, and so on).
 *
 * Test seams: a function that only its own file and the KUnit suites call
 * is VISIBLE_IF_KUNIT (<kunit/visibility.h>), static unless CONFIG_KUNIT,
 * and its prototype sits under IS_ENABLED(CONFIG_KUNIT) in the file's
 * header. The seams are not exported (no EXPORT_SYMBOL_IF_KUNIT):
 * scripts/kunit links the module and the suites into one built-in object,
 * and nothing outside it calls them.
 * scripts/bench/bench.c includes the files whose seams it calls.
 */
#ifndef _IPV4ALT_H
#define _IPV4ALT_H

#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/percpu.h>
#include <linux/rhashtable-types.h>
#include <linux/siphash.h>
#include <linux/skbuff.h>
#include <linux/sysctl.h>
#include <linux/timer.h>
#include <net/dropreason.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/netns/generic.h>

#include "compat.h"

/*
 * Counters of /proc/net/ipv4alt/snmp, in print order. stats.c names them,
 * with Linux MIB names where one exists.
 */
enum ipv4alt_mib_field {
	IPV4ALT_MIB_IN_RECEIVES,
	IPV4ALT_MIB_IN_HDR_ERRORS,
	IPV4ALT_MIB_IN_CSUM_ERRORS,
	IPV4ALT_MIB_IN_TRUNCATED_PKTS,
	IPV4ALT_MIB_IN_ADDR_ERRORS,
	IPV4ALT_MIB_IN_UNKNOWN_PROTOS,
	IPV4ALT_MIB_IN_DISCARDS,
	IPV4ALT_MIB_IN_SRC_ROUTE_DISCARDS,
	IPV4ALT_MIB_IN_NOT_LOCAL,
	IPV4ALT_MIB_IN_MCAST_NOT_JOINED,
	IPV4ALT_MIB_IN_DELIVERS,
	IPV4ALT_MIB_FORW_DATAGRAMS,
	IPV4ALT_MIB_FORW_EXHAUSTED_TTL,
	IPV4ALT_MIB_FORW_LINK_LOCAL_SOURCE,
	IPV4ALT_MIB_FORW_LINK_LOCAL_DESTINATION,
	IPV4ALT_MIB_FORW_BCAST_MCAST,
	IPV4ALT_MIB_OUT_REQUESTS,
	IPV4ALT_MIB_OUT_DISCARDS,
	IPV4ALT_MIB_OUT_NO_ROUTES,
	IPV4ALT_MIB_REASM_REQDS,
	IPV4ALT_MIB_REASM_OKS,
	IPV4ALT_MIB_REASM_FAILS,
	IPV4ALT_MIB_REASM_TIMEOUT,
	IPV4ALT_MIB_REASM_OVERLAPS,
	IPV4ALT_MIB_REASM_DUPLICATES,
	IPV4ALT_MIB_FRAG_OKS,
	IPV4ALT_MIB_FRAG_FAILS,
	IPV4ALT_MIB_FRAG_CREATES,
	IPV4ALT_MIB_ICMP_IN_ERRORS,
	IPV4ALT_MIB_ICMP_IN_CSUM_ERRORS,
	IPV4ALT_MIB_IN_ECHOS,
	IPV4ALT_MIB_OUT_ECHO_REPS,
	IPV4ALT_MIB_OUT_TIME_EXCDS,
	IPV4ALT_MIB_OUT_DEST_UNREACHS,
	IPV4ALT_MIB_OUT_PARM_PROBS,
	IPV4ALT_MIB_OUT_RATE_LIMITED,
	IPV4ALT_MIB_MAX
};

/**
 * struct ipv4alt_mib - per-cpu counters of one netns
 * @mibs: one counter per &enum ipv4alt_mib_field
 */
struct ipv4alt_mib {
	unsigned long mibs[IPV4ALT_MIB_MAX];
};

/**
 * struct ipv4alt_reasm - reassembly state of one netns (reasm.c)
 * @ht: datagrams being reassembled, by (source, destination, ID, protocol)
 * @lru_lock: protects @lru and @dead
 * @lru: every datagram being reassembled, oldest first: the order of
 *	expiry and of eviction
 * @gc: timer that expires datagrams ipfrag_time after their first fragment
 * @mem: bytes held, skb truesize plus queues (ReasmMemory)
 * @dead: set at netns exit; @gc is not armed again
 */
struct ipv4alt_reasm {
	struct rhashtable ht;
	spinlock_t lru_lock; /* @lru, @dead */
	struct list_head lru;
	struct timer_list gc;
	atomic_long_t mem;
	bool dead;
};

/**
 * struct ipv4alt_icmp_peer - ICMP error budget of one destination
 * @daddr: the destination; 0 while the slot is free
 * @tokens: jiffies of sending time saved up
 * @last: jiffies of the last update
 */
struct ipv4alt_icmp_peer {
	__be32 daddr;
	u32 tokens;
	unsigned long last;
};

/* Destinations whose budget is tracked at once, per netns. */
#define IPV4ALT_ICMP_PEERS	256
/* Saved-up errors: icmp_ratelimit's, and ip_error()'s (a second each). */
#define IPV4ALT_ICMP_PEER_BURST		6
#define IPV4ALT_ICMP_ROUTE_BURST	5

/**
 * struct ipv4alt_icmp_bucket - rate limits of the ICMP errors of a netns
 * @lock: protects the rest
 * @credit: errors that may leave now
 * @stamp: jiffies of the last refill
 * @key: hashes a destination to its slot in @peers
 * @peers: per-destination budgets, one destination per slot; a newcomer
 *	takes over the slot as a new inet_peer, with a full budget
 *
 * @credit refills at icmp_msgs_per_sec and is capped at icmp_msgs_burst,
 * the stock sysctls of the netns; @peers follow icmp_ratelimit (icmp.c).
 */
struct ipv4alt_icmp_bucket {
	spinlock_t lock; /* all of it */
	u32 credit;
	unsigned long stamp;
	hsiphash_key_t key;
	struct ipv4alt_icmp_peer peers[IPV4ALT_ICMP_PEERS];
};

/**
 * struct ipv4alt_net - per-netns state
 * @default_ttl: net.ipv4alt.default_ttl, TTL of datagrams ipv4alt originates
 * @forwarding: net.ipv4alt.forwarding
 * @default_enabled: net.ipv4alt.conf.default.enabled, applied to devices
 *	registered later
 * @default_forwarding: net.ipv4alt.conf.default.forwarding, likewise
 * @ipfrag_time: net.ipv4alt.ipfrag_time, seconds a datagram may take to
 *	arrive whole, counted from its first fragment
 * @ipfrag_high_thresh: net.ipv4alt.ipfrag_high_thresh, bytes of fragments
 *	held above which the oldest datagrams are evicted
 * @ipfrag_low_thresh: net.ipv4alt.ipfrag_low_thresh, where eviction stops
 * @ipfrag_max_frags: net.ipv4alt.ipfrag_max_frags, fragments a datagram
 *	may have
 * @mib: counters
 * @devs: &struct ipv4alt_dev of every device of this netns, under RTNL
 * @net: the netns
 * @sysctl_hdr: the net.ipv4alt table
 * @default_hdr: the net.ipv4alt.conf.default table
 * @reasm: reassembly state
 * @ipid_key: key that maps a flow to its IP ID bucket (ipid.c), drawn
 *	at netns init
 * @icmp_bucket: rate limit of the ICMP errors ipv4alt sends
 *
 * The knobs are written by sysctl and read locklessly on the packet path
 * with READ_ONCE(); proc_dointvec_minmax() stores them with one int store.
 */
struct ipv4alt_net {
	int default_ttl;
	int forwarding;
	int default_enabled;
	int default_forwarding;
	int ipfrag_time;
	int ipfrag_high_thresh;
	int ipfrag_low_thresh;
	int ipfrag_max_frags;
	struct ipv4alt_mib __percpu *mib;
	struct list_head devs;
	struct net *net;
	struct ctl_table_header *sysctl_hdr;
	struct ctl_table_header *default_hdr;
	struct ipv4alt_reasm reasm;
	siphash_key_t ipid_key;
	struct ipv4alt_icmp_bucket icmp_bucket;
};

/**
 * struct ipv4alt_dev - ipv4alt's view of one network device
 * @list: entry in &ipv4alt_net.devs, under RTNL
 * @dev: the device
 * @pn: the device's netns state
 * @enabled: net.ipv4alt.conf.<dev>.enabled; 1 while ipv4alt holds the
 *	device's rx_handler. Written under RTNL.
 * @forwarding: net.ipv4alt.conf.<dev>.forwarding: may datagrams that
 *	arrive on the device be forwarded?
 * @sysctl_hdr: the net.ipv4alt.conf.<dev> table, NULL if its registration
 *	failed
 * @table: storage of that table
 *
 * One exists for every device but loopback, from NETDEV_REGISTER to
 * NETDEV_UNREGISTER. While the device is selected it is the rx_handler_data.
 */
struct ipv4alt_dev {
	struct list_head list;
	struct net_device *dev;
	struct ipv4alt_net *pn;
	int enabled;
	/* Selected only because conf.default.enabled was 1 when it came. */
	bool by_default;
	int forwarding;
	struct ctl_table_header *sysctl_hdr;
	struct ctl_table table[3];
};

/* The netns state of ipv4alt, net_generic() slot (netns.c). */
extern unsigned int ipv4alt_net_id;

static inline struct ipv4alt_net *ipv4alt_pernet(const struct net *net)
{
	return net_generic(net, ipv4alt_net_id);
}

/**
 * ipv4alt_pernet_rcu() - ipv4alt's state of a netns, on a packet path
 * @net: the netns
 *
 * net_generic() without its own rcu_read_lock(), for code that runs in an
 * RCU reader already: the receive softirq, netfilter hooks and their
 * okfns. With preemptible RCU each lock and unlock is a call, and a
 * forwarded datagram would take four of these lookups.
 *
 * Return: the netns's &struct ipv4alt_net.
 */
static inline struct ipv4alt_net *ipv4alt_pernet_rcu(const struct net *net)
{
	struct net_generic *ng;

	ng = rcu_dereference_check(net->gen, rcu_read_lock_any_held());
	return ng->ptr[ipv4alt_net_id];
}

/*
 * The stock per-netns MIB (/proc/net/snmp and netstat) counts the work
 * ipv4alt took over, as the functions it replaces would: nstat, netstat -s
 * and snmpd keep telling the truth. These counters are the same event on
 * both sides; the others are counted, with stock's rules, where they
 * happen (design.rst, "The stock MIB").
 */
static inline void ipv4alt_stock_mirror(struct net *net,
					enum ipv4alt_mib_field field)
{
	switch (field) {
	case IPV4ALT_MIB_IN_HDR_ERRORS:
	case IPV4ALT_MIB_FORW_EXHAUSTED_TTL:	/* ip_forward(): InHdrErrors */
		IP_INC_STATS(net, IPSTATS_MIB_INHDRERRORS);
		break;
	case IPV4ALT_MIB_IN_CSUM_ERRORS:
		IP_INC_STATS(net, IPSTATS_MIB_CSUMERRORS);
		break;
	case IPV4ALT_MIB_IN_TRUNCATED_PKTS:
		IP_INC_STATS(net, IPSTATS_MIB_INTRUNCATEDPKTS);
		break;
	case IPV4ALT_MIB_IN_NOT_LOCAL:		/* ip_error(), no forwarding */
		IP_INC_STATS(net, IPSTATS_MIB_INADDRERRORS);
		break;
	case IPV4ALT_MIB_IN_UNKNOWN_PROTOS:
		IP_INC_STATS(net, IPSTATS_MIB_INUNKNOWNPROTOS);
		break;
	case IPV4ALT_MIB_REASM_REQDS:
		IP_INC_STATS(net, IPSTATS_MIB_REASMREQDS);
		break;
	case IPV4ALT_MIB_REASM_OKS:
		IP_INC_STATS(net, IPSTATS_MIB_REASMOKS);
		break;
	case IPV4ALT_MIB_REASM_FAILS:
		IP_INC_STATS(net, IPSTATS_MIB_REASMFAILS);
		break;
	case IPV4ALT_MIB_REASM_TIMEOUT:
		IP_INC_STATS(net, IPSTATS_MIB_REASMTIMEOUT);
		break;
	case IPV4ALT_MIB_REASM_OVERLAPS:
		IP_INC_STATS(net, IPSTATS_MIB_REASM_OVERLAPS);
		break;
	case IPV4ALT_MIB_FRAG_OKS:
		IP_INC_STATS(net, IPSTATS_MIB_FRAGOKS);
		break;
	case IPV4ALT_MIB_FRAG_FAILS:
		IP_INC_STATS(net, IPSTATS_MIB_FRAGFAILS);
		break;
	case IPV4ALT_MIB_FRAG_CREATES:
		IP_INC_STATS(net, IPSTATS_MIB_FRAGCREATES);
		break;
	case IPV4ALT_MIB_IN_ECHOS:		/* icmp_rcv() counts all */
		ICMP_INC_STATS(net, ICMP_MIB_INMSGS);
		break;
	case IPV4ALT_MIB_ICMP_IN_ERRORS:
		ICMP_INC_STATS(net, ICMP_MIB_INERRORS);
		break;
	case IPV4ALT_MIB_ICMP_IN_CSUM_ERRORS:
		ICMP_INC_STATS(net, ICMP_MIB_CSUMERRORS);
		break;
	default:
		break;
	}
}

/* Count one event, in ipv4alt's counters and in the stock MIB. */
static inline void ipv4alt_inc(struct ipv4alt_net *pn,
			       enum ipv4alt_mib_field field)
{
	this_cpu_inc(pn->mib->mibs[field]);
	ipv4alt_stock_mirror(pn->net, field);
}

/**
 * ipv4alt_drop() - count a dropped datagram and free it
 * @pn: netns state
 * @skb: the datagram, consumed
 * @mib: the counter that says why (also mirrored to the stock MIB)
 * @reason: the drop reason the skb:kfree_skb tracepoint reports
 *
 * ipv4alt.rst's "Drop reasons" table pairs the counters and reasons.
 */
static inline void ipv4alt_drop(struct ipv4alt_net *pn, struct sk_buff *skb,
				enum ipv4alt_mib_field mib,
				enum skb_drop_reason reason)
{
	ipv4alt_inc(pn, mib);
	kfree_skb_reason(skb, reason);
}

#endif /* _IPV4ALT_H */
