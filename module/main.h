/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipv4alt: module parameters and the user namespace policy (main.c).
 */
#ifndef _IPV4ALT_MAIN_H
#define _IPV4ALT_MAIN_H

#include <linux/types.h>

bool ipv4alt_param_selects(const char *name);
bool ipv4alt_userns_allowed(void);

#endif /* _IPV4ALT_MAIN_H */
