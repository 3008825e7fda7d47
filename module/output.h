/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipv4alt: the egress hook (output.c).
 */
#ifndef _IPV4ALT_OUTPUT_H
#define _IPV4ALT_OUTPUT_H

#include "ipv4alt.h"

int ipv4alt_output_net_init(struct net *net);
void ipv4alt_output_net_exit(struct net *net);

#endif /* _IPV4ALT_OUTPUT_H */
