/*
 * change_int.h — what the files of core/change/ share and nothing else
 * uses: a small set of ids, and the CIs and services a change names (its
 * affected sets and its own CI and service), read by conflicts
 * (change.c) and by the risk assessment (risk.c).
 */
#ifndef SW_CORE_CHANGE_INT_H
#define SW_CORE_CHANGE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/core.h"

struct ticket;

/* A set of ids in c's arena, small enough to search by walking it. */
struct change_ids {
	int64_t *v;
	size_t n, cap;
};
bool change_ids_has(const struct change_ids *s, int64_t id);
/* Add id unless it is 0 or already in. */
enum sw_err change_ids_add(struct ctx *c, struct change_ids *s, int64_t id, struct sw_error *err);

/* The CIs t names (its affected set, then its CI) into out. */
enum sw_err change_ci_ids(struct ctx *c, const struct ticket *t, struct change_ids *out, struct sw_error *err);
/* The services t names (its affected set, then its service) into out. */
enum sw_err change_service_ids(struct ctx *c, const struct ticket *t, struct change_ids *out, struct sw_error *err);

#endif
