/*
 * db_pg.c — the PostgreSQL driver over libpq: one connection per thread,
 * catalog statements rewritten from ?N to $N and prepared once per
 * connection as named statements (an unnamed one would be destroyed by the
 * next plain PQexec such as BEGIN), values sent as text (blobs binary),
 * results read as text, SQLSTATEs mapped onto Steward's errors.
 *
 * Bulk loading (db_pipeline): statements that return nothing the caller
 * reads are sent in libpq's pipeline mode without waiting for their
 * answers, PIPE_MAX at most, and their answers are read at the next
 * statement that needs one (a query, a row count, BEGIN/COMMIT): one round
 * trip for a run of inserts instead of one each.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db_int.h"
#include "base/banned.h"

#define PIPE_MAX 256 /* statements sent before their answers are read (their answers fit the socket buffers) */

struct pg_conn {
	struct db_conn base;
	PGconn *h;
	bool prepared[DB_STMT_MAX];
	bool pipelining;                            /* db_pipeline on: send what returns nothing without waiting */
	bool in_pipeline;                           /* libpq is in pipeline mode, pending statements sent */
	int pending;                                /* statements sent whose answers are unread */
	const struct db_stmt *pending_st[PIPE_MAX]; /* for naming the one that failed */
};

struct pg_rows {
	struct db_rows base;
	PGresult *res;
	int row;             /* current row, -1 before the first */
	unsigned char *blob; /* decoded bytea of the last db_col_blob call */
};

static void trim(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = 0;
}

static enum sw_err pg_result_error(struct pg_conn *c, PGresult *res, const char *what, struct sw_error *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	char msg[400];
	snprintf(msg, sizeof(msg), "%s", res ? PQresultErrorMessage(res) : PQerrorMessage(c->h));
	trim(msg);
	if (state && strcmp(state, "23505") == 0)
		return sw_fail(err, SW_ECONFLICT, "duplicate", "%s: %s", what, msg);
	if (state && strcmp(state, "23503") == 0)
		return sw_fail(err, SW_EINVALID, "reference", "%s: %s", what, msg);
	if (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0))
		return sw_fail(err, SW_EBUSY, "busy", "%s: the database is busy; try again", what);
	return sw_fail(err, SW_EDB, NULL, "%s: %s", what, msg);
}

/* Read the answers of the statements sent in pipeline mode and leave it.
 * The first failure is the one reported (those after it were not run). */
static enum sw_err drain(struct pg_conn *c, struct sw_error *err)
{
	if (!c->in_pipeline)
		return SW_OK;
	enum sw_err e = SW_OK;
	if (!PQpipelineSync(c->h))
		e = pg_result_error(c, NULL, "pipeline", err);
	/* each statement's answer, then a NULL; those after a failure are
	 * PGRES_PIPELINE_ABORTED (not run); then the sync's */
	for (int i = 0; i < c->pending; i++) {
		PGresult *res = PQgetResult(c->h);
		if (!res) { /* the connection is gone */
			if (!e)
				e = pg_result_error(c, NULL, c->pending_st[i]->name, err);
			break;
		}
		ExecStatusType st = PQresultStatus(res);
		if (!e && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
			e = pg_result_error(c, res, c->pending_st[i]->name, err);
		PQclear(res);
		while ((res = PQgetResult(c->h)))
			PQclear(res);
	}
	PGresult *res = PQgetResult(c->h);
	if (!e && PQresultStatus(res) != PGRES_PIPELINE_SYNC)
		e = pg_result_error(c, NULL, "pipeline", err);
	PQclear(res);
	PQexitPipelineMode(c->h);
	c->in_pipeline = false;
	c->pending = 0;
	return e;
}

/* Reconnect a broken connection (outside a transaction); prepared
 * statements are gone with the old session. */
static void pg_heal(struct pg_conn *c)
{
	if (PQstatus(c->h) != CONNECTION_BAD || c->base.in_tx)
		return;
	PQreset(c->h);
	memset(c->prepared, 0, sizeof(c->prepared));
}

static enum sw_err pg_exec_sql(struct db_conn *bc, const char *sql, struct sw_error *err)
{
	struct pg_conn *c = (struct pg_conn *)bc;
	/* a failure of a statement sent before fails a COMMIT (PostgreSQL
	 * would answer it with a rollback); a ROLLBACK runs all the same */
	enum sw_err pe = drain(c, err);
	if (pe && strncmp(sql, "ROLLBACK", 8) != 0)
		return pe;
	pg_heal(c);
	PGresult *res = PQexec(c->h, sql);
	ExecStatusType st = PQresultStatus(res);
	enum sw_err e = pe;
	if (!e && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		e = pg_result_error(c, res, "sql", err);
	PQclear(res);
	return e;
}

static enum sw_err pg_connect(struct db *db, struct db_conn **out, struct sw_error *err)
{
	struct pg_conn *c = calloc(1, sizeof(*c));
	if (!c)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	c->h = PQconnectdb(db->target);
	if (PQstatus(c->h) != CONNECTION_OK) {
		char msg[400];
		snprintf(msg, sizeof(msg), "%s", PQerrorMessage(c->h));
		trim(msg);
		PQfinish(c->h);
		free(c);
		return sw_fail(err, SW_EDB, NULL, "cannot connect to PostgreSQL: %s", msg);
	}
	enum sw_err e = pg_exec_sql(&c->base, "SET client_min_messages = warning", err);
	if (e) {
		PQfinish(c->h);
		free(c);
		return e;
	}
	*out = &c->base;
	return SW_OK;
}

static void pg_disconnect(struct db_conn *bc)
{
	struct pg_conn *c = (struct pg_conn *)bc;
	PQfinish(c->h);
	free(c);
}

/* ?N -> $N outside string literals, into a malloc'd copy. */
static char *rewrite(const char *sql)
{
	size_t n = strlen(sql);
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	bool quoted = false;
	for (size_t i = 0; i <= n; i++) {
		char ch = sql[i];
		if (ch == '\'')
			quoted = !quoted;
		out[i] = (!quoted && ch == '?' && sql[i + 1] >= '0' && sql[i + 1] <= '9') ? '$' : ch;
	}
	return out;
}

static enum sw_err prepare(struct pg_conn *c, const struct db_stmt *st, struct sw_error *err)
{
	if (st->id < 0 || st->id >= DB_STMT_MAX)
		return sw_fail(err, SW_EINTERNAL, NULL, "statement id %d out of range", st->id);
	pg_heal(c);
	if (c->prepared[st->id])
		return SW_OK;
	char *sql = rewrite(st->sql_pg ? st->sql_pg : st->sql);
	if (!sql)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	char name[16];
	snprintf(name, sizeof(name), "s%d", st->id);
	PGresult *res = PQprepare(c->h, name, sql, 0, NULL);
	free(sql);
	enum sw_err e = SW_OK;
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		e = pg_result_error(c, res, st->name, err);
	else
		c->prepared[st->id] = true;
	PQclear(res);
	return e;
}

/* Run st and hand its result to *out; or, with out NULL, send it in
 * pipeline mode (the answer is read by drain). */
static enum sw_err run(struct pg_conn *c, const struct db_stmt *st, const struct db_arg *args, int nargs,
		       PGresult **out, struct sw_error *err)
{
	if (nargs > DB_PARAMS_MAX)
		return sw_fail(err, SW_EINTERNAL, NULL, "%s: too many parameters", st->name);
	/* a statement to prepare, or one whose answer is wanted now, waits for those sent */
	enum sw_err e = SW_OK;
	if (out || (st->id >= 0 && st->id < DB_STMT_MAX && !c->prepared[st->id]))
		e = drain(c, err);
	if (e || (e = prepare(c, st, err)))
		return e;
	if (!out && !c->in_pipeline) {
		if (!PQenterPipelineMode(c->h))
			return pg_result_error(c, NULL, st->name, err);
		c->in_pipeline = true;
	}
	const char *values[DB_PARAMS_MAX];
	int lengths[DB_PARAMS_MAX], formats[DB_PARAMS_MAX];
	char ints[DB_PARAMS_MAX][24];
	char *texts[DB_PARAMS_MAX] = {0};
	for (int i = 0; i < nargs; i++) {
		const struct db_arg *a = &args[i];
		formats[i] = 0;
		lengths[i] = 0;
		switch (a->type) {
		case DB_T_INT:
			snprintf(ints[i], sizeof(ints[i]), "%lld", (long long)a->i);
			values[i] = ints[i];
			break;
		case DB_T_TEXT:
			/* text parameters must be NUL-terminated for libpq */
			texts[i] = malloc(a->len + 1);
			if (!texts[i]) {
				e = sw_fail(err, SW_ENOMEM, NULL, "out of memory");
				goto out;
			}
			memcpy(texts[i], a->p, a->len);
			texts[i][a->len] = 0;
			values[i] = texts[i];
			break;
		case DB_T_BLOB:
			values[i] = a->len ? a->p : "";
			lengths[i] = (int)a->len;
			formats[i] = 1;
			break;
		case DB_T_IDSET:
			e = sw_fail(err, SW_EINTERNAL, NULL, "%s: PostgreSQL takes no id set", st->name);
			goto out;
		default: values[i] = NULL; break;
		}
	}
	char name[16];
	snprintf(name, sizeof(name), "s%d", st->id);
	if (!out) {
		if (!PQsendQueryPrepared(c->h, name, nargs, values, lengths, formats, 0)) {
			e = pg_result_error(c, NULL, st->name, err);
			goto out;
		}
		c->pending_st[c->pending++] = st;
		if (c->pending == PIPE_MAX)
			e = drain(c, err);
		goto out;
	}
	PGresult *res = PQexecPrepared(c->h, name, nargs, values, lengths, formats, 0);
	ExecStatusType s = PQresultStatus(res);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		e = pg_result_error(c, res, st->name, err);
		PQclear(res);
		/* the statement stays prepared: a constraint violation does not
		 * affect it, and a dropped connection loses them all */
		if (PQstatus(c->h) == CONNECTION_BAD)
			memset(c->prepared, 0, sizeof(c->prepared));
		goto out;
	}
	*out = res;
out:
	for (int i = 0; i < nargs; i++)
		free(texts[i]);
	return e;
}

static enum sw_err pg_exec(struct db_conn *bc, const struct db_stmt *st, const struct db_arg *args, int nargs,
			   int64_t *changes, struct sw_error *err)
{
	struct pg_conn *c = (struct pg_conn *)bc;
	if (c->pipelining && !changes)
		return run(c, st, args, nargs, NULL, err);
	PGresult *res;
	enum sw_err e = run(c, st, args, nargs, &res, err);
	if (e)
		return e;
	if (changes) {
		const char *n = PQcmdTuples(res);
		long long v = 0;
		for (; n && *n >= '0' && *n <= '9'; n++)
			v = v * 10 + (*n - '0');
		*changes = v;
	}
	PQclear(res);
	return SW_OK;
}

static enum sw_err pg_query(struct db_conn *bc, const struct db_stmt *st, const struct db_arg *args, int nargs,
			    struct db_rows **out, struct sw_error *err)
{
	struct pg_conn *c = (struct pg_conn *)bc;
	PGresult *res;
	enum sw_err e = run(c, st, args, nargs, &res, err);
	if (e)
		return e;
	struct pg_rows *r = calloc(1, sizeof(*r));
	if (!r) {
		PQclear(res);
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	}
	r->base.conn = bc;
	r->res = res;
	r->row = -1;
	*out = &r->base;
	return SW_OK;
}

static int pg_next(struct db_rows *br, struct sw_error *err)
{
	(void)err;
	struct pg_rows *r = (struct pg_rows *)br;
	if (r->row + 1 >= PQntuples(r->res))
		return 0;
	r->row++;
	return 1;
}

static bool pg_col_null(struct db_rows *br, int col)
{
	struct pg_rows *r = (struct pg_rows *)br;
	return PQgetisnull(r->res, r->row, col) != 0;
}

static int64_t pg_col_int(struct db_rows *br, int col)
{
	struct pg_rows *r = (struct pg_rows *)br;
	if (PQgetisnull(r->res, r->row, col))
		return 0;
	const char *s = PQgetvalue(r->res, r->row, col);
	if (strcmp(s, "t") == 0)
		return 1;
	bool neg = *s == '-';
	if (neg)
		s++;
	int64_t v = 0;
	for (; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (*s - '0');
	return neg ? -v : v;
}

static const char *pg_col_text(struct db_rows *br, int col)
{
	struct pg_rows *r = (struct pg_rows *)br;
	if (PQgetisnull(r->res, r->row, col))
		return NULL;
	return PQgetvalue(r->res, r->row, col);
}

static const void *pg_col_blob(struct db_rows *br, int col, size_t *len)
{
	struct pg_rows *r = (struct pg_rows *)br;
	PQfreemem(r->blob);
	r->blob = NULL;
	*len = 0;
	if (PQgetisnull(r->res, r->row, col))
		return "";
	r->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(r->res, r->row, col), len);
	return r->blob ? (const void *)r->blob : "";
}

static void pg_rows_free(struct db_rows *br)
{
	struct pg_rows *r = (struct pg_rows *)br;
	PQfreemem(r->blob);
	PQclear(r->res);
	free(r);
}

static enum sw_err pg_pipeline(struct db_conn *bc, bool on, struct sw_error *err)
{
	struct pg_conn *c = (struct pg_conn *)bc;
	c->pipelining = on;
	return on ? SW_OK : drain(c, err);
}

static enum sw_err pg_backup(struct db *db, struct db_conn *c, const char *path, struct sw_error *err)
{
	(void)db;
	(void)c;
	(void)path;
	return sw_fail(err, SW_EINVALID, NULL, "use pg_dump to back up a PostgreSQL database");
}

/* PostgreSQL checks its own pages; what we can see from here is whether
 * every index is valid (a crashed CREATE INDEX CONCURRENTLY leaves one that
 * is not). */
static enum sw_err pg_integrity(struct db_conn *bc, struct sw_error *err)
{
	struct pg_conn *c = (struct pg_conn *)bc;
	enum sw_err pe = drain(c, err);
	if (pe)
		return pe;
	PGresult *res = PQexec(c->h, "SELECT COUNT(*) FROM pg_index WHERE NOT indisvalid");
	enum sw_err e = SW_OK;
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		e = pg_result_error(c, res, "integrity", err);
	else if (strcmp(PQgetvalue(res, 0, 0), "0") != 0)
		e = sw_fail(err, SW_EDB, NULL, "%s invalid index(es)", PQgetvalue(res, 0, 0));
	PQclear(res);
	return e;
}

const struct db_driver db_pg_driver = {
	.connect = pg_connect,
	.disconnect = pg_disconnect,
	.exec_sql = pg_exec_sql,
	.exec = pg_exec,
	.query = pg_query,
	.next = pg_next,
	.col_null = pg_col_null,
	.col_int = pg_col_int,
	.col_text = pg_col_text,
	.col_blob = pg_col_blob,
	.rows_free = pg_rows_free,
	.backup = pg_backup,
	.integrity = pg_integrity,
	.pipeline = pg_pipeline,
	.begin_sql = "BEGIN",
};
