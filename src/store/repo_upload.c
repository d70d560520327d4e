/*
 * repo_upload.c — uploads waiting for the order that names them
 * (port/catalog.h, core/catalog/upload.h): written with their bytes,
 * read without them, claimed into a request's attachments, purged when
 * expired.  Statements in alink_sql.c.
 */
#include <string.h>

#include "core/catalog/upload.h"
#include "core/port/catalog.h"
#include "store/alink_sql.h"
#include "store/store_int.h"
#include "base/banned.h"

static const struct store_col upload_cols[] = {STORE_COLS(struct upload, id, filename, content_type, size, sha256,
							  created_by, created_at, created_by_id, expires_at)};

enum sw_err store_upload_insert(struct store *s, const struct upload *u, const void *data, int64_t *id,
				struct sw_error *err)
{
	struct db_arg a[] = {DB_TEXT(u->filename),  DB_TEXT(u->content_type),       DB_INT(u->size),
			     DB_TEXT(u->sha256),    DB_BLOB(data, (size_t)u->size), DB_INT(u->created_by_id),
			     DB_INT(u->created_at), DB_INT(u->expires_at)};
	return store_write(s, ST_UPLOAD_INSERT, a, NARGS(a), id, err);
}

enum sw_err store_upload_pending_of(struct store *s, int64_t user_id, int64_t now, int64_t *count, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(user_id), DB_INT(now)};
	return db_query_int(s->conn, ST(ST_UPLOAD_PENDING_OF), a, NARGS(a), count, err);
}

enum sw_err store_upload_get(struct store *s, int64_t id, struct upload *out, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id)};
	return STORE_ONE(s, ST_UPLOAD_GET, a, NARGS(a), upload_cols, out, err);
}

enum sw_err store_upload_claim(struct store *s, int64_t id, int64_t ticket_id, int64_t *attachment_id,
			       struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(id), DB_INT(ticket_id)};
	int64_t gone = 0;
	enum sw_err rc = db_query_int(s->conn, ST(ST_UPLOAD_CLAIM), a, NARGS(a), attachment_id, err);
	if (!rc && !(rc = db_exec(s->conn, ST(ST_UPLOAD_DELETE), a, 1, &gone, err)) && gone != 1)
		/* another order took it between the check and here (PostgreSQL's
		 * read committed: its delete waited for ours, then found nothing) */
		rc = sw_fail(err, SW_ECONFLICT, NULL, "upload %lld was used by another order meanwhile", (long long)id);
	return rc;
}

enum sw_err store_upload_purge(struct store *s, int64_t now, int batch, int64_t *removed, struct sw_error *err)
{
	struct db_arg a[] = {DB_INT(now), DB_INT(batch)};
	return db_exec(s->conn, ST(ST_UPLOAD_PURGE), a, NARGS(a), removed, err);
}
