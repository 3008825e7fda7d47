// SPDX-License-Identifier: GPL-2.0
/*
 * Forwarding: datagrams that arrive on a selected device for another host.
 *
 * ipv4alt decides with its own knobs, net.ipv4alt.forwarding and
 * conf.<dev>.forwarding of the input device; the stock ip_forward does not
 * matter. Routes come from the kernel's FIB and next hops from its
 * neighbour layer. NF FORWARD runs, then the datagram leaves through
 * dst_output(): POST_ROUTING, and frag.c when the output device is
 * selected.
 *
 * Redirects (RFC 1812 4.3.3.2) are never sent: a host that takes one would
 * bypass this router and the rules it applies, and gVisor does not send
 * them either.
 */

#include <kunit/visibility.h>
#include <linux/inetdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <net/checksum.h>
#include <net/icmp.h>
#include <net/ip_fib.h>
#include <net/l3mdev.h>
#include <net/lwtunnel.h>
#include <net/nexthop.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/xfrm.h>

#include "forward.h"
#include "icmp.h"
#include "input.h"
#include "ipv4alt.h"
#include "options.h"

/**
 * ipv4alt_fwd_decide() - the checks that need no route
 * @forwarding: net.ipv4alt.forwarding
 * @dev_forwarding: conf.<dev>.forwarding of the input device
 * @saddr: source address
 * @daddr: destination address, not one of this host's
 * @l2_unicast: the frame was addressed to this host's link address
 * @ttl: the TTL it arrived with
 *
 * Return: %IPV4ALT_FWD_OK, or why the datagram is not forwarded.
 */
VISIBLE_IF_KUNIT
enum ipv4alt_fwd_verdict ipv4alt_fwd_decide(int forwarding, int dev_forwarding,
					    __be32 saddr, __be32 daddr,
					    bool l2_unicast, u8 ttl)
{
	if (!forwarding || !dev_forwarding)
		return IPV4ALT_FWD_DISABLED;
	/* RFC 1812 5.3.7: 0/8 is never a source on the wire. */
	if (!(saddr & htonl(IN_CLASSA_NET)))
		return IPV4ALT_FWD_INIT_SOURCE;
	/* RFC 1812 5.3.4: no link-layer broadcast is forwarded; ipv4alt
	 * does no multicast routing and no directed broadcasts.
	 */
	if (!l2_unicast || ipv4_is_multicast(daddr) || ipv4_is_lbcast(daddr))
		return IPV4ALT_FWD_BCAST_MCAST;
	/* RFC 3927 2.7: link-local datagrams stay on their link. */
	if (ipv4_is_linklocal_169(saddr))
		return IPV4ALT_FWD_LINK_LOCAL_SOURCE;
	if (ipv4_is_linklocal_169(daddr))
		return IPV4ALT_FWD_LINK_LOCAL_DESTINATION;
	/* RFC 1812 5.3.1: a TTL that would reach zero ends here. */
	if (ttl <= 1)
		return IPV4ALT_FWD_TTL_EXCEEDED;
	return IPV4ALT_FWD_OK;
}

/**
 * ipv4alt_fwd_dec_ttl() - decrement the TTL and update the checksum
 * @iph: a writable header with a TTL of at least 1
 *
 * RFC 1624 equation 3 (csum_replace2()): the result equals a full
 * recomputation, 0x0000 and 0xffff included.
 */
VISIBLE_IF_KUNIT
void ipv4alt_fwd_dec_ttl(struct iphdr *iph)
{
	__be16 old = htons(iph->ttl << 8 | iph->protocol);

	iph->ttl--;
	csum_replace2(&iph->check, old, htons(iph->ttl << 8 | iph->protocol));
}

static const struct {
	enum ipv4alt_mib_field mib;
	enum skb_drop_reason reason;
} ipv4alt_fwd_drops[] = {
	[IPV4ALT_FWD_DISABLED] = { IPV4ALT_MIB_IN_NOT_LOCAL,
				   SKB_DROP_REASON_IP_INADDRERRORS },
	[IPV4ALT_FWD_INIT_SOURCE] = { IPV4ALT_MIB_IN_ADDR_ERRORS,
				      SKB_DROP_REASON_IP_INADDRERRORS },
	[IPV4ALT_FWD_BCAST_MCAST] = { IPV4ALT_MIB_FORW_BCAST_MCAST,
				      SKB_DROP_REASON_IP_INADDRERRORS },
	[IPV4ALT_FWD_LINK_LOCAL_SOURCE] = {
		IPV4ALT_MIB_FORW_LINK_LOCAL_SOURCE,
		SKB_DROP_REASON_IP_INADDRERRORS },
	[IPV4ALT_FWD_LINK_LOCAL_DESTINATION] = {
		IPV4ALT_MIB_FORW_LINK_LOCAL_DESTINATION,
		SKB_DROP_REASON_IP_INADDRERRORS },
	[IPV4ALT_FWD_TTL_EXCEEDED] = { IPV4ALT_MIB_FORW_EXHAUSTED_TTL,
				       SKB_DROP_REASON_IP_INHDR },
};

/* Why ipv4alt_fwd_route() refused a datagram that has a route. */
enum {
	IPV4ALT_FWD_RT_MARTIAN_DST = 1,
	IPV4ALT_FWD_RT_MARTIAN_SRC,
	IPV4ALT_FWD_RT_RPFILTER,
};

/*
 * Is @addr configured on a device of @net? inet_lookup_ifaddr_rcu() is not
 * exported; __ip_dev_find() also takes any address of a local route (a
 * prefix on lo), so check the device's addresses for @addr itself.
 */
static bool ipv4alt_fwd_is_ifaddr(struct net *net, __be32 addr)
{
	struct net_device *dev = __ip_dev_find(net, addr, false);
	struct in_device *in_dev = dev ? __in_dev_get_rcu(dev) : NULL;
	const struct in_ifaddr *ifa;

	if (!in_dev)
		return false;
	in_dev_for_each_ifa_rcu(ifa, in_dev)
		if (ifa->ifa_local == addr)
			return true;
	return false;
}

/*
 * fib_validate_source() for a datagram about to be forwarded out of @oif
 * (the kernel's is not exported): rp_filter, accept_local, src_valid_mark
 * and a source that is one of this host's addresses, with the same fast
 * path. Return: negative if the source is a martian, -EXDEV for rp_filter.
 */
static int ipv4alt_fwd_validate_source(struct sk_buff *skb,
				       struct in_device *idev, __be32 saddr,
				       __be32 daddr, u8 tos, int oif)
{
	struct net_device *dev = idev->dev;
	struct net *net = dev_net(dev);
	int rpf = secpath_exists(skb) ? 0 : IN_DEV_RPFILTER(idev);
	struct flow_keys flkeys;
	struct fib_result res;
	struct flowi4 fl4;

	if (!rpf && !fib_num_tclassid_users(net) &&
	    (dev->ifindex != oif || !IN_DEV_TX_REDIRECTS(idev))) {
		if (IN_DEV_ACCEPT_LOCAL(idev))
			return 0;
		if (!net->ipv4.fib_has_custom_local_routes &&
		    !fib4_has_custom_rules(net))
			return ipv4alt_fwd_is_ifaddr(net, saddr) ? -EINVAL : 0;
	}

	/* The reverse route: would this host send to @saddr through @dev? */
	memset(&fl4, 0, sizeof(fl4));
	fl4.flowi4_l3mdev = l3mdev_master_ifindex_rcu(dev);
	fl4.flowi4_iif = oif ? : LOOPBACK_IFINDEX;
	fl4.daddr = saddr;
	fl4.saddr = daddr;
	fl4.flowi4_tos = tos;
	fl4.flowi4_scope = RT_SCOPE_UNIVERSE;
	fl4.flowi4_uid = sock_net_uid(net, NULL);
	fl4.flowi4_mark = IN_DEV_SRC_VMARK(idev) ? skb->mark : 0;
	if (fib4_rules_early_flow_dissect(net, skb, &fl4, &flkeys))
		swap(fl4.fl4_sport, fl4.fl4_dport);

	if (fib_lookup(net, &fl4, &res, 0))
		return rpf ? -EXDEV : 0;
	if (res.type != RTN_UNICAST &&
	    (res.type != RTN_LOCAL || !IN_DEV_ACCEPT_LOCAL(idev)))
		return -EINVAL;
	if (fib_info_nh_uses_dev(res.fi, dev))
		return 0;
	/* Strict mode (1) wants the way back through @dev, loose mode (2)
	 * any way back, but a device without an address gets no exception.
	 */
	return rpf == 1 || (rpf && !rcu_access_pointer(idev->ifa_list)) ?
	       -EXDEV : 0;
}

/*
 * Is @rt the route @res's lookup would have made: unicast, through one of
 * its next hops, with its metrics and lightweight tunnel state?
 */
static bool ipv4alt_fwd_same_hop(const struct rtable *rt,
				 const struct fib_result *res)
{
	struct fib_nh_common *nhc;
	unsigned int i;
	bool gw;

	if (rt->rt_type != RTN_UNICAST ||
	    dst_metrics_ptr((struct dst_entry *)&rt->dst) !=
	    res->fi->fib_metrics->metrics)
		return false;
	for (i = 0; i < fib_info_num_path(res->fi); i++) {
		nhc = fib_info_nhc(res->fi, i);
		/* A nexthop group that shrank under us. */
		if (!nhc)
			break;
		if (nhc->nhc_dev != rt->dst.dev ||
		    nhc->nhc_lwtstate != rt->dst.lwtstate)
			continue;
		gw = nhc->nhc_gw_family && nhc->nhc_scope == RT_SCOPE_LINK;
		if (gw != !!rt->rt_uses_gateway)
			continue;
		if (!gw)
			return true;
		if (nhc->nhc_gw_family != rt->rt_gw_family)
			continue;
		if (nhc->nhc_gw_family == AF_INET ?
		    nhc->nhc_gw.ipv4 == rt->rt_gw4 :
		    ipv6_addr_equal(&nhc->nhc_gw.ipv6, &rt->rt_gw6))
			return true;
	}
	return false;
}

/*
 * A route for @res's first next hop that no other lookup shares, for when
 * the output lookup cannot reach it (a table only an iif rule selects).
 * What rt_set_nexthop() sets, less the caches and realms.
 */
static struct rtable *ipv4alt_fwd_rt_build(const struct fib_result *res)
{
	struct fib_nh_common *nhc = FIB_RES_NHC(*res);
	struct in_device *out = __in_dev_get_rcu(nhc->nhc_dev);
	struct rtable *rt;

	if (!out)
		return ERR_PTR(-ENETUNREACH);
	rt = rt_dst_alloc(nhc->nhc_dev, 0, res->type,
			  IN_DEV_ORCONF(out, NOXFRM));
	if (!rt)
		return ERR_PTR(-ENOBUFS);
	rt->rt_is_input = 1;
	if (nhc->nhc_gw_family && nhc->nhc_scope == RT_SCOPE_LINK) {
		rt->rt_uses_gateway = 1;
		rt->rt_gw_family = nhc->nhc_gw_family;
		if (nhc->nhc_gw_family == AF_INET)
			rt->rt_gw4 = nhc->nhc_gw.ipv4;
		else
			rt->rt_gw6 = nhc->nhc_gw.ipv6;
	}
	ip_dst_init_metrics(&rt->dst, res->fi->fib_metrics);
	rt->dst.lwtstate = lwtstate_get(nhc->nhc_lwtstate);
	lwtunnel_set_redirect(&rt->dst);
	return rt;
}

/*
 * The output route __mkroute_output() caches in @res's next hop: only
 * with a single path, while the next hop has no exception table (learned
 * PMTUs, redirects), still valid (rt_cache_valid()), and when
 * ipv4alt_fwd_same_hop() agrees (unicast, @res's metrics, device, gateway
 * and lwtunnel state). Else NULL, and the output lookup decides.
 */
static struct rtable *ipv4alt_fwd_cached_rt(const struct fib_result *res)
{
	struct fib_nh_common *nhc;
	struct rtable *rt;

	if (fib_info_num_path(res->fi) != 1)
		return NULL;
	nhc = FIB_RES_NHC(*res);
	if (!nhc->nhc_pcpu_rth_output || rcu_access_pointer(nhc->nhc_exceptions))
		return NULL;
	rt = rcu_dereference(*raw_cpu_ptr(nhc->nhc_pcpu_rth_output));
	if (!rt || rt->dst.obsolete != DST_OBSOLETE_FORCE_CHK ||
	    rt->rt_genid != rt_genid_ipv4(dev_net(rt->dst.dev)) ||
	    !dst_hold_safe(&rt->dst))
		return NULL;
	/* A nexthop object's cache is shared by routes with other metrics. */
	if (!ipv4alt_fwd_same_hop(rt, res)) {
		ip_rt_put(rt);
		return NULL;
	}
	return rt;
}

/* ip_route_input_slow()'s FIB lookup, for a datagram to forward. */
static int ipv4alt_fwd_lookup(struct net *net, struct sk_buff *skb,
			      struct net_device *dev, __be64 tun_id,
			      struct fib_result *res)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct flow_keys flkeys;
	struct flowi4 fl4;

	memset(&fl4, 0, sizeof(fl4));
	fl4.flowi4_iif = dev->ifindex;
	fl4.flowi4_mark = skb->mark;
	fl4.flowi4_tos = iph->tos & IPV4ALT_ROUTE_TOS_MASK;
	fl4.flowi4_scope = RT_SCOPE_UNIVERSE;
	fl4.daddr = iph->daddr;
	fl4.saddr = iph->saddr;
	fl4.flowi4_uid = sock_net_uid(net, NULL);
	fl4.flowi4_tun_key.tun_id = tun_id;
	fib4_rules_early_flow_dissect(net, skb, &fl4, &flkeys);
	return fib_lookup(net, &fl4, res, 0);
}

/**
 * ipv4alt_fwd_addr_special() - is @addr one the kernel's input lookup
 *	sorts out before the FIB?
 * @addr: a source or destination address
 *
 * ip_route_input_rcu() takes multicast destinations aside, and
 * ip_route_input_slow() multicast sources, limited broadcast, 0.0.0.0
 * and 127/8 on either side.
 *
 * Return: true for those; ipv4alt_fwd_early_route() leaves them alone.
 */
VISIBLE_IF_KUNIT bool ipv4alt_fwd_addr_special(__be32 addr)
{
	return ipv4_is_multicast(addr) || ipv4_is_lbcast(addr) ||
	       ipv4_is_zeronet(addr) || ipv4_is_loopback(addr);
}

/**
 * ipv4alt_fwd_early_route() - look up a datagram ipv4alt will forward
 * @pn: netns state
 * @skb: the datagram, without a dst
 * @dev: the selected device it came in on
 * @res: the FIB result, for ipv4alt_forward()
 *
 * With stock forwarding off on @dev, ip_route_input_noref() would make a
 * route for each datagram that only says "not forwarding", and forward.c
 * would drop it and look up again. So ipv4alt looks up first, with the
 * flow ip_route_input_slow() uses, when its own forwarding is on. Only a
 * unicast result is taken: anything else goes through the kernel's
 * lookup as before. Design.rst, "Forwarding route". Called under RCU;
 * @res is valid only inside that read section.
 *
 * Return: true when @res is a unicast route for @skb.
 */
bool ipv4alt_fwd_early_route(struct ipv4alt_net *pn, struct sk_buff *skb,
			     struct net_device *dev, struct fib_result *res)
{
	struct in_device *in_dev = __in_dev_get_rcu(dev);
	const struct iphdr *iph = ip_hdr(skb);
	struct ipv4alt_dev *idev;

	if (!in_dev || IN_DEV_FORWARD(in_dev) || !READ_ONCE(pn->forwarding))
		return false;
	idev = ipv4alt_dev_get_rcu(dev);
	if (!idev || !READ_ONCE(idev->forwarding))
		return false;
	if (ipv4alt_fwd_addr_special(iph->saddr) ||
	    ipv4alt_fwd_addr_special(iph->daddr))
		return false;
	return !ipv4alt_fwd_lookup(pn->net, skb, dev, 0, res) &&
	       res->type == RTN_UNICAST;
}

/*
 * The route to the next hop. When the stock ip_forward is on for the
 * input device, the input route already is one, made by
 * ip_route_input_slow() with every rule, rp_filter and the FIB's caches.
 * When it is off, that route only says "not forwarding", so ipv4alt makes
 * the same decisions itself: the FIB lookup with the input device (iif,
 * fwmark, uidrange and l3mdev rules, error routes; @early when
 * ipv4alt_fwd_early_route() made it), source validation, then the output
 * route for that next hop. Design.rst, "Forwarding route".
 *
 * Return: 0 with the route attached, a FIB error (the route's type), or
 * an IPV4ALT_FWD_RT_* reason.
 */
static int ipv4alt_fwd_route(struct net *net, struct sk_buff *skb,
			     struct net_device *dev, __be64 tun_id,
			     const struct fib_result *early)
{
	struct in_device *idev = __in_dev_get_rcu(dev);
	const struct iphdr *iph = ip_hdr(skb);
	struct rtable *rt = skb_rtable(skb);
	struct fib_result res;
	struct flowi4 fl4;
	u8 tos;
	int err;

	if (!early && rt->rt_type == RTN_UNICAST && !rt->dst.error)
		return 0;
	/* Read again here: the early lookup's in_dev may be gone by now. */
	if (!idev)
		return -EINVAL;
	if (early) {
		res = *early;
	} else {
		err = ipv4alt_fwd_lookup(net, skb, dev, tun_id, &res);
		if (err)
			return err;
	}
	tos = iph->tos & IPV4ALT_ROUTE_TOS_MASK;
	/* A broadcast or NAT route: ip_route_input_slow()'s martian. */
	if (res.type != RTN_UNICAST) {
		if (IN_DEV_LOG_MARTIANS(idev))
			net_warn_ratelimited("martian destination %pI4 from %pI4, dev %s\n",
					     &iph->daddr, &iph->saddr,
					     dev->name);
		return IPV4ALT_FWD_RT_MARTIAN_DST;
	}
	err = ipv4alt_fwd_validate_source(skb, idev, iph->saddr, iph->daddr,
					  tos, FIB_RES_OIF(res));
	if (err < 0) {
		if (IN_DEV_LOG_MARTIANS(idev))
			net_warn_ratelimited("martian source %pI4 from %pI4, on dev %s\n",
					     &iph->daddr, &iph->saddr,
					     dev->name);
		return err == -EXDEV ? IPV4ALT_FWD_RT_RPFILTER :
				       IPV4ALT_FWD_RT_MARTIAN_SRC;
	}
	if (IN_DEV_ORCONF(idev, NOPOLICY))
		IPCB(skb)->flags |= IPSKB_NOPOLICY;

	rt = ipv4alt_fwd_cached_rt(&res);
	if (rt)
		goto attach;
	flowi4_init_output(&fl4, 0, skb->mark, tos, RT_SCOPE_UNIVERSE,
			   iph->protocol, FLOWI_FLAG_ANYSRC, iph->daddr,
			   iph->saddr, 0, 0, sock_net_uid(net, NULL));
	/* In the input device's VRF, so the cached route can match. */
	fl4.flowi4_l3mdev = l3mdev_master_ifindex_rcu(dev);
	/* Without xfrm: xfrm4_route_forward() makes the bundle, once. */
	rt = __ip_route_output_key(net, &fl4);
	if (IS_ERR(rt) || !ipv4alt_fwd_same_hop(rt, &res)) {
		if (!IS_ERR(rt))
			ip_rt_put(rt);
		rt = ipv4alt_fwd_rt_build(&res);
		if (IS_ERR(rt))
			return PTR_ERR(rt);
	}
attach:
	skb_dst_drop(skb);
	skb_dst_set(skb, &rt->dst);
	return 0;
}

/*
 * ip_error()'s per-source limit comes first, and takes its token even for
 * a datagram icmp_send() would not answer. OutRateLimited counts only a
 * datagram that may draw an error at all (ipv4alt_icmp_error_allowed()).
 */
static void ipv4alt_fwd_route_icmp(struct ipv4alt_net *pn, struct sk_buff *skb,
				   u8 code)
{
	if (!ipv4alt_icmp_route_allow(pn, ip_hdr(skb)->saddr)) {
		if (ipv4alt_icmp_error_allowed(skb))
			ipv4alt_inc(pn, IPV4ALT_MIB_OUT_RATE_LIMITED);
		return;
	}
	ipv4alt_icmp_send(pn, skb, ICMP_DEST_UNREACH, code, 0);
}

/* RFC 1812 5.2.7.1: say why there is no route, as ip_error() does. */
static void ipv4alt_fwd_no_route(struct ipv4alt_net *pn, struct sk_buff *skb,
				 int err)
{
	/* No route at all is IP_INNOROUTES, as in ip_error(); an error
	 * route (unreachable, prohibit, blackhole), for which ip_error()
	 * gives no reason, is the route lookup's refusal.
	 */
	enum skb_drop_reason reason = SKB_DROP_REASON_IP_OUTNOROUTES;

	switch (err) {
	case -EHOSTUNREACH:	/* an "unreachable" route */
		ipv4alt_fwd_route_icmp(pn, skb, ICMP_HOST_UNREACH);
		break;
	case -EACCES:		/* a "prohibit" route */
		ipv4alt_fwd_route_icmp(pn, skb, ICMP_PKT_FILTERED);
		break;
	case -EINVAL:		/* a "blackhole" route: silence */
		break;
	default:
		IP_INC_STATS(pn->net, IPSTATS_MIB_INNOROUTES);
		ipv4alt_fwd_route_icmp(pn, skb, ICMP_NET_UNREACH);
		reason = SKB_DROP_REASON_IP_INNOROUTES;
		break;
	}
	ipv4alt_drop(pn, skb, IPV4ALT_MIB_OUT_NO_ROUTES, reason);
}

/* The input path's accounting for what it would have refused itself. */
static void ipv4alt_fwd_route_error(struct ipv4alt_net *pn, struct sk_buff *skb,
				    int err)
{
	switch (err) {
	case IPV4ALT_FWD_RT_MARTIAN_DST:
	case IPV4ALT_FWD_RT_MARTIAN_SRC:
		ipv4alt_drop(pn, skb, IPV4ALT_MIB_IN_ADDR_ERRORS,
			     SKB_DROP_REASON_IP_INADDRERRORS);
		break;
	case IPV4ALT_FWD_RT_RPFILTER:
		NET_INC_STATS(pn->net, LINUX_MIB_IPRPFILTER);
		ipv4alt_drop(pn, skb, IPV4ALT_MIB_IN_ADDR_ERRORS,
			     SKB_DROP_REASON_IP_RPFILTER);
		break;
	case -ENOBUFS:
		ipv4alt_drop(pn, skb, IPV4ALT_MIB_OUT_DISCARDS,
			     SKB_DROP_REASON_NOMEM);
		break;
	default:
		ipv4alt_fwd_no_route(pn, skb, err);
		break;
	}
}

/*
 * Too big for the next hop with DF set? A datagram reassembled here is
 * judged by its largest fragment (RFC 1812 5.2.6; ip_exceeds_mtu()).
 */
static bool ipv4alt_fwd_too_big(const struct sk_buff *skb, unsigned int mtu)
{
	u16 fms = IPCB(skb)->frag_max_size;

	if (fms)
		return (ip_hdr(skb)->frag_off & htons(IP_DF)) && fms > mtu;
	if (skb->len <= mtu || !(ip_hdr(skb)->frag_off & htons(IP_DF)))
		return false;
	if (skb->ignore_df)
		return false;
	return !(skb_is_gso(skb) && skb_gso_validate_network_len(skb, mtu));
}

static int ipv4alt_forward_finish(struct net *net, struct sock *sk,
				  struct sk_buff *skb)
{
	struct ipv4alt_net *pn = ipv4alt_pernet_rcu(net);
	struct rtable *rt = skb_rtable(skb);
	struct iphdr *iph;
	__be32 addr;

#ifdef CONFIG_NET_SWITCHDEV
	/* The switch forwarded it in hardware already. */
	if (skb->offload_l3_fwd_mark) {
		consume_skb(skb);
		return 0;
	}
#endif

	/* RR and TS record the address of the way out (RFC 791 page 21). */
	if (IPCB(skb)->opt.optlen) {
		if (unlikely(!ipv4alt_opts_recheck(skb))) {
			ipv4alt_drop(pn, skb, IPV4ALT_MIB_IN_HDR_ERRORS,
				     SKB_DROP_REASON_IP_INHDR);
			return NET_RX_DROP;
		}
		iph = ip_hdr(skb);
		addr = inet_select_addr(rt->dst.dev, rt_nexthop(rt, iph->daddr),
					RT_SCOPE_UNIVERSE);
		if (ipv4alt_opts_forward((u8 *)(iph + 1),
					 ip_hdrlen(skb) - sizeof(*iph), addr,
					 inet_current_timestamp()))
			ip_send_check(iph);
	}

	ipv4alt_inc(pn, IPV4ALT_MIB_FORW_DATAGRAMS);
	if (!IPV4ALT_STOCK_FORW_BEFORE_MTU) {
		IP_INC_STATS(net, IPSTATS_MIB_OUTFORWDATAGRAMS);
		IP_ADD_STATS(net, IPSTATS_MIB_OUTOCTETS, skb->len);
	}
	skb_clear_tstamp(skb);
	return dst_output(net, sk, skb);
}

/**
 * ipv4alt_forward() - forward a datagram not addressed to this host
 * @pn: netns state
 * @skb: the datagram, with the input route ip_route_input_noref() gave it,
 *	or without a route when @early is set; consumed
 * @dev: the selected device it came in on; skb->dev is its VRF master
 *	when it is a VRF slave, as in ip_forward()
 * @tun_id: the tunnel ID of the metadata dst that lookup dropped, or 0
 * @early: ipv4alt_fwd_early_route()'s result, or NULL
 *
 * Return: NET_RX_SUCCESS or NET_RX_DROP.
 */
int ipv4alt_forward(struct ipv4alt_net *pn, struct sk_buff *skb,
		    struct net_device *dev, __be64 tun_id,
		    const struct fib_result *early)
{
	struct ipv4alt_dev *idev = ipv4alt_dev_get_rcu(dev);
	struct net *net = pn->net;
	enum ipv4alt_fwd_verdict verdict;
	struct iphdr *iph = ip_hdr(skb);
	struct rtable *rt;
	unsigned int mtu;
	int err;

	verdict = ipv4alt_fwd_decide(READ_ONCE(pn->forwarding),
				     idev ? READ_ONCE(idev->forwarding) : 0,
				     iph->saddr, iph->daddr,
				     skb->pkt_type == PACKET_HOST, iph->ttl);
	/* The TTL is judged after the route, the options and the xfrm
	 * policy, as ip_forward() judges it after ip_rcv_finish() routed:
	 * with TTL 1 and no route, the route's error is what comes back.
	 */
	if (unlikely(verdict != IPV4ALT_FWD_OK &&
		     verdict != IPV4ALT_FWD_TTL_EXCEEDED)) {
		ipv4alt_drop(pn, skb, ipv4alt_fwd_drops[verdict].mib,
			     ipv4alt_fwd_drops[verdict].reason);
		return NET_RX_DROP;
	}

	if (unlikely(skb_warn_if_lro(skb) || skb->sk))
		goto discard;

	/* The route first, as ip_rcv_finish() routes before options and
	 * ip_forward(): its errors win, and the xfrm FORWARD policy sees
	 * the way out.
	 */
	err = ipv4alt_fwd_route(net, skb, dev, tun_id, early);
	if (unlikely(err)) {
		ipv4alt_fwd_route_error(pn, skb, err);
		return NET_RX_DROP;
	}
	rt = skb_rtable(skb);
	if (rt->rt_type != RTN_UNICAST) {
		ipv4alt_drop(pn, skb, IPV4ALT_MIB_FORW_BCAST_MCAST,
			     SKB_DROP_REASON_IP_INADDRERRORS);
		return NET_RX_DROP;
	}

	/* A bad option gets ICMP 12; a source route is not followed. */
	if (iph->ihl > 5 && ipv4alt_opts_rcv(pn, skb, dev))
		return NET_RX_DROP;
	if (!xfrm4_policy_check(NULL, XFRM_POLICY_FWD, skb)) {
		ipv4alt_drop(pn, skb, IPV4ALT_MIB_IN_DISCARDS,
			     SKB_DROP_REASON_XFRM_POLICY);
		return NET_RX_DROP;
	}
	if (unlikely(verdict == IPV4ALT_FWD_TTL_EXCEEDED)) {
		ipv4alt_icmp_send(pn, skb, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0);
		ipv4alt_drop(pn, skb, ipv4alt_fwd_drops[verdict].mib,
			     ipv4alt_fwd_drops[verdict].reason);
		return NET_RX_DROP;
	}
	/* The header changes, so a checksum over it no longer holds. */
	skb_forward_csum(skb);

	if (!xfrm4_route_forward(skb)) {
		ipv4alt_drop(pn, skb, IPV4ALT_MIB_IN_DISCARDS,
			     SKB_DROP_REASON_XFRM_POLICY);
		return NET_RX_DROP;
	}
	rt = skb_rtable(skb);

	/* RFC 791 page 19: a used-up strict route (the only kind the
	 * options check lets through) must not go on through a gateway.
	 */
	if (unlikely(IPCB(skb)->opt.is_strictroute && rt->rt_uses_gateway)) {
		ipv4alt_icmp_send(pn, skb, ICMP_DEST_UNREACH, ICMP_SR_FAILED,
				  0);
		ipv4alt_drop(pn, skb, IPV4ALT_MIB_IN_SRC_ROUTE_DISCARDS,
			     SKB_DROP_REASON_NOT_SPECIFIED);
		return NET_RX_DROP;
	}

	/* Where ip_forward() counts it in 6.12 (compat.h). */
	if (IPV4ALT_STOCK_FORW_BEFORE_MTU)
		IP_INC_STATS(net, IPSTATS_MIB_OUTFORWDATAGRAMS);

	/* RFC 1191: tell the source the next hop's MTU. */
	mtu = ip_dst_mtu_maybe_forward(&rt->dst, true);
	if (ipv4alt_fwd_too_big(skb, mtu)) {
		ipv4alt_icmp_send(pn, skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED,
				  mtu);
		ipv4alt_drop(pn, skb, IPV4ALT_MIB_FRAG_FAILS,
			     SKB_DROP_REASON_PKT_TOO_BIG);
		return NET_RX_DROP;
	}
	/* Reassembled here: leaves in pieces no larger than it came in. */
	if (IPCB(skb)->frag_max_size)
		skb->ignore_df = 1;

	if (skb_cow(skb, LL_RESERVED_SPACE(rt->dst.dev) + rt->dst.header_len))
		goto discard;
	iph = ip_hdr(skb);
	ipv4alt_fwd_dec_ttl(iph);

	IPCB(skb)->flags |= IPSKB_FORWARDED;
	if (READ_ONCE(net->ipv4.sysctl_ip_fwd_update_priority))
		skb->priority = rt_tos2priority(iph->tos);

	return NF_HOOK(NFPROTO_IPV4, NF_INET_FORWARD, net, NULL, skb, skb->dev,
		       rt->dst.dev, ipv4alt_forward_finish);

discard:
	ipv4alt_drop(pn, skb, IPV4ALT_MIB_OUT_DISCARDS,
		     SKB_DROP_REASON_NOT_SPECIFIED);
	return NET_RX_DROP;
}
