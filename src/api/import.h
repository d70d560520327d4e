/*
 * import.h — the CMDB import and export drivers of api_import.c, shared by
 * the HTTP API and the `steward import` / `steward export` commands.
 */
#ifndef SW_API_IMPORT_H
#define SW_API_IMPORT_H

#include <jansson.h>

#include "base/buf.h"
#include "base/csv.h"
#include "core/cmdb/import.h"

struct import_session {
	struct import_run run;
	struct csv csv;
	const char *header[CSV_FIELDS_MAX]; /* CSV column names, in run.keep */
	size_t columns;
	struct sw_error err; /* what stopped the import (malformed CSV, a store failure) */
	void (*progress)(void *arg, const struct import_run *run); /* after each row, or NULL */
	void *progress_arg;
};

/* init, then import_begin(&s->run, ...), then feed, then import_end. */
void import_session_init(struct import_session *s);
void import_session_release(struct import_session *s);
/* Feed CSV bytes; the first record is the header.  Stops with s->err. */
enum sw_err import_session_csv(struct import_session *s, const char *p, size_t len, bool last);
/* One JSON object as a row. */
enum sw_err import_session_json(struct import_session *s, json_t *obj, int64_t row);
/* v as a CI attribute value into x (its name is the caller's): a string
 * (borrowed from v), an integer, true, false or null; false for anything
 * else.  The JSON of import rows and of a CI's attributes. */
bool api_ci_value(json_t *v, struct ci_value *x);
/* {"rows", "created", "updated", "unchanged", "failed", "atomic", "committed", "errors": [...], "errors_truncated"} */
json_t *import_report_json(const struct import_run *run);

/* CIs, relations or services as CSV (csv) or a JSON array into out. */
enum sw_err cmdb_export(struct ctx *c, const char *kind, bool csv, struct buf *out, struct sw_error *err);

#endif
