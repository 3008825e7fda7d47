// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: turning an echo request into a reply in place, with the checksum
 * updated incrementally (RFC 1624) rather than recomputed.
 */

#include <kunit/test.h>
#include <linux/icmp.h>
#include <net/checksum.h>

#include "ipv4alt.h"
#include "ipv4alt_kunit.h"

#define ECHO_MAX 128

/**
 * struct echo_case - one echo request
 * @name: what the case shows
 * @id: echo identifier, host order
 * @seq: echo sequence number, host order
 * @len: payload bytes
 * @fill: payload byte value; 0 means the iputils pattern 0x10, 0x11, ...
 */
struct echo_case {
	const char *name;
	u16 id;
	u16 seq;
	unsigned int len;
	u8 fill;
};

static const struct echo_case echo_cases[] = {
	{ "no payload", 0x1234, 1, 0, 0 },
	{ "ping -s 56 pattern", 0x4d2, 7, 56, 0 },
	{ "odd payload length", 0x0001, 0x0002, 57, 0 },
	{ "one byte payload", 0xbeef, 0xffff, 1, 0xff },
	/* id + seq sum to 0xffff: the reply checksums to 0x0000, the case
	 * RFC 1624 section 3 fixes in RFC 1141's update.
	 */
	{ "reply checksum 0x0000", 0xffff, 0x0000, 0, 0 },
	{ "reply checksum 0x0000, split", 0xf000, 0x0fff, 0, 0 },
	{ "request checksum 0x0000", 0xf7ff, 0x0000, 0, 0 },
	{ "all-ones payload", 0xffff, 0xffff, 100, 0xff },
	{ "all-zero header fields", 0, 0, 64, 0 },
};

KUNIT_ARRAY_PARAM_DESC(echo, echo_cases, name);

static unsigned int build_echo(const struct echo_case *c, u8 *buf, u8 type)
{
	struct icmphdr *icmph = (struct icmphdr *)buf;
	unsigned int i, len = sizeof(*icmph) + c->len;

	memset(buf, 0, ECHO_MAX);
	icmph->type = type;
	icmph->un.echo.id = htons(c->id);
	icmph->un.echo.sequence = htons(c->seq);
	for (i = 0; i < c->len; i++)
		buf[sizeof(*icmph) + i] = c->fill ? c->fill : 0x10 + i;
	icmph->checksum = ip_compute_csum(buf, len);
	return len;
}

static void echo_reply_test(struct kunit *test)
{
	const struct echo_case *c = test->param_value;
	u8 msg[ECHO_MAX], want[ECHO_MAX];
	unsigned int len;

	KUNIT_ASSERT_LE(test, sizeof(struct icmphdr) + c->len, ECHO_MAX);
	len = build_echo(c, msg, ICMP_ECHO);
	build_echo(c, want, ICMP_ECHOREPLY);
	/* The request is valid to begin with. */
	KUNIT_ASSERT_EQ(test, ip_compute_csum(msg, len), 0);

	ipv4alt_icmp_echo_to_reply((struct icmphdr *)msg);

	KUNIT_EXPECT_EQ(test, ip_compute_csum(msg, len), 0);
	/* Byte for byte the reply a full recomputation gives. */
	KUNIT_EXPECT_EQ(test, memcmp(msg, want, len), 0);
	KUNIT_EXPECT_EQ(test, msg[0], ICMP_ECHOREPLY);
	KUNIT_EXPECT_EQ(test, msg[1], 0);
}

static struct kunit_case ipv4alt_icmp_cases[] = {
	KUNIT_CASE_PARAM(echo_reply_test, echo_gen_params),
	{}
};

static struct kunit_suite ipv4alt_icmp_suite = {
	.name = "ipv4alt_icmp_echo",
	.test_cases = ipv4alt_icmp_cases,
};

kunit_test_suite(ipv4alt_icmp_suite);
