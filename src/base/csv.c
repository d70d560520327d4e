/*
 * csv.c — see csv.h.  A byte-at-a-time state machine, so a record may be
 * split anywhere across chunks.
 */
#include <string.h>

#include "base/csv.h"
#include "base/util.h"
#include "base/banned.h"

enum { S_FIELD_START, S_UNQUOTED, S_QUOTED, S_QUOTE_IN_QUOTED, S_CR };

void csv_init(struct csv *c)
{
	memset(c, 0, sizeof(*c));
	buf_init(&c->record, CSV_RECORD_MAX);
}

void csv_release(struct csv *c)
{
	buf_release(&c->record);
}

static enum sw_err bad(struct csv *c, struct sw_error *err, const char *what)
{
	return sw_fail(err, SW_EINVALID, NULL, "record %lld: %s", (long long)c->line + 1, what);
}

static enum sw_err end_field(struct csv *c, struct sw_error *err)
{
	if (c->count == CSV_FIELDS_MAX)
		return bad(c, err, "too many fields");
	if (buf_putc(&c->record, 0))
		return bad(c, err, "the record is too long");
	c->count++;
	if (c->count < CSV_FIELDS_MAX)
		c->starts[c->count] = c->record.len;
	return SW_OK;
}

/* Whether a cell would be taken by a spreadsheet as a formula: it
 * begins with = + - @, a tab or a CR, and is not a plain number (-12.5).
 * Apostrophes before it count as the mark (so that a cell's own
 * apostrophe before a formula is marked too, and kept on reading). */
static bool formula_like(const char *f)
{
	while (*f == '\'')
		f++;
	if (!f[0] || !strchr("=+-@\t\r", f[0]))
		return false;
	const char *p = f + (f[0] == '-' || f[0] == '+');
	bool digits = false;
	for (; *p >= '0' && *p <= '9'; p++)
		digits = true;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			digits = true;
	return !(digits && !*p);
}

static enum sw_err end_record(struct csv *c, int (*on_record)(void *, const char *const *, size_t, int64_t), void *arg,
			      int *stop, struct sw_error *err)
{
	enum sw_err rc = end_field(c, err);
	if (rc)
		return rc;
	const char *fields[CSV_FIELDS_MAX];
	for (size_t i = 0; i < c->count; i++) {
		fields[i] = c->record.ptr + c->starts[i];
		size_t n = strlen(fields[i]);
		if (!utf8_valid(fields[i], n))
			return bad(c, err, "not valid UTF-8");
		if (fields[i][0] == '\'' && formula_like(fields[i] + 1))
			fields[i]++; /* csv_put's mark, taken off */
	}
	c->line++;
	/* a blank line is not a record */
	if (!(c->count == 1 && fields[0][0] == 0))
		*stop = on_record(arg, fields, c->count, c->line);
	buf_reset(&c->record);
	c->count = 0;
	c->starts[0] = 0;
	c->state = S_FIELD_START;
	return SW_OK;
}

/* A comma ends the field, a CR or an LF the record: true when ch is one
 * of them, with what ending it gave in *rc. */
static bool separator(struct csv *c, char ch, int (*on_record)(void *, const char *const *, size_t, int64_t), void *arg,
		      int *stop, enum sw_err *rc, struct sw_error *err)
{
	if (ch == ',') {
		*rc = end_field(c, err);
		c->state = S_FIELD_START;
	} else if (ch == '\n' || ch == '\r') {
		*rc = end_record(c, on_record, arg, stop, err);
		if (ch == '\r')
			c->state = S_CR;
	} else {
		return false;
	}
	return true;
}

enum sw_err csv_feed(struct csv *c, const char *p, size_t len, bool last,
		     int (*on_record)(void *arg, const char *const *fields, size_t count, int64_t record), void *arg,
		     struct sw_error *err)
{
	size_t i = 0;
	if (!c->bom_checked && (len >= 3 || last)) {
		c->bom_checked = true;
		if (len >= 3 && (unsigned char)p[0] == 0xef && (unsigned char)p[1] == 0xbb &&
		    (unsigned char)p[2] == 0xbf)
			i = 3;
	}
	enum sw_err rc = SW_OK;
	int stop = 0;
	for (; i < len && !stop; i++) {
		char ch = p[i];
		if (ch == 0)
			return bad(c, err, "a NUL byte");
		switch (c->state) {
		case S_CR:
			c->state = S_FIELD_START;
			if (ch == '\n')
				continue;
			/* a lone CR ended the record: this byte starts the next */
			__attribute__((fallthrough));
		case S_FIELD_START:
			if (ch == '"') {
				c->state = S_QUOTED;
				continue;
			}
			c->state = S_UNQUOTED;
			__attribute__((fallthrough));
		case S_UNQUOTED:
			if (separator(c, ch, on_record, arg, &stop, &rc, err))
				break;
			if (ch == '"')
				return bad(c, err, "a quote inside an unquoted field");
			if (buf_putc(&c->record, ch))
				return bad(c, err, "the record is too long");
			break;
		case S_QUOTED:
			if (ch == '"')
				c->state = S_QUOTE_IN_QUOTED;
			else if (buf_putc(&c->record, ch))
				return bad(c, err, "the record is too long");
			break;
		case S_QUOTE_IN_QUOTED:
			if (ch == '"') {
				c->state = S_QUOTED;
				if (buf_putc(&c->record, '"'))
					return bad(c, err, "the record is too long");
			} else if (!separator(c, ch, on_record, arg, &stop, &rc, err)) {
				return bad(c, err, "text after a closing quote");
			}
			break;
		}
		if (rc)
			return rc;
	}
	if (stop)
		return (enum sw_err)stop;
	if (last) {
		if (c->state == S_QUOTED)
			return bad(c, err, "a quoted field is not closed");
		if (c->state != S_CR && (c->record.len || c->count))
			rc = end_record(c, on_record, arg, &stop, err);
		if (!rc && stop)
			rc = (enum sw_err)stop;
	}
	return rc;
}

enum sw_err csv_put(struct buf *out, const char *field, bool first)
{
	enum sw_err rc = first ? SW_OK : buf_putc(out, ',');
	if (rc || !field)
		return rc;
	bool formula = formula_like(field);
	if (!formula && !strpbrk(field, ",\"\r\n"))
		return buf_puts(out, field);
	rc = buf_putc(out, '"');
	if (!rc && formula)
		rc = buf_putc(out, '\'');
	for (const char *q = field; !rc && *q; q++)
		rc = *q == '"' ? buf_puts(out, "\"\"") : buf_putc(out, *q);
	return rc ? rc : buf_putc(out, '"');
}

enum sw_err csv_record(struct buf *out, const char *const *fields, size_t n)
{
	enum sw_err rc = SW_OK;
	for (size_t k = 0; !rc && k < n; k++)
		rc = csv_put(out, fields[k], k == 0);
	return rc ? rc : buf_puts(out, "\r\n");
}
