/*
 * account_sql.c — the SQL of users, groups, sessions, tokens and login
 * throttling (repo_account.c). Columns are listed explicitly so that the
 * repository reads them by position; the *_COLS macros and its readers must
 * agree.  See catalog.h.
 */
#include "store/account_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_ACCOUNT

/* clang-format off */
const struct db_stmt account_sql[ST_ACCOUNT__END - ST_BASE_ACCOUNT] = {
	S(ST_USER_INSERT,
	  "INSERT INTO users (login, name, email, timezone, role, password_hash, active, created_at, updated_at,"
	  " expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id"),
	S(ST_USER_UPDATE,
	  "UPDATE users SET name = ?2, email = ?3, timezone = ?4, role = ?5, password_hash = ?6,"
	  " active = ?7, updated_at = ?8, expires_at = ?9 WHERE id = ?1"),
	S_BY(ST_USER_BY_LOGIN, USER_COLS " FROM users u", "u.login"),
	S_BY(ST_USER_BY_ID, USER_COLS " FROM users u", "u.id"),
	SPG(ST_USER_LIST,
	    "SELECT " USER_COLS " FROM users u WHERE (?1 IS NULL OR u.role = ?1)"
	    " AND (?2 < 0 OR u.active = ?2)"
	    " AND (?3 IS NULL OR lower(u.login) LIKE ?3 ESCAPE '\\' OR lower(u.name) LIKE ?3 ESCAPE '\\')"
	    " AND (?4 IS NULL OR u.login > ?4) ORDER BY u.login LIMIT ?5",
	    "SELECT " USER_COLS " FROM users u WHERE (CAST(?1 AS TEXT) IS NULL OR u.role = ?1)"
	    " AND (CAST(?2 AS BIGINT) < 0 OR u.active = ?2)"
	    " AND (CAST(?3 AS TEXT) IS NULL OR lower(u.login) LIKE ?3 ESCAPE '\\' OR lower(u.name) LIKE ?3 ESCAPE '\\')"
	    " AND (CAST(?4 AS TEXT) IS NULL OR u.login > ?4) ORDER BY u.login LIMIT ?5"),
	S(ST_USER_GROUPS,
	  "SELECT g.name FROM group_members m JOIN groups_ g ON g.id = m.group_id WHERE m.user_id = ?1 ORDER BY g.name"),
	S(ST_GROUP_INSERT,
	  "INSERT INTO groups_ (name, description, manager_id, created_at, updated_at)"
	  " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id"),
	S(ST_GROUP_UPDATE, "UPDATE groups_ SET description = ?2, manager_id = ?3, updated_at = ?4 WHERE id = ?1"),
	S(ST_GROUP_BY_NAME,
	  "SELECT g.id, g.name, g.description, g.manager_id, m.login, g.created_at, g.updated_at"
	  " FROM groups_ g LEFT JOIN users m ON m.id = g.manager_id WHERE g.name = ?1"),
	SPG(ST_GROUP_LIST,
	    "SELECT g.id, g.name, g.description, g.manager_id, m.login, g.created_at, g.updated_at"
	    " FROM groups_ g LEFT JOIN users m ON m.id = g.manager_id WHERE (?1 IS NULL OR g.name > ?1)"
	    " ORDER BY g.name LIMIT ?2",
	    "SELECT g.id, g.name, g.description, g.manager_id, m.login, g.created_at, g.updated_at"
	    " FROM groups_ g LEFT JOIN users m ON m.id = g.manager_id WHERE (CAST(?1 AS TEXT) IS NULL OR g.name > ?1)"
	    " ORDER BY g.name LIMIT ?2"),
	S(ST_GROUP_MEMBERS,
	  "SELECT u.login FROM group_members m JOIN users u ON u.id = m.user_id WHERE m.group_id = ?1 ORDER BY u.login"),
	S(ST_GROUP_MEMBERS_CLEAR, "DELETE FROM group_members WHERE group_id = ?1"),
	S(ST_GROUP_MEMBER_ADD,
	  "INSERT INTO group_members (group_id, user_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING"),
	S(ST_GROUP_IS_MEMBER, "SELECT COUNT(*) FROM group_members WHERE group_id = ?1 AND user_id = ?2"),
	S(ST_SESSION_INSERT,
	  "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at) VALUES (?1, ?2, ?3, ?4, ?3)"
	  " RETURNING id"),
	/* a live session: within its lifetime, used within the idle time (?3:
	 * the earliest last use that counts), of an active, unexpired account */
	S(ST_SESSION_FIND,
	  "SELECT s.id, s.last_seen_at, " USER_COLS " FROM sessions s JOIN users u ON u.id = s.user_id"
	  " WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND s.last_seen_at > ?3 AND u.active = 1"
	  " AND (u.expires_at IS NULL OR u.expires_at > ?2)"),
	S(ST_SESSION_SEEN, "UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1"),
	S(ST_SESSION_DELETE, "DELETE FROM sessions WHERE id = ?1"),
	S(ST_SESSION_DELETE_USER, "DELETE FROM sessions WHERE user_id = ?1"),
	S(ST_SESSION_PURGE, "DELETE FROM sessions WHERE expires_at <= ?1 OR last_seen_at <= ?2"),
	S(ST_TOKEN_INSERT,
	  "INSERT INTO api_tokens (token_hash, user_id, name, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)"
	  " RETURNING id"),
	/* a live token: unexpired, of an active, unexpired account */
	S(ST_TOKEN_FIND,
	  "SELECT k.id, k.last_used_at, " USER_COLS " FROM api_tokens k JOIN users u ON u.id = k.user_id"
	  " WHERE k.token_hash = ?1 AND (k.expires_at IS NULL OR k.expires_at > ?2) AND u.active = 1"
	  " AND (u.expires_at IS NULL OR u.expires_at > ?2)"),
	S(ST_TOKEN_USED, "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1"),
	S(ST_TOKEN_LIST,
	  "SELECT k.id, k.name, k.created_at, k.last_used_at, k.expires_at FROM api_tokens k WHERE k.user_id = ?1"
	  " ORDER BY k.id DESC LIMIT ?2"),
	S(ST_TOKEN_DELETE, "DELETE FROM api_tokens WHERE id = ?1 AND user_id = ?2"),
	S(ST_THROTTLE_GET,
	  "SELECT failures, last_failure_at, locked_until FROM login_throttle WHERE login = ?1 AND address = ?2"),
	S(ST_THROTTLE_SET,
	  "INSERT INTO login_throttle (login, address, failures, last_failure_at, locked_until)"
	  " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (login, address) DO UPDATE SET failures = excluded.failures,"
	  " last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until"),
	S(ST_THROTTLE_CLEAR, "DELETE FROM login_throttle WHERE login = ?1 AND address = ?2"),
	S(ST_THROTTLE_PURGE, "DELETE FROM login_throttle WHERE last_failure_at <= ?1 AND locked_until <= ?2"),
};
/* clang-format on */
