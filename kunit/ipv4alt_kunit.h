/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the ipv4alt KUnit suites.
 */
#ifndef _IPV4ALT_KUNIT_H
#define _IPV4ALT_KUNIT_H

#include <kunit/test.h>
#include <linux/string.h>

#ifndef KUNIT_ARRAY_PARAM_DESC
/**
 * KUNIT_ARRAY_PARAM_DESC() - Define a parameter generator from an array.
 * @name: prefix of the generator, name##_gen_params.
 * @array: array of test parameters.
 * @desc_member: member of an element that holds its description.
 *
 * Compat definition for kernels before 6.6, whose KUnit lacks it. As
 * upstream's, it copies @desc_member of each element into the KUnit
 * description buffer with strscpy().
 */
#define KUNIT_ARRAY_PARAM_DESC(name, array, desc_member)			\
	static const void *name##_gen_params(const void *prev, char *desc)	\
	{									\
		typeof(array[0]) *const __first = (array);			\
		typeof(__first) __next = prev ? (typeof(__first))prev + 1 :	\
						__first;			\
									\
		if (__next - __first < sizeof(array) / sizeof(__first[0])) {	\
			strscpy(desc, (*__next).desc_member,			\
				KUNIT_PARAM_DESC_SIZE);				\
			return __next;						\
		}								\
		return NULL;							\
	}
#endif

#endif /* _IPV4ALT_KUNIT_H */
