// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the forwarding decision, the addresses ipv4alt's early lookup
 * leaves to the kernel, and the TTL decrement with its incremental
 * checksum update.
 */

#include <kunit/test.h>
#include <linux/ip.h>
#include <linux/prandom.h>
#include <net/ip.h>

#include "forward.h"
#include "ipv4alt_kunit.h"

/**
 * struct fwd_case - one datagram for another host
 * @name: what the case shows
 * @fwd: net.ipv4alt.forwarding
 * @dev_fwd: conf.<dev>.forwarding
 * @saddr: source
 * @daddr: destination
 * @l2_unicast: the frame was addressed to our link address
 * @ttl: TTL on arrival
 * @want: the verdict
 */
struct fwd_case {
	const char *name;
	int fwd;
	int dev_fwd;
	__be32 saddr;
	__be32 daddr;
	bool l2_unicast;
	u8 ttl;
	enum ipv4alt_fwd_verdict want;
};

static const struct fwd_case fwd_cases[] = {
	{ .name = "both knobs on", .fwd = 1, .dev_fwd = 1,
	  .saddr = A4(10, 1, 0, 1), .daddr = A4(10, 2, 0, 2), .l2_unicast = true,
	  .ttl = 64, .want = IPV4ALT_FWD_OK },
	{ .name = "global knob off", .fwd = 0, .dev_fwd = 1,
	  .saddr = A4(10, 1, 0, 1), .daddr = A4(10, 2, 0, 2), .l2_unicast = true,
	  .ttl = 64, .want = IPV4ALT_FWD_DISABLED },
	{ .name = "device knob off", .fwd = 1, .dev_fwd = 0,
	  .saddr = A4(10, 1, 0, 1), .daddr = A4(10, 2, 0, 2), .l2_unicast = true,
	  .ttl = 64, .want = IPV4ALT_FWD_DISABLED },
	{ .name = "both off", .fwd = 0, .dev_fwd = 0, .saddr = A4(10, 1, 0, 1),
	  .daddr = A4(10, 2, 0, 2), .l2_unicast = true, .ttl = 64,
	  .want = IPV4ALT_FWD_DISABLED },
	/* Off wins over every other reason: no ICMP when off. */
	{ .name = "off, TTL 1", .fwd = 0, .dev_fwd = 1, .saddr = A4(10, 1, 0, 1),
	  .daddr = A4(10, 2, 0, 2), .l2_unicast = true, .ttl = 1,
	  .want = IPV4ALT_FWD_DISABLED },
	{ .name = "off, link-local source", .fwd = 1, .dev_fwd = 0,
	  .saddr = A4(169, 254, 1, 1), .daddr = A4(10, 2, 0, 2),
	  .l2_unicast = true, .ttl = 64, .want = IPV4ALT_FWD_DISABLED },
	{ .name = "source 0.0.0.0", .fwd = 1, .dev_fwd = 1, .saddr = 0,
	  .daddr = A4(10, 2, 0, 2), .l2_unicast = true, .ttl = 64,
	  .want = IPV4ALT_FWD_INIT_SOURCE },
	{ .name = "source 0.1.2.3", .fwd = 1, .dev_fwd = 1,
	  .saddr = A4(0, 1, 2, 3), .daddr = A4(10, 2, 0, 2), .l2_unicast = true,
	  .ttl = 64, .want = IPV4ALT_FWD_INIT_SOURCE },
	{ .name = "source 0/8, TTL 1", .fwd = 1, .dev_fwd = 1,
	  .saddr = A4(0, 1, 2, 3), .daddr = A4(10, 2, 0, 2), .l2_unicast = true,
	  .ttl = 1, .want = IPV4ALT_FWD_INIT_SOURCE },
	{ .name = "source 1.0.0.0", .fwd = 1, .dev_fwd = 1,
	  .saddr = A4(1, 0, 0, 0), .daddr = A4(10, 2, 0, 2), .l2_unicast = true,
	  .ttl = 64, .want = IPV4ALT_FWD_OK },
	{ .name = "link-level broadcast", .fwd = 1, .dev_fwd = 1,
	  .saddr = A4(10, 1, 0, 1), .daddr = A4(10, 2, 0, 2), .l2_unicast = false,
	  .ttl = 64, .want = IPV4ALT_FWD_BCAST_MCAST },
	{ .name = "limited broadcast", .fwd = 1, .dev_fwd = 1,
	  .saddr = A4(10, 1, 0, 1), .daddr = A4(255, 255, 255, 255),
	  .l2_unicast = true, .ttl = 64, .want = IPV4ALT_FWD_BCAST_MCAST },
	{ .name = "multicast 224.0.0.1", .fwd = 1, .dev_fwd = 1,
	  .saddr = A4(10, 1, 0, 1), .daddr = A4(224, 0, 0, 1), .l2_unicast = true,
	  .ttl = 64, .want = IPV4ALT_FWD_BCAST_MCAST },
	{ .name = "multicast 239.255.255.255", .fwd = 1, .dev_fwd = 1,
	  .saddr = A4(10, 1, 0, 1), .daddr = A4(239, 255, 255, 255),
	  .l2_unicast = true, .ttl = 64, .want = IPV4ALT_FWD_BCAST_MCAST },
	{ .name = "link-local source", .fwd = 1, .dev_fwd = 1,
	  .saddr = A4(169, 254, 1, 1), .daddr = A4(10, 2, 0, 2),
	  .l2_unicast = true, .ttl = 64,
	  .want = IPV4ALT_FWD_LINK_LOCAL_SOURCE },
	{ .name = "link-local destination", .fwd = 1, .dev_fwd = 1,
	  .saddr = A4(10, 1, 0, 1), .daddr = A4(169, 254, 255, 255),
	  .l2_unicast = true, .ttl = 64,
	  .want = IPV4ALT_FWD_LINK_LOCAL_DESTINATION },
	{ .name = "link-local both", .fwd = 1, .dev_fwd = 1,
	  .saddr = A4(169, 254, 0, 1), .daddr = A4(169, 254, 0, 2),
	  .l2_unicast = true, .ttl = 64,
	  .want = IPV4ALT_FWD_LINK_LOCAL_SOURCE },
	{ .name = "169.253/16 is not link-local", .fwd = 1, .dev_fwd = 1,
	  .saddr = A4(169, 253, 0, 1), .daddr = A4(169, 255, 0, 1),
	  .l2_unicast = true, .ttl = 64, .want = IPV4ALT_FWD_OK },
	{ .name = "TTL 0", .fwd = 1, .dev_fwd = 1, .saddr = A4(10, 1, 0, 1),
	  .daddr = A4(10, 2, 0, 2), .l2_unicast = true, .ttl = 0,
	  .want = IPV4ALT_FWD_TTL_EXCEEDED },
	{ .name = "TTL 1", .fwd = 1, .dev_fwd = 1, .saddr = A4(10, 1, 0, 1),
	  .daddr = A4(10, 2, 0, 2), .l2_unicast = true, .ttl = 1,
	  .want = IPV4ALT_FWD_TTL_EXCEEDED },
	{ .name = "TTL 2", .fwd = 1, .dev_fwd = 1, .saddr = A4(10, 1, 0, 1),
	  .daddr = A4(10, 2, 0, 2), .l2_unicast = true, .ttl = 2,
	  .want = IPV4ALT_FWD_OK },
	{ .name = "TTL 255", .fwd = 1, .dev_fwd = 1, .saddr = A4(10, 1, 0, 1),
	  .daddr = A4(10, 2, 0, 2), .l2_unicast = true, .ttl = 255,
	  .want = IPV4ALT_FWD_OK },
	{ .name = "TTL 1 to link-local", .fwd = 1, .dev_fwd = 1,
	  .saddr = A4(10, 1, 0, 1), .daddr = A4(169, 254, 0, 2),
	  .l2_unicast = true, .ttl = 1,
	  .want = IPV4ALT_FWD_LINK_LOCAL_DESTINATION },
	{ .name = "TTL 1 to multicast", .fwd = 1, .dev_fwd = 1,
	  .saddr = A4(10, 1, 0, 1), .daddr = A4(224, 0, 0, 5), .l2_unicast = true,
	  .ttl = 1, .want = IPV4ALT_FWD_BCAST_MCAST },
};

KUNIT_ARRAY_PARAM_DESC(fwd, fwd_cases, name);

static void fwd_decide_test(struct kunit *test)
{
	const struct fwd_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, ipv4alt_fwd_decide(c->fwd, c->dev_fwd, c->saddr,
						 c->daddr, c->l2_unicast,
						 c->ttl),
			c->want);
}

/**
 * struct fwd_special_case - an address for ipv4alt_fwd_early_route()
 * @name: what the case shows
 * @addr: the address
 * @want: left to the kernel's input lookup
 */
struct fwd_special_case {
	const char *name;
	__be32 addr;
	bool want;
};

static const struct fwd_special_case fwd_special_cases[] = {
	{ .name = "unicast 10.0.0.1", .addr = A4(10, 0, 0, 1), .want = false },
	{ .name = "1.0.0.0, above 0/8", .addr = A4(1, 0, 0, 0), .want = false },
	{ .name = "126.255.255.255, below 127/8",
	  .addr = A4(126, 255, 255, 255), .want = false },
	{ .name = "128.0.0.0, above 127/8", .addr = A4(128, 0, 0, 0),
	  .want = false },
	/* ipv4alt_fwd_decide() refuses these, after the lookup. */
	{ .name = "link-local 169.254.1.1", .addr = A4(169, 254, 1, 1),
	  .want = false },
	{ .name = "223.255.255.255, below multicast",
	  .addr = A4(223, 255, 255, 255), .want = false },
	{ .name = "class E 240.0.0.1", .addr = A4(240, 0, 0, 1), .want = false },
	{ .name = "255.255.255.254", .addr = A4(255, 255, 255, 254),
	  .want = false },
	{ .name = "0.0.0.0", .addr = 0, .want = true },
	/* ipv4_is_zeronet() is 0.0.0.0 alone since 0/8 became unicast. */
	{ .name = "0.1.2.3", .addr = A4(0, 1, 2, 3), .want = false },
	{ .name = "0.255.255.255", .addr = A4(0, 255, 255, 255), .want = false },
	{ .name = "loopback 127.0.0.1", .addr = A4(127, 0, 0, 1), .want = true },
	{ .name = "127.255.255.255 in 127/8", .addr = A4(127, 255, 255, 255),
	  .want = true },
	{ .name = "multicast 224.0.0.1", .addr = A4(224, 0, 0, 1), .want = true },
	{ .name = "multicast 239.255.255.255", .addr = A4(239, 255, 255, 255),
	  .want = true },
	{ .name = "limited broadcast", .addr = A4(255, 255, 255, 255),
	  .want = true },
};

KUNIT_ARRAY_PARAM_DESC(fwd_special, fwd_special_cases, name);

static void fwd_addr_special_test(struct kunit *test)
{
	const struct fwd_special_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, ipv4alt_fwd_addr_special(c->addr), c->want);
}

/* Decrement @iph's TTL both ways and compare the checksums exactly. */
static void check_dec_ttl(struct kunit *test, const struct iphdr *iph)
{
	struct iphdr inc = *iph, full = *iph;

	ipv4alt_fwd_dec_ttl(&inc);
	full.ttl--;
	ip_send_check(&full);
	KUNIT_ASSERT_EQ(test, inc.ttl, iph->ttl - 1);
	KUNIT_ASSERT_EQ_MSG(test, inc.check, full.check,
			    "ttl %u proto %u old check %04x",
			    iph->ttl, iph->protocol, ntohs(iph->check));
	KUNIT_ASSERT_EQ(test, ip_fast_csum(&inc, inc.ihl), 0);
}

/* 100000 random headers, seeded so that a failure can be replayed. */
static void fwd_dec_ttl_random_test(struct kunit *test)
{
	struct rnd_state rnd;
	struct iphdr iph;
	unsigned int i;

	prandom_seed_state(&rnd, 0x1a2b3c4d5e6f7788ULL);
	for (i = 0; i < 100000; i++) {
		prandom_bytes_state(&rnd, &iph, sizeof(iph));
		iph.version = 4;
		iph.ihl = 5;
		if (!iph.ttl)
			iph.ttl = 1;
		ip_send_check(&iph);
		check_dec_ttl(test, &iph);
	}
}

/*
 * Headers whose updated checksum lands on 0x0000 or 0xffff, the values an
 * RFC 1141 style update (check + 0x0100) gets wrong: a search over the
 * identification field finds one of each for every TTL.
 */
static void fwd_dec_ttl_edges_test(struct kunit *test)
{
	struct iphdr iph = {
		.version = 4, .ihl = 5, .tot_len = htons(84),
		.protocol = IPPROTO_UDP, .saddr = A4(10, 1, 0, 1),
		.daddr = A4(10, 2, 0, 2),
	};
	unsigned int ttl, id, hits = 0;
	struct iphdr next;

	for (ttl = 1; ttl <= 255; ttl += 127) {
		iph.ttl = ttl;
		for (id = 0; id <= 0xffff; id++) {
			iph.id = htons(id);
			ip_send_check(&iph);
			next = iph;
			next.ttl--;
			ip_send_check(&next);
			if (next.check != 0 && next.check != htons(0xffff) &&
			    iph.check != 0 && iph.check != htons(0xffff))
				continue;
			check_dec_ttl(test, &iph);
			hits++;
		}
	}
	KUNIT_EXPECT_GT(test, hits, 0U);
}

static struct kunit_case ipv4alt_forward_cases[] = {
	KUNIT_CASE_PARAM(fwd_decide_test, fwd_gen_params),
	KUNIT_CASE_PARAM(fwd_addr_special_test, fwd_special_gen_params),
	KUNIT_CASE(fwd_dec_ttl_random_test),
	KUNIT_CASE(fwd_dec_ttl_edges_test),
	{}
};

static struct kunit_suite ipv4alt_forward_suite = {
	.name = "ipv4alt_forward",
	.test_cases = ipv4alt_forward_cases,
};

kunit_test_suite(ipv4alt_forward_suite);
