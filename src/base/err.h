/*
 * err.h — the one error vocabulary of Steward.
 *
 * Every fallible function returns enum sw_err (0 is success) and fills a
 * caller-supplied struct sw_error, which is left untouched on success.  The
 * HTTP layer maps codes to statuses in one place (http/response.c); nothing
 * else builds error bodies.  Validation failures may carry several field
 * errors so that a client learns about every bad field at once.
 */
#ifndef SW_BASE_ERR_H
#define SW_BASE_ERR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

enum sw_err {
	SW_OK = 0,
	SW_EBADREQ,    /* malformed request (bad JSON, bad query syntax) -> 400 */
	SW_EAUTH,      /* not authenticated -> 401 */
	SW_EFORBIDDEN, /* authenticated but not allowed -> 403 */
	SW_ENOTFOUND,  /* -> 404 */
	SW_EMETHOD,    /* method not allowed on this path -> 405 */
	SW_ECONFLICT,  /* uniqueness or illegal transition -> 409 */
	SW_ESTALE,     /* optimistic lock: stale version -> 412 */
	SW_ETOOLARGE,  /* -> 413 */
	SW_EMEDIA,     /* unsupported media type -> 415 */
	SW_EINVALID,   /* semantic validation failure -> 422 */
	SW_EPRECOND,   /* precondition header missing (If-Match) -> 428 */
	SW_ETHROTTLED, /* -> 429 */
	SW_EBUSY,      /* retryable storage contention -> 503 */
	SW_EDB,        /* storage failure -> 500 */
	SW_ENOMEM,     /* -> 500 */
	SW_EINTERNAL,  /* -> 500 */
	SW_EIO,        /* file or network failure outside a request -> 500 */
	SW_ERR__COUNT
};

#define SW_FIELD_ERRORS_MAX 16

struct sw_field_error {
	char field[96]; /* JSON path such as "title" or "watchers[2]" */
	char detail[160];
};

struct sw_error {
	enum sw_err code;
	char type[48]; /* stable problem type slug, e.g. "validation", "stale-version" */
	char detail[512];
	int field_count;         /* stored entries in fields[], at most SW_FIELD_ERRORS_MAX */
	int field_dropped;       /* further field failures that did not fit */
	int64_t current_version; /* with SW_ESTALE: the version now stored (0 = unknown) */
	struct sw_field_error fields[SW_FIELD_ERRORS_MAX];
};

/* Short lower-case name of a code ("conflict"), never NULL. */
const char *sw_err_name(enum sw_err code);

/*
 * Fill err (if non-NULL) and return code.  type may be NULL, in which case
 * sw_err_name(code) is used.  detail is printf-formatted.
 */
enum sw_err sw_fail(struct sw_error *err, enum sw_err code, const char *type, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * Record one field failure in err, setting err->code to SW_EINVALID and the
 * type to "validation" if no code was set yet.  Extra fields past
 * SW_FIELD_ERRORS_MAX are counted in the detail but not stored.
 */
void sw_field_fail(struct sw_error *err, const char *field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* sw_field_fail with the detail's arguments in ap. */
void sw_field_failv(struct sw_error *err, const char *field, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/*
 * sw_field_fail for input that is not a body member — a query parameter,
 * a header, a cursor: the field error, with err refused as a bad request
 * (SW_EBADREQ, type "bad-request", 400) rather than as a 422.  Returns
 * SW_EBADREQ.
 */
enum sw_err sw_param_fail(struct sw_error *err, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Reset err to "no error". */
void sw_error_clear(struct sw_error *err);

#endif
