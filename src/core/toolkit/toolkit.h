/*
 * toolkit.h — toolkits: versioned bundles of configuration (incident
 * templates, SLA policies and calendars, change templates, catalogue
 * items, ...) applied to an installation by stable item keys
 * (docs/toolkit.md).
 *
 * core knows a bundle as decoded items, each of a section; a section is a
 * small declaration (struct toolkit_section) of how to read, write and
 * fingerprint the records of one type.  Reading a bundle from its JSON
 * text and the sections of every record type are in api/toolkit.c;
 * toolkit_apply here decides for each item what to do (add, update,
 * leave alone, keep a local change) and does it all in one transaction,
 * an audit row per item written, through the record types' own create
 * and update operations (their validation in one place).
 */
#ifndef SW_CORE_TOOLKIT_H
#define SW_CORE_TOOLKIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "core/port/toolkit.h"

/* The longest item key and bundle name (characters). */
#define TOOLKIT_KEY_MAX 100
/* The most items of a bundle, and force keys of an apply. */
#define TOOLKIT_ITEMS_MAX 2000
#define TOOLKIT_FORCE_MAX 200
/* A hex SHA-256 and its NUL. */
#define TOOLKIT_HASH_LEN 65

struct toolkit_section;
/* The hooks of a section: read the record name names into out (room for
 * size bytes; SW_ENOTFOUND when none), create one from in (name NULL) or
 * change the one name names, the answer into out; the hex SHA-256 of rec
 * as an item of the section holds it (NULL when out of memory), in the
 * ctx arena; the record's id, for its audit row. */
struct toolkit_section {
	const char *name; /* in the bundle: "sla_policies" */
	size_t size;      /* of the record struct */
	enum sw_err (*get)(struct ctx *c, const struct toolkit_section *s, const char *name, void *out,
			   struct sw_error *err);
	enum sw_err (*put)(struct ctx *c, const struct toolkit_section *s, const char *name, const void *in, void *out,
			   struct sw_error *err);
	const char *(*fingerprint)(struct ctx *c, const struct toolkit_section *s, const void *rec);
	int64_t (*id)(const struct toolkit_section *s, const void *rec);
	/* Whether rec is as Steward made it and nobody has set it since (a
	 * KPI's default target, a catalogue item's empty plan): an item of
	 * the section takes it over, as if it had made it; NULL: never. */
	bool (*pristine)(const void *rec);
	const void *arg; /* the section's own (api/toolkit.c: its struct api_record) */
};

/* One item of a bundle, decoded. */
struct toolkit_item {
	const struct toolkit_section *section;
	const char *key;
	int64_t version;
	const char *name; /* of the record it makes */
	const void *in;   /* the section's input struct */
	const char *hash; /* hex SHA-256 of the item's canonical form, without key and version */
	const char *path; /* where it is in the bundle, for messages: "sections.calendars[1]" */
};

struct toolkit_bundle {
	const char *name, *title, *description;
	int64_t version;
	struct toolkit_item *items; /* in the order they are applied */
	size_t count;
};

/* What an apply did (or, dry, would do) with an item. */
enum toolkit_outcome {
	TOOLKIT_ADDED,
	TOOLKIT_UPDATED,
	TOOLKIT_UNCHANGED,
	TOOLKIT_KEPT_LOCAL,    /* changed locally since it was applied: kept */
	TOOLKIT_KEPT_EXISTING, /* a record of the name exists that no toolkit made: kept */
	TOOLKIT_KEPT_NEWER,    /* a later version of the item was applied: kept */
	TOOLKIT_FAILED,        /* refused: problem says why (nothing was applied) */
	TOOLKIT_OUTCOME__COUNT
};
CORE_VALUE_LIST_DECL(enum toolkit_outcome, toolkit_outcome_name, toolkit_outcome_parse);

struct toolkit_result {
	const char *key, *section, *name, *path;
	enum toolkit_outcome outcome;
	bool forced;
	int64_t version, applied_version; /* the bundle's, and the one applied before (0: none) */
	const char *problem;              /* TOOLKIT_FAILED: "<field>: <detail>" */
};

struct toolkit_report {
	const char *toolkit;
	bool dry_run, applied; /* applied: committed (not a dry run, nothing failed) */
	struct toolkit_result *items;
	size_t count;
	size_t counts[TOOLKIT_OUTCOME__COUNT];
};

struct toolkit_options {
	bool dry_run;
	const char *const *force; /* keys whose local changes are overwritten; "*": every key */
	size_t force_count;
};

/* Apply b (admins only): each item matched by its key to the record it
 * made before, or by name to a record no toolkit made; added, updated,
 * left alone or kept as struct toolkit_outcome says, in b's order (an
 * item kept is still written and rolled back, so that it is checked as
 * one applied would be), all in
 * one transaction with an audit row ("toolkit_item") per item added or
 * updated.  A dry run does the same and rolls it back.  out (in the ctx
 * arena) is filled whenever the bundle was tried: when an item fails,
 * nothing is applied, err is SW_EINVALID with a field error per problem
 * ("<item path>.<field>") and out names the failed items.  A key twice in
 * b is refused before anything is tried. */
enum sw_err toolkit_apply(struct ctx *c, const struct toolkit_bundle *b, const struct toolkit_options *opt,
			  struct toolkit_report *out, struct sw_error *err);

/* Every item applied (admins only), by key. */
enum sw_err toolkit_applied_list(struct ctx *c, struct toolkit_applied_list *out, struct sw_error *err);

#endif
