/*
 * test_notify.c — the email a notification becomes: headers (an RFC 2047
 * subject when it is not plain ASCII, threading headers naming the
 * ticket, or the knowledge article), CRLF line ends, and names of
 * events, recipients and channels.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/kernel/outbox.h"
#include "core/notify/notify.h"

static const char *render(const struct notification *n)
{
	static char out[4096];
	struct mail_config cfg = {.from = "Steward <desk@example.com>"};
	struct buf b;
	buf_init(&b, sizeof(out));
	struct sw_error err;
	sw_error_clear(&err);
	assert_int_equal(notify_render_email(n, &cfg, 1764071400, &b, &err), SW_OK);
	assert_true(b.len < sizeof(out));
	memcpy(out, buf_cstr(&b), b.len + 1);
	buf_release(&b);
	return out;
}

static void plain_message(void **state)
{
	(void)state;
	struct notification n = {.id = 42,
				 .ticket = "INC0000007",
				 .event = NE_COMMENTED,
				 .subject = "[INC0000007] New reply: VPN down",
				 .body = "line one\nline two\r\n\nend",
				 .email_to = "jdoe@example.com"};
	const char *m = render(&n);
	assert_non_null(strstr(m, "From: Steward <desk@example.com>\r\n"));
	assert_non_null(strstr(m, "To: jdoe@example.com\r\n"));
	assert_non_null(strstr(m, "Date: Tue, 25 Nov 2025 11:50:00 +0000\r\n"));
	assert_non_null(strstr(m, "Subject: [INC0000007] New reply: VPN down\r\n"));
	assert_non_null(strstr(m, "Message-ID: <notification-42@steward>\r\n"));
	assert_non_null(strstr(m, "In-Reply-To: <INC0000007@steward>\r\n"));
	assert_non_null(strstr(m, "References: <INC0000007@steward>\r\n"));
	assert_non_null(strstr(m, "X-Steward-Event: commented\r\n"));
	const char *body = strstr(m, "\r\n\r\n");
	assert_non_null(body);
	assert_string_equal(body + 4, "line one\r\nline two\r\n\r\nend\r\n");
}

static void encoded_subject(void **state)
{
	(void)state;
	struct notification n = {.id = 1,
				 .ticket = "INC0000001",
				 .event = NE_CREATED,
				 .subject = "Caf\xc3\xa9",
				 .body = "",
				 .email_to = "a@example.com"};
	const char *m = render(&n);
	assert_non_null(strstr(m, "Subject: =?UTF-8?B?Q2Fmw6k=?=\r\n"));
	/* a subject with control characters is encoded, never a header break */
	n.subject = "x\r\nBcc: evil@example.com";
	m = render(&n);
	assert_null(strstr(m, "\r\nBcc:"));
}

static void names(void **state)
{
	(void)state;
	for (int e = 0; e < NE__COUNT; e++) {
		enum notify_event back;
		assert_int_equal(notify_event_parse(notify_event_name((enum notify_event)e), &back), SW_OK);
		assert_int_equal(back, e);
	}
	const char *v[8];
	assert_int_equal(notify_recipient_names(NR_REQUESTER | NR_MANAGER, v, 8), 2);
	assert_string_equal(v[0], "requester");
	assert_string_equal(v[1], "manager");
	assert_int_equal(notify_channel_names(NC_IN_APP | NC_EMAIL, v, 8), 2);
	assert_string_equal(v[1], "email");
	assert_int_equal(notify_recipient_names(~0u, v, 8), 7);
	assert_string_equal(v[5], "owner");
	assert_string_equal(v[6], "approver");
}

/* A message about a knowledge article is threaded by the article. */
static void article_message(void **state)
{
	(void)state;
	struct notification n = {.id = 7,
				 .article = "KB0000003",
				 .event = NE_ARTICLE_REVIEW,
				 .subject = "[KB0000003] Review due: VPN",
				 .body = "due",
				 .email_to = "owner@example.com"};
	const char *m = render(&n);
	assert_non_null(strstr(m, "X-Steward-Article: KB0000003\r\n"));
	assert_non_null(strstr(m, "In-Reply-To: <KB0000003@steward>\r\n"));
	assert_non_null(strstr(m, "X-Steward-Event: article_review\r\n"));
	assert_null(strstr(m, "X-Steward-Ticket"));
}

/* The outboxes' backoff (core/kernel/outbox.h): the base doubling per
 * attempt up to an hour, failed for good at the last attempt, sent when
 * delivered whatever came before. */
static void outbox_backoff(void **state)
{
	(void)state;
	const struct outbox_retry r = {.max_attempts = 8, .retry_base_s = 30};
	const int64_t now = 1000000;
	const struct {
		int attempts;
		bool delivered;
		const char *state;
		int64_t next;
	} cases[] = {
		{0, false, "pending", now + 30},
		{1, false, "pending", now + 60},
		{2, false, "pending", now + 120},
		{5, false, "pending", now + 960},
		{6, false, "pending", now + 1920},
		{7, false, "failed", 0},
		{0, true, "sent", 0},
		{7, true, "sent", 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct outbox_outcome o = outbox_after(&r, cases[i].attempts, cases[i].delivered, now);
		assert_string_equal(o.state, cases[i].state);
		assert_int_equal(o.attempts, cases[i].attempts + 1);
		assert_int_equal(o.next_attempt_at, cases[i].next);
		assert_int_equal(o.sent_at, cases[i].delivered ? now : 0);
	}
	/* the wait stops growing at an hour */
	const struct outbox_retry slow = {.max_attempts = 100, .retry_base_s = 600};
	assert_int_equal(outbox_after(&slow, 3, false, now).next_attempt_at, now + 3600);
	assert_int_equal(outbox_after(&slow, 60, false, now).next_attempt_at, now + 3600);
	/* one attempt allowed: the first failure is final */
	const struct outbox_retry once = {.max_attempts = 1, .retry_base_s = 30};
	assert_string_equal(outbox_after(&once, 0, false, now).state, "failed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_message),   cmocka_unit_test(encoded_subject), cmocka_unit_test(names),
		cmocka_unit_test(article_message), cmocka_unit_test(outbox_backoff),
	};
	return cmocka_run_group_tests_name("notifications", tests, NULL, NULL);
}
