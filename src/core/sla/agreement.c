/*
 * agreement.c — SLAs, OLAs and underpinning contracts as a record kind,
 * the OLA check every read of one runs, and the review pass; see
 * agreement.h and docs/sla.md#agreements.
 *
 * Agreements are few (an owner's list, at most AGREEMENTS_MAX) and so are
 * policies: the OLA check reads the policies once per read and compares
 * targets in memory.
 */
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "core/core_int.h"
#include "core/kernel/authz.h"
#include "core/notify/notify.h"
#include "core/port/sla.h"
#include "core/sla/agreement.h"
#include "core/sla/sla.h"
#include "core/sla/tz.h"
#include "base/banned.h"

static const char *const type_names[] = {"sla", "ola", "uc"};
CORE_VALUE_LIST(enum agreement_type, type_names, AGREEMENT_TYPE__COUNT, AGREEMENT_SLA, agreement_type_name,
		agreement_type_parse)

static const char *const status_names[] = {"draft", "active", "expired", "retired"};
CORE_VALUE_LIST(enum agreement_status, status_names, AGREEMENT_STATUS__COUNT, AGREEMENT_DRAFT, agreement_status_name,
		agreement_status_parse)

/* ---- agreements as records ---------------------------------------------------- */

static void check_date(struct sw_error *err, const char *field, bool set, const char *s)
{
	int64_t days;
	if (set && s && (strlen(s) != 10 || tz_parse_date(s, strlen(s), &days)))
		sw_field_fail(err, field, "must be a date YYYY-MM-DD or null");
}

static void check_party(struct sw_error *err, const char *field, bool set, const char *s, size_t max)
{
	if (set && s && !core_text_ok(s, 1, max))
		sw_field_fail(err, field, "must be 1 to %zu characters or null", max);
}

static void validate_agreement(const void *v, bool creating, struct sw_error *err)
{
	const struct agreement_input *in = v;
	record_check_value(err, "type", creating, in->set_type, &agreement_type_name_list, in->type);
	if (in->set_status)
		core_value_check(err, "status", &agreement_status_name_list, in->status);
	if (in->set_description && (!in->description || !core_text_ok(in->description, 0, AGREEMENT_TEXT_MAX)))
		sw_field_fail(err, "description", "must be at most %d characters", AGREEMENT_TEXT_MAX);
	check_party(err, "customer", in->set_customer, in->customer, AGREEMENT_PARTY_MAX);
	check_party(err, "supplier", in->set_supplier, in->supplier, AGREEMENT_PARTY_MAX);
	check_date(err, "valid_from", in->set_valid_from, in->valid_from);
	check_date(err, "valid_to", in->set_valid_to, in->valid_to);
	check_date(err, "review_date", in->set_review_date, in->review_date);
	if (in->set_document_url && in->document_url &&
	    ((strncmp(in->document_url, "https://", 8) != 0 && strncmp(in->document_url, "http://", 7) != 0) ||
	     !core_text_ok(in->document_url, 8, AGREEMENT_URL_MAX) || strpbrk(in->document_url, " \t\r\n<>\"")))
		sw_field_fail(err, "document_url", "must be an http or https address without spaces, or null");
	if (in->set_target_compliance && (in->target_compliance < 1 || in->target_compliance > 100))
		sw_field_fail(err, "target_compliance", "must be a percentage from 1 to 100");
	if (in->set_amber_percent && (in->amber_percent < 0 || in->amber_percent > 100))
		sw_field_fail(err, "amber_percent", "must be a percentage from 0 to 100");
	if (in->set_services && in->service_count > AGREEMENT_SERVICES_MAX)
		sw_field_fail(err, "services", "lists at most %d services", AGREEMENT_SERVICES_MAX);
}

static enum sw_err apply_agreement(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	const struct agreement_input *in = w->in;
	struct agreement *rec = w->rec;
	const struct agreement *before = w->before;
	enum sw_err rc;
	/* with a reference not found, the field errors are the answer, not the cap */
	if (!err->code && (rc = record_check_cap(c, w, store_agreement_count, AGREEMENTS_MAX, "agreements",
						 "retire or change one", err)))
		return rc;
	if (in->set_owner) {
		struct user u;
		rec->owner_id = 0;
		rec->owner = NULL;
		if (in->owner && !(rc = core_ref_find(c, CORE_REF_USER, "owner", in->owner, &u, err))) {
			if (u.role < ROLE_AGENT)
				core_reference_fail(err, "owner", "'%s' is not an agent", in->owner);
			rec->owner_id = u.id;
			rec->owner = u.login;
		} else if (rc && rc != SW_ENOTFOUND) {
			return rc;
		}
	}
	if (in->set_services && (rc = core_ref_ids(c, CORE_REF_SERVICE, "services", in->services, in->service_count,
						   &rec->service_ids, err)))
		return rc;
	/* what the fields say together, as they will be */
	if (rec->valid_from && rec->valid_to && strcmp(rec->valid_to, rec->valid_from) < 0)
		sw_field_fail(err, "valid_to", "must not be before valid_from (%s)", rec->valid_from);
	if (rec->amber_percent >= rec->target_compliance)
		sw_field_fail(err, "amber_percent", "must be below target_compliance (%d)", rec->target_compliance);
	if (rec->type == AGREEMENT_UC && !rec->supplier && !err->code && (in->set_type || in->set_supplier))
		sw_field_fail(err, "supplier", "an underpinning contract names its supplier");
	if (!w->creating) {
		rec->version = before->version + 1;
		if (in->set_review_date)
			rec->review_notified = NULL; /* a new date is told again when it comes */
	}
	return err->code;
}

/* The names of from[n] that names[count] lacks, into out (at most
 * AGREEMENT_SERVICES_MAX); how many. */
static size_t lacking(const char *const *from, size_t n, const char *const *names, size_t count,
		      struct change_member *out)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k < AGREEMENT_SERVICES_MAX; i++) {
		bool found = false;
		for (size_t j = 0; j < count && !found; j++)
			found = strcmp(from[i], names[j]) == 0;
		if (!found)
			out[k++] = (struct change_member){.name = from[i]};
	}
	return k;
}

/* The services gained and lost, by name, for the audit row. */
static void agreement_changes(struct changes *ch, const struct record_write *w)
{
	const struct agreement_input *in = w->in;
	const struct agreement *was = w->before;
	if (!in->set_services)
		return;
	struct change_member added[AGREEMENT_SERVICES_MAX], removed[AGREEMENT_SERVICES_MAX];
	size_t na = lacking(in->services, in->service_count, was->services, was->service_count, added);
	size_t nr = lacking(was->services, was->service_count, in->services, in->service_count, removed);
	changes_members(ch, "services", added, na, removed, nr);
}

static enum sw_err agreement_written(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	const struct agreement_input *in = w->in;
	const struct agreement *rec = w->rec;
	if (!in->set_services)
		return SW_OK;
	return store_agreement_services(c->store, rec->id, rec->service_ids, in->service_count, err);
}

/* Could policy o (of an OLA) be asked to support policy s (of an SLA)?
 * The same kind, priority and service, a condition left open counting as
 * any. */
static bool overlaps(const struct sla_policy *o, const struct sla_policy *s)
{
	return (!o->match_kind || !s->match_kind || strcmp(o->match_kind, s->match_kind) == 0) &&
	       (!o->match_priority || !s->match_priority || o->match_priority == s->match_priority) &&
	       (!o->match_service_id || !s->match_service_id || o->match_service_id == s->match_service_id);
}

/* Every read: the policies a belongs to, and, for an OLA, each of its
 * resolution targets longer than that of an active SLA's policy it
 * overlaps. */
static enum sw_err derive_agreement(struct ctx *c, void *v, struct sw_error *err)
{
	struct agreement *a = v;
	struct sla_policy_list l;
	enum sw_err rc = store_sla_policy_list(c->store, false, &l, err);
	if (rc)
		return rc;
	a->policies = arena_alloc(c->arena, (l.count + 1) * sizeof(*a->policies));
	a->ola_conflicts = arena_alloc(c->arena, (AGREEMENT_CONFLICTS_MAX + 1) * sizeof(*a->ola_conflicts));
	if (!a->policies || !a->ola_conflicts)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	a->policy_count = a->ola_conflict_count = 0;
	for (size_t i = 0; i < l.count; i++) {
		const struct sla_policy *o = &l.items[i];
		if (o->agreement_id != a->id)
			continue;
		a->policies[a->policy_count++] = o->name;
		if (a->type != AGREEMENT_OLA || !o->active || !o->resolution)
			continue;
		for (size_t j = 0; j < l.count && a->ola_conflict_count < AGREEMENT_CONFLICTS_MAX; j++) {
			const struct sla_policy *s = &l.items[j];
			if (!s->active || !s->agreement_id || s->agreement_type != AGREEMENT_SLA ||
			    s->agreement_status != AGREEMENT_ACTIVE || !s->resolution ||
			    s->resolution >= o->resolution || !overlaps(o, s))
				continue;
			a->ola_conflicts[a->ola_conflict_count++] = arena_printf(
				c->arena,
				"OLA policy '%s' resolves in %lld s, longer than SLA policy '%s' of '%s' (%lld s)",
				o->name, (long long)o->resolution, s->name, s->agreement, (long long)s->resolution);
		}
	}
	a->ola_flagged = a->ola_conflict_count > 0;
	return SW_OK;
}

static const struct record_copy agreement_copies[] = {
	RECORD_COPY_NAME(struct agreement_input, struct agreement, RECORD_NAME_CHECKED),
	RECORD_COPY_EACH(struct agreement_input, struct agreement, description, customer, supplier, valid_from,
			 valid_to, review_date, document_url, target_compliance, amber_percent),
	RECORD_COPY_ARRAY(struct agreement_input, struct agreement, services, service_count),
	RECORD_COPY_VALUE(struct agreement_input, struct agreement, type, agreement_type_name_list),
	RECORD_COPY_VALUE(struct agreement_input, struct agreement, status, agreement_status_name_list),
};

static const struct record_ref agreement_refs[] = {
	RECORD_REF(struct agreement_input, struct agreement, CORE_REF_GROUP, "group", group, group),
};

static const struct record_audit agreement_audit[] = {
	RECORD_AUDIT_EACH(struct agreement, name),
	RECORD_AUDIT_VALUE(struct agreement, "type", type, agreement_type_name_list),
	RECORD_AUDIT_VALUE(struct agreement, "status", status, agreement_status_name_list),
	RECORD_AUDIT_EACH(struct agreement, description, customer, group, supplier, owner, valid_from, valid_to,
			  review_date, document_url, version, target_compliance, amber_percent),
};

RECORD_KIND_DEFINE(agreement_kind,
		   (struct agreement, "agreement", "an agreement", ROLE_MANAGER, ROLE_AGENT, &store_agreements),
		   validate_agreement, apply_agreement, agreement_changes, agreement_copies,
		   RECORD_AUDIT_DIFF(agreement_audit),
		   .fresh = &(const struct agreement){.description = "",
						      .version = 1,
						      .target_compliance = 95,
						      .amber_percent = 90},
		   .written = agreement_written, .derive = derive_agreement, .reread = true,
		   RECORD_REFS(agreement_refs));

/* ---- review reminders --------------------------------------------------------- */

enum sw_err agreement_review_pass(struct ctx *c, int batch, int *notified, struct sw_error *err)
{
	*notified = 0;
	int y, m, d;
	tz_civil_from_days(c->now / 86400, &y, &m, &d);
	const char *today = arena_printf(c->arena, "%04d-%02d-%02d", y, m, d);
	if (!today)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	enum sw_err rc = core_tx_begin(c, err);
	if (rc)
		return rc;
	struct agreement_list due;
	if ((rc = store_agreements_review_due(c->store, today, batch, &due, err)))
		goto out;
	for (size_t i = 0; !rc && i < due.count; i++) {
		const struct agreement *a = &due.items[i];
		bool marked;
		if ((rc = store_agreement_review_mark(c->store, a->id, a->review_date, &marked, err)) || !marked)
			continue;
		struct notify_article about = {.id = a->id,
					       .number = a->name,
					       .title = a->name,
					       .state = agreement_status_name(a->status),
					       .owner_id = a->owner_id,
					       .owner = a->owner};
		struct changes ch;
		changes_init(&ch);
		changes_set_str(&ch, "review_date", a->review_date);
		changes_set_str(&ch, "owner", a->owner);
		if ((rc = notify_agreement_event(c, NE_AGREEMENT_REVIEW, &about, a->review_date, err)) ||
		    (rc = audit_changes(c, "agreement", a->id, "review_due", false, &ch, err)))
			break;
		(*notified)++;
	}
out:
	return core_tx_end(c, rc, err);
}
