/*
 * api_mail.c — the email channel over HTTP (docs/email.md):
 * /api/v1/mailboxes, a record resource admins keep (the IMAP password is
 * taken, never answered: has_password says whether there is one), and
 * GET /api/v1/mailboxes/{name}/status, the last poll, its error and the
 * counts of what the mailbox's messages became.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "base/limits.h"
#include "core/mail/mail.h"
#include "core/port/mail.h"
#include "api/oas.h" /* after the others: its names are short */
#include "base/banned.h"

API_INPUT(api_schema_mailbox, "MailboxInput", struct mailbox_input,
	  FIELD_PLAIN(struct mailbox_input, "name", FT_STRING, LIMIT_NAME_LEN, name, false),
	  FIELD(struct mailbox_input, "description", FT_STRING, MAILBOX_TEXT_MAX, description, set_description),
	  FIELD(struct mailbox_input, "imap_url", FT_STRING, MAILBOX_TEXT_MAX, imap_url, set_imap_url),
	  FIELD(struct mailbox_input, "imap_user", FT_STRING, MAILBOX_TEXT_MAX, imap_user, set_imap_user),
	  FIELD(struct mailbox_input, "password", FT_STRING_NULL, 256, password, set_password),
	  FIELD(struct mailbox_input, "folder", FT_STRING, MAILBOX_TEXT_MAX, folder, set_folder),
	  FIELD(struct mailbox_input, "processed_folder", FT_STRING, MAILBOX_TEXT_MAX, processed_folder,
		set_processed_folder),
	  FIELD(struct mailbox_input, "kind", FT_STRING, 40, kind, set_kind),
	  FIELD(struct mailbox_input, "category", FT_STRING_NULL, LIMIT_CATEGORY_LEN, category, set_category),
	  FIELD(struct mailbox_input, "group", FT_STRING_NULL, LIMIT_NAME_LEN, group, set_group),
	  FIELD(struct mailbox_input, "unknown_sender", FT_STRING, 20, unknown_sender, set_unknown_sender),
	  FIELD(struct mailbox_input, "active", FT_BOOL, 0, active, set_active));

static json_t *has_password(const void *rec)
{
	const struct mailbox *m = rec;
	return json_boolean(m->imap_secret && *m->imap_secret);
}

API_RECORD_OF(api_mailboxes, mailbox_kind, api_schema_mailbox,
	      API_EACH(struct mailbox, API_AS_IS, name, description, imap_url, imap_user),
	      API_MEMBER_CALL("has_password", has_password),
	      API_EACH(struct mailbox, API_AS_IS, folder, processed_folder, kind),
	      API_EACH(struct mailbox, API_AS_NULL, category, group),
	      API_MEMBER_VALUE(struct mailbox, "unknown_sender", unknown_sender, mail_unknown_name_list),
	      API_EACH(struct mailbox, API_AS_IS, active), API_TIMES(struct mailbox));

static const struct api_member status_members[] = {
	API_EACH(struct mailbox, API_AS_IS, name, active),
	API_MEMBER(struct mailbox, "last_poll_at", last_poll_at, API_AS_TIME),
	API_EACH(struct mailbox, API_AS_NULL, last_error),
};

enum sw_err api_mailbox_status(struct req *r, struct sw_error *err)
{
	enum sw_err rc = api_query_allowed(r, "", err);
	struct mailbox_status st;
	if (rc || (rc = mailbox_status(&r->ctx, req_param(r, "name"), &st, err)))
		return rc;
	json_t *j = API_MEMBERS(&st.mailbox, status_members), *counts = json_object();
	const char *const verdicts[] = {"new", "reply", "note", "ignore", "bounce", "refused"};
	for (size_t i = 0; counts && i < sizeof(verdicts) / sizeof(verdicts[0]); i++)
		json_object_set_new(counts, verdicts[i], json_integer(0));
	int64_t total = 0;
	for (size_t i = 0; counts && i < st.count_count; i++) {
		json_object_set_new(counts, st.counts[i].verdict, json_integer(st.counts[i].count));
		total += st.counts[i].count;
	}
	if (!j || !counts) {
		json_decref(j);
		json_decref(counts);
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	}
	json_object_set_new(j, "messages", json_integer(total));
	json_object_set_new(j, "counts", counts);
	return api_reply(r, 200, j, err);
}

/* ---- OpenAPI components ---------------------------------------------------------------- */

#define UNKNOWN                                                                                                        \
	"{\"enum\":[\"create\",\"refuse\",\"bounce\",\"unregistered\"],\"description\":\"what a sender who is "        \
	"no user gets: an end user account, nothing (kept as refused), nothing and the MTA told 'unknown user', or "   \
	"a ticket raised for the unregistered requester with the address kept as its contact\"}"
#define TEXT "{\"type\":\"string\",\"maxLength\":500}"
#define COUNT "{\"type\":\"integer\",\"minimum\":0}"

static const char schemas[] =
	"\"Mailbox\":{\"type\":\"object\",\"required\":[\"name\",\"description\",\"imap_url\",\"imap_user\","
	"\"has_password\",\"folder\",\"processed_folder\",\"kind\",\"category\",\"group\",\"unknown_sender\","
	"\"active\",\"created_at\",\"updated_at\"],\"additionalProperties\":false,\"properties\":{\"name\":" STR
	",\"description\":" STR ",\"imap_url\":{\"type\":\"string\",\"description\":\"imap:// or imaps://host:port; "
	"empty: mail comes only through steward mail-in\"},\"imap_user\":" STR ",\"has_password\":{\"type\":"
	"\"boolean\",\"description\":\"the password is stored sealed and never shown\"},\"folder\":" STR
	",\"processed_folder\":{\"type\":\"string\",\"description\":\"where taken messages are moved; empty: "
	"they are flagged \\\\Seen and left\"},\"kind\":" STR ",\"category\":" STR_NULL ",\"group\":" STR_NULL
	",\"unknown_sender\":" UNKNOWN ",\"active\":" BOOL ",\"created_at\":" TIME ",\"updated_at\":" TIME "}},"
	"\"MailboxInput\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"name\":" STR
	",\"description\":" TEXT ",\"imap_url\":" TEXT ",\"imap_user\":" TEXT
	",\"password\":{\"type\":[\"string\",\"null\"],\"maxLength\":256,\"description\":\"sealed with mail_key; "
	"null removes it\"},\"folder\":" TEXT ",\"processed_folder\":" TEXT ",\"kind\":" STR
	",\"category\":{\"type\":[\"string\",\"null\"],\"maxLength\":100},\"group\":" STR_NULL
	",\"unknown_sender\":" UNKNOWN ",\"active\":" BOOL "}},"
	"\"MailboxStatus\":{\"type\":\"object\",\"required\":[\"name\",\"active\",\"last_poll_at\",\"last_error\","
	"\"messages\",\"counts\"],\"additionalProperties\":false,\"properties\":{\"name\":" STR ",\"active\":" BOOL
	",\"last_poll_at\":" TIME_NULL ",\"last_error\":" STR_NULL ",\"messages\":" COUNT
	",\"counts\":{\"type\":\"object\",\"required\":[\"new\",\"reply\",\"note\",\"ignore\",\"bounce\","
	"\"refused\"],\"additionalProperties\":false,\"properties\":{\"new\":" COUNT ",\"reply\":" COUNT
	",\"note\":" COUNT ",\"ignore\":" COUNT ",\"bounce\":" COUNT ",\"refused\":" COUNT "}}}}";

void api_openapi_mail_schemas(struct jsonw *w)
{
	jsonw_raw(w, schemas);
}
