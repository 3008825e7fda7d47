// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP: echo replies, errors and their rate limits.
 *
 * ipv4alt answers echo requests itself and does not pass them on, so a
 * request gets exactly one reply. The request's buffer becomes the reply:
 * no allocation and no copy of the payload.
 *
 * The errors ipv4alt sends are limited as the stock icmp_send() limits
 * its own, with the stock sysctls of the netns: a token bucket per netns
 * (icmp_msgs_per_sec, icmp_msgs_burst) and one per destination
 * (icmp_ratelimit; the kernel's inet_peer cache is not open to modules, as
 * inet_putpeer() is not exported), both only for the
 * types in icmp_ratemask. "Fragmentation needed" is never limited: path
 * MTU discovery depends on it.
 */

#include <kunit/visibility.h>
#include <linux/icmp.h>
#include <linux/inetdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <net/checksum.h>
#include <net/dst.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/l3mdev.h>
#include <net/lwtunnel.h>
#include <net/route.h>

#include "icmp.h"
#include "input.h"
#include "ipid.h"
#include "ipv4alt.h"
#include "options.h"

/**
 * ipv4alt_icmp_is_echo() - is this ICMP datagram an echo request?
 * @skb: a validated ICMP datagram, data at the IP header
 *
 * Return: true if its ICMP header is present and says echo request.
 */
bool ipv4alt_icmp_is_echo(const struct sk_buff *skb)
{
	const u8 *type;
	u8 _type;

	type = skb_header_pointer(skb, ip_hdrlen(skb), sizeof(_type), &_type);
	return type && *type == ICMP_ECHO;
}

/**
 * ipv4alt_icmp_echo_to_reply() - turn an echo request header into a reply
 * @icmph: an echo request with a valid checksum
 *
 * Changes the type and updates the checksum incrementally (RFC 1624), so
 * the payload is not read again.
 */
VISIBLE_IF_KUNIT
void ipv4alt_icmp_echo_to_reply(struct icmphdr *icmph)
{
	icmph->type = ICMP_ECHOREPLY;
	csum_replace2(&icmph->checksum, htons(ICMP_ECHO << 8),
		      htons(ICMP_ECHOREPLY << 8));
}

/*
 * The VRF whose table routes ICMP about @skb, or 0: that of the device it
 * came in on (its master once l3mdev_ip_rcv() ran) or, for a datagram
 * being sent, goes out of, as icmp_reply() and icmp_route_lookup() pick.
 */
static int ipv4alt_icmp_l3mdev(const struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;

	if (!dev && skb_dst(skb))
		dev = skb_dst(skb)->dev;
	return dev ? l3mdev_master_ifindex(dev) : 0;
}

/* Source of the reply: the address asked, or ours on that link. */
static __be32 ipv4alt_echo_saddr(const struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);

	if (skb_rtable(skb)->rt_type == RTN_LOCAL)
		return iph->daddr;
	return inet_select_addr(skb->dev, iph->saddr, RT_SCOPE_LINK);
}

/* As icmp_out_count() counts every message icmp_push_reply() sends. */
static void ipv4alt_stock_icmp_out(struct net *net, u8 type)
{
	ICMPMSGOUT_INC_STATS(net, type);
	ICMP_INC_STATS(net, ICMP_MIB_OUTMSGS);
}

static int ipv4alt_icmp_echo_finish(struct net *net, struct sock *sk,
				    struct sk_buff *skb)
{
	struct ipv4alt_net *pn = ipv4alt_pernet_rcu(net);
	unsigned int hlen = ip_hdrlen(skb);
	struct flowi4 fl4 = {};
	struct icmphdr *icmph;
	struct iphdr *iph;
	struct rtable *rt;

	ipv4alt_inc(pn, IPV4ALT_MIB_IN_ECHOS);
	/* ip_local_deliver_finish() counts every request icmp_rcv() took. */
	IP_INC_STATS(net, IPSTATS_MIB_INDELIVERS);

	/* RFC 792: the checksum covers the whole ICMP message. A valid IP
	 * header sums to zero, so skb->csum needs no adjustment for the pull.
	 */
	if (hlen != sizeof(*iph)) {
		if (unlikely(!ipv4alt_opts_recheck(skb)))
			goto bad_opts;
		hlen = ip_hdrlen(skb);
	}
	if (!pskb_may_pull(skb, hlen + sizeof(*icmph)))
		goto short_hdr;
	__skb_pull(skb, hlen);
	if (skb_checksum_simple_validate(skb))
		goto bad_csum;
	__skb_push(skb, hlen);
	ICMPMSGIN_INC_STATS(net, ICMP_ECHO);

	if (READ_ONCE(net->ipv4.sysctl_icmp_echo_ignore_all))
		goto ignore;
	if ((skb_rtable(skb)->rt_flags & (RTCF_BROADCAST | RTCF_MULTICAST)) &&
	    READ_ONCE(net->ipv4.sysctl_icmp_echo_ignore_broadcasts))
		goto ignore;

	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))
		goto nomem;
	if (skb_ensure_writable(skb, hlen + sizeof(*icmph)))
		goto nomem;

	iph = ip_hdr(skb);
	fl4.saddr = ipv4alt_echo_saddr(skb);
	fl4.daddr = iph->saddr;
	fl4.flowi4_tos = RT_TOS(iph->tos);
	fl4.flowi4_proto = IPPROTO_ICMP;
	/* fwmark_reflect: the reply carries the request's mark, or none. */
	fl4.flowi4_mark = IP4_REPLY_MARK(net, skb->mark);
	fl4.flowi4_uid = sock_net_uid(net, NULL);
	fl4.fl4_icmp_type = ICMP_ECHOREPLY;
	fl4.flowi4_oif = ipv4alt_icmp_l3mdev(skb);
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		goto no_route;

	/* From here on the buffer is a new, locally generated datagram. */
	skb_scrub_packet(skb, false);
	skb->mark = fl4.flowi4_mark;
	skb->tstamp = 0;
	skb->ip_summed = CHECKSUM_NONE;
	memset(IPCB(skb), 0, sizeof(struct inet_skb_parm));
	skb_dst_set(skb, &rt->dst);

	/* RFC 1122 3.2.2.6: RR and TS come back, updated with this host. */
	if (hlen > sizeof(*iph)) {
		hlen = ipv4alt_opts_echo_skb(skb, fl4.saddr);
		iph = ip_hdr(skb);
	}
	iph->daddr = fl4.daddr;
	iph->saddr = fl4.saddr;
	iph->ttl = READ_ONCE(pn->default_ttl);
	iph->frag_off = 0;
	/* ipv4alt's egress hook picks the ID out of a selected device; the
	 * stock output does not, so pick it here for any other (one ID a
	 * reply, as icmp_reply() takes).
	 */
	if (!ipv4alt_dev_selected(rt->dst.dev) || dst_xfrm(&rt->dst) ||
	    lwtunnel_xmit_redirect(rt->dst.lwtstate))
		ipv4alt_ipid_select(pn, skb, 1);
	ipv4alt_icmp_echo_to_reply((struct icmphdr *)(skb->data + hlen));

	ipv4alt_inc(pn, IPV4ALT_MIB_OUT_ECHO_REPS);
	ipv4alt_stock_icmp_out(net, ICMP_ECHOREPLY);
	/* Sets tot_len and the header checksum, then runs LOCAL_OUT. */
	ip_local_out(net, NULL, skb);
	return NET_RX_SUCCESS;

bad_opts:
	/* Rewritten by a queue verdict since ipv4alt_opts_rcv(). */
	ipv4alt_inc(pn, IPV4ALT_MIB_IN_HDR_ERRORS);
	kfree_skb_reason(skb, SKB_DROP_REASON_IP_INHDR);
	return NET_RX_DROP;
short_hdr:
	ipv4alt_inc(pn, IPV4ALT_MIB_ICMP_IN_ERRORS);
	kfree_skb_reason(skb, SKB_DROP_REASON_PKT_TOO_SMALL);
	return NET_RX_DROP;
bad_csum:
	ipv4alt_inc(pn, IPV4ALT_MIB_ICMP_IN_CSUM_ERRORS);
	ipv4alt_inc(pn, IPV4ALT_MIB_ICMP_IN_ERRORS);
	kfree_skb_reason(skb, SKB_DROP_REASON_ICMP_CSUM);
	return NET_RX_DROP;
ignore:
	/* Policy, not an error: the echo_ignore sysctls asked for it. */
	ipv4alt_consume_skb(skb);
	return NET_RX_SUCCESS;
nomem:
	ipv4alt_inc(pn, IPV4ALT_MIB_OUT_DISCARDS);
	kfree_skb_reason(skb, SKB_DROP_REASON_NOMEM);
	return NET_RX_DROP;
no_route:
	ipv4alt_inc(pn, IPV4ALT_MIB_OUT_NO_ROUTES);
	kfree_skb_reason(skb, SKB_DROP_REASON_IP_OUTNOROUTES);
	return NET_RX_DROP;
}

/* RFC 1812 4.3.2.3: quote as much as fits in a 576-byte datagram. */
#define IPV4ALT_ICMP_QUOTE_MAX (576 - sizeof(struct iphdr) - sizeof(struct icmphdr))

/**
 * ipv4alt_icmp_error_allowed() - may any ICMP error be sent about @skb?
 * @skb: the offending datagram, data at its IP header
 *
 * RFC 1122 3.2.2 and RFC 1812 4.3.2.7: no error about an ICMP error, a
 * datagram to a broadcast or multicast address (or not addressed to this
 * host's link address: pkt_type other than PACKET_HOST, as in
 * __icmp_send(); local output is PACKET_HOST too), a fragment other than
 * the first, or a datagram whose source is not one host.
 *
 * Return: true unless one of those rules forbids an error.
 */
bool ipv4alt_icmp_error_allowed(const struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	const struct rtable *rt = skb_rtable(skb);
	const u8 *type;
	u8 _type;

	if (skb->pkt_type != PACKET_HOST)
		return false;
	if (rt && (rt->rt_flags & (RTCF_BROADCAST | RTCF_MULTICAST)))
		return false;
	if (ipv4_is_multicast(iph->daddr) || ipv4_is_lbcast(iph->daddr))
		return false;
	if (!ipv4alt_saddr_is_host(iph->saddr))
		return false;
	if (iph->frag_off & htons(IP_OFFSET))
		return false;
	if (iph->protocol == IPPROTO_ICMP) {
		/* Only the type byte, as __icmp_send() reads it; types past
		 * the known ones count as errors there too.
		 */
		type = skb_header_pointer(skb, iph->ihl * 4 +
					  offsetof(struct icmphdr, type),
					  sizeof(_type), &_type);
		if (!type || *type > NR_ICMP_TYPES || icmp_is_err(*type))
			return false;
	}
	return true;
}

static enum ipv4alt_mib_field ipv4alt_icmp_out_mib(u8 type)
{
	switch (type) {
	case ICMP_DEST_UNREACH:
		return IPV4ALT_MIB_OUT_DEST_UNREACHS;
	case ICMP_TIME_EXCEEDED:
		return IPV4ALT_MIB_OUT_TIME_EXCDS;
	default:
		return IPV4ALT_MIB_OUT_PARM_PROBS;
	}
}

/**
 * ipv4alt_icmp_bucket_init() - start the rate limits of a netns, full
 * @b: the limits; the lock is not touched
 * @now: the time, in jiffies
 * @burst: its size, icmp_msgs_burst
 */
void ipv4alt_icmp_bucket_init(struct ipv4alt_icmp_bucket *b,
			      unsigned long now, u32 burst)
{
	b->credit = burst;
	b->stamp = now;
	get_random_bytes(&b->key, sizeof(b->key));
	memset(b->peers, 0, sizeof(b->peers));
}

/**
 * ipv4alt_icmp_bucket_allow() - take one token if there is one
 * @b: the bucket, its lock held (or owned by the caller alone)
 * @now: the time, in jiffies
 * @rate: tokens added per second, icmp_msgs_per_sec
 * @burst: most tokens held, icmp_msgs_burst
 *
 * Tokens accrue for at most one second of idleness. The stamp only moves
 * when a whole token was added, so slow rates still accrue. A lowered
 * @burst applies at once.
 *
 * Return: true if the error may be sent.
 */
VISIBLE_IF_KUNIT
bool ipv4alt_icmp_bucket_allow(struct ipv4alt_icmp_bucket *b,
			       unsigned long now, u32 rate, u32 burst)
{
	unsigned long delta = min_t(unsigned long, now - b->stamp, HZ);
	u32 incr = div_u64((u64)rate * delta, HZ);

	if (incr) {
		b->credit = min_t(u64, (u64)b->credit + incr, burst);
		b->stamp = now;
	}
	b->credit = min(b->credit, burst);
	if (!b->credit)
		return false;
	b->credit--;
	return true;
}

/* Is this error subject to the limits? */
static bool ipv4alt_icmp_limited_type(struct net *net, u8 type, u8 code)
{
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
		return false;
	return type <= NR_ICMP_TYPES &&
	       (READ_ONCE(net->ipv4.sysctl_icmp_ratemask) & (1 << type));
}

static bool ipv4alt_icmp_global_allow(struct ipv4alt_net *pn)
{
	struct net *net = pn->net;
	bool ok;

	/* Egress calls in from process context too. */
	spin_lock_bh(&pn->icmp_bucket.lock);
	ok = ipv4alt_icmp_bucket_allow(&pn->icmp_bucket, jiffies,
				       max(READ_ONCE(net->ipv4.sysctl_icmp_msgs_per_sec), 0),
				       max(READ_ONCE(net->ipv4.sysctl_icmp_msgs_burst), 0));
	spin_unlock_bh(&pn->icmp_bucket.lock);
	return ok;
}

/**
 * ipv4alt_icmp_peer_allow() - may one more error go to this destination?
 * @p: the destination's slot, its bucket's lock held
 * @daddr: the destination
 * @now: the time, in jiffies
 * @cost: jiffies one error costs
 * @burst: errors that may be saved up
 *
 * The rule of the stock inet_peer entries: time saved up pays for errors,
 * up to @burst of them. icmp_ratelimit is a cost with a burst of
 * %IPV4ALT_ICMP_PEER_BURST; ip_error()'s own limit is a cost of a second
 * with a burst of %IPV4ALT_ICMP_ROUTE_BURST, on the same slot. A slot that
 * held another destination starts as a new inet_peer does: last used a
 * minute ago, with nothing saved.
 *
 * Return: true if the error may be sent.
 */
VISIBLE_IF_KUNIT
bool ipv4alt_icmp_peer_allow(struct ipv4alt_icmp_peer *p, __be32 daddr,
			     unsigned long now, u32 cost, unsigned int burst)
{
	u64 max = (u64)burst * cost;
	u64 tokens;

	if (p->daddr != daddr) {
		p->daddr = daddr;
		p->tokens = 0;
		p->last = now - 60 * HZ;
	}
	tokens = min_t(u64, (u64)p->tokens + (now - p->last), max);
	p->last = now;
	if (tokens < cost) {
		p->tokens = tokens;
		return false;
	}
	p->tokens = tokens - cost;
	return true;
}

static struct ipv4alt_icmp_peer *ipv4alt_icmp_peer(struct ipv4alt_icmp_bucket *b,
						   __be32 daddr)
{
	return &b->peers[hsiphash_1u32((__force u32)daddr, &b->key) %
			 IPV4ALT_ICMP_PEERS];
}

static bool ipv4alt_icmp_dst_allow(struct ipv4alt_net *pn,
				   const struct rtable *rt, __be32 daddr)
{
	struct ipv4alt_icmp_bucket *b = &pn->icmp_bucket;
	/* Written in ms, kept in jiffies (proc_dointvec_ms_jiffies). */
	int timeout = READ_ONCE(pn->net->ipv4.sysctl_icmp_ratelimit);
	bool ok;

	if (rt->dst.dev->flags & IFF_LOOPBACK)
		return true;
	spin_lock_bh(&b->lock);
	ok = ipv4alt_icmp_peer_allow(ipv4alt_icmp_peer(b, daddr), daddr,
				     jiffies, max(timeout, 0),
				     IPV4ALT_ICMP_PEER_BURST);
	spin_unlock_bh(&b->lock);
	return ok;
}

/**
 * ipv4alt_icmp_route_allow() - may a "no route" error go to this source?
 * @pn: netns state
 * @saddr: the source of the datagram that cannot be forwarded
 *
 * ip_error() limits its errors per source before icmp_send() does, on the
 * same inet_peer entry as icmp_ratelimit, so the two drain one budget
 * (ipv4alt.rst, *ICMP errors and their rate limits*). Called before the
 * error is built, as ip_error() does, whether or not one would be sent.
 *
 * Return: true if the error may be sent.
 */
bool ipv4alt_icmp_route_allow(struct ipv4alt_net *pn, __be32 saddr)
{
	struct ipv4alt_icmp_bucket *b = &pn->icmp_bucket;
	bool ok;

	spin_lock_bh(&b->lock);
	ok = ipv4alt_icmp_peer_allow(ipv4alt_icmp_peer(b, saddr), saddr,
				     jiffies, HZ, IPV4ALT_ICMP_ROUTE_BURST);
	spin_unlock_bh(&b->lock);
	return ok;
}

/*
 * The source of an error, as __icmp_send() picks it: the address the
 * datagram was sent to when it is ours; else, with
 * icmp_errors_use_inbound_ifaddr, one of the input device's; else none,
 * and the route back picks it.
 */
static __be32 ipv4alt_icmp_saddr(struct net *net, const struct sk_buff *skb,
				 const struct rtable *in_rt)
{
	struct net_device *dev;

	if (in_rt && in_rt->rt_type == RTN_LOCAL)
		return ip_hdr(skb)->daddr;
	if (!skb->skb_iif ||
	    !READ_ONCE(net->ipv4.sysctl_icmp_errors_use_inbound_ifaddr))
		return 0;
	dev = dev_get_by_index_rcu(net, skb->skb_iif);
	return dev ? inet_select_addr(dev, ip_hdr(skb)->saddr, RT_SCOPE_LINK) :
		     0;
}

/**
 * ipv4alt_icmp_send() - send an ICMP error about a datagram
 * @pn: netns state
 * @skb: the offending datagram, data at its IP header; not consumed
 * @type: ICMP_DEST_UNREACH, ICMP_TIME_EXCEEDED or ICMP_PARAMETERPROB
 * @code: ICMP code
 * @info: the second word of the ICMP header, host order: the pointer in
 *	its top byte for a parameter problem, the next-hop MTU in its low
 *	half for "fragmentation needed", 0 otherwise
 *
 * The error quotes the offending header and as much data as fits in 576
 * bytes, and leaves through the stock output path with TTL default_ttl.
 * Errors over the rate limits count OutRateLimited and are not sent.
 */
void ipv4alt_icmp_send(struct ipv4alt_net *pn, struct sk_buff *skb, u8 type,
		       u8 code, u32 info)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct net *net = pn->net;
	const struct rtable *in_rt = skb_rtable(skb);
	struct flowi4 fl4 = {};
	struct icmphdr *icmph;
	struct sk_buff *nskb;
	struct iphdr *niph;
	unsigned int quote;
	struct rtable *rt;
	bool limited;
	int hlen;

	if (!ipv4alt_icmp_error_allowed(skb))
		return;
	limited = ipv4alt_icmp_limited_type(net, type, code);
	if (limited && !ipv4alt_icmp_global_allow(pn)) {
		ipv4alt_inc(pn, IPV4ALT_MIB_OUT_RATE_LIMITED);
		ICMP_INC_STATS(net, ICMP_MIB_RATELIMITGLOBAL);
		return;
	}

	fl4.saddr = ipv4alt_icmp_saddr(net, skb, in_rt);
	fl4.daddr = iph->saddr;
	fl4.flowi4_tos = RT_TOS(iph->tos);
	fl4.flowi4_proto = IPPROTO_ICMP;
	fl4.flowi4_mark = IP4_REPLY_MARK(net, skb->mark);
	fl4.flowi4_uid = sock_net_uid(net, NULL);
	fl4.fl4_icmp_type = type;
	fl4.fl4_icmp_code = code;
	fl4.flowi4_oif = ipv4alt_icmp_l3mdev(skb);
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt)) {
		ipv4alt_inc(pn, IPV4ALT_MIB_OUT_NO_ROUTES);
		return;
	}
	if (limited && !ipv4alt_icmp_dst_allow(pn, rt, fl4.daddr)) {
		ip_rt_put(rt);
		ipv4alt_inc(pn, IPV4ALT_MIB_OUT_RATE_LIMITED);
		ICMP_INC_STATS(net, ICMP_MIB_RATELIMITHOST);
		return;
	}
	/* No address of ours on the way back: send from the IPv4 dummy
	 * address 192.0.0.8 (RFC 7600 section 6), as __icmp_send() does.
	 * Receivers drop a source of 0.0.0.0 as a martian.
	 */
	if (!fl4.saddr)
		fl4.saddr = htonl(INADDR_DUMMY);

	quote = min_t(unsigned int, skb->len, IPV4ALT_ICMP_QUOTE_MAX);
	hlen = LL_RESERVED_SPACE(rt->dst.dev) + rt->dst.header_len;
	nskb = alloc_skb(hlen + sizeof(*niph) + sizeof(*icmph) + quote,
			 GFP_ATOMIC);
	if (!nskb) {
		ip_rt_put(rt);
		ipv4alt_inc(pn, IPV4ALT_MIB_OUT_DISCARDS);
		return;
	}
	skb_reserve(nskb, hlen);
	skb_reset_network_header(nskb);
	niph = skb_put(nskb, sizeof(*niph));
	skb_set_transport_header(nskb, sizeof(*niph));
	icmph = skb_put(nskb, sizeof(*icmph));
	if (skb_copy_bits(skb, 0, skb_put(nskb, quote), quote)) {
		kfree_skb(nskb);
		ip_rt_put(rt);
		ipv4alt_inc(pn, IPV4ALT_MIB_OUT_DISCARDS);
		return;
	}

	icmph->type = type;
	icmph->code = code;
	icmph->checksum = 0;
	icmph->un.gateway = htonl(info);
	icmph->checksum = csum_fold(skb_checksum(nskb, sizeof(*niph),
						 sizeof(*icmph) + quote, 0));

	niph->version = 4;
	niph->ihl = 5;
	/* RFC 1812 4.3.2.5: errors carry precedence 6, internetwork control. */
	niph->tos = (iph->tos & IPTOS_TOS_MASK) | IPTOS_PREC_INTERNETCONTROL;
	niph->frag_off = 0;
	niph->ttl = READ_ONCE(pn->default_ttl);
	niph->protocol = IPPROTO_ICMP;
	niph->saddr = fl4.saddr;
	niph->daddr = fl4.daddr;
	nskb->protocol = htons(ETH_P_IP);
	nskb->mark = fl4.flowi4_mark;
	skb_dst_set(nskb, &rt->dst);
	niph->id = 0;
	ipv4alt_ipid_select(pn, nskb, 1);

	ipv4alt_inc(pn, ipv4alt_icmp_out_mib(type));
	ipv4alt_stock_icmp_out(net, type);
	ip_local_out(net, NULL, nskb);
}

/**
 * ipv4alt_icmp_echo() - answer an echo request addressed to this host
 * @pn: netns state
 * @skb: the request, with its input route attached
 *
 * The request passes LOCAL_IN first, so input filter rules apply to it as
 * they would on the stock path.
 *
 * Return: NET_RX_SUCCESS or NET_RX_DROP.
 */
int ipv4alt_icmp_echo(struct ipv4alt_net *pn, struct sk_buff *skb)
{
	return NF_HOOK(NFPROTO_IPV4, NF_INET_LOCAL_IN, pn->net, NULL, skb,
		       skb->dev, NULL, ipv4alt_icmp_echo_finish);
}
