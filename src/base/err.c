/*
 * err.c — filling struct sw_error.  See err.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/banned.h"

static const char *const names[SW_ERR__COUNT] = {
	[SW_OK] = "ok",
	[SW_EBADREQ] = "bad-request",
	[SW_EAUTH] = "unauthenticated",
	[SW_EFORBIDDEN] = "forbidden",
	[SW_ENOTFOUND] = "not-found",
	[SW_EMETHOD] = "method-not-allowed",
	[SW_ECONFLICT] = "conflict",
	[SW_ESTALE] = "stale-version",
	[SW_ETOOLARGE] = "too-large",
	[SW_EMEDIA] = "unsupported-media-type",
	[SW_EINVALID] = "validation",
	[SW_EPRECOND] = "precondition-required",
	[SW_ETHROTTLED] = "throttled",
	[SW_EBUSY] = "busy",
	[SW_EDB] = "database",
	[SW_ENOMEM] = "out-of-memory",
	[SW_EINTERNAL] = "internal",
	[SW_EIO] = "io",
};

const char *sw_err_name(enum sw_err code)
{
	if ((int)code < 0 || code >= SW_ERR__COUNT || !names[code])
		return "internal";
	return names[code];
}

void sw_error_clear(struct sw_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

static void set_type(struct sw_error *err, enum sw_err code, const char *type)
{
	snprintf(err->type, sizeof(err->type), "%s", type ? type : sw_err_name(code));
}

enum sw_err sw_fail(struct sw_error *err, enum sw_err code, const char *type, const char *fmt, ...)
{
	if (!err)
		return code;
	err->code = code;
	set_type(err, code, type);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
	va_end(ap);
	return code;
}

void sw_field_failv(struct sw_error *err, const char *field, const char *fmt, va_list ap)
{
	if (!err)
		return;
	if (err->code == SW_OK) {
		err->code = SW_EINVALID;
		set_type(err, SW_EINVALID, "validation");
	}
	if (err->field_count < SW_FIELD_ERRORS_MAX) {
		struct sw_field_error *f = &err->fields[err->field_count];
		snprintf(f->field, sizeof(f->field), "%s", field ? field : "");
		vsnprintf(f->detail, sizeof(f->detail), fmt, ap);
		if (err->field_count == 0)
			snprintf(err->detail, sizeof(err->detail), "invalid field '%s': %s", f->field, f->detail);
		err->field_count++;
	} else {
		err->field_dropped++;
	}
	if (err->field_count + err->field_dropped > 1)
		snprintf(err->detail, sizeof(err->detail), "%d fields are invalid; see errors",
			 err->field_count + err->field_dropped);
}

void sw_field_fail(struct sw_error *err, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sw_field_failv(err, field, fmt, ap);
	va_end(ap);
}

enum sw_err sw_param_fail(struct sw_error *err, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sw_field_failv(err, field, fmt, ap);
	va_end(ap);
	if (err) {
		err->code = SW_EBADREQ;
		set_type(err, SW_EBADREQ, NULL);
	}
	return SW_EBADREQ;
}
