/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipv4alt: the rx_handler and the checks of a received datagram (input.c).
 */
#ifndef _IPV4ALT_INPUT_H
#define _IPV4ALT_INPUT_H

#include <linux/in.h>
#include "ipv4alt.h"

/**
 * enum ipv4alt_rx_verdict - outcome of ipv4alt_validate()
 * @IPV4ALT_RX_OK: the datagram may go on
 * @IPV4ALT_RX_HDR_ERROR: malformed header (InHdrErrors)
 * @IPV4ALT_RX_CSUM_ERROR: bad header checksum (InCsumErrors, InHdrErrors)
 * @IPV4ALT_RX_TRUNCATED: total length beyond the frame (InTruncatedPkts)
 * @IPV4ALT_RX_ADDR_ERROR: source address no host may use (InAddrErrors)
 * @IPV4ALT_RX_NOMEM: trimming the link padding failed (InDiscards)
 */
enum ipv4alt_rx_verdict {
	IPV4ALT_RX_OK,
	IPV4ALT_RX_HDR_ERROR,
	IPV4ALT_RX_CSUM_ERROR,
	IPV4ALT_RX_TRUNCATED,
	IPV4ALT_RX_ADDR_ERROR,
	IPV4ALT_RX_NOMEM,
};

/**
 * ipv4alt_saddr_is_host() - may @saddr be the source of a datagram?
 * @saddr: a source address
 *
 * RFC 1122 3.2.1.3: not a broadcast or multicast address, and not in 0/8
 * ("this network"; ipv4_is_zeronet() tests 0.0.0.0 only since Linux 5.3).
 *
 * Return: true if @saddr names one host.
 */
static inline bool ipv4alt_saddr_is_host(__be32 saddr)
{
	return !ipv4_is_multicast(saddr) && !ipv4_is_lbcast(saddr) &&
	       (saddr & htonl(IN_CLASSA_NET)) != 0;
}

rx_handler_result_t ipv4alt_handle_frame(struct sk_buff **pskb);

/* Test seams: static unless CONFIG_KUNIT (VISIBLE_IF_KUNIT). */
#if IS_ENABLED(CONFIG_KUNIT)
enum ipv4alt_rx_verdict ipv4alt_validate(struct sk_buff *skb);
bool ipv4alt_loopback_martian(__be32 saddr, __be32 daddr, bool localnet);
#endif

/**
 * ipv4alt_dev_selected() - is ipv4alt in charge of this device?
 * @dev: a device, or NULL
 *
 * Safe without locks: a stale answer only delays the change by a packet.
 *
 * Return: true while ipv4alt holds the device's rx_handler.
 */
static inline bool ipv4alt_dev_selected(const struct net_device *dev)
{
	return dev &&
	       rcu_access_pointer(dev->rx_handler) == ipv4alt_handle_frame;
}

/**
 * ipv4alt_dev_get_rcu() - ipv4alt's state of a selected device
 * @dev: a device
 *
 * Must be called under rcu_read_lock(): releasing a device waits for
 * readers (synchronize_net() in netdev_rx_handler_unregister()).
 *
 * Return: the device's &struct ipv4alt_dev, or NULL if it is not selected.
 */
static inline struct ipv4alt_dev *ipv4alt_dev_get_rcu(const struct net_device *dev)
{
	if (!ipv4alt_dev_selected(dev))
		return NULL;
	return rcu_dereference(dev->rx_handler_data);
}

#endif /* _IPV4ALT_INPUT_H */
