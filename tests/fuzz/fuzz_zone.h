/*
 * fuzz_zone.h — what the fuzz targets of calendar maths share: a zone
 * with EU rules (GMT/BST), built once from a hand-made TZif file so that
 * a target depends on no file of the machine it runs on.
 */
#ifndef SW_FUZZ_ZONE_H
#define SW_FUZZ_ZONE_H

#include "core/sla/tz.h"

static const struct tz *fuzz_zone(void)
{
	static struct tz *z;
	static const unsigned char tzif[] = "TZif2\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
					    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
					    "TZif2\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
					    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1\0\0\0\4"
					    "\0\0\0\0\0\0GMT\0"
					    "\nGMT0BST,M3.5.0/1,M10.5.0\n";
	if (!z) {
		struct sw_error err;
		if (tz_parse("Fuzz/London", tzif, sizeof(tzif) - 1, &z, &err) != SW_OK)
			__builtin_trap();
	}
	return z;
}

#endif
