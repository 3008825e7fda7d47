// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the reassembler, driven through ipv4alt_reasm_add() and
 * ipv4alt_reasm_expire() with the test's own clock. Each case checks the
 * verdict of every fragment, the counters, the bytes of the whole
 * datagram, and how many datagrams are still held.
 */

#include <kunit/test.h>
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/net_namespace.h>

#include "ipv4alt.h"
#include "reasm.h"
#include "stats.h"
#include "ipv4alt_kunit.h"

#define CASE_FRAGS 8
#define T0 100000UL	/* any time will do: the core only compares */

/**
 * struct frag - one fragment to send
 * @id: IP ID; the datagram's payload depends on it
 * @off: fragment offset in bytes (a multiple of 8)
 * @len: payload bytes
 * @mf: more fragments
 * @tos: TOS byte, ECN in its low two bits
 * @df: don't fragment
 * @want: expected verdict
 */
struct frag {
	u16 id;
	u16 off;
	u16 len;
	bool mf;
	u8 tos;
	bool df;
	enum ipv4alt_reasm_verdict want;
};

/**
 * struct reasm_case - fragments in arrival order and the expected outcome
 * @name: what the case shows
 * @frags: the fragments, ended by one with @len and @off 0 and !@mf
 * @max_frags: ipfrag_max_frags for the case; 0 keeps the default
 * @oks: ReasmOKs
 * @fails: ReasmFails
 * @overlaps: ReasmOverlaps
 * @dups: ReasmDuplicates
 * @hdr_errors: InHdrErrors
 * @tot_len: total length of the last whole datagram, 0 if none
 * @tos: its TOS byte
 * @frag_off: its flags field (IP_DF or 0)
 * @frag_max_size: its IPCB frag_max_size
 * @pmtu: IPSKB_FRAG_PMTU set in its IPCB
 * @held: datagrams still held at the end
 */
struct reasm_case {
	const char *name;
	struct frag frags[CASE_FRAGS];
	int max_frags;
	unsigned long oks;
	unsigned long fails;
	unsigned long overlaps;
	unsigned long dups;
	unsigned long hdr_errors;
	u16 tot_len;
	u8 tos;
	u16 frag_off;
	u16 frag_max_size;
	bool pmtu;
	unsigned int held;
};

#define Q IPV4ALT_REASM_QUEUED
#define C IPV4ALT_REASM_COMPLETE

static const struct reasm_case reasm_cases[] = {
	{ .name = "three in order",
	  .frags = {
		{ .id = 1, .off = 0, .len = 1000, .mf = true, .want = Q },
		{ .id = 1, .off = 1000, .len = 1000, .mf = true, .want = Q },
		{ .id = 1, .off = 2000, .len = 1000, .want = C },
	  },
	  .oks = 1, .tot_len = 3020, .frag_max_size = 1020 },
	{ .name = "three out of order",
	  .frags = {
		{ .id = 1, .off = 2000, .len = 1000, .want = Q },
		{ .id = 1, .off = 0, .len = 1000, .mf = true, .want = Q },
		{ .id = 1, .off = 1000, .len = 1000, .mf = true, .want = C },
	  },
	  .oks = 1, .tot_len = 3020, .frag_max_size = 1020 },
	{ .name = "three in reverse",
	  .frags = {
		{ .id = 1, .off = 2000, .len = 1000, .want = Q },
		{ .id = 1, .off = 1000, .len = 1000, .mf = true, .want = Q },
		{ .id = 1, .off = 0, .len = 1000, .mf = true, .want = C },
	  },
	  .oks = 1, .tot_len = 3020, .frag_max_size = 1020 },
	{ .name = "gaps filled, runs merge",
	  .frags = {
		{ .id = 1, .off = 8, .len = 8, .mf = true, .want = Q },
		{ .id = 1, .off = 32, .len = 8, .want = Q },
		{ .id = 1, .off = 0, .len = 8, .mf = true, .want = Q },
		{ .id = 1, .off = 24, .len = 8, .mf = true, .want = Q },
		{ .id = 1, .off = 16, .len = 8, .mf = true, .want = C },
	  },
	  .oks = 1, .tot_len = 60, .frag_max_size = 28 },
	{ .name = "interleaved datagrams",
	  .frags = {
		{ .id = 1, .off = 0, .len = 16, .mf = true, .want = Q },
		{ .id = 2, .off = 16, .len = 5, .want = Q },
		{ .id = 2, .off = 0, .len = 16, .mf = true, .want = C },
		{ .id = 1, .off = 16, .len = 7, .want = C },
	  },
	  .oks = 2, .tot_len = 43, .frag_max_size = 36 },
	{ .name = "duplicate fragment",
	  .frags = {
		{ .id = 1, .off = 0, .len = 1000, .mf = true, .want = Q },
		{ .id = 1, .off = 1000, .len = 1000, .mf = true, .want = Q },
		{ .id = 1, .off = 1000, .len = 1000, .mf = true,
		  .want = IPV4ALT_REASM_DUPLICATE },
		{ .id = 1, .off = 2000, .len = 1000, .want = C },
	  },
	  .oks = 1, .dups = 1, .tot_len = 3020, .frag_max_size = 1020 },
	{ .name = "duplicate across merged runs",
	  .frags = {
		{ .id = 1, .off = 0, .len = 8, .mf = true, .want = Q },
		{ .id = 1, .off = 16, .len = 8, .mf = true, .want = Q },
		{ .id = 1, .off = 8, .len = 8, .mf = true, .want = Q },
		{ .id = 1, .off = 0, .len = 24, .mf = true,
		  .want = IPV4ALT_REASM_DUPLICATE },
		{ .id = 1, .off = 24, .len = 3, .want = C },
	  },
	  .oks = 1, .dups = 1, .tot_len = 47, .frag_max_size = 28 },
	{ .name = "duplicate final fragment",
	  .frags = {
		{ .id = 1, .off = 8, .len = 8, .want = Q },
		{ .id = 1, .off = 8, .len = 8, .want = IPV4ALT_REASM_DUPLICATE },
		{ .id = 1, .off = 0, .len = 8, .mf = true, .want = C },
	  },
	  .oks = 1, .dups = 1, .tot_len = 36, .frag_max_size = 28 },
	{ .name = "late duplicate starts a new datagram",
	  .frags = {
		{ .id = 1, .off = 0, .len = 8, .mf = true, .want = Q },
		{ .id = 1, .off = 8, .len = 8, .want = C },
		{ .id = 1, .off = 0, .len = 8, .mf = true, .want = Q },
	  },
	  .oks = 1, .tot_len = 36, .frag_max_size = 28, .held = 1 },
	{ .name = "subset first, then superset",
	  .frags = {
		{ .id = 1, .off = 0, .len = 8, .mf = true, .want = Q },
		{ .id = 1, .off = 0, .len = 16, .mf = true,
		  .want = IPV4ALT_REASM_OVERLAP },
		{ .id = 1, .off = 16, .len = 8, .want = Q },
	  },
	  .fails = 1, .overlaps = 1, .held = 1 },
	{ .name = "partial overlap",
	  .frags = {
		{ .id = 1, .off = 0, .len = 16, .mf = true, .want = Q },
		{ .id = 1, .off = 8, .len = 16, .mf = true,
		  .want = IPV4ALT_REASM_OVERLAP },
	  },
	  .fails = 1, .overlaps = 1 },
	{ .name = "overlap with the next run",
	  .frags = {
		{ .id = 1, .off = 16, .len = 8, .mf = true, .want = Q },
		{ .id = 1, .off = 8, .len = 16, .mf = true,
		  .want = IPV4ALT_REASM_OVERLAP },
	  },
	  .fails = 1, .overlaps = 1 },
	{ .name = "overlap reaching past a run",
	  .frags = {
		{ .id = 1, .off = 8, .len = 8, .mf = true, .want = Q },
		{ .id = 1, .off = 32, .len = 8, .want = Q },
		{ .id = 1, .off = 0, .len = 24, .mf = true,
		  .want = IPV4ALT_REASM_OVERLAP },
	  },
	  .fails = 1, .overlaps = 1 },
	{ .name = "final fragments disagree",
	  .frags = {
		{ .id = 1, .off = 16, .len = 8, .want = Q },
		{ .id = 1, .off = 24, .len = 8, .want = IPV4ALT_REASM_CONFLICT },
	  },
	  .fails = 1 },
	{ .name = "data past the final end",
	  .frags = {
		{ .id = 1, .off = 8, .len = 8, .want = Q },
		{ .id = 1, .off = 16, .len = 8, .mf = true,
		  .want = IPV4ALT_REASM_CONFLICT },
	  },
	  .fails = 1 },
	{ .name = "final end before data held",
	  .frags = {
		{ .id = 1, .off = 16, .len = 8, .mf = true, .want = Q },
		{ .id = 1, .off = 0, .len = 8, .want = IPV4ALT_REASM_CONFLICT },
	  },
	  .fails = 1 },
	/* ip_frag_queue(): a non-final fragment is cut to a multiple of 8
	 * bytes (RFC 791 3.2) and judged as cut; one left empty, or sent
	 * empty, drops the whole datagram.
	 */
	{ .name = "non-final not a multiple of 8, then its resend",
	  .frags = {
		{ .id = 1, .off = 0, .len = 8, .mf = true, .want = Q },
		{ .id = 1, .off = 8, .len = 12, .mf = true, .want = Q },
		{ .id = 1, .off = 8, .len = 12, .want = IPV4ALT_REASM_OVERLAP },
	  },
	  .fails = 1, .overlaps = 1 },
	{ .name = "non-final cut to 8, the rest completes",
	  .frags = {
		{ .id = 1, .off = 0, .len = 12, .mf = true, .want = Q },
		{ .id = 1, .off = 8, .len = 4, .want = C },
	  },
	  .oks = 1, .tot_len = 32, .frag_max_size = 28 },
	{ .name = "cut first fragment, out of order",
	  .frags = {
		{ .id = 1, .off = 16, .len = 3, .want = Q },
		{ .id = 1, .off = 0, .len = 13, .mf = true, .want = Q },
		{ .id = 1, .off = 8, .len = 8, .mf = true, .want = C },
	  },
	  .oks = 1, .tot_len = 39, .frag_max_size = 28 },
	{ .name = "cut end no longer past the final end",
	  .frags = {
		{ .id = 1, .off = 16, .len = 4, .want = Q },
		{ .id = 1, .off = 8, .len = 13, .mf = true, .want = Q },
		{ .id = 1, .off = 0, .len = 8, .mf = true, .want = C },
	  },
	  .oks = 1, .tot_len = 40, .frag_max_size = 28 },
	{ .name = "cut fragment inside data held: duplicate",
	  .frags = {
		{ .id = 1, .off = 0, .len = 16, .mf = true, .want = Q },
		{ .id = 1, .off = 0, .len = 12, .mf = true,
		  .want = IPV4ALT_REASM_DUPLICATE },
		{ .id = 1, .off = 16, .len = 8, .want = C },
	  },
	  .oks = 1, .dups = 1, .tot_len = 44, .frag_max_size = 36 },
	{ .name = "cut fragment still overlaps the next",
	  .frags = {
		{ .id = 1, .off = 8, .len = 8, .mf = true, .want = Q },
		{ .id = 1, .off = 0, .len = 20, .mf = true,
		  .want = IPV4ALT_REASM_OVERLAP },
	  },
	  .fails = 1, .overlaps = 1 },
	{ .name = "under 8 bytes with MF: empty after the cut",
	  .frags = {
		{ .id = 1, .off = 0, .len = 8, .mf = true, .want = Q },
		{ .id = 1, .off = 8, .len = 7, .mf = true,
		  .want = IPV4ALT_REASM_MALFORMED },
		{ .id = 1, .off = 16, .len = 8, .want = Q },
	  },
	  .fails = 1, .held = 1 },
	{ .name = "empty non-final fragment",
	  .frags = {
		{ .id = 1, .off = 0, .len = 0, .mf = true,
		  .want = IPV4ALT_REASM_MALFORMED },
	  },
	  .fails = 1 },
	{ .name = "empty final fragment",
	  .frags = {
		{ .id = 1, .off = 8, .len = 0, .want = IPV4ALT_REASM_MALFORMED },
	  },
	  .fails = 1 },
	{ .name = "empty fragment drops the datagram held",
	  .frags = {
		{ .id = 1, .off = 8, .len = 8, .mf = true, .want = Q },
		{ .id = 1, .off = 16, .len = 8, .want = Q },
		{ .id = 1, .off = 0, .len = 0, .mf = true,
		  .want = IPV4ALT_REASM_MALFORMED },
		{ .id = 1, .off = 0, .len = 8, .mf = true, .want = Q },
	  },
	  .fails = 1, .held = 1 },
	{ .name = "final fragment not a multiple of 8 is kept",
	  .frags = {
		{ .id = 1, .off = 0, .len = 8, .mf = true, .want = Q },
		{ .id = 1, .off = 8, .len = 5, .want = C },
	  },
	  .oks = 1, .tot_len = 33, .frag_max_size = 28 },
	{ .name = "65535 bytes whole",
	  .frags = {
		{ .id = 1, .off = 32768, .len = 32747, .want = Q },
		{ .id = 1, .off = 0, .len = 32768, .mf = true, .want = C },
	  },
	  .oks = 1, .tot_len = 65535, .frag_max_size = 32788 },
	{ .name = "65536 bytes refused",
	  .frags = {
		{ .id = 1, .off = 0, .len = 32768, .mf = true, .want = Q },
		{ .id = 1, .off = 32768, .len = 32748,
		  .want = IPV4ALT_REASM_TOO_BIG },
	  },
	  .fails = 1 },
	{ .name = "fragment past 65535 alone",
	  .frags = {
		{ .id = 1, .off = 65528, .len = 8,
		  .want = IPV4ALT_REASM_TOO_BIG },
	  },
	  .fails = 1 },
	{ .name = "cap of 3 fragments reached",
	  .frags = {
		{ .id = 1, .off = 0, .len = 8, .mf = true, .want = Q },
		{ .id = 1, .off = 8, .len = 8, .mf = true, .want = Q },
		{ .id = 1, .off = 16, .len = 8, .mf = true, .want = Q },
		{ .id = 1, .off = 24, .len = 8, .want = IPV4ALT_REASM_TOO_MANY },
	  },
	  .max_frags = 3, .fails = 1 },
	{ .name = "cap of 3 fragments met",
	  .frags = {
		{ .id = 1, .off = 0, .len = 8, .mf = true, .want = Q },
		{ .id = 1, .off = 8, .len = 8, .mf = true, .want = Q },
		{ .id = 1, .off = 16, .len = 8, .want = C },
	  },
	  .max_frags = 3, .oks = 1, .tot_len = 44, .frag_max_size = 28 },
	{ .name = "duplicates do not count for the cap",
	  .frags = {
		{ .id = 1, .off = 0, .len = 8, .mf = true, .want = Q },
		{ .id = 1, .off = 8, .len = 8, .mf = true, .want = Q },
		{ .id = 1, .off = 8, .len = 8, .mf = true,
		  .want = IPV4ALT_REASM_DUPLICATE },
		{ .id = 1, .off = 16, .len = 8, .want = C },
	  },
	  .max_frags = 3, .oks = 1, .dups = 1, .tot_len = 44,
	  .frag_max_size = 28 },
	{ .name = "ECN: CE with ECT(0) gives CE",
	  .frags = {
		{ .id = 1, .off = 0, .len = 8, .mf = true,
		  .tos = INET_ECN_ECT_0, .want = Q },
		{ .id = 1, .off = 8, .len = 8, .tos = INET_ECN_CE, .want = C },
	  },
	  .oks = 1, .tot_len = 36, .tos = INET_ECN_CE, .frag_max_size = 28 },
	{ .name = "ECN: ECT(0) with ECT(1) unchanged",
	  .frags = {
		{ .id = 1, .off = 0, .len = 8, .mf = true,
		  .tos = 0x20 | INET_ECN_ECT_0, .want = Q },
		{ .id = 1, .off = 8, .len = 8, .tos = 0x20 | INET_ECN_ECT_1,
		  .want = C },
	  },
	  .oks = 1, .tot_len = 36, .tos = 0x20 | INET_ECN_ECT_0,
	  .frag_max_size = 28 },
	{ .name = "ECN: all Not-ECT unchanged",
	  .frags = {
		{ .id = 1, .off = 0, .len = 8, .mf = true, .tos = 0x10,
		  .want = Q },
		{ .id = 1, .off = 8, .len = 8, .tos = 0x10, .want = C },
	  },
	  .oks = 1, .tot_len = 36, .tos = 0x10, .frag_max_size = 28 },
	{ .name = "ECN: Not-ECT with ECT dropped",
	  .frags = {
		{ .id = 1, .off = 0, .len = 8, .mf = true,
		  .tos = INET_ECN_NOT_ECT, .want = Q },
		{ .id = 1, .off = 8, .len = 8, .tos = INET_ECN_ECT_0,
		  .want = IPV4ALT_REASM_ECN },
	  },
	  .fails = 1 },
	{ .name = "ECN: Not-ECT with CE dropped",
	  .frags = {
		{ .id = 1, .off = 8, .len = 8, .tos = INET_ECN_CE, .want = Q },
		{ .id = 1, .off = 0, .len = 8, .mf = true,
		  .tos = INET_ECN_NOT_ECT, .want = IPV4ALT_REASM_ECN },
	  },
	  .fails = 1 },
	{ .name = "DF on the largest fragment",
	  .frags = {
		{ .id = 1, .off = 0, .len = 1000, .mf = true, .df = true,
		  .want = Q },
		{ .id = 1, .off = 1000, .len = 8, .want = C },
	  },
	  .oks = 1, .tot_len = 1028, .frag_off = IP_DF, .frag_max_size = 1020,
	  .pmtu = true },
	{ .name = "DF on a smaller fragment only",
	  .frags = {
		{ .id = 1, .off = 0, .len = 1000, .mf = true, .want = Q },
		{ .id = 1, .off = 1000, .len = 8, .df = true, .want = C },
	  },
	  .oks = 1, .tot_len = 1028, .frag_max_size = 1020 },
};

KUNIT_ARRAY_PARAM_DESC(reasm, reasm_cases, name);

static u8 pattern(u16 id, unsigned int pos)
{
	return (pos * 31 + id * 7 + pos / 251) & 0xff;
}

/* The fragment @f, its payload the datagram's bytes from @f->off. */
static struct sk_buff *build_frag(struct kunit *test, const struct frag *f)
{
	const struct ipv4alt_kunit_dgram d = {
		.headroom = 64,
		.tos = f->tos,
		.id = f->id,
		.frag_off = (f->off >> 3) | (f->mf ? IP_MF : 0) |
			    (f->df ? IP_DF : 0),
		.protocol = IPPROTO_UDP,
		.saddr = htonl(0x0a000001),
		.daddr = htonl(0x0a000002),
		.len = f->len,
	};
	struct sk_buff *skb = ipv4alt_kunit_skb(test, &d);
	u8 *data = skb->data + sizeof(struct iphdr);
	unsigned int i;

	for (i = 0; i < f->len; i++)
		data[i] = pattern(f->id, f->off + i);
	return skb;
}

static enum ipv4alt_reasm_verdict add(struct ipv4alt_net *pn,
				      struct sk_buff *skb, unsigned long now,
				      struct sk_buff **whole)
{
	enum ipv4alt_reasm_verdict v;

	/* The packet path runs in softirq; so does the core here. */
	local_bh_disable();
	v = ipv4alt_reasm_add(pn, skb, now, whole);
	local_bh_enable();
	return v;
}

static unsigned int expire(struct ipv4alt_net *pn, unsigned long now,
			   struct sk_buff_head *icmp)
{
	unsigned int n;

	local_bh_disable();
	n = ipv4alt_reasm_expire(pn, now, icmp);
	local_bh_enable();
	return n;
}

/* The whole datagram: a valid header and the pattern of its ID. */
static void check_whole(struct kunit *test, struct sk_buff *skb, u16 id)
{
	unsigned int len = skb->len, i;
	struct iphdr *iph;
	u8 *buf;

	KUNIT_ASSERT_GE(test, len, sizeof(*iph));
	buf = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, skb_copy_bits(skb, 0, buf, len), 0);
	iph = (struct iphdr *)buf;
	KUNIT_EXPECT_EQ(test, ntohs(iph->tot_len), len);
	KUNIT_EXPECT_EQ(test, ntohs(iph->id), id);
	KUNIT_EXPECT_EQ(test, ip_fast_csum(buf, iph->ihl), 0);
	KUNIT_EXPECT_PTR_EQ(test, (void *)skb->data, (void *)ip_hdr(skb));
	for (i = sizeof(*iph); i < len; i++)
		if (buf[i] != pattern(id, i - sizeof(*iph)))
			break;
	KUNIT_EXPECT_EQ_MSG(test, i, len, "payload differs at byte %u", i);
}

static unsigned long mib(struct ipv4alt_net *pn, enum ipv4alt_mib_field f)
{
	return ipv4alt_stats_read(pn, f);
}

static void reasm_case_test(struct kunit *test)
{
	const struct reasm_case *c = test->param_value;
	struct ipv4alt_net *pn = test->priv;
	struct sk_buff *skb, *whole, *last = NULL;
	struct sk_buff_head icmp;
	unsigned int i, n = 0;

	if (c->max_frags)
		pn->ipfrag_max_frags = c->max_frags;
	for (i = 0; i < CASE_FRAGS; i++) {
		const struct frag *f = &c->frags[i];
		enum ipv4alt_reasm_verdict v;

		if (!f->id)
			break;
		skb = build_frag(test, f);
		v = add(pn, skb, T0 + i, &whole);
		KUNIT_EXPECT_EQ_MSG(test, v, f->want, "fragment %u", i);
		KUNIT_EXPECT_EQ_MSG(test, !!whole, v == IPV4ALT_REASM_COMPLETE,
				    "fragment %u", i);
		if (whole) {
			check_whole(test, whole, f->id);
			kfree_skb(last);
			last = whole;
		}
		n++;
	}

	KUNIT_EXPECT_EQ(test, mib(pn, IPV4ALT_MIB_REASM_REQDS), n);
	KUNIT_EXPECT_EQ(test, mib(pn, IPV4ALT_MIB_REASM_OKS), c->oks);
	KUNIT_EXPECT_EQ(test, mib(pn, IPV4ALT_MIB_REASM_FAILS), c->fails);
	KUNIT_EXPECT_EQ(test, mib(pn, IPV4ALT_MIB_REASM_OVERLAPS),
			c->overlaps);
	KUNIT_EXPECT_EQ(test, mib(pn, IPV4ALT_MIB_REASM_DUPLICATES), c->dups);
	KUNIT_EXPECT_EQ(test, mib(pn, IPV4ALT_MIB_IN_HDR_ERRORS),
			c->hdr_errors);
	KUNIT_EXPECT_EQ(test, mib(pn, IPV4ALT_MIB_REASM_TIMEOUT), 0);

	if (c->tot_len) {
		KUNIT_ASSERT_NOT_NULL(test, last);
		KUNIT_EXPECT_EQ(test, last->len, c->tot_len);
		KUNIT_EXPECT_EQ(test, ip_hdr(last)->tos, c->tos);
		KUNIT_EXPECT_EQ(test, ntohs(ip_hdr(last)->frag_off),
				c->frag_off);
		KUNIT_EXPECT_EQ(test, IPCB(last)->frag_max_size,
				c->frag_max_size);
		KUNIT_EXPECT_EQ(test,
				!!(IPCB(last)->flags & IPSKB_FRAG_PMTU),
				c->pmtu);
	} else {
		KUNIT_EXPECT_NULL(test, last);
	}
	kfree_skb(last);

	/* Whatever is still held expires, and then nothing is. */
	KUNIT_EXPECT_EQ(test, ipv4alt_reasm_mem(pn) > 0, c->held > 0);
	__skb_queue_head_init(&icmp);
	KUNIT_EXPECT_EQ(test, expire(pn, T0 + 3600 * HZ, &icmp), c->held);
	__skb_queue_purge(&icmp);
	KUNIT_EXPECT_EQ(test, ipv4alt_reasm_mem(pn), 0);
}

/**
 * struct timeout_case - fragments at given times, then expiry
 * @name: what the case shows
 * @frags: the fragments (@want unused), ended by one with @id 0
 * @at: arrival time of each fragment, seconds after T0
 * @icmp: whether an ICMP time exceeded must be sent
 */
struct timeout_case {
	const char *name;
	struct frag frags[4];
	unsigned int at[4];
	bool icmp;
};

static const struct timeout_case timeout_cases[] = {
	{ .name = "first fragment only",
	  .frags = { { .id = 1, .off = 0, .len = 8, .mf = true, .want = Q } },
	  .at = { 0 }, .icmp = true },
	{ .name = "second fragment only",
	  .frags = { { .id = 1, .off = 8, .len = 8, .mf = true, .want = Q } },
	  .at = { 0 }, .icmp = false },
	{ .name = "final fragment only",
	  .frags = { { .id = 1, .off = 8, .len = 8, .want = Q } },
	  .at = { 0 }, .icmp = false },
	{ .name = "first and final, middle missing",
	  .frags = {
		{ .id = 1, .off = 16, .len = 8, .want = Q },
		{ .id = 1, .off = 0, .len = 8, .mf = true, .want = Q },
	  },
	  .at = { 0, 5 }, .icmp = true },
	{ .name = "later fragments do not extend the time",
	  .frags = {
		{ .id = 1, .off = 0, .len = 8, .mf = true, .want = Q },
		{ .id = 1, .off = 16, .len = 8, .want = Q },
	  },
	  .at = { 0, 29 }, .icmp = true },
};

KUNIT_ARRAY_PARAM_DESC(timeout, timeout_cases, name);

static void reasm_timeout_test(struct kunit *test)
{
	const struct timeout_case *c = test->param_value;
	struct ipv4alt_net *pn = test->priv;
	struct sk_buff *skb, *whole;
	struct sk_buff_head icmp;
	u8 want[28], got[28];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(c->frags) && c->frags[i].id; i++) {
		skb = build_frag(test, &c->frags[i]);
		if (c->frags[i].off == 0)
			KUNIT_ASSERT_EQ(test, skb_copy_bits(skb, 0, want, 28),
					0);
		KUNIT_EXPECT_EQ(test, add(pn, skb, T0 + c->at[i] * HZ, &whole),
				IPV4ALT_REASM_QUEUED);
	}

	__skb_queue_head_init(&icmp);
	/* ipfrag_time (30 s) after the first fragment, not a tick before. */
	KUNIT_EXPECT_EQ(test, expire(pn, T0 + 30 * HZ - 1, &icmp), 0);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&icmp), 0);
	KUNIT_EXPECT_EQ(test, mib(pn, IPV4ALT_MIB_REASM_FAILS), 0);
	KUNIT_EXPECT_EQ(test, expire(pn, T0 + 30 * HZ, &icmp), 1);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&icmp), c->icmp ? 1 : 0);
	KUNIT_EXPECT_EQ(test, mib(pn, IPV4ALT_MIB_REASM_FAILS), 1);
	KUNIT_EXPECT_EQ(test, mib(pn, IPV4ALT_MIB_REASM_TIMEOUT), 1);
	KUNIT_EXPECT_EQ(test, ipv4alt_reasm_mem(pn), 0);

	/* The ICMP quotes the first fragment as it arrived. */
	skb = skb_peek(&icmp);
	if (skb) {
		KUNIT_EXPECT_EQ(test, skb->len, 28);
		KUNIT_EXPECT_PTR_EQ(test, (void *)skb->data, (void *)ip_hdr(skb));
		KUNIT_ASSERT_EQ(test, skb_copy_bits(skb, 0, got, 28), 0);
		KUNIT_EXPECT_EQ(test, memcmp(got, want, 28), 0);
	}
	__skb_queue_purge(&icmp);
}

/* Expiry goes by age: the younger datagram outlives the older one. */
static void reasm_expire_order_test(struct kunit *test)
{
	struct ipv4alt_net *pn = test->priv;
	const struct frag a = { .id = 1, .off = 0, .len = 8, .mf = true,
				 .want = Q };
	const struct frag b = { .id = 2, .off = 0, .len = 8, .mf = true,
				 .want = Q };
	const struct frag b_end = { .id = 2, .off = 8, .len = 8, .want = C };
	struct sk_buff *whole;
	struct sk_buff_head icmp;

	__skb_queue_head_init(&icmp);
	KUNIT_EXPECT_EQ(test, add(pn, build_frag(test, &a), T0, &whole), Q);
	KUNIT_EXPECT_EQ(test, add(pn, build_frag(test, &b), T0 + 10 * HZ,
				  &whole), Q);
	KUNIT_EXPECT_EQ(test, expire(pn, T0 + 30 * HZ, &icmp), 1);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&icmp), 1);
	KUNIT_EXPECT_EQ(test, ntohs(ip_hdr(skb_peek(&icmp))->id), 1);
	__skb_queue_purge(&icmp);
	KUNIT_EXPECT_EQ(test, add(pn, build_frag(test, &b_end), T0 + 31 * HZ,
				  &whole), C);
	KUNIT_ASSERT_NOT_NULL(test, whole);
	check_whole(test, whole, 2);
	kfree_skb(whole);
	KUNIT_EXPECT_EQ(test, ipv4alt_reasm_mem(pn), 0);
}

/*
 * Memory past ipfrag_high_thresh evicts the oldest datagrams until it is
 * down to ipfrag_low_thresh; the newer ones still complete.
 */
static void reasm_evict_test(struct kunit *test)
{
	struct ipv4alt_net *pn = test->priv;
	const struct frag first = { .id = 1, .off = 0, .len = 8, .mf = true,
				     .want = Q };
	struct sk_buff_head icmp;
	struct sk_buff *whole;
	unsigned long m;
	u16 id;

	KUNIT_ASSERT_EQ(test, add(pn, build_frag(test, &first), T0, &whole),
			Q);
	m = ipv4alt_reasm_mem(pn);
	KUNIT_ASSERT_GT(test, m, 0);
	/* Each datagram holds m bytes: 3.5 m high, 2.5 m low. */
	pn->ipfrag_high_thresh = 3 * m + m / 2;
	pn->ipfrag_low_thresh = 2 * m + m / 2;

	for (id = 2; id <= 3; id++) {
		struct frag f = { .id = id, .off = 0, .len = 8, .mf = true, .want = Q };

		KUNIT_EXPECT_EQ(test, add(pn, build_frag(test, &f), T0 + id,
					  &whole), Q);
	}
	KUNIT_EXPECT_EQ(test, ipv4alt_reasm_mem(pn), 3 * m);
	KUNIT_EXPECT_EQ(test, mib(pn, IPV4ALT_MIB_REASM_FAILS), 0);

	/* The fourth crosses high: 1 and 2 go, leaving 2 m <= 2.5 m. */
	{
		struct frag f = { .id = 4, .off = 0, .len = 8, .mf = true, .want = Q };

		KUNIT_EXPECT_EQ(test, add(pn, build_frag(test, &f), T0 + 4,
					  &whole), Q);
	}
	KUNIT_EXPECT_EQ(test, mib(pn, IPV4ALT_MIB_REASM_FAILS), 2);
	KUNIT_EXPECT_EQ(test, ipv4alt_reasm_mem(pn), 2 * m);

	/* 3 and 4 survived and complete; 1 starts over. */
	for (id = 3; id <= 4; id++) {
		struct frag f = { .id = id, .off = 8, .len = 8, .want = C };

		KUNIT_EXPECT_EQ(test, add(pn, build_frag(test, &f), T0 + 5,
					  &whole), C);
		KUNIT_ASSERT_NOT_NULL(test, whole);
		check_whole(test, whole, id);
		kfree_skb(whole);
	}
	{
		struct frag f = { .id = 1, .off = 8, .len = 8, .want = Q };

		KUNIT_EXPECT_EQ(test, add(pn, build_frag(test, &f), T0 + 6,
					  &whole), Q);
	}
	KUNIT_EXPECT_EQ(test, mib(pn, IPV4ALT_MIB_REASM_OKS), 2);
	KUNIT_EXPECT_EQ(test, mib(pn, IPV4ALT_MIB_REASM_FAILS), 2);
	KUNIT_EXPECT_EQ(test, mib(pn, IPV4ALT_MIB_REASM_TIMEOUT), 0);

	__skb_queue_head_init(&icmp);
	KUNIT_EXPECT_EQ(test, expire(pn, T0 + 3600 * HZ, &icmp), 1);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&icmp), 0);
	KUNIT_EXPECT_EQ(test, ipv4alt_reasm_mem(pn), 0);
}

/* Netns exit frees what is held: no leak (kmemleak) and no timer left. */
static void reasm_exit_frees_test(struct kunit *test)
{
	struct ipv4alt_net *pn = test->priv;
	struct sk_buff *whole;
	u16 id;

	for (id = 1; id <= 100; id++) {
		struct frag f = { .id = id, .off = 8 * (id % 3), .len = 8,
				   .mf = true, .want = Q };

		KUNIT_EXPECT_EQ(test, add(pn, build_frag(test, &f), T0,
					  &whole), Q);
	}
	KUNIT_EXPECT_GT(test, ipv4alt_reasm_mem(pn), 0);
	ipv4alt_reasm_net_exit(pn);
	KUNIT_EXPECT_EQ(test, ipv4alt_reasm_mem(pn), 0);
	/* The suite's exit tears down again: make that a fresh state. */
	KUNIT_ASSERT_EQ(test, ipv4alt_reasm_net_init(pn), 0);
}

static int reasm_test_init(struct kunit *test)
{
	struct ipv4alt_net *pn;

	pn = kunit_kzalloc(test, sizeof(*pn), GFP_KERNEL);
	if (!pn)
		return -ENOMEM;
	pn->net = &init_net;
	pn->mib = alloc_percpu(struct ipv4alt_mib);
	if (!pn->mib)
		return -ENOMEM;
	if (ipv4alt_reasm_net_init(pn)) {
		free_percpu(pn->mib);
		return -ENOMEM;
	}
	test->priv = pn;
	return 0;
}

static void reasm_test_exit(struct kunit *test)
{
	struct ipv4alt_net *pn = test->priv;

	ipv4alt_reasm_net_exit(pn);
	free_percpu(pn->mib);
}

static struct kunit_case ipv4alt_reasm_cases[] = {
	KUNIT_CASE_PARAM(reasm_case_test, reasm_gen_params),
	KUNIT_CASE_PARAM(reasm_timeout_test, timeout_gen_params),
	KUNIT_CASE(reasm_expire_order_test),
	KUNIT_CASE(reasm_evict_test),
	KUNIT_CASE(reasm_exit_frees_test),
	{}
};

static struct kunit_suite ipv4alt_reasm_suite = {
	.name = "ipv4alt_reasm",
	.init = reasm_test_init,
	.exit = reasm_test_exit,
	.test_cases = ipv4alt_reasm_cases,
};

kunit_test_suite(ipv4alt_reasm_suite);
