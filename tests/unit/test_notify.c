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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_message),
		cmocka_unit_test(encoded_subject),
		cmocka_unit_test(names),
		cmocka_unit_test(article_message),
	};
	return cmocka_run_group_tests_name("notifications", tests, NULL, NULL);
}
