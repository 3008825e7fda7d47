// SPDX-License-Identifier: GPL-2.0
/*
 * Receive path: the rx_handler entry, header validation, classification and
 * local delivery.
 */

#include <kunit/visibility.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <net/dst_metadata.h>
#include <net/inet_ecn.h>
#include <net/inet_hashtables.h>
#include <net/ip.h>
#include <net/ip_fib.h>
#include <net/l3mdev.h>
#include <net/protocol.h>
#include <net/raw.h>
#include <net/route.h>
#include <net/tcp.h>
#include <net/udp.h>

#include "forward.h"
#include "icmp.h"
#include "input.h"
#include "ipv4alt.h"
#include "options.h"
#include "reasm.h"

/**
 * ipv4alt_validate() - check the IPv4 header of a received frame
 * @skb: the frame, with skb->data and the network header at the IP header
 *
 * Applies the checks of RFC 1122 section 3.2.1 in the order ip_rcv() does,
 * then the source address rules of RFC 1122 section 3.2.1.3, and trims the
 * link-layer padding beyond the total length. Fragments and options pass;
 * the caller deals with them. May pull the header into the
 * linear area, so header pointers taken before the call are stale.
 *
 * Return: %IPV4ALT_RX_OK, or why the frame must be dropped.
 */
VISIBLE_IF_KUNIT
enum ipv4alt_rx_verdict ipv4alt_validate(struct sk_buff *skb)
{
	const struct iphdr *iph;
	unsigned int hlen, len;

	if (!pskb_may_pull(skb, sizeof(struct iphdr)))
		return IPV4ALT_RX_HDR_ERROR;
	iph = ip_hdr(skb);
	if (iph->version != 4 || iph->ihl < 5)
		return IPV4ALT_RX_HDR_ERROR;
	hlen = iph->ihl * 4;
	if (!pskb_may_pull(skb, hlen))
		return IPV4ALT_RX_HDR_ERROR;
	iph = ip_hdr(skb);
	if (unlikely(ip_fast_csum((const u8 *)iph, iph->ihl)))
		return IPV4ALT_RX_CSUM_ERROR;

	len = ntohs(iph->tot_len);
	if (skb->len < len)
		return IPV4ALT_RX_TRUNCATED;
	if (len < hlen)
		return IPV4ALT_RX_HDR_ERROR;

	/* RFC 1122 3.2.1.3: a host must silently discard a datagram whose
	 * source is not one host. 0.0.0.0 may be used "as part of an
	 * initialization procedure": a DHCP client broadcasts from it
	 * (RFC 2131 4.1).
	 */
	if (!ipv4alt_saddr_is_host(iph->saddr) &&
	    !(iph->saddr == 0 && ipv4_is_lbcast(iph->daddr)))
		return IPV4ALT_RX_ADDR_ERROR;

	if (pskb_trim_rcsum(skb, len))
		return IPV4ALT_RX_NOMEM;
	return IPV4ALT_RX_OK;
}

static const struct {
	enum ipv4alt_mib_field mib;
	enum skb_drop_reason reason;
} ipv4alt_rx_drops[] = {
	[IPV4ALT_RX_HDR_ERROR] = { IPV4ALT_MIB_IN_HDR_ERRORS,
				   SKB_DROP_REASON_IP_INHDR },
	[IPV4ALT_RX_CSUM_ERROR] = { IPV4ALT_MIB_IN_CSUM_ERRORS,
				    SKB_DROP_REASON_IP_CSUM },
	[IPV4ALT_RX_TRUNCATED] = { IPV4ALT_MIB_IN_TRUNCATED_PKTS,
				   SKB_DROP_REASON_PKT_TOO_SMALL },
	[IPV4ALT_RX_ADDR_ERROR] = { IPV4ALT_MIB_IN_ADDR_ERRORS,
				    SKB_DROP_REASON_IP_INADDRERRORS },
	[IPV4ALT_RX_NOMEM] = { IPV4ALT_MIB_IN_DISCARDS,
			       SKB_DROP_REASON_NOMEM },
};

/**
 * ipv4alt_loopback_martian() - must a 127/8 datagram from a device go?
 * @saddr: source address
 * @daddr: destination address
 * @localnet: route_localnet of the input device (or all)
 *
 * RFC 1122 3.2.1.3 (g): 127/8 "MUST NOT appear outside a host", unless
 * the stock route_localnet says it may (for DNAT to 127.0.0.1).
 *
 * Return: true if the datagram must be dropped (InAddrErrors).
 */
VISIBLE_IF_KUNIT
bool ipv4alt_loopback_martian(__be32 saddr, __be32 daddr, bool localnet)
{
	return (ipv4_is_loopback(saddr) || ipv4_is_loopback(daddr)) &&
	       !localnet;
}

/* Does a protocol handler or a raw socket want this datagram? */
static bool ipv4alt_proto_known(struct net *net, const struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct hlist_head *head;
	struct sock *sk;

	if (rcu_access_pointer(inet_protos[iph->protocol]))
		return true;
	head = &raw_v4_hashinfo.ht[raw_hashfunc(net, iph->protocol)];
	sk_for_each_rcu(sk, head)
		if (raw_v4_match(net, sk, iph->protocol, iph->saddr,
				 iph->daddr, inet_iif(skb), inet_sdif(skb)))
			return true;
	return false;
}

/* After LOCAL_IN, as on the stock path: a filtered datagram gets no error. */
static int ipv4alt_unknown_proto_finish(struct net *net, struct sock *sk,
					struct sk_buff *skb)
{
	struct ipv4alt_net *pn = ipv4alt_pernet_rcu(net);

	/* RFC 1122 3.2.2.1: protocol unreachable. */
	ipv4alt_icmp_send(pn, skb, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, 0);
	ipv4alt_drop(pn, skb, IPV4ALT_MIB_IN_UNKNOWN_PROTOS,
		     SKB_DROP_REASON_IP_NOPROTO);
	return NET_RX_DROP;
}

static void ipv4alt_route_error(struct ipv4alt_net *pn, struct sk_buff *skb,
				int err)
{
	/* As ip_rcv_finish_core() counts it: TcpExt IPReversePathFilter. */
	if (err == -EXDEV)
		NET_INC_STATS(pn->net, LINUX_MIB_IPRPFILTER);

	if (err == -ENOBUFS || err == -ENOMEM)
		ipv4alt_drop(pn, skb, IPV4ALT_MIB_IN_DISCARDS,
			     SKB_DROP_REASON_NOMEM);
	else if (err == -EXDEV)
		ipv4alt_drop(pn, skb, IPV4ALT_MIB_IN_ADDR_ERRORS,
			     SKB_DROP_REASON_IP_RPFILTER);
	else if (ipv4_is_multicast(ip_hdr(skb)->daddr))
		/* A group no socket on this device joined: not an address
		 * error but a frame for other hosts, which an inexact
		 * multicast filter let in (ip_rcv_finish() says nothing).
		 */
		ipv4alt_drop(pn, skb, IPV4ALT_MIB_IN_MCAST_NOT_JOINED,
			     SKB_DROP_REASON_OTHERHOST);
	else
		ipv4alt_drop(pn, skb, IPV4ALT_MIB_IN_ADDR_ERRORS,
			     SKB_DROP_REASON_IP_INADDRERRORS);
}

/* Take the socket's cached input route, if it is still valid. */
static void ipv4alt_demux_dst(struct sock *sk, struct sk_buff *skb,
			      bool check_iif)
{
	struct dst_entry *dst = rcu_dereference(sk->sk_rx_dst);

	if (dst)
		dst = dst_check(dst, 0);
	if (dst && (!check_iif || sk->sk_rx_dst_ifindex == skb->skb_iif))
		skb_dst_set_noref(skb, dst);
}

static void ipv4alt_demux_tcp(struct net *net, struct sk_buff *skb)
{
	const struct iphdr *iph;
	const struct tcphdr *th;
	struct sock *sk;

	if (!pskb_may_pull(skb, skb_transport_offset(skb) + sizeof(*th)))
		return;
	iph = ip_hdr(skb);
	th = tcp_hdr(skb);
	if (th->doff < sizeof(*th) / 4)
		return;
	/* Returns the socket with a reference, which sock_edemux() drops. */
	sk = __inet_lookup_established(net, net->ipv4.tcp_death_row.hashinfo,
				       iph->saddr, th->source, iph->daddr,
				       ntohs(th->dest), skb->skb_iif,
				       inet_sdif(skb));
	if (!sk)
		return;
	skb->sk = sk;
	skb->destructor = sock_edemux;
	if (sk_fullsock(sk))
		ipv4alt_demux_dst(sk, skb, true);
}

/*
 * Connected sockets only, as udp_v4_early_demux() does: udp_rcv() takes a
 * prefetched socket as it is and caches this datagram's route in it.
 */
static void ipv4alt_demux_udp(struct net *net, struct sk_buff *skb)
{
	struct udp_table *table = ipv4alt_udp_table(net);
	const struct iphdr *iph;
	const struct udphdr *uh;
	struct sock *sk;

	if (!pskb_may_pull(skb, skb_transport_offset(skb) + sizeof(*uh)))
		return;
	iph = ip_hdr(skb);
	uh = udp_hdr(skb);
	/* No socket has the port (a router forwarding it): no lookup. A
	 * stale count only costs a lookup or an early demux.
	 */
	if (!READ_ONCE(udp_hashslot(table, net, ntohs(uh->dest))->count))
		return;
	sk = __udp4_lib_lookup(net, iph->saddr, uh->source, iph->daddr,
			       uh->dest, skb->dev->ifindex, inet_sdif(skb),
			       table, NULL);
	if (!sk || sk->sk_state != TCP_ESTABLISHED ||
	    inet_sk(sk)->inet_daddr != iph->saddr ||
	    inet_sk(sk)->inet_dport != uh->source ||
	    inet_sk(sk)->inet_rcv_saddr != iph->daddr ||
	    !refcount_inc_not_zero(&sk->sk_refcnt))
		return;
	skb->sk = sk;
	skb->destructor = sock_efree;
	ipv4alt_demux_dst(sk, skb, false);
}

/*
 * Early demux, as ip_rcv_finish_core() does it (the kernel's own functions
 * are not exported): a unicast datagram for an established TCP or a
 * connected UDP socket takes the route the socket cached, which saves the
 * FIB lookup, and hands the socket on, which saves the transport's lookup.
 */
static void ipv4alt_early_demux(struct net *net, struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);

	if (!READ_ONCE(net->ipv4.sysctl_ip_early_demux) || skb->sk ||
	    skb->pkt_type != PACKET_HOST || ip_is_fragment(iph))
		return;
	if (iph->protocol == IPPROTO_TCP &&
	    READ_ONCE(net->ipv4.sysctl_tcp_early_demux))
		ipv4alt_demux_tcp(net, skb);
	else if (iph->protocol == IPPROTO_UDP &&
		 READ_ONCE(net->ipv4.sysctl_udp_early_demux))
		ipv4alt_demux_udp(net, skb);
}

/*
 * RFC 1122 3.3.6: a host SHOULD discard a datagram received in a
 * link-layer broadcast whose destination is not an IP broadcast or
 * multicast address. The stock knob drop_unicast_in_l2_multicast turns it
 * on for link-layer multicast too, as ip_rcv_finish_core() does.
 */
static bool ipv4alt_l2_mcast_refused(const struct sk_buff *skb,
				     const struct net_device *dev,
				     const struct rtable *rt)
{
	struct in_device *in_dev;

	if (rt->rt_type == RTN_MULTICAST || rt->rt_type == RTN_BROADCAST ||
	    (skb->pkt_type != PACKET_BROADCAST &&
	     skb->pkt_type != PACKET_MULTICAST))
		return false;
	in_dev = __in_dev_get_rcu(dev);
	return in_dev && IN_DEV_ORCONF(in_dev, DROP_UNICAST_IN_L2_MULTICAST);
}

static int ipv4alt_rcv_finish(struct net *net, struct sock *sk,
			      struct sk_buff *skb)
{
	struct ipv4alt_net *pn = ipv4alt_pernet_rcu(net);
	const struct ip_tunnel_info *tun_info;
	struct net_device *dev = skb->dev;
	const struct iphdr *iph;
	struct in_device *in_dev;
	struct fib_result res;
	bool reassembled = false;
	__be64 tun_id = 0;
	struct rtable *rt;
	int err;

	/* A VRF slave's datagram enters its VRF, as in ip_rcv_finish():
	 * skb->dev becomes the master, IPSKB_L3SLAVE is set and the
	 * master's PRE_ROUTING runs. Routing still asks with the slave.
	 */
	skb = l3mdev_ip_rcv(skb);
	if (!skb)
		return NET_RX_SUCCESS;

route:
	iph = ip_hdr(skb);
	if (unlikely(ipv4_is_loopback(iph->saddr) ||
		     ipv4_is_loopback(iph->daddr))) {
		in_dev = __in_dev_get_rcu(dev);
		if (ipv4alt_loopback_martian(iph->saddr, iph->daddr, in_dev &&
					     IN_DEV_NET_ROUTE_LOCALNET(in_dev, net))) {
			ipv4alt_drop(pn, skb, IPV4ALT_MIB_IN_ADDR_ERRORS,
				     SKB_DROP_REASON_IP_INADDRERRORS);
			return NET_RX_DROP;
		}
	}

	/* Only without any dst, as in ip_rcv_finish_core(). A collect_md
	 * tunnel's metadata dst holds a reference and the tunnel key that
	 * the route lookup below matches rules on (tun_id) before it drops
	 * the dst; a socket's cached route set over it would leak it.
	 */
	if (!skb_dst(skb)) {
		ipv4alt_early_demux(net, skb);
		iph = ip_hdr(skb);
	}
	if (!skb_valid_dst(skb)) {
		/* Stock forwarding off: ipv4alt's own lookup, without the
		 * kernel's "not forwarding" route first (forward.c).
		 */
		if (!skb_dst(skb) && !reassembled &&
		    ipv4alt_fwd_early_route(pn, skb, dev, &res))
			return ipv4alt_forward(pn, skb, dev, 0, &res);
		/* The lookup drops a tunnel's metadata dst; forward.c may
		 * look again and needs its key for tun_id rules.
		 */
		tun_info = skb_tunnel_info(skb);
		if (tun_info && !(tun_info->mode & IP_TUNNEL_INFO_TX))
			tun_id = tun_info->key.tun_id;
		err = ip_route_input_noref(skb, iph->daddr, iph->saddr,
					   iph->tos, dev);
		if (unlikely(err)) {
			ipv4alt_route_error(pn, skb, err);
			return NET_RX_DROP;
		}
	} else {
		/* The socket's route: disable_policy as the lookup sets it. */
		in_dev = __in_dev_get_rcu(dev);
		if (in_dev && IN_DEV_ORCONF(in_dev, NOPOLICY))
			IPCB(skb)->flags |= IPSKB_NOPOLICY;
	}

	/* Local unicast, a broadcast of ours, or a group the device joined;
	 * anything else is another host's, and forward.c decides.
	 */
	rt = skb_rtable(skb);
	/* As ip_rcv_finish_core() counts each datagram or fragment it
	 * routes; a datagram reassembled here was counted in pieces.
	 */
	if (unlikely(rt->rt_type == RTN_MULTICAST && !reassembled))
		IP_UPD_PO_STATS(net, IPSTATS_MIB_INMCAST, skb->len);
	else if (unlikely(rt->rt_type == RTN_BROADCAST && !reassembled))
		IP_UPD_PO_STATS(net, IPSTATS_MIB_INBCAST, skb->len);
	if (!(rt->rt_flags & RTCF_LOCAL))
		return ipv4alt_forward(pn, skb, dev, tun_id, NULL);
	if (unlikely(skb->pkt_type != PACKET_HOST) &&
	    ipv4alt_l2_mcast_refused(skb, dev, rt)) {
		ipv4alt_drop(pn, skb, IPV4ALT_MIB_IN_ADDR_ERRORS,
			     SKB_DROP_REASON_UNICAST_IN_L2_MULTICAST);
		return NET_RX_DROP;
	}

	/* Not reassembled before PRE_ROUTING: reassemble now, as
	 * ip_local_deliver() would, and route the whole datagram.
	 */
	if (ip_is_fragment(iph)) {
		skb = ipv4alt_reasm(pn, skb);
		if (!skb)
			return NET_RX_SUCCESS;
		reassembled = true;
		goto route;
	}

	/* Options first, as ip_rcv_finish() does: a bad one gets ICMP 12. */
	if (iph->ihl > 5 && ipv4alt_opts_rcv(pn, skb, dev))
		return NET_RX_DROP;
	iph = ip_hdr(skb);

	if (unlikely(!ipv4alt_proto_known(net, skb)))
		return NF_HOOK(NFPROTO_IPV4, NF_INET_LOCAL_IN, net, NULL, skb,
			       skb->dev, NULL, ipv4alt_unknown_proto_finish);

	ipv4alt_inc(pn, IPV4ALT_MIB_IN_DELIVERS);
	if (iph->protocol == IPPROTO_ICMP && ipv4alt_icmp_is_echo(skb))
		return ipv4alt_icmp_echo(pn, skb);
	return ip_local_deliver(skb);
}

/*
 * ip_rcv_core() counts the ECN field of every header with a plausible
 * version and length, weighted by the GRO segments it carries.
 */
static void ipv4alt_stock_ecn(struct net *net, struct sk_buff *skb)
{
	const struct iphdr *iph;

	if (!pskb_may_pull(skb, sizeof(*iph)))
		return;
	iph = ip_hdr(skb);
	if (iph->ihl < 5 || iph->version != 4)
		return;
	IP_ADD_STATS(net, IPSTATS_MIB_NOECTPKTS + (iph->tos & INET_ECN_MASK),
		     max_t(unsigned short, 1, skb_shinfo(skb)->gso_segs));
}

/* Does netfilter want whole datagrams at PRE_ROUTING? */
static bool ipv4alt_defrag_early(const struct net *net)
{
#if IS_ENABLED(CONFIG_NF_DEFRAG_IPV4)
	return READ_ONCE(net->nf.defrag_ipv4_users);
#else
	return false;
#endif
}

/**
 * ipv4alt_rcv() - receive one IPv4 frame from a selected device
 * @skb: the frame, owned by the callee
 * @dev: the device it arrived on
 *
 * Has the shape of a &struct packet_type handler.
 *
 * Return: NET_RX_SUCCESS or NET_RX_DROP.
 */
static int ipv4alt_rcv(struct sk_buff *skb, struct net_device *dev)
{
	struct net *net = dev_net(dev);
	struct ipv4alt_net *pn = ipv4alt_pernet_rcu(net);
	enum ipv4alt_rx_verdict verdict;
	const struct iphdr *iph;

	/* As in ip_rcv(): frames for other hosts are not ours to count. */
	if (skb->pkt_type == PACKET_OTHERHOST) {
		kfree_skb_reason(skb, SKB_DROP_REASON_OTHERHOST);
		return NET_RX_DROP;
	}

	ipv4alt_inc(pn, IPV4ALT_MIB_IN_RECEIVES);
	IP_UPD_PO_STATS(net, IPSTATS_MIB_IN, skb->len);
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		ipv4alt_inc(pn, IPV4ALT_MIB_IN_DISCARDS);
		IP_INC_STATS(net, IPSTATS_MIB_INDISCARDS);
		return NET_RX_DROP;
	}
	ipv4alt_stock_ecn(net, skb);

	verdict = ipv4alt_validate(skb);
	if (unlikely(verdict != IPV4ALT_RX_OK)) {
		if (verdict == IPV4ALT_RX_CSUM_ERROR)
			ipv4alt_inc(pn, IPV4ALT_MIB_IN_HDR_ERRORS);
		/* Only the stock MIB: ipv4alt's InDiscards is not mirrored,
		 * as its other uses have no stock counter.
		 */
		else if (verdict == IPV4ALT_RX_NOMEM)
			IP_INC_STATS(net, IPSTATS_MIB_INDISCARDS);
		ipv4alt_drop(pn, skb, ipv4alt_rx_drops[verdict].mib,
			     ipv4alt_rx_drops[verdict].reason);
		return NET_RX_DROP;
	}

	memset(IPCB(skb), 0, sizeof(struct inet_skb_parm));
	IPCB(skb)->iif = skb->skb_iif;
	/* Keep a socket a tc program assigned (bpf_sk_assign), as ip_rcv()
	 * does; fragments lose it, since the datagram they build is new.
	 */
	if (!skb_sk_is_prefetched(skb) || ip_is_fragment(ip_hdr(skb)))
		skb_orphan(skb);

	/* With conntrack's defrag hook in the netns, reassemble before
	 * PRE_ROUTING, so that the stock ip_defrag() never sees ours. Else
	 * fragments go on as they are, as on the stock path: a router passes
	 * them through, and local delivery reassembles (ipv4alt_rcv_finish).
	 * reasm.c fills in the IPCB of the whole datagram.
	 */
	if (ip_is_fragment(ip_hdr(skb)) && ipv4alt_defrag_early(net)) {
		skb = ipv4alt_reasm(pn, skb);
		if (!skb)
			return NET_RX_SUCCESS;
	}

	iph = ip_hdr(skb);
	skb->transport_header = skb->network_header + iph->ihl * 4;

	return NF_HOOK(NFPROTO_IPV4, NF_INET_PRE_ROUTING, net, NULL, skb, dev,
		       NULL, ipv4alt_rcv_finish);
}

/**
 * ipv4alt_handle_frame() - rx_handler of a selected device
 * @pskb: the received frame
 *
 * Takes untagged IPv4 frames; everything else (ARP, IPv6, frames with a
 * VLAN tag no VLAN device claimed) goes on to the stock stack.
 *
 * Return: RX_HANDLER_CONSUMED for IPv4, RX_HANDLER_PASS otherwise.
 */
rx_handler_result_t ipv4alt_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;

	if (skb->protocol != htons(ETH_P_IP) || skb_vlan_tag_present(skb) ||
	    skb->pkt_type == PACKET_LOOPBACK)
		return RX_HANDLER_PASS;

	ipv4alt_rcv(skb, skb->dev);
	return RX_HANDLER_CONSUMED;
}
