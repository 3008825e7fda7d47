/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipv4alt: an alternative IPv4 layer for selected network devices.
 *
 * Declarations shared between the module's files, grouped by owner file.
 */
#ifndef _IPV4ALT_H
#define _IPV4ALT_H

#include <linux/icmp.h>
#include <linux/in.h>
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

/* main.c APIs: */
bool ipv4alt_param_selects(const char *name);
bool ipv4alt_userns_allowed(void);

/* netns.c APIs: */
extern unsigned int ipv4alt_net_id;
__printf(4, 5)
void ipv4alt_log(const char *level, const struct net *net,
		 const struct net_device *dev, const char *fmt, ...);
bool ipv4alt_may_select(const struct net *net, const struct net_device *dev);

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

int ipv4alt_netns_init(void);
void ipv4alt_netns_exit(void);

/* sysctl.c APIs: */
int ipv4alt_sysctl_net_init(struct ipv4alt_net *pn);
void ipv4alt_sysctl_net_exit(struct ipv4alt_net *pn);
int ipv4alt_sysctl_dev_register(struct ipv4alt_dev *idev);
void ipv4alt_sysctl_dev_unregister(struct ipv4alt_dev *idev);

/* dev.c APIs: */
int ipv4alt_dev_init(void);
void ipv4alt_dev_exit(void);
int ipv4alt_dev_set_enabled(struct ipv4alt_dev *idev, bool enable);

/* input.c APIs: */

/**
 * enum ipv4alt_rx_verdict - outcome of ipv4alt_validate()
 * @IPV4ALT_RX_OK: the datagram may go on
 * @IPV4ALT_RX_HDR_ERROR: malformed header (InHdrErrors)
 * @IPV4ALT_RX_CSUM_ERROR: bad header checksum (InCsumErrors, InHdrErrors)
 * @IPV4ALT_RX_TRUNCATED: total length beyond the frame (InTruncatedPkts)
 * @IPV4ALT_RX_ADDR_ERROR: source address no host may use (InAddrErrors)
 * @IPV4ALT_RX_NOMEM: trimming the link padding failed (InDiscards)
 */
enum ipv4alt_rx_verdict {
	IPV4ALT_RX_OK,
	IPV4ALT_RX_HDR_ERROR,
	IPV4ALT_RX_CSUM_ERROR,
	IPV4ALT_RX_TRUNCATED,
	IPV4ALT_RX_ADDR_ERROR,
	IPV4ALT_RX_NOMEM,
};

/**
 * ipv4alt_saddr_is_host() - may @saddr be the source of a datagram?
 * @saddr: a source address
 *
 * RFC 1122 3.2.1.3: not a broadcast or multicast address, and not in 0/8
 * ("this network"; ipv4_is_zeronet() tests 0.0.0.0 only since Linux 5.3).
 *
 * Return: true if @saddr names one host.
 */
static inline bool ipv4alt_saddr_is_host(__be32 saddr)
{
	return !ipv4_is_multicast(saddr) && !ipv4_is_lbcast(saddr) &&
	       (saddr & htonl(IN_CLASSA_NET)) != 0;
}

enum ipv4alt_rx_verdict ipv4alt_validate(struct sk_buff *skb);
bool ipv4alt_loopback_martian(__be32 saddr, __be32 daddr, bool localnet);
int ipv4alt_rcv(struct sk_buff *skb, struct net_device *dev);
rx_handler_result_t ipv4alt_handle_frame(struct sk_buff **pskb);

/**
 * ipv4alt_dev_selected() - is ipv4alt in charge of this device?
 * @dev: a device, or NULL
 *
 * Safe without locks: a stale answer only delays the change by a packet.
 *
 * Return: true while ipv4alt holds the device's rx_handler.
 */
static inline bool ipv4alt_dev_selected(const struct net_device *dev)
{
	return dev &&
	       rcu_access_pointer(dev->rx_handler) == ipv4alt_handle_frame;
}

/**
 * ipv4alt_dev_get_rcu() - ipv4alt's state of a selected device
 * @dev: a device
 *
 * Must be called under rcu_read_lock(): releasing a device waits for
 * readers (synchronize_net() in netdev_rx_handler_unregister()).
 *
 * Return: the device's &struct ipv4alt_dev, or NULL if it is not selected.
 */
static inline struct ipv4alt_dev *ipv4alt_dev_get_rcu(const struct net_device *dev)
{
	if (!ipv4alt_dev_selected(dev))
		return NULL;
	return rcu_dereference(dev->rx_handler_data);
}

/* icmp.c APIs: */
bool ipv4alt_icmp_is_echo(const struct sk_buff *skb);
int ipv4alt_icmp_echo(struct ipv4alt_net *pn, struct sk_buff *skb);
void ipv4alt_icmp_echo_to_reply(struct icmphdr *icmph);
void ipv4alt_icmp_send(struct ipv4alt_net *pn, struct sk_buff *skb, u8 type,
		       u8 code, u32 info);
void ipv4alt_icmp_bucket_init(struct ipv4alt_icmp_bucket *b,
			      unsigned long now, u32 burst);
bool ipv4alt_icmp_bucket_allow(struct ipv4alt_icmp_bucket *b,
			       unsigned long now, u32 rate, u32 burst);
bool ipv4alt_icmp_peer_allow(struct ipv4alt_icmp_peer *p, __be32 daddr,
			     unsigned long now, u32 cost, unsigned int burst);
bool ipv4alt_icmp_route_allow(struct ipv4alt_net *pn, __be32 saddr);

/* forward.c APIs: */

/**
 * enum ipv4alt_fwd_verdict - may a datagram for another host be forwarded?
 * @IPV4ALT_FWD_OK: yes
 * @IPV4ALT_FWD_DISABLED: forwarding is off, globally or on the input
 *	device (InNotLocal)
 * @IPV4ALT_FWD_INIT_SOURCE: source in 0/8, dropped silently (InAddrErrors)
 * @IPV4ALT_FWD_BCAST_MCAST: broadcast or multicast, at link or IP level
 *	(ForwBcastMcast)
 * @IPV4ALT_FWD_LINK_LOCAL_SOURCE: source in 169.254/16
 *	(ForwLinkLocalSource)
 * @IPV4ALT_FWD_LINK_LOCAL_DESTINATION: destination in 169.254/16
 *	(ForwLinkLocalDestination)
 * @IPV4ALT_FWD_TTL_EXCEEDED: TTL 0 or 1: ICMP 11/0 (ForwExhaustedTTL)
 */
enum ipv4alt_fwd_verdict {
	IPV4ALT_FWD_OK,
	IPV4ALT_FWD_DISABLED,
	IPV4ALT_FWD_INIT_SOURCE,
	IPV4ALT_FWD_BCAST_MCAST,
	IPV4ALT_FWD_LINK_LOCAL_SOURCE,
	IPV4ALT_FWD_LINK_LOCAL_DESTINATION,
	IPV4ALT_FWD_TTL_EXCEEDED,
};

enum ipv4alt_fwd_verdict ipv4alt_fwd_decide(int forwarding, int dev_forwarding,
					    __be32 saddr, __be32 daddr,
					    bool l2_unicast, u8 ttl);
void ipv4alt_fwd_dec_ttl(struct iphdr *iph);
int ipv4alt_forward(struct ipv4alt_net *pn, struct sk_buff *skb,
		    struct net_device *dev, __be64 tun_id);

/* options.c APIs: */
struct ip_options;

int ipv4alt_opts_parse(const u8 *opts, unsigned int len,
		       struct ip_options *opt, u8 *pointer);
unsigned int ipv4alt_opts_echo(const u8 *in, unsigned int len, u8 *out,
			       __be32 addr, __be32 now);
unsigned int ipv4alt_opts_echo_skb(struct sk_buff *skb, __be32 saddr);
int ipv4alt_opts_rcv(struct ipv4alt_net *pn, struct sk_buff *skb,
		     const struct net_device *dev);
bool ipv4alt_opts_recheck(struct sk_buff *skb);
bool ipv4alt_opts_forward(u8 *opts, unsigned int len, __be32 addr,
			  __be32 now);

/* reasm.c APIs: */
#define IPV4ALT_IPFRAG_TIME		30
#define IPV4ALT_IPFRAG_HIGH_THRESH	(4 * 1024 * 1024)
#define IPV4ALT_IPFRAG_LOW_THRESH	(3 * 1024 * 1024)
/* Documentation/ipv4alt.rst explains the choice. */
#define IPV4ALT_IPFRAG_MAX_FRAGS	2048
/* 65536 / 8: no datagram can have more fragments than this. */
#define IPV4ALT_IPFRAG_MAX_FRAGS_LIMIT	8192

/**
 * enum ipv4alt_reasm_verdict - what became of a fragment
 * @IPV4ALT_REASM_QUEUED: held until the datagram is whole
 * @IPV4ALT_REASM_COMPLETE: it completed the datagram
 * @IPV4ALT_REASM_DUPLICATE: inside data already held; only it is dropped
 *	(ReasmDuplicates)
 * @IPV4ALT_REASM_MALFORMED: no payload, or none left once a non-final
 *	fragment is cut to a multiple of 8 bytes; the datagram is dropped
 *	(ReasmFails)
 * @IPV4ALT_REASM_OVERLAP: overlaps data held; the datagram is dropped
 *	(ReasmOverlaps, ReasmFails)
 * @IPV4ALT_REASM_CONFLICT: a final fragment disagrees with an earlier one,
 *	or data lies past the final end; the datagram is dropped (ReasmFails)
 * @IPV4ALT_REASM_TOO_BIG: the datagram would exceed 65535 bytes; dropped
 *	(ReasmFails)
 * @IPV4ALT_REASM_TOO_MANY: more than ipfrag_max_frags fragments; the
 *	datagram is dropped (ReasmFails)
 * @IPV4ALT_REASM_ECN: Not-ECT mixed with ECT or CE (RFC 3168 5.3); the
 *	datagram is dropped (ReasmFails)
 * @IPV4ALT_REASM_NOMEM: no memory; dropped (ReasmFails)
 */
enum ipv4alt_reasm_verdict {
	IPV4ALT_REASM_QUEUED,
	IPV4ALT_REASM_COMPLETE,
	IPV4ALT_REASM_DUPLICATE,
	IPV4ALT_REASM_MALFORMED,
	IPV4ALT_REASM_OVERLAP,
	IPV4ALT_REASM_CONFLICT,
	IPV4ALT_REASM_TOO_BIG,
	IPV4ALT_REASM_TOO_MANY,
	IPV4ALT_REASM_ECN,
	IPV4ALT_REASM_NOMEM,
};

int ipv4alt_reasm_net_init(struct ipv4alt_net *pn);
void ipv4alt_reasm_net_exit(struct ipv4alt_net *pn);
enum ipv4alt_reasm_verdict ipv4alt_reasm_add(struct ipv4alt_net *pn,
					     struct sk_buff *skb,
					     unsigned long now,
					     struct sk_buff **whole);
unsigned int ipv4alt_reasm_expire(struct ipv4alt_net *pn, unsigned long now,
				  struct sk_buff_head *icmp);
struct sk_buff *ipv4alt_reasm(struct ipv4alt_net *pn, struct sk_buff *skb);
unsigned long ipv4alt_reasm_mem(struct ipv4alt_net *pn);

/* ipid.c APIs: */
#define IPV4ALT_IPID_MIN_BUCKETS	2048
/* Linux's ip_idents cap, for the automatic size. */
#define IPV4ALT_IPID_AUTO_MAX_BUCKETS	(256 * 1024)
/* 32 MiB of buckets: the most ipid_buckets= may ask for. */
#define IPV4ALT_IPID_MAX_BUCKETS	(4 * 1024 * 1024)

u32 ipv4alt_ipid_nbuckets(unsigned int param, unsigned long ram_pages);
int ipv4alt_ipid_init(unsigned int param);
void ipv4alt_ipid_exit(void);
void ipv4alt_ipid_net_init(struct ipv4alt_net *pn);
u32 ipv4alt_ipid_hash(const siphash_key_t *key, __be32 saddr, __be32 daddr,
		      u8 proto);
u32 ipv4alt_ipid_advance(atomic_t *ctr, u32 *stamp, u32 now, u32 segs);
u16 ipv4alt_ipid_reserve(const struct ipv4alt_net *pn, __be32 saddr,
			 __be32 daddr, u8 proto, u32 segs);
void ipv4alt_ipid_select(const struct ipv4alt_net *pn, struct sk_buff *skb,
			 u32 segs);

/**
 * ipv4alt_ipid_segs() - how many IDs a datagram needs
 * @skb: an outgoing datagram
 *
 * Return: its GSO segment count if it is a GSO skb, else 1.
 */
static inline u32 ipv4alt_ipid_segs(const struct sk_buff *skb)
{
	return skb_is_gso(skb) ? max_t(u32, skb_shinfo(skb)->gso_segs, 1) : 1;
}

/* frag.c APIs: */
void ipv4alt_copy_metadata(struct sk_buff *to, const struct sk_buff *from);
int ipv4alt_fragment(struct ipv4alt_net *pn, struct net *net, struct sock *sk,
		     struct sk_buff *skb, unsigned int mtu,
		     int (*output)(struct net *, struct sock *,
				   struct sk_buff *));

/* output.c APIs: */
int ipv4alt_output(struct net *net, struct sock *sk, struct sk_buff *skb);
int ipv4alt_output_net_init(struct net *net);
void ipv4alt_output_net_exit(struct net *net);

/* stats.c APIs: */
int ipv4alt_stats_net_init(struct ipv4alt_net *pn);
void ipv4alt_stats_net_exit(struct ipv4alt_net *pn);
unsigned long ipv4alt_stats_read(struct ipv4alt_net *pn,
				 enum ipv4alt_mib_field field);

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
