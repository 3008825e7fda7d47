// SPDX-License-Identifier: GPL-2.0
/*
 * Fragmenter: cuts a datagram into fragments that fit an MTU (RFC 791
 * section 2.3, "Fragmentation", and section 3.2, its procedure).
 *
 * Every fragment but the last carries (mtu - header length) & ~7 bytes of
 * payload. The fragments are built one of three ways:
 *
 *  - in place: a datagram whose frag_list pieces already have exactly that
 *    geometry (UDP corking, ip_append_data()) becomes its fragments: the
 *    head is the first, and each piece gets a header pushed in front;
 *  - shared pages: each fragment is a new skb with the header and the
 *    linear bytes it covers, and refers to the original's page frags;
 *  - copy: a fragment whose bytes cannot be shared that way (a linear
 *    frag_list piece after paged data, user pages of MSG_ZEROCOPY) is
 *    copied; but a linear datagram not shared with anyone becomes its own
 *    last fragment, in place.
 */

#include <linux/ip.h>
#include <linux/skbuff.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/sock.h>

#include "frag.h"
#include "ipv4alt.h"

#define IPV4ALT_MAX_HDR_LEN	(sizeof(struct iphdr) + MAX_IPOPTLEN)

/**
 * struct frag_plan - how one datagram is cut
 * @skb: the datagram
 * @hlen: header length; the same in every fragment, options included
 * @size: payload bytes of every fragment but the last, a multiple of 8
 * @total: payload bytes of the datagram
 * @offset: fragment offset of the datagram's first payload byte, in bytes;
 *	not 0 when a fragment is fragmented again
 * @more: MF of the datagram; when set, every fragment keeps it (RFC 791 3.2)
 * @df: DF for every fragment: only when reassembly saw DF
 *	(IPSKB_FRAG_PMTU), as the stock fragmenter does
 * @ll_rs: headroom to leave for the link layer
 * @share: page frags may be shared with the fragments
 * @tstamp: the datagram's timestamp, restored on every fragment
 * @tstamp_type: and its clock
 * @first: header of the first fragment: the datagram's
 * @later: header of the others: options without the copied flag are NOPs
 */
struct frag_plan {
	struct sk_buff *skb;
	unsigned int hlen;
	unsigned int size;
	unsigned int total;
	unsigned int offset;
	bool more;
	bool df;
	unsigned int ll_rs;
	bool share;
	ktime_t tstamp;
	u8 tstamp_type;
	u8 first[IPV4ALT_MAX_HDR_LEN];
	u8 later[IPV4ALT_MAX_HDR_LEN];
};

/**
 * ipv4alt_copy_metadata() - give a fragment the metadata of its datagram
 * @to: the fragment
 * @from: the datagram
 *
 * Copies what the layers below IP and netfilter look at: route (a
 * reference of its own), device, priority, mark, hash, conntrack,
 * extensions and security mark. The socket, the timestamp and the IP
 * control block are the caller's business.
 */
static void ipv4alt_copy_metadata(struct sk_buff *to,
				  const struct sk_buff *from)
{
	to->pkt_type = from->pkt_type;
	to->priority = from->priority;
	to->protocol = from->protocol;
	to->skb_iif = from->skb_iif;
	skb_dst_drop(to);
	skb_dst_copy(to, from);
	to->dev = from->dev;
	to->mark = from->mark;
	skb_copy_hash(to, from);
#ifdef CONFIG_NET_SCHED
	to->tc_index = from->tc_index;
#endif
	nf_copy(to, from);
	skb_ext_copy(to, from);
#if IS_ENABLED(CONFIG_IP_VS)
	to->ipvs_property = from->ipvs_property;
#endif
	skb_copy_secmark(to, from);
}

/*
 * RFC 791 3.1: options whose copied flag is clear go in the first fragment
 * only. In the others they become NOPs, which keeps the header length.
 * Processing stops at End of Option List; an option whose length does not
 * fit is malformed, and everything from it on becomes NOPs too.
 */
static void frag_options_later(u8 *opt, unsigned int len)
{
	unsigned int i = 0, optlen;

	while (i < len) {
		if (opt[i] == IPOPT_END)
			return;
		if (opt[i] == IPOPT_NOOP) {
			i++;
			continue;
		}
		optlen = i + 1 < len ? opt[i + 1] : 0;
		if (optlen < 2 || optlen > len - i) {
			memset(opt + i, IPOPT_NOOP, len - i);
			return;
		}
		if (!(opt[i] & IPOPT_COPY))
			memset(opt + i, IPOPT_NOOP, optlen);
		i += optlen;
	}
}

static unsigned int frag_ll_rs(const struct sk_buff *skb)
{
	const struct dst_entry *dst = skb_dst(skb);
	const struct net_device *dev = dst ? dst->dev : skb->dev;

	return dev ? LL_RESERVED_SPACE(dev) : 0;
}

/* Checks the header and fills @p; 0 or -EINVAL. */
static int frag_plan_init(struct frag_plan *p, struct sk_buff *skb,
			  unsigned int mtu)
{
	const struct iphdr *iph;
	unsigned int hlen;
	struct sk_buff *iter;
	u16 frag_off;

	if (!pskb_may_pull(skb, sizeof(*iph)))
		return -EINVAL;
	iph = (const struct iphdr *)skb->data;
	hlen = iph->ihl * 4;
	if (iph->version != 4 || hlen < sizeof(*iph) ||
	    !pskb_may_pull(skb, hlen))
		return -EINVAL;
	iph = (const struct iphdr *)skb->data;
	if (ntohs(iph->tot_len) != skb->len || skb->len <= hlen)
		return -EINVAL;
	skb_reset_network_header(skb);

	frag_off = ntohs(iph->frag_off);
	p->skb = skb;
	p->hlen = hlen;
	p->size = (mtu - hlen) & ~7U;
	p->total = skb->len - hlen;
	p->offset = (frag_off & IP_OFFSET) << 3;
	p->more = frag_off & IP_MF;
	p->df = IPCB(skb)->flags & IPSKB_FRAG_PMTU;
	/* The last fragment would end past offset 65535. */
	if (p->offset + p->total > IP_MAX_MTU)
		return -EINVAL;
	p->ll_rs = frag_ll_rs(skb);
	p->tstamp = skb->tstamp;
	p->tstamp_type = ipv4alt_tstamp_type(skb);

	/* MSG_ZEROCOPY user pages must not outlive the datagram. */
	p->share = !skb_zcopy(skb);
	skb_walk_frags(skb, iter)
		if (skb_zcopy(iter) || skb_has_frag_list(iter))
			p->share = false;

	memcpy(p->first, iph, hlen);
	memcpy(p->later, iph, hlen);
	frag_options_later(p->later + sizeof(*iph), hlen - sizeof(*iph));
	return 0;
}

/*
 * Writes the header of the fragment whose payload starts @pos bytes into
 * the datagram's payload and is @len bytes long; the skb's data is at the
 * header.
 */
static void frag_header(const struct frag_plan *p, struct sk_buff *frag,
			unsigned int pos, unsigned int len)
{
	struct iphdr *iph = (struct iphdr *)frag->data;
	u16 frag_off = (p->offset + pos) >> 3;

	memcpy(iph, pos ? p->later : p->first, p->hlen);
	skb_reset_network_header(frag);
	skb_set_transport_header(frag, p->hlen);
	if (pos + len < p->total || p->more)
		frag_off |= IP_MF;
	if (p->df)
		frag_off |= IP_DF;
	iph->frag_off = htons(frag_off);
	iph->tot_len = htons(p->hlen + len);
	ip_send_check(iph);
}

/* The control block; later fragments lose RR and TS, which became NOPs. */
static void frag_ipcb(const struct frag_plan *p, struct sk_buff *frag,
		      bool first)
{
	struct inet_skb_parm *cb = IPCB(frag);

	if (frag != p->skb)
		*cb = *IPCB(p->skb);
	cb->flags |= IPSKB_FRAG_COMPLETE;
	/* Final fragments: no size is left to honour below. */
	cb->frag_max_size = 0;
	if (!first) {
		cb->opt.rr = 0;
		cb->opt.ts = 0;
		cb->opt.rr_needaddr = 0;
		cb->opt.ts_needaddr = 0;
		cb->opt.ts_needtime = 0;
	}
}

/*
 * The in-place path needs every frag_list piece to be one fragment's
 * payload already: exactly p->size bytes (the last at most that), with
 * room for the header and link layer in front, and nothing shared.
 */
static bool frag_list_fits(const struct frag_plan *p)
{
	struct sk_buff *skb = p->skb, *iter;

	if (!skb_has_frag_list(skb) || skb_shared(skb) || skb_cloned(skb) ||
	    skb_headroom(skb) < p->ll_rs ||
	    skb_pagelen(skb) - p->hlen != p->size)
		return false;
	/* Pieces take over the head's charge: it must be plain sock_wfree. */
	if (skb->sk && skb->destructor != sock_wfree)
		return false;
	skb_walk_frags(skb, iter) {
		if (iter->len > p->size || (iter->next && iter->len != p->size) ||
		    !iter->len || skb_shared(iter) || skb_cloned(iter) ||
		    iter->sk || skb_has_frag_list(iter) ||
		    skb_headroom(iter) < p->hlen + p->ll_rs)
			return false;
	}
	return true;
}

static int frag_list_send(struct frag_plan *p, struct ipv4alt_net *pn,
			  struct net *net, struct sock *sk,
			  int (*output)(struct net *, struct sock *,
					struct sk_buff *))
{
	struct sk_buff *skb = p->skb, *list, *iter;
	unsigned int pos = p->size, headlen;
	int err;

	list = skb_shinfo(skb)->frag_list;
	skb_frag_list_init(skb);
	headlen = skb_headlen(skb);
	skb->len = skb_pagelen(skb);
	skb->data_len = skb->len - headlen;

	/* Make every piece a fragment before the head may be freed. */
	for (iter = list; iter; iter = iter->next) {
		skb->truesize -= iter->truesize;
		if (skb->sk) {
			iter->sk = skb->sk;
			iter->destructor = sock_wfree;
		}
		__skb_push(iter, p->hlen);
		frag_header(p, iter, pos, iter->len - p->hlen);
		pos += iter->len - p->hlen;
		iter->ip_summed = CHECKSUM_NONE;
		ipv4alt_copy_metadata(iter, skb);
		frag_ipcb(p, iter, false);
		skb_set_delivery_time(iter, p->tstamp, p->tstamp_type);
	}
	frag_header(p, skb, 0, p->size);
	frag_ipcb(p, skb, true);
	skb_set_delivery_time(skb, p->tstamp, p->tstamp_type);

	for (;;) {
		err = output(net, sk, skb);
		if (err)
			break;
		ipv4alt_inc(pn, IPV4ALT_MIB_FRAG_CREATES);
		if (!list)
			break;
		skb = list;
		list = list->next;
		skb_mark_not_on_list(skb);
	}
	if (err) {
		kfree_skb_list(list);
		ipv4alt_inc(pn, IPV4ALT_MIB_FRAG_FAILS);
		return err;
	}
	ipv4alt_inc(pn, IPV4ALT_MIB_FRAG_OKS);
	return 0;
}

/**
 * struct frag_cursor - a position in the datagram's data
 * @owner: the skb holding it: the datagram or one of its frag_list pieces;
 *	NULL at the end
 * @next: the frag_list piece after @owner
 * @idx: -1 for @owner's linear data, else the index of a page frag
 * @off: bytes of that chunk before the position
 */
struct frag_cursor {
	const struct sk_buff *owner;
	const struct sk_buff *next;
	int idx;
	unsigned int off;
};

static unsigned int chunk_len(const struct frag_cursor *c)
{
	if (c->idx < 0)
		return skb_headlen(c->owner);
	return skb_frag_size(&skb_shinfo(c->owner)->frags[c->idx]);
}

/* Moves @c on by @n bytes, which the data holds, past empty chunks. */
static void cursor_next(struct frag_cursor *c, unsigned int n)
{
	unsigned int left;

	while (c->owner) {
		left = chunk_len(c) - c->off;
		if (n < left) {
			c->off += n;
			return;
		}
		n -= left;
		c->off = 0;
		if (++c->idx < skb_shinfo(c->owner)->nr_frags)
			continue;
		/* On to the next frag_list piece, its linear data first. */
		c->owner = c->next;
		c->idx = -1;
		if (c->owner)
			c->next = c->owner->next;
	}
}

/* Allocates a fragment with @lin linear payload bytes after the header. */
static struct sk_buff *frag_alloc(const struct frag_plan *p, unsigned int lin)
{
	struct sk_buff *frag;

	frag = alloc_skb(p->ll_rs + p->hlen + lin, GFP_ATOMIC);
	if (!frag)
		return NULL;
	skb_reserve(frag, p->ll_rs);
	skb_put(frag, p->hlen + lin);
	return frag;
}

/* A fragment whose @len payload bytes at @start are all copied. */
static struct sk_buff *frag_copy(const struct frag_plan *p,
				 struct frag_cursor *c, unsigned int start,
				 unsigned int len)
{
	struct sk_buff *frag;

	frag = frag_alloc(p, len);
	if (!frag)
		return NULL;
	if (skb_copy_bits(p->skb, start, frag->data + p->hlen, len)) {
		kfree_skb(frag);
		return NULL;
	}
	cursor_next(c, len);
	return frag;
}

/*
 * Builds the fragment of @len payload bytes at @start (an offset in the
 * datagram, header included), from @c, which is at @start. Linear bytes
 * at the front are copied, page frags after them are shared; if linear
 * bytes follow page frags, or the frags would be too many, all is copied.
 * One walk: the rare fragment that must be copied after all is found on
 * the way and started again.
 */
static struct sk_buff *frag_build(const struct frag_plan *p,
				  struct frag_cursor *c, unsigned int start,
				  unsigned int len)
{
	const struct frag_cursor from = *c;
	const struct sk_buff *skb = p->skb;
	unsigned int lin = 0, left = len, n;
	struct skb_shared_info *sh;
	struct sk_buff *frag;
	skb_frag_t *f;

	/* All in the datagram's own linear data, as when it came whole from
	 * a linear skb: one copy, no walk.
	 */
	if (c->owner == skb && c->idx < 0 && skb_headlen(skb) - c->off >= len) {
		frag = frag_alloc(p, len);
		if (!frag)
			return NULL;
		skb_copy_from_linear_data_offset(skb, start,
						 frag->data + p->hlen, len);
		cursor_next(c, len);
		return frag;
	}
	if (!p->share)
		return frag_copy(p, c, start, len);

	while (left && c->idx < 0) {
		n = min(chunk_len(c) - c->off, left);
		lin += n;
		left -= n;
		cursor_next(c, n);
	}
	frag = frag_alloc(p, lin);
	if (!frag)
		return NULL;
	if (skb_copy_bits(skb, start, frag->data + p->hlen, lin)) {
		kfree_skb(frag);
		return NULL;
	}
	sh = skb_shinfo(frag);
	for (; left; left -= n) {
		if (c->idx < 0 || sh->nr_frags == MAX_SKB_FRAGS) {
			consume_skb(frag);
			*c = from;
			return frag_copy(p, c, start, len);
		}
		f = &sh->frags[sh->nr_frags++];
		*f = skb_shinfo(c->owner)->frags[c->idx];
		n = min(skb_frag_size(f) - c->off, left);
		skb_frag_off_add(f, c->off);
		skb_frag_size_set(f, n);
		get_page(skb_frag_page(f));
		sh->flags |= skb_shinfo(c->owner)->flags & SKBFL_SHARED_FRAG;
		frag->len += n;
		frag->data_len += n;
		frag->truesize += n;
		cursor_next(c, n);
	}
	return frag;
}

static int frag_pieces_send(struct frag_plan *p, struct ipv4alt_net *pn,
			    struct net *net, struct sock *sk,
			    int (*output)(struct net *, struct sock *,
					  struct sk_buff *))
{
	struct sk_buff *skb = p->skb, *frag;
	unsigned int pos, len;
	struct frag_cursor c = {
		.owner = skb,
		.next = skb_shinfo(skb)->frag_list,
		.idx = -1,
	};
	int err;

	cursor_next(&c, p->hlen);
	for (pos = 0; pos < p->total; pos += len) {
		len = min(p->size, p->total - pos);
		frag = frag_build(p, &c, p->hlen + pos, len);
		if (!frag) {
			kfree_skb_reason(skb, SKB_DROP_REASON_NOMEM);
			ipv4alt_inc(pn, IPV4ALT_MIB_FRAG_FAILS);
			return -ENOMEM;
		}
		ipv4alt_copy_metadata(frag, skb);
		/* Charge each fragment to the sender, as its own skb. */
		if (skb->sk)
			skb_set_owner_w(frag, skb->sk);
		frag_header(p, frag, pos, len);
		frag_ipcb(p, frag, !pos);
		skb_set_delivery_time(frag, p->tstamp, p->tstamp_type);

		err = output(net, sk, frag);
		if (err) {
			kfree_skb(skb);
			ipv4alt_inc(pn, IPV4ALT_MIB_FRAG_FAILS);
			return err;
		}
		ipv4alt_inc(pn, IPV4ALT_MIB_FRAG_CREATES);
	}
	ipv4alt_consume_skb(skb);
	ipv4alt_inc(pn, IPV4ALT_MIB_FRAG_OKS);
	return 0;
}

/**
 * ipv4alt_fragment() - send a datagram in fragments that fit an MTU
 * @pn: netns state, for FragOKs, FragCreates and FragFails
 * @net: passed to @output
 * @sk: passed to @output
 * @skb: the datagram, data at its IP header, ID chosen, header checksum
 *	valid; linear, paged or with a frag_list; not GSO
 * @mtu: largest fragment, header included; at least 68 (RFC 791 3.2)
 * @output: sends one fragment and consumes it; 0 on success
 *
 * A datagram that fits in @mtu goes to @output unchanged, and no counter
 * moves. Otherwise every fragment but the last carries (@mtu - header
 * length) & ~7 payload bytes, with the datagram's ID and a header of the
 * same length: options without the copied flag become NOPs after the
 * first fragment (RFC 791 3.1). Re-fragmenting a fragment keeps its
 * offset and MF. DF is not looked at: the caller decides; fragments carry
 * DF only when reassembly set IPSKB_FRAG_PMTU. Fragments go to @output
 * in order, each with its own reference to @skb's route and its share of
 * @skb's socket charge. A CHECKSUM_PARTIAL datagram is checksummed first.
 *
 * Context: softirq or process context with BHs disabled.
 * Return: 0, -EINVAL (@mtu below 68 or a bad header), -ENOMEM, or the
 * first error of @output, after which no further fragment is sent. @skb
 * is consumed in every case.
 */
int ipv4alt_fragment(struct ipv4alt_net *pn, struct net *net, struct sock *sk,
		     struct sk_buff *skb, unsigned int mtu,
		     int (*output)(struct net *, struct sock *,
				   struct sk_buff *))
{
	enum skb_drop_reason reason = SKB_DROP_REASON_PKT_TOO_BIG;
	struct frag_plan p;
	int err = -EINVAL;

	if (mtu < IPV4_MIN_MTU)
		goto fail;
	if (skb->len <= mtu)
		return output(net, sk, skb);
	/* The device segments GSO skbs; the caller never passes one. */
	DEBUG_NET_WARN_ON_ONCE(skb_is_gso(skb));

	reason = SKB_DROP_REASON_IP_INHDR;
	if (frag_plan_init(&p, skb, mtu))
		goto fail;

	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		reason = SKB_DROP_REASON_NOT_SPECIFIED;
		err = ip_check_csum_start(skb);
		if (!err)
			err = skb_checksum_help(skb);
		if (err)
			goto fail;
		/* Only the transport checksum changed, not the header. */
	}

	if (frag_list_fits(&p))
		return frag_list_send(&p, pn, net, sk, output);
	return frag_pieces_send(&p, pn, net, sk, output);

fail:
	kfree_skb_reason(skb, reason);
	ipv4alt_inc(pn, IPV4ALT_MIB_FRAG_FAILS);
	return err;
}
