/*
 * core_int.h — helpers shared inside core/ only.
 */
#ifndef SW_CORE_CORE_INT_H
#define SW_CORE_CORE_INT_H

#include "base/buf.h"
#include "base/jsonw.h"
#include "core/kernel/ref_kind.h"
#include "core/model.h"

void auth_init(const struct core_config *cfg);

/* Run a write: begin, fn, commit; roll back on any failure. */
enum sw_err core_tx_begin(struct ctx *c, struct sw_error *err);
/* core_tx_begin once the input's checks are done: err->code when they
 * failed (nothing begun). */
enum sw_err core_tx_begin_valid(struct ctx *c, struct sw_error *err);
/* core_tx_begin of a write that is the actor's own (a rating, a
 * delegation): SW_EAUTH when nobody is logged in (nothing begun). */
enum sw_err core_tx_begin_user(struct ctx *c, struct sw_error *err);
enum sw_err core_tx_begin_long(struct ctx *c, struct sw_error *err); /* a batch or an import */
enum sw_err core_tx_end(struct ctx *c, enum sw_err rc, struct sw_error *err);

/* Builder of an audit "changes" object: {"field": {"from": x, "to": y}, ...}. */
struct changes {
	struct buf buf;
	struct jsonw w;
	int count;
};
void changes_init(struct changes *ch);
void changes_str(struct changes *ch, const char *field, const char *from, const char *to);
void changes_int(struct changes *ch, const char *field, int64_t from, int64_t to);
/* Instants (epoch seconds) as RFC 3339, null for 0 (unset). */
void changes_time(struct changes *ch, const char *field, int64_t from, int64_t to);
/* A value-only entry {"field": {"to": v}} for creates and comments. */
void changes_set_str(struct changes *ch, const char *field, const char *to);
void changes_set_int(struct changes *ch, const char *field, int64_t to);
/* A member of a list (an id and a name; id 0: by its name alone). */
struct change_member {
	int64_t id;
	const char *name;
};
/* The members a list gained and lost: {"field": {"added": [...],
 * "removed": [...]}}, each member its name, or {"id", "name"} when it has
 * an id; nothing when both are empty. */
void changes_members(struct changes *ch, const char *field, const struct change_member *added, size_t added_count,
		     const struct change_member *removed, size_t removed_count);
/* Finish and copy into the arena; NULL on out-of-memory. */
const char *changes_finish(struct changes *ch, struct arena *a);
void changes_release(struct changes *ch);

/* Write one audit row in the current transaction. */
enum sw_err audit_record(struct ctx *c, const char *entity, int64_t entity_id, const char *action, bool internal,
			 const char *changes, struct sw_error *err);
/* Finish ch and write it as one audit row (audit_record).  ch is released
 * on every path; SW_ENOMEM ("out of memory") when the builder failed. */
enum sw_err audit_changes(struct ctx *c, const char *entity, int64_t entity_id, const char *action, bool internal,
			  struct changes *ch, struct sw_error *err);

/* A field error of problem type "reference" (a named thing does not exist
 * or does not fit); returns SW_EINVALID.  Collects like sw_field_fail. */
enum sw_err core_reference_fail(struct sw_error *err, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A query parameter that cannot be answered: SW_EBADREQ, problem type
 * "bad-request", with the field error on field. */
enum sw_err core_query_fail(struct sw_error *err, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The reference lookup kit (ref.c): records a client names, found for
 * the field that named them (enum core_ref_kind: core/kernel/ref_kind.h). */
/* Find the record name names, for field: SW_OK with the kind's record
 * (struct user, struct group, ...) copied into record (when not NULL);
 * SW_ENOTFOUND with the field error "no <kind> '<name>'" (type
 * "reference") collected in err; any other code when the lookup failed. */
enum sw_err core_ref_find(struct ctx *c, enum core_ref_kind kind, const char *field, const char *name, void *record,
			  struct sw_error *err);
/* The record a request's path names (a user by login, a group by name,
 * ...), for operations on it: SW_ENOTFOUND "no <kind> '<name>'" (404)
 * when there is none.  record (when not NULL) as for core_ref_find, *id
 * (when not NULL) its id. */
enum sw_err core_ref_get(struct ctx *c, enum core_ref_kind kind, const char *name, void *record, int64_t *id,
			 struct sw_error *err);
/* A reference field being set: *id and *display (the record's login,
 * name, path or number; display may be NULL when only the id is wanted)
 * are cleared, then set when name (NULL clears) is found.  Not found is
 * collected in err and returns SW_OK, so that every field is checked
 * before the caller looks at err->code; other failures return. */
enum sw_err core_ref_set(struct ctx *c, enum core_ref_kind kind, const char *field, const char *name, int64_t *id,
			 const char **display, struct sw_error *err);
/* The same for a reference that must name something: NULL is not found
 * ("no <kind> ''") instead of a clear. */
enum sw_err core_ref_need(struct ctx *c, enum core_ref_kind kind, const char *field, const char *name, int64_t *id,
			  const char **display, struct sw_error *err);
/* The users logins names (count of them), for the list field: their ids
 * in the arena (count and one more) into *out, 0 for a login not found or null
 * (its error collected in err at field[i], as core_ref_set collects it);
 * when agents_only is not NULL, a user below agent is the field error
 * "'<login>' is not an agent, and <agents_only> are for the desk".
 * Other failures return. */
enum sw_err core_ref_users(struct ctx *c, const char *field, const char *const *logins, size_t count,
			   const char *agents_only, int64_t **out, struct sw_error *err);
/* The records names names (count of them), for the list field: their
 * ids in the arena (count and one more) into *out, 0 for one not found or
 * not named (collected in err at field[i]); one listed twice is a field
 * error too.  Other failures return. */
enum sw_err core_ref_ids(struct ctx *c, enum core_ref_kind kind, const char *field, const char *const *names,
			 size_t count, int64_t **out, struct sw_error *err);
/* core_ref_find for a CI named by its id: "no CI <id>". */
struct ci;
enum sw_err core_ref_find_ci(struct ctx *c, const char *field, int64_t ci, struct ci *record, struct sw_error *err);
/* core_ref_set for a CI named by its id (0 clears). */
enum sw_err core_ref_set_ci(struct ctx *c, const char *field, int64_t ci, int64_t *id, const char **display,
			    struct sw_error *err);

/* A span given in parts (each with its set_ flag) onto *t_start and
 * *t_end: a given value replaces (0 clears); an end without a start
 * ("needs <start_named>"), or before it, is a field error on end_name.
 * start_named is the start field with its article: "an outage_start". */
void core_apply_span(struct sw_error *err, const char *start_named, const char *end_name, bool set_start, int64_t start,
		     bool set_end, int64_t end, int64_t *t_start, int64_t *t_end);

/* Text of min to max characters (code points, not bytes); never NULL. */
bool core_text_ok(const char *s, size_t min, size_t max);

/* Field checks the record kinds (record.h) share. */
/* A record's name: required when creating, fixed after, 1 to
 * LIMIT_NAME_LEN characters. */
void record_check_name(struct sw_error *err, const char *name, bool creating);
/* A member a create requires: false when it is not given (and, creating,
 * the field error "is required"). */
bool record_given(struct sw_error *err, const char *field, bool creating, bool set);
/* A text a create requires: "is required", or, when given, 1 to max
 * characters. */
void record_check_text(struct sw_error *err, const char *field, bool creating, bool set, const char *value, size_t max);
/* A value of list a create requires: "is required", or, when given, the
 * field error "must be one of <list's names>". */
void record_check_value(struct sw_error *err, const char *field, bool creating, bool set,
			const struct core_values *list, const char *value);
/* The same rules each checked on its own, so that a name an update gives
 * is refused and, when it is too long or empty, also said to be so. */
void record_check_name_all(struct sw_error *err, const char *name, bool creating);

/* Value lists: the names of an enum's values, in enum order (core.c). */
/* The index of s among names[0..count), -1 when s is NULL or not there. */
int core_value_index(const char *s, const char *const *names, int count);
/* Defines the two functions a header declares (CORE_VALUE_LIST_DECL,
 * core.h) for an enum whose values are named by names[count]: name_fn(v),
 * the name of v (that of fallback when v is out of range), and
 * parse_fn(s, out), the value s names (SW_EINVALID for NULL or an unknown
 * name; out untouched). */
#define CORE_VALUE_LIST(type, names, count, fallback, name_fn, parse_fn)                                               \
	const struct core_values name_fn##_list = {(names), (count), (fallback)};                                      \
	const char *name_fn(type v)                                                                                    \
	{                                                                                                              \
		return core_value_name(&name_fn##_list, (int)v);                                                       \
	}                                                                                                              \
	enum sw_err parse_fn(const char *s, type *out)                                                                 \
	{                                                                                                              \
		int i = core_value_index(s, (names), (count));                                                         \
		if (i < 0)                                                                                             \
			return SW_EINVALID;                                                                            \
		*out = (type)i;                                                                                        \
		return SW_OK;                                                                                          \
	}

/* Null-safe string equality. */
bool str_same(const char *a, const char *b);

/* A name a record is known by in paths and values: 1 to max of a-z, 0-9
 * and _, starting with a letter (custom fields, cause categories). */
bool core_name_ok(const char *s, size_t max);

#endif
