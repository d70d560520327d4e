/*
 * event_sql.c — the SQL of event management (repo_event.c): event
 * sources, mapping rules, raw payloads, alerts and the incidents alerts
 * opened.  Columns are listed explicitly so that the repository reads
 * them by position; the *_COLS macros and its column tables must agree.
 * See catalog.h.
 */
#include "store/event_sql.h"
#include "store/sql.h"
#include "base/banned.h"

#define SQL_BASE ST_BASE_EVENT

#define SOURCE_COLS                                                                                                    \
	"e.id, e.name, e.token_hash, e.owner_id, u.login, COALESCE(e.service_id, 0), sv.name, e.ci_label,"             \
	" e.correlate_minutes, e.quiet_seconds, e.storm_per_minute, e.flap_changes, e.flap_minutes, e.active,"         \
	" e.created_at, e.updated_at FROM event_sources e JOIN users u ON u.id = e.owner_id"                           \
	" LEFT JOIN services sv ON sv.id = e.service_id"

#define RULE_COLS                                                                                                      \
	"r.id, r.name, r.position, COALESCE(r.source_id, 0), es.name, r.match_label, r.match_value, r.min_severity,"   \
	" r.ci_label, COALESCE(r.ci_id, 0), c.name, COALESCE(r.service_id, 0), sv.name, r.action, r.impact,"           \
	" r.urgency, r.active, r.created_at, r.updated_at FROM alert_rules r"                                          \
	" LEFT JOIN event_sources es ON es.id = r.source_id LEFT JOIN cis c ON c.id = r.ci_id"                         \
	" LEFT JOIN services sv ON sv.id = r.service_id"

#define ALERT_COLS                                                                                                     \
	"a.id, a.source_id, es.name, a.dedup_key, a.name, a.state, a.severity, a.summary, a.labels,"                   \
	" COALESCE(a.ci_id, 0), c.name, COALESCE(a.service_id, 0), sv.name, COALESCE(a.ticket_id, 0), t.number,"       \
	" COALESCE(a.rule_id, 0), r.name, a.action, a.suppressed, a.count, a.changes, a.flap_since, a.flapping,"       \
	" a.starts_at, COALESCE(a.ends_at, 0), a.first_seen, a.last_seen, COALESCE(a.resolved_at, 0),"                 \
	" COALESCE(a.acknowledged_by, 0), u.login, COALESCE(a.acknowledged_at, 0)"                                     \
	" FROM alerts a JOIN event_sources es ON es.id = a.source_id LEFT JOIN cis c ON c.id = a.ci_id"                \
	" LEFT JOIN services sv ON sv.id = a.service_id LEFT JOIN tickets t ON t.id = a.ticket_id"                     \
	" LEFT JOIN alert_rules r ON r.id = a.rule_id LEFT JOIN users u ON u.id = a.acknowledged_by"

#define ALERT_SET                                                                                                      \
	"source_id = ?1, dedup_key = ?2, name = ?3, state = ?4, severity = ?5, summary = ?6, labels = ?7,"             \
	" ci_id = ?8, service_id = ?9, ticket_id = ?10, rule_id = ?11, action = ?12, suppressed = ?13, count = ?14,"   \
	" changes = ?15, flap_since = ?16, flapping = ?17, starts_at = ?18, ends_at = ?19, first_seen = ?20,"          \
	" last_seen = ?21, resolved_at = ?22, acknowledged_by = ?23, acknowledged_at = ?24"

#define AINC_COLS                                                                                                      \
	"ai.ticket_id, ai.source_id, COALESCE(ai.ci_id, 0), COALESCE(ai.service_id, 0), ai.storm, ai.created_at,"      \
	" ai.last_alert_at, es.quiet_seconds FROM alert_incidents ai JOIN event_sources es ON es.id = ai.source_id"

#define SSVC_COLS                                                                                                      \
	"ss.id, ss.name, ss.service_id, sv.name, ss.position, ss.override, ss.message, ss.active, ss.created_at,"      \
	" ss.updated_at FROM status_services ss JOIN services sv ON sv.id = ss.service_id"

/* Public updates with the public name of their incident's service. */
#define SUPD_COLS                                                                                                      \
	"su.id, su.ticket_id, ss.name, su.phase, su.title, su.body, su.created_at FROM status_updates su"              \
	" JOIN tickets t ON t.id = su.ticket_id LEFT JOIN status_services ss ON ss.service_id = t.service_id"

/* clang-format off */
const struct db_stmt event_sql[ST_EVENT__END - ST_BASE_EVENT] = {
	S_WRITES(ST_SOURCE_INSERT, ST_SOURCE_UPDATE, "event_sources", token_hash, owner_id, service_id, ci_label,
		 correlate_minutes, quiet_seconds, storm_per_minute, flap_changes, flap_minutes, active, updated_at),
	S_BY(ST_SOURCE_BY_NAME, SOURCE_COLS, "e.name"),
	S_BY(ST_SOURCE_BY_HASH, SOURCE_COLS, "e.token_hash"),
	S_BY(ST_SOURCE_BY_ID, SOURCE_COLS, "e.id"),
	S_ORDERED(ST_SOURCE_LIST, "SELECT " SOURCE_COLS " ORDER BY e.name"),
	S_WRITES(ST_ARULE_INSERT, ST_ARULE_UPDATE, "alert_rules", position, source_id, match_label, match_value,
		 min_severity, ci_label, ci_id, service_id, action, impact, urgency, active, updated_at),
	S_BY(ST_ARULE_BY_NAME, RULE_COLS, "r.name"),
	S_ORDERED(ST_ARULE_LIST, "SELECT " RULE_COLS " ORDER BY r.position, r.name"),
	S_ORDERED(ST_ARULE_ACTIVE, "SELECT " RULE_COLS " WHERE r.active = 1 ORDER BY r.position, r.name"),
	S(ST_PAYLOAD_INSERT, /* processed as it came: processed when received */
	  "INSERT INTO alert_payloads (source_id, format, body, alert_count, received_at, processed_at)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING id"),
	S(ST_CI_BY_LABEL,
	  "SELECT id FROM cis WHERE external_id = ?1 OR name = ?1"
	  " ORDER BY CASE WHEN external_id = ?1 THEN 0 ELSE 1 END, id LIMIT 1"),
	S(ST_CI_IMPLEMENTING,
	  "SELECT COUNT(*) FROM tickets t WHERE t.kind = 'change' AND t.state = 'implement'"
	  " AND (t.ci_id = ?1 OR t.id IN (SELECT ticket_id FROM ticket_cis WHERE ci_id = ?1))"),
	S(ST_ALERT_BY_KEY, "SELECT " ALERT_COLS " WHERE a.source_id = ?1 AND a.dedup_key = ?2"),
	S_BY(ST_ALERT_BY_ID, ALERT_COLS, "a.id"),
	S(ST_ALERT_INSERT,
	  "INSERT INTO alerts (source_id, dedup_key, name, state, severity, summary, labels, ci_id, service_id,"
	  " ticket_id, rule_id, action, suppressed, count, changes, flap_since, flapping, starts_at, ends_at,"
	  " first_seen, last_seen, resolved_at, acknowledged_by, acknowledged_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	  " ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24) RETURNING id"),
	S(ST_ALERT_UPDATE, "UPDATE alerts SET " ALERT_SET " WHERE id = ?25"),
	S(ST_ALERT_PAGE,
	  "SELECT " ALERT_COLS " WHERE (?1 = '' OR a.state = ?1) AND (?2 = '' OR es.name = ?2)"
	  " AND (?3 = 0 OR a.ticket_id = ?3) AND (?4 = 0 OR a.id < ?4) ORDER BY a.id DESC LIMIT ?5"),
	S(ST_AINC_INSERT,
	  "INSERT INTO alert_incidents (ticket_id, source_id, ci_id, service_id, storm, open, created_at, last_alert_at)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7)"),
	S(ST_AINC_TOUCH, "UPDATE alert_incidents SET last_alert_at = ?2 WHERE ticket_id = ?1"),
	S(ST_AINC_CLOSE, "UPDATE alert_incidents SET open = 0 WHERE ticket_id = ?1"),
	S(ST_AINC_OPEN,
	  "SELECT " AINC_COLS " JOIN tickets t ON t.id = ai.ticket_id WHERE ai.open = 1 AND ai.last_alert_at >= ?1"
	  " AND t.phase IN ('open', 'paused') ORDER BY ai.ticket_id DESC LIMIT 200"),
	S(ST_AINC_SINCE,
	  "SELECT COUNT(*) FROM alert_incidents WHERE source_id = ?1 AND storm = 0 AND created_at >= ?2"),
	S(ST_AINC_QUIET,
	  "SELECT " AINC_COLS " JOIN tickets t ON t.id = ai.ticket_id WHERE ai.open = 1"
	  " AND t.phase IN ('open', 'paused') AND EXISTS (SELECT 1 FROM alerts x WHERE x.ticket_id = ai.ticket_id)"
	  " AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.ticket_id = ai.ticket_id"
	  " AND (a.state = 'firing' OR (a.flapping = 1 AND a.last_seen > ?1 - es.flap_minutes * 60)"
	  " OR a.resolved_at > ?1 - es.quiet_seconds))"
	  " ORDER BY ai.ticket_id LIMIT ?2"),
	S_WRITES(ST_SSVC_INSERT, ST_SSVC_UPDATE, "status_services", service_id, position, override, message, active,
		 updated_at),
	S_BY(ST_SSVC_BY_NAME, SSVC_COLS, "ss.name"),
	S_ORDERED(ST_SSVC_LIST, "SELECT " SSVC_COLS " ORDER BY ss.position, ss.name"),
	S_ORDERED(ST_SSVC_ACTIVE, "SELECT " SSVC_COLS " WHERE ss.active = 1 ORDER BY ss.position, ss.name"),
	S(ST_SSVC_SIGNALS,
	  "SELECT (SELECT COUNT(*) FROM tickets WHERE kind = 'incident' AND service_id = ?1 AND phase IN ('open', 'paused')"
	  " AND major = 1), (SELECT COUNT(*) FROM tickets WHERE kind = 'incident' AND service_id = ?1"
	  " AND phase IN ('open', 'paused') AND outage_start IS NOT NULL AND outage_end IS NULL),"
	  " (SELECT COUNT(*) FROM tickets WHERE kind = 'incident' AND service_id = ?1 AND phase IN ('open', 'paused')),"
	  " (SELECT COUNT(*) FROM tickets t WHERE t.kind = 'change' AND t.state = 'implement' AND t.outage_expected = 1"
	  " AND (t.service_id = ?1 OR t.id IN (SELECT ticket_id FROM ticket_services WHERE service_id = ?1)))"),
	S(ST_SSVC_MAINTENANCE,
	  "SELECT ss.name, t.planned_start, COALESCE(t.planned_end, t.planned_start) FROM tickets t"
	  " JOIN status_services ss ON ss.active = 1 AND (ss.service_id = t.service_id"
	  " OR ss.service_id IN (SELECT service_id FROM ticket_services WHERE ticket_id = t.id))"
	  " WHERE t.kind = 'change' AND t.state = 'scheduled' AND t.outage_expected = 1 AND t.planned_start >= ?1"
	  " AND t.planned_start < ?2 ORDER BY t.planned_start, ss.name LIMIT 50"),
	S(ST_SUPD_INSERT,
	  "INSERT INTO status_updates (ticket_id, phase, title, body, author_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	  " RETURNING id"),
	S(ST_SUPD_PUBLIC,
	  "SELECT " SUPD_COLS " WHERE ss.active = 1 AND su.created_at >= ?1 ORDER BY su.id DESC LIMIT ?2"),
	S(ST_SUPD_OF_TICKET, "SELECT " SUPD_COLS " WHERE su.ticket_id = ?1 ORDER BY su.id LIMIT 1000"),
};
/* clang-format on */
