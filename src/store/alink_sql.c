/*
 * alink_sql.c — the SQL of uploads made before their request exists
 * (repo_upload.c).  See alink_sql.h and catalog.h.
 */
#include "store/alink_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_ALINK

/* clang-format off */
const struct db_stmt alink_sql[ST_ALINK__END - ST_BASE_ALINK] = {
	S(ST_UPLOAD_INSERT,
	  "INSERT INTO pending_uploads (filename, content_type, size, sha256, data, created_by, created_at, expires_at)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id"),
	S(ST_UPLOAD_GET,
	  "SELECT p.id, p.filename, p.content_type, p.size, p.sha256, u.login, p.created_at, p.created_by, p.expires_at"
	  " FROM pending_uploads p JOIN users u ON u.id = p.created_by WHERE p.id = ?1"),
	/* the bytes move into the request's attachments as they are */
	S(ST_UPLOAD_CLAIM,
	  "INSERT INTO attachments (ticket_id, filename, content_type, size, sha256, data, created_by, created_at)"
	  " SELECT ?2, filename, content_type, size, sha256, data, created_by, created_at FROM pending_uploads"
	  " WHERE id = ?1 RETURNING id"),
	S(ST_UPLOAD_DELETE, "DELETE FROM pending_uploads WHERE id = ?1"),
	S(ST_UPLOAD_PENDING_OF, "SELECT COUNT(*) FROM pending_uploads WHERE created_by = ?1 AND expires_at > ?2"),
	S(ST_UPLOAD_PURGE,
	  "DELETE FROM pending_uploads WHERE id IN (SELECT id FROM pending_uploads WHERE expires_at <= ?1"
	  " ORDER BY expires_at LIMIT ?2)"),
};
/* clang-format on */
