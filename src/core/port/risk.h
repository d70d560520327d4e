/*
 * port/risk.h — what core needs from storage for the risk of changes
 * (core/change/risk.h): the settings, the history of the changes sharing
 * a change's CIs, and the assessment stored with the change.
 * Implemented by store/repo_risk.c; the conventions are in port/store.h.
 */
#ifndef SW_CORE_PORT_RISK_H
#define SW_CORE_PORT_RISK_H

#include <stdint.h>

#include "base/err.h"
#include "core/port/store.h"

struct risk_config;

/* Every setting into out (an unknown name in the table is skipped). */
enum sw_err store_risk_config_get(struct store *s, struct risk_config *out, struct sw_error *err);
/* Set one setting by name. */
enum sw_err store_risk_config_set(struct store *s, const char *name, int value, struct sw_error *err);

/* Of the other changes sharing a CI with change_id (its affected CIs and
 * its CI, as written now): how many were completed (have a close code),
 * how many of those failed or were backed out, and how many incidents
 * name one of them as caused_by. */
enum sw_err store_risk_history(struct store *s, int64_t change_id, int64_t *completed, int64_t *failed, int64_t *caused,
			       struct sw_error *err);

/* The assessment as stored on change_id's row: the effective level, the
 * score, the computed level, the override's reason (NULL: none), the
 * factors as text (core/change/risk.c encodes them), when. */
struct risk_stored {
	const char *level, *computed, *reason, *factors;
	int score;
	int64_t at;
};
enum sw_err store_risk_save(struct store *s, int64_t change_id, const struct risk_stored *r, struct sw_error *err);
/* The numbers of at most limit open changes last assessed before
 * before (or never), the oldest assessment first. */
enum sw_err store_risk_stale(struct store *s, int64_t before, int limit, const char ***numbers, size_t *count,
			     struct sw_error *err);
/* The factors' text of change_id (NULL: never assessed). */
enum sw_err store_risk_factors(struct store *s, int64_t change_id, const char **out, struct sw_error *err);

#endif
