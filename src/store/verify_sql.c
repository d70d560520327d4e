/*
 * verify_sql.c — the SQL of the integrity checks of `steward verify`
 * (verify.c). Columns are listed explicitly so that the repository reads
 * them by position; the *_COLS macros and its readers must agree.  See
 * catalog.h.
 */
#include "store/verify_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_VERIFY

/* clang-format off */
const struct db_stmt verify_sql[ST_VERIFY__END - ST_BASE_VERIFY] = {
	S(ST_VERIFY_COUNT_USERS, "SELECT COUNT(*) FROM users"),
	S(ST_VERIFY_COUNT_GROUPS, "SELECT COUNT(*) FROM groups_"),
	S(ST_VERIFY_COUNT_GROUP_MEMBERS, "SELECT COUNT(*) FROM group_members"),
	S(ST_VERIFY_COUNT_SESSIONS, "SELECT COUNT(*) FROM sessions"),
	S(ST_VERIFY_COUNT_TOKENS, "SELECT COUNT(*) FROM api_tokens"),
	S(ST_VERIFY_COUNT_TICKETS, "SELECT COUNT(*) FROM tickets"),
	S(ST_VERIFY_COUNT_WATCHERS, "SELECT COUNT(*) FROM ticket_watchers"),
	S(ST_VERIFY_COUNT_COMMENTS, "SELECT COUNT(*) FROM ticket_comments"),
	S(ST_VERIFY_COUNT_ATTACHMENTS, "SELECT COUNT(*) FROM attachments"),
	S(ST_VERIFY_COUNT_LINKS, "SELECT COUNT(*) FROM ticket_links"),
	S(ST_VERIFY_COUNT_RULES, "SELECT COUNT(*) FROM assignment_rules"),
	S(ST_VERIFY_COUNT_CATEGORIES, "SELECT COUNT(*) FROM categories"),
	S(ST_VERIFY_COUNT_TEMPLATES, "SELECT COUNT(*) FROM templates"),
	S(ST_VERIFY_COUNT_CALENDARS, "SELECT COUNT(*) FROM calendars"),
	S(ST_VERIFY_COUNT_POLICIES, "SELECT COUNT(*) FROM sla_policies"),
	S(ST_VERIFY_COUNT_CLOCKS, "SELECT COUNT(*) FROM ticket_slas"),
	S(ST_VERIFY_COUNT_ESCALATIONS, "SELECT COUNT(*) FROM escalation_rules"),
	S(ST_VERIFY_COUNT_AUDIT, "SELECT COUNT(*) FROM audit"),
	S(ST_VERIFY_VERSION_SUM, "SELECT COALESCE(SUM(version), 0) FROM tickets"),
	S(ST_VERIFY_TICKETS_WITHOUT_CREATE,
	  "SELECT COUNT(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM audit a"
	  " WHERE a.entity = 'ticket' AND a.entity_id = t.id AND a.action = 'create')"),
	S(ST_VERIFY_COMMENTS_WITHOUT_AUDIT,
	  "SELECT (SELECT COUNT(*) FROM ticket_comments)"
	  " - (SELECT COUNT(*) FROM audit WHERE entity = 'ticket' AND action IN ('comment', 'work_note'))"),
	/* a kind's counter is its tickets' count; the 'article' counter numbers the knowledge base */
	S(ST_VERIFY_COUNTER_GAPS,
	  "SELECT COUNT(*) FROM counters c WHERE c.value <> CASE WHEN c.kind = 'article' THEN (SELECT COUNT(*)"
	  " FROM articles) ELSE (SELECT COUNT(*) FROM tickets t WHERE t.kind = c.kind) END"),
	SPG(ST_VERIFY_TICKETS_WITHOUT_SEARCH,
	    "SELECT COUNT(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM ticket_search s WHERE s.rowid = t.id)",
	    "SELECT COUNT(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM ticket_search s WHERE s.ticket_id = t.id)"),
	S(ST_VERIFY_COUNT_NOTIFICATIONS, "SELECT COUNT(*) FROM notifications"),
	S(ST_VERIFY_COUNT_CIS, "SELECT COUNT(*) FROM cis"),
	S(ST_VERIFY_COUNT_RELATIONS, "SELECT COUNT(*) FROM ci_relations"),
	S(ST_VERIFY_COUNT_SERVICES, "SELECT COUNT(*) FROM services"),
	S(ST_VERIFY_COUNT_OBJECTIVES, "SELECT COUNT(*) FROM objectives"),
	S(ST_VERIFY_COUNT_CLASSES, "SELECT COUNT(*) FROM ci_classes"),
	S(ST_VERIFY_COUNT_ARTICLES, "SELECT COUNT(*) FROM articles"),
	S(ST_VERIFY_COUNT_ARTICLE_VERSIONS, "SELECT COUNT(*) FROM article_versions"),
	S(ST_VERIFY_COUNT_ARTICLE_RATINGS, "SELECT COUNT(*) FROM article_ratings"),
	S(ST_VERIFY_COUNT_ARTICLE_LINKS, "SELECT COUNT(*) FROM article_links"),
	S(ST_VERIFY_COUNT_ARTICLE_ATTACHMENTS, "SELECT COUNT(*) FROM article_attachments"),
	S(ST_VERIFY_COUNT_CHANGE_WINDOWS, "SELECT COUNT(*) FROM change_windows"),
	S(ST_VERIFY_COUNT_CHANGE_WINDOW_SERVICES, "SELECT COUNT(*) FROM change_window_services"),
	S(ST_VERIFY_COUNT_FEED_TOKENS, "SELECT COUNT(*) FROM feed_tokens"),
};
/* clang-format on */
