/*
 * status.h — the public status page (docs/status-page.md): the business
 * services marked public (a record kind: status_service, under a public
 * name), each with a status derived from its open incidents and
 * implementing changes or set by an agent with a public message; public
 * updates agents post on incidents; 90 days of uptime per service from
 * the availability computation (core/cmdb/service.h); maintenance ahead.
 * What status_page_read returns is all anyone may see without logging in:
 * public names, public messages and public updates, never a service's or
 * CI's own name, a person, a note or a ticket's fields.
 */
#ifndef SW_CORE_EVENT_STATUS_H
#define SW_CORE_EVENT_STATUS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/kernel/record.h"
#include "core/model.h"
#include "base/list.h"

#define STATUS_DAYS 90
#define STATUS_TEXT_MAX 2000 /* characters of a public message or update */
#define STATUS_TITLE_MAX 200
#define STATUS_UPDATES_MAX 50 /* on the page and in the feed */
#define STATUS_MAINTENANCE_DAYS 14

enum status_level {
	STATUS_OPERATIONAL,
	STATUS_DEGRADED,
	STATUS_PARTIAL,
	STATUS_MAJOR,
	STATUS_MAINTENANCE,
	STATUS_LEVEL__COUNT
};
CORE_VALUE_LIST_DECL(enum status_level, status_level_name, status_level_parse);
enum status_phase { PHASE_INVESTIGATING, PHASE_IDENTIFIED, PHASE_MONITORING, PHASE_RESOLVED, STATUS_PHASE__COUNT };
CORE_VALUE_LIST_DECL(enum status_phase, status_phase_name, status_phase_parse);

/* A public service: agents read and change its override and message;
 * admins make one (or change its service or active). */
struct status_service {
	int64_t id;
	const char *name; /* public */
	int64_t service_id;
	const char *service; /* its own name: agents only */
	int position;
	const char *override; /* a status_level name, or NULL: derived */
	const char *message;
	bool active;
	int64_t created_at, updated_at;
};
LIST_OF(status_service_list, status_service);
struct status_service_input {
	const char *name, *service, *override, *message;
	int64_t position;
	bool active;
	bool set_service, set_override, set_message, set_position, set_active;
};
extern const struct record_kind status_service_kind;

/* A public update on an incident. */
struct status_update {
	int64_t id, ticket_id;
	const char *service; /* the public name of the incident's service */
	enum status_phase phase;
	const char *title, *body;
	int64_t created_at;
};
LIST_OF(status_update_list, status_update);
struct status_update_input {
	const char *phase, *title, *body;
};
/* Agents: post one on incident number (its service need not be public:
 * it shows once it is); one transaction with its audit row. */
enum sw_err status_update_add(struct ctx *c, const char *number, const struct status_update_input *in,
			      struct status_update *out, struct sw_error *err);
enum sw_err status_update_list(struct ctx *c, const char *number, struct status_update_list *out, struct sw_error *err);

struct status_entry {
	const char *name;
	enum status_level level;
	bool overridden;
	const char *message;
	int64_t uptime;            /* thousandths of a percent over the 90 days */
	int64_t days[STATUS_DAYS]; /* each day's, oldest first (UTC days, today last) */
};
struct status_maintenance {
	const char *service;
	int64_t start, end;
};
struct status_page {
	enum status_level overall;
	struct status_entry *services;
	size_t count;
	struct status_update *updates; /* newest first */
	size_t update_count;
	struct status_maintenance *maintenance;
	size_t maintenance_count;
	int64_t day0; /* the first day's start */
	int64_t generated_at;
};
/* Anyone, logged in or not. */
enum sw_err status_page_read(struct ctx *c, struct status_page *out, struct sw_error *err);

#endif
