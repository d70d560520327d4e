/*
 * mailbox.c — mailboxes as a record kind (core/kernel/record.h): where
 * mail comes in and what it becomes, kept by admins.  The IMAP password
 * is sealed before it is stored (core/kernel/seal.h) and never answered;
 * the poller unseals it (mailbox_password).
 */
#include <stdio.h>
#include <string.h>

#include "core/core_int.h"
#include "core/kernel/authz.h"
#include "core/kernel/record.h"
#include "core/kernel/seal.h"
#include "core/mail/mail.h"
#include "core/port/mail.h"
#include "core/ticket/ticket.h"
#include "base/limits.h"
#include "base/banned.h"

#define PASSWORD_MAX 256

static bool text_ok(const char *s, size_t min)
{
	return s && core_text_ok(s, min, MAILBOX_TEXT_MAX) && !strpbrk(s, "\r\n");
}

static void validate_mailbox(const void *v, bool creating, struct sw_error *err)
{
	const struct mailbox_input *in = v;
	if (in->set_imap_url && in->imap_url && *in->imap_url &&
	    (!text_ok(in->imap_url, 1) ||
	     (strncmp(in->imap_url, "imap://", 7) != 0 && strncmp(in->imap_url, "imaps://", 8) != 0)))
		sw_field_fail(err, "imap_url", "must be an imap:// or imaps:// URL of at most %d characters",
			      MAILBOX_TEXT_MAX);
	if (in->set_imap_user && in->imap_user && *in->imap_user && !text_ok(in->imap_user, 1))
		sw_field_fail(err, "imap_user", "must be at most %d characters on one line", MAILBOX_TEXT_MAX);
	if (in->set_folder && !text_ok(in->folder, 1))
		sw_field_fail(err, "folder", "must be 1 to %d characters on one line", MAILBOX_TEXT_MAX);
	if (in->set_processed_folder && in->processed_folder && *in->processed_folder &&
	    !text_ok(in->processed_folder, 1))
		sw_field_fail(err, "processed_folder", "must be at most %d characters on one line", MAILBOX_TEXT_MAX);
	if (in->set_description && in->description && !core_text_ok(in->description, 0, MAILBOX_TEXT_MAX))
		sw_field_fail(err, "description", "must be at most %d characters", MAILBOX_TEXT_MAX);
	if (in->set_password && in->password &&
	    (!core_text_ok(in->password, 1, PASSWORD_MAX) || strpbrk(in->password, "\r\n")))
		sw_field_fail(err, "password", "must be 1 to %d characters on one line", PASSWORD_MAX);
	if (in->set_category && in->category && !core_text_ok(in->category, 1, LIMIT_CATEGORY_LEN))
		sw_field_fail(err, "category", "must be 1 to %d characters", LIMIT_CATEGORY_LEN);
	if (in->set_kind) {
		const struct ticket_kind *k = ticket_kind_by_name(in->kind);
		if (!k || k->agents_only)
			sw_field_fail(err, "kind", "must be a ticket kind people raise (incident, ...)");
	}
	record_check_value(err, "unknown_sender", false, in->set_unknown_sender, &mail_unknown_name_list,
			   in->unknown_sender);
	(void)creating;
}

enum sw_err mailbox_password(const struct core_config *cfg, const struct mailbox *mb, char *out, size_t max,
			     struct sw_error *err)
{
	char what[LIMIT_NAME_LEN * 4 + 16];
	snprintf(what, sizeof(what), "mailbox '%s'", mb->name);
	return seal_open(cfg, mb->imap_secret, what, out, max, err);
}

static enum sw_err apply_mailbox(struct ctx *c, struct record_write *w, struct sw_error *err)
{
	const struct mailbox_input *in = w->in;
	struct mailbox *rec = w->rec;
	if (in->set_imap_url && !in->imap_url)
		rec->imap_url = "";
	if (in->set_imap_user && !in->imap_user)
		rec->imap_user = "";
	if (in->set_processed_folder && !in->processed_folder)
		rec->processed_folder = "";
	if (in->set_description && !in->description)
		rec->description = "";
	if (in->set_password && seal_field(c, "password", in->password, &rec->imap_secret, err) == SW_ENOMEM)
		return SW_ENOMEM;
	return err->code;
}

static void mailbox_changes(struct changes *ch, const struct record_write *w)
{
	const struct mailbox_input *in = w->in;
	if (in->set_password) /* that it changed, never what it is */
		changes_set_str(ch, "password", in->password ? "(changed)" : "(removed)");
}

static const struct record_copy mailbox_copies[] = {
	RECORD_COPY_NAME(struct mailbox_input, struct mailbox, RECORD_NAME_CHECKED),
	RECORD_COPY_EACH(struct mailbox_input, struct mailbox, description, imap_url, imap_user, folder,
			 processed_folder, kind, category, active),
	RECORD_COPY_VALUE(struct mailbox_input, struct mailbox, unknown_sender, mail_unknown_name_list),
};

static const struct record_ref mailbox_refs[] = {
	RECORD_REF(struct mailbox_input, struct mailbox, CORE_REF_GROUP, "group", group, group),
};

static const struct record_audit mailbox_audit[] = {
	RECORD_AUDIT_EACH(struct mailbox, name, description, imap_url, imap_user, folder, processed_folder, kind,
			  category, group),
	RECORD_AUDIT_VALUE(struct mailbox, "unknown_sender", unknown_sender, mail_unknown_name_list),
	RECORD_AUDIT_EACH(struct mailbox, active),
};

/* a new mailbox's defaults, and those of mail taken in without one */
static const struct mailbox fresh = {.name = "",
				     .description = "",
				     .imap_url = "",
				     .imap_user = "",
				     .folder = "INBOX",
				     .processed_folder = "",
				     .kind = "incident",
				     .unknown_sender = MAIL_UNKNOWN_REFUSE,
				     .active = true};

void mailbox_defaults(struct mailbox *mb)
{
	*mb = fresh;
}

RECORD_KIND_DEFINE(mailbox_kind, (struct mailbox, "mailbox", "a mailbox", ROLE_ADMIN, ROLE_ADMIN, &store_mailboxes),
		   validate_mailbox, apply_mailbox, mailbox_changes, mailbox_copies, RECORD_AUDIT_DIFF(mailbox_audit),
		   .fresh = &fresh, .reread = true, RECORD_REFS(mailbox_refs));

enum sw_err mailbox_status(struct ctx *c, const char *name, struct mailbox_status *out, struct sw_error *err)
{
	enum sw_err rc = authz_require_role(&c->actor, ROLE_ADMIN, err);
	if (rc)
		return rc;
	struct mailbox_status st = {0};
	struct record_key key = {.name = name};
	if ((rc = store_mailboxes.load(c->store, &key, &st.mailbox, err)) ||
	    (rc = store_mail_counts(c->store, st.mailbox.id, &st.counts, &st.count_count, err)))
		return rc;
	*out = st;
	return SW_OK;
}

enum sw_err mailbox_list_polled(struct ctx *c, struct mailbox **out, size_t *count, struct sw_error *err)
{
	struct {
		struct mailbox *items;
		size_t count;
	} all = {0};
	enum sw_err rc = store_mailboxes.list(c->store, true, &all, err);
	if (rc)
		return rc;
	size_t n = 0;
	for (size_t i = 0; i < all.count; i++)
		if (all.items[i].active && *all.items[i].imap_url)
			all.items[n++] = all.items[i];
	*out = all.items;
	*count = n;
	return SW_OK;
}

enum sw_err mailbox_polled(struct ctx *c, int64_t id, const char *error, struct sw_error *err)
{
	enum sw_err rc = core_tx_begin(c, err);
	return rc ? rc : core_tx_end(c, store_mailbox_polled(c->store, id, c->now, error, err), err);
}
