/*
 * cmd_scale.c — `steward demo --scale N`: a large, realistic data set for
 * benchmarks, fast.  On top of the demo organisation it writes N
 * incidents across states and priorities (each with its creation in the
 * history, a comment, and SLA clocks while open), N/200 problems in every
 * state with about one incident in ten linked to one of them (a problem
 * and its incidents share a title), N/10 CIs with five relationships
 * each, a few hundred services depending on them, and a knowledge base of
 * N/50 articles (400 for 20 000 incidents), and N/10 changes (a year of
 * them behind, three months planned ahead, on the CIs and services, one
 * incident in two hundred caused by one that failed) —
 * straight through the store in batches of a few thousand rows per
 * transaction, not through the per-request operations, so a million
 * incidents take minutes.  A progress bar shows on a terminal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "cli/cli.h"
#include "core/cmdb/cmdb.h"
#include "core/change/change.h"
#include "core/cmdb/service.h"
#include "core/knowledge/article.h"
#include "core/sla/sla.h"
#include "core/ticket/ticket.h"
#include "core/port/store.h"
#include "core/port/account.h"
#include "core/port/change.h"
#include "core/port/cmdb.h"
#include "core/port/knowledge.h"
#include "core/port/measure.h"
#include "core/port/sla.h"
#include "core/port/ticket.h"
#include "base/banned.h"

#define BATCH 5000

static uint64_t rng = 0x2545f4914f6cdd1dULL;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}
static int64_t pick(int64_t n)
{
	return (int64_t)(next() % (uint64_t)n);
}

static void bar(const char *what, int64_t done, int64_t total, bool tty)
{
	if (!tty || (done % 2000 && done != total))
		return;
	int pct = total ? (int)(done * 100 / total) : 100;
	char b[31];
	for (int i = 0; i < 30; i++)
		b[i] = i < pct * 30 / 100 ? '#' : '.';
	b[30] = 0;
	fprintf(stderr, "\r%-10s [%s] %3d%% %lld/%lld", what, b, pct, (long long)done, (long long)total);
	if (done == total)
		fputc('\n', stderr);
}

static const char *const titles[] = {
	"VPN drops every few minutes",
	"Cannot print to the floor printer",
	"Outlook keeps asking for a password",
	"ERP invoice run failed",
	"Laptop will not boot",
	"Wi-Fi slow in meeting room",
	"Shared drive not mapped",
	"Website checkout returns 502",
	"Cannot log in to HR portal",
	"Disk almost full on file server",
	"Teams calls drop",
	"Excel crashes on large files",
	"Password reset",
	"Mobile mail not syncing",
	"Backup job missed",
};
static const char *const states[] = {"new", "in_progress", "on_hold", "resolved", "closed", "canceled"};
static const int state_weights[] = {10, 20, 5, 15, 45, 5};

/* problems: their states (as weights), and what one in each knows */
static const char *const problem_states[] = {
	"new", "under_investigation", "root_cause_known", "known_error", "resolved", "closed", "canceled"};
static const int problem_weights[] = {20, 25, 10, 20, 5, 15, 5};
static const char *const causes[] = {"hardware_failure", "software_defect", "capacity",
				     "change_induced",   "human_error",     "third_party"};
#define NTITLES ((int64_t)(sizeof(titles) / sizeof(titles[0])))

struct scale {
	struct cli_env *env;
	bool tty;
	int64_t users[64];
	size_t user_count;
	int64_t agents[64]; /* the users who may raise a problem; authors and owners of articles */
	size_t agent_count;
	int64_t *problems; /* ids; problems[i] is about titles[i % NTITLES] */
	int64_t problem_count;
	int64_t groups[8];
	size_t group_count;
	int64_t first_ci, ci_count, first_service, service_count;
	int64_t *failed; /* ids of changes that failed or were backed out: causes of incidents */
	int64_t failed_count;
	int64_t policy_response, policy_resolution, calendar_id, policy_id;
};

static enum sw_err flush(struct scale *sc, int64_t *in_tx, struct sw_error *err)
{
	if (!*in_tx)
		return SW_OK;
	*in_tx = 0;
	enum sw_err rc = store_commit(&sc->env->store, err);
	if (rc)
		store_rollback(&sc->env->store);
	arena_release(&sc->env->arena);
	return rc;
}

static enum sw_err tick(struct scale *sc, int64_t *in_tx, struct sw_error *err)
{
	if (*in_tx == BATCH && flush(sc, in_tx, err))
		return err->code;
	if (!*in_tx && store_begin(&sc->env->store, err))
		return err->code;
	(*in_tx)++;
	return SW_OK;
}

static enum sw_err make_cis(struct scale *sc, int64_t n, int64_t *first_id, struct sw_error *err)
{
	struct ci_class app;
	enum sw_err rc = store_class_by_name(&sc->env->store, "application", &app, err);
	if (rc)
		return rc;
	int64_t in_tx = 0, now = sc->env->ctx.now;
	for (int64_t i = 0; i < n; i++) {
		if ((rc = tick(sc, &in_tx, err)))
			return rc;
		char name[48], ext[48];
		snprintf(name, sizeof(name), "app-%07lld", (long long)i);
		snprintf(ext, sizeof(ext), "scale-ci-%lld", (long long)i);
		struct ci k = {.name = name,
			       .class_id = app.id,
			       .status = CI_IN_SERVICE,
			       .environment = "production",
			       .location = "DC1",
			       .external_id = ext,
			       .group_id = sc->groups[i % (int64_t)sc->group_count],
			       .created_at = now,
			       .updated_at = now};
		if ((rc = store_ci_insert(&sc->env->store, &k, err)))
			return rc;
		if (i == 0)
			*first_id = sc->first_ci = k.id;
		bar("CIs", i + 1, n, sc->tty);
	}
	if ((rc = flush(sc, &in_tx, err)))
		return rc;
	/* five relationships each, to CIs made before it (so the graph has depth) */
	static const enum ci_rel_type types[] = {REL_DEPENDS_ON, REL_RUNS_ON, REL_HOSTED_ON, REL_CONNECTS_TO,
						 REL_PART_OF};
	for (int64_t i = 1; i < n; i++) {
		for (int r = 0; r < 5; r++) {
			if ((rc = tick(sc, &in_tx, err)))
				return rc;
			/* one relationship of each type per CI: never a duplicate */
			struct ci_relation x = {.from_id = *first_id + i,
						.to_id = *first_id + pick(i),
						.type = types[r],
						.created_at = now};
			if ((rc = store_rel_insert(&sc->env->store, &x, err)))
				return rc;
		}
		bar("relations", i + 1, n, sc->tty);
	}
	return flush(sc, &in_tx, err);
}

static enum sw_err make_services(struct scale *sc, int64_t n, int64_t first_ci, int64_t cis, struct sw_error *err)
{
	int64_t in_tx = 0;
	enum sw_err rc;
	for (int64_t i = 0; i < n; i++) {
		if ((rc = tick(sc, &in_tx, err)))
			return rc;
		char name[48];
		snprintf(name, sizeof(name), "Service %04lld", (long long)i);
		struct service v = {.name = name,
				    .description = "",
				    .kind = i % 3 ? SVC_TECHNICAL : SVC_BUSINESS,
				    .status = SVC_LIVE,
				    .criticality = (int)(1 + i % 4),
				    .annual_cost = -1,
				    .risk_notes = "",
				    .group_id = sc->groups[i % (int64_t)sc->group_count],
				    .created_at = sc->env->ctx.now,
				    .updated_at = sc->env->ctx.now};
		if ((rc = store_service_insert(&sc->env->store, &v, err)))
			return rc;
		if (i == 0)
			sc->first_service = v.id;
		sc->service_count = i + 1;
		int64_t ids[3];
		size_t k = 0;
		for (int j = 0; cis && j < 3; j++) {
			int64_t id = first_ci + pick(cis);
			bool seen = false;
			for (size_t q = 0; q < k; q++)
				seen |= ids[q] == id;
			if (!seen)
				ids[k++] = id;
		}
		if ((rc = store_service_links(&sc->env->store, v.id, SL_CIS, ids, k, err)))
			return rc;
	}
	return flush(sc, &in_tx, err);
}

/* Pick an index by weight. */
static int weighted(const int *weights, size_t count)
{
	int total = 0, s = 0;
	for (size_t i = 0; i < count; i++)
		total += weights[i];
	int w = (int)pick(total);
	while (w >= weights[s])
		w -= weights[s++];
	return s;
}

/* n problems, written before the incidents so that these can name them.
 * The further a problem got, the more it knows: a root cause from
 * root_cause_known on, a published workaround from known_error on, a
 * review when it is a closed major one. */
static enum sw_err make_problems(struct scale *sc, int64_t n, struct sw_error *err)
{
	int64_t in_tx = 0, now = sc->env->ctx.now, base;
	enum sw_err rc = store_counter_next(&sc->env->store, "problem", &base, err);
	if (rc || (rc = store_counter_set(&sc->env->store, "problem", base + n - 1, err)))
		return rc;
	if (!(sc->problems = calloc((size_t)n + 1, sizeof(*sc->problems))))
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (int64_t i = 0; i < n; i++) {
		if ((rc = tick(sc, &in_tx, err)))
			return rc;
		int s = weighted(problem_weights, sizeof(problem_weights) / sizeof(problem_weights[0]));
		const char *state = problem_states[s];
		bool known = s >= 2 && s != 6, published = s >= 3 && s != 6, done = s == 4 || s == 5;
		bool major = pick(20) == 0;
		int impact = (int)(1 + pick(3)), urgency = (int)(1 + pick(3));
		int64_t created = now - (s == 4 ? pick(5LL * 86400) : pick(300LL * 86400));
		char number[16], title[160];
		snprintf(number, sizeof(number), "PRB%07lld", (long long)(base + i));
		snprintf(title, sizeof(title), "Recurring: %s", titles[i % NTITLES]);
		int64_t requester = sc->agents[pick((int64_t)sc->agent_count)];
		struct ticket t = {
			.number = number,
			.kind = &ticket_kind_problem,
			.state = state,
			.phase = ticket_phase_of(&ticket_kind_problem, state),
			.title = title,
			.description = "Raised from a run of incidents with the same symptoms.",
			.requester_id = requester,
			.group_id = sc->groups[pick((int64_t)sc->group_count)],
			.impact = impact,
			.urgency = urgency,
			.priority = impact + urgency - 1,
			.channel = "agent",
			.symptoms = "Users report the same failure several times a week.",
			.root_cause = known ? "A configuration drift after the last upgrade." : NULL,
			.cause_category = known ? causes[pick(sizeof(causes) / sizeof(causes[0]))] : NULL,
			.workaround = published ? "Restart the affected client; it holds for a day." : NULL,
			.workaround_published_at = published ? created + 2 * 86400 : 0,
			.major = major,
			.major_reason = major ? "Many users affected" : NULL,
			.review_went_well =
				major && s == 5 ? "The workaround reached every incident within an hour." : NULL,
			.review_went_wrong = major && s == 5 ? "The drift went unnoticed for weeks." : NULL,
			.review_actions = major && s == 5 ? "Check configurations after every upgrade." : NULL,
			.resolution_code = done ? "permanent_fix" : NULL,
			.resolution_notes = done ? "Configuration corrected everywhere." : NULL,
			.version = 1,
			.created_at = created,
			.updated_at = created + 3 * 86400,
			.resolved_at = done ? created + 4 * 86400 : 0,
			.closed_at = s >= 5 ? created + 5 * 86400 : 0,
		};
		if ((rc = store_ticket_insert_bulk(&sc->env->store, &t, err)) ||
		    (rc = store_audit_insert(&sc->env->store, created, requester, "ticket", t.id, "create", true,
					     "{\"state\":{\"to\":\"new\"}}", err)))
			return rc;
		/* the moments its states were first reached (time to root cause, to known error) */
		if ((known && (rc = store_problem_stamp(&sc->env->store, t.id, false, created + 86400, err))) ||
		    (published && (rc = store_problem_stamp(&sc->env->store, t.id, true, created + 2 * 86400, err))))
			return rc;
		sc->problems[i] = t.id;
		sc->problem_count = i + 1;
		bar("problems", i + 1, n, sc->tty);
	}
	return flush(sc, &in_tx, err);
}

/* changes: their states (as weights) and how the closed ones went */
static const char *const change_states_w[] = {"new",    "assess", "authorise", "scheduled", "implement",
					      "review", "closed", "rejected",  "canceled"};
static const int change_weights[] = {4, 4, 4, 10, 2, 4, 62, 3, 7};
static const char *const change_ends[] = {"successful", "successful_with_issues", "failed", "backed_out"};
static const int change_end_weights[] = {85, 8, 4, 3};
static const char *const change_titles[] = {
	"Patch the application servers", "Upgrade the database engine",        "Renew the TLS certificates",
	"Add capacity to the web tier",  "Move the file share to new storage", "Update the firewall rules",
	"Deploy the new release",        "Replace a failed disk array",        "Rotate the service credentials",
	"Change the backup schedule",
};
#define NCHANGE_TITLES (sizeof(change_titles) / sizeof(change_titles[0]))

/* n changes on the CIs and services: a year of them behind (most closed),
 * the open ones planned in the next three months, types and risks in the
 * proportions a desk sees; the failed ones are kept for the incidents to
 * name as their cause. */
static enum sw_err make_changes(struct scale *sc, int64_t n, struct sw_error *err)
{
	int64_t in_tx = 0, now = sc->env->ctx.now, base;
	enum sw_err rc = store_counter_next(&sc->env->store, "change", &base, err);
	if (rc || (rc = store_counter_set(&sc->env->store, "change", base + n - 1, err)))
		return rc;
	if (!(sc->failed = calloc((size_t)n + 1, sizeof(*sc->failed))))
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (int64_t i = 0; i < n; i++) {
		if ((rc = tick(sc, &in_tx, err)))
			return rc;
		int s = weighted(change_weights, sizeof(change_weights) / sizeof(change_weights[0]));
		const char *state = change_states_w[s];
		bool ahead = s <= 3, worked = s >= 4 && s <= 6;
		int64_t ty = pick(100);
		const char *type = ty < 40 ? "standard" : ty < 95 ? "normal" : "emergency";
		int64_t start = ahead ? now + 3600 + pick(90LL * 86400) : now - 86400 - pick(365LL * 86400);
		int64_t length = 3600 * (1 + pick(4));
		int64_t created = start - 86400 * (ty >= 95 ? 0 : 2 + pick(12)) - 3600;
		if (created > now)
			created = now - pick(3600);
		const char *end = s == 6 ? change_ends[weighted(change_end_weights, 4)] : NULL;
		char number[16];
		snprintf(number, sizeof(number), "CHG%07lld", (long long)(base + i));
		int64_t owner = sc->agents[pick((int64_t)sc->agent_count)];
		int64_t rk = pick(100);
		struct ticket t = {
			.number = number,
			.kind = &ticket_kind_change,
			.state = state,
			.phase = ticket_phase_of(&ticket_kind_change, state),
			.title = change_titles[i % (int64_t)NCHANGE_TITLES],
			.description = "Planned work on the service; see the plans.",
			.requester_id = owner,
			.group_id = sc->groups[pick((int64_t)sc->group_count)],
			.impact = 2,
			.urgency = 2,
			.priority = 3,
			.channel = "agent",
			.change_type = type,
			.justification = "Keeps the service supported and within capacity.",
			.change_owner_id = owner,
			.planned_start = start,
			.planned_end = start + length,
			.actual_start = worked ? start + 300 : 0,
			.actual_end = s >= 5 && s <= 6 ? start + length - 600 : 0,
			.implementation_plan =
				"1. Announce. 2. Drain traffic. 3. Apply. 4. Verify. 5. Restore traffic.",
			.backout_plan = "Restore the snapshot taken before step 3.",
			.test_plan = "Synthetic checks and a user login.",
			.test_results = s >= 5 ? "All checks passed." : NULL,
			.outage_expected = pick(4) == 0,
			.outage_minutes = 30,
			.risk = rk < 60   ? "low"
				: rk < 90 ? "medium"
				: rk < 98 ? "high"
					  : "very_high",
			.resolution_code = end,
			.resolution_notes = end ? "Implemented as planned." : NULL,
			.version = 1,
			.created_at = created,
			.updated_at = worked ? start + length : created + 3600,
			.resolved_at = s >= 5 && s <= 6 ? start + length : 0,
			.closed_at = s >= 6 ? (s == 6 ? start + length + 86400 : created + 86400) : 0,
		};
		if ((rc = store_ticket_insert_bulk(&sc->env->store, &t, err)) ||
		    (rc = store_audit_insert(&sc->env->store, created, owner, "ticket", t.id, "create", false,
					     "{\"state\":{\"to\":\"new\"}}", err)))
			return rc;
		if (sc->ci_count) {
			int64_t ci[2] = {sc->first_ci + pick(sc->ci_count), 0};
			size_t k = 1;
			if (pick(3) == 0 && (ci[1] = sc->first_ci + pick(sc->ci_count)) != ci[0])
				k = 2;
			if ((rc = store_ticket_cis_set(&sc->env->store, t.id, "affected", ci, k, err)))
				return rc;
		}
		if (sc->service_count) {
			int64_t svc = sc->first_service + pick(sc->service_count);
			if ((rc = store_ticket_services_set(&sc->env->store, t.id, &svc, 1, err)))
				return rc;
		}
		if (end && (strcmp(end, "failed") == 0 || strcmp(end, "backed_out") == 0))
			sc->failed[sc->failed_count++] = t.id;
		bar("changes", i + 1, n, sc->tty);
	}
	return flush(sc, &in_tx, err);
}

static enum sw_err make_incidents(struct scale *sc, int64_t n, struct sw_error *err)
{
	int64_t in_tx = 0, now = sc->env->ctx.now, base;
	/* numbers after the ones taken already; the counter moves past them all */
	enum sw_err rc = store_counter_next(&sc->env->store, "incident", &base, err);
	if (rc || (rc = store_counter_set(&sc->env->store, "incident", base + n - 1, err)))
		return rc;
	for (int64_t i = 0; i < n; i++) {
		if ((rc = tick(sc, &in_tx, err)))
			return rc;
		int s = weighted(state_weights, sizeof(state_weights) / sizeof(state_weights[0]));
		const char *state = states[s];
		int impact = (int)(1 + pick(3)), urgency = (int)(1 + pick(3));
		/* resolved ones are recent: older ones would have been closed by
		 * the scheduler (auto_close_after, 7 days by default), and serving
		 * the data set would start by closing a year of them */
		int64_t created = now - (s == 3 ? pick(5LL * 86400) : pick(365LL * 86400));
		char number[16];
		snprintf(number, sizeof(number), "INC%07lld", (long long)(base + i));
		int64_t title_at = pick(NTITLES);
		const char *title = titles[title_at];
		/* one in ten belongs to a problem about the same title, when there is one */
		int64_t about = (sc->problem_count - 1 - title_at) / NTITLES + 1; /* problems with this title */
		int64_t problem_id = title_at < sc->problem_count && pick(10) == 0
					     ? sc->problems[title_at + NTITLES * pick(about)]
					     : 0;
		struct ticket t = {
			.number = number,
			.kind = &ticket_kind_incident,
			.state = state,
			.phase = ticket_phase_of(&ticket_kind_incident, state),
			.title = title,
			.description = "Reported by phone; details in the comments.",
			.requester_id = sc->users[pick((int64_t)sc->user_count)],
			.group_id = sc->groups[pick((int64_t)sc->group_count)],
			.impact = impact,
			.urgency = urgency,
			.priority = impact + urgency - 1,
			.hold_reason = s == 2 ? "awaiting_vendor" : NULL,
			.resolution_code = s == 3 || s == 4 ? "fixed" : NULL,
			.resolution_notes = s == 3 || s == 4 ? "Fixed and confirmed with the caller." : NULL,
			.version = 1,
			.created_at = created,
			.updated_at = created + 3600,
			.resolved_at = s == 3 || s == 4 ? created + 7200 : 0,
			.closed_at = s >= 4 ? created + 86400 : 0,
			.first_response_at = s ? created + 900 : 0,
			.problem_id = problem_id,
			.caused_by_id = sc->failed_count && pick(200) == 0 ? sc->failed[pick(sc->failed_count)] : 0,
		};
		if ((rc = store_ticket_insert_bulk(&sc->env->store, &t, err)) ||
		    (rc = store_audit_insert(&sc->env->store, created, t.requester_id, "ticket", t.id, "create", false,
					     "{\"state\":{\"to\":\"new\"}}", err)))
			return rc;
		int64_t cid;
		if ((rc = store_comment_insert(&sc->env->store, t.id, t.requester_id, false,
					       "It started this morning and stops me working.", created + 60, &cid,
					       err)) ||
		    (rc = store_audit_insert(
			     &sc->env->store, created + 60, t.requester_id, "ticket", t.id, "comment", false,
			     "{\"body\":{\"to\":\"It started this morning and stops me working.\"}}", err)))
			return rc;
		if (s <= 2) { /* open: a resolution clock */
			struct sla_clock k = {.ticket_id = t.id,
					      .metric = SLA_RESOLUTION,
					      .policy_id = sc->policy_id,
					      .calendar_id = sc->calendar_id,
					      .target = sc->policy_resolution,
					      .state = s == 2 ? SLA_PAUSED : SLA_RUNNING,
					      .since = s == 2 ? 0 : created,
					      .due_at = s == 2 ? 0 : created + sc->policy_resolution,
					      .warn_at = s == 2 ? 0 : created + sc->policy_resolution * 3 / 4};
			/* thresholds already passed were marked by the scheduler at the
			 * time, as on a live system: serving the data set must not start
			 * with a backlog of a year of warnings and breaches */
			if (k.warn_at && k.warn_at <= now)
				k.warned_at = k.warn_at;
			if (k.due_at && k.due_at <= now)
				k.breached_at = k.due_at;
			if ((rc = store_sla_clock_insert(&sc->env->store, &k, err)))
				return rc;
		}
		bar("incidents", i + 1, n, sc->tty);
	}
	return flush(sc, &in_tx, err);
}

/* What the knowledge base's articles are about, and how they are told. */
static const char *const topics[] = {
	"the VPN",
	"the floor printer",
	"Outlook",
	"the ERP invoice run",
	"a laptop that will not boot",
	"meeting-room Wi-Fi",
	"the shared drive",
	"the web shop",
	"the HR portal",
	"the file server",
	"Teams calls",
	"Excel",
	"your password",
	"mobile mail",
	"the backup job",
};
static const char *const openings[] = {"How to fix", "Troubleshooting", "Known error:", "FAQ:", "Set up", "Reset"};
static const char *const kinds[] = {"how_to", "troubleshooting", "known_error", "faq", "how_to", "how_to"};

static enum sw_err make_articles(struct scale *sc, int64_t n, struct sw_error *err)
{
	int64_t in_tx = 0, now = sc->env->ctx.now, base;
	enum sw_err rc = store_counter_next(&sc->env->store, "article", &base, err);
	if (rc || (rc = store_counter_set(&sc->env->store, "article", base + n - 1, err)))
		return rc;
	size_t ntopics = sizeof(topics) / sizeof(topics[0]), nopen = sizeof(openings) / sizeof(openings[0]);
	for (int64_t i = 0; i < n; i++) {
		if ((rc = tick(sc, &in_tx, err)))
			return rc;
		size_t t = (size_t)pick((int64_t)ntopics), o = (size_t)pick((int64_t)nopen);
		char number[16], title[160], summary[200], body[1024];
		snprintf(number, sizeof(number), ARTICLE_NUMBER_PREFIX "%07lld", (long long)(base + i));
		snprintf(title, sizeof(title), "%s %s (%lld)", openings[o], topics[t], (long long)i);
		snprintf(summary, sizeof(summary), "What to do when %s misbehaves, step by step.", topics[t]);
		snprintf(
			body, sizeof(body),
			"Before anything else, check whether %s works for a colleague: if not, it is an outage and the "
			"service desk already knows.\n\nSteps:\n1. Restart %s and sign in again.\n2. Check the "
			"network cable or the Wi-Fi, and the VPN when working from home.\n3. Clear the cached password "
			"in the credential manager.\n\nIf the problem stays, raise an incident and say which steps "
			"you tried; attach a screenshot of the error message.",
			topics[t], topics[t]);
		int state = (int)pick(20); /* 17 in 20 published, 2 drafts, 1 retired */
		int64_t created = now - pick(365LL * 86400);
		struct article a = {.number = number,
				    .state = state < 17   ? ARTICLE_PUBLISHED
					     : state < 19 ? ARTICLE_DRAFT
							  : ARTICLE_RETIRED,
				    .shown_version = 1,
				    .latest_version = 1,
				    .published_version = state < 17 || state == 19 ? 1 : 0,
				    .owner_id = sc->agents[pick((int64_t)sc->agent_count)],
				    .review_by = created + 365LL * 86400 - pick(30LL * 86400),
				    .created_by_id = sc->agents[pick((int64_t)sc->agent_count)],
				    .created_at = created,
				    .updated_at = created,
				    .published_at = state < 17 || state == 19 ? created : 0,
				    .retired_at = state == 19 ? created + 86400 : 0};
		a.review_notified = a.review_by <= now ? a.review_by : 0; /* told at the time, as on a live system */
		const char *keywords[] = {topics[t]};
		enum article_kind kind = KIND_HOW_TO;
		article_kind_parse(kinds[o], &kind);
		struct article_version v = {.version = 1,
					    .state = a.published_version ? VERSION_PUBLISHED : VERSION_DRAFT,
					    .kind = kind,
					    .audience = pick(10) < 7 ? AUDIENCE_EVERYONE : AUDIENCE_AGENTS,
					    .title = title,
					    .summary = summary,
					    .body = body,
					    .body_text = body,
					    .keywords = keywords,
					    .keyword_count = 1,
					    .created_by_id = a.created_by_id,
					    .created_at = created,
					    .updated_at = created,
					    .published_by_id = a.published_version ? a.created_by_id : 0,
					    .published_at = a.published_at};
		if ((rc = store_article_insert(&sc->env->store, &a, err)))
			return rc;
		v.article_id = a.id;
		if ((rc = store_article_version_insert(&sc->env->store, &v, err)) ||
		    (rc = store_article_index(&sc->env->store, a.id, &v, err)) ||
		    (rc = store_audit_insert(&sc->env->store, created, a.created_by_id, "article", a.id, "create",
					     false, "{\"state\":{\"to\":\"draft\"}}", err)))
			return rc;
		bar("articles", i + 1, n, sc->tty);
	}
	return flush(sc, &in_tx, err);
}

int demo_scale(struct cli_env *env, int64_t n, int64_t articles)
{
	struct scale sc = {.env = env, .tty = isatty(2) != 0};
	struct sw_error err;
	sw_error_clear(&err);
	int64_t t0 = time_mono_ns();
	struct user_filter uf = {.role = NULL, .active = 1};
	struct page p = {.limit = 64};
	struct user_list users;
	struct group_list groups;
	struct page gp = {.limit = 8};
	struct sla_policy pol;
	if (store_user_list(&env->store, &uf, &p, &users, &err) || store_group_list(&env->store, &gp, &groups, &err) ||
	    store_sla_policy_by_name(&env->store, "P1 critical", &pol, &err)) {
		return cli_error("scale", &err);
	}
	for (size_t i = 0; i < users.count; i++) {
		sc.users[sc.user_count++] = users.items[i].id;
		if (users.items[i].role != ROLE_END_USER)
			sc.agents[sc.agent_count++] = users.items[i].id;
	}
	if (!sc.agent_count) {
		fprintf(stderr, "steward: scale: no agent to raise the problems\n");
		return 1;
	}
	for (size_t i = 0; i < groups.count; i++)
		sc.groups[sc.group_count++] = groups.items[i].id;
	sc.policy_id = pol.id;
	sc.calendar_id = pol.calendar_id;
	sc.policy_resolution = pol.resolution;
	int64_t first_ci = 0, cis = n / 10, services = n / 1000 < 50 ? 50 : (n / 1000 > 500 ? 500 : n / 1000);
	int64_t problems = n / 200;
	if (!articles)
		articles = n / 50 ? n / 50 : 1;
	int64_t changes = n / 10;
	sc.ci_count = cis;
	/* PostgreSQL: the inserts whose ids nothing reads go out without
	 * waiting for their answers (a failure stops the load at the next
	 * read or commit all the same) */
	if (store_bulk_load(&env->store, true, &err) || make_cis(&sc, cis, &first_ci, &err) ||
	    make_services(&sc, services, first_ci, cis, &err) || (problems && make_problems(&sc, problems, &err)) ||
	    (changes && make_changes(&sc, changes, &err)) || make_incidents(&sc, n, &err) ||
	    make_articles(&sc, articles, &err) || store_bulk_load(&env->store, false, &err)) {
		store_rollback(&env->store);
		store_bulk_load(&env->store, false, &err);
		free(sc.problems);
		free(sc.failed);
		return cli_error("scale", &err);
	}
	free(sc.problems);
	free(sc.failed);
	/* the running totals of what was written, at once (store_ticket_insert_bulk) */
	if (store_begin(&env->store, &err) || store_totals_refresh(&env->store, &err) ||
	    store_commit(&env->store, &err)) {
		store_rollback(&env->store);
		return cli_error("scale: running totals", &err);
	}
	/* fresh statistics, or the planner takes a million rows for a handful */
	if (store_analyze(&env->store, &err)) {
		return cli_error("scale: analyze", &err);
	}
	double secs = (double)(time_mono_ns() - t0) / 1e9;
	printf("scale: %lld incidents, %lld problems, %lld changes, %lld CIs, %lld relationships, %lld services, "
	       "%lld articles in %.1f s\n",
	       (long long)n, (long long)problems, (long long)changes, (long long)cis,
	       (long long)(cis ? (cis - 1) * 5 : 0), (long long)services, (long long)articles, secs);
	return 0;
}
