// SPDX-License-Identifier: GPL-2.0
/*
 * IP options (RFC 791 section 3.1): parse and validate the options of
 * datagrams for this host, and build the options of echo replies.
 *
 * The parser and the builder are pure functions over the option bytes, so
 * KUnit drives them with tables. The packet-path wrappers below them apply
 * the verdicts.
 *
 * A locally delivered datagram keeps its option bytes as they arrived: RR
 * and TS are filled in only in the echo reply ipv4alt builds. The flags the
 * parser leaves in IPCB(skb)->opt (rr_needaddr, ts_needaddr, ts_needtime)
 * say that a slot is free, so the stock ip_options_echo() used by TCP and
 * ICMP errors also records this host exactly once in what it sends back.
 */

#include <kunit/visibility.h>
#include <linux/bitmap.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <net/ip.h>

#include "icmp.h"
#include "ipv4alt.h"
#include "options.h"

/* RFC 791 and RFC 2113: the fixed part of RR, TS and RA. */
#define RR_MIN_LEN	7	/* type, length, pointer and one address */
#define RR_MIN_PTR	4
#define TS_HDR_LEN	4	/* type, length, pointer, overflow/flags */
#define TS_MIN_PTR	5
#define RA_LEN		4

/* Offsets inside an option. */
#define OPT_LEN		1
#define OPT_PTR		2
#define TS_OFLW_FLG	3
#define RA_VALUE	2

static bool ts_flags_known(u8 flags)
{
	return flags == IPOPT_TS_TSONLY || flags == IPOPT_TS_TSANDADDR ||
	       flags == IPOPT_TS_PRESPEC;
}

/* The size of one entry of a TS option with these flags. */
static unsigned int ts_entry_size(u8 flags)
{
	return flags == IPOPT_TS_TSONLY ? 4 : 8;
}

/*
 * Minimum lengths checked before the duplicate check, as the reference
 * does. Return: the offending offset inside the option, or -1.
 */
static int opt_check_min_len(const u8 *o, unsigned int olen)
{
	switch (o[0]) {
	case IPOPT_TIMESTAMP:
		return olen < TS_HDR_LEN ? OPT_LEN : -1;
	case IPOPT_RR:
	case IPOPT_LSRR:
	case IPOPT_SSRR:
		return olen < 3 ? OPT_LEN : -1;
	case IPOPT_RA:
		/* RFC 2113 2.1: "Length: 4". */
		return olen != RA_LEN ? OPT_LEN : -1;
	}
	return -1;
}

/*
 * RFC 791 page 20-21, Record Route. A full area (pointer past the length)
 * is fine; some room but less than an address is an error, reported at the
 * pointer as Linux does.
 */
static int opt_check_rr(const u8 *o, unsigned int olen, struct ip_options *opt)
{
	if (olen < RR_MIN_LEN)
		return OPT_LEN;
	if (o[OPT_PTR] < RR_MIN_PTR)
		return OPT_PTR;
	if (o[OPT_PTR] <= olen) {
		if (o[OPT_PTR] + 3 > olen)
			return OPT_PTR;
		opt->rr_needaddr = 1;
	}
	return -1;
}

/*
 * RFC 791 page 22, Internet Timestamp: "If there is some room but not
 * enough room for a full timestamp to be inserted, or the overflow count
 * itself overflows, the original datagram is considered to be in error".
 */
static int opt_check_ts(const u8 *o, unsigned int olen, struct ip_options *opt)
{
	u8 flags = o[TS_OFLW_FLG] & 0xf;

	if (!ts_flags_known(flags))
		return TS_OFLW_FLG;
	if (o[OPT_PTR] < TS_MIN_PTR)
		return OPT_PTR;
	if (o[OPT_PTR] > olen) {
		/* Full: the next hop would bump the overflow count. */
		if (flags != IPOPT_TS_PRESPEC && o[TS_OFLW_FLG] >> 4 == 15)
			return TS_OFLW_FLG;
		return -1;
	}
	if (o[OPT_PTR] + ts_entry_size(flags) - 1 > olen)
		return OPT_PTR;
	opt->ts_needtime = 1;
	opt->ts_needaddr = flags == IPOPT_TS_TSANDADDR;
	return -1;
}

/**
 * ipv4alt_opts_parse() - validate received IP options and describe them
 * @opts: the option bytes, right after the fixed 20-byte header
 * @len: how many there are (IHL * 4 - 20), at most %MAX_IPOPTLEN
 * @opt: filled in as the stock ip_options_compile() does for a received
 *	datagram: optlen, srr, is_strictroute, rr, rr_needaddr, ts,
 *	ts_needaddr, ts_needtime and router_alert, with offsets counted from
 *	the start of the IP header. The bytes are not changed.
 * @pointer: on error, the offending byte counted from the start of the IP
 *	header, for the ICMP Parameter Problem pointer (RFC 792)
 *
 * Checks, in the reference's order, each option up to End of Option List:
 * a length octet that is missing, below 2 or past the header (pointer at
 * the option's start); a length too small for the option's type (at the
 * length); an option seen twice, LSRR and SSRR counting as one (at the
 * option's start); then the option's own fields: RR and TS pointers (at
 * the pointer), TS flags other than 0, 1 and 3 or a full TS whose overflow
 * counter is already 15 (at the overflow/flags octet), a non-zero Router
 * Alert value (at the value). Unknown options pass.
 *
 * Return: 0, or -EINVAL with @pointer set.
 */
VISIBLE_IF_KUNIT
int ipv4alt_opts_parse(const u8 *opts, unsigned int len,
		       struct ip_options *opt, u8 *pointer)
{
	DECLARE_BITMAP(seen, 256);
	unsigned int i = 0, olen = 0;
	const u8 *o;
	int bad;

	memset(opt, 0, sizeof(*opt));
	opt->optlen = len;
	bitmap_zero(seen, 256);

	while (i < len) {
		o = opts + i;
		if (o[0] == IPOPT_END)
			break;
		if (o[0] == IPOPT_NOOP) {
			i++;
			continue;
		}
		/* RFC 791 3.1: all other options carry a length octet that
		 * counts the type and length octets too. Linux and the
		 * reference point at the option's start for these.
		 */
		if (len - i < 2 || o[OPT_LEN] < 2 || o[OPT_LEN] > len - i) {
			bad = 0;
			goto error;
		}
		olen = o[OPT_LEN];
		bad = opt_check_min_len(o, olen);
		if (bad >= 0)
			goto error;

		/* RFC 791 3.1: each option "appears at most once"; a second
		 * source route of either kind is a duplicate too (RFC 1812
		 * 5.2.4.1).
		 */
		if (test_bit(o[0], seen) ||
		    ((o[0] == IPOPT_LSRR || o[0] == IPOPT_SSRR) && opt->srr)) {
			bad = 0;
			goto error;
		}
		__set_bit(o[0], seen);

		switch (o[0]) {
		case IPOPT_RR:
			bad = opt_check_rr(o, olen, opt);
			opt->rr = sizeof(struct iphdr) + i;
			break;
		case IPOPT_TIMESTAMP:
			bad = opt_check_ts(o, olen, opt);
			opt->ts = sizeof(struct iphdr) + i;
			break;
		case IPOPT_RA:
			/* RFC 2113 2.1: value 0 is the only one defined. */
			bad = o[RA_VALUE] || o[RA_VALUE + 1] ? RA_VALUE : -1;
			opt->router_alert = sizeof(struct iphdr) + i;
			break;
		case IPOPT_CIPSO:
			/* The kernel's CIPSO check (cipso_v4_validate()) and
			 * its DOI table are not exported, so refuse it as
			 * the kernel does for a DOI it does not know: no
			 * later NetLabel parser sees an unchecked option.
			 */
			bad = olen < 8 ? OPT_LEN : 2;
			opt->cipso = sizeof(struct iphdr) + i;
			break;
		case IPOPT_LSRR:
		case IPOPT_SSRR:
			bad = o[OPT_PTR] < RR_MIN_PTR ? OPT_PTR : -1;
			opt->srr = sizeof(struct iphdr) + i;
			opt->is_strictroute = o[0] == IPOPT_SSRR;
			break;
		default:
			bad = -1;
			break;
		}
		if (bad >= 0)
			goto error;
		i += olen;
	}
	return 0;

error:
	*pointer = sizeof(struct iphdr) + i + bad;
	return -EINVAL;
}

/* Fill the next RR slot, if any (RFC 791 page 21). */
static void echo_rr(u8 *o, __be32 addr)
{
	u8 ptr = o[OPT_PTR];

	if (ptr > o[OPT_LEN])
		return;
	memcpy(o + ptr - 1, &addr, sizeof(addr));
	o[OPT_PTR] = ptr + 4;
}

/* Fill the next TS slot, or count the overflow (RFC 791 page 22). */
static void echo_ts(u8 *o, __be32 addr, __be32 now)
{
	u8 flags = o[TS_OFLW_FLG] & 0xf, ptr = o[OPT_PTR];

	if (ptr > o[OPT_LEN]) {
		if (flags != IPOPT_TS_PRESPEC)
			o[TS_OFLW_FLG] += 0x10;
		return;
	}
	switch (flags) {
	case IPOPT_TS_TSONLY:
		memcpy(o + ptr - 1, &now, sizeof(now));
		o[OPT_PTR] = ptr + 4;
		break;
	case IPOPT_TS_TSANDADDR:
		memcpy(o + ptr - 1, &addr, sizeof(addr));
		memcpy(o + ptr + 3, &now, sizeof(now));
		o[OPT_PTR] = ptr + 8;
		break;
	case IPOPT_TS_PRESPEC:
		/* "An IP module only registers its timestamp if it matches
		 * its own address with the next specified internet address."
		 */
		if (memcmp(o + ptr - 1, &addr, sizeof(addr)))
			break;
		memcpy(o + ptr + 3, &now, sizeof(now));
		o[OPT_PTR] = ptr + 8;
		break;
	}
}

/**
 * ipv4alt_opts_echo() - build the options of an echo reply
 * @in: the request's option bytes, accepted by ipv4alt_opts_parse()
 * @len: how many there are, a multiple of 4, at most %MAX_IPOPTLEN
 * @out: room for @len bytes; receives the reply's options
 * @addr: the reply's source address, recorded in RR and TS
 * @now: the time for TS, ms since midnight UT in network order (RFC 791)
 *
 * RFC 1122 3.2.2.6: RR and TS "SHOULD be updated to include the current
 * host and included in the IP header of the Echo Reply". Router Alert,
 * NOP and End of Option List are copied; other options (unknown ones and
 * source routes) are left out, as the reference does. Nothing after End
 * of Option List is copied, and the result is padded with zeros to a
 * multiple of 4.
 *
 * Return: the reply's option length, at most @len.
 */
VISIBLE_IF_KUNIT
unsigned int ipv4alt_opts_echo(const u8 *in, unsigned int len, u8 *out,
			       __be32 addr, __be32 now)
{
	unsigned int i = 0, n = 0, olen;

	memset(out, 0, len);
	while (i < len) {
		if (in[i] == IPOPT_END) {
			out[n++] = IPOPT_END;
			break;
		}
		if (in[i] == IPOPT_NOOP) {
			out[n++] = IPOPT_NOOP;
			i++;
			continue;
		}
		olen = in[i + OPT_LEN];
		switch (in[i]) {
		case IPOPT_RR:
			memcpy(out + n, in + i, olen);
			echo_rr(out + n, addr);
			n += olen;
			break;
		case IPOPT_TIMESTAMP:
			memcpy(out + n, in + i, olen);
			echo_ts(out + n, addr, now);
			n += olen;
			break;
		case IPOPT_RA:
			memcpy(out + n, in + i, olen);
			n += olen;
			break;
		}
		i += olen;
	}
	return round_up(n, 4);
}

/**
 * ipv4alt_opts_echo_skb() - give an echo reply built in place its options
 * @skb: the request turning into the reply: data at the IP header, the
 *	header writable, IPCB(skb) cleared
 * @saddr: the reply's source address
 *
 * Rewrites the option area with ipv4alt_opts_echo(). When it shrinks, the
 * fixed header moves up to meet the ICMP message, which stays where it is
 * (so its checksum still holds), and the gap is pulled off. Sets the IHL
 * and IPCB(skb)->opt.optlen so that a fragmenter knows the options; the
 * caller's ip_local_out() sets tot_len and the header checksum.
 *
 * Return: the reply's IP header length.
 */
unsigned int ipv4alt_opts_echo_skb(struct sk_buff *skb, __be32 saddr)
{
	unsigned int optlen = ip_hdrlen(skb) - sizeof(struct iphdr);
	u8 buf[MAX_IPOPTLEN];
	unsigned int n;

	n = ipv4alt_opts_echo(skb->data + sizeof(struct iphdr), optlen, buf,
			      saddr, inet_current_timestamp());
	memcpy(skb->data + sizeof(struct iphdr), buf, n);
	if (n < optlen) {
		memmove(skb->data + optlen - n, skb->data,
			sizeof(struct iphdr) + n);
		__skb_pull(skb, optlen - n);
		skb_reset_network_header(skb);
		ip_hdr(skb)->ihl = (sizeof(struct iphdr) + n) / 4;
	}
	skb_set_transport_header(skb, sizeof(struct iphdr) + n);
	IPCB(skb)->opt.optlen = n;
	return sizeof(struct iphdr) + n;
}

/**
 * ipv4alt_opts_forward() - record this router in RR and TS
 * @opts: the option bytes of a forwarded datagram, accepted by
 *	ipv4alt_opts_parse(); changed in place
 * @len: how many there are
 * @addr: the address of the outgoing interface
 * @now: the time for TS, ms since midnight UT in network order (RFC 791)
 *
 * RFC 791 pages 21-22 and RFC 1812 5.2.4: a router fills the next free
 * slot of Record Route and stamps Timestamp, or counts TS overflow.
 *
 * Return: true if a byte changed, so the header checksum must be redone.
 */
bool ipv4alt_opts_forward(u8 *opts, unsigned int len, __be32 addr,
			  __be32 now)
{
	unsigned int i = 0;
	bool changed = false;

	while (i < len && opts[i] != IPOPT_END) {
		if (opts[i] == IPOPT_NOOP) {
			i++;
			continue;
		}
		if (opts[i] == IPOPT_RR) {
			echo_rr(opts + i, addr);
			changed = true;
		} else if (opts[i] == IPOPT_TIMESTAMP) {
			echo_ts(opts + i, addr, now);
			changed = true;
		}
		i += opts[i + OPT_LEN];
	}
	return changed;
}

/**
 * ipv4alt_opts_recheck() - may the options of a datagram back from a hook
 *	be walked again?
 * @skb: a datagram with options, data at the IP header, back from a
 *	netfilter hook
 *
 * ipv4alt_opts_rcv() checked the options before the hook, but a queue
 * verdict (NFQUEUE) may have rewritten the header since. The walkers that
 * fill RR and TS trust each length octet and pointer, so check them again
 * first. May pull the header, so header pointers taken before are stale.
 *
 * Return: true if the option area is still well formed.
 */
bool ipv4alt_opts_recheck(struct sk_buff *skb)
{
	struct ip_options opt;
	unsigned int hlen;
	u8 pointer;

	if (!pskb_may_pull(skb, sizeof(struct iphdr)))
		return false;
	hlen = ip_hdrlen(skb);
	if (hlen < sizeof(struct iphdr) || !pskb_may_pull(skb, hlen))
		return false;
	return !ipv4alt_opts_parse(skb->data + sizeof(struct iphdr),
				   hlen - sizeof(struct iphdr), &opt, &pointer);
}

/*
 * A source-routed datagram stays only if the stock accept_source_route
 * (device and all) allows it, it was sent to this host alone, and its
 * route is used up: ipv4alt does not act on source routes (RFC 7126
 * 4.3.4.1 advises dropping them), neither for itself nor as a router.
 */
static bool ipv4alt_srr_acceptable(const struct sk_buff *skb,
				   const struct net_device *dev)
{
	const struct ip_options *opt = &IPCB(skb)->opt;
	const u8 *o = skb_network_header(skb) + opt->srr;
	struct in_device *in_dev;
	bool ok;

	rcu_read_lock();
	in_dev = __in_dev_get_rcu(dev);
	ok = !in_dev || IN_DEV_SOURCE_ROUTE(in_dev);
	rcu_read_unlock();
	return ok && skb->pkt_type == PACKET_HOST && o[OPT_PTR] > o[OPT_LEN];
}

/**
 * ipv4alt_opts_rcv() - check the options of a received datagram
 * @pn: netns state
 * @skb: a datagram with options (IHL > 5), route attached, data at the IP
 *	header, IPCB(skb) cleared
 * @dev: the device it came in on, whose accept_source_route applies (a
 *	VRF slave, where skb->dev is the master), as in ip_rcv_options()
 *
 * On success IPCB(skb)->opt describes the options for the stock
 * transports. A malformed option earns an ICMP Parameter Problem (12/0)
 * pointing at it and counts InHdrErrors, as ip_rcv_options() does; an
 * unwanted source route counts InSrcRouteDiscards.
 *
 * Return: 0 to go on, or -EINVAL when the datagram was dropped (consumed).
 */
int ipv4alt_opts_rcv(struct ipv4alt_net *pn, struct sk_buff *skb,
		     const struct net_device *dev)
{
	struct ip_options *opt = &IPCB(skb)->opt;
	u8 pointer;

	if (ipv4alt_opts_parse(skb_network_header(skb) + sizeof(struct iphdr),
			       ip_hdrlen(skb) - sizeof(struct iphdr), opt,
			       &pointer))
		goto bad_option;
	if (unlikely(opt->srr) && !ipv4alt_srr_acceptable(skb, dev))
		goto source_route;
	return 0;

bad_option:
	net_dbg_ratelimited("ipv4alt: bad IP option at byte %u from %pI4\n",
			    pointer, &ip_hdr(skb)->saddr);
	ipv4alt_icmp_send(pn, skb, ICMP_PARAMETERPROB, 0, (u32)pointer << 24);
	ipv4alt_inc(pn, IPV4ALT_MIB_IN_HDR_ERRORS);
	kfree_skb_reason(skb, SKB_DROP_REASON_IP_INHDR);
	return -EINVAL;
source_route:
	/* No core reason names it; ip_rcv_options() uses this one too. */
	ipv4alt_inc(pn, IPV4ALT_MIB_IN_SRC_ROUTE_DISCARDS);
	kfree_skb_reason(skb, SKB_DROP_REASON_NOT_SPECIFIED);
	return -EINVAL;
}
