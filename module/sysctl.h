/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipv4alt: the net.ipv4alt sysctl tables (sysctl.c).
 */
#ifndef _IPV4ALT_SYSCTL_H
#define _IPV4ALT_SYSCTL_H

#include "ipv4alt.h"

int ipv4alt_sysctl_net_init(struct ipv4alt_net *pn);
void ipv4alt_sysctl_net_exit(struct ipv4alt_net *pn);
int ipv4alt_sysctl_dev_register(struct ipv4alt_dev *idev);
void ipv4alt_sysctl_dev_unregister(struct ipv4alt_dev *idev);

#endif /* _IPV4ALT_SYSCTL_H */
