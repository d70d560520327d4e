/*
 * alert_decode.c — Alertmanager's webhook payload and Steward's generic
 * event, decoded into struct alert_batch; see alert_decode.h.
 *
 * Alertmanager's format is the sender's, not ours: members this decoder
 * does not read (groupKey, receiver, externalURL, generatorURL, members
 * later versions may add) are passed over rather than refused, so that an
 * upgrade of Alertmanager does not turn every notification into a retry
 * loop.  The generic event is Steward's own, and refuses unknown members
 * as every other body does.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api/alert_decode.h"
#include "api/api.h"
#include "base/limits.h"
#include "base/util.h"
#include "base/banned.h"

#define TIME_MAX 64

/* Severity names monitoring tools use, and what they mean here. */
static const struct {
	const char *name;
	enum alert_severity sev;
} severity_words[] = {
	{"critical", SEV_CRITICAL}, {"fatal", SEV_CRITICAL},     {"page", SEV_CRITICAL}, {"major", SEV_MAJOR},
	{"error", SEV_MAJOR},       {"high", SEV_MAJOR},         {"minor", SEV_MINOR},   {"medium", SEV_MINOR},
	{"warning", SEV_WARNING},   {"warn", SEV_WARNING},       {"info", SEV_INFO},     {"low", SEV_INFO},
	{"none", SEV_INFO},         {"informational", SEV_INFO},
};

static bool severity_word(const char *s, enum alert_severity *out)
{
	for (size_t i = 0; s && i < sizeof(severity_words) / sizeof(severity_words[0]); i++)
		if (strcasecmp(s, severity_words[i].name) == 0) {
			*out = severity_words[i].sev;
			return true;
		}
	return false;
}

/* A label value as kept: control characters as spaces, cut at
 * ALERT_LABEL_VALUE_MAX characters (on a character boundary). */
static const char *clean_value(struct req *r, const char *s, size_t len)
{
	char *v = arena_strndup(&r->arena, s, len);
	if (!v)
		return NULL;
	size_t chars = 0, i = 0;
	for (; v[i]; i++) {
		unsigned char ch = (unsigned char)v[i];
		if (ch < 0x20 || ch == 0x7f)
			v[i] = ' ';
		if ((ch & 0xc0) != 0x80 && ++chars > ALERT_LABEL_VALUE_MAX)
			break;
	}
	v[i] = '\0';
	return v;
}

static bool label_name_ok(const char *s, size_t len)
{
	if (!len || len > ALERT_LABEL_NAME_MAX || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '_'))
			return false;
	return true;
}

/* An object of string values at path (labels, annotations) appended to
 * *labels / *count (room for ALERT_LABELS_MAX * 2). */
static void labels_of(struct req *r, json_t *obj, const char *path, struct alert_label *labels, size_t *count,
		      size_t max, struct sw_error *err)
{
	if (!obj)
		return;
	if (!json_is_object(obj)) {
		sw_field_fail(err, path, "must be an object of strings");
		return;
	}
	if (json_object_size(obj) > ALERT_LABELS_MAX) {
		sw_field_fail(err, path, "must have at most %d members", ALERT_LABELS_MAX);
		return;
	}
	const char *k;
	json_t *v;
	json_object_foreach(obj, k, v)
	{
		if (!label_name_ok(k, strlen(k))) {
			sw_field_fail(err, path, "has a name that is not letters, digits and _ (at most %d)",
				      ALERT_LABEL_NAME_MAX);
			return;
		}
		if (!json_is_string(v)) {
			sw_field_fail(err, api_path(r, path, *count), "must be a string");
			return;
		}
		if (strlen(json_string_value(v)) != json_string_length(v)) {
			sw_field_fail(err, path, "must not contain NUL characters");
			return;
		}
		if (*count >= max)
			return;
		labels[*count].name = arena_strdup(&r->arena, k);
		labels[*count].value = clean_value(r, json_string_value(v), json_string_length(v));
		if (!labels[*count].name || !labels[*count].value) {
			sw_fail(err, SW_ENOMEM, NULL, "out of memory");
			return;
		}
		(*count)++;
	}
}

/* An RFC 3339 time at path into *out; Alertmanager's zero time
 * (0001-01-01...) and absence are 0. */
static void time_of(json_t *v, const char *path, int64_t *out, struct sw_error *err)
{
	*out = 0;
	if (!v || json_is_null(v))
		return;
	const char *s = json_string_value(v);
	size_t len = s ? json_string_length(v) : 0;
	if (!s || len > TIME_MAX) {
		sw_field_fail(err, path, "must be an RFC 3339 time");
		return;
	}
	if (len >= 4 && memcmp(s, "0001", 4) == 0)
		return;
	if (time_parse_rfc3339(s, len, out))
		sw_field_fail(err, path, "must be an RFC 3339 time");
}

/* A string member at path of at most max characters, or NULL (absent). */
static const char *text_of(struct req *r, json_t *v, const char *path, size_t max, struct sw_error *err)
{
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		sw_field_fail(err, path, "must be a string");
		return NULL;
	}
	return api_string(r, v, path, max, err);
}

/* The summary of an alert: a long text cut rather than refused. */
static const char *summary_of(struct req *r, json_t *v)
{
	if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v))
		return NULL;
	const char *s = clean_value(r, json_string_value(v), json_string_length(v));
	return s;
}

/* What the payload's faults are: 400, not 422 — the sender's format is at fault. */
static enum sw_err bad_payload(struct sw_error *err)
{
	if (err->code == SW_EINVALID) {
		err->code = SW_EBADREQ;
		snprintf(err->type, sizeof(err->type), "%s", "bad-payload");
	}
	return err->code;
}

static void *room(struct req *r, size_t n, size_t size, struct sw_error *err)
{
	void *p = arena_alloc(&r->arena, n * size + 1);
	if (!p)
		sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	return p;
}

/* ---- Alertmanager -------------------------------------------------------------------- */

static void am_alert(struct req *r, json_t *a, size_t i, struct alert_event *ev, struct sw_error *err)
{
	const char *at = api_path(r, "alerts", i);
	if (!json_is_object(a)) {
		sw_field_fail(err, at, "must be an object");
		return;
	}
	const char *status = json_string_value(json_object_get(a, "status"));
	if (!status || alert_state_parse(status, &ev->state))
		sw_field_fail(err, arena_printf(&r->arena, "%s.status", at), "must be firing or resolved");
	ev->labels = room(r, ALERT_LABELS_MAX * 2, sizeof(*ev->labels), err);
	if (!ev->labels)
		return;
	json_t *labels = json_object_get(a, "labels");
	if (!labels)
		sw_field_fail(err, arena_printf(&r->arena, "%s.labels", at), "is required");
	labels_of(r, labels, arena_printf(&r->arena, "%s.labels", at), ev->labels, &ev->label_count, ALERT_LABELS_MAX,
		  err);
	json_t *ann = json_object_get(a, "annotations");
	ev->summary = summary_of(r, json_object_get(ann, "summary"));
	if (!ev->summary)
		ev->summary = summary_of(r, json_object_get(ann, "description"));
	if (ann && !json_is_object(ann))
		sw_field_fail(err, arena_printf(&r->arena, "%s.annotations", at), "must be an object of strings");
	time_of(json_object_get(a, "startsAt"), arena_printf(&r->arena, "%s.startsAt", at), &ev->starts_at, err);
	time_of(json_object_get(a, "endsAt"), arena_printf(&r->arena, "%s.endsAt", at), &ev->ends_at, err);
	ev->key = text_of(r, json_object_get(a, "fingerprint"), arena_printf(&r->arena, "%s.fingerprint", at),
			  ALERT_KEY_MAX, err);
	ev->name = "alert";
	ev->severity = SEV_WARNING;
	for (size_t k = 0; k < ev->label_count; k++) {
		if (strcmp(ev->labels[k].name, "alertname") == 0)
			ev->name = ev->labels[k].value;
		else if (strcmp(ev->labels[k].name, "severity") == 0)
			severity_word(ev->labels[k].value, &ev->severity);
	}
	if (!ev->key) /* no fingerprint: the alert's identity is its labels */
		ev->key = arena_printf(&r->arena, "%.200s/%zu", ev->name, ev->label_count);
}

enum sw_err api_alertmanager_decode(struct req *r, struct alert_batch *out, struct sw_error *err)
{
	json_t *root;
	enum sw_err rc = api_body(r, false, &root, err);
	if (rc)
		return rc;
	struct alert_batch b = {.format = ALERT_FORMAT_ALERTMANAGER};
	json_t *version = json_object_get(root, "version");
	json_t *alerts = json_object_get(root, "alerts");
	if (!json_is_string(version) || strcmp(json_string_value(version), "4") != 0)
		sw_field_fail(err, "version", "must be \"4\" (Alertmanager's webhook version 4)");
	if (!json_is_array(alerts))
		sw_field_fail(err, "alerts", "must be an array");
	else if (json_array_size(alerts) > ALERT_BATCH_MAX)
		rc = sw_fail(err, SW_ETOOLARGE, NULL, "a payload carries at most %d alerts (this one %zu)",
			     ALERT_BATCH_MAX, json_array_size(alerts));
	else if ((b.items = room(r, json_array_size(alerts), sizeof(*b.items), err)))
		for (size_t i = 0; i < json_array_size(alerts) && !err->field_dropped; i++, b.count++)
			am_alert(r, json_array_get(alerts, i), i, &b.items[i], err);
	json_decref(root);
	if (rc || err->code)
		return rc ? rc : bad_payload(err);
	*out = b;
	return SW_OK;
}

/* ---- the generic event ------------------------------------------------------------ */

static const char *const event_members[] = {"source", "resource", "service", "check",     "metric", "severity",
					    "state",  "message",  "time",    "dedup_key", "labels", NULL};

static void generic_event(struct req *r, json_t *o, const char *at, struct alert_event *ev, struct sw_error *err)
{
	if (!json_is_object(o)) {
		sw_field_fail(err, at[0] ? at : "body", "must be an object");
		return;
	}
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v)
	{
		bool known = false;
		for (size_t i = 0; event_members[i] && !known; i++)
			known = strcmp(k, event_members[i]) == 0;
		if (!known)
			sw_field_fail(err, arena_printf(&r->arena, "%s%.40s", at, k), "is not a member of an event");
	}
#define P(name) arena_printf(&r->arena, "%s%s", at, name)
	text_of(r, json_object_get(o, "source"), P("source"), LIMIT_NAME_LEN, err);
	ev->resource = text_of(r, json_object_get(o, "resource"), P("resource"), LIMIT_NAME_LEN, err);
	ev->service = text_of(r, json_object_get(o, "service"), P("service"), LIMIT_NAME_LEN, err);
	ev->name = text_of(r, json_object_get(o, "check"), P("check"), LIMIT_NAME_LEN, err);
	if (!ev->name)
		ev->name = text_of(r, json_object_get(o, "metric"), P("metric"), LIMIT_NAME_LEN, err);
	if (!ev->name && !err->code)
		sw_field_fail(err, P("check"), "is required (or metric)");
	if (ev->name) /* it goes into titles: control characters as spaces, as in labels */
		ev->name = clean_value(r, ev->name, strlen(ev->name));
	const char *sev = text_of(r, json_object_get(o, "severity"), P("severity"), 20, err);
	if (!sev || alert_severity_parse(sev, &ev->severity))
		sw_field_fail(err, P("severity"), "must be one of critical, major, minor, warning, info");
	const char *state = text_of(r, json_object_get(o, "state"), P("state"), 20, err);
	ev->state = ALERT_FIRING;
	if (state && alert_state_parse(state, &ev->state))
		sw_field_fail(err, P("state"), "must be firing or resolved");
	json_t *msg = json_object_get(o, "message");
	if (msg && !json_is_string(msg))
		sw_field_fail(err, P("message"), "must be a string");
	ev->summary = msg ? summary_of(r, msg) : NULL;
	time_of(json_object_get(o, "time"), P("time"), &ev->starts_at, err);
	if (ev->state == ALERT_RESOLVED) {
		ev->ends_at = ev->starts_at;
		ev->starts_at = 0;
	}
	ev->key = text_of(r, json_object_get(o, "dedup_key"), P("dedup_key"), ALERT_KEY_MAX, err);
	ev->labels = room(r, ALERT_LABELS_MAX, sizeof(*ev->labels), err);
	if (ev->labels)
		labels_of(r, json_object_get(o, "labels"), P("labels"), ev->labels, &ev->label_count, ALERT_LABELS_MAX,
			  err);
#undef P
	if (!ev->key && ev->name) /* the check on its resource */
		ev->key = arena_printf(&r->arena, "%.200s@%.200s", ev->name, ev->resource ? ev->resource : "");
}

enum sw_err api_event_decode(struct req *r, struct alert_batch *out, struct sw_error *err)
{
	json_t *root;
	enum sw_err rc = api_body_any(r, &root, err);
	if (rc)
		return rc;
	struct alert_batch b = {.format = ALERT_FORMAT_GENERIC};
	size_t n = json_is_array(root) ? json_array_size(root) : 1;
	if (!json_is_array(root) && !json_is_object(root))
		sw_field_fail(err, "body", "must be an event object or an array of them");
	else if (n > ALERT_BATCH_MAX)
		rc = sw_fail(err, SW_ETOOLARGE, NULL, "a payload carries at most %d events (this one %zu)",
			     ALERT_BATCH_MAX, n);
	else if (json_is_array(root) && n == 0)
		sw_field_fail(err, "body", "must hold at least one event");
	else if ((b.items = room(r, n, sizeof(*b.items), err))) {
		for (size_t i = 0; i < n && !err->field_dropped; i++, b.count++)
			generic_event(r, json_is_array(root) ? json_array_get(root, i) : root,
				      json_is_array(root) ? arena_printf(&r->arena, "[%zu].", i) : "", &b.items[i],
				      err);
	}
	json_decref(root);
	if (rc || err->code)
		return rc ? rc : bad_payload(err);
	*out = b;
	return SW_OK;
}

/* ---- a stored payload ---------------------------------------------------------------- */

/* The decoders read a request: the stored body is given one to read, with
 * c's arena as its arena (lent for the call and handed back, so what is
 * decoded lives in c's arena). */
enum sw_err api_alert_decode_stored(struct ctx *c, enum alert_format format, const char *body, size_t len,
				    struct alert_batch *out, struct sw_error *err)
{
	struct req *r = calloc(1, sizeof(*r));
	if (!r)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	buf_init(&r->body, len + 1);
	enum sw_err rc = buf_append(&r->body, body, len);
	if (!rc) {
		r->arena = *c->arena;
		rc = format == ALERT_FORMAT_ALERTMANAGER ? api_alertmanager_decode(r, out, err)
							 : api_event_decode(r, out, err);
		*c->arena = r->arena;
	} else {
		rc = sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	}
	buf_release(&r->body);
	free(r);
	return rc;
}
