// SPDX-License-Identifier: GPL-2.0
/*
 * Reassembly of IPv4 fragments (RFC 791 section 3.2, RFC 815), ipv4alt's
 * own: the stock ip_defrag() never sees a fragment from a selected device.
 *
 * One queue per datagram, keyed by (source, destination, ID, protocol,
 * VRF) in a per-netns rhashtable. A fragment costs one RCU lookup and takes the
 * queue's spinlock. A queue keeps its fragments in an rbtree of runs: a
 * run is a maximal stretch of contiguous fragments, chained through the
 * fragment control block, and only its first skb is a tree node. A
 * fragment that continues the last run, the usual in-order case, is
 * appended without a tree walk. Every queue is also on a per-netns list in
 * creation order: the oldest queue is the first to time out and the first
 * to be evicted when memory runs short.
 *
 * The whole datagram is the offset-0 fragment with the others chained on
 * its frag_list: no payload is copied.
 *
 * The core (ipv4alt_reasm_add(), ipv4alt_reasm_expire()) takes the time as
 * an argument so that KUnit drives it with its own clock; the packet path
 * passes jiffies and one per-netns timer runs expiry.
 */

#include <kunit/visibility.h>
#include <linux/ip.h>
#include <linux/jiffies.h>
#include <linux/rbtree.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/l3mdev.h>
#include <net/route.h>

#include "icmp.h"
#include "ipv4alt.h"
#include "reasm.h"

/**
 * struct ipv4alt_frag_key - what identifies a datagram (RFC 791 3.2)
 * @saddr: source address
 * @daddr: destination address
 * @id: identification
 * @protocol: protocol
 * @pad: zero, so that the key hashes as whole words
 * @vif: the input device's l3mdev (VRF) master, or 0: as in ip_defrag(),
 *	datagrams of different VRFs never merge, whatever their addresses
 */
struct ipv4alt_frag_key {
	__be32 saddr;
	__be32 daddr;
	__be16 id;
	u8 protocol;
	u8 pad;
	int vif;
};

#define IPV4ALT_FQ_FIRST_IN	BIT(0)	/* the offset-0 fragment is held */
#define IPV4ALT_FQ_LAST_IN	BIT(1)	/* the final fragment (MF clear) came */

/**
 * struct ipv4alt_fq - one datagram being reassembled
 * @node: entry in &ipv4alt_reasm.ht
 * @key: the datagram's identity
 * @lock: protects everything below, and @node and @lru membership
 * @dead: unhashed and unlisted; its memory goes after an RCU grace period
 * @flags: IPV4ALT_FQ_FIRST_IN, IPV4ALT_FQ_LAST_IN
 * @ecn: the ECN codepoints seen, one bit each (1 << codepoint)
 * @lru: entry in &ipv4alt_reasm.lru
 * @runs: the runs, keyed by offset
 * @last_run: the run with the highest offset
 * @start: time of the first fragment; the queue expires ipfrag_time later
 * @len: end of the datagram's data: final if LAST_IN, else the highest end
 *	seen
 * @meat: payload bytes held
 * @nfrags: fragments held
 * @mem: bytes charged: skb truesize plus this struct
 * @max_size: largest fragment, header included
 * @max_df_size: largest fragment that had DF set
 * @rcu: frees the queue after readers of the hash table are done
 */
struct ipv4alt_fq {
	struct rhash_head node;
	struct ipv4alt_frag_key key;
	spinlock_t lock; /* the fragments and the fields below */
	bool dead;
	u8 flags;
	u8 ecn;
	struct list_head lru;
	struct rb_root runs;
	struct sk_buff *last_run;
	unsigned long start;
	int len;
	int meat;
	unsigned int nfrags;
	unsigned int mem;
	u16 max_size;
	u16 max_df_size;
	struct rcu_head rcu;
};

/**
 * struct ipv4alt_frag_cb - skb->cb of a held fragment
 * @next_frag: the next fragment of the run
 * @run_tail: the run's last fragment (run heads only)
 * @offset: first payload byte of this fragment in the datagram
 * @end: one past its last payload byte
 * @run_end: one past the run's last payload byte (run heads only)
 * @iif: IPCB(skb)->iif before the control block became this
 * @l3slave: IPSKB_L3SLAVE of IPCB(skb)->flags before that
 */
struct ipv4alt_frag_cb {
	struct sk_buff *next_frag;
	struct sk_buff *run_tail;
	int offset;
	int end;
	int run_end;
	int iif;
	u16 l3slave;
};

#define FRAG_CB(skb) ((struct ipv4alt_frag_cb *)((skb)->cb))

static const struct rhashtable_params ipv4alt_fq_params = {
	.head_offset = offsetof(struct ipv4alt_fq, node),
	.key_offset = offsetof(struct ipv4alt_fq, key),
	.key_len = sizeof(struct ipv4alt_frag_key),
	.automatic_shrinking = true,
};

/* The largest payload a datagram can carry: RFC 791 total length is 16 bits. */
#define IPV4ALT_REASM_MAX_PAYLOAD (IP_MAX_MTU - sizeof(struct iphdr))

static struct sk_buff *rb_to_frag(struct rb_node *n)
{
	return rb_entry(n, struct sk_buff, rbnode);
}

/* Free every held fragment except @keep. */
static void ipv4alt_fq_purge(struct ipv4alt_fq *fq, struct sk_buff *keep,
			     enum skb_drop_reason reason)
{
	struct sk_buff *run, *tmp, *skb, *next;

	lockdep_assert_held(&fq->lock);
	rbtree_postorder_for_each_entry_safe(run, tmp, &fq->runs, rbnode) {
		for (skb = run; skb; skb = next) {
			next = FRAG_CB(skb)->next_frag;
			if (skb != keep)
				kfree_skb_reason(skb, reason);
		}
	}
	fq->runs = RB_ROOT;
	fq->last_run = NULL;
}

/* Take @fq out of the table and the list; it is freed after a grace period. */
static void ipv4alt_fq_unlink(struct ipv4alt_net *pn, struct ipv4alt_fq *fq)
{
	struct ipv4alt_reasm *r = &pn->reasm;

	lockdep_assert_held(&fq->lock);
	fq->dead = true;
	rhashtable_remove_fast(&r->ht, &fq->node, ipv4alt_fq_params);
	spin_lock(&r->lru_lock);
	list_del(&fq->lru);
	spin_unlock(&r->lru_lock);
	atomic_long_sub(fq->mem, &r->mem);
	kfree_rcu(fq, rcu);
}

/*
 * Kill the datagram: free its fragments and the queue. Returns the offset-0
 * fragment, detached and not freed, when @want_first asks for it and it is
 * held. Called with fq->lock held; the caller unlocks.
 */
static struct sk_buff *ipv4alt_fq_kill(struct ipv4alt_net *pn,
				       struct ipv4alt_fq *fq,
				       enum skb_drop_reason reason,
				       bool want_first)
{
	struct sk_buff *first = NULL;
	struct rb_node *n;

	lockdep_assert_held(&fq->lock);
	if (want_first && (fq->flags & IPV4ALT_FQ_FIRST_IN)) {
		n = rb_first(&fq->runs);
		if (n && FRAG_CB(rb_to_frag(n))->offset == 0)
			first = rb_to_frag(n);
	}
	ipv4alt_fq_purge(fq, first, reason);
	ipv4alt_fq_unlink(pn, fq);
	if (first) {
		/* skb->rbnode shares its place with next, prev and dev. */
		memset(&first->rbnode, 0, sizeof(first->rbnode));
		skb_push(first, first->data - skb_network_header(first));
	}
	return first;
}

/*
 * Find the datagram's queue or create it. Runs under rcu_read_lock() with
 * bottom halves off; returns the queue unlocked, or NULL without memory.
 * The caller locks it and, should it be dead by then, looks again.
 */
static struct ipv4alt_fq *ipv4alt_fq_get(struct ipv4alt_net *pn,
					 const struct ipv4alt_frag_key *key,
					 unsigned long now)
{
	struct ipv4alt_reasm *r = &pn->reasm;
	struct ipv4alt_fq *fq, *nfq;

	fq = rhashtable_lookup(&r->ht, key, ipv4alt_fq_params);
	if (fq)
		return fq;

	nfq = kzalloc(sizeof(*nfq), GFP_ATOMIC);
	if (!nfq)
		return NULL;
	nfq->key = *key;
	spin_lock_init(&nfq->lock);
	nfq->runs = RB_ROOT;
	nfq->start = now;
	nfq->mem = sizeof(*nfq);

	/* On the list, and counted, before anyone can find it: whoever kills
	 * it (eviction, expiry) then undoes both. Locked meanwhile, so that
	 * nobody kills it half made.
	 */
	spin_lock(&nfq->lock);
	spin_lock(&r->lru_lock);
	list_add_tail(&nfq->lru, &r->lru);
	spin_unlock(&r->lru_lock);
	atomic_long_add(nfq->mem, &r->mem);
	fq = rhashtable_lookup_get_insert_fast(&r->ht, &nfq->node,
					       ipv4alt_fq_params);
	if (likely(!fq)) {
		spin_unlock(&nfq->lock);
		return nfq;
	}

	/* Another cpu created it first, or the table is out of memory. */
	nfq->dead = true;
	spin_lock(&r->lru_lock);
	list_del(&nfq->lru);
	spin_unlock(&r->lru_lock);
	atomic_long_sub(nfq->mem, &r->mem);
	spin_unlock(&nfq->lock);
	kfree_rcu(nfq, rcu);
	return IS_ERR(fq) ? NULL : fq;
}

/**
 * struct ipv4alt_fq_pos - where a new fragment goes
 * @pred: the run starting at or before the fragment, or NULL
 * @succ: the run starting after it, or NULL
 * @parent: tree parent for a new run
 * @link: tree link for a new run
 */
struct ipv4alt_fq_pos {
	struct sk_buff *pred;
	struct sk_buff *succ;
	struct rb_node *parent;
	struct rb_node **link;
};

/*
 * RFC 5722 section 4 (written for IPv6; Linux applies it to IPv4 alike):
 * overlapping fragments are an attack on the receiver's view of the
 * datagram, so any overlap discards the whole datagram. A fragment wholly
 * inside data already held changes nothing and is a duplicate. Runs are
 * maximal, so "inside data held" means inside one run.
 */
static enum ipv4alt_reasm_verdict
ipv4alt_fq_locate(struct ipv4alt_fq *fq, int offset, int end,
		  struct ipv4alt_fq_pos *pos)
{
	struct sk_buff *run = fq->last_run;

	lockdep_assert_held(&fq->lock);
	pos->pred = NULL;
	pos->succ = NULL;
	/* In-order arrival: at or after the end of the last run. */
	if (run && offset >= FRAG_CB(run)->run_end) {
		pos->pred = run;
		pos->parent = &run->rbnode;
		pos->link = &run->rbnode.rb_right;
		return IPV4ALT_REASM_QUEUED;
	}

	pos->parent = NULL;
	pos->link = &fq->runs.rb_node;
	while (*pos->link) {
		pos->parent = *pos->link;
		run = rb_to_frag(pos->parent);
		if (FRAG_CB(run)->offset <= offset) {
			pos->pred = run;
			pos->link = &pos->parent->rb_right;
		} else {
			pos->succ = run;
			pos->link = &pos->parent->rb_left;
		}
	}
	if (pos->pred && offset < FRAG_CB(pos->pred)->run_end)
		return end <= FRAG_CB(pos->pred)->run_end ?
			IPV4ALT_REASM_DUPLICATE : IPV4ALT_REASM_OVERLAP;
	if (pos->succ && end > FRAG_CB(pos->succ)->offset)
		return IPV4ALT_REASM_OVERLAP;
	return IPV4ALT_REASM_QUEUED;
}

static void ipv4alt_fq_link(struct ipv4alt_fq *fq, struct sk_buff *skb,
			    const struct ipv4alt_fq_pos *pos)
{
	struct ipv4alt_frag_cb *cb = FRAG_CB(skb);
	struct sk_buff *run = pos->pred, *succ = pos->succ;

	lockdep_assert_held(&fq->lock);
	cb->next_frag = NULL;
	if (run && cb->offset == FRAG_CB(run)->run_end) {
		FRAG_CB(FRAG_CB(run)->run_tail)->next_frag = skb;
	} else {
		run = skb;
		rb_link_node(&skb->rbnode, pos->parent, pos->link);
		rb_insert_color(&skb->rbnode, &fq->runs);
		if (!fq->last_run ||
		    cb->offset > FRAG_CB(fq->last_run)->offset)
			fq->last_run = skb;
	}
	FRAG_CB(run)->run_tail = skb;
	FRAG_CB(run)->run_end = cb->end;

	/* Filled the gap before the next run: the two become one. */
	if (succ && cb->end == FRAG_CB(succ)->offset) {
		FRAG_CB(skb)->next_frag = succ;
		FRAG_CB(run)->run_tail = FRAG_CB(succ)->run_tail;
		FRAG_CB(run)->run_end = FRAG_CB(succ)->run_end;
		rb_erase(&succ->rbnode, &fq->runs);
		if (fq->last_run == succ)
			fq->last_run = run;
	}
}

/*
 * RFC 3168 section 5.3: a CE fragment marks the whole datagram CE; a
 * datagram mixing Not-ECT with ECT or CE fragments must be dropped. Returns
 * the bits to OR into the TOS byte, or -1 to drop.
 */
static int ipv4alt_reasm_ecn(u8 seen)
{
	if (seen & BIT(INET_ECN_NOT_ECT))
		return seen == BIT(INET_ECN_NOT_ECT) ? 0 : -1;
	if (seen & BIT(INET_ECN_CE))
		return INET_ECN_CE;
	return 0;
}

/*
 * Turn the complete queue into one datagram: the offset-0 fragment with the
 * others on its frag_list. On failure the queue is killed and NULL returned
 * with *verdict set. Called with fq->lock held.
 */
static struct sk_buff *ipv4alt_fq_build(struct ipv4alt_net *pn,
					struct ipv4alt_fq *fq,
					enum ipv4alt_reasm_verdict *verdict)
{
	struct sk_buff *head, *fp, *next, **link;
	struct rb_node *n = rb_first(&fq->runs);
	unsigned int ihl, len;
	struct iphdr *iph;
	int ecn, iif;
	u16 l3slave;

	lockdep_assert_held(&fq->lock);
	head = rb_to_frag(n);
	if (WARN_ON_ONCE(FRAG_CB(head)->offset != 0 || rb_next(n)))
		goto nomem;

	ecn = ipv4alt_reasm_ecn(fq->ecn);
	if (ecn < 0) {
		*verdict = IPV4ALT_REASM_ECN;
		ipv4alt_fq_kill(pn, fq, SKB_DROP_REASON_IP_INHDR, false);
		return NULL;
	}
	ihl = head->data - skb_network_header(head);
	len = ihl + fq->len;
	if (len > IP_MAX_MTU) {
		*verdict = IPV4ALT_REASM_TOO_BIG;
		ipv4alt_fq_kill(pn, fq, SKB_DROP_REASON_PKT_TOO_BIG, false);
		return NULL;
	}
	/* The header is rewritten and frag_list set: both must be ours. */
	if (skb_unclone(head, GFP_ATOMIC))
		goto nomem;

	fp = FRAG_CB(head)->next_frag;
	fq->runs = RB_ROOT;
	fq->last_run = NULL;
	memset(&head->rbnode, 0, sizeof(head->rbnode));

	/* A head that came with a frag_list of its own keeps it in front. */
	link = &skb_shinfo(head)->frag_list;
	while (*link)
		link = &(*link)->next;
	for (; fp; fp = next) {
		next = FRAG_CB(fp)->next_frag;
		memset(&fp->rbnode, 0, sizeof(fp->rbnode));
		*link = fp;
		link = &fp->next;
		head->data_len += fp->len;
		head->len += fp->len;
		head->truesize += fp->truesize;
		if (head->ip_summed != fp->ip_summed)
			head->ip_summed = CHECKSUM_NONE;
		else if (head->ip_summed == CHECKSUM_COMPLETE)
			head->csum = csum_add(head->csum, fp->csum);
	}
	*link = NULL;

	/* A valid IP header sums to zero, so the csum stays right. */
	skb_push(head, ihl);
	iph = ip_hdr(head);
	iph->tot_len = htons(len);
	iph->tos |= ecn;

	/* For re-fragmentation on forward, as ip_frag_reasm() records it:
	 * DF and IPSKB_FRAG_PMTU only when the largest fragment had DF, so
	 * that one small DF fragment does not force tiny fragments.
	 */
	iif = FRAG_CB(head)->iif ?: head->skb_iif;
	l3slave = FRAG_CB(head)->l3slave;
	memset(IPCB(head), 0, sizeof(struct inet_skb_parm));
	IPCB(head)->iif = iif;
	IPCB(head)->flags = l3slave;
	IPCB(head)->frag_max_size = max(fq->max_df_size, fq->max_size);
	if (fq->max_df_size == fq->max_size) {
		IPCB(head)->flags |= IPSKB_FRAG_PMTU;
		iph->frag_off = htons(IP_DF);
	} else {
		iph->frag_off = 0;
	}
	ip_send_check(iph);

	ipv4alt_fq_unlink(pn, fq);
	ipv4alt_inc(pn, IPV4ALT_MIB_REASM_OKS);
	*verdict = IPV4ALT_REASM_COMPLETE;
	return head;

nomem:
	*verdict = IPV4ALT_REASM_NOMEM;
	ipv4alt_fq_kill(pn, fq, SKB_DROP_REASON_NOMEM, false);
	return NULL;
}

/*
 * Add @skb to @fq. Returns QUEUED (held), COMPLETE (*whole set), or why
 * the fragment, or the whole datagram, was dropped. Counts the failure.
 * Called with fq->lock held.
 */
static enum ipv4alt_reasm_verdict
ipv4alt_fq_add(struct ipv4alt_net *pn, struct ipv4alt_fq *fq,
	       struct sk_buff *skb, struct sk_buff **whole)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int ihl = iph->ihl * 4;
	int offset = (ntohs(iph->frag_off) & IP_OFFSET) << 3;
	int end = offset + skb->len - skb_network_offset(skb) - ihl;
	bool df = iph->frag_off & htons(IP_DF);
	u8 ecn = BIT(iph->tos & INET_ECN_MASK);
	enum ipv4alt_reasm_verdict verdict;
	enum skb_drop_reason reason;
	struct ipv4alt_fq_pos pos;
	unsigned int fragsize;
	u16 l3slave;
	int iif;

	lockdep_assert_held(&fq->lock);
	/* RFC 791 3.2: every fragment but the last carries a multiple of 8
	 * bytes. Like ip_frag_queue(), keep what lies on that grid and let
	 * the rest go; the checks below then judge the shortened fragment.
	 */
	if ((iph->frag_off & htons(IP_MF)) && (end & 7)) {
		end &= ~7;
		if (skb->ip_summed != CHECKSUM_UNNECESSARY)
			skb->ip_summed = CHECKSUM_NONE;
	}

	/* Past the largest datagram: it can never be whole. */
	if (end > IPV4ALT_REASM_MAX_PAYLOAD) {
		verdict = IPV4ALT_REASM_TOO_BIG;
		reason = SKB_DROP_REASON_PKT_TOO_BIG;
		goto kill;
	}

	/* RFC 791 3.2: the final fragment fixes the datagram's length. */
	if (!(iph->frag_off & htons(IP_MF))) {
		if (end < fq->len ||
		    ((fq->flags & IPV4ALT_FQ_LAST_IN) && end != fq->len))
			goto conflict;
		fq->flags |= IPV4ALT_FQ_LAST_IN;
		fq->len = end;
	} else if (end > fq->len) {
		if (fq->flags & IPV4ALT_FQ_LAST_IN)
			goto conflict;
		fq->len = end;
	}
	/* No data, or none left after the cut: ip_frag_queue() gives up
	 * the whole datagram for it.
	 */
	if (end == offset) {
		verdict = IPV4ALT_REASM_MALFORMED;
		reason = SKB_DROP_REASON_IP_INHDR;
		goto kill;
	}

	verdict = ipv4alt_fq_locate(fq, offset, end, &pos);
	if (verdict == IPV4ALT_REASM_DUPLICATE) {
		ipv4alt_inc(pn, IPV4ALT_MIB_REASM_DUPLICATES);
		kfree_skb_reason(skb, IPV4ALT_DROP_DUP_FRAG);
		return verdict;
	}
	if (verdict == IPV4ALT_REASM_OVERLAP) {
		/* The headers are sound, and no core reason names an
		 * overlap: ip_frag_queue() says nothing either, and
		 * ReasmOverlaps says why.
		 */
		ipv4alt_inc(pn, IPV4ALT_MIB_REASM_OVERLAPS);
		reason = SKB_DROP_REASON_NOT_SPECIFIED;
		goto kill;
	}
	if (fq->nfrags >= READ_ONCE(pn->ipfrag_max_frags)) {
		verdict = IPV4ALT_REASM_TOO_MANY;
		reason = SKB_DROP_REASON_PKT_TOO_BIG;
		goto kill;
	}

	/* Keep the payload only; the header stays in the headroom. */
	__skb_pull(skb, skb_network_offset(skb) + ihl);
	if (pskb_trim_rcsum(skb, end - offset)) {
		verdict = IPV4ALT_REASM_NOMEM;
		reason = SKB_DROP_REASON_NOMEM;
		goto kill;
	}
	skb_dst_drop(skb);
	/* skb->cb becomes ours; keep what ip_frag_reasm() keeps of the
	 * IPCB: the VRF slave a datagram came in on, for inet_sdif().
	 */
	iif = IPCB(skb)->iif;
	l3slave = IPCB(skb)->flags & IPSKB_L3SLAVE;
	FRAG_CB(skb)->offset = offset;
	FRAG_CB(skb)->end = end;
	FRAG_CB(skb)->iif = iif;
	FRAG_CB(skb)->l3slave = l3slave;
	ipv4alt_fq_link(fq, skb, &pos);

	fq->nfrags++;
	fq->meat += end - offset;
	fq->mem += skb->truesize;
	atomic_long_add(skb->truesize, &pn->reasm.mem);
	fq->ecn |= ecn;
	if (offset == 0)
		fq->flags |= IPV4ALT_FQ_FIRST_IN;
	fragsize = ihl + end - offset;
	fq->max_size = max_t(unsigned int, fq->max_size, fragsize);
	if (df)
		fq->max_df_size = max_t(unsigned int, fq->max_df_size, fragsize);

	/* No overlaps are held, so all bytes are there when they add up. */
	if ((fq->flags & IPV4ALT_FQ_LAST_IN) && fq->meat == fq->len) {
		*whole = ipv4alt_fq_build(pn, fq, &verdict);
		if (!*whole)
			ipv4alt_inc(pn, IPV4ALT_MIB_REASM_FAILS);
		return verdict;
	}
	return IPV4ALT_REASM_QUEUED;

conflict:
	verdict = IPV4ALT_REASM_CONFLICT;
	reason = SKB_DROP_REASON_IP_INHDR;
kill:
	ipv4alt_inc(pn, IPV4ALT_MIB_REASM_FAILS);
	ipv4alt_fq_kill(pn, fq, reason, false);
	kfree_skb_reason(skb, reason);
	return verdict;
}

/*
 * Kill the oldest queue, counting ReasmFails if @count_fail. Called under
 * rcu_read_lock() with bottom halves off.
 *
 * Return: false if there was none.
 */
static bool ipv4alt_reasm_kill_oldest(struct ipv4alt_net *pn,
				      enum skb_drop_reason reason,
				      bool count_fail)
{
	struct ipv4alt_reasm *r = &pn->reasm;
	struct ipv4alt_fq *fq;

	spin_lock(&r->lru_lock);
	fq = list_first_entry_or_null(&r->lru, struct ipv4alt_fq, lru);
	spin_unlock(&r->lru_lock);
	if (!fq)
		return false;
	spin_lock(&fq->lock);
	if (!fq->dead) {
		if (count_fail)
			ipv4alt_inc(pn, IPV4ALT_MIB_REASM_FAILS);
		ipv4alt_fq_kill(pn, fq, reason, false);
	}
	spin_unlock(&fq->lock);
	return true;
}

/*
 * Evict the oldest queues while memory is above ipfrag_high_thresh, down to
 * ipfrag_low_thresh, where Linux refuses new fragments (design.rst,
 * "Reassembler"). Runs with bottom halves off.
 */
static void ipv4alt_reasm_evict(struct ipv4alt_net *pn)
{
	struct ipv4alt_reasm *r = &pn->reasm;
	long low;

	/* Paired with WRITE_ONCE() in the sysctl handler. */
	if (atomic_long_read(&r->mem) <= READ_ONCE(pn->ipfrag_high_thresh))
		return;
	low = READ_ONCE(pn->ipfrag_low_thresh);

	rcu_read_lock();
	while (atomic_long_read(&r->mem) > low &&
	       ipv4alt_reasm_kill_oldest(pn, SKB_DROP_REASON_NOMEM, true))
		;
	rcu_read_unlock();
}

/**
 * ipv4alt_reasm_add() - add one fragment to its datagram
 * @pn: netns state
 * @skb: a validated fragment (ip_is_fragment()), data at its IP header;
 *	always consumed
 * @now: the time, in jiffies
 * @whole: set to the reassembled datagram on %IPV4ALT_REASM_COMPLETE,
 *	else to NULL
 *
 * The core of reassembly, with the clock passed in. Counts ReasmReqds and
 * the outcome, frees what it drops with a reason, and evicts the oldest
 * datagrams when memory passes ipfrag_high_thresh. A complete datagram has
 * data at its IP header, total length, TOS (ECN) and checksum set, and in
 * IPCB the input ifindex, frag_max_size and IPSKB_FRAG_PMTU. Must run with
 * bottom halves off.
 *
 * Return: what became of the fragment.
 */
VISIBLE_IF_KUNIT
enum ipv4alt_reasm_verdict ipv4alt_reasm_add(struct ipv4alt_net *pn,
					     struct sk_buff *skb,
					     unsigned long now,
					     struct sk_buff **whole)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct ipv4alt_frag_key key = {
		.saddr = iph->saddr,
		.daddr = iph->daddr,
		.id = iph->id,
		.protocol = iph->protocol,
	};
	enum ipv4alt_reasm_verdict verdict;
	struct ipv4alt_fq *fq;

	*whole = NULL;
	ipv4alt_inc(pn, IPV4ALT_MIB_REASM_REQDS);

	rcu_read_lock();
	key.vif = l3mdev_master_ifindex_rcu(skb->dev);
again:
	fq = ipv4alt_fq_get(pn, &key, now);
	if (unlikely(!fq)) {
		rcu_read_unlock();
		ipv4alt_inc(pn, IPV4ALT_MIB_REASM_FAILS);
		kfree_skb_reason(skb, SKB_DROP_REASON_NOMEM);
		return IPV4ALT_REASM_NOMEM;
	}
	spin_lock(&fq->lock);
	if (unlikely(fq->dead)) {
		/* Killed since the lookup, so no longer in the table. */
		spin_unlock(&fq->lock);
		goto again;
	}
	verdict = ipv4alt_fq_add(pn, fq, skb, whole);
	spin_unlock(&fq->lock);
	rcu_read_unlock();

	ipv4alt_reasm_evict(pn);
	return verdict;
}

/**
 * ipv4alt_reasm_expire() - time out the datagrams whose time is up
 * @pn: netns state
 * @now: the time, in jiffies
 * @icmp: receives the offset-0 fragment of each expired datagram that had
 *	one, data at its IP header, for an ICMP time exceeded; the caller
 *	frees them
 *
 * A datagram expires ipfrag_time seconds after its first fragment arrived.
 * RFC 792 and RFC 1122 3.2.2.4: the "fragment reassembly time exceeded"
 * message goes only if fragment zero is available. Must run with bottom
 * halves off.
 *
 * Return: the number of datagrams expired.
 */
VISIBLE_IF_KUNIT
unsigned int ipv4alt_reasm_expire(struct ipv4alt_net *pn, unsigned long now,
				  struct sk_buff_head *icmp)
{
	unsigned long timeout = (unsigned long)READ_ONCE(pn->ipfrag_time) * HZ;
	struct ipv4alt_reasm *r = &pn->reasm;
	struct ipv4alt_fq *fq;
	struct sk_buff *first;
	unsigned int n = 0;

	rcu_read_lock();
	for (;;) {
		spin_lock(&r->lru_lock);
		fq = list_first_entry_or_null(&r->lru, struct ipv4alt_fq, lru);
		if (fq && time_before(now, fq->start + timeout))
			fq = NULL;
		spin_unlock(&r->lru_lock);
		if (!fq)
			break;
		spin_lock(&fq->lock);
		if (!fq->dead) {
			ipv4alt_inc(pn, IPV4ALT_MIB_REASM_FAILS);
			ipv4alt_inc(pn, IPV4ALT_MIB_REASM_TIMEOUT);
			first = ipv4alt_fq_kill(pn, fq, IPV4ALT_DROP_FRAG_TIMEOUT,
						true);
			if (first)
				__skb_queue_tail(icmp, first);
			n++;
		}
		spin_unlock(&fq->lock);
	}
	rcu_read_unlock();
	return n;
}

/* Arm the timer for the oldest datagram's expiry, if it is earlier. */
static void ipv4alt_reasm_arm(struct ipv4alt_net *pn)
{
	struct ipv4alt_reasm *r = &pn->reasm;
	struct ipv4alt_fq *fq;

	spin_lock(&r->lru_lock);
	fq = list_first_entry_or_null(&r->lru, struct ipv4alt_fq, lru);
	if (fq && !r->dead)
		timer_reduce(&r->gc, fq->start +
			     (unsigned long)READ_ONCE(pn->ipfrag_time) * HZ);
	spin_unlock(&r->lru_lock);
}

/*
 * ICMP time exceeded about an expired datagram, from the address it was
 * sent to, like ip_expire(): the fragment's device may be gone by now, so
 * look it up again, and route the fragment afresh. Only a destination
 * host reports (RFC 792), not a router passing the datagram on.
 */
static void ipv4alt_reasm_time_exceeded(struct ipv4alt_net *pn,
					struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct net_device *dev;

	rcu_read_lock();
	dev = dev_get_by_index_rcu(pn->net, skb->skb_iif);
	if (dev) {
		skb->dev = dev;
		if (!ip_route_input_noref(skb, iph->daddr, iph->saddr,
					  iph->tos, dev) &&
		    skb_rtable(skb)->rt_type == RTN_LOCAL)
			ipv4alt_icmp_send(pn, skb, ICMP_TIME_EXCEEDED,
					  ICMP_EXC_FRAGTIME, 0);
	}
	kfree_skb_reason(skb, IPV4ALT_DROP_FRAG_TIMEOUT);
	rcu_read_unlock();
}

static void ipv4alt_reasm_gc(struct timer_list *t)
{
	struct ipv4alt_net *pn = from_timer(pn, t, reasm.gc);
	struct sk_buff_head icmp;
	struct sk_buff *skb;

	__skb_queue_head_init(&icmp);
	ipv4alt_reasm_expire(pn, jiffies, &icmp);
	while ((skb = __skb_dequeue(&icmp)))
		ipv4alt_reasm_time_exceeded(pn, skb);
	ipv4alt_reasm_arm(pn);
}

/**
 * ipv4alt_reasm() - reassemble on the receive path
 * @pn: netns state
 * @skb: a validated fragment, data at its IP header; consumed
 *
 * Return: the whole datagram when @skb completed one, else NULL (held or
 * dropped).
 */
struct sk_buff *ipv4alt_reasm(struct ipv4alt_net *pn, struct sk_buff *skb)
{
	struct net_device *dev = skb->dev;
	enum ipv4alt_reasm_verdict verdict;
	unsigned long now = jiffies;
	struct sk_buff *whole;

	verdict = ipv4alt_reasm_add(pn, skb, now, &whole);
	/* The timer must fire by this datagram's expiry at the latest. When
	 * it is due earlier, the usual case, timer_reduce() returns without
	 * a lock. The devices are gone before netns exit stops the timer, so
	 * this never re-arms it after.
	 */
	if (verdict == IPV4ALT_REASM_QUEUED)
		timer_reduce(&pn->reasm.gc, now +
			     (unsigned long)READ_ONCE(pn->ipfrag_time) * HZ);
	if (whole)
		whole->dev = dev;
	return whole;
}

/**
 * ipv4alt_reasm_mem() - bytes held by the reassembler (ReasmMemory)
 * @pn: netns state
 *
 * Return: skb truesize of the held fragments plus their queues.
 */
unsigned long ipv4alt_reasm_mem(struct ipv4alt_net *pn)
{
	return atomic_long_read(&pn->reasm.mem);
}

/**
 * ipv4alt_reasm_net_init() - set up reassembly in a netns
 * @pn: netns state
 *
 * Sets the ipfrag_* knobs to their defaults.
 *
 * Return: 0 or a negative errno.
 */
int ipv4alt_reasm_net_init(struct ipv4alt_net *pn)
{
	struct ipv4alt_reasm *r = &pn->reasm;

	BUILD_BUG_ON(sizeof(struct ipv4alt_frag_cb) >
		     sizeof_field(struct sk_buff, cb));
	BUILD_BUG_ON(sizeof(struct ipv4alt_frag_key) % sizeof(u32));

	pn->ipfrag_time = IPV4ALT_IPFRAG_TIME;
	pn->ipfrag_high_thresh = IPV4ALT_IPFRAG_HIGH_THRESH;
	pn->ipfrag_low_thresh = IPV4ALT_IPFRAG_LOW_THRESH;
	pn->ipfrag_max_frags = IPV4ALT_IPFRAG_MAX_FRAGS;
	spin_lock_init(&r->lru_lock);
	INIT_LIST_HEAD(&r->lru);
	atomic_long_set(&r->mem, 0);
	r->dead = false;
	timer_setup(&r->gc, ipv4alt_reasm_gc, 0);
	return rhashtable_init(&r->ht, &ipv4alt_fq_params);
}

/**
 * ipv4alt_reasm_net_exit() - free every held datagram of a netns
 * @pn: netns state
 *
 * The netns' devices are gone, so no fragment arrives any more; the timer
 * is stopped for good before the queues are freed.
 */
void ipv4alt_reasm_net_exit(struct ipv4alt_net *pn)
{
	struct ipv4alt_reasm *r = &pn->reasm;

	spin_lock_bh(&r->lru_lock);
	r->dead = true;
	spin_unlock_bh(&r->lru_lock);
	ipv4alt_timer_shutdown_sync(&r->gc);

	local_bh_disable();
	rcu_read_lock();
	while (ipv4alt_reasm_kill_oldest(pn, SKB_DROP_REASON_NOT_SPECIFIED,
					 false))
		;
	rcu_read_unlock();
	local_bh_enable();
	rhashtable_destroy(&r->ht);
}
