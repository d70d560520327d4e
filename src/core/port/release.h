/*
 * port/release.h — what core needs from storage for releases beyond the
 * shared ticket row (core/change/release.h): their own columns, the
 * changes they group, their deployment windows.  Implemented by
 * store/repo_release.c; the conventions are in port/store.h.
 */
#ifndef SW_CORE_PORT_RELEASE_H
#define SW_CORE_PORT_RELEASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/port/store.h"

struct ticket;
struct ticket_list;

/* Write t's release columns (version, type, notes, stage dates, window,
 * decision) on its row. */
enum sw_err store_release_save(struct store *s, const struct ticket *t, struct sw_error *err);
/* Put change_id in release_id (0: in none). */
enum sw_err store_release_set_change(struct store *s, int64_t change_id, int64_t release_id, struct sw_error *err);
/* The changes in release_id, by id, at most max. */
enum sw_err store_release_changes(struct store *s, int64_t release_id, size_t max, struct ticket_list *out,
				  struct sw_error *err);
/* Releases whose window overlaps [from, to), by its start, at most max;
 * service_id, ci_id, user_id 0 for any; canceled ones with cancelled. */
enum sw_err store_release_windows(struct store *s, int64_t from, int64_t to, int64_t service_id, int64_t ci_id,
				  int64_t user_id, bool cancelled, size_t max, struct ticket_list *out,
				  struct sw_error *err);

#endif
