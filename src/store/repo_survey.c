/*
 * repo_survey.c — action links and satisfaction surveys (port/csi.h):
 * links by their token's hash, used once; the kinds' survey settings; a
 * ticket's survey with the names of what it is attached to; the report's
 * figures grouped in SQL.
 */
#include <string.h>

#include "core/csi/survey.h"
#include "core/kernel/action_link.h"
#include "core/port/csi.h"
#include "store/store_int.h"
#include "store/survey_sql.h"
#include "base/banned.h"

/* ---- action links ---------------------------------------------------------------- */

static const struct store_col link_cols[] = {
	STORE_COLS(struct action_link, id, purpose, record_id, user_id, expires_at, used_at, created_at)};

enum sw_err store_action_link_insert(struct store *s, const struct action_link *l, const char *token_hash, int64_t *id,
				     struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(l->purpose), DB_INT(l->record_id),  DB_ID(l->user_id),
			     DB_TEXT(token_hash), DB_INT(l->expires_at), DB_INT(l->created_at)};
	return store_write(s, ST_ACTION_LINK_INSERT, a, NARGS(a), id, err);
}

enum sw_err store_action_link_by_hash(struct store *s, const char *purpose, const char *token_hash,
				      struct action_link *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(purpose), DB_TEXT(token_hash)};
	return STORE_ONE(s, ST_ACTION_LINK_BY_HASH, a, NARGS(a), link_cols, out, err);
}

enum sw_err store_action_link_use(struct store *s, int64_t id, int64_t at, bool *marked, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id), DB_INT(at)};
	int64_t n = 0;
	enum sw_err rc = db_exec(s->conn, ST(ST_ACTION_LINK_USE), a, NARGS(a), &n, err);
	if (!rc)
		*marked = n == 1;
	return rc;
}

/* ---- settings ---------------------------------------------------------------------- */

static const struct store_col settings_cols[] = {
	STORE_COLS(struct survey_settings, kind, enabled, sample_percent, cooldown_days, low_threshold, updated_at)};

enum sw_err store_survey_settings_list(struct store *s, struct survey_settings **out, size_t *count,
				       struct sw_error *err)
{
	return STORE_COLLECT(s, ST_SURVEY_SETTINGS_LIST, NULL, 0, settings_cols, out, count, err);
}

enum sw_err store_survey_settings_get(struct store *s, const char *kind, struct survey_settings *out,
				      struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(kind)};
	return STORE_ONE(s, ST_SURVEY_SETTINGS_GET, a, NARGS(a), settings_cols, out, err);
}

enum sw_err store_survey_settings_save(struct store *s, const struct survey_settings *v, struct sw_error *err)
{
	return STORE_WRITE_ARGS(s, ST_SURVEY_SETTINGS_SAVE, v, settings_cols, NULL, err);
}

/* ---- surveys ------------------------------------------------------------------------- */

static const struct store_col survey_cols[] = {
	STORE_COLS(struct survey, id, ticket_id, ticket, kind, title, user_id, user, agent_id, agent),
	STORE_COLS(struct survey, group_id, group, service_id, service, sent_at, answered_at, rating, comment,
		   channel)};

enum sw_err store_survey_last_sent(struct store *s, int64_t user_id, int64_t *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(user_id)};
	return db_query_int(s->conn, ST(ST_SURVEY_LAST_SENT), a, NARGS(a), out, err);
}

enum sw_err store_survey_insert(struct store *s, struct survey *v, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(v->ticket_id), DB_TEXT(v->kind),     DB_INT(v->user_id), DB_ID(v->agent_id),
			     DB_ID(v->group_id),   DB_ID(v->service_id), DB_INT(v->sent_at)};
	return store_write(s, ST_SURVEY_INSERT, a, NARGS(a), &v->id, err);
}

enum sw_err store_survey_by_ticket(struct store *s, int64_t ticket_id, struct survey *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(ticket_id)};
	return STORE_ONE(s, ST_SURVEY_BY_TICKET, a, NARGS(a), survey_cols, out, err);
}

enum sw_err store_survey_by_id(struct store *s, int64_t id, struct survey *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id)};
	return STORE_ONE(s, ST_SURVEY_BY_ID, a, NARGS(a), survey_cols, out, err);
}

enum sw_err store_survey_answer(struct store *s, const struct survey *v, bool *recorded, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(v->id), DB_INT(v->rating), DB_TEXT(v->comment), DB_TEXT(v->channel),
			     DB_INT(v->answered_at)};
	int64_t n = 0;
	enum sw_err rc = db_exec(s->conn, ST(ST_SURVEY_ANSWER), a, NARGS(a), &n, err);
	if (!rc)
		*recorded = n == 1;
	return rc;
}

enum sw_err store_survey_comment(struct store *s, int64_t id, const char *comment, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id), DB_TEXT(comment)};
	return store_write(s, ST_SURVEY_COMMENT, a, NARGS(a), NULL, err);
}

/* ---- reports --------------------------------------------------------------------------- */

static void read_figures(struct db_rows *r, struct survey_report_row *row)
{
	row->sent = db_col_int(r, 1);
	row->answered = db_col_int(r, 2);
	row->satisfied = db_col_int(r, 3);
	row->rating_sum = db_col_int(r, 4);
	for (int i = 0; i < 5; i++)
		row->ratings[i] = db_col_int(r, 5 + i);
}

static void read_named(struct store *s, struct db_rows *r, void *item)
{
	struct survey_report_row *row = item;
	memset(row, 0, sizeof(*row));
	row->key = store_col_str(s, r, 0);
	read_figures(r, row);
}

/* A quarter hour's row (sent_at / 900), summed into local periods by the core. */
static void read_day(struct store *s, struct db_rows *r, void *item)
{
	(void)s;
	struct survey_report_row *row = item;
	memset(row, 0, sizeof(*row));
	row->quarter = db_col_int(r, 0);
	read_figures(r, row);
}

static void filter_args(const struct survey_filter *f, struct db_arg a[6])
{
	a[0] = DB_INT(f->from);
	a[1] = DB_INT(f->to);
	a[2] = DB_INT(f->service_id);
	a[3] = DB_INT(f->group_id);
	a[4] = DB_INT(f->agent_id);
	a[5] = DB_TEXT(f->kind ? f->kind : "");
}

enum sw_err store_survey_report(struct store *s, const struct survey_filter *f, struct survey_report_row **out,
				size_t *count, struct sw_error *err)
{
	struct db_arg a[6];
	filter_args(f, a);
	int st = f->by == SURVEY_BY_SERVICE ? ST_SURVEY_REPORT_SERVICE
		 : f->by == SURVEY_BY_GROUP ? ST_SURVEY_REPORT_GROUP
		 : f->by == SURVEY_BY_AGENT ? ST_SURVEY_REPORT_AGENT
					    : ST_SURVEY_REPORT_DAY;
	return store_collect(s, st, a, NARGS(a), sizeof(**out), st == ST_SURVEY_REPORT_DAY ? read_day : read_named, out,
			     count, err);
}

enum sw_err store_survey_comments(struct store *s, const struct survey_filter *f, int limit, struct survey **out,
				  size_t *count, struct sw_error *err)
{
	struct db_arg a[7];
	filter_args(f, a);
	a[6] = DB_INT(limit);
	return STORE_COLLECT(s, ST_SURVEY_COMMENTS, a, NARGS(a), survey_cols, out, count, err);
}
