/*
 * each.h — EACH(m, a, b, x1, ..., xn): m(a, b, x1), ..., m(a, b, xn),
 * comma-separated, for 1 to 16 names: a table's entries written from one
 * list of members (record copies, answer members) instead of one line of
 * the same macro per member.
 */
#ifndef SW_BASE_EACH_H
#define SW_BASE_EACH_H

#define EACH(m, a, b, ...)                                                                                             \
	EACH_NTH_(__VA_ARGS__, EACH16_, EACH15_, EACH14_, EACH13_, EACH12_, EACH11_, EACH10_, EACH9_, EACH8_, EACH7_,  \
		  EACH6_, EACH5_, EACH4_, EACH3_, EACH2_, EACH1_, -)                                                   \
	(m, a, b, __VA_ARGS__)

#define EACH_NTH_(x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15, x16, nth, ...) nth
/* Each step takes one name more than the one before and adds its entry. */
#define EACH1_(m, a, b, x1) m(a, b, x1)
#define EACH2_(m, a, b, x1, x2) EACH1_(m, a, b, x1), m(a, b, x2)
#define EACH3_(m, a, b, x1, x2, x3) EACH2_(m, a, b, x1, x2), m(a, b, x3)
#define EACH4_(m, a, b, x1, x2, x3, x4) EACH3_(m, a, b, x1, x2, x3), m(a, b, x4)
#define EACH5_(m, a, b, x1, x2, x3, x4, x5) EACH4_(m, a, b, x1, x2, x3, x4), m(a, b, x5)
#define EACH6_(m, a, b, x1, x2, x3, x4, x5, x6) EACH5_(m, a, b, x1, x2, x3, x4, x5), m(a, b, x6)
#define EACH7_(m, a, b, x1, x2, x3, x4, x5, x6, x7) EACH6_(m, a, b, x1, x2, x3, x4, x5, x6), m(a, b, x7)
#define EACH8_(m, a, b, x1, x2, x3, x4, x5, x6, x7, x8) EACH7_(m, a, b, x1, x2, x3, x4, x5, x6, x7), m(a, b, x8)
#define EACH9_(m, a, b, x1, x2, x3, x4, x5, x6, x7, x8, x9) EACH8_(m, a, b, x1, x2, x3, x4, x5, x6, x7, x8), m(a, b, x9)
#define EACH10_(m, a, b, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10)                                                      \
	EACH9_(m, a, b, x1, x2, x3, x4, x5, x6, x7, x8, x9), m(a, b, x10)
#define EACH11_(m, a, b, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11)                                                 \
	EACH10_(m, a, b, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10), m(a, b, x11)
#define EACH12_(m, a, b, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12)                                            \
	EACH11_(m, a, b, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11), m(a, b, x12)
#define EACH13_(m, a, b, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13)                                       \
	EACH12_(m, a, b, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12), m(a, b, x13)
#define EACH14_(m, a, b, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14)                                  \
	EACH13_(m, a, b, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13), m(a, b, x14)
#define EACH15_(m, a, b, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15)                             \
	EACH14_(m, a, b, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14), m(a, b, x15)
#define EACH16_(m, a, b, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15, x16)                        \
	EACH15_(m, a, b, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15), m(a, b, x16)

#endif
