/*
 * test_mail.c — the email channel before storage: the corpus of
 * real-world-shaped messages in tests/mail/ parsed (mail/mime.c, GMime)
 * and decided about (core/mail/decide.c), with the values each must give:
 * senders, decoded subjects, the text body chosen and converted,
 * attachments and their names, the loop and bounce signals, threading by
 * our Message-IDs and by the subject tag, quotes and signatures trimmed.
 * Run from the repository root (make unit does).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/util.h"
#include "core/mail/mail.h"
#include "mail/mime.h"

static struct arena arena;

static char *slurp(const char *name, size_t *len)
{
	char path[256];
	snprintf(path, sizeof(path), "tests/mail/%s", name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static char data[1 << 20];
	*len = fread(data, 1, sizeof(data) - 1, f);
	fclose(f);
	data[*len] = 0;
	return data;
}

static void parse(const char *name, struct mime_message *m)
{
	size_t len;
	char *raw = slurp(name, &len);
	struct sw_error err;
	sw_error_clear(&err);
	assert_int_equal(mime_parse(raw, len, &arena, m, &err), SW_OK);
	assert_true(utf8_valid(m->text, strlen(m->text)));
	assert_true(utf8_valid(m->subject, strlen(m->subject)));
}

static void decide(const struct mime_message *m, struct mail_decision *d)
{
	struct mail_rules r;
	mail_rules_defaults(&r);
	r.loop_id = "help@steward.test";
	assert_int_equal(mail_decide(&arena, m, &r, d), SW_OK);
}

static void plain_new(void **state)
{
	(void)state;
	struct mime_message m;
	struct mail_decision d;
	parse("mail_plain_new.eml", &m);
	assert_string_equal(m.from.addr, "ann@example.org");
	assert_string_equal(m.from.name, "Ann Example");
	assert_int_equal(m.cc_count, 2);
	assert_string_equal(m.cc[0].addr, "bob@example.org");
	assert_string_equal(m.message_id, "plain-new-1@example.org");
	assert_int_equal(m.attachment_count, 0);
	decide(&m, &d);
	assert_int_equal(d.verdict, MAIL_NEW);
	assert_string_equal(d.title, "Printer on floor 3 is jammed");
	/* the signature is cut */
	assert_null(strstr(d.body, "Finance"));
	assert_non_null(strstr(d.body, "jams on every page"));
	assert_true(d.trimmed);
}

static void outlook_html(void **state)
{
	(void)state;
	struct mime_message m;
	struct mail_decision d;
	parse("mail_outlook_html_only.eml", &m);
	assert_true(m.text_from_html);
	/* windows-1252 0x96 is an en dash; &nbsp; a space; &amp; decoded */
	assert_non_null(strstr(m.text, "every 10 minutes & I lose my session \xE2\x80\x93 since Monday."));
	assert_non_null(strstr(m.text, "- Laptop: T14"));
	assert_null(strstr(m.text, "alert"));
	assert_null(strstr(m.text, "MsoNormal"));
	assert_null(strchr(m.text, '<'));
	decide(&m, &d);
	assert_int_equal(d.verdict, MAIL_NEW);
	/* the Outlook header block of the quoted message is cut */
	assert_null(strstr(d.body, "Sent:"));
	assert_non_null(strstr(d.body, "Carl"));
}

static void apple_inline(void **state)
{
	(void)state;
	struct mime_message m;
	parse("mail_apple_inline_image.eml", &m);
	assert_false(m.text_from_html);
	assert_string_equal(m.text, "My screen flickers, see the screenshot.\n\nDana\n");
	assert_int_equal(m.attachment_count, 1);
	assert_string_equal(m.attachments[0].filename, "Screen Shot 2026-12-03.png");
	assert_string_equal(m.attachments[0].content_type, "image/png");
	assert_true(m.attachments[0].is_inline);
	assert_memory_equal(m.attachments[0].data, "\x89PNG", 4);
}

static void forwarded(void **state)
{
	(void)state;
	struct mime_message m;
	parse("mail_forwarded_rfc822.eml", &m);
	assert_int_equal(m.attachment_count, 1);
	assert_string_equal(m.attachments[0].content_type, "message/rfc822");
	assert_string_equal(m.attachments[0].filename, "Invoice 4711 rejected.eml");
	assert_non_null(memmem(m.attachments[0].data, m.attachments[0].len, "unknown cost centre", 19));
	struct mail_decision d;
	decide(&m, &d);
	assert_string_equal(d.title, "Invoice rejected by supplier portal");
}

static void hostile(void **state)
{
	(void)state;
	struct mime_message m;
	parse("mail_broken_boundary.eml", &m);
	assert_non_null(strstr(m.text, "never closed"));
	parse("mail_invalid_charset_word.eml", &m);
	assert_string_equal(m.from.addr, "eve@example.org");
	assert_non_null(strstr(m.subject, "caf\xC3\xA9"));
	assert_non_null(strstr(m.text, "Bytes in no known charset"));
	parse("mail_garbage_base64.eml", &m);
	for (size_t i = 0; i < m.attachment_count; i++) {
		assert_null(strchr(m.attachments[i].filename, '/'));
		assert_true(m.attachments[i].filename[0] != '.');
	}
	parse("mail_missing_message_id.eml", &m);
	assert_null(m.message_id);
	parse("mail_thousand_parts.eml", &m);
	assert_string_equal(m.text, "Body before a thousand attachments.");
	assert_int_equal(m.attachment_count, MIME_ATTACHMENTS_MAX);
	assert_true(m.dropped_attachments >= 1000 - MIME_ATTACHMENTS_MAX);
	parse("mail_smime_signed.eml", &m);
	assert_int_equal(m.attachment_count, 1);
	assert_string_equal(m.attachments[0].filename, "smime.p7s");
	parse("mail_winmail_tnef.eml", &m);
	assert_int_equal(m.attachment_count, 1);
	assert_string_equal(m.attachments[0].filename, "winmail.dat");
	/* not a message at all, and too large */
	struct sw_error err;
	sw_error_clear(&err);
	char *big = calloc(1, MIME_MESSAGE_MAX + 2);
	assert_int_equal(mime_parse(big, MIME_MESSAGE_MAX + 1, &arena, &m, &err), SW_ETOOLARGE);
	free(big);
}

static void threading(void **state)
{
	(void)state;
	struct mime_message m;
	struct mail_decision d;
	parse("mail_reply_to_notification.eml", &m);
	assert_int_equal(m.reference_count, 3);
	assert_string_equal(m.references[0], "notification-1@steward");
	decide(&m, &d);
	assert_int_equal(d.verdict, MAIL_REPLY);
	assert_string_equal(d.ticket, "INC0000001");
	assert_int_equal(d.notification_id, 1);
	assert_string_equal(d.body, "It still jams, even after the restart.");
	assert_true(d.trimmed);

	parse("mail_subject_tag.eml", &m);
	decide(&m, &d);
	assert_int_equal(d.verdict, MAIL_REPLY);
	assert_string_equal(d.ticket, "INC0000001");
	assert_string_equal(d.title, "printer");
	assert_string_equal(d.body, "Replying from a client that dropped the headers.");

	/* a reference to someone else's domain threads nothing */
	struct mime_message other = m;
	const char *refs[] = {"INC0000001@elsewhere"};
	other.references = refs;
	other.reference_count = 1;
	other.subject = "no tag [INC12] here [PRB0000002x]";
	decide(&other, &d);
	assert_int_equal(d.verdict, MAIL_NEW);
	assert_null(d.ticket);

	parse("mail_latin1_work_note.eml", &m);
	decide(&m, &d);
	assert_true(d.note_marker);
	assert_string_equal(d.body, "Called the vendor; the fuser is d\xC3\xA9"
				    "fective.");
}

static void loops(void **state)
{
	(void)state;
	struct mime_message m;
	struct mail_decision d;
	parse("mail_auto_reply.eml", &m);
	assert_true(m.auto_submitted);
	decide(&m, &d);
	assert_int_equal(d.verdict, MAIL_IGNORE);
	parse("mail_bulk_list.eml", &m);
	decide(&m, &d);
	assert_int_equal(d.verdict, MAIL_IGNORE);
	parse("mail_bounce_dsn.eml", &m);
	assert_true(m.bounce);
	decide(&m, &d);
	assert_int_equal(d.verdict, MAIL_BOUNCE);
	assert_int_equal(d.notification_id, 7);
	/* our own X-Loop */
	parse("mail_plain_new.eml", &m);
	m.x_loop = "help@steward.test";
	decide(&m, &d);
	assert_int_equal(d.verdict, MAIL_IGNORE);
	m.x_loop = NULL;
	m.auto_submitted = false;
	decide(&m, &d);
	assert_int_equal(d.verdict, MAIL_NEW);
}

static void trim_and_html(void **state)
{
	(void)state;
	bool t;
	assert_string_equal(mail_trim_quotes(&arena, "ok\n\n> a\n> b\n", &t), "ok");
	assert_true(t);
	assert_string_equal(mail_trim_quotes(&arena, "a\n> inline\nb\n", &t), "a\n> inline\nb");
	assert_false(t);
	assert_string_equal(mail_trim_quotes(&arena, "", &t), "");
	assert_string_equal(mime_html_text(&arena, "<p>a&lt;b</p><p>c&#233;&#x20AC;</p>", 33, 100),
			    "a<b\n\nc\xC3\xA9\xE2\x82\xAC");
	assert_string_equal(mime_html_text(&arena, "x<script>evil()</script><!-- c -->y", 35, 100), "xy");
	assert_string_equal(mime_html_text(&arena, "<a href='>'>z</a> &bogus; &#0;", 30, 100),
			    "z &bogus; \xEF\xBF\xBD");
	/* bounded */
	assert_int_equal(strlen(mime_html_text(&arena, "<p>0123456789</p>", 17, 4)), 4);
}

static int setup(void **state)
{
	(void)state;
	arena_init(&arena, 512u << 20);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_release(&arena);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_new), cmocka_unit_test(outlook_html),  cmocka_unit_test(apple_inline),
		cmocka_unit_test(forwarded), cmocka_unit_test(hostile),       cmocka_unit_test(threading),
		cmocka_unit_test(loops),     cmocka_unit_test(trim_and_html),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
