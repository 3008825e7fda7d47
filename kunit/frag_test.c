// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the fragmenter. Datagrams of many sizes, built linear, paged or
 * with a frag_list (in the in-place geometry or not), with and without
 * options, are cut for MTUs 68 to 9000. A test output() collects the
 * fragments; every one is checked (size, offset, MF, ID, checksum,
 * options) and the payload is rebuilt and compared byte for byte. The
 * datagrams hold a route and a socket charge: both must come back.
 */

#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/ip.h>
#include <linux/net.h>
#include <linux/skbuff.h>
#include <net/checksum.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "frag.h"
#include "ipv4alt.h"
#include "stats.h"
#include "ipv4alt_kunit.h"

#define ID		0xbeef
#define HEADROOM	128
#define MAX_DGRAM	65535

enum layout {
	LINEAR,		/* all in the linear area */
	PAGED,		/* header and 37 bytes linear, the rest in pages */
	LIST_FIT,	/* frag_list pieces of exactly one fragment each */
	LIST_MISFIT,	/* frag_list pieces of other sizes, linear and paged */
	LAYOUTS
};

static const char * const layout_names[] = {
	[LINEAR] = "linear", [PAGED] = "paged", [LIST_FIT] = "list-fit",
	[LIST_MISFIT] = "list-misfit",
};

/**
 * struct opt_set - options of the datagram, and of its later fragments
 * @name: what they are
 * @len: bytes of options, a multiple of 4
 * @first: the options, as the first fragment must keep them
 * @later: what the other fragments must carry
 */
struct opt_set {
	const char *name;
	u8 len;
	u8 first[MAX_IPOPTLEN];
	u8 later[MAX_IPOPTLEN];
};

static const struct opt_set no_opts = { .name = "no options", .len = 0 };

/* RR (0x07) and TS (0x44) are not copied; LSRR (0x83) is. */
static const struct opt_set rr_lsrr_ts = {
	.name = "RR LSRR TS",
	.len = 32,
	.first = { 0x07, 11, 4, 0, 0, 0, 0, 0, 0, 0, 0,
		   0x83, 7, 4, 198, 51, 100, 9,
		   0x44, 12, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		   IPOPT_NOOP, IPOPT_END },
	.later = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		   0x83, 7, 4, 198, 51, 100, 9,
		   1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		   IPOPT_NOOP, IPOPT_END },
};

/* The largest header: 60 bytes, 8 bytes of payload at MTU 68. */
static const struct opt_set ts40 = {
	.name = "TS 40",
	.len = 40,
	.first = { 0x44, 40, 5, 0 },
	.later = { [0 ... 39] = IPOPT_NOOP },
};

/* Router Alert (0x94) is copied. */
static const struct opt_set ra_rr = {
	.name = "RA RR",
	.len = 12,
	.first = { 0x94, 4, 0, 0, 0x07, 7, 4, 0, 0, 0, 0, IPOPT_NOOP },
	.later = { 0x94, 4, 0, 0, 1, 1, 1, 1, 1, 1, 1, IPOPT_NOOP },
};

/* SSRR (0x89) is copied; processing stops at EOL. */
static const struct opt_set ssrr_eol = {
	.name = "SSRR EOL junk",
	.len = 12,
	.first = { 0x89, 7, 4, 10, 0, 0, 1, IPOPT_END, 0x07, 3, 4, 0 },
	.later = { 0x89, 7, 4, 10, 0, 0, 1, IPOPT_END, 0x07, 3, 4, 0 },
};

/* A length past the end: from there on, NOPs. */
static const struct opt_set bad_len = {
	.name = "bad length",
	.len = 8,
	.first = { 0x94, 4, 0, 0, 0x07, 9, 4, 0 },
	.later = { 0x94, 4, 0, 0, 1, 1, 1, 1 },
};

/**
 * struct frag_case - one datagram and an MTU
 * @name: what the case shows; NULL in the grid, whose names are built
 * @layout: how the skb holds the datagram
 * @opts: its options
 * @mtu: the MTU passed
 * @len: datagram length, header included
 * @frag_off: fragment offset field of the datagram (offset / 8 and IP_MF)
 * @ipcb_flags: IPCB flags of the datagram
 * @fail_at: output() fails the fragment with this number (from 1), 0 never
 * @clone: the datagram is a clone
 * @partial: CHECKSUM_PARTIAL over a UDP header at the payload's start
 * @bad_tot_len: the header's total length is one byte short
 * @err: expected return value
 * @frags: with @err 0, the fragments expected; 0 works it out
 * @last: with @frags, payload bytes of the last one
 */
struct frag_case {
	const char *name;
	enum layout layout;
	const struct opt_set *opts;
	unsigned int mtu;
	unsigned int len;
	u16 frag_off;
	u16 ipcb_flags;
	unsigned int fail_at;
	bool clone;
	bool partial;
	bool bad_tot_len;
	int err;
	unsigned int frags;
	unsigned int last;
};

static u8 pattern(unsigned int pos)
{
	return (pos * 7 + pos / 253 + 1) & 0xff;
}

/* The sink: output() queues the fragments here, or fails one. */
static struct {
	struct sk_buff_head q;
	unsigned int calls;
	unsigned int fail_at;
	struct sock *sk;
} sink;

static int sink_output(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	sink.calls++;
	sink.sk = sk;
	if (sink.calls == sink.fail_at) {
		kfree_skb(skb);
		return -ENOBUFS;
	}
	__skb_queue_tail(&sink.q, skb);
	return 0;
}

/**
 * struct frag_env - what a case's datagram holds on to
 * @pn: counters
 * @dev: an unregistered Ethernet device: 16 bytes of link-layer headroom
 * @dst: a route whose references are counted; one is the test's own
 * @sock: a UDP socket whose send buffer the datagram is charged to
 * @wmem: that socket's sk_wmem_alloc before the datagram
 */
struct frag_env {
	struct ipv4alt_net pn;
	struct net_device *dev;
	struct dst_entry *dst;
	struct socket *sock;
	unsigned int wmem;
};

static void fill(u8 *p, unsigned int pos, unsigned int n)
{
	while (n--)
		*p++ = pattern(pos++);
}

/* Appends @n bytes of payload from @pos as page frags; first @first. */
static void add_pages(struct kunit *test, struct sk_buff *skb,
		      unsigned int pos, unsigned int n, unsigned int first)
{
	unsigned int chunk;
	struct page *page;

	for (; n; n -= chunk, pos += chunk) {
		chunk = min_t(unsigned int, n, first ? first : PAGE_SIZE);
		first = 0;
		KUNIT_ASSERT_LT(test, skb_shinfo(skb)->nr_frags, MAX_SKB_FRAGS);
		page = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, page);
		/* Start a little into the page, as drivers do. */
		fill(page_address(page) + (PAGE_SIZE - chunk) / 2, pos, chunk);
		skb_fill_page_desc(skb, skb_shinfo(skb)->nr_frags, page,
				   (PAGE_SIZE - chunk) / 2, chunk);
		skb->len += chunk;
		skb->data_len += chunk;
		skb->truesize += PAGE_SIZE;
	}
}

/* A frag_list piece of @lin linear bytes, then @pages bytes in pages. */
static struct sk_buff *piece(struct kunit *test, unsigned int pos,
			     unsigned int lin, unsigned int pages)
{
	struct sk_buff *skb;

	skb = alloc_skb(HEADROOM + lin, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, HEADROOM);
	fill(skb_put(skb, lin), pos, lin);
	add_pages(test, skb, pos + lin, pages, 0);
	return skb;
}

static void chain(struct sk_buff *head, struct sk_buff ***tail,
		  struct sk_buff *skb)
{
	**tail = skb;
	*tail = &skb->next;
	head->len += skb->len;
	head->data_len += skb->len;
	head->truesize += skb->truesize;
}

static unsigned int hlen_of(const struct frag_case *c)
{
	return sizeof(struct iphdr) + c->opts->len;
}

static unsigned int base_of(const struct frag_case *c)
{
	return (c->frag_off & IP_OFFSET) << 3;
}

/* Payload bytes of each fragment but the last. */
static unsigned int size_of(const struct frag_case *c)
{
	return (c->mtu - hlen_of(c)) & ~7U;
}

static struct sk_buff *build(struct kunit *test, const struct frag_case *c,
			     struct frag_env *env)
{
	unsigned int hlen = hlen_of(c), base = base_of(c);
	unsigned int total = c->len - hlen, size = size_of(c);
	struct ipv4alt_kunit_dgram d = {
		.headroom = HEADROOM,
		.tos = 0x10,
		.tot_len = c->len - c->bad_tot_len,
		.id = ID,
		.frag_off = c->frag_off,
		.protocol = IPPROTO_UDP,
		.saddr = htonl(0xc0000201),
		.daddr = htonl(0xc6336402),
		.opts = c->opts->first,
		.optlen = c->opts->len,
	};
	unsigned int lin, pos, n, i;
	struct sk_buff *skb, **tail;

	lin = total;
	if (c->layout == PAGED)
		lin = min(total, 37U);
	else if (c->layout == LIST_FIT)
		lin = min3(total, size, 24U);
	else if (c->layout == LIST_MISFIT)
		lin = min(total, 1000U);
	d.len = lin;
	skb = ipv4alt_kunit_skb(test, &d);
	fill(skb->data + hlen, base, lin);
	pos = lin;

	switch (c->layout) {
	case LINEAR:
		break;
	case PAGED:
		add_pages(test, skb, base + pos, total - pos, 3001);
		break;
	case LIST_FIT:
		/* The head: one fragment's payload, partly in a page. */
		n = min(total, size) - pos;
		add_pages(test, skb, base + pos, n, 0);
		pos += n;
		tail = &skb_shinfo(skb)->frag_list;
		/* Pieces alternately linear and paged (no linear data). */
		for (i = 0; pos < total; i++, pos += n) {
			n = min(total - pos, size);
			chain(skb, &tail, i & 1 ? piece(test, base + pos, 0, n) :
					   piece(test, base + pos, n, 0));
		}
		break;
	case LIST_MISFIT:
		tail = &skb_shinfo(skb)->frag_list;
		for (i = 0; pos < total; i++, pos += n) {
			n = min(total - pos, 1500U);
			if (i % 3 == 0)
				chain(skb, &tail, piece(test, base + pos, n, 0));
			else if (i % 3 == 1)
				chain(skb, &tail, piece(test, base + pos, 0, n));
			else
				chain(skb, &tail, piece(test, base + pos,
							min(n, 100U),
							n - min(n, 100U)));
		}
		break;
	default:
		KUNIT_FAIL(test, "bad layout");
	}
	KUNIT_ASSERT_EQ(test, skb->len, c->len);

	skb_set_transport_header(skb, hlen);
	skb->dev = env->dev;
	skb->priority = 6;
	skb->mark = 0x1234;
	IPCB(skb)->flags = c->ipcb_flags;
	IPCB(skb)->frag_max_size = 1000;
	IPCB(skb)->opt.optlen = c->opts->len;
	dst_hold(env->dst);
	skb_dst_set(skb, env->dst);
	skb_set_owner_w(skb, env->sock->sk);

	if (c->partial) {
		/* The UDP checksum field is zero: the sum goes there. */
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb_transport_header(skb) - skb->head;
		skb->csum_offset = 6;
	}
	return skb;
}

static int frag_env_init(struct kunit *test)
{
	struct frag_env *env;
	int err;

	env = kunit_kzalloc(test, sizeof(*env), GFP_KERNEL);
	if (!env)
		return -ENOMEM;
	env->pn.net = &init_net;
	env->pn.mib = alloc_percpu(struct ipv4alt_mib);
	if (!env->pn.mib)
		return -ENOMEM;
	env->dev = alloc_etherdev(0);
	env->dst = kzalloc(sizeof(*env->dst), GFP_KERNEL);
	err = sock_create_kern(&init_net, PF_INET, SOCK_DGRAM, IPPROTO_UDP,
			       &env->sock);
	if (!env->dev || !env->dst || err) {
		if (!err)
			sock_release(env->sock);
		kfree(env->dst);
		free_netdev(env->dev);
		free_percpu(env->pn.mib);
		return -ENOMEM;
	}
	/* The test's own reference: no skb may drop the last one. */
	atomic_set(&env->dst->__refcnt, 1);
	env->dst->dev = env->dev;
	env->wmem = refcount_read(&env->sock->sk->sk_wmem_alloc);
	__skb_queue_head_init(&sink.q);
	sink.calls = 0;
	sink.fail_at = 0;
	sink.sk = NULL;
	test->priv = env;
	return 0;
}

static void frag_env_exit(struct kunit *test)
{
	struct frag_env *env = test->priv;

	__skb_queue_purge(&sink.q);
	sock_release(env->sock);
	kfree(env->dst);
	free_netdev(env->dev);
	free_percpu(env->pn.mib);
}

static unsigned long mib(struct frag_env *env, enum ipv4alt_mib_field f)
{
	return ipv4alt_stats_read(&env->pn, f);
}

/* One fragment: header fields, options, and its payload into @got. */
static void check_frag(struct kunit *test, const struct frag_case *c,
		       struct frag_env *env, struct sk_buff *skb,
		       unsigned int i, unsigned int n, unsigned int pos,
		       u8 *got)
{
	unsigned int hlen = hlen_of(c), len = skb->len - hlen;
	u8 hdr[60] __aligned(4);
	struct iphdr *iph = (struct iphdr *)hdr;
	u16 frag_off;
	bool mf;

	KUNIT_ASSERT_GE(test, skb_headlen(skb), hlen);
	KUNIT_EXPECT_LE_MSG(test, skb->len, c->mtu, "fragment %u", i);
	KUNIT_EXPECT_PTR_EQ(test, (void *)skb_network_header(skb),
			    (void *)skb->data);
	KUNIT_EXPECT_GE(test, skb_headroom(skb),
			(unsigned int)LL_RESERVED_SPACE(env->dev));
	memcpy(hdr, skb->data, hlen);
	KUNIT_EXPECT_EQ(test, iph->ihl * 4, hlen);
	KUNIT_EXPECT_EQ_MSG(test, ntohs(iph->tot_len), skb->len,
			    "fragment %u", i);
	KUNIT_EXPECT_EQ_MSG(test, ip_fast_csum(hdr, iph->ihl), 0,
			    "fragment %u", i);
	KUNIT_EXPECT_EQ(test, ntohs(iph->id), ID);
	KUNIT_EXPECT_EQ(test, iph->tos, 0x10);
	KUNIT_EXPECT_EQ(test, iph->ttl, 64);
	KUNIT_EXPECT_EQ(test, iph->protocol, IPPROTO_UDP);
	KUNIT_EXPECT_EQ(test, iph->saddr, htonl(0xc0000201));
	KUNIT_EXPECT_EQ(test, iph->daddr, htonl(0xc6336402));

	frag_off = ntohs(iph->frag_off);
	mf = i + 1 < n || (c->frag_off & IP_MF);
	KUNIT_EXPECT_EQ_MSG(test, (frag_off & IP_OFFSET) << 3, base_of(c) + pos,
			    "fragment %u", i);
	KUNIT_EXPECT_EQ_MSG(test, !!(frag_off & IP_MF), mf, "fragment %u", i);
	KUNIT_EXPECT_EQ(test, !!(frag_off & IP_DF),
			!!(c->ipcb_flags & IPSKB_FRAG_PMTU));
	KUNIT_EXPECT_EQ(test, frag_off & IP_CE, 0);
	if (i + 1 < n)
		KUNIT_EXPECT_EQ_MSG(test, len, size_of(c), "fragment %u", i);
	else
		KUNIT_EXPECT_EQ(test, len, c->len - hlen - pos);
	KUNIT_EXPECT_EQ_MSG(test,
			    memcmp(hdr + sizeof(*iph),
				   i ? c->opts->later : c->opts->first,
				   c->opts->len), 0,
			    "options of fragment %u", i);

	/* What travels with it. */
	KUNIT_EXPECT_PTR_EQ(test, skb_dst(skb), env->dst);
	KUNIT_EXPECT_PTR_EQ(test, skb->sk, env->sock->sk);
	KUNIT_EXPECT_PTR_EQ(test, (void *)skb->destructor, (void *)sock_wfree);
	KUNIT_EXPECT_PTR_EQ(test, skb->dev, env->dev);
	KUNIT_EXPECT_EQ(test, skb->priority, 6);
	KUNIT_EXPECT_EQ(test, skb->mark, 0x1234);
	KUNIT_EXPECT_EQ(test, skb->protocol, htons(ETH_P_IP));
	KUNIT_EXPECT_NE(test, (int)skb->ip_summed, CHECKSUM_PARTIAL);
	KUNIT_EXPECT_TRUE(test, IPCB(skb)->flags & IPSKB_FRAG_COMPLETE);
	KUNIT_EXPECT_EQ(test, IPCB(skb)->frag_max_size, 0);
	KUNIT_EXPECT_EQ(test, IPCB(skb)->opt.optlen, c->opts->len);

	if (pos + len <= c->len - hlen)
		KUNIT_EXPECT_EQ_MSG(test,
				    skb_copy_bits(skb, hlen, got + pos, len),
				    0, "fragment %u", i);
}

static unsigned int expected_frags(const struct frag_case *c)
{
	if (c->frags)
		return c->frags;
	return DIV_ROUND_UP(c->len - hlen_of(c), size_of(c));
}

/* The datagram's payload as the fragments rebuild it. */
static void check_payload(struct kunit *test, const struct frag_case *c,
			  const u8 *got)
{
	unsigned int total = c->len - hlen_of(c), i;
	__sum16 sum;
	u8 *want;

	want = kunit_kmalloc(test, total, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, want);
	fill(want, base_of(c), total);
	if (c->partial) {
		/* The sum of everything from csum_start lands at offset 6. */
		sum = csum_fold(csum_partial(want, total, 0)) ?: CSUM_MANGLED_0;
		memcpy(want + 6, &sum, sizeof(sum));
	}
	for (i = 0; i < total; i++)
		if (got[i] != want[i])
			break;
	KUNIT_EXPECT_EQ_MSG(test, i, total, "payload differs at byte %u", i);
}

/**
 * struct frag_input - the datagram a case hands to ipv4alt_fragment()
 * @orig: the datagram as built
 * @skb: what is passed: @orig, or @clone
 * @clone: a clone of @orig, or NULL
 * @pieces: @orig and its frag_list skbs, in order
 * @npieces: entries in @pieces
 * @orig_lin: linear bytes of @orig, header included
 */
struct frag_input {
	struct sk_buff *orig;
	struct sk_buff *skb;
	struct sk_buff *clone;
	struct sk_buff **pieces;
	unsigned int npieces;
	unsigned int orig_lin;
};

/* Builds the case's datagram and notes its pieces before they move. */
static void frag_prepare(struct kunit *test, const struct frag_case *c,
			 struct frag_env *env, struct frag_input *in)
{
	struct sk_buff *iter;
	unsigned int npieces = 0;

	in->orig = build(test, c, env);
	in->orig_lin = skb_headlen(in->orig);
	skb_walk_frags(in->orig, iter)
		npieces++;
	in->pieces = kunit_kcalloc(test, npieces + 1, sizeof(*in->pieces),
				   GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, in->pieces);
	in->pieces[0] = in->orig;
	in->npieces = 1;
	skb_walk_frags(in->orig, iter)
		in->pieces[in->npieces++] = iter;
	in->skb = in->orig;
	in->clone = NULL;
	if (c->clone) {
		in->clone = skb_clone(in->orig, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, in->clone);
		skb_set_owner_w(in->clone, env->sock->sk);
		in->skb = in->clone;
	}
}

/* An error: FragFails counts it, after the fragments sent before it. */
static void check_failed(struct kunit *test, const struct frag_case *c,
			 struct frag_env *env)
{
	KUNIT_EXPECT_EQ(test, mib(env, IPV4ALT_MIB_FRAG_FAILS), 1);
	KUNIT_EXPECT_EQ(test, mib(env, IPV4ALT_MIB_FRAG_OKS), 0);
	KUNIT_EXPECT_EQ(test, mib(env, IPV4ALT_MIB_FRAG_CREATES),
			c->fail_at ? c->fail_at - 1 : 0);
	KUNIT_EXPECT_EQ(test, sink.calls, c->fail_at);
}

/* Passed through unchanged, no counter moved. */
static void check_unfragmented(struct kunit *test, const struct frag_case *c,
			       struct frag_env *env, struct sk_buff *skb)
{
	KUNIT_EXPECT_EQ(test, sink.calls, 1);
	KUNIT_EXPECT_PTR_EQ(test, skb_peek(&sink.q), skb);
	KUNIT_EXPECT_EQ(test, mib(env, IPV4ALT_MIB_FRAG_FAILS), 0);
	KUNIT_EXPECT_EQ(test, mib(env, IPV4ALT_MIB_FRAG_OKS), 0);
	KUNIT_EXPECT_EQ(test, mib(env, IPV4ALT_MIB_FRAG_CREATES), 0);
	KUNIT_EXPECT_EQ(test, ntohs(ip_hdr(skb)->frag_off), c->frag_off);
	KUNIT_EXPECT_EQ(test, skb->len, c->len);
}

/* Every fragment, the counters, the payload, and what was shared. */
static void check_fragments(struct kunit *test, const struct frag_case *c,
			    struct frag_env *env, const struct frag_input *in)
{
	unsigned int n, i, pos, lin_bytes = 0;
	struct sk_buff *iter;
	u8 *got;

	n = expected_frags(c);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&sink.q), n);
	KUNIT_EXPECT_EQ(test, mib(env, IPV4ALT_MIB_FRAG_OKS), 1);
	KUNIT_EXPECT_EQ(test, mib(env, IPV4ALT_MIB_FRAG_CREATES), n);
	KUNIT_EXPECT_EQ(test, mib(env, IPV4ALT_MIB_FRAG_FAILS), 0);

	got = kunit_kzalloc(test, MAX_DGRAM, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, got);
	i = 0;
	pos = 0;
	skb_queue_walk(&sink.q, iter) {
		check_frag(test, c, env, iter, i, n, pos, got);
		lin_bytes += skb_headlen(iter) - hlen_of(c);
		/* The in-place path sends the very skbs. */
		if (c->layout == LIST_FIT && !c->clone && i < in->npieces)
			KUNIT_EXPECT_PTR_EQ(test, iter, in->pieces[i]);
		pos += iter->len - hlen_of(c);
		i++;
	}
	KUNIT_EXPECT_EQ(test, pos, c->len - hlen_of(c));
	if (c->frags) {
		iter = skb_peek_tail(&sink.q);
		KUNIT_EXPECT_EQ(test, iter->len - hlen_of(c), c->last);
	}
	check_payload(test, c, got);
	/* Page data was shared, not copied. */
	if (c->layout == PAGED && !c->clone)
		KUNIT_EXPECT_EQ(test, lin_bytes, in->orig_lin - hlen_of(c));
	/*
	 * Past 2500 bytes the pieces hold pages, and fragments no
	 * larger than a piece share some. (At MTU 9000 a fragment
	 * spans linear pieces after paged ones, and is copied.)
	 */
	if (c->layout == LIST_MISFIT && c->len - hlen_of(c) > 2500 &&
	    c->mtu <= 1500)
		KUNIT_EXPECT_LT(test, lin_bytes, c->len - hlen_of(c));
}

/* The clone's datagram is untouched; frees it. */
static void check_orig_untouched(struct kunit *test, const struct frag_case *c,
				 struct sk_buff *orig)
{
	KUNIT_EXPECT_EQ(test, orig->len, c->len);
	KUNIT_EXPECT_EQ(test, ntohs(ip_hdr(orig)->frag_off), c->frag_off);
	KUNIT_EXPECT_EQ(test, ip_fast_csum(ip_hdr(orig), ip_hdr(orig)->ihl), 0);
	kfree_skb(orig);
}

/* Every route reference and socket charge comes back. */
static void check_released(struct kunit *test, struct frag_env *env)
{
	__skb_queue_purge(&sink.q);
	KUNIT_EXPECT_EQ(test, atomic_read(&env->dst->__refcnt), 1);
	KUNIT_EXPECT_EQ(test, refcount_read(&env->sock->sk->sk_wmem_alloc),
			env->wmem);
}

static void frag_run(struct kunit *test, const struct frag_case *c)
{
	struct frag_env *env = test->priv;
	struct frag_input in;
	int err;

	frag_prepare(test, c, env, &in);
	sink.fail_at = c->fail_at;

	local_bh_disable();
	err = ipv4alt_fragment(&env->pn, &init_net, env->sock->sk, in.skb,
			       c->mtu, sink_output);
	local_bh_enable();
	KUNIT_ASSERT_EQ(test, err, c->err);
	if (sink.calls)
		KUNIT_EXPECT_PTR_EQ(test, sink.sk, env->sock->sk);

	if (c->err)
		check_failed(test, c, env);
	else if (c->len <= c->mtu)
		check_unfragmented(test, c, env, in.skb);
	else
		check_fragments(test, c, env, &in);

	if (in.clone)
		check_orig_untouched(test, c, in.orig);
	check_released(test, env);
}

/* The grid: every layout and option set for sizes around each MTU. */
static const struct {
	unsigned int mtu, len;
} grid_sizes[] = {
	{ 68, 69 }, { 68, 137 }, { 68, 1501 }, { 68, 65535 },
	{ 576, 577 }, { 576, 1153 }, { 576, 4001 }, { 576, 65535 },
	{ 1280, 1281 }, { 1280, 2561 }, { 1280, 9001 }, { 1280, 65535 },
	{ 1500, 1501 }, { 1500, 3000 }, { 1500, 4001 }, { 1500, 20028 },
	{ 1500, 65535 },
	{ 9000, 9001 }, { 9000, 17999 }, { 9000, 18001 }, { 9000, 65535 },
};

static const struct opt_set * const grid_opts[] = {
	&no_opts, &rr_lsrr_ts, &ts40,
};

static struct frag_case grid[ARRAY_SIZE(grid_sizes) * ARRAY_SIZE(grid_opts) *
			     LAYOUTS];

static const void *grid_gen_params(const void *prev, char *desc)
{
	const struct frag_case *c;
	unsigned int i, s, o, l;

	if (!prev) {
		i = 0;
		for (s = 0; s < ARRAY_SIZE(grid_sizes); s++)
			for (o = 0; o < ARRAY_SIZE(grid_opts); o++)
				for (l = 0; l < LAYOUTS; l++, i++) {
					grid[i].layout = l;
					grid[i].opts = grid_opts[o];
					grid[i].mtu = grid_sizes[s].mtu;
					grid[i].len = grid_sizes[s].len;
				}
		c = grid;
	} else {
		c = (const struct frag_case *)prev + 1;
	}
	if (c >= grid + ARRAY_SIZE(grid))
		return NULL;
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s %s mtu %u len %u",
		 layout_names[c->layout], c->opts->name, c->mtu, c->len);
	return c;
}

static void frag_grid_test(struct kunit *test)
{
	frag_run(test, test->param_value);
}

#define MF IP_MF

static const struct frag_case special_cases[] = {
	{ .name = "4000 over 1500: 1480 1480 1020", .layout = LINEAR,
	  .opts = &no_opts, .mtu = 1500, .len = 4000, .frags = 3,
	  .last = 1020 },
	{ .name = "1501 over 1500 with RR LSRR TS: 1448 1", .layout = PAGED,
	  .opts = &rr_lsrr_ts, .mtu = 1500, .len = 1501, .frags = 2,
	  .last = 1 },
	{ .name = "MTU 68, 60-byte header: 8 per fragment",
	  .layout = LINEAR, .opts = &ts40, .mtu = 68, .len = 100,
	  .frags = 5, .last = 8 },
	{ .name = "odd MTU 1499 rounds down to 1472", .layout = LINEAR,
	  .opts = &no_opts, .mtu = 1499, .len = 3000, .frags = 3,
	  .last = 36 },
	{ .name = "RA RR: RA copied, RR not", .layout = LINEAR,
	  .opts = &ra_rr, .mtu = 576, .len = 2000 },
	{ .name = "SSRR then EOL: stops at EOL", .layout = PAGED,
	  .opts = &ssrr_eol, .mtu = 576, .len = 2000 },
	{ .name = "bad option length: NOPs", .layout = LIST_MISFIT,
	  .opts = &bad_len, .mtu = 576, .len = 2000 },
	{ .name = "fits: linear 1500 at 1500", .layout = LINEAR,
	  .opts = &no_opts, .mtu = 1500, .len = 1500 },
	{ .name = "fits: paged 576 at 9000", .layout = PAGED,
	  .opts = &rr_lsrr_ts, .mtu = 9000, .len = 576 },
	{ .name = "fits: frag_list 9000 at 9000", .layout = LIST_MISFIT,
	  .opts = &no_opts, .mtu = 9000, .len = 9000 },
	{ .name = "fits: a fragment at 1500", .layout = LINEAR,
	  .opts = &no_opts, .mtu = 1500, .len = 1000, .frag_off = 185 | MF },
	{ .name = "MTU 67 refused", .layout = LINEAR, .opts = &no_opts,
	  .mtu = 67, .len = 1500, .err = -EINVAL },
	{ .name = "MTU 67 refused even when it fits", .layout = LINEAR,
	  .opts = &no_opts, .mtu = 67, .len = 60, .err = -EINVAL },
	{ .name = "MTU 0 refused", .layout = PAGED, .opts = &no_opts,
	  .mtu = 0, .len = 1500, .err = -EINVAL },
	{ .name = "total length disagrees", .layout = LINEAR,
	  .opts = &no_opts, .mtu = 576, .len = 1500, .bad_tot_len = true,
	  .err = -EINVAL },
	{ .name = "middle fragment again: MF on all", .layout = LINEAR,
	  .opts = &rr_lsrr_ts, .mtu = 576, .len = 1500,
	  .frag_off = 185 | MF },
	{ .name = "last fragment again: MF on all but last",
	  .layout = PAGED, .opts = &no_opts, .mtu = 576, .len = 1500,
	  .frag_off = 370 },
	{ .name = "first fragment again, frag_list", .layout = LIST_FIT,
	  .opts = &no_opts, .mtu = 576, .len = 1500, .frag_off = MF },
	{ .name = "reassembled with DF: DF kept", .layout = LIST_MISFIT,
	  .opts = &no_opts, .mtu = 1280, .len = 4000,
	  .ipcb_flags = IPSKB_FRAG_PMTU },
	{ .name = "output fails at 1st: linear", .layout = LINEAR,
	  .opts = &no_opts, .mtu = 576, .len = 4000, .fail_at = 1,
	  .err = -ENOBUFS },
	{ .name = "output fails at 3rd: paged", .layout = PAGED,
	  .opts = &no_opts, .mtu = 576, .len = 4000, .fail_at = 3,
	  .err = -ENOBUFS },
	{ .name = "output fails at 2nd: frag_list in place",
	  .layout = LIST_FIT, .opts = &no_opts, .mtu = 576, .len = 4000,
	  .fail_at = 2, .err = -ENOBUFS },
	{ .name = "output fails at last: frag_list", .layout = LIST_MISFIT,
	  .opts = &no_opts, .mtu = 576, .len = 4000, .fail_at = 8,
	  .err = -ENOBUFS },
	{ .name = "cloned frag_list: copied, clone intact",
	  .layout = LIST_FIT, .opts = &rr_lsrr_ts, .mtu = 1500,
	  .len = 4000, .clone = true },
	{ .name = "cloned paged datagram", .layout = PAGED, .opts = &no_opts,
	  .mtu = 1500, .len = 20000, .clone = true },
	{ .name = "CHECKSUM_PARTIAL summed first", .layout = LINEAR,
	  .opts = &no_opts, .mtu = 1500, .len = 4000, .partial = true },
};

KUNIT_ARRAY_PARAM_DESC(special, special_cases, name);

static void frag_special_test(struct kunit *test)
{
	frag_run(test, test->param_value);
}

static struct kunit_case ipv4alt_frag_cases[] = {
	KUNIT_CASE_PARAM(frag_grid_test, grid_gen_params),
	KUNIT_CASE_PARAM(frag_special_test, special_gen_params),
	{}
};

static struct kunit_suite ipv4alt_frag_suite = {
	.name = "ipv4alt_frag",
	.init = frag_env_init,
	.exit = frag_env_exit,
	.test_cases = ipv4alt_frag_cases,
};

kunit_test_suite(ipv4alt_frag_suite);
