/*
 * mime.c — see mime.h.  GMime parses (it is forgiving the way mail
 * readers must be: a broken boundary ends a part at the end of the
 * message, an unknown charset leaves the bytes as they are); this file
 * walks what it built, bounded by the MIME_* limits, and copies what
 * Steward keeps into the arena as clean UTF-8.  The only includer of the
 * GMime and GLib headers.
 */
#include <gmime/gmime.h>
#include <pthread.h>
#include <string.h>

#include "mail/mime.h"
#include "base/util.h"
#include "base/banned.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_once(void)
{
	g_mime_init();
}

/* ---- clean UTF-8 ------------------------------------------------------------ */

/* s[0..len) as UTF-8 without NUL in a, at most max bytes (cut on a
 * character boundary): invalid bytes become U+FFFD, NUL and other C0
 * controls but tab and newline are dropped (CR too: lines end in \n). */
static char *clean_text(struct arena *a, const char *s, size_t len, size_t max)
{
	char *out = arena_alloc(a, (len < max ? len : max) * 3 + 4);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		size_t n = utf8_seq_len(s + i, len - i);
		const char *put = s + i;
		size_t put_len = n;
		if (n == 0) {
			put = "\xEF\xBF\xBD";
			put_len = 3;
			n = 1;
		} else if (n == 1 && ((unsigned char)s[i] < 0x20 && s[i] != '\n' && s[i] != '\t')) {
			put_len = 0;
		}
		if (o + put_len > max)
			break;
		memcpy(out + o, put, put_len);
		o += put_len;
		i += n;
	}
	out[o] = 0;
	return out;
}

/* one line: newlines and tabs become spaces */
static const char *clean_line(struct arena *a, const char *s, size_t max)
{
	char *t = clean_text(a, s ? s : "", s ? strlen(s) : 0, max);
	for (char *p = t; p && *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	return t;
}

static char *lower(char *s)
{
	for (char *p = s; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return s;
}

/* ---- HTML to text ------------------------------------------------------------ */

struct out {
	char *p;
	size_t len, max;
	int newlines; /* trailing newlines written */
	bool space;   /* a space is due before the next word */
};

static void out_put(struct out *o, const char *s, size_t n)
{
	if (o->len + n > o->max)
		n = o->max - o->len; /* cut: clean_text drops a split character */
	memcpy(o->p + o->len, s, n);
	o->len += n;
}

static void out_newline(struct out *o, int want)
{
	while (o->len > 0 && o->newlines < want) {
		out_put(o, "\n", 1);
		o->newlines++;
	}
	o->space = false;
}

static void out_text(struct out *o, const char *s, size_t n)
{
	if (o->space && o->newlines == 0 && o->len > 0)
		out_put(o, " ", 1);
	o->space = false;
	out_put(o, s, n);
	o->newlines = 0;
}

static size_t utf8_put(char *b, unsigned long cp)
{
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		b[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		b[0] = (char)(0xC0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		b[0] = (char)(0xE0 | cp >> 12);
		b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	b[0] = (char)(0xF0 | cp >> 18);
	b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	b[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	b[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* The entity at s (after '&'): its UTF-8 into b, its length past '&' into *used. */
static size_t entity(const char *s, size_t len, char *b, size_t *used)
{
	static const struct {
		const char *name;
		unsigned long cp;
	} names[] = {{"amp", '&'},       {"lt", '<'},       {"gt", '>'},       {"quot", '"'},
		     {"apos", '\''},     {"nbsp", ' '},     {"copy", 0xA9},    {"reg", 0xAE},
		     {"hellip", 0x2026}, {"mdash", 0x2014}, {"ndash", 0x2013}, {"rsquo", 0x2019},
		     {"lsquo", 0x2018},  {"rdquo", 0x201D}, {"ldquo", 0x201C}, {"euro", 0x20AC}};
	size_t end = 0;
	while (end < len && end < 12 && s[end] != ';')
		end++;
	if (end >= len || s[end] != ';' || end == 0)
		return 0;
	if (s[0] == '#') {
		unsigned long cp = 0;
		bool hex = end > 1 && (s[1] == 'x' || s[1] == 'X');
		size_t i = hex ? 2 : 1;
		if (i >= end)
			return 0;
		for (; i < end; i++) {
			char ch = s[i];
			int d = ch >= '0' && ch <= '9'          ? ch - '0'
				: hex && ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
				: hex && ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
								: -1;
			if (d < 0)
				return 0;
			cp = cp * (hex ? 16 : 10) + (unsigned long)d;
			if (cp > 0x10FFFF)
				cp = 0x110000;
		}
		*used = end + 1;
		return utf8_put(b, cp);
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].name) == end && strncmp(s, names[i].name, end) == 0) {
			*used = end + 1;
			return utf8_put(b, names[i].cp);
		}
	return 0;
}

static bool tag_is(const char *name, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == n && strncasecmp(name, *list, n) == 0)
			return true;
	return false;
}

/* Where the end tag </name> starts in s[i..len), or len. */
static size_t find_end_tag(const char *s, size_t i, size_t len, const char *name)
{
	size_t n = strlen(name);
	for (; i + 2 + n <= len; i++)
		if (s[i] == '<' && s[i + 1] == '/' && strncasecmp(s + i + 2, name, n) == 0)
			return i;
	return len;
}

const char *mime_html_text(struct arena *a, const char *html, size_t len, size_t max)
{
	static const char *const blocks[] = {
		"p",  "div", "br", "tr",         "table", "h1",      "h2",      "h3",     "h4",     "h5",    "h6",
		"ul", "ol",  "hr", "blockquote", "pre",   "section", "article", "header", "footer", "title", NULL};
	static const char *const skipped[] = {"script", "style", "head", "template", NULL};
	struct out o = {.p = arena_alloc(a, max + 8), .max = max};
	if (!o.p)
		return NULL;
	for (size_t i = 0; i < len;) {
		char ch = html[i];
		if (ch == '<') {
			if (i + 4 <= len && strncmp(html + i, "<!--", 4) == 0) {
				const char *e = memmem(html + i + 4, len - i - 4, "-->", 3);
				i = e ? (size_t)(e - html) + 3 : len;
				continue;
			}
			size_t j = i + 1;
			bool closing = j < len && html[j] == '/';
			if (closing)
				j++;
			size_t name = j;
			while (j < len && ((html[j] >= 'a' && html[j] <= 'z') || (html[j] >= 'A' && html[j] <= 'Z') ||
					   (html[j] >= '0' && html[j] <= '9')))
				j++;
			size_t name_len = j - name;
			/* to the end of the tag, quotes respected */
			char quote = 0;
			while (j < len && (quote || html[j] != '>')) {
				if (quote && html[j] == quote)
					quote = 0;
				else if (!quote && (html[j] == '"' || html[j] == '\''))
					quote = html[j];
				j++;
			}
			i = j < len ? j + 1 : len;
			if (name_len == 0)
				continue;
			if (!closing && tag_is(html + name, name_len, skipped)) {
				char nm[16];
				size_t k = name_len < sizeof(nm) - 1 ? name_len : sizeof(nm) - 1;
				memcpy(nm, html + name, k);
				nm[k] = 0;
				size_t e = find_end_tag(html, i, len, nm);
				i = e;
				continue;
			}
			if (name_len == 2 && strncasecmp(html + name, "li", 2) == 0 && !closing) {
				out_newline(&o, 1);
				out_text(&o, "- ", 2);
			} else if (name_len == 2 && strncasecmp(html + name, "br", 2) == 0) {
				out_put(&o, "\n", 1);
				o.newlines++;
				o.space = false;
			} else if (tag_is(html + name, name_len, blocks)) {
				out_newline(&o, name_len == 1 && (html[name] == 'p' || html[name] == 'P') ? 2 : 1);
			} else if (name_len == 2 &&
				   (strncasecmp(html + name, "td", 2) == 0 || strncasecmp(html + name, "th", 2) == 0)) {
				o.space = true;
			}
			continue;
		}
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f') {
			o.space = true;
			i++;
			continue;
		}
		if (ch == '&') {
			char b[4];
			size_t used = 0, n = entity(html + i + 1, len - i - 1, b, &used);
			if (n) {
				if (n == 1 && b[0] == ' ')
					o.space = true;
				else
					out_text(&o, b, n);
				i += 1 + used;
				continue;
			}
		}
		size_t run = i;
		while (run < len && html[run] != '<' && html[run] != '&' && html[run] != ' ' && html[run] != '\t' &&
		       html[run] != '\n' && html[run] != '\r' && html[run] != '\f')
			run++;
		if (run == i)
			run++;
		out_text(&o, html + i, run - i);
		i = run;
	}
	while (o.len > 0 && o.p[o.len - 1] == '\n')
		o.len--;
	return clean_text(a, o.p, o.len, max);
}

/* ---- the walk ---------------------------------------------------------------- */

struct walk {
	struct arena *a;
	struct mime_message *m;
	const char *plain, *html;
	size_t plain_len, html_len;
	size_t attachment_cap;
	bool nomem;
};

/* The decoded bytes of a part's content, at most max (NULL past it). */
static GByteArray *part_bytes(GMimeDataWrapper *w, size_t max, bool *too_big)
{
	*too_big = false;
	if (!w)
		return NULL;
	GMimeStream *src = g_mime_data_wrapper_get_stream(w);
	gint64 enc_len = src ? g_mime_stream_length(src) : -1;
	/* decoded base64 and quoted-printable are never larger than encoded */
	if (enc_len > (gint64)max * 2 + 4096) {
		*too_big = true;
		return NULL;
	}
	GMimeStream *mem = g_mime_stream_mem_new();
	g_mime_data_wrapper_write_to_stream(w, mem);
	GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(mem), FALSE);
	g_object_unref(mem);
	if (ba && ba->len > max) {
		*too_big = true;
		g_byte_array_free(ba, TRUE);
		return NULL;
	}
	return ba;
}

static const char *clean_filename(struct walk *w, const char *name, const char *type)
{
	const char *base = name ? name : "";
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	char *t = (char *)clean_line(w->a, base, 255);
	if (!t)
		return NULL;
	/* no leading dots or spaces: no hidden files, no ".." */
	while (*t == '.' || *t == ' ')
		t++;
	if (*t)
		return t;
	const char *ext = strcmp(type, "message/rfc822") == 0 ? "eml" : strncmp(type, "text/", 5) == 0 ? "txt" : "bin";
	return arena_printf(w->a, "part-%zu.%s", w->m->part_count, ext);
}

static void add_attachment(struct walk *w, const char *filename, const char *type, GByteArray *ba, bool is_inline)
{
	struct mime_message *m = w->m;
	if (m->attachment_count >= MIME_ATTACHMENTS_MAX) {
		m->dropped_attachments++;
		return;
	}
	if (m->attachment_count == w->attachment_cap) {
		size_t cap = w->attachment_cap ? w->attachment_cap * 2 : 4;
		struct mime_attachment *n = arena_alloc(w->a, cap * sizeof(*n));
		if (!n) {
			w->nomem = true;
			return;
		}
		if (m->attachment_count)
			memcpy(n, m->attachments, m->attachment_count * sizeof(*n));
		m->attachments = n;
		w->attachment_cap = cap;
	}
	unsigned char *data = arena_alloc(w->a, ba->len + 1);
	const char *fn = clean_filename(w, filename, type);
	const char *ct = arena_strdup(w->a, type);
	if (!data || !fn || !ct) {
		w->nomem = true;
		return;
	}
	if (ba->len)
		memcpy(data, ba->data, ba->len);
	m->attachments[m->attachment_count++] = (struct mime_attachment){
		.filename = fn, .content_type = ct, .data = data, .len = ba->len, .is_inline = is_inline};
}

static char *type_of(GMimeObject *o)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	char *s = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
	if (!s)
		return g_strdup("application/octet-stream");
	return lower(s);
}

/* The Message-ID named in the text of rfc822 headers (a bounce's copy). */
static const char *header_message_id(struct arena *a, const char *s, size_t len)
{
	for (size_t i = 0; i + 11 < len; i++) {
		if ((i == 0 || s[i - 1] == '\n') && strncasecmp(s + i, "message-id:", 11) == 0) {
			const char *lt = memchr(s + i, '<', len - i),
				   *gt = lt ? memchr(lt, '>', len - (size_t)(lt - s)) : NULL;
			if (lt && gt && gt - lt > 1 && gt - lt < 250)
				return clean_line(a, arena_strndup(a, lt + 1, (size_t)(gt - lt - 1)), 250);
			return NULL;
		}
	}
	return NULL;
}

static void walk_part(struct walk *w, GMimeObject *o, int depth)
{
	struct mime_message *m = w->m;
	if (w->nomem || !o)
		return;
	if (GMIME_IS_MULTIPART(o)) {
		if (depth >= MIME_DEPTH_MAX) {
			m->dropped_attachments++;
			return;
		}
		GMimeMultipart *mp = GMIME_MULTIPART(o);
		int n = g_mime_multipart_get_count(mp);
		for (int i = 0; i < n; i++) {
			if (m->part_count > MIME_PARTS_MAX) {
				m->dropped_attachments += (size_t)(n - i); /* counted, not walked */
				break;
			}
			walk_part(w, g_mime_multipart_get_part(mp, i), depth + 1);
		}
		return;
	}
	if (++m->part_count > MIME_PARTS_MAX) {
		m->dropped_attachments++;
		return;
	}
	char *type = type_of(o);
	if (GMIME_IS_MESSAGE_PART(o)) {
		/* a forwarded message: kept whole as an .eml attachment */
		GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));
		if (inner) {
			if (m->bounce && !m->notice_about && g_mime_message_get_message_id(inner))
				m->notice_about = clean_line(w->a, g_mime_message_get_message_id(inner), 250);
			GMimeStream *mem = g_mime_stream_mem_new();
			g_mime_object_write_to_stream(GMIME_OBJECT(inner), NULL, mem);
			GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
			if (ba && ba->len <= MIME_ATTACHMENT_MAX) {
				const char *subj = g_mime_message_get_subject(inner);
				const char *name = g_mime_object_get_content_disposition_parameter(o, "filename");
				const char *fn = name            ? name
						 : subj && *subj ? arena_printf(w->a, "%.200s.eml", subj)
								 : "forwarded.eml";
				add_attachment(w, fn ? fn : "forwarded.eml", "message/rfc822", ba, false);
			} else {
				m->dropped_attachments++;
			}
			g_object_unref(mem);
		}
		g_free(type);
		return;
	}
	if (!GMIME_IS_PART(o)) {
		g_free(type);
		return;
	}
	GMimePart *part = GMIME_PART(o);
	bool attachment = g_mime_part_is_attachment(part);
	bool is_plain = strcmp(type, "text/plain") == 0, is_html = strcmp(type, "text/html") == 0;
	if (!attachment && ((is_plain && !w->plain) || (is_html && !w->html)) && GMIME_IS_TEXT_PART(o)) {
		char *text = g_mime_text_part_get_text(GMIME_TEXT_PART(o));
		if (text) {
			size_t len = strlen(text);
			char *copy = arena_strndup(w->a, text, len);
			if (!copy)
				w->nomem = true;
			else if (is_plain) {
				w->plain = copy;
				w->plain_len = len;
			} else {
				w->html = copy;
				w->html_len = len;
			}
			g_free(text);
		}
		g_free(type);
		return;
	}
	bool too_big;
	GByteArray *ba = part_bytes(g_mime_part_get_content(part), MIME_ATTACHMENT_MAX, &too_big);
	if (too_big || !ba) {
		if (too_big)
			m->dropped_attachments++;
		g_free(type);
		return;
	}
	if (m->bounce && !m->notice_about &&
	    (strcmp(type, "text/rfc822-headers") == 0 || strcmp(type, "message/rfc822-headers") == 0))
		m->notice_about = header_message_id(w->a, (const char *)ba->data, ba->len);
	const char *disp = g_mime_object_get_disposition(o);
	bool is_inline = (disp && strcasecmp(disp, "inline") == 0) ||
			 (!disp && g_mime_object_get_content_id(o) && strncmp(type, "image/", 6) == 0);
	add_attachment(w, g_mime_part_get_filename(part), type, ba, is_inline);
	g_byte_array_free(ba, TRUE);
	g_free(type);
}

/* ---- headers ------------------------------------------------------------------ */

static const char *header(GMimeMessage *msg, const char *name)
{
	return g_mime_object_get_header(GMIME_OBJECT(msg), name);
}

static bool addr_of(struct arena *a, InternetAddress *ia, struct mime_address *out)
{
	if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
		return false;
	const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
	if (!addr || !*addr || !strchr(addr, '@'))
		return false;
	char *ad = (char *)clean_line(a, addr, 254);
	const char *nm = clean_line(a, internet_address_get_name(ia), 200);
	if (!ad || !nm)
		return false;
	*out = (struct mime_address){.name = nm, .addr = lower(ad)};
	return true;
}

/* The mailboxes of list (groups' members too, one level) into *out. */
static void addresses(struct arena *a, InternetAddressList *list, struct mime_address **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	int n = list ? internet_address_list_length(list) : 0;
	if (n <= 0)
		return;
	size_t cap = (size_t)n < MIME_ADDRESSES_MAX ? (size_t)n * 4 : MIME_ADDRESSES_MAX;
	struct mime_address *v = arena_alloc(a, cap * sizeof(*v));
	if (!v)
		return;
	for (int i = 0; i < n && *count < cap; i++) {
		InternetAddress *ia = internet_address_list_get_address(list, i);
		if (INTERNET_ADDRESS_IS_GROUP(ia)) {
			InternetAddressList *members = internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia));
			int k = members ? internet_address_list_length(members) : 0;
			for (int j = 0; j < k && *count < cap; j++)
				if (addr_of(a, internet_address_list_get_address(members, j), &v[*count]))
					(*count)++;
		} else if (addr_of(a, ia, &v[*count])) {
			(*count)++;
		}
	}
	*out = v;
}

static void references(struct arena *a, GMimeParserOptions *opts, GMimeMessage *msg, struct mime_message *m)
{
	const char **v = arena_alloc(a, MIME_REFERENCES_MAX * sizeof(*v));
	if (!v)
		return;
	m->references = v;
	const char *irt = header(msg, "In-Reply-To");
	if (irt) {
		GMimeReferences *r = g_mime_references_parse(opts, irt);
		if (r && g_mime_references_length(r) > 0)
			v[m->reference_count++] = clean_line(a, g_mime_references_get_message_id(r, 0), 250);
		if (r)
			g_mime_references_free(r);
	}
	const char *refs = header(msg, "References");
	GMimeReferences *r = refs ? g_mime_references_parse(opts, refs) : NULL;
	int n = r ? g_mime_references_length(r) : 0;
	/* the newest last in the header: read backwards, keep the newest */
	for (int i = n - 1; i >= 0 && m->reference_count < MIME_REFERENCES_MAX; i--)
		v[m->reference_count++] = clean_line(a, g_mime_references_get_message_id(r, i), 250);
	if (r)
		g_mime_references_free(r);
	size_t k = 0;
	for (size_t i = 0; i < m->reference_count; i++)
		if (v[i] && *v[i])
			v[k++] = v[i];
	m->reference_count = k;
}

static void flags(struct arena *a, GMimeMessage *msg, struct mime_message *m)
{
	const char *h = header(msg, "Auto-Submitted");
	if (h) {
		while (*h == ' ' || *h == '\t')
			h++;
		m->auto_submitted =
			strncasecmp(h, "no", 2) != 0 || (h[2] && h[2] != ' ' && h[2] != ';' && h[2] != '\t');
	}
	if (header(msg, "X-Autoreply") || header(msg, "X-Autorespond") || header(msg, "X-Auto-Response-Suppress"))
		m->auto_submitted = m->auto_submitted || header(msg, "X-Autoreply") || header(msg, "X-Autorespond");
	h = header(msg, "Precedence");
	if (h) {
		while (*h == ' ' || *h == '\t')
			h++;
		m->bulk = strncasecmp(h, "bulk", 4) == 0 || strncasecmp(h, "junk", 4) == 0 ||
			  strncasecmp(h, "list", 4) == 0;
	}
	if (header(msg, "List-Id"))
		m->bulk = true;
	h = header(msg, "X-Loop");
	if (h)
		m->x_loop = clean_line(a, h, 250);
	const char *local = m->from.addr;
	if (strncmp(local, "mailer-daemon@", 14) == 0 || strncmp(local, "postmaster@", 11) == 0)
		m->bounce = true;
	h = header(msg, "Return-Path");
	if (h && strstr(h, "<>"))
		m->bounce = true;
	GMimeObject *top = g_mime_message_get_mime_part(msg);
	GMimeContentType *ct = top ? g_mime_object_get_content_type(top) : NULL;
	if (ct && g_mime_content_type_is_type(ct, "multipart", "report")) {
		const char *rt = g_mime_content_type_get_parameter(ct, "report-type");
		if (rt && strcasecmp(rt, "delivery-status") == 0)
			m->bounce = true;
	}
}

enum sw_err mime_parse(const char *raw, size_t len, struct arena *a, struct mime_message *out, struct sw_error *err)
{
	if (len > MIME_MESSAGE_MAX)
		return sw_fail(err, SW_ETOOLARGE, NULL, "message of %zu bytes is over the limit of %d", len,
			       MIME_MESSAGE_MAX);
	pthread_once(&once, init_once);
	struct mime_message m = {0};
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(raw, len);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	GMimeParserOptions *opts = g_mime_parser_options_new();
	g_mime_parser_options_set_rfc2047_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_address_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_parameter_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	GMimeMessage *msg = g_mime_parser_construct_message(parser, opts);
	enum sw_err rc = SW_OK;
	if (!msg) {
		rc = sw_fail(err, SW_EINVALID, NULL, "not a message");
		goto out;
	}
	struct mime_address *from = NULL;
	size_t from_count = 0;
	addresses(a, g_mime_message_get_from(msg), &from, &from_count);
	m.from = from_count ? from[0] : (struct mime_address){.name = "", .addr = ""};
	struct mime_address *rt = NULL;
	size_t rt_count = 0;
	addresses(a, g_mime_message_get_reply_to(msg), &rt, &rt_count);
	m.reply_to = rt_count ? rt[0].addr : NULL;
	addresses(a, g_mime_message_get_to(msg), &m.to, &m.to_count);
	addresses(a, g_mime_message_get_cc(msg), &m.cc, &m.cc_count);
	m.subject = clean_line(a, g_mime_message_get_subject(msg), 1000);
	const char *mid = g_mime_message_get_message_id(msg);
	m.message_id = mid && *mid ? clean_line(a, mid, 250) : NULL;
	references(a, opts, msg, &m);
	flags(a, msg, &m);
	struct walk w = {.a = a, .m = &m};
	walk_part(&w, g_mime_message_get_mime_part(msg), 0);
	if (w.plain)
		m.text = clean_text(a, w.plain, w.plain_len, MIME_TEXT_MAX);
	else if (w.html) {
		m.text = mime_html_text(a, w.html, w.html_len, MIME_TEXT_MAX);
		m.text_from_html = true;
	} else
		m.text = "";
	if (w.nomem || !m.subject || !m.text || !m.from.addr || !m.references)
		rc = sw_fail(err, SW_ENOMEM, NULL, "message too large to read");
	else
		*out = m;
out:
	if (msg)
		g_object_unref(msg);
	g_mime_parser_options_free(opts);
	g_object_unref(parser);
	g_object_unref(stream);
	return rc;
}
