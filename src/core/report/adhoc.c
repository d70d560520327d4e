/*
 * adhoc.c — ad hoc breakdowns of a kind's tickets (report.h,
 * docs/reports.md): the tickets raised within a period, filtered as the
 * list filters them, read page by page in raise order (each page in a
 * scratch arena, so memory follows the rows kept, not the tickets read)
 * and counted by one field's value and an interval of the raise date.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "core/core_int.h"
#include "core/kernel/authz.h"
#include "core/report/report.h"
#include "core/sla/tz.h"
#include "core/ticket/custom_field.h"
#include "base/banned.h"

static const char *const intervals[] = {
	[ADHOC_WHOLE] = "", [ADHOC_DAY] = "day", [ADHOC_WEEK] = "week", [ADHOC_MONTH] = "month"};

#define ADHOC_PAGE 500

/* A field a breakdown may group by: one of the kind's in lists, with
 * few values (not free text, times, counts or sets). */
static bool groupable(const struct ticket_kind *k, const struct ticket_field *f)
{
	static const char *const prose[] = {"number",
					    "title",
					    "description",
					    "resolution_notes",
					    "major_reason",
					    "priority_reason",
					    "symptoms",
					    "root_cause",
					    "workaround",
					    "justification",
					    "implementation_plan",
					    "backout_plan",
					    "test_plan",
					    "test_results",
					    "communication_plan",
					    "pir",
					    "review_went_well",
					    "review_went_wrong",
					    "review_actions",
					    NULL};
	if (!ticket_field_of(k, f) || f->single_only || f->derived)
		return false;
	for (size_t i = 0; prose[i]; i++)
		if (strcmp(f->name, prose[i]) == 0)
			return false;
	switch (f->type) {
	case TICKET_FT_TEXT:
	case TICKET_FT_TEXT_NULL:
	case TICKET_FT_INT:
	case TICKET_FT_INT64_NULL: /* an id: the CI's */
	case TICKET_FT_BOOL:
	case TICKET_FT_REF:
	case TICKET_FT_KIND: return true;
	default: return false;
	}
}

/* What group_by names: a groupable field of the kind (*field set), or one
 * defined for it at run time ("custom.<name>"). */
static void check_field(struct ctx *c, const struct ticket_kind *kind, const char *name,
			const struct ticket_field **field, struct sw_error *err)
{
	*field = NULL;
	if (strncmp(name, "custom.", 7) != 0) {
		for (size_t i = 0; i < ticket_field_count; i++)
			if (strcmp(ticket_fields[i].name, name) == 0 && groupable(kind, &ticket_fields[i])) {
				*field = &ticket_fields[i];
				return;
			}
		sw_field_fail(err, "group_by",
			      "must be a field of %s with few values, such as state, priority or assignment_group, "
			      "or custom.<name>",
			      kind->path);
		return;
	}
	struct custom_field_list cf;
	struct sw_error look;
	sw_error_clear(&look);
	if (custom_field_list(c, kind->name, &cf, &look) == SW_OK)
		for (size_t i = 0; i < cf.count; i++)
			if (strcmp(cf.items[i].name, name + 7) == 0)
				return;
	sw_field_fail(err, "group_by", "%s has no field '%s'", kind->path, name + 7);
}

/* The value t has for the breakdown's field (NULL: none), in c's arena. */
static const char *value_of(struct ctx *c, const struct ticket *t, const char *name, const struct ticket_field *f)
{
	if (f) {
		const char *v = ticket_field_text(c->arena, t, f);
		return v && *v ? v : NULL;
	}
	for (size_t i = 0; i < t->custom_count; i++)
		if (strcmp(t->custom[i].name, name + 7) == 0)
			return t->custom[i].value;
	return NULL;
}

int64_t report_interval_start(int interval, int64_t d, int64_t from_day)
{
	int y, m, dd;
	switch ((enum adhoc_interval)interval) {
	case ADHOC_DAY: return d;
	case ADHOC_WEEK: return d - ((d + 3) % 7 + 7) % 7; /* 1970-01-01 was a Thursday: Mondays are d % 7 == 4 */
	case ADHOC_MONTH: tz_civil_from_days(d, &y, &m, &dd); return tz_days_from_civil(y, m, 1);
	default: return from_day;
	}
}

static bool same_key(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static int row_order(const void *pa, const void *pb)
{
	const struct adhoc_row *a = pa, *b = pb;
	if (a->bucket != b->bucket)
		return a->bucket < b->bucket ? -1 : 1;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if (!a->key || !b->key)
		return a->key ? -1 : b->key ? 1 : 0; /* "none" last */
	return strcmp(a->key, b->key);
}

/* Count t into its row (a linear search: rows are few, and bounded); new
 * rows and their keys go to keep, the arena the report is answered from. */
static enum sw_err count(struct arena *keep, struct adhoc_report *out, size_t *cap, int64_t bucket, const char *key,
			 const struct ticket *t, struct sw_error *err)
{
	struct adhoc_row *row = NULL;
	for (size_t i = out->count; i-- > 0 && !row;)
		if (out->rows[i].bucket == bucket && same_key(out->rows[i].key, key))
			row = &out->rows[i];
	if (!row) {
		if (out->count == ADHOC_ROWS_MAX) {
			out->truncated = true;
			return SW_OK;
		}
		if (out->count == *cap) {
			struct adhoc_row *bigger =
				arena_grow(keep, out->rows, out->count, sizeof(*bigger), cap, 64, SIZE_MAX);
			if (!bigger)
				return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
			out->rows = bigger;
		}
		row = &out->rows[out->count++];
		*row = (struct adhoc_row){.bucket = bucket, .key = key ? arena_strdup(keep, key) : NULL};
		if (key && !row->key)
			return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	}
	row->count++;
	row->open += t->phase == TICKET_PHASE_OPEN || t->phase == TICKET_PHASE_PAUSED;
	row->reopened += t->reopen_count > 0;
	row->major += t->major;
	if (t->resolved_at) {
		row->resolved++;
		row->resolve_sum += t->resolved_at - t->created_at;
	}
	if (t->first_response_at) {
		row->respond_n++;
		row->respond_sum += t->first_response_at - t->created_at;
	}
	return SW_OK;
}

static int64_t mean(int64_t sum, int64_t n)
{
	return n > 0 ? (sum + n / 2) / n : -1;
}

enum sw_err report_adhoc(struct ctx *c, const struct ticket_kind *kind, struct ticket_filter *f,
			 const struct adhoc_input *in, struct adhoc_report *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_AGENT, err);
	if (rc)
		return rc;
	*out = (struct adhoc_report){.group_by = in->group_by};
	const struct ticket_field *field = NULL;
	if (in->group_by)
		check_field(c, kind, in->group_by, &field, err);
	if (in->interval) {
		int iv = core_value_index(in->interval, intervals + 1, 3);
		if (iv < 0)
			sw_field_fail(err, "interval", "must be day, week or month");
		else
			out->interval = (enum adhoc_interval)(iv + 1);
	}
	struct tz *z = NULL;
	if ((rc = report_period(c, &in->period, &z, &out->from_day, &out->to_day, err)) || (rc = err->code)) {
		tz_free(z);
		return rc ? rc : err->code;
	}
	int64_t start = report_day_start(z, out->from_day), end = report_day_start(z, out->to_day + 1);
	out->tz = arena_strdup(c->arena, tz_name(z));
	f->sort = TICKET_SORT_CREATED_ASC;
	f->created_from = start;
	struct page p = {.limit = ADHOC_PAGE};
	char cursor[256];
	size_t cap = 0;
	bool done = false;
	while (!rc && !done) {
		struct ticket_list list;
		struct scratch page;
		scratch_begin(c, &page);
		rc = ticket_list(c, kind, f, &p, &list, err);
		for (size_t i = 0; !rc && i < list.count && !done; i++) {
			const struct ticket *t = &list.items[i];
			if (t->created_at >= end) {
				done = true;
				break;
			}
			if (++out->total > ADHOC_TICKETS_MAX) {
				rc = sw_fail(err, SW_ETOOLARGE, NULL,
					     "more than %d tickets: narrow the period or the filters",
					     ADHOC_TICKETS_MAX);
				break;
			}
			struct tz_local lt;
			tz_to_local(z, t->created_at, &lt);
			int64_t bucket = report_interval_start(
				(int)out->interval, tz_days_from_civil(lt.year, lt.month, lt.day), out->from_day);
			rc = count(page.ctx_arena, out, &cap, bucket,
				   in->group_by ? value_of(c, t, in->group_by, field) : NULL, t, err);
		}
		bool more = !rc && !done && list.next_cursor &&
			    snprintf(cursor, sizeof(cursor), "%s", list.next_cursor) < (int)sizeof(cursor);
		scratch_end(c, &page);
		if (!more)
			break;
		p.cursor = cursor;
	}
	tz_free(z);
	if (rc)
		return rc;
	for (size_t i = 0; i < out->count; i++) {
		out->rows[i].mtta = mean(out->rows[i].respond_sum, out->rows[i].respond_n);
		out->rows[i].mttr = mean(out->rows[i].resolve_sum, out->rows[i].resolved);
	}
	if (out->count)
		qsort(out->rows, out->count, sizeof(*out->rows), row_order);
	return out->tz ? SW_OK : sw_fail(err, SW_ENOMEM, NULL, "out of memory");
}
