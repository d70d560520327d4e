/*
 * ical.c — the iCalendar writer; see ical.h.  Every content line is built
 * whole in a scratch buffer, then folded into the output: a line longer
 * than 75 octets continues after CRLF and one space, and a fold never
 * falls inside a UTF-8 sequence.  TEXT values escape backslash,
 * semicolon, comma and line ends (RFC 5545 3.3.11); control characters
 * other than those are dropped.
 */
#include <stdio.h>
#include <string.h>

#include "api/ical.h"
#include "base/util.h"
#include "base/banned.h"

#define ICAL_LINE_OCTETS 75

/* The content line in line, folded, with its CRLF, into out. */
static enum sw_err fold(struct buf *out, const struct buf *line)
{
	const char *s = buf_cstr(line);
	size_t len = line->len, col = 0;
	enum sw_err rc = SW_OK;
	for (size_t i = 0; i < len && !rc;) {
		size_t n = utf8_seq_len(s + i, len - i);
		if (n == 0)
			n = 1; /* not UTF-8: never the case for our text, kept whole anyway */
		if (col + n > ICAL_LINE_OCTETS) {
			rc = buf_append(out, "\r\n ", 3);
			col = 1;
		}
		if (!rc)
			rc = buf_append(out, s + i, n);
		col += n;
		i += n;
	}
	return rc ? rc : buf_append(out, "\r\n", 2);
}

static enum sw_err text_into(struct buf *b, const char *s)
{
	enum sw_err rc = SW_OK;
	for (; s && *s && !rc; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '\\' || ch == ';' || ch == ',') {
			char esc[2] = {'\\', (char)ch};
			rc = buf_append(b, esc, 2);
		} else if (ch == '\n') {
			rc = buf_append(b, "\\n", 2);
		} else if (ch < 0x20 || ch == 0x7f) {
			continue;
		} else {
			rc = buf_putc(b, (char)ch);
		}
	}
	return rc;
}

/* NAME:value, the value TEXT-escaped when text, else as it is. */
static enum sw_err prop(struct buf *out, struct buf *line, const char *name, const char *value, bool text)
{
	buf_reset(line);
	enum sw_err rc = buf_puts(line, name);
	if (!rc)
		rc = buf_putc(line, ':');
	if (!rc)
		rc = text ? text_into(line, value) : buf_puts(line, value ? value : "");
	return rc ? rc : fold(out, line);
}

/* 20260131T180000Z */
static void utc(int64_t t, char out[17])
{
	char r[21];
	time_format_rfc3339(t, r); /* 2026-01-31T18:00:00Z */
	memcpy(out, r, 4);
	memcpy(out + 4, r + 5, 2);
	memcpy(out + 6, r + 8, 2);
	out[8] = 'T';
	memcpy(out + 9, r + 11, 2);
	memcpy(out + 11, r + 14, 2);
	memcpy(out + 13, r + 17, 2);
	out[15] = 'Z';
	out[16] = 0;
}

static const char *const status_text[SCHEDULE_STATUS__COUNT] = {"CONFIRMED", "TENTATIVE", "CANCELLED"};

enum sw_err ical_write(struct buf *out, const char *name, const struct schedule_event *ev, size_t count, int64_t now)
{
	struct buf line = BUF_INIT(64 * 1024);
	char stamp[17], t[17], seq[24];
	utc(now, stamp);
	enum sw_err rc = prop(out, &line, "BEGIN", "VCALENDAR", false);
	if (!rc)
		rc = prop(out, &line, "VERSION", "2.0", false);
	if (!rc)
		rc = prop(out, &line, "PRODID", "-//Steward//Change schedule//EN", false);
	if (!rc)
		rc = prop(out, &line, "CALSCALE", "GREGORIAN", false);
	if (!rc)
		rc = prop(out, &line, "METHOD", "PUBLISH", false);
	if (!rc)
		rc = prop(out, &line, "X-WR-CALNAME", name, true);
	for (size_t i = 0; i < count && !rc; i++) {
		const struct schedule_event *e = &ev[i];
		snprintf(seq, sizeof(seq), "%d", e->sequence);
		rc = prop(out, &line, "BEGIN", "VEVENT", false);
		if (!rc)
			rc = prop(out, &line, "UID", e->uid, true);
		if (!rc)
			rc = prop(out, &line, "DTSTAMP", stamp, false);
		if (!rc && e->updated) {
			utc(e->updated, t);
			rc = prop(out, &line, "LAST-MODIFIED", t, false);
		}
		if (!rc)
			rc = prop(out, &line, "SEQUENCE", seq, false);
		if (!rc) {
			utc(e->start, t);
			rc = prop(out, &line, "DTSTART", t, false);
		}
		if (!rc) {
			utc(e->end, t);
			rc = prop(out, &line, "DTEND", t, false);
		}
		if (!rc)
			rc = prop(out, &line, "SUMMARY", e->summary, true);
		if (!rc && e->description && *e->description)
			rc = prop(out, &line, "DESCRIPTION", e->description, true);
		if (!rc && e->kind)
			rc = prop(out, &line, "CATEGORIES", e->kind, true);
		if (!rc)
			rc = prop(out, &line, "STATUS", status_text[e->status], false);
		if (!rc && e->url && (strncmp(e->url, "https://", 8) == 0 || strncmp(e->url, "http://", 7) == 0))
			rc = prop(out, &line, "URL", e->url, false);
		if (!rc)
			rc = prop(out, &line, "TRANSP", "OPAQUE", false);
		if (!rc)
			rc = prop(out, &line, "END", "VEVENT", false);
	}
	if (!rc)
		rc = prop(out, &line, "END", "VCALENDAR", false);
	buf_release(&line);
	return rc;
}
