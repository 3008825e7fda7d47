/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipv4alt: the netdevice notifier and device selection (dev.c).
 */
#ifndef _IPV4ALT_DEV_H
#define _IPV4ALT_DEV_H

#include "ipv4alt.h"

int ipv4alt_dev_init(void);
void ipv4alt_dev_exit(void);
int ipv4alt_dev_set_enabled(struct ipv4alt_dev *idev, bool enable);

#endif /* _IPV4ALT_DEV_H */
