/*
 * import.h — bulk loading of CIs and relationships, one row at a time,
 * from any source that can hand over named columns (CSV records, JSON
 * objects).  Rows are upserted by external id.  A bad row is reported
 * (row number, field, reason) and skipped; with atomic, the whole import
 * is one transaction that is committed only if every row was good.
 *
 * Each row's work uses a scratch arena released after the row, so an
 * import of any length runs in bounded memory; what outlives a row (the
 * header, the error report) is kept in the run's own arena.
 */
#ifndef SW_CORE_IMPORT_H
#define SW_CORE_IMPORT_H

#include "base/arena.h"
#include "core/cmdb/cmdb.h"

enum import_kind { IMPORT_CIS, IMPORT_RELATIONS, IMPORT_KIND__COUNT };
enum sw_err import_kind_parse(const char *s, enum import_kind *out);

#define IMPORT_ERRORS_MAX 1000

struct import_error {
	int64_t row;
	const char *field; /* NULL: the row as a whole */
	const char *reason;
};

struct import_run {
	struct ctx *c;
	enum import_kind kind;
	bool atomic;
	int64_t rows, created, updated, unchanged, failed;
	struct import_error *errors;
	size_t error_count;
	bool errors_truncated;
	bool committed;    /* atomic: whether the transaction was committed */
	struct arena keep; /* the report */
};

/* Start; with atomic, opens the transaction every row then runs in. */
enum sw_err import_begin(struct import_run *run, struct ctx *c, enum import_kind kind, bool atomic,
			 struct sw_error *err);
/* One row of named values (CV_STRING from text sources, any kind from
 * JSON; an empty string or null means "not given").  Row failures are
 * recorded in run; only failures of the store itself are returned. */
enum sw_err import_row(struct import_run *run, const struct ci_value *cols, size_t n, int64_t row,
		       struct sw_error *err);
/* Count row as failed for a reason found before it reached import_row
 * (a CSV record longer than the header, a JSON value of the wrong type). */
void import_fail(struct import_run *run, int64_t row, const char *field, const char *reason);
/* Finish: commit (or, atomic with failures, roll back) and release what
 * the run holds except the report, which lives until import_release. */
enum sw_err import_end(struct import_run *run, struct sw_error *err);
void import_release(struct import_run *run);

#endif
