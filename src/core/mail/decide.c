/*
 * decide.c — what a message is (mail.h: mail_decide), pure: threading by
 * our Message-IDs and the subject tag, the loop and abuse rules, the
 * quoted text and signature trimmed.  No storage and no clock, so the
 * fuzz target drives it straight after the parser.
 */
#include <string.h>
#include <strings.h>

#include "core/core_int.h"
#include "core/mail/mail.h"
#include "core/ticket/ticket.h"
#include "base/banned.h"

static const char *const verdict_names[MAIL_VERDICT__COUNT] = {
	[MAIL_NEW] = "new", [MAIL_REPLY] = "reply", [MAIL_IGNORE] = "ignore", [MAIL_BOUNCE] = "bounce"};
CORE_VALUE_LIST(enum mail_verdict, verdict_names, MAIL_VERDICT__COUNT, MAIL_IGNORE, mail_verdict_name,
		mail_verdict_parse)

void mail_rules_defaults(struct mail_rules *r)
{
	*r = (struct mail_rules){.msgid_domain = "steward", .loop_id = NULL, .subject_tag = "", .note_marker = "#note"};
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

bool mail_ticket_number(const char *s, size_t max, size_t *len)
{
	for (size_t i = 0; i < ticket_kind_count(); i++) {
		const char *p = ticket_kind_at(i)->prefix;
		size_t pl = strlen(p), d = 0;
		if (pl > max || strncmp(s, p, pl) != 0)
			continue;
		while (pl + d < max && d <= 12 && digit(s[pl + d]))
			d++;
		if (d >= 7 && d <= 12) {
			*len = pl + d;
			return true;
		}
	}
	return false;
}

/* A reference "<NUMBER@domain>" or "notification-N@domain" (without <>). */
static void reference(struct arena *a, const char *ref, const char *domain, struct mail_decision *d)
{
	const char *at = strrchr(ref, '@');
	if (!at || strcasecmp(at + 1, domain) != 0)
		return;
	size_t len = (size_t)(at - ref), n;
	if (!d->ticket && mail_ticket_number(ref, len, &n) && n == len) {
		d->ticket = arena_strndup(a, ref, len);
		return;
	}
	if (!d->notification_id && len > 13 && strncmp(ref, "notification-", 13) == 0) {
		int64_t v = 0;
		size_t i = 13;
		for (; i < len && i < 13 + 15 && digit(ref[i]); i++)
			v = v * 10 + (ref[i] - '0');
		if (i == len)
			d->notification_id = v;
	}
}

/* "[INC0000123]" or "[tag INC0000123]" anywhere in the subject: the
 * number, and where the bracket starts and ends. */
static const char *subject_number(struct arena *a, const char *s, const char *tag, size_t *from, size_t *to)
{
	size_t tl = tag ? strlen(tag) : 0;
	for (const char *p = strchr(s, '['); p; p = strchr(p + 1, '[')) {
		const char *q = p + 1;
		if (tl && strncasecmp(q, tag, tl) == 0 && q[tl] == ' ')
			q += tl + 1;
		size_t n;
		if (mail_ticket_number(q, strlen(q), &n) && q[n] == ']') {
			*from = (size_t)(p - s);
			*to = (size_t)(q + n + 1 - s);
			return arena_strndup(a, q, n);
		}
	}
	return NULL;
}

/* The subject as a title: reply and forward prefixes and the tag gone,
 * spaces collapsed, at most MAIL_TITLE_MAX characters. */
static const char *title_of(struct arena *a, const char *subject, size_t tag_from, size_t tag_to)
{
	size_t len = strlen(subject);
	char *t = arena_alloc(a, len + 1);
	if (!t)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		if (tag_to > tag_from && i >= tag_from && i < tag_to)
			continue;
		char c = subject[i];
		if (c == ' ' && (o == 0 || t[o - 1] == ' '))
			continue;
		t[o++] = c;
	}
	while (o > 0 && t[o - 1] == ' ')
		o--;
	t[o] = 0;
	static const char *const prefixes[] = {"re:", "fw:", "fwd:", "aw:", "wg:", "sv:", "vs:", "tr:", "réf:", NULL};
	char *p = t;
	for (bool again = true; again;) {
		again = false;
		for (const char *const *x = prefixes; *x; x++) {
			size_t xl = strlen(*x);
			if (strncasecmp(p, *x, xl) == 0) {
				p += xl;
				while (*p == ' ')
					p++;
				again = true;
			}
		}
	}
	if (!*p)
		return "(no subject)";
	/* characters, not bytes: cut after MAIL_TITLE_MAX code points */
	size_t chars = 0, i = 0;
	for (; p[i]; i++)
		if (((unsigned char)p[i] & 0xC0) != 0x80 && ++chars > MAIL_TITLE_MAX)
			break;
	p[i] = 0;
	return p;
}

static bool line_is(const char *line, size_t len, const char *s)
{
	return strlen(s) == len && strncmp(line, s, len) == 0;
}

static bool starts(const char *line, size_t len, const char *s)
{
	size_t n = strlen(s);
	return len >= n && strncasecmp(line, s, n) == 0;
}

/* A line that opens the quoted part of a reply. */
static bool quote_header(const char *line, size_t len, bool after_blank)
{
	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\r'))
		len--;
	if (starts(line, len, "---------- Forwarded message") || starts(line, len, "Begin forwarded message:"))
		return false; /* a forward is content, not a quote: kept */
	if (starts(line, len, "-----Original Message") || starts(line, len, "----- Original Message") ||
	    starts(line, len, "-------- Original Message"))
		return true;
	if (len >= 32 && strspn(line, "_") == len)
		return true; /* Outlook's rule above its header block */
	if (after_blank && starts(line, len, "From: "))
		return true;
	/* "On Mon, 3 Dec 2026, Ann <ann@example.org> wrote:" (and Am … schrieb:, Le … a écrit :) */
	if ((starts(line, len, "On ") && len >= 6 && strncmp(line + len - 6, "wrote:", 6) == 0) ||
	    (starts(line, len, "Am ") && len >= 8 && strncmp(line + len - 8, "schrieb:", 8) == 0) ||
	    (starts(line, len, "Le ") && len >= 8 && strncmp(line + len - 8, "écrit :", 8) == 0))
		return true;
	return false;
}

const char *mail_trim_quotes(struct arena *a, const char *text, bool *trimmed)
{
	size_t len = strlen(text), cut = len;
	bool blank = true;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len, ll = end - i;
		const char *line = text + i;
		if (line_is(line, ll, "-- ") || line_is(line, ll, "-- \r") || quote_header(line, ll, blank)) {
			cut = i;
			break;
		}
		blank = strspn(line, " \t\r") >= ll;
		i = nl ? end + 1 : len;
	}
	/* then trailing quoted lines and blank lines */
	size_t end = cut;
	for (;;) {
		while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == ' ' || text[end - 1] == '\r' ||
				   text[end - 1] == '\t'))
			end--;
		size_t start = end;
		while (start > 0 && text[start - 1] != '\n')
			start--;
		if (end > start && text[start] == '>')
			end = start;
		else
			break;
	}
	size_t start = 0;
	while (start < end && (text[start] == '\n' || text[start] == '\r'))
		start++;
	*trimmed = end < len && strspn(text + end, " \t\r\n") < len - end;
	return arena_strndup(a, text + start, end - start);
}

enum sw_err mail_decide(struct arena *a, const struct mime_message *m, const struct mail_rules *r,
			struct mail_decision *out)
{
	struct mail_decision d = {.verdict = MAIL_NEW};
	const char *domain = r->msgid_domain && *r->msgid_domain ? r->msgid_domain : "steward";
	for (size_t i = 0; i < m->reference_count; i++)
		reference(a, m->references[i], domain, &d);
	size_t tag_from = 0, tag_to = 0;
	const char *by_subject = subject_number(a, m->subject, r->subject_tag, &tag_from, &tag_to);
	if (!d.ticket)
		d.ticket = by_subject;
	d.title = title_of(a, m->subject, tag_from, tag_to);
	bool trimmed = false;
	const char *body = mail_trim_quotes(a, m->text, &trimmed);
	if (!d.title || !body)
		return SW_ENOMEM;
	d.trimmed = trimmed;
	/* the marker: the first line alone */
	size_t ml = r->note_marker ? strlen(r->note_marker) : 0;
	if (ml && strncmp(body, r->note_marker, ml) == 0 &&
	    (body[ml] == 0 || body[ml] == '\n' || body[ml] == '\r' || body[ml] == ' ')) {
		d.note_marker = true;
		body += ml;
		while (*body == ' ' || *body == '\r' || *body == '\n')
			body++;
	}
	d.body = body;
	if (d.ticket)
		d.verdict = MAIL_REPLY;
	/* what is kept but not acted on, most specific first */
	if (m->bounce) {
		d.verdict = MAIL_BOUNCE;
		d.reason = "delivery status notification";
		if (m->notice_about && !d.notification_id) {
			struct mail_decision nd = {0};
			reference(a, m->notice_about, domain, &nd);
			d.notification_id = nd.notification_id;
		}
	} else if (r->loop_id && m->x_loop && strcasecmp(m->x_loop, r->loop_id) == 0) {
		d.verdict = MAIL_IGNORE;
		d.reason = "our own X-Loop";
	} else if (m->auto_submitted) {
		d.verdict = MAIL_IGNORE;
		d.reason = "automatic reply (Auto-Submitted)";
	} else if (m->bulk) {
		d.verdict = MAIL_IGNORE;
		d.reason = "bulk or list mail (Precedence, List-Id)";
	} else if (!*m->from.addr) {
		d.verdict = MAIL_IGNORE;
		d.reason = "no sender address";
	}
	*out = d;
	return SW_OK;
}
