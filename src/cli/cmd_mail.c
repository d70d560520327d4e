/*
 * cmd_mail.c — `steward mail-in`: one message on standard input taken in
 * by the email channel (core/mail/mail.h), for an MTA's pipe or a
 * .forward.  The exit status is what an MTA understands (sysexits.h):
 * 0 the message is stored (acted on, kept as ignored or refused, or seen
 * before), 75 a temporary failure — nothing was stored and the MTA
 * should deliver it again — and 67 "unknown user", only when the
 * mailbox's unknown-sender policy is bounce.  One JSON line on standard
 * output says what became of the message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/jsonw.h"
#include "cli/cli.h"
#include "core/kernel/record.h"
#include "core/mail/mail.h"
#include "core/port/mail.h"
#include "base/banned.h"

#define EX_NOUSER 67
#define EX_TEMPFAIL 75
#define EX_USAGE 64

/* Up to max bytes of stdin into a malloc'd buffer (*len); what is past
 * max is read and dropped so the MTA's pipe never breaks, and *len is
 * max + 1 to say there was more. */
static char *read_stdin(size_t max, size_t *len)
{
	size_t cap = 64 * 1024, n = 0;
	char *p = malloc(cap);
	if (!p)
		return NULL;
	for (;;) {
		if (n == cap && cap <= max) {
			size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			char *q = realloc(p, ncap);
			if (!q) {
				free(p);
				return NULL;
			}
			p = q;
			cap = ncap;
		}
		if (n == cap) { /* over max: drain */
			char sink[65536];
			while (fread(sink, 1, sizeof(sink), stdin) > 0)
				;
			break;
		}
		size_t got = fread(p + n, 1, cap - n, stdin);
		if (got == 0)
			break;
		n += got;
	}
	if (ferror(stdin)) {
		free(p);
		return NULL;
	}
	*len = n;
	return p;
}

static void report(const struct mail_outcome *o)
{
	struct buf b;
	buf_init(&b, 64 * 1024);
	struct jsonw w;
	jsonw_init(&w, &b);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "verdict", o->verdict);
	jsonw_kstr(&w, "ticket", o->ticket);
	jsonw_kstr(&w, "reason", o->reason);
	jsonw_kint(&w, "message", o->message_row);
	jsonw_obj_close(&w);
	printf("%s\n", buf_cstr(&b));
	buf_release(&b);
}

static int run_mail_in(struct cli_env *env, struct cli_args *a)
{
	const char *name = cli_flag(a, "--mailbox");
	if (cli_unused(a, "mail-in"))
		return EX_USAGE;
	struct sw_error err;
	sw_error_clear(&err);
	struct mailbox mb;
	if (name) {
		struct record_key key = {.name = name};
		if (store_mailboxes.load(&env->store, &key, &mb, &err)) {
			/* a mailbox not (yet) configured: keep the mail queued at the MTA */
			cli_error("mail-in", &err);
			return EX_TEMPFAIL;
		}
	}
	size_t len;
	char *raw = read_stdin(MIME_MESSAGE_MAX, &len);
	if (!raw) {
		fprintf(stderr, "steward: mail-in: cannot read the message\n");
		return EX_TEMPFAIL;
	}
	struct mail_rules rules;
	mail_rules_defaults(&rules);
	if (*env->s.smtp_from)
		rules.loop_id = env->s.smtp_from;
	struct mail_intake in = {.raw = raw, .len = len, .mailbox = name ? &mb : NULL, .rules = &rules};
	struct mail_outcome out;
	enum sw_err rc = mail_intake(&env->ctx, &in, &out, &err);
	free(raw);
	if (rc) {
		cli_error("mail-in", &err);
		return EX_TEMPFAIL;
	}
	report(&out);
	return out.unknown_user ? EX_NOUSER : 0;
}

int cmd_mail_in(int argc, char **argv)
{
	struct cli_args a;
	cli_args_init(&a, argc, argv);
	struct cli_env env;
	if (cli_open(&a, &env, true))
		return EX_TEMPFAIL; /* no storage now: the MTA tries again */
	int rc = run_mail_in(&env, &a);
	cli_close(&env);
	return rc;
}
