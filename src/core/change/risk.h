/*
 * risk.h — the computed risk of a change (docs/changes.md#risk): a score
 * from weighted factors, the level it gives, and each factor's
 * contribution, stored with the change and made again whenever the
 * change is written (its CIs, services, type, planned start and plans are
 * inputs); an override of the level with a reason; the factors' weights,
 * parameters and the level thresholds as settings admins change.
 *
 * The factors, each worth at most its weight (points, integers):
 *   services         the services and business objectives the change
 *                    reaches (its affected services and CIs, and what
 *                    depends on them by the CMDB impact walk): 4, 3, 2, 1
 *                    points for a service of criticality 1..4 and 2 per
 *                    objective; weight * sum / services_saturation
 *   type             standard 0, normal weight / 2, emergency weight
 *   failure_rate     of the earlier changes sharing a CI that were
 *                    completed, the share failed or backed out: weight * share
 *   caused_incidents incidents linked as caused by earlier changes sharing
 *                    a CI: weight * count / incidents_saturation
 *   lead_time        hours of notice before the planned start, from the
 *                    assessment: weight * (lead_time_hours - notice) /
 *                    lead_time_hours (nothing without a planned start)
 *   blackout         the planned span falls in a blackout window on its
 *                    services or a global one (schedule_check): weight
 *   no_backout_plan, no_test_plan   the plan is missing: weight
 * Each bounded by its weight, truncated toward zero.  The level: the
 * highest threshold the score reaches (medium, high, very_high), else low.
 */
#ifndef SW_CORE_CHANGE_RISK_H
#define SW_CORE_CHANGE_RISK_H

#include <stdbool.h>
#include <stdint.h>

#include "core/core.h"

struct ticket;
struct ticket_input;

/* The factors, in the order an answer lists them. */
enum risk_factor {
	RISK_SERVICES,
	RISK_TYPE,
	RISK_FAILURE_RATE,
	RISK_CAUSED_INCIDENTS,
	RISK_LEAD_TIME,
	RISK_BLACKOUT,
	RISK_NO_BACKOUT_PLAN,
	RISK_NO_TEST_PLAN,
	RISK_FACTOR__COUNT
};
const char *risk_factor_name(enum risk_factor f);

/* The settings, by name as stored and as the API shows them: the first,
 * then the rest (so that a list can be written with separators). */
/* clang-format off */
#define RISK_SETTINGS(X) X(weight_services) RISK_SETTINGS_REST(X)
#define RISK_SETTINGS_REST(X) \
	X(services_saturation) X(weight_type) X(weight_failure_rate) X(weight_caused_incidents) \
	X(incidents_saturation) X(weight_lead_time) X(lead_time_hours) X(weight_blackout) X(weight_no_backout_plan) \
	X(weight_no_test_plan) X(threshold_medium) X(threshold_high) X(threshold_very_high)
/* clang-format on */
#define RISK_SETTING_MEMBER(name_) int name_;
struct risk_config {
	RISK_SETTINGS(RISK_SETTING_MEMBER)
};
#define RISK_SETTING_SET(name_) bool set_##name_;
struct risk_config_input {
	struct risk_config v;
	RISK_SETTINGS(RISK_SETTING_SET)
};

#define RISK_WEIGHT_MAX 1000      /* a weight: 0..1000 points */
#define RISK_SATURATION_MAX 10000 /* services_saturation, incidents_saturation: 1..10000 */
#define RISK_LEAD_HOURS_MAX 8760  /* lead_time_hours: 1..8760 */
#define RISK_THRESHOLD_MAX 100000 /* thresholds: 1..100000, increasing */

/* The settings (agents). */
enum sw_err risk_config_get(struct ctx *c, struct risk_config *out, struct sw_error *err);
/* Change the settings given (admins): weights 0..RISK_WEIGHT_MAX, the
 * saturations and lead_time_hours from 1, the thresholds from 1 and
 * medium < high < very_high once merged (422 naming each bad one).  One
 * transaction with its audit row (from/to of what changed); changes are
 * assessed again only when next written.  out: the settings now. */
enum sw_err risk_config_set(struct ctx *c, const struct risk_config_input *in, struct risk_config *out,
			    struct sw_error *err);

/* One factor's contribution. */
struct risk_contribution {
	enum risk_factor factor;
	int weight;      /* the most it may add */
	int64_t measure; /* what was measured: points of reach, permille, a count, hours, 0/1 */
	int points;
	const char *detail; /* for people: what was found */
};

struct risk_assessment {
	int score;
	const char *computed; /* the level the score gives */
	const char *level;    /* the effective level: the override's, else computed */
	const char *reason;   /* the override's reason; NULL: none */
	int64_t assessed_at;
	struct risk_contribution factors[RISK_FACTOR__COUNT];
	struct risk_config config; /* the settings now (the thresholds an answer shows) */
};

/* The stored assessment of change number (agents; 404 as ticket_load). */
enum sw_err risk_get(struct ctx *c, const char *number, struct risk_assessment *out, struct sw_error *err);

/* Inside a change's write, after its row and sets are written (the
 * kind's after_write): assess t again and store the result, keeping or
 * setting the override as in says (risk with risk_reason sets one, risk
 * null clears it, neither keeps it), and audit the change of level,
 * score or reason.  from_template: a create from a standard change
 * template, whose risk is an override naming the template. */
enum sw_err risk_refresh(struct ctx *c, const struct ticket_input *in, const struct ticket *before,
			 const struct ticket *t, const char *from_template, struct sw_error *err);

/* For the scheduler (system actor): what a change's risk depends on moves
 * without the change being written (failures and incidents on its CIs,
 * the services its CIs reach, blackout windows, the settings), so open
 * changes whose assessment is older than max_age_s are assessed again,
 * at most batch of them, the oldest first, each in a transaction of its
 * own and as risk_refresh does
 * (an override is kept; a new level, score or reason is audited as
 * risk_assessed).  *assessed counts them.  max_age_s 0: none. */
enum sw_err risk_reassess_pass(struct ctx *c, int64_t max_age_s, int batch, int *assessed, struct sw_error *err);

/* The checks of the override fields of in (before_write): risk a level or
 * null; risk_reason required with a level, refused without risk. */
void risk_input_check(const struct ticket_input *in, struct sw_error *err);

#endif
