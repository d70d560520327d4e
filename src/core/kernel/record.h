/*
 * record.h — the named configuration records (assignment rules, SLA
 * policies, calendars, escalation and notification rules, incident
 * templates, CI classes, objectives, services, groups) as declarations
 * run by one engine (record.c), the way ticket kinds are: each record's
 * file says how to check, apply and audit it, and which struct
 * record_store of core/port/ keeps it (struct record_kind), and
 * record_create / record_update / record_get do the rest the same way for
 * all of them — role check, field checks, one transaction, 409 for a name
 * that is taken, one audit row, the record read back.  What a kind's
 * writes share is data too: its defaults (fresh), its name and the input
 * members copied as they are (a table of struct record_copy), what its
 * audit row shows (a table of struct record_audit) and the created_at
 * and updated_at stamps.
 */
#ifndef SW_CORE_RECORD_H
#define SW_CORE_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "base/each.h"
#include "base/list.h"
#include "core/kernel/ref_kind.h"
#include "core/model.h"

/* How a caller names a record: by name, or by id for the kinds whose
 * paths use ids (objectives, services).  A record_store's load reads the
 * record a key names. */
struct record_key {
	const char *name;
	int64_t id;
};

/* One create or update in progress, as the hooks see it. */
struct record_write {
	const void *in;     /* the kind's input struct */
	void *rec;          /* the record being written */
	const void *before; /* the record as it was; the kind's blank when creating */
	bool creating;
	void *scratch; /* kind->scratch_size zeroed bytes, for what apply leaves the later hooks */
};

struct changes;

/* How the copy-table entry of a kind's name (RECORD_COPY_NAME: its
 * input's const char *name, taken by a create) has it checked: by the
 * kind's validate (OWN), or first as record_check_name or
 * record_check_name_all (core_int.h) check it.  NONE: another entry. */
enum record_name_rule { RECORD_NAME_NONE, RECORD_NAME_OWN, RECORD_NAME_CHECKED, RECORD_NAME_CHECKED_EACH };

/* A member a write copies from the kind's input struct to its record as
 * it is: when the input's bool at flag_at is true (the member was given),
 * or, flag_at being RECORD_CREATING, when creating (the name, checked as
 * name_rule says before validate runs).  The plain fields of a record —
 * those validate has checked and nothing needs to look up — are a table
 * of these rather than code in apply. */
struct record_copy {
	size_t flag_at;
	size_t from_at, to_at, size;
	enum record_name_rule name_rule;
	/* A value of a list given by its name (a const char * in the input)
	 * and kept as the enum in the record: core_value_read of it.  The
	 * kind's validate has refused a name the list lacks. */
	const struct core_values *values;
};
#define RECORD_CREATING ((size_t)-1)

/* The size of member from_ of in_, which must be of the type of member to_
 * of rec_ (a different type does not compile: the two pointers' types
 * must agree for the conditional). */
#define RECORD_MEMBER_SIZE(in_, from_, rec_, to_) sizeof(*(1 ? &((in_ *)0)->from_ : &((rec_ *)0)->to_))
/* Entries of a copy table: from_ into to_ when the flag member flag_ is
 * set; member_ into member_ when set_<member_> is; the name on a create,
 * checked by rule_. */
#define RECORD_COPY_AS(in_, rec_, flag_, from_, to_)                                                                   \
	{                                                                                                              \
		.flag_at = offsetof(in_, flag_), .from_at = offsetof(in_, from_), .to_at = offsetof(rec_, to_),        \
		.size = RECORD_MEMBER_SIZE(in_, from_, rec_, to_)                                                      \
	}
#define RECORD_COPY(in_, rec_, member_) RECORD_COPY_AS(in_, rec_, set_##member_, member_, member_)
#define RECORD_COPY_NAME(in_, rec_, rule_)                                                                             \
	{                                                                                                              \
		.flag_at = RECORD_CREATING, .from_at = offsetof(in_, name), .to_at = offsetof(rec_, name),             \
		.size = RECORD_MEMBER_SIZE(in_, name, rec_, name), .name_rule = (rule_)                                \
	}
/* The value of list_ (struct core_values) the input's member_, a name,
 * names, into the record's member_, an enum, when set_<member_> is set. */
#define RECORD_COPY_VALUE(in_, rec_, member_, list_)                                                                   \
	{                                                                                                              \
		.flag_at = offsetof(in_, set_##member_),                                                               \
		.from_at = offsetof(in_, member_) +                                                                    \
			   0 * sizeof(char[_Generic(((in_ *)0)->member_, const char * : 1, default                     \
						    : -1)]),                                                           \
		.to_at = CORE_VALUE_AT(rec_, member_), .size = sizeof(int), .values = &(list_)                         \
	}
/* An array and its count_ when set_<array_> is set. */
#define RECORD_COPY_ARRAY(in_, rec_, array_, count_)                                                                   \
	RECORD_COPY(in_, rec_, array_), RECORD_COPY_AS(in_, rec_, set_##array_, count_, count_)
/* RECORD_COPY entries of each member named (base/each.h). */
#define RECORD_COPY_EACH(in_, rec_, ...) EACH(RECORD_COPY, in_, rec_, __VA_ARGS__)

/* A reference a write resolves from the kind's input into its record,
 * when the input's bool set_<member> is true: the name at from_at (a
 * CI's int64_t id, ci) looked up as kind for field — core_ref_set, or
 * core_ref_need when need (nothing named is then not found too) — into
 * the record's int64_t id at id_at and its const char * display name
 * (login, name, path) at display_at.  A name not found is a field error
 * collected before the kind's apply runs, which sees the references set;
 * the references of a kind's table are what its apply no longer looks
 * up itself. */
struct record_ref {
	size_t flag_at, from_at, id_at, display_at;
	const char *field;
	enum core_ref_kind kind;
	bool need;
	bool ci;
};
/* 0, or a compile error when expr_ is not of type type_. */
#define RECORD_TYPE_IS_(expr_, type_) (0 * sizeof(char[_Generic((expr_), type_ : 1, default : -1)]))
#define RECORD_REF_(in_, rec_, kind_, field_, member_, to_, need_, ci_, type_)                                         \
	{                                                                                                              \
		.flag_at = offsetof(in_, set_##member_),                                                               \
		.from_at = offsetof(in_, member_) + RECORD_TYPE_IS_(((in_ *)0)->member_, type_),                       \
		.id_at = offsetof(rec_, to_##_id) + RECORD_TYPE_IS_(((rec_ *)0)->to_##_id, int64_t),                   \
		.display_at = offsetof(rec_, to_) + RECORD_TYPE_IS_(((rec_ *)0)->to_, const char *),                   \
		.field = (field_), .kind = (kind_), .need = (need_), .ci = (ci_)                                       \
	}
/* Entries of a reference table: the input's member_ (a name) into the
 * record's to_##_id and to_, for field_; the same for a reference that
 * must name something; a CI's id. */
#define RECORD_REF(in_, rec_, kind_, field_, member_, to_)                                                             \
	RECORD_REF_(in_, rec_, kind_, field_, member_, to_, false, false, const char *)
#define RECORD_REF_NEED(in_, rec_, kind_, field_, member_, to_)                                                        \
	RECORD_REF_(in_, rec_, kind_, field_, member_, to_, true, false, const char *)
#define RECORD_REF_CI(in_, rec_, field_, member_, to_)                                                                 \
	RECORD_REF_(in_, rec_, CORE_REF__COUNT, field_, member_, to_, false, true, int64_t)

/* A member of a record its audit rows show: a string, a number (int,
 * int64_t, size_t, unsigned), a bool (as "true" or "false") or a value of
 * a list (by its name).  A kind's audit table says which, in the order
 * the rows show them: as they changed (from, to), or, for a kind audited
 * by snapshot, as they are after the write. */
enum record_audit_type {
	RECORD_AUDIT_STR,
	RECORD_AUDIT_INT,
	RECORD_AUDIT_INT64,
	RECORD_AUDIT_SIZE,
	RECORD_AUDIT_UINT,
	RECORD_AUDIT_BOOL,
	RECORD_AUDIT_VALUE
};
struct record_audit {
	const char *name;
	enum record_audit_type type;
	size_t at;
	const struct core_values *values; /* RECORD_AUDIT_VALUE */
};
/* clang-format off */
#define RECORD_AUDIT(T, name_, member_)                                                                                \
	{.name = (name_),                                                                                              \
	 .type = _Generic(((T *)0)->member_, const char *: RECORD_AUDIT_STR, int: RECORD_AUDIT_INT,                    \
			  int64_t: RECORD_AUDIT_INT64, size_t: RECORD_AUDIT_SIZE, unsigned: RECORD_AUDIT_UINT,         \
			  bool: RECORD_AUDIT_BOOL),                                                                    \
	 .at = offsetof(T, member_)}
#define RECORD_AUDIT_VALUE(T, name_, member_, list_)                                                                   \
	{.name = (name_), .type = RECORD_AUDIT_VALUE, .at = CORE_VALUE_AT(T, member_), .values = &(list_)}
/* clang-format on */
/* RECORD_AUDIT of each member named, shown by its name in the struct. */
#define RECORD_AUDIT_EACH(T, ...) EACH(RECORD_AUDIT_SELF_, T, -, __VA_ARGS__)
#define RECORD_AUDIT_SELF_(T, unused_, member_) RECORD_AUDIT(T, #member_, member_)

/* The entries of audit from before to after (as changes_str and
 * changes_int compare them; bools and values from nothing when before is
 * no record yet, was false), or as they are in rec. */
void record_audit_diff(struct changes *ch, const struct record_audit *audit, size_t count, const void *before,
		       const void *after, bool was);
void record_audit_set(struct changes *ch, const struct record_audit *audit, size_t count, const void *rec);
/* An audit row on entity entity_id (action, internal) whose changes are
 * the entries of audit as they are in rec (record_audit_set), for writes
 * outside the record kinds (a comment, a link, an upload).
 * RECORD_AUDIT_ROW takes the table's count from the table. */
enum sw_err record_audit_row(struct ctx *c, const char *entity, int64_t entity_id, const char *action, bool internal,
			     const struct record_audit *audit, size_t count, const void *rec, struct sw_error *err);
#define RECORD_AUDIT_ROW(c_, entity_, id_, action_, internal_, table_, rec_, err_)                                     \
	record_audit_row((c_), (entity_), (id_), (action_), (internal_), (table_),                                     \
			 sizeof(table_) / sizeof((table_)[0]), (rec_), (err_))

/* A kind is a const declaration, read by every thread.  Hooks get the
 * kind's own input and record structs through the void pointers; strings
 * they set point into the ctx arena or into the input. */
struct record_kind {
	const char *entity;    /* of its audit rows: "assignment_rule" */
	const char *noun;      /* with its article, for the 409 "<noun> named 'x' exists": "an assignment rule" */
	enum role write_role;  /* creates and updates */
	enum role read_role;   /* gets; ROLE_END_USER: anyone logged in */
	size_t size;           /* of the record struct (RECORD_LAYOUT) */
	size_t id_at, name_at; /* offsetof its int64_t id and its const char *name */
	/* offsetof its int64_t created_at, stamped by a create, and
	 * updated_at, stamped by every write */
	size_t created_at_at, updated_at_at;
	const struct record_store *store; /* saves and loads the record */
	const void *blank;                /* what a create's audit diff starts from; NULL: all zero */
	const void *fresh;                /* a new record's defaults, before init; NULL: all zero */
	/* The members every write copies from the input before apply. */
	const struct record_copy *copies;
	size_t copy_count;
	/* A matching rule's head (RECORD_MATCHING), copied before copies;
	 * NULL for the other kinds. */
	const struct record_matching *matching;
	/* The references every write resolves after the copies, before apply. */
	const struct record_ref *refs;
	size_t ref_count;
	/* The members its audit rows show, before the changes hook adds any more. */
	const struct record_audit *audit;
	size_t audit_count;
	bool audit_snapshot; /* as they are after the write (else from, to) */
	size_t scratch_size;
	bool reread; /* the answer is read back by store->load (false: the record as written) */
	/* Field errors of in into err (creating: a new record; else a patch). */
	void (*validate)(const void *in, bool creating, struct sw_error *err);
	/* A new record's defaults from in, into rec (fresh, or zeroed); may be NULL. */
	void (*init)(struct ctx *c, const void *in, void *rec);
	/* In the transaction, after the copies and the references: the rest
	 * of w->in applied to w->rec, field errors collected.  Returns
	 * err->code or another failure; NULL when the tables say it all. */
	enum sw_err (*apply)(struct ctx *c, struct record_write *w, struct sw_error *err);
	/* What hangs off the row (links, definitions), written after it; may be NULL. */
	enum sw_err (*written)(struct ctx *c, struct record_write *w, struct sw_error *err);
	/* What the audit row shows of w beyond the audit table; may be NULL. */
	void (*changes)(struct changes *ch, const struct record_write *w);
	/* For gets: refuse (as not found) a record the actor may not see; may be NULL. */
	enum sw_err (*visible)(struct ctx *c, const struct record_key *key, const void *rec, struct sw_error *err);
	/* What every read of rec shows beyond its row (a warning worked out
	 * from other records), after each get, list and write; may be NULL. */
	enum sw_err (*derive)(struct ctx *c, void *rec, struct sw_error *err);
};

/* The size and layout of a kind whose record struct type has an int64_t
 * id, a const char *name and int64_t created_at and updated_at. */
#define RECORD_LAYOUT(type)                                                                                            \
	.size = sizeof(type), .id_at = offsetof(type, id), .name_at = offsetof(type, name),                            \
	.created_at_at = offsetof(type, created_at), .updated_at_at = offsetof(type, updated_at)
/* The members a rule kind's record (RECORD_RULE) begins with: its id, its
 * name, its place in the order the rules are tried (lowest first) and
 * whether it is tried at all. */
#define RECORD_RULE_HEAD                                                                                               \
	int64_t id;                                                                                                    \
	const char *name;                                                                                              \
	int position;                                                                                                  \
	bool active

/* What the kinds that match tickets in order share — assignment and
 * escalation rules, SLA and approval policies: a record beginning
 * RECORD_RULE_HEAD with an int match_priority (0: any), and an input
 * giving the name, position, match_priority and active.  The engine
 * copies those four (the name checked by its rule) ahead of the kind's
 * copy table, and checks position (0 to 1000000) and match_priority (0 to
 * 5) after the kind's validate. */
enum {
	RECORD_MATCHING_NAME,
	RECORD_MATCHING_POSITION,
	RECORD_MATCHING_PRIORITY,
	RECORD_MATCHING_ACTIVE,
	RECORD_MATCHING__COUNT
};
struct record_matching {
	struct record_copy copies[RECORD_MATCHING__COUNT];
};
#define RECORD_MATCHING(in_, rec_, name_rule_)                                                                         \
	.matching = &(const struct record_matching)                                                                    \
	{                                                                                                              \
		{                                                                                                      \
			RECORD_COPY_NAME(in_, rec_, name_rule_), RECORD_MATCHING_INT_(in_, rec_, position),            \
				RECORD_MATCHING_INT_(in_, rec_, match_priority), RECORD_COPY(in_, rec_, active)        \
		}                                                                                                      \
	}
/* An int member's entry (the engine reads it as one to check it). */
#define RECORD_MATCHING_INT_(in_, rec_, member_)                                                                       \
	{                                                                                                              \
		.flag_at = offsetof(in_, set_##member_),                                                               \
		.from_at = offsetof(in_, member_) + 0 * sizeof(char[_Generic(((in_ *)0)->member_, int : 1, default     \
									     : -1)]),                                  \
		.to_at = offsetof(rec_, member_), .size = RECORD_MEMBER_SIZE(in_, member_, rec_, member_)              \
	}

/* A kind's input struct tag_, written from one list of its members:
 * members_(GIVEN, PLAIN) lists them as GIVEN(type, member) — a member a
 * patch may leave out, with its bool set_<member> saying whether it was
 * given — or PLAIN(type, member), one that goes with another (an array's
 * count).  The name (create only: a patch names the record in its path)
 * comes first, then the members, then their flags, so that a flag
 * cannot be missing or stray from its member. */
#define RECORD_INPUT(tag_, members_)                                                                                   \
	struct tag_ {                                                                                                  \
		const char *name;                                                                                      \
		members_(RECORD_INPUT_MEMBER_, RECORD_INPUT_MEMBER_) members_(RECORD_INPUT_FLAG_, RECORD_INPUT_NONE_)  \
	}
/* A kind declared with the list its store's list gives (struct list_ of
 * struct record_) and its input struct (RECORD_INPUT): the kind's hooks
 * take that struct in and give its record struct out. */
#define RECORD_KIND_DECL(kind_, list_, record_, tag_, members_)                                                        \
	LIST_OF(list_, record_);                                                                                       \
	RECORD_INPUT(tag_, members_);                                                                                  \
	extern const struct record_kind kind_
#define RECORD_INPUT_MEMBER_(type_, member_) type_ member_;
#define RECORD_INPUT_FLAG_(type_, member_) bool set_##member_;
#define RECORD_INPUT_NONE_(type_, member_)

/* A kind's head: the entity of its audit rows, its noun, who writes and
 * who reads it, its record struct and its record_store. */
#define RECORD_KIND(type, entity_, noun_, write_, read_, store_)                                                       \
	.entity = (entity_), .noun = (noun_), .write_role = (write_), .read_role = (read_), RECORD_LAYOUT(type),       \
	.store = (store_)
/* A kind of the rules and lists admins keep and agents read (assignment
 * and escalation rules, SLA policies, cause categories): validate and
 * apply are its hooks, copies its copy table and audit_ its audit
 * (RECORD_AUDIT_SNAPSHOT or RECORD_AUDIT_DIFF of a table), a new one is
 * active, and it is read back after each write. */
#define RECORD_RULE(type, entity_, noun_, store_, validate_, apply_, copies_, audit_)                                  \
	RECORD_KIND(type, entity_, noun_, ROLE_ADMIN, ROLE_AGENT, store_),                                             \
		RECORD_HOOKS(validate_, NULL, apply_, NULL), RECORD_COPIES(copies_), audit_,                           \
		.fresh = &(const type){.active = true}, .reread = true
/* A whole kind, declared from its parts: name_ the kind, head_ the
 * arguments of RECORD_KIND in parentheses, its validate, apply and changes
 * hooks (no init), its copy table, its audit (RECORD_AUDIT_DIFF or
 * RECORD_AUDIT_SNAPSHOT of a table), then its other members (.fresh,
 * .reread, .written ...: at least one). */
#define RECORD_KIND_DEFINE(name_, head_, validate_, apply_, changes_, copies_, audit_, ...)                            \
	const struct record_kind name_ = {RECORD_KIND head_, RECORD_HOOKS(validate_, NULL, apply_, changes_),          \
					  RECORD_COPIES(copies_), audit_, __VA_ARGS__}
/* Its four usual hooks. */
#define RECORD_HOOKS(validate_, init_, apply_, changes_)                                                               \
	.validate = (validate_), .init = (init_), .apply = (apply_), .changes = (changes_)
/* Its copy table; its reference table. */
#define RECORD_COPIES(table_) .copies = (table_), .copy_count = sizeof(table_) / sizeof((table_)[0])
#define RECORD_REFS(table_) .refs = (table_), .ref_count = sizeof(table_) / sizeof((table_)[0])
/* Its audit table, audited from before to after, or by snapshot. */
#define RECORD_AUDIT_DIFF(table_) .audit = (table_), .audit_count = sizeof(table_) / sizeof((table_)[0])
#define RECORD_AUDIT_SNAPSHOT(table_) RECORD_AUDIT_DIFF(table_), .audit_snapshot = true

/* The entries of copies that in gives (or, creating, that a create
 * takes) copied from in to rec: what a kind's copy table does to every
 * write, for writes that do not go through the engine. */
void record_copy_from(const struct record_copy *copies, size_t count, const void *in, void *rec, bool creating);

/* A template's defaults: entries of a fill table copy member from_ of a
 * template (type tpl_) to member to_ of the record made from it (rec_) when
 * the input (in_) leaves its flag_ unset; record_fill_unset runs them. */
#define RECORD_FILL(in_, tpl_, rec_, flag_, from_, to_)                                                                \
	{                                                                                                              \
		.flag_at = offsetof(in_, flag_), .from_at = offsetof(tpl_, from_), .to_at = offsetof(rec_, to_),       \
		.size = RECORD_MEMBER_SIZE(tpl_, from_, rec_, to_)                                                     \
	}
void record_fill_unset(const struct record_copy *fills, size_t count, const void *in, const void *tpl, void *rec);
/* The active record named name of kind k (whose record has a bool active
 * at active_at) into out through k's store, for a write that starts from
 * it: none, or an inactive one, is a bad reference on field "template"
 * ("no active <what> 'name'"). */
enum sw_err record_load_active(struct ctx *c, const struct record_kind *k, size_t active_at, const char *what,
			       const char *name, void *out, struct sw_error *err);

/* For an apply hook: a create when the store holds max records already
 * (as count counts them) is SW_ECONFLICT "limit", "there are <max> <what>
 * already: <advice>". */
enum sw_err record_check_cap(struct ctx *c, const struct record_write *w,
			     enum sw_err (*count)(struct store *s, int64_t *count, struct sw_error *err), int max,
			     const char *what, const char *advice, struct sw_error *err);

/* The name and the id of rec, a record of kind k. */
const char *record_name(const struct record_kind *k, const void *rec);
int64_t record_id(const struct record_kind *k, const void *rec);

/* Create a record of kind k from in (k's input struct) into out (k's
 * record struct).  Field errors come together (422); a taken name is 409
 * "duplicate"; nothing is written unless everything passes.  out is
 * filled before the commit: use it only when SW_OK is returned. */
enum sw_err record_create(struct ctx *c, const struct record_kind *k, const void *in, void *out, struct sw_error *err);
/* Patch the record key names with in; out as for record_create.  404 when
 * there is none. */
enum sw_err record_update(struct ctx *c, const struct record_kind *k, const struct record_key *key, const void *in,
			  void *out, struct sw_error *err);
/* Every record of k into out (k's list struct: every kind's is
 * {T *items; size_t count}, which struct record_items reads for any
 * kind), for those k lets read them: agents get the inactive ones too. */
struct record_items {
	void *items;
	size_t count;
};
enum sw_err record_list(struct ctx *c, const struct record_kind *k, void *out, struct sw_error *err);
/* The record key names, for those k lets read it. */
enum sw_err record_get(struct ctx *c, const struct record_kind *k, const struct record_key *key, void *out,
		       struct sw_error *err);

/* What a …/history route reads — one shape for every kind: the audit rows
 * of one record, oldest first, a page at a time, each with the fields it
 * changed (from/to).  The record is found by the record kit (kind: its
 * audit entity and its load; the kind's read role applies too) or, for
 * the records kept outside the kit, by find (entity given).  Agents and
 * up: a history is the desk's. */
struct history_subject {
	const struct record_kind *kind; /* NULL: entity and find */
	const char *entity;
	enum sw_err (*find)(struct ctx *c, int64_t id, struct sw_error *err); /* SW_ENOTFOUND when there is none */
	const char *id_noun; /* named by its {id} ("service", for 404 "no service 'x'"); NULL: by {name} */
};
struct page;
/* A page of the history of the record key names (404 when there is
 * none; SW_EBADREQ for a cursor of another list). */
enum sw_err record_history(struct ctx *c, const struct history_subject *h, const struct record_key *key,
			   const struct page *p, struct audit_list *out, struct sw_error *err);

#endif
