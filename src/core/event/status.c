/*
 * status.c — the public status page; see status.h and
 * docs/status-page.md.
 *
 * A public service's status is, first, the override an agent set; else
 * the worst its open tickets say: an open major incident on the service is
 * a major outage, an open incident whose outage is still going on a
 * partial outage, a change with an expected outage implementing on it
 * "under maintenance", any other open incident degraded performance.  Its
 * uptime is availability_compute over the outages its incidents record,
 * the same computation as GET /api/v1/services/{id}/availability, per UTC
 * day.  Nothing here reads a ticket's fields for the page beyond those
 * signals and the public updates.
 */
#include <string.h>

#include "base/limits.h"
#include "core/cmdb/service.h"
#include "core/core_int.h"
#include "core/event/status.h"
#include "core/kernel/authz.h"
#include "core/port/cmdb.h"
#include "core/port/event.h"
#include "core/ticket/ticket.h"
#include "base/banned.h"

static const char *const level_names[] = {"operational", "degraded_performance", "partial_outage", "major_outage",
					  "under_maintenance"};
CORE_VALUE_LIST(enum status_level, level_names, STATUS_LEVEL__COUNT, STATUS_OPERATIONAL, status_level_name,
		status_level_parse)
static const char *const phase_names[] = {"investigating", "identified", "monitoring", "resolved"};
CORE_VALUE_LIST(enum status_phase, phase_names, STATUS_PHASE__COUNT, PHASE_INVESTIGATING, status_phase_name,
		status_phase_parse)

/* ---- public services (a record kind) ------------------------------------------ */

static void validate_ssvc(const void *v, bool creating, struct sw_error *err)
{
	const struct status_service_input *in = v;
	if (creating && (!in->set_service || !in->service))
		sw_field_fail(err, "service", "is required");
	if (in->set_override && in->override)
		core_value_check(err, "override", &status_level_name_list, in->override);
	if (in->set_message && (!in->message || !core_text_ok(in->message, 0, STATUS_TEXT_MAX)))
		sw_field_fail(err, "message", "must be at most %d characters", STATUS_TEXT_MAX);
	if (in->set_position && (in->position < 0 || in->position > 10000))
		sw_field_fail(err, "position", "must be from 0 to 10000");
}

static enum sw_err apply_ssvc(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	const struct status_service_input *in = w->in;
	struct status_service *rec = w->rec;
	enum sw_err rc;
	if ((w->creating || in->set_service || in->set_active) && (rc = authz_require_role(&c->actor, ROLE_ADMIN, err)))
		return rc; /* what is public is the admins' to say; the desk keeps its status */
	if (in->set_position)
		rec->position = (int)in->position;
	if (in->set_service &&
	    (rc = core_ref_set(c, CORE_REF_SERVICE, "service", in->service, &rec->service_id, &rec->service, err)))
		return rc;
	if (!rec->message)
		rec->message = "";
	return err->code;
}

static const struct record_copy ssvc_copies[] = {
	RECORD_COPY_NAME(struct status_service_input, struct status_service, RECORD_NAME_CHECKED),
	RECORD_COPY_EACH(struct status_service_input, struct status_service, override, message, active),
};
static const struct record_audit ssvc_audit[] = {
	RECORD_AUDIT_EACH(struct status_service, name, service, position, override, message, active),
};

RECORD_KIND_DEFINE(status_service_kind,
		   (struct status_service, "status_service", "a public service", ROLE_AGENT, ROLE_AGENT,
		    &store_status_services),
		   validate_ssvc, apply_ssvc, NULL, ssvc_copies, RECORD_AUDIT_DIFF(ssvc_audit),
		   .fresh = &(const struct status_service){.active = true, .message = ""}, .reread = true);

/* ---- public updates ------------------------------------------------------------- */

static const struct record_audit update_audit[] = {
	RECORD_AUDIT_EACH(struct status_update, ticket_id, title, body),
	RECORD_AUDIT_VALUE(struct status_update, "phase", phase, status_phase_name_list),
};

enum sw_err status_update_add(struct ctx *c, const char *number, const struct status_update_input *in,
			      struct status_update *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	if (rc)
		return rc;
	struct status_update u = {.created_at = c->now};
	if (!in->phase || status_phase_parse(in->phase, &u.phase))
		core_value_check(err, "phase", &status_phase_name_list, in->phase);
	if (!in->body || !core_text_ok(in->body, 1, STATUS_TEXT_MAX))
		sw_field_fail(err, "body", "must be 1 to %d characters", STATUS_TEXT_MAX);
	if (in->title && !core_text_ok(in->title, 1, STATUS_TITLE_MAX))
		sw_field_fail(err, "title", "must be 1 to %d characters", STATUS_TITLE_MAX);
	if ((rc = core_tx_begin_valid(c, err)))
		return rc;
	struct ticket t;
	struct status_update_list before;
	if ((rc = ticket_load(c, &ticket_kind_incident, number, &t, err)) ||
	    (rc = store_status_updates_of(c->store, t.id, &before, err)))
		goto out;
	/* the title stays what the first update called it, unless one says otherwise */
	u.ticket_id = t.id;
	u.title = in->title ? in->title : before.count ? before.items[before.count - 1].title : "Service disruption";
	u.body = in->body;
	struct status_update_list now;
	if ((rc = store_status_update_insert(c->store, &u, c->actor.user_id, err)) ||
	    (rc = RECORD_AUDIT_ROW(c, "status_update", u.id, "create", false, update_audit, &u, err)) ||
	    (rc = store_status_updates_of(c->store, t.id, &now, err)))
		goto out;
	*out = now.count ? now.items[now.count - 1] : u; /* read back: with its service's public name */
out:
	return core_tx_end(c, rc, err);
}

enum sw_err status_update_list(struct ctx *c, const char *number, struct status_update_list *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	struct ticket t;
	if (rc || (rc = ticket_load(c, &ticket_kind_incident, number, &t, err)))
		return rc;
	return store_status_updates_of(c->store, t.id, out, err);
}

/* ---- the page ---------------------------------------------------------------------- */

static enum status_level derived(const struct status_signals *sg)
{
	if (sg->major)
		return STATUS_MAJOR;
	if (sg->outage)
		return STATUS_PARTIAL;
	if (sg->maintenance)
		return STATUS_MAINTENANCE;
	return sg->open ? STATUS_DEGRADED : STATUS_OPERATIONAL;
}

/* How bad a level is, for the overall status (maintenance is planned: it
 * ranks below an outage). */
static int rank(enum status_level l)
{
	static const int r[STATUS_LEVEL__COUNT] = {0, 2, 3, 4, 1};
	return r[l];
}

/* e's uptime and days from service_id's outages since day0. */
static enum sw_err uptime(struct ctx *c, int64_t service_id, int64_t day0, struct status_entry *e, struct sw_error *err)
{
	int64_t end = day0 + (int64_t)STATUS_DAYS * 86400;
	struct outage *all, *copy;
	size_t n;
	enum sw_err rc = store_outages(c->store, OUTAGES_OF_SERVICE, service_id, day0, end, AVAILABILITY_OUTAGES_MAX,
				       &all, &n, err);
	if (rc)
		return rc;
	if (!(copy = arena_alloc(c->arena, (n + 1) * sizeof(*copy))))
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	struct availability a;
	for (int d = 0; d < STATUS_DAYS; d++) {
		if (n) /* availability_compute clips them in place: each day from a fresh copy */
			memcpy(copy, all, n * sizeof(*copy));
		int64_t from = day0 + (int64_t)d * 86400;
		availability_compute(copy, n, from, from + 86400, c->now, 0, &a);
		e->days[d] = from >= c->now ? -1 : a.availability;
	}
	if (n)
		memcpy(copy, all, n * sizeof(*copy));
	availability_compute(copy, n, day0, end, c->now, 0, &a);
	e->uptime = a.availability;
	return SW_OK;
}

enum sw_err status_page_read(struct ctx *c, struct status_page *out, struct sw_error *err)
{
	struct status_page p = {.generated_at = c->now, .day0 = (c->now / 86400 - (STATUS_DAYS - 1)) * 86400};
	struct status_service_list svc;
	struct status_update_list upd;
	enum sw_err rc = store_status_services_active(c->store, &svc, err);
	if (rc || (rc = store_status_updates_public(c->store, p.day0, STATUS_UPDATES_MAX, &upd, err)) ||
	    (rc = store_status_maintenance(c->store, c->now, c->now + STATUS_MAINTENANCE_DAYS * 86400, &p.maintenance,
					   &p.maintenance_count, err)))
		return rc;
	p.updates = upd.items;
	p.update_count = upd.count;
	if (!(p.services = arena_alloc(c->arena, (svc.count + 1) * sizeof(*p.services))))
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < svc.count; i++) {
		const struct status_service *v = &svc.items[i];
		struct status_entry *e = &p.services[p.count++];
		struct status_signals sg;
		e->name = v->name;
		e->message = v->message;
		if ((rc = store_status_signals(c->store, v->service_id, &sg, err)) ||
		    (rc = uptime(c, v->service_id, p.day0, e, err)))
			return rc;
		e->level = derived(&sg);
		if (v->override && !status_level_parse(v->override, &e->level))
			e->overridden = true;
		if (rank(e->level) > rank(p.overall))
			p.overall = e->level;
	}
	*out = p;
	return SW_OK;
}
