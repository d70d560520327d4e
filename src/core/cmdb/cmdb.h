/*
 * cmdb.h — the configuration management database: CI classes in a
 * hierarchy with typed attribute definitions, CIs whose attributes are
 * validated against their class (and its ancestors) on every write, typed
 * directed relationships between CIs, and impact analysis over them.
 *
 * Admins edit classes; agents and up read and write CIs and
 * relationships; end users have no access.
 */
#ifndef SW_CORE_CMDB_H
#define SW_CORE_CMDB_H

#include "core/model.h"
#include "core/kernel/record.h"
#include "base/list.h"

enum ci_attr_type { CA_STRING, CA_INT, CA_BOOL, CA_DATE, CA_ENUM, CA_REFERENCE, CA_TYPE__COUNT };
CORE_VALUE_LIST_DECL(enum ci_attr_type, ci_attr_type_name, ci_attr_type_parse);

enum ci_status { CI_PLANNED, CI_IN_SERVICE, CI_MAINTENANCE, CI_RETIRED, CI_STATUS__COUNT };
CORE_VALUE_LIST_DECL(enum ci_status, ci_status_name, ci_status_parse);

enum ci_rel_type {
	REL_DEPENDS_ON,
	REL_RUNS_ON,
	REL_HOSTED_ON,
	REL_CONNECTS_TO,
	REL_PART_OF,
	REL_BACKED_UP_BY,
	REL__COUNT
};
CORE_VALUE_LIST_DECL(enum ci_rel_type, ci_rel_name, ci_rel_parse);

#define CI_ATTRS_MAX 64      /* attribute definitions per class, and values per CI */
#define CI_CHOICES_MAX 50    /* values of an enum attribute */
#define CI_CLASS_DEPTH_MAX 8 /* levels of the class hierarchy */
#define CI_VALUE_MAX 1000    /* characters of a string attribute */
#define IMPACT_DEPTH_DEFAULT 10
#define IMPACT_DEPTH_MAX 50
#define IMPACT_NODES_MAX 20000 /* visited nodes before an answer is cut short */

struct ci_attr_def {
	const char *name;
	enum ci_attr_type type;
	bool required, unique;
	const char **choices; /* enum */
	size_t choice_count;
	int64_t ref_class_id; /* reference: the class the target CI must be of (or descend from) */
	const char *ref_class;
	int64_t class_id; /* the declaring class */
	const char *class_name;
};

struct ci_class {
	int64_t id;
	const char *name, *description;
	int64_t parent_id;
	const char *parent;
	struct ci_attr_def *attrs; /* its own definitions, in position order */
	size_t attr_count;
	int64_t created_at, updated_at;
};

LIST_OF(ci_class_list, ci_class);

struct ci_class_input {
	const char *name, *parent, *description;
	struct ci_attr_def *attrs; /* ref_class names the referenced class */
	size_t attr_count;
	bool set_parent, set_description, set_attrs;
};

/* Run by core/kernel/record.h: struct ci_class_input in, struct ci_class out,
 * named by name; admins write, agents read.  An update changes the
 * description and attribute definitions; name and parent are fixed. */
extern const struct record_kind ci_class_kind;
/* The attribute definitions of a class and its ancestors, ancestors first. */
enum sw_err ci_class_defs(struct ctx *c, int64_t class_id, struct ci_attr_def **out, size_t *count,
			  struct sw_error *err);

/* An attribute value as given (JSON types) or stored (text). */
enum ci_value_kind { CV_NULL, CV_STRING, CV_INT, CV_BOOL };
struct ci_value {
	const char *name;
	enum ci_value_kind kind;
	const char *s;
	int64_t i;
	bool b;
};

struct ci {
	int64_t id;
	const char *name;
	int64_t class_id;
	const char *class_name;
	enum ci_status status;
	const char *environment, *location, *external_id;
	int64_t owner_id, group_id;
	const char *owner, *group;
	struct ci_value *attrs; /* typed by the class definitions */
	size_t attr_count;
	int64_t version, created_at, updated_at;
};

struct ci_list {
	struct ci *items;
	size_t count;
	const char *next_cursor;
};

struct ci_input {
	const char *name, *class_name, *status, *environment, *location, *external_id, *owner, *group;
	struct ci_value *attrs; /* CV_NULL removes an attribute (on update) */
	size_t attr_count;
	bool set_name, set_class, set_status, set_environment, set_location, set_external_id, set_owner, set_group,
		set_attrs;
};

struct ci_filter {
	const char *class_name; /* this class and its subclasses */
	const char *status, *q; /* q: substring of the name */
};

/* A value given as text (CSV, storage) typed as definition d says: an int
 * or reference that reads as a number, a bool "true"/"false"; otherwise
 * left as text for the check to refuse with its reason. */
void ci_value_type(const struct ci_attr_def *d, struct ci_value *v);

enum sw_err ci_create(struct ctx *c, const struct ci_input *in, struct ci *out, struct sw_error *err);
/* expected_version 0: do not check.  Attributes given are merged into the
 * stored ones; the result is validated as a whole. */
enum sw_err ci_update(struct ctx *c, int64_t id, int64_t expected_version, const struct ci_input *in, struct ci *out,
		      struct sw_error *err);
enum sw_err ci_get(struct ctx *c, int64_t id, struct ci *out, struct sw_error *err);
/* CI id as it was at time at (agents): its fields and attributes folded
 * from its history (the values each create and update row set, up to at),
 * its version the writes up to then.  404 when it did not exist yet (or
 * does not exist now). */
enum sw_err ci_get_as_of(struct ctx *c, int64_t id, int64_t at, struct ci *out, struct sw_error *err);
/* Whether CI id exists (SW_ENOTFOUND "no CI n"), for its history
 * (struct history_subject, core/kernel/record.h); no role check. */
enum sw_err ci_find(struct ctx *c, int64_t id, struct sw_error *err);
enum sw_err ci_list(struct ctx *c, const struct ci_filter *f, const struct page *p, struct ci_list *out,
		    struct sw_error *err);

struct ci_relation {
	int64_t id;
	int64_t from_id, to_id;
	const char *from_name, *to_name;
	enum ci_rel_type type;
	int64_t created_at;
};

LIST_OF(ci_relation_list, ci_relation);

enum sw_err ci_relate(struct ctx *c, int64_t from_id, const char *type, int64_t to_id, struct ci_relation *out,
		      struct sw_error *err);
enum sw_err ci_unrelate(struct ctx *c, int64_t relation_id, struct sw_error *err);
/* A page of all relationships after after_id (by id), with the CIs'
 * external ids in from_name/to_name, for exports.  Agents and up. */
enum sw_err ci_relations_all(struct ctx *c, int64_t after_id, int limit, struct ci_relation_list *out,
			     struct sw_error *err);
/* Relationships from and to a CI. */
enum sw_err ci_relations(struct ctx *c, int64_t id, struct ci_relation_list *out, struct sw_error *err);

/* ---- impact analysis --------------------------------------------------------- */

enum graph_kind { GK_CI, GK_SERVICE, GK_OBJECTIVE };
const char *graph_kind_name(enum graph_kind k);

/* One thing reached, with how: path[0] is where the walk started, path
 * [depth] the thing itself; relation[i] links path[i] and path[i+1]. */
struct graph_node {
	enum graph_kind kind;
	int64_t id;
	const char *name;
	int depth;
	const struct graph_node *via; /* the node it was reached from (NULL at the start) */
	const char *relation;         /* how via and this node are linked */
};

struct graph_result {
	struct graph_node *items; /* in the order reached (breadth first) */
	size_t count;
	bool truncated; /* IMPACT_NODES_MAX reached */
};

/* Everything that depends on CI id, transitively: CIs, then the services
 * that depend on those, the services depending on them, and the
 * objectives they serve.  Each thing once, by a shortest path; cycles end
 * there.  depth 1..IMPACT_DEPTH_MAX. */
enum sw_err ci_impact(struct ctx *c, int64_t id, int depth, struct graph_result *out, struct sw_error *err);

#define IMPACTED_NODES_MAX 2000 /* the walk behind an incident's impacted_services, on every read */
/* The walk behind ci_impact (upward: what depends on it) and
 * service_dependencies (downward: what it depends on), from any node. */
enum sw_err graph_walk(struct ctx *c, enum graph_kind kind, int64_t id, const char *name, bool upward, int depth,
		       size_t max_nodes, struct graph_result *out, struct sw_error *err);
/* A walk a client asks for, from the CI or service id (404 when there is
 * none): agents only, depth 1..IMPACT_DEPTH_MAX (else 400). */
enum sw_err graph_walk_from(struct ctx *c, enum graph_kind kind, int64_t id, bool upward, int depth,
			    struct graph_result *out, struct sw_error *err);

#endif
