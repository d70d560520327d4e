/*
 * port/schedule.h — what core needs from storage for the change schedule:
 * change windows (a record kind) with the services they hold for, and the
 * tokens of iCalendar feeds.  Implemented by store/repo_schedule.c.
 */
#ifndef SW_CORE_PORT_SCHEDULE_H
#define SW_CORE_PORT_SCHEDULE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "core/port/store.h"

struct change_window;
struct change_window_list;
struct feed_token;
struct feed_token_list;

/* struct change_window, named by name; loads and lists fill its services
 * (names and ids, by name) */
extern const struct record_store store_change_windows;
/* Every window (at most WINDOWS_MAX), by name, with its services. */
enum sw_err store_change_window_list(struct store *s, struct change_window_list *out, struct sw_error *err);
/* How many windows there are. */
enum sw_err store_change_window_count(struct store *s, int64_t *count, struct sw_error *err);
/* Replace the services of window id. */
enum sw_err store_change_window_services(struct store *s, int64_t id, const int64_t *service_ids, size_t count,
					 struct sw_error *err);

/* The ids of the services CI ci_id belongs to (for a calendar filtered by
 * CI: the windows of those services hold for it). */
enum sw_err store_ci_service_ids(struct store *s, int64_t ci_id, int64_t **ids, size_t *count, struct sw_error *err);

/* A token: inserted with its hash (id set); found by hash (SW_ENOTFOUND);
 * a user's, newest first; how many of a user's are live; revoked (the
 * user's own, live: *changed 0 otherwise). */
enum sw_err store_feed_token_insert(struct store *s, struct feed_token *t, struct sw_error *err);
enum sw_err store_feed_token_by_hash(struct store *s, const char *hash, struct feed_token *out, struct sw_error *err);
enum sw_err store_feed_tokens_of(struct store *s, int64_t user_id, struct feed_token_list *out, struct sw_error *err);
enum sw_err store_feed_tokens_live(struct store *s, int64_t user_id, int64_t *count, struct sw_error *err);
enum sw_err store_feed_token_revoke(struct store *s, int64_t id, int64_t user_id, int64_t at, int64_t *changed,
				    struct sw_error *err);

#endif
