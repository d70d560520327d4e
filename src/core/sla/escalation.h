/*
 * escalation.h — the SLA scheduler's work: warnings, breaches, escalation
 * rules, and closing resolved incidents after a while.
 *
 * scheduler_pass() runs inside `steward serve` every few seconds (see
 * cli/scheduler.c).  Each warning and breach is marked on its clock with
 * an UPDATE that only succeeds once, in the same transaction as its audit
 * entry and the escalation actions it causes, so each happens exactly
 * once — across restarts, and with several servers on one PostgreSQL
 * (where an advisory lock also keeps all but one of them idle).
 */
#ifndef SW_CORE_ESCALATION_H
#define SW_CORE_ESCALATION_H

#include <stdatomic.h>

#include "core/model.h"
#include "core/kernel/record.h"
#include "core/sla/sla.h"
#include "base/list.h"

enum esc_event { ESC_WARNING, ESC_BREACH, ESC_EVENT__COUNT };
CORE_VALUE_LIST_DECL(enum esc_event, esc_event_name, esc_event_parse);

enum esc_action { ESC_NOTIFY_MANAGER, ESC_RAISE_PRIORITY, ESC_REASSIGN, ESC_ACTION__COUNT };
CORE_VALUE_LIST_DECL(enum esc_action, esc_action_name, esc_action_parse);

struct escalation_rule {
	RECORD_RULE_HEAD;
	enum esc_event event;
	const char *match_metric; /* NULL = either */
	int match_priority;       /* 0 = any */
	enum esc_action action;
	int64_t group_id; /* reassign: the group to move the ticket to */
	const char *group;
	int64_t created_at, updated_at;
};

/* Its kind and input (struct escalation_rule_input), run by core/kernel/record.h: admins
 * write, agents read. */
/* clang-format off */
#define ESCALATION_RULE_INPUT(GIVEN, PLAIN) \
	GIVEN(const char *, event) GIVEN(const char *, match_metric) GIVEN(const char *, action) \
	GIVEN(const char *, group) GIVEN(int, position) GIVEN(int, match_priority) GIVEN(bool, active)
/* clang-format on */
RECORD_KIND_DECL(escalation_rule_kind, escalation_rule_list, escalation_rule, escalation_rule_input,
		 ESCALATION_RULE_INPUT);

struct scheduler_config {
	int64_t auto_close_s;      /* close incidents resolved this long ago; 0 = never */
	int64_t archive_s;         /* archive tickets closed or canceled this long ago; 0 = never */
	int64_t approval_remind_s; /* remind approvers of approvals pending this long (core/approval); 0 = never */
	int64_t risk_reassess_s;   /* assess open changes' risk again this long after the last time; 0 = never */
	int batch;                 /* at most this many items of each kind per pass */
	/* set when the server is stopping: a pass ends after the clock at hand,
	 * committing what it did (a batch with its escalations can take
	 * seconds, and shutdown waits for it); NULL: never */
	const atomic_bool *stop;
};

struct scheduler_result {
	int warnings, breaches, escalations, closed, archived;
	bool skipped; /* another server holds the scheduler lock */
};

/* One pass at c->now, as the system actor, in one transaction.  Call
 * again while it did a full batch of anything. */
enum sw_err scheduler_pass(struct ctx *c, const struct scheduler_config *cfg, struct scheduler_result *out,
			   struct sw_error *err);

#endif
