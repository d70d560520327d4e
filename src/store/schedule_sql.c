/*
 * schedule_sql.c — the SQL of the change schedule: change windows, the
 * services they hold for, and the tokens of iCalendar feeds
 * (repo_schedule.c).  Columns are listed explicitly so that the
 * repository reads them by position; the *_COLS macros and its column
 * tables must agree.  See catalog.h.
 */
#include "store/schedule_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_SCHEDULE

#define WINDOW_COLS                                                                                                    \
	"id, name, kind, description, timezone, start_local, duration_minutes, recurrence, allow_override, active,"    \
	" sequence, created_at, updated_at FROM change_windows"

#define FEED_COLS                                                                                                      \
	"f.id, f.name, f.scope, f.user_id, u.login, u.role, u.active, COALESCE(f.service_id, 0), s.name,"              \
	" f.created_at, COALESCE(f.revoked_at, 0) FROM feed_tokens f JOIN users u ON u.id = f.user_id"                 \
	" LEFT JOIN services s ON s.id = f.service_id"

/* clang-format off */
const struct db_stmt schedule_sql[ST_SCHEDULE__END - ST_BASE_SCHEDULE] = {
	S_WRITES(ST_WINDOW_INSERT, ST_WINDOW_UPDATE, "change_windows", kind, description, timezone, start_local,
		 duration_minutes, recurrence, allow_override, active, sequence, updated_at),
	S_BY(ST_WINDOW_BY_NAME, WINDOW_COLS, "name"),
	S_ORDERED_THEN(ST_WINDOW_LIST, "SELECT " WINDOW_COLS " ORDER BY name", " LIMIT 1000"),
	S(ST_WINDOW_COUNT, "SELECT COUNT(*) FROM change_windows"),
	S_SERVICE_LINKS(ST_WINDOW_SVC_DELETE, ST_WINDOW_SVC_INSERT, ST_WINDOW_SVC_OF, ST_WINDOW_SVC_ALL,
			"change_window_services", "ws", "window_id"),
	S(ST_WINDOW_CI_SERVICES, "SELECT service_id FROM service_cis WHERE ci_id = ?1 ORDER BY service_id LIMIT 1000"),
	S(ST_FEED_INSERT,
	  "INSERT INTO feed_tokens (token_hash, user_id, scope, service_id, name, created_at)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id"),
	S_BY(ST_FEED_BY_HASH, FEED_COLS, "f.token_hash"),
	S(ST_FEED_OF_USER, "SELECT " FEED_COLS " WHERE f.user_id = ?1 ORDER BY f.id DESC LIMIT 1000"),
	S(ST_FEED_LIVE_COUNT, "SELECT COUNT(*) FROM feed_tokens WHERE user_id = ?1 AND revoked_at IS NULL"),
	S(ST_FEED_REVOKE,
	  "UPDATE feed_tokens SET revoked_at = ?3 WHERE id = ?1 AND user_id = ?2 AND revoked_at IS NULL"),
};
/* clang-format on */
