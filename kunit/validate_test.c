// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: ipv4alt_validate(), the receive path's header checks.
 */

#include <kunit/test.h>
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <net/ip.h>

#include "input.h"
#include "ipv4alt_kunit.h"

#define FRAME_MAX 128

/**
 * struct validate_case - one received frame and what must become of it
 * @name: what the case shows
 * @version: IP version field
 * @ihl: header length in 32-bit words; options are NOPs
 * @tot_len: total length field
 * @frame_len: bytes the link delivered
 * @saddr: source address, host order
 * @frag_off: flags and fragment offset field, host order
 * @bad_csum: corrupt the header checksum
 * @paged: put the frame in a page fragment rather than the linear area
 * @verdict: expected verdict
 * @len_after: expected skb->len after an %IPV4ALT_RX_OK verdict
 * @daddr: destination address, host order; 0 means 10.0.0.2
 */
struct validate_case {
	const char *name;
	u8 version;
	u8 ihl;
	u16 tot_len;
	unsigned int frame_len;
	u32 saddr;
	u16 frag_off;
	bool bad_csum;
	bool paged;
	enum ipv4alt_rx_verdict verdict;
	unsigned int len_after;
	u32 daddr;
};

#define SRC_OK 0x0a000001 /* 10.0.0.1 */

/* A field left out is 0: not a fragment, a right checksum, linear. */
static const struct validate_case validate_cases[] = {
	{ .name = "minimal datagram", .version = 4, .ihl = 5, .tot_len = 28,
	  .frame_len = 28, .saddr = SRC_OK, .verdict = IPV4ALT_RX_OK,
	  .len_after = 28 },
	{ .name = "ethernet padding trimmed", .version = 4, .ihl = 5,
	  .tot_len = 28, .frame_len = 46, .saddr = SRC_OK,
	  .verdict = IPV4ALT_RX_OK, .len_after = 28 },
	{ .name = "paged frame", .version = 4, .ihl = 5, .tot_len = 60,
	  .frame_len = 60, .saddr = SRC_OK, .paged = true,
	  .verdict = IPV4ALT_RX_OK, .len_after = 60 },
	{ .name = "paged frame padding trimmed", .version = 4, .ihl = 5,
	  .tot_len = 28, .frame_len = 60, .saddr = SRC_OK, .paged = true,
	  .verdict = IPV4ALT_RX_OK, .len_after = 28 },
	{ .name = "DF alone is not a fragment", .version = 4, .ihl = 5,
	  .tot_len = 28, .frame_len = 28, .saddr = SRC_OK, .frag_off = IP_DF,
	  .verdict = IPV4ALT_RX_OK, .len_after = 28 },
	{ .name = "header only", .version = 4, .ihl = 5, .tot_len = 20,
	  .frame_len = 20, .saddr = SRC_OK, .verdict = IPV4ALT_RX_OK,
	  .len_after = 20 },
	{ .name = "empty frame", .version = 4, .ihl = 5, .tot_len = 0,
	  .frame_len = 0, .saddr = SRC_OK, .verdict = IPV4ALT_RX_HDR_ERROR },
	{ .name = "frame shorter than a header", .version = 4, .ihl = 5,
	  .tot_len = 20, .frame_len = 19, .saddr = SRC_OK,
	  .verdict = IPV4ALT_RX_HDR_ERROR },
	{ .name = "version 6", .version = 6, .ihl = 5, .tot_len = 28,
	  .frame_len = 28, .saddr = SRC_OK, .verdict = IPV4ALT_RX_HDR_ERROR },
	{ .name = "version 0", .version = 0, .ihl = 5, .tot_len = 28,
	  .frame_len = 28, .saddr = SRC_OK, .verdict = IPV4ALT_RX_HDR_ERROR },
	{ .name = "IHL 4", .version = 4, .ihl = 4, .tot_len = 28,
	  .frame_len = 28, .saddr = SRC_OK, .verdict = IPV4ALT_RX_HDR_ERROR },
	{ .name = "IHL past the frame", .version = 4, .ihl = 6, .tot_len = 20,
	  .frame_len = 20, .saddr = SRC_OK, .verdict = IPV4ALT_RX_HDR_ERROR },
	{ .name = "IHL 15 past the frame", .version = 4, .ihl = 15,
	  .tot_len = 28, .frame_len = 28, .saddr = SRC_OK,
	  .verdict = IPV4ALT_RX_HDR_ERROR },
	{ .name = "bad checksum", .version = 4, .ihl = 5, .tot_len = 28,
	  .frame_len = 28, .saddr = SRC_OK, .bad_csum = true,
	  .verdict = IPV4ALT_RX_CSUM_ERROR },
	{ .name = "bad checksum, paged", .version = 4, .ihl = 5, .tot_len = 28,
	  .frame_len = 28, .saddr = SRC_OK, .bad_csum = true, .paged = true,
	  .verdict = IPV4ALT_RX_CSUM_ERROR },
	{ .name = "checksum is checked before length", .version = 4, .ihl = 5,
	  .tot_len = 100, .frame_len = 28, .saddr = SRC_OK, .bad_csum = true,
	  .verdict = IPV4ALT_RX_CSUM_ERROR },
	{ .name = "total length beyond frame", .version = 4, .ihl = 5,
	  .tot_len = 29, .frame_len = 28, .saddr = SRC_OK,
	  .verdict = IPV4ALT_RX_TRUNCATED },
	{ .name = "total length 65535", .version = 4, .ihl = 5,
	  .tot_len = 65535, .frame_len = 60, .saddr = SRC_OK,
	  .verdict = IPV4ALT_RX_TRUNCATED },
	{ .name = "total length below header", .version = 4, .ihl = 5,
	  .tot_len = 19, .frame_len = 28, .saddr = SRC_OK,
	  .verdict = IPV4ALT_RX_HDR_ERROR },
	{ .name = "total length 0", .version = 4, .ihl = 5, .tot_len = 0,
	  .frame_len = 28, .saddr = SRC_OK, .verdict = IPV4ALT_RX_HDR_ERROR },
	{ .name = "total length below IHL", .version = 4, .ihl = 6,
	  .tot_len = 20, .frame_len = 28, .saddr = SRC_OK,
	  .verdict = IPV4ALT_RX_HDR_ERROR },
	{ .name = "length is checked before source", .version = 4, .ihl = 5,
	  .tot_len = 40, .frame_len = 28, .saddr = 0xe0000001,
	  .verdict = IPV4ALT_RX_TRUNCATED },
	{ .name = "source 224.0.0.1", .version = 4, .ihl = 5, .tot_len = 28,
	  .frame_len = 28, .saddr = 0xe0000001,
	  .verdict = IPV4ALT_RX_ADDR_ERROR },
	{ .name = "source 239.255.255.255", .version = 4, .ihl = 5,
	  .tot_len = 28, .frame_len = 28, .saddr = 0xefffffff,
	  .verdict = IPV4ALT_RX_ADDR_ERROR },
	{ .name = "source 255.255.255.255", .version = 4, .ihl = 5,
	  .tot_len = 28, .frame_len = 28, .saddr = 0xffffffff,
	  .verdict = IPV4ALT_RX_ADDR_ERROR },
	{ .name = "source 0.0.0.0", .version = 4, .ihl = 5, .tot_len = 28,
	  .frame_len = 28, .saddr = 0, .verdict = IPV4ALT_RX_ADDR_ERROR },
	{ .name = "source 0.1.2.3", .version = 4, .ihl = 5, .tot_len = 28,
	  .frame_len = 28, .saddr = 0x00010203,
	  .verdict = IPV4ALT_RX_ADDR_ERROR },
	{ .name = "DHCP: 0.0.0.0 to 255.255.255.255", .version = 4, .ihl = 5,
	  .tot_len = 28, .frame_len = 28, .saddr = 0, .verdict = IPV4ALT_RX_OK,
	  .len_after = 28, .daddr = 0xffffffff },
	{ .name = "0.0.0.0 to a subnet broadcast", .version = 4, .ihl = 5,
	  .tot_len = 28, .frame_len = 28, .saddr = 0,
	  .verdict = IPV4ALT_RX_ADDR_ERROR, .len_after = 0,
	  .daddr = 0x0a0000ff },
	{ .name = "0.1.2.3 to 255.255.255.255", .version = 4, .ihl = 5,
	  .tot_len = 28, .frame_len = 28, .saddr = 0x00010203,
	  .verdict = IPV4ALT_RX_ADDR_ERROR, .len_after = 0,
	  .daddr = 0xffffffff },
	{ .name = "source 223.255.255.255", .version = 4, .ihl = 5,
	  .tot_len = 28, .frame_len = 28, .saddr = 0xdfffffff,
	  .verdict = IPV4ALT_RX_OK, .len_after = 28 },
	{ .name = "source 240.0.0.1", .version = 4, .ihl = 5, .tot_len = 28,
	  .frame_len = 28, .saddr = 0xf0000001, .verdict = IPV4ALT_RX_OK,
	  .len_after = 28 },
	/* RFC 7600 section 6: the source of ICMP errors from a host with
	 * no address; stock ip_rcv() takes it.
	 */
	{ .name = "source 192.0.0.8", .version = 4, .ihl = 5, .tot_len = 28,
	  .frame_len = 28, .saddr = 0xc0000008, .verdict = IPV4ALT_RX_OK,
	  .len_after = 28 },
	/* Fragments and options are the caller's business. */
	{ .name = "more fragments", .version = 4, .ihl = 5, .tot_len = 28,
	  .frame_len = 46, .saddr = SRC_OK, .frag_off = IP_MF,
	  .verdict = IPV4ALT_RX_OK, .len_after = 28 },
	{ .name = "last fragment", .version = 4, .ihl = 5, .tot_len = 28,
	  .frame_len = 28, .saddr = SRC_OK, .frag_off = 1,
	  .verdict = IPV4ALT_RX_OK, .len_after = 28 },
	{ .name = "DF with an offset", .version = 4, .ihl = 5, .tot_len = 28,
	  .frame_len = 28, .saddr = SRC_OK, .frag_off = IP_DF | 0x1fff,
	  .verdict = IPV4ALT_RX_OK, .len_after = 28 },
	{ .name = "options", .version = 4, .ihl = 6, .tot_len = 32,
	  .frame_len = 32, .saddr = SRC_OK, .verdict = IPV4ALT_RX_OK,
	  .len_after = 32 },
	{ .name = "options, paged, padded", .version = 4, .ihl = 15,
	  .tot_len = 60, .frame_len = 64, .saddr = SRC_OK, .paged = true,
	  .verdict = IPV4ALT_RX_OK, .len_after = 60 },
};

KUNIT_ARRAY_PARAM_DESC(validate, validate_cases, name);

static void build_frame(const struct validate_case *c, u8 *buf)
{
	struct iphdr *iph = (struct iphdr *)buf;
	unsigned int hlen = c->ihl * 4;

	memset(buf, 0, FRAME_MAX);
	memset(buf + sizeof(*iph), IPOPT_NOOP, FRAME_MAX - sizeof(*iph));
	iph->version = c->version;
	iph->ihl = c->ihl;
	iph->tot_len = htons(c->tot_len);
	iph->id = htons(0x1234);
	iph->frag_off = htons(c->frag_off);
	iph->ttl = 64;
	iph->protocol = IPPROTO_UDP;
	iph->saddr = htonl(c->saddr);
	iph->daddr = htonl(c->daddr ? c->daddr : 0x0a000002);
	if (hlen <= FRAME_MAX && hlen >= sizeof(*iph))
		iph->check = ip_fast_csum(buf, c->ihl);
	if (c->bad_csum)
		iph->check ^= htons(0x0100);
}

static struct sk_buff *frame_skb(struct kunit *test,
				 const struct validate_case *c, const u8 *buf)
{
	struct sk_buff *skb;
	struct page *page;

	skb = alloc_skb(FRAME_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	if (!c->paged) {
		skb_put_data(skb, buf, c->frame_len);
	} else {
		page = alloc_page(GFP_KERNEL);
		if (!page)
			kfree_skb(skb);
		KUNIT_ASSERT_NOT_NULL(test, page);
		memcpy(page_address(page), buf, c->frame_len);
		skb_add_rx_frag(skb, 0, page, 0, c->frame_len, PAGE_SIZE);
	}
	skb_reset_network_header(skb);
	return skb;
}

static void validate_test(struct kunit *test)
{
	const struct validate_case *c = test->param_value;
	u8 buf[FRAME_MAX];
	struct sk_buff *skb;
	enum ipv4alt_rx_verdict v;

	KUNIT_ASSERT_LE(test, c->frame_len, FRAME_MAX);
	build_frame(c, buf);
	skb = frame_skb(test, c, buf);

	v = ipv4alt_validate(skb);
	KUNIT_EXPECT_EQ(test, v, c->verdict);
	if (v == IPV4ALT_RX_OK && c->verdict == IPV4ALT_RX_OK) {
		KUNIT_EXPECT_EQ(test, skb->len, c->len_after);
		/* The header, now linear, is the one that was sent. */
		KUNIT_EXPECT_TRUE(test, skb_headlen(skb) >= sizeof(struct iphdr));
		KUNIT_EXPECT_EQ(test, memcmp(ip_hdr(skb), buf, c->ihl * 4), 0);
	}
	kfree_skb(skb);
}

/* RFC 1071's worked example, as commonly cited: checksum 0xb861. */
static void validate_known_header_test(struct kunit *test)
{
	static const u8 hdr[] = {
		0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00,
		0x40, 0x11, 0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01,
		0xc0, 0xa8, 0x00, 0xc7,
	};
	u8 frame[0x73] = {};
	struct sk_buff *skb;

	memcpy(frame, hdr, sizeof(hdr));
	skb = alloc_skb(sizeof(frame), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put_data(skb, frame, sizeof(frame));
	skb_reset_network_header(skb);
	KUNIT_EXPECT_EQ(test, ipv4alt_validate(skb), IPV4ALT_RX_OK);
	KUNIT_EXPECT_EQ(test, skb->len, 0x73);
	kfree_skb(skb);

	/* Any single flipped bit in the header must be caught. */
	frame[9] ^= 0x01;
	skb = alloc_skb(sizeof(frame), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put_data(skb, frame, sizeof(frame));
	skb_reset_network_header(skb);
	KUNIT_EXPECT_EQ(test, ipv4alt_validate(skb), IPV4ALT_RX_CSUM_ERROR);
	kfree_skb(skb);
}

/**
 * struct loopback_case - a 127/8 row of the source and destination checks
 * @name: what the case shows
 * @saddr: source, host order
 * @daddr: destination, host order
 * @localnet: route_localnet of the input device
 * @refused: expected verdict
 */
struct loopback_case {
	const char *name;
	u32 saddr;
	u32 daddr;
	bool localnet;
	bool refused;
};

static const struct loopback_case loopback_cases[] = {
	{ .name = "127.0.0.1 source", .saddr = 0x7f000001, .daddr = 0x0a000002,
	  .refused = true },
	{ .name = "127.255.255.254 source", .saddr = 0x7ffffffe,
	  .daddr = 0x0a000002, .refused = true },
	{ .name = "127.0.0.1 destination", .saddr = 0x0a000001,
	  .daddr = 0x7f000001, .refused = true },
	{ .name = "127.0.0.1 destination, route_localnet", .saddr = 0x0a000001,
	  .daddr = 0x7f000001, .localnet = true, .refused = false },
	{ .name = "127.0.0.1 source, route_localnet", .saddr = 0x7f000001,
	  .daddr = 0x0a000002, .localnet = true, .refused = false },
	{ .name = "126.255.255.255 is not loopback", .saddr = 0x7effffff,
	  .daddr = 0x0a000002, .refused = false },
	{ .name = "128.0.0.1 is not loopback", .saddr = 0x80000001,
	  .daddr = 0x0a000002, .refused = false },
	{ .name = "ordinary unicast", .saddr = 0x0a000001, .daddr = 0x0a000002,
	  .refused = false },
};

KUNIT_ARRAY_PARAM_DESC(loopback, loopback_cases, name);

static void loopback_test(struct kunit *test)
{
	const struct loopback_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test,
			ipv4alt_loopback_martian(htonl(c->saddr),
						 htonl(c->daddr), c->localnet),
			c->refused);
}

static struct kunit_case ipv4alt_validate_cases[] = {
	KUNIT_CASE_PARAM(validate_test, validate_gen_params),
	KUNIT_CASE_PARAM(loopback_test, loopback_gen_params),
	KUNIT_CASE(validate_known_header_test),
	{}
};

static struct kunit_suite ipv4alt_validate_suite = {
	.name = "ipv4alt_validate",
	.test_cases = ipv4alt_validate_cases,
};

kunit_test_suite(ipv4alt_validate_suite);
