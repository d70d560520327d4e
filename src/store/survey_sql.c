/*
 * survey_sql.c — the SQL of action links and satisfaction surveys
 * (repo_survey.c).  The action links are the generic primitive
 * (core/kernel/action_link.h) and keep their statements here, at the start
 * of the surveys' range, until another user needs a range of their own.
 * See catalog.h.
 */
#include "store/survey_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_SURVEY

#define LINK_COLS "id, purpose, record_id, user_id, expires_at, used_at, created_at FROM action_links"
#define SURVEY_COLS                                                                                                    \
	"s.id, s.ticket_id, t.number, s.kind, t.title, s.user_id, u.login, s.agent_id, a.login, s.group_id, g.name,"   \
	" s.service_id, sv.name, s.sent_at, s.answered_at, s.rating, s.comment, s.channel FROM surveys s"              \
	" JOIN tickets t ON t.id = s.ticket_id JOIN users u ON u.id = s.user_id LEFT JOIN users a ON a.id = "          \
	"s.agent_id"                                                                                                   \
	" LEFT JOIN groups_ g ON g.id = s.group_id LEFT JOIN services sv ON sv.id = s.service_id"
/* The report's figures and its filters: sent in [?1, ?2), a service (?3),
 * group (?4), agent (?5) or kind (?6, '' for any). */
#define FIGURES                                                                                                        \
	"COUNT(*), COUNT(s.answered_at), SUM(CASE WHEN s.rating >= 4 THEN 1 ELSE 0 END), COALESCE(SUM(s.rating), 0),"  \
	" SUM(CASE WHEN s.rating = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN s.rating = 2 THEN 1 ELSE 0 END),"               \
	" SUM(CASE WHEN s.rating = 3 THEN 1 ELSE 0 END), SUM(CASE WHEN s.rating = 4 THEN 1 ELSE 0 END),"               \
	" SUM(CASE WHEN s.rating = 5 THEN 1 ELSE 0 END) FROM surveys s"
#define FILTERS                                                                                                        \
	" WHERE s.sent_at >= ?1 AND s.sent_at < ?2 AND (?3 = 0 OR s.service_id = ?3) AND (?4 = 0 OR s.group_id = ?4)"  \
	" AND (?5 = 0 OR s.agent_id = ?5) AND (?6 = '' OR s.kind = ?6)"

/* clang-format off */
const struct db_stmt survey_sql[ST_SURVEY__END - ST_BASE_SURVEY] = {
	S(ST_ACTION_LINK_INSERT,
	  "INSERT INTO action_links (purpose, record_id, user_id, token_hash, expires_at, created_at)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id"),
	S(ST_ACTION_LINK_BY_HASH, "SELECT " LINK_COLS " WHERE purpose = ?1 AND token_hash = ?2"),
	S(ST_ACTION_LINK_USE, "UPDATE action_links SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL"),
	S(ST_SURVEY_SETTINGS_LIST,
	  "SELECT kind, enabled, sample_percent, cooldown_days, low_threshold, updated_at FROM survey_settings"),
	S_BY(ST_SURVEY_SETTINGS_GET,
	     "kind, enabled, sample_percent, cooldown_days, low_threshold, updated_at FROM survey_settings", "kind"),
	SPG(ST_SURVEY_SETTINGS_SAVE,
	    "INSERT INTO survey_settings (kind, enabled, sample_percent, cooldown_days, low_threshold, updated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (kind) DO UPDATE SET enabled = excluded.enabled,"
	    " sample_percent = excluded.sample_percent, cooldown_days = excluded.cooldown_days,"
	    " low_threshold = excluded.low_threshold, updated_at = excluded.updated_at",
	    "INSERT INTO survey_settings (kind, enabled, sample_percent, cooldown_days, low_threshold, updated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (kind) DO UPDATE SET enabled = EXCLUDED.enabled,"
	    " sample_percent = EXCLUDED.sample_percent, cooldown_days = EXCLUDED.cooldown_days,"
	    " low_threshold = EXCLUDED.low_threshold, updated_at = EXCLUDED.updated_at"),
	S(ST_SURVEY_LAST_SENT, "SELECT COALESCE(MAX(sent_at), 0) FROM surveys WHERE user_id = ?1"),
	S(ST_SURVEY_INSERT,
	  "INSERT INTO surveys (ticket_id, kind, user_id, agent_id, group_id, service_id, sent_at)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id"),
	S_BY(ST_SURVEY_BY_TICKET, SURVEY_COLS, "s.ticket_id"),
	S_BY(ST_SURVEY_BY_ID, SURVEY_COLS, "s.id"),
	S(ST_SURVEY_ANSWER,
	  "UPDATE surveys SET rating = ?2, comment = ?3, channel = ?4, answered_at = ?5 WHERE id = ?1"
	  " AND answered_at IS NULL"),
	S(ST_SURVEY_COMMENT, "UPDATE surveys SET comment = ?2 WHERE id = ?1"),
	S(ST_SURVEY_REPORT_SERVICE,
	  "SELECT x.name, " FIGURES " LEFT JOIN services x ON x.id = s.service_id" FILTERS " GROUP BY x.name"),
	S(ST_SURVEY_REPORT_GROUP,
	  "SELECT x.name, " FIGURES " LEFT JOIN groups_ x ON x.id = s.group_id" FILTERS " GROUP BY x.name"),
	S(ST_SURVEY_REPORT_AGENT,
	  "SELECT x.login, " FIGURES " LEFT JOIN users x ON x.id = s.agent_id" FILTERS " GROUP BY x.login"),
	/* by quarter hour, which every zone's local days begin on; the core
	 * sums them into local days, weeks and months */
	S(ST_SURVEY_REPORT_DAY,
	  "SELECT s.sent_at / 900, " FIGURES FILTERS " GROUP BY s.sent_at / 900 ORDER BY s.sent_at / 900"),
	S(ST_SURVEY_COMMENTS,
	  "SELECT " SURVEY_COLS FILTERS " AND s.comment IS NOT NULL AND s.comment <> '' ORDER BY s.answered_at DESC,"
	  " s.id DESC LIMIT ?7"),
};
/* clang-format on */
