// SPDX-License-Identifier: GPL-2.0
/*
 * Egress: datagrams leaving a selected device get their ID from ipid.c and
 * their fragmentation from frag.c, then go to the neighbour layer.
 *
 * Locally generated datagrams leave through the stock ip_output(). A
 * POST_ROUTING hook at the last priority sees those whose output device
 * is selected: it gives them their ID, lets those that fit go on to the
 * stock ip_finish_output() (so their sender gets its return code), and
 * takes the others, so that the stock fragmenter never runs for them.
 */

#include <linux/bpf-cgroup.h>
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <net/dst.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/neighbour.h>
#include <net/route.h>
#include <net/sock.h>

#include "frag.h"
#include "icmp.h"
#include "input.h"
#include "ipid.h"
#include "ipv4alt.h"
#include "output.h"

/* Transmit one datagram or fragment through the neighbour layer. */
static int ipv4alt_neigh_xmit(struct net *net, struct sock *sk,
			      struct sk_buff *skb)
{
	struct rtable *rt = skb_rtable(skb);
	struct net_device *dev = rt->dst.dev;
	unsigned int hh_len = LL_RESERVED_SPACE(dev);
	struct neighbour *neigh;
	bool is_v6gw = false;
	int res;

	/* ip_finish_output2() counts each datagram or fragment it sends
	 * in 6.12 (compat.h); 6.1's ip_output() counted the datagram.
	 */
	if (IPV4ALT_STOCK_OUT_PER_FRAGMENT)
		IP_UPD_PO_STATS(net, IPSTATS_MIB_OUT, skb->len);

	if (unlikely(skb_headroom(skb) < hh_len && dev->header_ops)) {
		skb = skb_expand_head(skb, hh_len);
		if (!skb) {
			ipv4alt_inc(ipv4alt_pernet(net), IPV4ALT_MIB_OUT_DISCARDS);
			return -ENOMEM;
		}
	}

	rcu_read_lock();
	neigh = ip_neigh_for_gw(rt, skb, &is_v6gw);
	if (IS_ERR(neigh)) {
		rcu_read_unlock();
		ipv4alt_inc(ipv4alt_pernet(net), IPV4ALT_MIB_OUT_DISCARDS);
		kfree_skb_reason(skb, SKB_DROP_REASON_NEIGH_CREATEFAIL);
		return PTR_ERR(neigh);
	}
	sock_confirm_neigh(skb, neigh);
	/* Crossing protocols (an IPv6 gateway) cannot use the cached header. */
	res = neigh_output(neigh, skb, is_v6gw);
	rcu_read_unlock();
	return res;
}

/*
 * RFC 1191: a datagram with DF that does not fit is not sent. The local
 * sender learns the MTU from an ICMP 3/4 that ipv4alt addresses to it, as
 * the stock path does with icmp_send().
 */
static int ipv4alt_frag_needed(struct ipv4alt_net *pn, struct sk_buff *skb,
			       unsigned int mtu)
{
	ipv4alt_inc(pn, IPV4ALT_MIB_FRAG_FAILS);
	ipv4alt_icmp_send(pn, skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, mtu);
	kfree_skb_reason(skb, SKB_DROP_REASON_PKT_TOO_BIG);
	return -EMSGSIZE;
}

static bool ipv4alt_may_fragment(const struct sk_buff *skb, unsigned int mtu)
{
	if (!(ip_hdr(skb)->frag_off & htons(IP_DF)))
		return true;
	/* ignore_df allows it, unless a datagram reassembled here had a
	 * fragment larger than the MTU (RFC 1812 5.2.6 keeps DF meaningful).
	 */
	return skb->ignore_df &&
	       !(IPCB(skb)->frag_max_size && IPCB(skb)->frag_max_size > mtu);
}

/* A GSO skb whose segments would not fit: segment, then fragment each. */
static int ipv4alt_output_gso(struct ipv4alt_net *pn, struct net *net,
			      struct sock *sk, struct sk_buff *skb,
			      unsigned int mtu)
{
	struct sk_buff *segs, *nskb;
	netdev_features_t features;
	int ret = 0, err;

	features = netif_skb_features(skb);
	BUILD_BUG_ON(sizeof(*IPCB(skb)) > SKB_GSO_CB_OFFSET);
	segs = skb_gso_segment(skb, features & ~NETIF_F_GSO_MASK);
	if (IS_ERR_OR_NULL(segs)) {
		ipv4alt_inc(pn, IPV4ALT_MIB_OUT_DISCARDS);
		kfree_skb_reason(skb, SKB_DROP_REASON_SKB_GSO_SEG);
		return -ENOMEM;
	}
	consume_skb(skb);

	skb_list_walk_safe(segs, segs, nskb) {
		skb_mark_not_on_list(segs);
		if (segs->len <= mtu)
			err = ipv4alt_neigh_xmit(net, sk, segs);
		else if (!ipv4alt_may_fragment(segs, mtu))
			err = ipv4alt_frag_needed(pn, segs, mtu);
		else
			err = ipv4alt_fragment(pn, net, sk, segs, mtu,
					       ipv4alt_neigh_xmit);
		if (err && !ret)
			ret = err;
	}
	return ret;
}

/*
 * Raw IP_HDRINCL senders choose their own ID. skb->sk may be a request or
 * timewait socket (a SYN-ACK, a RST), which has no sk_type.
 */
static bool ipv4alt_sk_hdrincl(const struct sock *sk)
{
	return sk && sk_fullsock(sk) && sk->sk_type == SOCK_RAW &&
	       ipv4alt_inet_hdrincl(sk);
}

/* The MTU stock ip_finish_output() would use, capped by the device. */
static unsigned int ipv4alt_out_mtu(struct sock *sk, struct sk_buff *skb)
{
	return min(ip_skb_dst_mtu(sk, skb), READ_ONCE(skb_dst(skb)->dev->mtu));
}

/* Would the stock __ip_finish_output() send @skb as it is? */
static bool ipv4alt_out_fits(const struct sk_buff *skb, unsigned int mtu)
{
	if (IPCB(skb)->frag_max_size)
		return false;
	if (skb_is_gso(skb))
		return skb_gso_validate_network_len(skb, mtu);
	return skb->len <= mtu;
}

/**
 * ipv4alt_output() - send a routed datagram out of a selected device
 * @net: netns
 * @sk: the sending socket, or NULL
 * @skb: the datagram, data at its IP header, with its output route and,
 *	if locally generated, its ID
 *
 * Fragments the datagram to the MTU of its route, capped by the device,
 * or refuses it if DF forbids that, then sends it through the neighbour
 * layer.
 *
 * Return: 0, a negative errno or a positive NET_XMIT_* code, as
 * ip_finish_output() returns them; @skb is consumed.
 */
static int ipv4alt_output(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	struct ipv4alt_net *pn = ipv4alt_pernet_rcu(net);
	unsigned int mtu = ipv4alt_out_mtu(sk, skb);

	/* The device segments GSO skbs; their segments carry the IDs. */
	if (ipv4alt_out_fits(skb, mtu))
		return ipv4alt_neigh_xmit(net, sk, skb);
	if (skb_is_gso(skb))
		return ipv4alt_output_gso(pn, net, sk, skb, mtu);
	if (!ipv4alt_may_fragment(skb, mtu))
		return ipv4alt_frag_needed(pn, skb, mtu);
	/* Reassembled here and forwarded: no piece larger than the largest
	 * that came in (as ip_do_fragment() does), so a path that carried
	 * the fragments carries them again.
	 */
	if (IPCB(skb)->frag_max_size)
		mtu = min_t(unsigned int, mtu, IPCB(skb)->frag_max_size);
	if (skb->len <= mtu)
		return ipv4alt_neigh_xmit(net, sk, skb);
	return ipv4alt_fragment(pn, net, sk, skb, mtu, ipv4alt_neigh_xmit);
}

/* What ip_finish_output() does after POST_ROUTING, with ipv4alt's output. */
static int ipv4alt_finish_output(struct net *net, struct sock *sk,
				 struct sk_buff *skb)
{
	int ret = BPF_CGROUP_RUN_PROG_INET_EGRESS(sk, skb);

	switch (ret) {
	case NET_XMIT_SUCCESS:
		return ipv4alt_output(net, sk, skb);
	case NET_XMIT_CN:
		return ipv4alt_output(net, sk, skb) ? : ret;
	default:
		kfree_skb_reason(skb, SKB_DROP_REASON_BPF_CGROUP_EGRESS);
		return ret;
	}
}

static unsigned int ipv4alt_out_hook(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state);

/*
 * A verdict for a datagram this hook consumed that carries @err to the
 * sender: nf_hook_slow() returns NF_DROP_GETERR() of a stolen verdict,
 * and ip_output() returns that. NET_XMIT_CN goes through as it is (TCP
 * enters CWR on it); any other positive code becomes the errno
 * ip_send_skb() would make of it, since 1 would read as "accepted".
 */
static unsigned int ipv4alt_stolen(int err)
{
	if (err > 0 && err != NET_XMIT_CN)
		err = net_xmit_errno(err);
	if (!err)
		return NF_STOLEN;
	return ((unsigned int)-err << NF_VERDICT_QBITS) | NF_STOLEN;
}

/*
 * Hooks of equal priority sort in reverse order of registration
 * (nf_hook_entries_grow()), so conntrack's confirm hook, also at INT_MAX,
 * may come after this one. Run what comes after now, each hook once, so
 * that helpers and NAT sequence adjustment see the datagram before it is
 * cut; then ipv4alt's output. A hook that queues it resumes at the stock
 * okfn (ip_finish_output()), never at module code that may be gone by
 * the time the verdict comes.
 */
static unsigned int ipv4alt_out_rest(struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	const struct nf_hook_entries *e;
	struct nf_hook_state rest;
	unsigned int i;
	int ret;

	e = rcu_dereference(state->net->nf.hooks_ipv4[NF_INET_POST_ROUTING]);
	for (i = 0; e && i < e->num_hook_entries; i++)
		if (e->hooks[i].hook == ipv4alt_out_hook)
			break;
	/* Not there: being unregistered; the stock path finishes it. */
	if (!e || i == e->num_hook_entries)
		return NF_ACCEPT;
	if (i + 1 < e->num_hook_entries) {
		rest = *state;
		ret = nf_hook_slow(skb, &rest, e, i + 1);
		if (ret != 1)
			return ipv4alt_stolen(ret);
	}
	return ipv4alt_stolen(ipv4alt_finish_output(state->net, state->sk,
						    skb));
}

static unsigned int ipv4alt_out_hook(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	struct dst_entry *dst = skb_dst(skb);
	struct sock *sk = state->sk;
	struct ipv4alt_net *pn;

	if (!ipv4alt_dev_selected(state->out) || !dst)
		return NF_ACCEPT;
	/* IPsec and lightweight tunnels keep their own output paths. */
	if (dst_xfrm(dst) || lwtunnel_xmit_redirect(dst->lwtstate))
		return NF_ACCEPT;
	/* br_netfilter runs these hooks for bridged frames: not ours. */
	if (dst->flags & DST_FAKE_RTABLE || ipv4alt_nf_bridge(skb))
		return NF_ACCEPT;
	/* ip_mc_output() sends a copy for local listeners through this hook;
	 * multicast and broadcast keep the stock path, copies and all.
	 */
	if (skb_rtable(skb)->rt_flags & (RTCF_MULTICAST | RTCF_BROADCAST))
		return NF_ACCEPT;

	/* RFC 6864: a locally generated datagram gets its ID here; forwarded
	 * ones keep theirs, and raw IP_HDRINCL senders choose their own.
	 */
	if (!(IPCB(skb)->flags & IPSKB_FORWARDED)) {
		pn = ipv4alt_pernet_rcu(state->net);
		/* The header may be shared with a clone (a tap, a qdisc). */
		if (skb_ensure_writable(skb, ip_hdrlen(skb))) {
			ipv4alt_inc(pn, IPV4ALT_MIB_OUT_DISCARDS);
			kfree_skb_reason(skb, SKB_DROP_REASON_NOMEM);
			return ipv4alt_stolen(-ENOMEM);
		}
		ipv4alt_inc(pn, IPV4ALT_MIB_OUT_REQUESTS);
		if (!ipv4alt_sk_hdrincl(sk))
			ipv4alt_ipid_select(pn, skb, ipv4alt_ipid_segs(skb));
	}

	/* Nothing to cut: the rest of POST_ROUTING and the stock
	 * ip_finish_output() (cgroup egress, neighbour output) send it, and
	 * the sender gets their return code, NET_XMIT_CN included.
	 */
	if (ipv4alt_out_fits(skb, ipv4alt_out_mtu(sk, skb)))
		return NF_ACCEPT;
	return ipv4alt_out_rest(skb, state);
}

static const struct nf_hook_ops ipv4alt_out_ops = {
	.hook		= ipv4alt_out_hook,
	.pf		= NFPROTO_IPV4,
	.hooknum	= NF_INET_POST_ROUTING,
	.priority	= INT_MAX,
};

/**
 * ipv4alt_output_net_init() - take egress on selected devices of a netns
 * @net: the netns
 *
 * Return: 0 or a negative errno.
 */
int ipv4alt_output_net_init(struct net *net)
{
	return nf_register_net_hook(net, &ipv4alt_out_ops);
}

/**
 * ipv4alt_output_net_exit() - give egress back to the stock path
 * @net: the netns
 */
void ipv4alt_output_net_exit(struct net *net)
{
	nf_unregister_net_hook(net, &ipv4alt_out_ops);
}
