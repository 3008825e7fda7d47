// SPDX-License-Identifier: GPL-2.0
/*
 * ipv4alt_bench: in-kernel microbenchmarks of ipv4alt against the stock
 * IPv4 functions, on identical skbs. Loaded only by `make bench`
 * (scripts/bench/run), never shipped.
 *
 *   reassembly     ip_defrag()          vs ipv4alt_reasm_add()
 *   fragmentation  ip_do_fragment()     vs ipv4alt_fragment()
 *   ID selection   __ip_select_ident()  vs ipv4alt_ipid_select(), also
 *                  from every CPU at once (ipid_allcpus)
 *   forwarding     a router netns of each kind, whole receive path
 *                  (netif_receive_skb() on its input veth) to the
 *                  output veth's transmit
 *   ID quality     the ID sequences of both generators (idq_* rows)
 *
 * ipv4alt's functions are not exported: scripts/bench/build links this
 * file with a copy of module/frag.c into one module, as scripts/kunit
 * grafts the suites onto the module's objects. Copies of module/reasm.c
 * and ipid.c are included below instead: the functions timed here are
 * test seams, static outside KUnit builds (VISIBLE_IF_KUNIT).
 *
 * Everything runs at load, in rounds: each round times every case twice
 * with each implementation, the two alternating, so that a drift of the
 * (emulated) machine hits both alike. Only the calls are timed;
 * building the skbs before and freeing the results after are not. The
 * results are lines "CASE IMPL ROUND OPS NS" in
 * /sys/kernel/debug/ipv4alt_bench/results.
 *
 * The ID quality rows time nothing: after the rounds, both generators
 * give IDs to the same flows in one loop, paced by real jiffies, and the
 * results are lines "ROW IMPL VALUE UNIT" (see bench_idq()).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/etherdevice.h>
#include <linux/inet.h>
#include <linux/jiffies.h>
#include <linux/ip.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/skbuff.h>
#include <linux/smp.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/udp.h>
#include <linux/vmalloc.h>
#include <net/ip.h>
#include <net/net_namespace.h>
#include <net/route.h>

#include "frag.h"
#include "icmp.h"
#include "ipid.h"
#include "ipv4alt.h"
#include "reasm.h"
#include "ipid.c"
#include "reasm.c"

/*
 * ipv4alt_ipid_reserve() exists only in KUnit builds: the same call,
 * out of line like the stock __ip_select_ident() it is timed against.
 */
static noinline u16 bench_ipid_reserve(const struct ipv4alt_net *pn,
				       __be32 saddr, __be32 daddr, u8 proto)
{
	return ipid_reserve(pn, saddr, daddr, proto, 1);
}

static unsigned int rounds = 11;
module_param(rounds, uint, 0444);
MODULE_PARM_DESC(rounds, "rounds of every case and implementation");

static char *ifname = "bench0";
module_param(ifname, charp, 0444);
MODULE_PARM_DESC(ifname, "device of the route the skbs carry (MTU 1500)");

static char *cases = "";
module_param(cases, charp, 0444);
MODULE_PARM_DESC(cases, "run only the cases whose name starts with this");

static int impls = 3;
module_param(impls, int, 0444);
MODULE_PARM_DESC(impls, "1: stock only, 2: ipv4alt only, 3: both (profiling)");

static char *daddr = "10.99.0.2";
module_param(daddr, charp, 0444);
MODULE_PARM_DESC(daddr, "destination routed through ifname");

/*
 * The forwarding case needs the routers of scripts/bench/guest: a process
 * in each router's netns names it, stock first; ipv4alt.ko is loaded and
 * holds the ipv4alt router's devices.
 */
static int fwd_pids[2];
static int fwd_npids;
module_param_array(fwd_pids, int, &fwd_npids, 0444);
MODULE_PARM_DESC(fwd_pids, "a process in the stock router's netns, one in ipv4alt's");

static char *fwd_saddr[2];
static int fwd_nsaddr;
module_param_array(fwd_saddr, charp, &fwd_nsaddr, 0444);
MODULE_PARM_DESC(fwd_saddr, "source of the forwarded datagrams, per router");

static char *fwd_daddr[2];
static int fwd_ndaddr;
module_param_array(fwd_daddr, charp, &fwd_ndaddr, 0444);
MODULE_PARM_DESC(fwd_daddr, "destination beyond the router, per router");

#define BENCH_MTU		1500
#define BENCH_FRAG_DATA		(BENCH_MTU - sizeof(struct iphdr))
#define BENCH_HDRS		(sizeof(struct iphdr) + sizeof(struct udphdr))
/* Fragments built per timed batch of reassembly. */
#define BENCH_REASM_FRAGS	720
#define BENCH_IPID_CALLS	16384
#define BENCH_OUT_SIZE		(512 * 1024)
/* Below netdev_max_backlog (1000): the next hop's veth queues them all. */
#define BENCH_FWD_BATCH		256
#define BENCH_FWD_PAYLOAD	64
/* A batch is short (under a millisecond): more of them, for a stable minimum. */
#define BENCH_FWD_REPEAT	16
/*
 * Batches per case and round, the implementations alternating; the host's
 * noise only ever adds time, so report.py keeps the fastest of each.
 */
#define BENCH_REPEAT		4

enum bench_impl { BENCH_STOCK, BENCH_ALT };

static const char * const bench_impl_name[] = { "stock", "ipv4alt" };

struct bench_reasm_case {
	const char *name;
	unsigned int payload;
	bool reversed;
};

/* 2, 8 and 45 fragments of 1480 bytes; the last is 64 KiB on the wire. */
static const struct bench_reasm_case bench_reasm_cases[] = {
	{ "reasm_2", 2 * BENCH_FRAG_DATA, false },
	{ "reasm_2_rev", 2 * BENCH_FRAG_DATA, true },
	{ "reasm_8", 8 * BENCH_FRAG_DATA, false },
	{ "reasm_8_rev", 8 * BENCH_FRAG_DATA, true },
	{ "reasm_45", IP_MAX_MTU - sizeof(struct iphdr), false },
	{ "reasm_45_rev", IP_MAX_MTU - sizeof(struct iphdr), true },
};

struct bench_frag_case {
	const char *name;
	unsigned int len;
	bool paged;
	unsigned int batch;
};

static const struct bench_frag_case bench_frag_cases[] = {
	{ "frag_4k_linear", 4096, false, 64 },
	{ "frag_4k_paged", 4096, true, 64 },
	{ "frag_64k_linear", IP_MAX_MTU, false, 16 },
	{ "frag_64k_paged", IP_MAX_MTU, true, 16 },
};

struct bench_ipid_case {
	const char *name;
	unsigned int flows;
	bool core;
};

/*
 * ipv4alt_ipid_select() is what egress calls. It also updates the header
 * checksum, which the stock path computes after choosing the ID; the core
 * rows leave that out and time the generators alone.
 */
static const struct bench_ipid_case bench_ipid_cases[] = {
	{ "ipid_1flow", 1, false },
	{ "ipid_256flows", 256, false },
	{ "ipid_core_1flow", 1, true },
	{ "ipid_core_256flows", 256, true },
};

/*
 * ipid_allcpus: every online CPU at once takes IDs for the same flow, so
 * for the same bucket: what two CPUs sending to one destination share.
 * Each CPU notes when its calls began and ended; the case's time is the
 * first start to the last end, its operations all CPUs' calls.
 */
#define BENCH_ALLCPUS_MAX	64

struct bench_allcpus {
	struct bench *b;
	enum bench_impl impl;
	u64 t0[BENCH_ALLCPUS_MAX];
	u64 t1[BENCH_ALLCPUS_MAX];
};

/* One router: the devices a datagram enters and leaves by. */
struct bench_fwd {
	struct net *net;
	struct net_device *in;
	struct net_device *out;
	__be32 saddr;
	__be32 daddr;
};

struct bench {
	struct bench_fwd fwd[2];
	struct net_device *dev;
	struct rtable *rt;
	__be32 saddr;
	__be32 daddr;
	struct ipv4alt_net *pn;
	u16 id;
	unsigned int errors;
	char *out;
	size_t outlen;
};

static struct debugfs_blob_wrapper bench_blob;
static struct dentry *bench_dir;
static unsigned long bench_sunk;

/* Should this case run with this implementation? */
static bool bench_want(const char *name, enum bench_impl impl)
{
	return (impls & BIT(impl)) && !strncmp(name, cases, strlen(cases));
}

static void bench_record(struct bench *b, const char *name,
			 enum bench_impl impl, unsigned int round,
			 unsigned int ops, u64 ns)
{
	if (!round--)
		return;
	b->outlen += scnprintf(b->out + b->outlen, BENCH_OUT_SIZE - b->outlen,
			       "%s %s %u %u %llu\n", name,
			       bench_impl_name[impl], round, ops, ns);
}

static void bench_iph(struct bench *b, struct iphdr *iph, unsigned int len,
		      u16 frag_off, __be32 saddr, __be32 daddr)
{
	iph->version = 4;
	iph->ihl = 5;
	iph->tos = 0;
	iph->tot_len = htons(len);
	iph->id = htons(b->id);
	iph->frag_off = htons(frag_off);
	iph->ttl = 64;
	iph->protocol = IPPROTO_UDP;
	iph->saddr = saddr;
	iph->daddr = daddr;
	ip_send_check(iph);
}

/* A received fragment, as a NIC driver hands it up: linear, data at IP. */
static struct sk_buff *bench_rx_frag(struct bench *b, unsigned int offset,
				     unsigned int len, bool more)
{
	struct sk_buff *skb;

	skb = __netdev_alloc_skb(b->dev, NET_IP_ALIGN + ETH_HLEN +
				 sizeof(struct iphdr) + len, GFP_KERNEL);
	if (!skb)
		return NULL;
	skb_reserve(skb, NET_IP_ALIGN + ETH_HLEN);
	skb_reset_network_header(skb);
	bench_iph(b, skb_put(skb, sizeof(struct iphdr)),
		  sizeof(struct iphdr) + len,
		  (offset >> 3) | (more ? IP_MF : 0), b->saddr, b->daddr);
	memset(skb_put(skb, len), 0x5a, len);
	skb->protocol = htons(ETH_P_IP);
	skb->pkt_type = PACKET_HOST;
	skb->dev = b->dev;
	skb->skb_iif = b->dev->ifindex;
	return skb;
}

/* Reassembles @batch datagrams; returns the nanoseconds the calls took. */
static u64 bench_reasm_batch(struct bench *b, const struct bench_reasm_case *c,
			     enum bench_impl impl, unsigned int batch,
			     struct sk_buff **frags, struct sk_buff **whole)
{
	unsigned int n = DIV_ROUND_UP(c->payload, BENCH_FRAG_DATA);
	unsigned int d, i, off, len;
	struct sk_buff *skb;
	u64 t0, t1;

	for (d = 0; d < batch; d++) {
		b->id++;
		for (i = 0; i < n; i++) {
			off = i * BENCH_FRAG_DATA;
			len = min_t(unsigned int, BENCH_FRAG_DATA,
				    c->payload - off);
			skb = bench_rx_frag(b, off, len, i + 1 < n);
			frags[d * n + (c->reversed ? n - 1 - i : i)] = skb;
		}
		whole[d] = NULL;
	}
	for (i = 0; i < batch * n; i++) {
		if (!frags[i])
			goto nomem;
	}

	local_bh_disable();
	t0 = ktime_get_ns();
	for (d = 0; d < batch; d++) {
		for (i = 0; i < n; i++) {
			skb = frags[d * n + i];
			if (impl == BENCH_STOCK) {
				if (!ip_defrag(&init_net, skb,
					       IP_DEFRAG_LOCAL_DELIVER))
					whole[d] = skb;
			} else {
				ipv4alt_reasm_add(b->pn, skb, jiffies, &skb);
				if (skb)
					whole[d] = skb;
			}
		}
	}
	t1 = ktime_get_ns();
	local_bh_enable();

	for (d = 0; d < batch; d++) {
		if (!whole[d] || whole[d]->len != sizeof(struct iphdr) + c->payload)
			b->errors++;
		kfree_skb(whole[d]);
	}
	return t1 - t0;

nomem:
	for (i = 0; i < batch * n; i++)
		kfree_skb(frags[i]);
	b->errors++;
	return 0;
}

static int bench_sink(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	bench_sunk++;
	consume_skb(skb);
	return 0;
}

/*
 * A datagram to send: UDP header and payload either in the linear area,
 * or, as with a socket that has NETIF_F_SG, in page frags after 28 linear
 * header bytes.
 */
static struct sk_buff *bench_tx_datagram(struct bench *b, unsigned int len,
					 bool paged)
{
	unsigned int lin = paged ? BENCH_HDRS : len, left, n;
	struct sk_buff *skb;
	struct page *page;
	int i = 0;

	skb = alloc_skb(LL_MAX_HEADER + lin, GFP_KERNEL);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_MAX_HEADER);
	skb_reset_network_header(skb);
	b->id++;
	bench_iph(b, skb_put(skb, sizeof(struct iphdr)), len, 0, b->saddr,
		  b->daddr);
	memset(skb_put(skb, lin - sizeof(struct iphdr)), 0x5a,
	       lin - sizeof(struct iphdr));
	for (left = len - lin; left; left -= n) {
		n = min_t(unsigned int, left, PAGE_SIZE);
		page = alloc_page(GFP_KERNEL);
		if (!page) {
			kfree_skb(skb);
			return NULL;
		}
		memset(page_address(page), 0x5a, n);
		skb_fill_page_desc(skb, i++, page, 0, n);
		skb->len += n;
		skb->data_len += n;
		skb->truesize += PAGE_SIZE;
	}
	skb->protocol = htons(ETH_P_IP);
	skb->dev = b->dev;
	skb->ip_summed = CHECKSUM_NONE;
	memset(IPCB(skb), 0, sizeof(struct inet_skb_parm));
	skb_dst_set(skb, dst_clone(&b->rt->dst));
	return skb;
}

static u64 bench_frag_batch(struct bench *b, const struct bench_frag_case *c,
			    enum bench_impl impl, struct sk_buff **dgrams)
{
	unsigned int per = DIV_ROUND_UP(c->len - sizeof(struct iphdr),
					BENCH_FRAG_DATA);
	unsigned int i;
	u64 t0, t1;

	for (i = 0; i < c->batch; i++)
		dgrams[i] = bench_tx_datagram(b, c->len, c->paged);
	for (i = 0; i < c->batch; i++) {
		if (!dgrams[i]) {
			while (i < c->batch)
				kfree_skb(dgrams[i++]);
			b->errors++;
			return 0;
		}
	}

	bench_sunk = 0;
	local_bh_disable();
	t0 = ktime_get_ns();
	for (i = 0; i < c->batch; i++) {
		if (impl == BENCH_STOCK)
			ip_do_fragment(&init_net, NULL, dgrams[i], bench_sink);
		else
			ipv4alt_fragment(b->pn, &init_net, NULL, dgrams[i],
					 BENCH_MTU, bench_sink);
	}
	t1 = ktime_get_ns();
	local_bh_enable();
	if (bench_sunk != c->batch * per)
		b->errors++;
	return t1 - t0;
}

static u64 bench_ipid_batch(struct bench *b, const struct bench_ipid_case *c,
			    enum bench_impl impl, struct sk_buff *skb)
{
	struct iphdr *iph = ip_hdr(skb);
	__be32 base = iph->daddr;
	unsigned int i;
	u64 t0, t1;

	local_bh_disable();
	t0 = ktime_get_ns();
	for (i = 0; i < BENCH_IPID_CALLS; i++) {
		iph->daddr = base ^ htonl(i & (c->flows - 1));
		if (impl == BENCH_STOCK)
			__ip_select_ident(&init_net, iph, 1);
		else if (c->core)
			iph->id = htons(bench_ipid_reserve(b->pn, iph->saddr,
							   iph->daddr,
							   iph->protocol));
		else
			ipv4alt_ipid_select(b->pn, skb, 1);
	}
	t1 = ktime_get_ns();
	local_bh_enable();
	iph->daddr = base;
	return t1 - t0;
}

/*
 * A frame as the router's input veth receives it from h1: Ethernet header
 * to the device's own address, then a UDP datagram without a checksum.
 */
static struct sk_buff *bench_fwd_frame(struct bench *b, struct bench_fwd *f)
{
	static const u8 h1_mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x01 };
	unsigned int len = BENCH_HDRS + BENCH_FWD_PAYLOAD;
	struct sk_buff *skb;
	struct ethhdr *eth;
	struct udphdr *uh;
	struct iphdr *iph;

	skb = __netdev_alloc_skb_ip_align(f->in, ETH_HLEN + len, GFP_KERNEL);
	if (!skb)
		return NULL;
	eth = skb_put(skb, ETH_HLEN);
	ether_addr_copy(eth->h_dest, f->in->dev_addr);
	ether_addr_copy(eth->h_source, h1_mac);
	eth->h_proto = htons(ETH_P_IP);
	iph = skb_put(skb, sizeof(*iph));
	b->id++;
	bench_iph(b, iph, len, 0, f->saddr, f->daddr);
	uh = skb_put(skb, sizeof(*uh));
	uh->source = htons(40000);
	uh->dest = htons(9);
	uh->len = htons(len - sizeof(*iph));
	uh->check = 0;
	memset(skb_put(skb, BENCH_FWD_PAYLOAD), 0x5a, BENCH_FWD_PAYLOAD);
	skb->protocol = eth_type_trans(skb, f->in);
	return skb;
}

static u64 bench_fwd_tx_packets(struct net_device *dev)
{
	struct rtnl_link_stats64 st;

	dev_get_stats(dev, &st);
	return st.tx_packets;
}

/*
 * Hands BENCH_FWD_BATCH frames to the router's input device as a driver
 * does, with bottom halves off: the timed part ends when the last one is
 * queued on the next hop's veth, which processes them only afterwards.
 */
static u64 bench_fwd_batch(struct bench *b, enum bench_impl impl,
			   unsigned int round, struct sk_buff **skbs)
{
	struct bench_fwd *f = &b->fwd[impl];
	unsigned int i;
	u64 t0, t1, tx;

	for (i = 0; i < BENCH_FWD_BATCH; i++)
		skbs[i] = bench_fwd_frame(b, f);
	for (i = 0; i < BENCH_FWD_BATCH; i++) {
		if (!skbs[i]) {
			for (i = 0; i < BENCH_FWD_BATCH; i++)
				kfree_skb(skbs[i]);
			b->errors++;
			return 0;
		}
	}

	tx = bench_fwd_tx_packets(f->out);
	local_bh_disable();
	t0 = ktime_get_ns();
	for (i = 0; i < BENCH_FWD_BATCH; i++)
		netif_receive_skb(skbs[i]);
	t1 = ktime_get_ns();
	local_bh_enable();
	/* Round 0 resolves the next hop; after it, every frame must leave. */
	if (round && bench_fwd_tx_packets(f->out) - tx != BENCH_FWD_BATCH)
		b->errors++;
	return t1 - t0;
}

static void bench_ipid_cpu(void *arg)
{
	struct bench_allcpus *a = arg;
	struct iphdr iph = {
		.version = 4, .ihl = 5, .protocol = IPPROTO_UDP,
		.saddr = a->b->saddr, .daddr = a->b->daddr,
	};
	unsigned int cpu = smp_processor_id(), i;
	u64 t0;

	if (cpu >= BENCH_ALLCPUS_MAX)
		return;
	t0 = ktime_get_ns();
	for (i = 0; i < BENCH_IPID_CALLS; i++) {
		if (a->impl == BENCH_STOCK)
			__ip_select_ident(&init_net, &iph, 1);
		else
			iph.id = htons(bench_ipid_reserve(a->b->pn, iph.saddr,
							  iph.daddr,
							  iph.protocol));
	}
	a->t1[cpu] = ktime_get_ns();
	a->t0[cpu] = t0;
}

/* Returns the nanoseconds from the first CPU's start to the last's end. */
static u64 bench_ipid_allcpus(struct bench *b, enum bench_impl impl,
			      unsigned int *ops)
{
	struct bench_allcpus *a = kzalloc(sizeof(*a), GFP_KERNEL);
	u64 t0 = U64_MAX, t1 = 0;
	unsigned int cpu;

	*ops = 0;
	if (!a) {
		b->errors++;
		return 0;
	}
	a->b = b;
	a->impl = impl;
	on_each_cpu(bench_ipid_cpu, a, 1);
	for (cpu = 0; cpu < BENCH_ALLCPUS_MAX; cpu++) {
		if (!a->t1[cpu])
			continue;
		t0 = min(t0, a->t0[cpu]);
		t1 = max(t1, a->t1[cpu]);
		*ops += BENCH_IPID_CALLS;
	}
	kfree(a);
	return *ops ? t1 - t0 : 0;
}

/*
 * ID quality (issue 18): what the IDs of each generator tell a receiver
 * and an off-path attacker. Both generators get IDs for the same flows in
 * one loop, back to back, so that they see the same idle times; their
 * random steps need real jiffies to pass, hence the sleeps.
 */
#define IDQ_PROTO		IPPROTO_UDP
#define IDQ_VICTIMS		0x0ac80000	/* 10.200.0.0/16 */
#define IDQ_ATTACKERS		0xc6120000	/* 198.18.0.0 on */
/*
 * Addresses a scan tries, per bucket: the chance that none of 32 per
 * bucket shares the victim's is about e^-32, whatever the bucket count.
 */
#define IDQ_SCAN_PER_BUCKET	32
/* Fresh victims the attacker tries its 1 or 256 addresses on. */
#define IDQ_SHARE_TRIALS_1	65536
#define IDQ_SHARE_TRIALS_256	4096
/* Victims an attacker scans its addresses for; each scan ends at a sharer. */
#define IDQ_SCANS		16
/* The victim sends 0..IDQ_MAX_K datagrams between two attacker samples. */
#define IDQ_MAX_K		16

struct bench_idq_reuse {
	const char *name;
	unsigned int n;		/* victim datagrams measured */
	unsigned int gap;	/* jiffies before each; 0: back to back */
	unsigned int others;	/* other destinations before each */
};

static const struct bench_idq_reuse bench_idq_reuses[] = {
	{ "idq_reuse_b2b", 4096, 0, 0 },
	{ "idq_reuse_1jiffy", 400, 1, 0 },
	{ "idq_reuse_10jiffies", 500, 10, 0 },
	{ "idq_reuse_256dests", 256, 0, 255 },
};

/* Jiffies between the attacker's two samples. */
static const struct {
	unsigned int t;
	unsigned int reps;
} bench_idq_counts[] = {
	{ 1, 400 }, { 10, 200 }, { 100, 40 },
};

/* The next ID of flow (b->saddr, @daddr, UDP), from the real generator. */
static u16 bench_idq_id(struct bench *b, enum bench_impl impl, __be32 daddr)
{
	struct iphdr iph = {
		.protocol = IDQ_PROTO,
		.saddr = b->saddr,
		.daddr = daddr,
	};

	if (impl == BENCH_STOCK) {
		__ip_select_ident(&init_net, &iph, 1);
		return ntohs(iph.id);
	}
	return ipid_reserve(b->pn, b->saddr, daddr, IDQ_PROTO, 1);
}

/* Both implementations or none: the rows only mean something side by side. */
static bool bench_idq_want(const char *name)
{
	return bench_want(name, BENCH_STOCK) && bench_want(name, BENCH_ALT);
}

/*
 * A part that records several rows, all named @group...: it runs when
 * --cases names any of them, so when @group and --cases agree on their
 * common length ("idq_leak" for "idq_leak_exact_t10" as well as for "idq").
 */
static bool bench_idq_group(const char *group)
{
	size_t n = min(strlen(group), strlen(cases));

	return (impls & BIT(BENCH_STOCK)) && (impls & BIT(BENCH_ALT)) &&
	       !strncmp(group, cases, n);
}

/* @milli is the value times 1000: the kernel prints no floating point. */
static void bench_idq_record(struct bench *b, const char *name,
			     const char *sfx, enum bench_impl impl, u64 milli,
			     const char *unit)
{
	b->outlen += scnprintf(b->out + b->outlen, BENCH_OUT_SIZE - b->outlen,
			       "%s%s %s %llu.%03llu %s\n", name, sfx,
			       bench_impl_name[impl], div_u64(milli, 1000),
			       milli % 1000, unit);
}

/*
 * Until jiffies reaches @until, and just after it does. A sleep wakes up
 * to a tick late in the guest, so the last jiffy is spun.
 */
static void bench_idq_wait(unsigned long until)
{
	while (time_before(jiffies, until - 1))
		schedule_timeout_uninterruptible(1);
	while (time_before(jiffies, until))
		cpu_relax();
}

static __be32 bench_idq_victim(void)
{
	return htonl(IDQ_VICTIMS | (get_random_u32() & 0xffff));
}

/*
 * Reuse distance: datagrams of one flow before its ID can repeat, 65536
 * over the mean advance of its IDs per datagram.
 */
static void bench_idq_reuse(struct bench *b, const struct bench_idq_reuse *c)
{
	__be32 victim = bench_idq_victim();
	unsigned long start = jiffies;
	u64 sum[2] = {};
	u16 last[2], id;
	unsigned int i, d;
	int impl;

	for (impl = 0; impl < 2; impl++)
		last[impl] = bench_idq_id(b, impl, victim);
	for (i = 0; i < c->n; i++) {
		/* On a fixed schedule: a late wakeup shortens the next gap. */
		if (c->gap)
			bench_idq_wait(start + (i + 1) * c->gap);
		for (d = 1; d <= c->others; d++)
			for (impl = 0; impl < 2; impl++)
				bench_idq_id(b, impl, victim ^ htonl(d));
		for (impl = 0; impl < 2; impl++) {
			id = bench_idq_id(b, impl, victim);
			sum[impl] += (u16)(id - last[impl]);
			last[impl] = id;
		}
		cond_resched();
	}
	for (impl = 0; impl < 2; impl++)
		bench_idq_record(b, c->name, "", impl,
				 div64_u64(65536000ULL * c->n,
					   max_t(u64, sum[impl], 1)),
				 "datagrams");
}

/*
 * The attacker's test for a shared bucket, as it would run it: its own
 * ID, one of the victim's, its own again, within one jiffy (so that no
 * random step interferes). A shared bucket shows the victim's ID between.
 */
static bool bench_idq_shares(struct bench *b, enum bench_impl impl,
			     __be32 victim, __be32 attacker)
{
	unsigned long j;
	int tries;
	u16 a;

	for (tries = 0; tries < 4; tries++) {
		j = jiffies;
		a = bench_idq_id(b, impl, attacker);
		bench_idq_id(b, impl, victim);
		a = bench_idq_id(b, impl, attacker) - a;
		if (time_before_eq(jiffies, j))
			return a == 2;
	}
	return false;
}

static __be32 bench_idq_attacker(unsigned int i)
{
	return htonl(IDQ_ATTACKERS + i);
}

/* How often does one of @cands attacker addresses share a fresh victim's bucket? */
static void bench_idq_share(struct bench *b, unsigned int cands,
			    unsigned int trials)
{
	unsigned int t, c, found[2] = {};
	__be32 victim;
	int impl;

	for (t = 0; t < trials; t++) {
		victim = bench_idq_victim();
		for (impl = 0; impl < 2; impl++)
			for (c = 0; c < cands; c++)
				if (bench_idq_shares(b, impl, victim,
						     bench_idq_attacker(c))) {
					found[impl]++;
					break;
				}
		cond_resched();
	}
	for (impl = 0; impl < 2; impl++)
		bench_idq_record(b, "idq_leak_share_", cands == 1 ? "1" : "256",
				 impl, div_u64(100000ULL * found[impl], trials),
				 "%");
}

/*
 * Counting: a sharing attacker samples its ID, the victim sends k
 * datagrams halfway through, the attacker samples again T jiffies after
 * the first and takes (delta - 1) for k. Both generators see the same k.
 */
static void bench_idq_count(struct bench *b, __be32 victim,
			    const __be32 *attacker, unsigned int t,
			    unsigned int reps)
{
	unsigned int r, i, k, exact[2] = {};
	u64 err[2] = {};
	u16 first[2];
	unsigned long j0;
	char sfx[8];
	int impl;
	s32 e;

	for (r = 0; r < reps; r++) {
		k = get_random_u32_below(IDQ_MAX_K + 1);
		/* Sample at the start of a jiffy, as a paced attacker would. */
		bench_idq_wait(jiffies + 1);
		j0 = jiffies;
		for (impl = 0; impl < 2; impl++)
			first[impl] = bench_idq_id(b, impl, attacker[impl]);
		bench_idq_wait(j0 + t / 2);
		for (i = 0; i < k; i++)
			for (impl = 0; impl < 2; impl++)
				bench_idq_id(b, impl, victim);
		bench_idq_wait(j0 + t);
		for (impl = 0; impl < 2; impl++) {
			e = (u16)(bench_idq_id(b, impl, attacker[impl]) -
				  first[impl]) - 1 - (s32)k;
			exact[impl] += !e;
			err[impl] += abs(e);
		}
	}
	snprintf(sfx, sizeof(sfx), "%u", t);
	for (impl = 0; impl < 2; impl++) {
		bench_idq_record(b, "idq_leak_exact_t", sfx, impl,
				 div_u64(100000ULL * exact[impl], reps), "%");
		bench_idq_record(b, "idq_leak_error_t", sfx, impl,
				 div_u64(1000ULL * err[impl], reps), "IDs");
	}
}

/*
 * The attacker scans its addresses until one shares a victim's bucket
 * (the mean of IDQ_SCANS victims: the more buckets, the longer), then
 * counts the last victim's datagrams through it.
 */
static void bench_idq_leak(struct bench *b)
{
	__be32 victim = 0, attacker[2] = {};
	unsigned int i, k, n, scanned[2] = {};
	int impl;

	if (bench_idq_want("idq_leak_share_1"))
		bench_idq_share(b, 1, IDQ_SHARE_TRIALS_1);
	if (bench_idq_want("idq_leak_share_256"))
		bench_idq_share(b, 256, IDQ_SHARE_TRIALS_256);
	/* The counting rows need the scan: they count through its result. */
	if (!bench_idq_group("idq_leak_scan") &&
	    !bench_idq_group("idq_leak_exact_t") &&
	    !bench_idq_group("idq_leak_error_t"))
		return;
	for (n = 0; n < IDQ_SCANS; n++) {
		victim = bench_idq_victim();
		attacker[0] = 0;
		attacker[1] = 0;
		for (i = 0; i < IDQ_SCAN_PER_BUCKET * (ipid_mask + 1) &&
		     !(attacker[0] && attacker[1]); i++) {
			for (impl = 0; impl < 2; impl++) {
				if (attacker[impl])
					continue;
				scanned[impl]++;
				if (bench_idq_shares(b, impl, victim,
						     bench_idq_attacker(i)))
					attacker[impl] = bench_idq_attacker(i);
			}
			if (!(i % 256))
				cond_resched();
		}
		if (!attacker[0] || !attacker[1]) {
			b->errors++;
			return;
		}
	}
	for (impl = 0; impl < 2; impl++)
		bench_idq_record(b, "idq_leak_scan", "", impl,
				 div_u64(1000ULL * scanned[impl], IDQ_SCANS),
				 "addresses");
	for (k = 0; k < ARRAY_SIZE(bench_idq_counts); k++)
		bench_idq_count(b, victim, attacker, bench_idq_counts[k].t,
				bench_idq_counts[k].reps);
}

static void bench_idq(struct bench *b)
{
	unsigned int k;

	for (k = 0; k < ARRAY_SIZE(bench_idq_reuses); k++)
		if (bench_idq_want(bench_idq_reuses[k].name))
			bench_idq_reuse(b, &bench_idq_reuses[k]);
	if (bench_idq_group("idq_leak"))
		bench_idq_leak(b);
}

static bool bench_fwd_ready(const struct bench *b)
{
	return b->fwd[BENCH_STOCK].out && b->fwd[BENCH_ALT].out;
}

static int bench_run(struct bench *b)
{
	unsigned int r, k, j, batch, most = 0;
	struct sk_buff **frags, **whole, *skb;
	enum bench_impl impl;
	int err = -ENOMEM;
	u64 ns;

	frags = kvmalloc_array(BENCH_REASM_FRAGS, sizeof(*frags), GFP_KERNEL);
	for (k = 0; k < ARRAY_SIZE(bench_frag_cases); k++)
		most = max(most, bench_frag_cases[k].batch);
	most = max3(most, BENCH_REASM_FRAGS / 2, BENCH_FWD_BATCH);
	whole = kvmalloc_array(most, sizeof(*whole), GFP_KERNEL);
	skb = bench_tx_datagram(b, sizeof(struct iphdr) + 8, false);
	if (!frags || !whole || !skb)
		goto out;

	/* Round 0 warms caches, the allocators and both hash tables up; it
	 * is not recorded.
	 */
	for (r = 0; r <= rounds; r++) {
		for (k = 0; k < ARRAY_SIZE(bench_reasm_cases); k++) {
			const struct bench_reasm_case *c = &bench_reasm_cases[k];

			batch = BENCH_REASM_FRAGS /
				DIV_ROUND_UP(c->payload, BENCH_FRAG_DATA);
			for (j = 0; j < BENCH_REPEAT; j++) {
				impl = (r + k + j) & 1;
				if (!bench_want(c->name, impl))
					continue;
				ns = bench_reasm_batch(b, c, impl, batch,
						       frags, whole);
				bench_record(b, c->name, impl, r, batch, ns);
				cond_resched();
			}
		}
		for (k = 0; k < ARRAY_SIZE(bench_frag_cases); k++) {
			const struct bench_frag_case *c = &bench_frag_cases[k];

			for (j = 0; j < BENCH_REPEAT; j++) {
				impl = (r + k + j) & 1;
				if (!bench_want(c->name, impl))
					continue;
				ns = bench_frag_batch(b, c, impl, whole);
				bench_record(b, c->name, impl, r, c->batch, ns);
				cond_resched();
			}
		}
		for (k = 0; k < ARRAY_SIZE(bench_ipid_cases); k++) {
			const struct bench_ipid_case *c = &bench_ipid_cases[k];

			for (j = 0; j < BENCH_REPEAT; j++) {
				impl = (r + k + j) & 1;
				if (!bench_want(c->name, impl))
					continue;
				ns = bench_ipid_batch(b, c, impl, skb);
				bench_record(b, c->name, impl, r,
					     BENCH_IPID_CALLS, ns);
				cond_resched();
			}
		}
		for (j = 0; j < BENCH_REPEAT; j++) {
			unsigned int ops;

			impl = (r + j) & 1;
			if (!bench_want("ipid_allcpus", impl))
				continue;
			ns = bench_ipid_allcpus(b, impl, &ops);
			if (ops)
				bench_record(b, "ipid_allcpus", impl, r, ops, ns);
			cond_resched();
		}
		for (j = 0; j < BENCH_FWD_REPEAT && bench_fwd_ready(b); j++) {
			impl = (r + j) & 1;
			if (!bench_want("fwd_64", impl))
				continue;
			ns = bench_fwd_batch(b, impl, r, whole);
			bench_record(b, "fwd_64", impl, r, BENCH_FWD_BATCH, ns);
			cond_resched();
		}
	}
	bench_idq(b);
	b->outlen += scnprintf(b->out + b->outlen, BENCH_OUT_SIZE - b->outlen,
			       "errors - 0 0 %u\n", b->errors);
	err = 0;
out:
	kfree_skb(skb);
	kvfree(whole);
	kvfree(frags);
	return err;
}

/* ipv4alt_reasm_expire() may call it; the bench never lets a datagram expire. */
void ipv4alt_icmp_send(struct ipv4alt_net *pn, struct sk_buff *skb, u8 type,
		       u8 code, u32 info)
{
}

/* The routers of scripts/bench/guest, if fwd_pids names them. */
static int bench_fwd_setup(struct bench *b)
{
	struct bench_fwd *f;
	int i;

	if (!fwd_npids)
		return 0;
	if (fwd_npids != 2 || fwd_nsaddr != 2 || fwd_ndaddr != 2)
		return -EINVAL;
	for (i = 0; i < 2; i++) {
		f = &b->fwd[i];
		if (!in4_pton(fwd_saddr[i], -1, (u8 *)&f->saddr, -1, NULL) ||
		    !in4_pton(fwd_daddr[i], -1, (u8 *)&f->daddr, -1, NULL))
			return -EINVAL;
		f->net = get_net_ns_by_pid(fwd_pids[i]);
		if (IS_ERR(f->net)) {
			int err = PTR_ERR(f->net);

			f->net = NULL;
			return err;
		}
		f->in = dev_get_by_name(f->net, "e0");
		f->out = dev_get_by_name(f->net, "e1");
		if (!f->in || !f->out)
			return -ENODEV;
	}
	return 0;
}

static int bench_setup(struct bench *b)
{
	struct flowi4 fl4 = {};
	int err;

	if (!in4_pton(daddr, -1, (u8 *)&b->daddr, -1, NULL))
		return -EINVAL;
	b->dev = dev_get_by_name(&init_net, ifname);
	if (!b->dev)
		return -ENODEV;
	fl4.daddr = b->daddr;
	fl4.flowi4_oif = b->dev->ifindex;
	b->rt = ip_route_output_key(&init_net, &fl4);
	if (IS_ERR(b->rt)) {
		err = PTR_ERR(b->rt);
		b->rt = NULL;
		return err;
	}
	b->saddr = fl4.saddr;
	err = bench_fwd_setup(b);
	if (err)
		return err;

	b->pn = kzalloc(sizeof(*b->pn), GFP_KERNEL);
	if (!b->pn)
		return -ENOMEM;
	b->pn->net = &init_net;
	b->pn->mib = alloc_percpu(struct ipv4alt_mib);
	if (!b->pn->mib)
		return -ENOMEM;
	err = ipv4alt_reasm_net_init(b->pn);
	if (err) {
		free_percpu(b->pn->mib);
		b->pn->mib = NULL;
		return err;
	}
	ipv4alt_ipid_net_init(b->pn);
	return ipv4alt_ipid_init(0);
}

static void bench_teardown(struct bench *b)
{
	int i;

	for (i = 0; i < 2; i++) {
		dev_put(b->fwd[i].in);
		dev_put(b->fwd[i].out);
		if (b->fwd[i].net)
			put_net(b->fwd[i].net);
	}
	if (b->pn && b->pn->mib) {
		ipv4alt_ipid_exit();
		ipv4alt_reasm_net_exit(b->pn);
		free_percpu(b->pn->mib);
	}
	kfree(b->pn);
	if (b->rt)
		ip_rt_put(b->rt);
	dev_put(b->dev);
}

static int __init bench_init(void)
{
	struct bench b = {};
	int err;

	b.out = vzalloc(BENCH_OUT_SIZE);
	if (!b.out)
		return -ENOMEM;
	err = bench_setup(&b);
	if (!err)
		err = bench_run(&b);
	bench_teardown(&b);
	if (err) {
		vfree(b.out);
		return err;
	}
	bench_blob.data = b.out;
	bench_blob.size = b.outlen;
	bench_dir = debugfs_create_dir("ipv4alt_bench", NULL);
	debugfs_create_blob("results", 0444, bench_dir, &bench_blob);
	return 0;
}

static void __exit bench_exit(void)
{
	debugfs_remove(bench_dir);
	vfree(bench_blob.data);
}

module_init(bench_init);
module_exit(bench_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ipv4alt against the stock IPv4 path: microbenchmarks");
