/*
 * fuzz_mail.c — libFuzzer target for the email channel's intake path
 * before storage: the input parsed as a message (mail/mime.h, GMime) and
 * decided about (core/mail/mail.h: threading, loops, trimming).  Every
 * string that comes out must be valid UTF-8 without NUL, every
 * attachment's name clean (no path, not empty) and within the limits; a
 * failure of those is a crash here, as is any memory error (ASan).
 */
#include <stdint.h>
#include <string.h>

#include "base/util.h"
#include "core/mail/mail.h"
#include "mail/mime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_text(const char *s)
{
	if (!s || !utf8_valid(s, strlen(s)))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a, 256u << 20);
	struct mime_message m;
	struct sw_error err;
	sw_error_clear(&err);
	if (mime_parse((const char *)data, size, &a, &m, &err) == SW_OK) {
		check_text(m.subject);
		check_text(m.text);
		check_text(m.from.addr);
		for (size_t i = 0; i < m.reference_count; i++)
			check_text(m.references[i]);
		if (m.attachment_count > MIME_ATTACHMENTS_MAX || m.to_count > MIME_ADDRESSES_MAX)
			__builtin_trap();
		for (size_t i = 0; i < m.attachment_count; i++) {
			const struct mime_attachment *at = &m.attachments[i];
			check_text(at->filename);
			if (!*at->filename || strchr(at->filename, '/') || strchr(at->filename, '\\') ||
			    at->filename[0] == '.' || at->len > MIME_ATTACHMENT_MAX)
				__builtin_trap();
		}
		struct mail_rules r;
		mail_rules_defaults(&r);
		r.loop_id = "steward@example.org";
		r.subject_tag = "Help";
		struct mail_decision d;
		if (mail_decide(&a, &m, &r, &d) == SW_OK) {
			check_text(d.title);
			check_text(d.body);
			if (d.verdict == MAIL_REPLY && !d.ticket)
				__builtin_trap();
		}
	}
	arena_release(&a);
	return 0;
}
