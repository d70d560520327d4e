/*
 * ticket.h — the shared record every process uses: numbering, state
 * machines as data, the priority matrix, and the operations that are the
 * same for every kind (read, comments and work notes, history, watchers,
 * attachments, links).  Kind-specific operations live in their own files
 * (incident.c).
 */
#ifndef SW_CORE_TICKET_H
#define SW_CORE_TICKET_H

#include "core/kernel/authz.h"
#include "core/model.h"
#include "core/port/store.h"

#define TICKET_ACTIONS_MAX 16
#define TICKET_KINDS_MAX 16

/*
 * Ticket kinds are declarations (struct ticket_kind) run by one engine:
 * create, read, list and search, update with If-Match, actions, comments
 * and work notes, attachments, links, watchers, history, live events, SLA
 * clocks and notifications are the same code for every kind.  A kind says
 * what differs: its states, each with a phase; its actions; the value
 * lists its actions ask for; which optional fields it has; and hooks.
 *
 * Phases are what everything outside the kind's own machine reads: the
 * SLA engine stops clocks in the resolved, closed and canceled phases;
 * lists, queue counts and reports call the open and paused phases "open";
 * the scheduler closes tickets in the resolved phase.  So no SQL, SLA,
 * report or notification code names a kind's states.
 */
struct ctx;
struct ticket;
struct ticket_input;
struct ticket_action_input;

/* enum ticket_phase is in model.h, with the record. */
CORE_VALUE_LIST_DECL(enum ticket_phase, ticket_phase_name, ticket_phase_parse);

struct ticket_state {
	const char *name;
	enum ticket_phase phase;
};

/* What an action's body must carry, checked before anything is read. */
enum ticket_action_needs {
	TICKET_NEEDS_NOTHING,
	TICKET_NEEDS_HOLD_REASON, /* reason: one of the kind's hold_reasons */
	TICKET_NEEDS_RESOLUTION,  /* resolution_code (the kind's list) and resolution_notes */
};

/* One transition: the action's name, the states it may start from, the
 * state it leads to, whether an end user may run it on a ticket they
 * requested, and what its body must carry.  What it does beyond moving
 * the state follows from the phases it leaves and enters (ticket_engine.c:
 * entering resolved stamps resolved_at, leaving it for open counts a
 * reopen, entering closed or canceled stamps closed_at, ...). */
/* An action's from list, written in its kind's table:
 * TICKET_FROM("new", "on_hold"). */
#define TICKET_FROM(...) ((const char *const[]){__VA_ARGS__, NULL})
struct ticket_action {
	const char *name;
	const char *const *from; /* NULL-terminated */
	const char *to;
	bool end_user;
	enum ticket_action_needs needs;
	const char *summary; /* for the OpenAPI document */
};

/* Fields beyond the core that a kind may have (struct ticket_kind.fields). */
enum {
	TICKET_FIELD_OUTAGE = 1 << 0,    /* outage_start, outage_end: availability */
	TICKET_FIELD_MAJOR = 1 << 1,     /* major, major_reason */
	TICKET_FIELD_PARENT = 1 << 2,    /* parent: one level of children */
	TICKET_FIELD_TEMPLATE = 1 << 3,  /* template on create */
	TICKET_FIELD_RCA = 1 << 4,       /* symptoms, root cause, workaround, fix, review: problems */
	TICKET_FIELD_PROBLEM = 1 << 5,   /* problem: the problem behind an incident */
	TICKET_FIELD_CIS = 1 << 6,       /* affected_cis: a set of CIs (problems, changes) */
	TICKET_FIELD_CHANGE = 1 << 7,    /* type, plans, schedule, risk, review: changes (core/change/change.h) */
	TICKET_FIELD_TASK = 1 << 8,      /* change, task_order: change tasks */
	TICKET_FIELD_CAUSED_BY = 1 << 9, /* caused_by: the change behind an incident */
	TICKET_FIELD_RELEASE = 1 << 10,  /* version, type, stages, window, notes, go/no-go: releases */
};

/* A kind's use of the approval engine (core/approval/approval.h): a
 * ticket entering state gets a request for approval from the matching
 * approval policy; when every step is approved the action approved runs,
 * on a rejection the action rejected (both from state), in the
 * transaction of the deciding approval.  types and risks: the values a
 * policy's match_type and match_risk may name for this kind (NULL: the
 * kind has none), and type_of and risk_of read them from a ticket.
 * by_hand_without_policy: when no policy applies the ticket waits in state
 * for someone to take the approved or rejected action (changes: their
 * change managers); otherwise it is approved at once. */
struct approval_facts;
struct ticket_approval {
	const char *state;
	const char *approved, *rejected;
	bool by_hand_without_policy;
	const char *const *types, *const *risks; /* NULL-terminated */
	const char *(*type_of)(const struct ticket *t);
	const char *(*risk_of)(const struct ticket *t);
	/* policy_of (optional): the policy a ticket names for itself (a
	 * service request: its catalogue item's), by name into *name; NULL
	 * there, or no hook: the first matching policy of the kind. */
	enum sw_err (*policy_of)(struct ctx *c, const struct ticket *t, const char **name, struct sw_error *err);
	/* facts_of (optional): what a policy's conditional steps are tested
	 * against (a service request: its item's cost and its answers); a
	 * kind without it takes no conditional steps. */
	enum sw_err (*facts_of)(struct ctx *c, const struct ticket *t, struct approval_facts *out,
				struct sw_error *err);
};

struct ticket_kind {
	const char *name;                  /* "incident": the kind column, counters, events */
	const char *prefix;                /* "INC": numbers are the prefix and seven digits */
	const char *path;                  /* "incidents": /api/v1/<path>, links in messages */
	const char *label;                 /* "an incident": messages */
	const char *schema;                /* "Incident": OpenAPI components <schema> and <schema>Input */
	const struct ticket_state *states; /* ended by a NULL name */
	const char *initial;
	const struct ticket_action *actions;
	size_t action_count;
	const char *const *hold_reasons;      /* NULL-terminated; TICKET_NEEDS_HOLD_REASON */
	const char *const *sla_pause_reasons; /* hold reasons that pause SLA clocks */
	const char *const *resolution_codes;  /* NULL-terminated; TICKET_NEEDS_RESOLUTION */
	const char *auto_close; /* the action the scheduler runs when a resolved ticket's confirmation period is over */
	unsigned fields;        /* TICKET_FIELD_* */
	bool agents_only;       /* the desk's own records: end users never see one, by any path */
	bool sla_by_assignment; /* an SLA policy's match_group is the group assigned to the ticket (a task's
				   OLA: the team doing it), not the requester's */
	struct ticket_approval approval; /* optional: .state NULL for none */
	/* Hooks, each optional.  before_write: after the engine has applied
	 * in to t (create: before->id is 0), inside the transaction, before
	 * the row is written; field errors go into err.  after_action: after
	 * the row and its audit entry are written. */
	enum sw_err (*before_write)(struct ctx *c, const struct ticket_input *in, const struct ticket *before,
				    struct ticket *t, struct sw_error *err);
	enum sw_err (*after_action)(struct ctx *c, const struct ticket_action *ac, struct ticket *t,
				    const struct ticket_action_input *in, struct sw_error *err);
	/* after_write: after a create or update wrote the row and its audit
	 * entry (before->id 0 for a create), inside the transaction. */
	enum sw_err (*after_write)(struct ctx *c, const struct ticket_input *in, const struct ticket *before,
				   const struct ticket *t, struct sw_error *err);
	/* may_act: whether actor a may run ac on t beyond what the machine
	 * says (a path only some of the kind's types take, a role only some
	 * actors have): SW_OK, else the refusal in err (SW_EFORBIDDEN, or
	 * SW_ECONFLICT "illegal-transition").  It also keeps ac out of the
	 * allowed actions.  Pure: no storage. */
	enum sw_err (*may_act)(const struct actor *a, const struct ticket *t, const struct ticket_action *ac,
			       struct sw_error *err);
	/* before_action: inside ticket_transition, with t moved to ac's state
	 * (and the engine's stamps) but not yet written: what the new state
	 * needs (field errors into err, a refusal), and the kind's own stamps. */
	enum sw_err (*before_action)(struct ctx *c, const struct ticket_action *ac, const struct ticket *before,
				     const struct ticket_action_input *in, struct ticket *t, struct sw_error *err);
	/* apply_template: for a kind with TICKET_FIELD_TEMPLATE whose
	 * templates are its own (changes: the standard change catalogue),
	 * what a create naming one does to t before the input is applied;
	 * NULL: the incident templates. */
	enum sw_err (*apply_template)(struct ctx *c, const struct ticket_input *in, const char *name, struct ticket *t,
				      struct sw_error *err);
};

/* A kind's names: the kind column's, the number prefix, the URL path,
 * with its article for messages, and the OpenAPI schema's. */
#define TICKET_KIND_NAMES(name_, prefix_, path_, label_, schema_)                                                      \
	.name = (name_), .prefix = (prefix_), .path = (path_), .label = (label_), .schema = (schema_)
/* Its state machine: the states (an array ended by a NULL name), the
 * initial state, and the actions (an array). */
#define TICKET_KIND_MACHINE(states_, initial_, actions_)                                                               \
	.states = (states_), .initial = (initial_), .actions = (actions_),                                             \
	.action_count = sizeof(actions_) / sizeof((actions_)[0])
/* A kind's whole declaration from one list: the const struct ticket_kind
 * var_ with its names (TICKET_KIND_NAMES), its machine
 * (TICKET_KIND_MACHINE) and, after them, the other members it declares
 * (value lists, fields, hooks) as designated initialisers. */
#define TICKET_KIND(var_, name_, prefix_, path_, label_, schema_, states_, initial_, actions_, ...)                    \
	const struct ticket_kind var_ = {TICKET_KIND_NAMES(name_, prefix_, path_, label_, schema_),                    \
					 TICKET_KIND_MACHINE(states_, initial_, actions_), __VA_ARGS__}

extern const struct ticket_kind ticket_kind_incident;    /* incident.c */
extern const struct ticket_kind ticket_kind_problem;     /* problem.c */
extern const struct ticket_kind ticket_kind_change;      /* core/change/change.c */
extern const struct ticket_kind ticket_kind_change_task; /* core/change/change.c */
/* What a row of a kind this process does not register reads as: no
 * states, no actions; ticket_load answers "not found" for it. */
extern const struct ticket_kind ticket_kind_unknown;

/* The registry of kinds.  Incidents are always there; others are added at
 * start-up, before any request (the registry is read without a lock).
 * ticket_kind_register checks the declaration (states, actions, the
 * initial state, a unique name, prefix and path). */
enum sw_err ticket_kind_register(const struct ticket_kind *k, struct sw_error *err);
const struct ticket_kind *ticket_kind_by_name(const char *name); /* NULL when unknown */
/* The kind whose prefix a ticket number begins with (the longest that
 * fits); NULL when none does. */
const struct ticket_kind *ticket_kind_by_number(const char *number);
size_t ticket_kind_count(void);
const struct ticket_kind *ticket_kind_at(size_t i);

const struct ticket_state *ticket_state_find(const struct ticket_kind *k, const char *state);
const struct ticket_action *ticket_action_find(const struct ticket_kind *k, const char *name);
bool ticket_action_from(const struct ticket_action *a, const char *state);
bool ticket_state_valid(const struct ticket_kind *k, const char *state);
/* The phase of state in k (TICKET_PHASE_OPEN for an unknown state). */
enum ticket_phase ticket_phase_of(const struct ticket_kind *k, const char *state);
/* Names of the actions this actor may run on t now, in table order. */
size_t ticket_allowed_actions(const struct actor *a, const struct ticket *t, const char **out, size_t max);

/* What authz.c needs to know about t for the acting user. */
struct authz_ticket ticket_authz_view(const struct ctx *c, const struct ticket *t);

/* A title reduced to its words for grouping similar tickets: lower-case
 * ASCII letters and the bytes of other scripts, runs of anything else
 * (digits, punctuation, space) made one space; in the arena.  "Printer
 * #12 jammed!" and "printer 7 jammed" give "printer jammed". */
const char *ticket_title_key(struct arena *a, const char *title);

/* ITIL impact x urgency matrix: 1..3 each -> priority 1..5; 0 if out of range. */
int ticket_priority(int impact, int urgency);
/* The triage a ticket and a template share, as far as given (set_*):
 * impact and urgency from 1 (high) to 3 (low), a category (NULL clears
 * it) of 1 to LIMIT_CATEGORY_LEN characters; field errors into err. */
void ticket_check_triage(struct sw_error *err, bool set_impact, int impact, bool set_urgency, int urgency,
			 bool set_category, const char *category);

/* Load a ticket of a kind that the actor may read (SW_ENOTFOUND otherwise). */
enum sw_err ticket_load(struct ctx *c, const struct ticket_kind *kind, const char *number, struct ticket *out,
			struct sw_error *err);
/* The same for a write: an archived ticket is SW_ECONFLICT type "archived". */
enum sw_err ticket_load_writable(struct ctx *c, const struct ticket_kind *kind, const char *number, struct ticket *out,
				 struct sw_error *err);
/* ticket_load_writable of a ticket a request names in field path (a link):
 * none is a bad reference there ("no <kind> 'number'"). */
enum sw_err ticket_load_ref(struct ctx *c, const struct ticket_kind *kind, const char *path, const char *number,
			    struct ticket *out, struct sw_error *err);
/* ticket_load_writable of the version the client saw (If-Match):
 * SW_ESTALE with the current one unless expected_version is it, or 0 (no
 * check). */
enum sw_err ticket_load_version(struct ctx *c, const struct ticket_kind *kind, const char *number,
				int64_t expected_version, struct ticket *out, struct sw_error *err);
/* The start of a change to a ticket: the field errors found so far (err),
 * else a transaction (core_tx_begin) holding the ticket as
 * ticket_load_version reads it.  On failure no transaction is left open;
 * on success the caller ends it with core_tx_end. */
enum sw_err ticket_write_begin(struct ctx *c, const struct ticket_kind *kind, const char *number,
			       int64_t expected_version, struct ticket *out, struct sw_error *err);
enum sw_err ticket_next_number(struct ctx *c, const struct ticket_kind *kind, const char **out, struct sw_error *err);

enum sw_err ticket_comment_add(struct ctx *c, const struct ticket_kind *kind, const char *number, const char *body,
			       bool internal, struct comment *out, struct sw_error *err);
enum sw_err ticket_comment_list(struct ctx *c, const struct ticket_kind *kind, const char *number,
				struct comment_list *out, struct sw_error *err);
/* The history of a ticket: for an end user, without the internal rows,
 * the agent-only fields (out->hidden_keys) and the links to tickets of
 * the desk's own kinds. */
enum sw_err ticket_history(struct ctx *c, const struct ticket_kind *kind, const char *number, struct audit_list *out,
			   struct sw_error *err);
enum sw_err ticket_watch(struct ctx *c, const struct ticket_kind *kind, const char *number, const char *login, bool add,
			 struct sw_error *err);
enum sw_err ticket_attach(struct ctx *c, const struct ticket_kind *kind, const char *number, const char *filename,
			  const void *data, size_t len, struct attachment *out, struct sw_error *err);
enum sw_err ticket_attachment_list(struct ctx *c, const struct ticket_kind *kind, const char *number,
				   struct attachment_list *out, struct sw_error *err);
enum sw_err ticket_attachment_get(struct ctx *c, int64_t id, struct attachment *out, struct sw_error *err);
enum sw_err ticket_link_add(struct ctx *c, const struct ticket_kind *kind, const char *number, const char *link_kind,
			    const char *target, struct ticket_link *out, struct sw_error *err);
/* Its links; an end user's list leaves out those to tickets of the
 * desk's own kinds (problems, changes...). */
enum sw_err ticket_link_list(struct ctx *c, const struct ticket_kind *kind, const char *number, struct link_list *out,
			     struct sw_error *err);

/* An upload about to be stored (a ticket's or a knowledge article's):
 * the file name cleaned (ticket_clean_filename), the size checked
 * against LIMIT_BODY_ATTACHMENT (413), the bytes hashed and their type
 * sniffed, the actor and the time as its creator; data is borrowed.  The
 * owner's id is the caller's to set. */
enum sw_err attachment_prepare(struct ctx *c, const char *filename, const void *data, size_t len,
			       struct attachment *out, struct sw_error *err);
/* The end of an upload's transaction (a ticket's or an article's): when
 * rc is SW_OK, its audit entry on entity entity_id (action "attach":
 * filename, size, sha256); then core_tx_end, and on success *at, without
 * its bytes, into out. */
enum sw_err attachment_commit(struct ctx *c, enum sw_err rc, const char *entity, int64_t entity_id,
			      struct attachment *at, struct attachment *out, struct sw_error *err);
/* Sniff a media type from content bytes (never from the client). */
const char *ticket_sniff_type(const unsigned char *p, size_t len);
/* Clean an uploaded file name: base name only, no control characters.
 * Returns NULL (and a field error) when nothing usable is left. */
const char *ticket_clean_filename(struct arena *a, const char *name, struct sw_error *err);

/* A set of CIs a ticket names (field: "affected_cis"): each id a CI, else
 * a field error "affected_cis[2]" (all of them together in err). */
enum sw_err ticket_ci_set_check(struct ctx *c, const char *field, const int64_t *ids, size_t count,
				struct sw_error *err);
/* The ids as "3,17,42" (for history), in the arena; "" for none, NULL
 * when out of memory. */
const char *ticket_id_list(struct ctx *c, const int64_t *ids, size_t count);
/* The audit entry of a set of ids t names that went from was to now
 * (field: {from, to} as "3,17,42"); nothing when they are the same. */
enum sw_err ticket_id_set_audit(struct ctx *c, const struct ticket *t, const char *field, const int64_t *was,
				size_t was_count, const int64_t *now, size_t now_count, struct sw_error *err);

/* An active agent named by login for field (an assignee, a change owner)
 * into *id and *shown; NULL unsets.  Anyone else is a field error in err
 * (SW_OK returned: the caller goes on collecting). */
enum sw_err ticket_agent_ref(struct ctx *c, const char *field, const char *login, int64_t *id, const char **shown,
			     struct sw_error *err);

/* ---- the record, described once (ticket_fields.c) ------------------------ */

enum ticket_field_type {
	TICKET_FT_TEXT,       /* const char *, never NULL in answers ("" at worst) */
	TICKET_FT_TEXT_NULL,  /* const char *, NULL shown as null */
	TICKET_FT_INT,        /* int */
	TICKET_FT_INT64,      /* int64_t */
	TICKET_FT_INT64_NULL, /* int64_t, 0 shown as null */
	TICKET_FT_BOOL,       /* bool */
	TICKET_FT_TIME,       /* int64_t epoch seconds, RFC 3339 in answers */
	TICKET_FT_TIME_NULL,  /* the same, 0 shown as null */
	TICKET_FT_REF,        /* a record named by its login, name or number (offset), kept as its id (id_offset) */
	/* what is not a plain member: written by the JSON writer itself */
	TICKET_FT_KIND,     /* the kind's name */
	TICKET_FT_WATCHERS, /* logins */
	TICKET_FT_CHILDREN, /* numbers, when the read filled them */
	TICKET_FT_ACTIONS,  /* what the caller may do now */
	TICKET_FT_SLA,      /* the SLA clocks */
	TICKET_FT_IMPACTED, /* services the CI's trouble reaches */
	TICKET_FT_CUSTOM,   /* values of fields defined at run time, by name */
	TICKET_FT_CI_SET,   /* int64_t * CI ids (offset), size_t count (id_offset) */
};

struct ticket_field {
	const char *name; /* in answers, in history (unless audit_name), in the OpenAPI component */
	enum ticket_field_type type;
	size_t offset, id_offset; /* in struct ticket */
	int min, max;             /* TICKET_FT_INT: the range the schema states (0, 0: none) */
	unsigned needs;           /* TICKET_FIELD_* a kind must have for the field to be its */
	bool nullable;            /* TICKET_FT_REF: may be unset */
	bool agents_only;         /* end users never see it */
	bool single_only;         /* single-ticket answers only, not lists */
	bool no_audit;            /* not compared in history */
	bool derived;             /* computed when read (a count), not a column of the row */
	bool audit_first_only;    /* history records only its first setting */
	const char *audit_name;   /* the key in history when not name */
	enum {
		TICKET_VALUES_ANY,
		TICKET_VALUES_STATES,     /* one of the kind's states */
		TICKET_VALUES_HOLD,       /* one of its hold reasons, or null */
		TICKET_VALUES_RESOLUTION, /* one of its resolution codes, or null */
		TICKET_VALUES_CHANNELS    /* one of ticket_channels, or null */
	} values;
	const char *description; /* for the OpenAPI component */
};
extern const struct ticket_field ticket_fields[];
extern const size_t ticket_field_count;
/* The channels a ticket comes in by, NULL-terminated. */
extern const char *const ticket_channels[];

/* Does kind k have field f? */
bool ticket_field_of(const struct ticket_kind *k, const struct ticket_field *f);
/* One field of t as text (what the CSV export writes; NULL for none), in a. */
const char *ticket_field_text(struct arena *a, const struct ticket *t, const struct ticket_field *f);
/* The TICKET_FIELD_* a kind needs to accept input field name (0: every kind). */
unsigned ticket_input_needs(const char *name);

/* ---- the engine: what every kind gets (ticket_engine.c) ----------------- */

/* A value given for a field defined at run time, as the client sent it. */
struct custom_value {
	const char *name;
	enum { CUSTOM_VALUE_NULL, CUSTOM_VALUE_STRING, CUSTOM_VALUE_INT, CUSTOM_VALUE_REAL, CUSTOM_VALUE_OTHER } kind;
	const char *s;
	int64_t i;
	double r;
};

/* Create and patch input.  For a patch, set_* says which fields were given;
 * NULL for group/assignee/category with its set_* flag clears it.  Fields
 * outside the core are refused for a kind that lacks them (kind->fields). */
struct ticket_input {
	const char *title, *description, *category, *requester, *group, *assignee;
	int impact, urgency; /* 0 = not given */
	const char **watchers;
	size_t watcher_count;
	int priority; /* manual override 1..5, with priority_reason */
	const char *priority_reason;
	const char *parent;   /* parent ticket's number; NULL with set_parent detaches */
	const char *template; /* create only: prefill what is not given from this template */
	const char *service;  /* name; NULL with set_service clears */
	const char *channel;  /* one of ticket_channels; agents only */
	const char *via;      /* create: the channel when none is given (the API says by what it was called) */
	int64_t ci;           /* id; 0 with set_ci clears */
	int64_t outage_start, outage_end; /* epoch seconds; 0 with the flag clears */
	struct custom_value *custom;      /* values of fields defined at run time, by name; a NULL value clears */
	size_t custom_count;
	/* TICKET_FIELD_RCA; NULL with the flag clears */
	const char *symptoms, *root_cause, *cause_category, *workaround, *fix;
	const char *review_went_well, *review_went_wrong, *review_actions;
	const int64_t *affected_cis, *contributing_cis; /* CI ids: the sets as they are to be */
	size_t affected_ci_count, contributing_ci_count;
	const char **incidents; /* create: the incidents the problem is raised from (linked, and copied from) */
	size_t incident_count;
	const char *problem;   /* TICKET_FIELD_PROBLEM: its number; NULL with the flag unlinks */
	const char *caused_by; /* TICKET_FIELD_CAUSED_BY: a change number; NULL with the flag unlinks */
	/* TICKET_FIELD_CHANGE; NULL (0) with the flag clears */
	const char *change_type, *justification, *change_owner, *implementation_plan, *backout_plan, *test_plan,
		*test_results, *communication_plan, *risk, *risk_reason, *pir;
	int64_t planned_start, planned_end, actual_start, actual_end;
	bool outage_expected;
	int outage_minutes;
	const int64_t *affected_services; /* service ids: the set as it is to be */
	size_t affected_service_count;
	/* TICKET_FIELD_RELEASE; NULL (0) with the flag clears */
	const char *release_version, *release_type, *release_notes;
	int64_t build_planned, build_actual, test_planned, test_actual, deploy_planned, deploy_actual, window_start,
		window_end;
	bool set_release_version, set_release_type, set_release_notes, set_build_planned, set_build_actual,
		set_test_planned, set_test_actual, set_deploy_planned, set_deploy_actual, set_window_start,
		set_window_end;
	const char *change; /* TICKET_FIELD_TASK: the change's number (create only) */
	const void *
		kind_input; /* create: what a kind's own operation hands its hooks (a request's order); NULL from the API */
	int task_order;
	bool set_caused_by, set_change_type, set_justification, set_change_owner, set_implementation_plan,
		set_backout_plan, set_test_plan, set_test_results, set_communication_plan, set_risk, set_risk_reason,
		set_pir, set_planned_start, set_planned_end, set_actual_start, set_actual_end, set_outage_expected,
		set_outage_minutes, set_affected_services, set_change, set_task_order;
	bool set_symptoms, set_root_cause, set_cause_category, set_workaround, set_fix, set_review_went_well,
		set_review_went_wrong, set_review_actions, set_incidents, set_problem, set_affected_cis,
		set_contributing_cis;
	bool set_service, set_ci, set_outage_start, set_outage_end, set_channel, set_custom;
	bool set_title, set_description, set_category, set_requester, set_group, set_assignee;
	bool set_impact, set_urgency, set_watchers, set_priority, set_priority_reason, set_parent;
};

struct ticket_action_input {
	const char *reason; /* hold: hold reason; reopen/cancel: free text */
	const char *resolution_code, *resolution_notes;
	int64_t expected_version; /* 0 = do not check */
	/* resolving a problem: its open incidents too (the default), or refuse
	 * while any is open; set_resolve_incidents says it was given */
	bool resolve_incidents, set_resolve_incidents;
};

/* "Breaching soon": a running SLA clock due within this many seconds
 * (or already overdue).  A list filter sets breaching_by to anything
 * non-zero to ask for it; ticket_list puts in the real deadline. */
#define TICKET_BREACHING_WINDOW 3600

enum sw_err ticket_create(struct ctx *c, const struct ticket_kind *kind, const struct ticket_input *in,
			  struct ticket *out, struct sw_error *err);
enum sw_err ticket_get(struct ctx *c, const struct ticket_kind *kind, const char *number, struct ticket *out,
		       struct sw_error *err);
/* Agents: a page of the unarchived tickets of kind on CI or service id
 * (on), newest first; open_only: those open or paused.  404 when there is
 * no such CI or service. */
enum sw_err ticket_list_on(struct ctx *c, const struct ticket_kind *kind, enum ticket_on on, int64_t id, bool open_only,
			   const struct page *p, struct ticket_list *out, struct sw_error *err);
enum sw_err ticket_list(struct ctx *c, const struct ticket_kind *kind, const struct ticket_filter *f,
			const struct page *p, struct ticket_list *out, struct sw_error *err);
enum sw_err ticket_update(struct ctx *c, const struct ticket_kind *kind, const char *number, int64_t expected_version,
			  const struct ticket_input *in, struct ticket *out, struct sw_error *err);
/* SW_ENOTFOUND when the kind has no such action; SW_ECONFLICT type
 * "illegal-transition" when it does not apply now (out then holds the
 * ticket as it is, for ticket_allowed_actions). */
enum sw_err ticket_action(struct ctx *c, const struct ticket_kind *kind, const char *number, const char *action,
			  const struct ticket_action_input *in, struct ticket *out, struct sw_error *err);
/* Move before through ac inside the caller's transaction, writing the row
 * and its audit entry; via names the parent when the move is a cascade. */
enum sw_err ticket_transition(struct ctx *c, const struct ticket_action *ac, const struct ticket *before,
			      const struct ticket_action_input *in, const char *via, struct ticket *after,
			      struct sw_error *err);
/* Write t (changed from before) with its audit entry: for hooks and flags
 * that change a ticket outside update (major).  internal: desk only. */
enum sw_err ticket_save(struct ctx *c, const struct ticket *before, struct ticket *t, const char *action, bool internal,
			struct sw_error *err);
/* A single-ticket answer: t re-read with its children and, for agents,
 * its SLA clocks and the services its CI's trouble reaches. */
enum sw_err ticket_reload(struct ctx *c, int64_t id, struct ticket *out, struct sw_error *err);
/* SW_ESTALE with the current version, for If-Match failures. */
enum sw_err ticket_stale(const struct ticket_kind *kind, struct sw_error *err, int64_t current);

/* For the scheduler, inside its transaction: close a resolved ticket
 * (its confirmation period is over; its kind's auto_close action), and
 * escalate one — a new priority (0 = keep) with reason (the requester sees
 * it), and/or a new group (0 = keep; clears the assignee).  Both audited
 * as the current actor; the escalation as an internal entry. */
enum sw_err ticket_auto_close(struct ctx *c, const struct ticket *t, struct sw_error *err);
/* Flag (major = true, reason required) or clear a major ticket of a kind
 * that has the field (TICKET_FIELD_MAJOR), notifying as NE_MAJOR. */
enum sw_err ticket_set_major(struct ctx *c, const struct ticket_kind *kind, const char *number, bool major,
			     const char *reason, int64_t expected_version, struct ticket *out, struct sw_error *err);
/* Archive a closed or canceled ticket (audited "archive"): from now on it
 * is read-only and listed only with archived=true. */
enum sw_err ticket_archive(struct ctx *c, const struct ticket *t, struct sw_error *err);
/* An escalation rule's work on before: a new priority (0: keep) with the
 * reason the requester sees and why (for the desk's history entry), a
 * new group (0: keep).  Audited "escalate", internal. */
enum sw_err ticket_escalate(struct ctx *c, const struct ticket *before, int priority, int64_t group_id,
			    const char *group, const char *reason, const char *why, struct sw_error *err);

#endif
