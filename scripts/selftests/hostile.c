// SPDX-License-Identifier: GPL-2.0
/*
 * Hostile IPv4 frames for ipv4alt's VM scenarios, sent on an AF_PACKET
 * socket from the peer namespace straight to the dut's MAC. On a veth pair
 * each send runs the receiver's softirq before it returns, so a send loop
 * is as fast as the receiver and no frame is lost to a full backlog.
 *
 *   hostile fuzz IFNAME DSTMAC SRC DST COUNT SEED
 *	COUNT frames mutated from valid ones; the source and destination
 *	addresses stay, so everything that passes the header checks is
 *	local. Frames over the MTU are skipped, not counted. Prints the
 *	outcome of the header checks (ipv4alt_validate()) predicted for the
 *	frames sent:
 *	  sent N hdr V csum C trunc T frag F empty E rest R
 *	hdr: InHdrErrors from the header checks (checksum errors not
 *	included); csum: InCsumErrors; trunc: InTruncatedPkts; frag:
 *	fragments that pass the header checks (ReasmReqds); empty: those
 *	of them without payload once one with MF is cut to a multiple of 8
 *	bytes, each of which drops its datagram (one ReasmFails each); rest:
 *	unfragmented datagrams that pass.
 *
 *   hostile smack IFNAME DSTMAC SRC DST DATAGRAMS SLOTS SEED
 *	FragmentSmack: per datagram, the even 8-byte slots of SLOTS in random
 *	order, one fragment overlapping a held one, the odd slots in random
 *	order (the final one among them), and one more overlap. Prints the
 *	number of frames and the time per fragment of each phase.
 *
 *   hostile frags IFNAME DSTMAC SRC DST SECONDS [RATE [SOURCES]]
 *	First fragments (1000 bytes of UDP, MF) with random IDs that never
 *	complete, for SECONDS, at RATE frames a second (0, the default: as
 *	fast as the receiver takes them). SOURCES 1 (the default) sends
 *	them all from SRC; 0 from a random address a.b.1-254.1-254 of
 *	SRC's /16 a.b per frame (a distributed flood; never a.b.0.x, the
 *	link's /24 in the bench, nor .0 or .255). Ends early
 *	on SIGTERM. Prints the number sent and the seconds it took:
 *	  sent N secs S
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int fd;
static struct sockaddr_ll to;
static uint8_t dmac[6], smac[6];
static uint32_t saddr, daddr;
static uint64_t rng;
static volatile sig_atomic_t stop;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng >> 16;
}

static uint32_t below(uint32_t n)
{
	return rnd() % n;
}

static uint16_t csum(const uint8_t *p, int len)
{
	uint32_t s = 0;
	int i;

	for (i = 0; i + 1 < len; i += 2)
		s += p[i] << 8 | p[i + 1];
	if (len & 1)
		s += p[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s & 0xffff;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/*
 * Returns 0 if the frame went out, -1 if it is larger than the MTU (which
 * lifecycle.sh changes under the flood).
 */
static int send_frame(uint8_t *f, int len)
{
	memcpy(f, dmac, 6);
	memcpy(f + 6, smac, 6);
	f[12] = 0x08;
	f[13] = 0x00;
	while (sendto(fd, f, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
		if (errno == EMSGSIZE)
			return -1;
		if (errno != ENOBUFS && errno != EAGAIN)
			die("sendto");
		usleep(1000);
	}
	return 0;
}

/* A plain IPv4 header at @ip, checksum filled in. */
static void ip_header(uint8_t *ip, int ihl, int tot_len, uint16_t id,
		      uint16_t frag_off, uint8_t ttl, uint8_t proto)
{
	ip[0] = 0x40 | ihl;
	ip[1] = 0;
	put16(ip + 2, tot_len);
	put16(ip + 4, id);
	put16(ip + 6, frag_off);
	ip[8] = ttl;
	ip[9] = proto;
	put16(ip + 10, 0);
	memcpy(ip + 12, &saddr, 4);
	memcpy(ip + 16, &daddr, 4);
	put16(ip + 10, csum(ip, ihl * 4));
}

/* Valid options for a base frame: up to 40 bytes at @o; returns the length. */
static int base_options(uint8_t *o)
{
	int n = 0, i;

	switch (below(6)) {
	case 0: /* Record Route with room for 3 addresses */
		o[n++] = 7; o[n++] = 15; o[n++] = 4;
		memset(o + n, 0, 12); n += 12;
		break;
	case 1: /* Timestamp, flag 0, room for 4 */
		o[n++] = 68; o[n++] = 20; o[n++] = 5; o[n++] = 0;
		memset(o + n, 0, 16); n += 16;
		break;
	case 2: /* Router Alert */
		o[n++] = 148; o[n++] = 4; o[n++] = 0; o[n++] = 0;
		break;
	case 3: /* Timestamp with addresses, flag 1 */
		o[n++] = 68; o[n++] = 36; o[n++] = 5; o[n++] = 1;
		memset(o + n, 0, 32); n += 32;
		break;
	case 4: /* an unknown option */
		o[n++] = 0x9e; o[n++] = 6;
		for (i = 0; i < 4; i++)
			o[n++] = rnd();
		break;
	default: /* NOPs and an EOL */
		o[n++] = 1; o[n++] = 1; o[n++] = 1; o[n++] = 0;
		break;
	}
	while (n & 3)
		o[n++] = 0;
	return n;
}

/* Option lengths 0 and 1 (below 2), 255 (past any header), and 3. */
static const uint8_t bad_lens[] = { 0, 1, 255, 3 };

struct tally {
	unsigned long sent, hdr, csum, trunc, frag, empty, rest;
};

/* What ipv4alt_validate() and ipv4alt_reasm_add() make of @ip, @len bytes. */
static void predict(struct tally *t, const uint8_t *ip, int len)
{
	int ihl, tot, plen, fo;

	t->sent++;
	if (len < 20 || ip[0] >> 4 != 4 || (ip[0] & 15) < 5) {
		t->hdr++;
		return;
	}
	ihl = (ip[0] & 15) * 4;
	if (ihl > len) {
		t->hdr++;
		return;
	}
	if (csum(ip, ihl)) {
		t->csum++;
		return;
	}
	tot = ip[2] << 8 | ip[3];
	if (tot > len) {
		t->trunc++;
		return;
	}
	if (tot < ihl) {
		t->hdr++;
		return;
	}
	fo = ip[6] << 8 | ip[7];
	if (!(fo & 0x3fff)) {
		t->rest++;
		return;
	}
	t->frag++;
	plen = tot - ihl;
	if ((fo & 0x2000) ? plen < 8 : plen == 0)
		t->empty++;
}

static void fuzz(unsigned long count)
{
	static uint8_t f[ETH_HLEN + 65536];
	uint8_t *ip = f + ETH_HLEN, *l4;
	struct tally t = {};
	unsigned long i;
	int optlen, ihl, plen, tot, len, m, nmut, k, off;

	for (i = 0; i < count; i++) {
		/* A valid datagram first: ICMP echo or UDP, maybe options,
		 * maybe a fragment.
		 */
		optlen = below(3) ? 0 : base_options(ip + 20);
		ihl = 5 + optlen / 4;
		plen = 8 + below(below(8) ? 64 : 1500);
		l4 = ip + ihl * 4;
		for (k = 0; k < plen; k++)
			l4[k] = rnd();
		if (below(2)) {
			l4[0] = 8; /* echo request */
			l4[1] = 0;
			put16(l4 + 2, 0);
			put16(l4 + 2, csum(l4, plen));
			ip[9] = 1;
		} else {
			put16(l4, 40000 + below(1000));
			put16(l4 + 2, 9);
			put16(l4 + 4, plen);
			put16(l4 + 6, 0);
			ip[9] = 17;
		}
		tot = ihl * 4 + plen;
		ip_header(ip, ihl, tot, rnd(), below(4) ? 0x4000 : 0, 64,
			  ip[9]);
		if (!below(8)) {
			/* A fragment: MF, and an offset sometimes. */
			plen &= ~7;
			if (!plen)
				plen = 8;
			tot = ihl * 4 + plen;
			put16(ip + 2, tot);
			put16(ip + 6, 0x2000 | (below(2) ? below(8192) : 0));
		}
		len = tot;

		/* Then one to three mutations. */
		nmut = 1 + below(3);
		for (m = 0; m < nmut; m++) {
			switch (below(12)) {
			case 0: /* IHL */
				ip[0] = (ip[0] & 0xf0) | below(16);
				break;
			case 1: /* version */
				ip[0] = (ip[0] & 0x0f) | below(16) << 4;
				break;
			case 2: /* total length */
				k = below(4);
				tot = k == 0 ? (int)below(65536) : k == 1 ? 0 :
				      tot + (int)below(17) - 8;
				put16(ip + 2, tot);
				break;
			case 3: /* flags */
				ip[6] = (ip[6] & 0x1f) | below(8) << 5;
				break;
			case 4: /* offset */
				off = below(2) ? below(8192) : below(4);
				ip[6] = (ip[6] & 0xe0) | off >> 8;
				ip[7] = off;
				break;
			case 5: /* TTL */
				ip[8] = below(2) ? below(3) : rnd();
				break;
			case 6: /* protocol */
				ip[9] = rnd();
				break;
			case 7: /* an option byte, or an option length */
				k = (ip[0] & 15) * 4;
				if (k <= 20)
					break;
				off = 20 + below(k - 20);
				ip[off] = below(2) ? bad_lens[below(4)] : rnd();
				break;
			case 8: /* add options with a bad length */
				if ((ip[0] & 15) != 5 || len < 20 || len + 8 > 1500)
					break;
				memmove(ip + 28, ip + 20, len - 20);
				ip[20] = below(2) ? 7 : 68;
				ip[21] = bad_lens[below(4)];
				ip[22] = 4;
				memset(ip + 23, 1, 5);
				ip[0] = 0x47;
				len += 8;
				put16(ip + 2, (ip[2] << 8 | ip[3]) + 8);
				break;
			case 9: /* truncate the L2 frame */
				len = below(len + 1);
				break;
			case 10: /* L2 padding, past the addresses */
				if (len < 20)
					break;
				k = below(64);
				memset(ip + len, 0, k);
				len += k;
				break;
			default: /* a bit of the first 12 header bytes; the
				  * addresses stay, so that every frame that
				  * passes the header checks is local
				  */
				ip[below(12)] ^= 1 << below(8);
				break;
			}
		}
		/* The checksum: mostly right, so that the later checks run. */
		k = (ip[0] & 15) * 4;
		if (k >= 20 && below(16)) {
			put16(ip + 10, 0);
			put16(ip + 10, csum(ip, k));
			if (!below(16))
				ip[10] ^= 1 + below(255);
		}
		/* The MTU of the veth, 1500: a longer frame is refused. */
		if (len > 1500)
			len = 1500;
		if (!send_frame(f, ETH_HLEN + len))
			predict(&t, ip, len);
	}
	printf("sent %lu hdr %lu csum %lu trunc %lu frag %lu empty %lu rest %lu\n",
	       t.sent, t.hdr, t.csum, t.trunc, t.frag, t.empty, t.rest);
}

/* One fragment of @slots 8-byte slots from @slot, UDP. */
static void frag(uint8_t *f, uint16_t id, int slot, int slots, int final)
{
	uint8_t *ip = f + ETH_HLEN;

	memset(ip + 20, 0, slots * 8);
	ip_header(ip, 5, 20 + slots * 8, id, (final ? 0 : 0x2000) | slot, 64,
		  17);
	send_frame(f, ETH_HLEN + 20 + slots * 8);
}

static void shuffle(int *a, int n)
{
	int i, j, x;

	for (i = n - 1; i > 0; i--) {
		j = below(i + 1);
		x = a[i];
		a[i] = a[j];
		a[j] = x;
	}
}

static void smack(int datagrams, int slots)
{
	static uint8_t f[ETH_HLEN + 100];
	int *even = calloc(slots / 2, sizeof(int));
	int *odd = calloc(slots / 2, sizeof(int));
	double t0, t_even = 0, t_odd = 0, t_ovl = 0;
	unsigned long frames = 0;
	int d, i;
	uint16_t id;

	if (!even || !odd || slots < 4 || slots & 1)
		die("smack: slots");
	for (d = 0; d < datagrams; d++) {
		id = rnd();
		for (i = 0; i < slots / 2; i++) {
			even[i] = 2 * i;
			odd[i] = 2 * i + 1;
		}
		shuffle(even, slots / 2);
		shuffle(odd, slots / 2);
		/* Even slots, out of order: slots / 2 separate runs. */
		t0 = now();
		for (i = 0; i < slots / 2; i++)
			frag(f, id, even[i], 1, 0);
		t_even += now() - t0;
		/* Slots 1 and 2: overlaps the held slot 2. */
		t0 = now();
		frag(f, id, 1, 2, 0);
		t_ovl += now() - t0;
		/* The odd slots, the last one final: a new queue. */
		t0 = now();
		for (i = 0; i < slots / 2; i++)
			frag(f, id, odd[i], 1, odd[i] == slots - 1);
		t_odd += now() - t0;
		/* Slots 0 and 1: overlaps the held slot 1. */
		t0 = now();
		frag(f, id, 0, 2, 0);
		t_ovl += now() - t0;
		frames += slots + 2;
	}
	printf("frames %lu us_per_frag_even %.1f us_per_frag_odd %.1f us_per_overlap %.1f\n",
	       frames, t_even * 1e6 / (datagrams * slots / 2),
	       t_odd * 1e6 / (datagrams * slots / 2),
	       t_ovl * 1e6 / (datagrams * 2));
}

/* A random source a.b.1-254.1-254 in SRC's /16 a.b. */
static uint32_t random_source(uint32_t src)
{
	uint32_t h = ntohl(src) & 0xffff0000;

	h |= (1 + below(254)) << 8 | (1 + below(254));
	return htonl(h);
}

static void on_term(int sig)
{
	stop = 1;
}

static void frags(double secs, double rate, int one_source)
{
	static uint8_t f[ETH_HLEN + 1100];
	uint8_t *ip = f + ETH_HLEN;
	uint32_t src = saddr;
	double start = now(), end = start + secs, t;
	unsigned long n = 0;
	int i;

	signal(SIGTERM, on_term);
	memset(ip + 20, 'f', 1000);
	while ((t = now()) < end && !stop) {
		for (i = 0; i < 64 && !stop; i++) {
			if (rate > 0) {
				/* Paced: frame n is due at start + n / rate. */
				double due = start + n / rate;

				if (due > t)
					usleep((due - t) * 1e6);
				if (due >= end)
					break;
			}
			if (!one_source)
				saddr = random_source(src);
			ip_header(ip, 5, 1020, rnd(), 0x2000, 64, 17);
			if (!send_frame(f, ETH_HLEN + 1020))
				n++;
			else
				usleep(1000);
			t = now();
		}
	}
	saddr = src;
	printf("sent %lu secs %.3f\n", n, now() - start);
}

static void mac(const char *s, uint8_t *m)
{
	if (sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &m[0], &m[1], &m[2],
		   &m[3], &m[4], &m[5]) != 6) {
		fprintf(stderr, "bad MAC %s\n", s);
		exit(2);
	}
}

int main(int argc, char **argv)
{
	char path[64];
	FILE *a;

	if (argc < 7) {
		fprintf(stderr, "usage: see the comment at the top of hostile.c\n");
		return 2;
	}
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0)
		die("socket");
	to.sll_family = AF_PACKET;
	to.sll_ifindex = if_nametoindex(argv[2]);
	to.sll_halen = 6;
	if (!to.sll_ifindex)
		die(argv[2]);
	mac(argv[3], dmac);
	memcpy(to.sll_addr, dmac, 6);
	snprintf(path, sizeof(path), "/sys/class/net/%s/address", argv[2]);
	a = fopen(path, "r");
	if (!a || !fgets(path, sizeof(path), a))
		die("own MAC");
	fclose(a);
	mac(path, smac);
	if (inet_pton(AF_INET, argv[4], &saddr) != 1 ||
	    inet_pton(AF_INET, argv[5], &daddr) != 1) {
		fprintf(stderr, "bad address\n");
		return 2;
	}
	if (!strcmp(argv[1], "fuzz") && argc == 8) {
		rng = strtoull(argv[7], NULL, 0) * 2654435761u + 88172645463325252ull;
		fuzz(strtoul(argv[6], NULL, 0));
	} else if (!strcmp(argv[1], "smack") && argc == 9) {
		rng = strtoull(argv[8], NULL, 0) * 2654435761u + 88172645463325252ull;
		smack(atoi(argv[6]), atoi(argv[7]));
	} else if (!strcmp(argv[1], "frags") && argc >= 7 && argc <= 9) {
		rng = (uint64_t)getpid() * 2654435761u + (uint64_t)time(NULL);
		frags(atof(argv[6]), argc > 7 ? atof(argv[7]) : 0,
		      argc > 8 ? atoi(argv[8]) : 1);
	} else {
		fprintf(stderr, "usage: see the comment at the top of hostile.c\n");
		return 2;
	}
	return 0;
}
