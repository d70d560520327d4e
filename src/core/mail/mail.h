/*
 * mail.h — the email channel: a message read by mail/mime.h turned into
 * a comment on the ticket it answers or a new ticket, durably and once.
 *
 * Two halves.  mail_decide() is pure (no storage, no clock): from the
 * intake record and the channel's rules it says what the message is — a
 * reply to a ticket (by In-Reply-To/References naming one of the
 * Message-IDs Steward sends, else by a "[INC0000123]" tag in the
 * subject), a new ticket, or something to keep but not act on (an
 * automatic reply, bulk mail, our own loop, a bounce) — and gives the
 * text to post with quoted text and signature trimmed.  mail_intake()
 * (intake.c) then does it in one transaction with the raw message's row,
 * so a message is stored exactly when what it produced committed, and the
 * same message twice produces nothing new.
 */
#ifndef SW_CORE_MAIL_H
#define SW_CORE_MAIL_H

#include "core/core.h"
#include "mail/mime.h"

enum mail_verdict {
	MAIL_NEW,    /* a new ticket */
	MAIL_REPLY,  /* a comment on decision.ticket */
	MAIL_IGNORE, /* kept, nothing done: automatic, bulk, our own loop */
	MAIL_BOUNCE, /* a delivery failure: the notification it is about is marked failed */
	MAIL_VERDICT__COUNT
};
CORE_VALUE_LIST_DECL(enum mail_verdict, mail_verdict_name, mail_verdict_parse);

/* How Steward's own mail looks, for threading and loop detection. */
struct mail_rules {
	const char *msgid_domain; /* our Message-IDs end "@<this>" ("steward") */
	const char *loop_id;      /* our X-Loop value; NULL: none */
	const char *subject_tag;  /* "" reads "[INC0000123]"; "Help" reads "[Help INC0000123]" too */
	const char *note_marker;  /* an agent's reply whose first line is this becomes a work note ("#note") */
};
void mail_rules_defaults(struct mail_rules *r);

#define MAIL_TITLE_MAX 300 /* characters of a new ticket's title (LIMIT_TITLE_LEN) */

struct mail_decision {
	enum mail_verdict verdict;
	const char *reason;      /* IGNORE and BOUNCE: why, for the log and the stored row */
	const char *ticket;      /* REPLY by number (from a reference or the subject); NULL otherwise */
	int64_t notification_id; /* a reference to (or a bounce of) our notification N; 0 when none */
	const char *title;       /* the subject without "Re:", "Fwd:" and the tag; "(no subject)" */
	const char *body;        /* the text without quoted text and signature; never NULL */
	bool trimmed;            /* something was cut from the text */
	bool note_marker;        /* the first line was the marker (removed from body) */
};

/* Decide about m (strings in a).  SW_ENOMEM only. */
enum sw_err mail_decide(struct arena *a, const struct mime_message *m, const struct mail_rules *r,
			struct mail_decision *out);

/* The text above the quoted part and the signature (exposed for tests):
 * cut at "-- " alone on a line, at "On … wrote:", "-----Original
 * Message-----", an Outlook "From:" header block or a line of
 * underscores, and trailing ">" lines; *trimmed says whether anything
 * went.  In a. */
const char *mail_trim_quotes(struct arena *a, const char *text, bool *trimmed);

/* A ticket number at s (prefix of a registered kind and 7 to 12 digits)
 * whose length is *len; false when there is none. */
bool mail_ticket_number(const char *s, size_t max, size_t *len);

/* ---- mailboxes and intake (intake.c) ------------------------------------------ */

/* What a mailbox does with a sender who is no (active) user. */
enum mail_unknown {
	MAIL_UNKNOWN_CREATE, /* an end user is created for the address */
	MAIL_UNKNOWN_REFUSE, /* kept, nothing done */
	MAIL_UNKNOWN_BOUNCE, /* the same, and mail-in tells the MTA "unknown user" (67) */
	/* the built-in unregistered requester (USER_UNREGISTERED) raises the
	 * ticket, the address and name kept as its contact; replies from the
	 * same address to that ticket are its comments */
	MAIL_UNKNOWN_UNREGISTERED,
	MAIL_UNKNOWN__COUNT
};
CORE_VALUE_LIST_DECL(enum mail_unknown, mail_unknown_name, mail_unknown_parse);

/* Where mail comes in: an IMAP folder polled by the worker, or a name
 * mail-in is given.  imap_secret is the sealed password, never answered. */
struct mailbox {
	int64_t id;
	const char *name, *description;
	const char *imap_url, *imap_user, *imap_secret; /* secret NULL: none */
	const char *folder, *processed_folder;          /* processed "": flag \Seen and leave it */
	const char *kind;                               /* of new tickets */
	const char *category;                           /* NULL: none */
	int64_t group_id;
	const char *group; /* its name; NULL: none (assignment rules route) */
	enum mail_unknown unknown_sender;
	bool active;
	int64_t last_poll_at; /* 0: never */
	const char *last_error;
	int64_t created_at, updated_at;
};

/* A mailbox as admins write it (set_* says what a PATCH gives; a NULL
 * password with set_password removes it, category and group likewise). */
struct mailbox_input {
	const char *name, *description, *imap_url, *imap_user, *password, *folder, *processed_folder, *kind, *category,
		*group, *unknown_sender;
	bool active;
	bool set_description, set_imap_url, set_imap_user, set_password, set_folder, set_processed_folder, set_kind,
		set_category, set_group, set_unknown_sender, set_active;
};
#define MAILBOX_TEXT_MAX 500 /* characters of a URL, user, folder or description */

/* Run by core/kernel/record.h: struct mailbox_input in, struct mailbox
 * out, named by name; admins write and read (a mailbox holds
 * credentials).  Field errors name imap_url (imap:// or imaps://), kind
 * (a ticket kind an end user may raise), group, unknown_sender, password
 * (refused when no mail key is configured: it would be stored unsealed). */
extern const struct record_kind mailbox_kind;

/* The status of a mailbox: the record and how many of its messages had
 * each verdict. */
struct mail_count;
struct mailbox_status {
	struct mailbox mailbox;
	struct mail_count *counts;
	size_t count_count;
};
enum sw_err mailbox_status(struct ctx *c, const char *name, struct mailbox_status *out, struct sw_error *err);

/* The IMAP password of mb, unsealed with the configured key into out (at
 * most max bytes with its NUL); "" when it has none.  SW_EINVALID when
 * the key is missing or is not the one it was sealed with. */
enum sw_err mailbox_password(const struct core_config *cfg, const struct mailbox *mb, char *out, size_t max,
			     struct sw_error *err);

/* For the poller (system actor): the active mailboxes with an IMAP URL
 * (at most 1000), and the outcome of a poll of one (error NULL: none). */
enum sw_err mailbox_list_polled(struct ctx *c, struct mailbox **out, size_t *count, struct sw_error *err);
enum sw_err mailbox_polled(struct ctx *c, int64_t id, const char *error, struct sw_error *err);

/* The settings of a message taken in without a mailbox (mail-in without
 * --mailbox): new incidents, unknown senders refused. */
void mailbox_defaults(struct mailbox *mb);

/* A message as taken in (a row of mail_messages, the raw bytes aside). */
struct mail_message {
	int64_t id, mailbox_id;
	const char *dedupe_key, *message_id, *sha256;
	int64_t size;
	const char *sender, *subject, *verdict, *reason;
	int64_t ticket_id, user_id;
	const char *ticket; /* number, when ticket_id */
	int64_t received_at;
	const void *raw; /* written, never read back here */
	size_t raw_len;
};

#define MAIL_RAW_HEAD (64 * 1024) /* bytes kept of a message over MIME_MESSAGE_MAX */

struct mail_intake {
	const char *raw;
	size_t len;
	const struct mailbox *mailbox; /* NULL: mailbox_defaults */
	const struct mail_rules *rules;
	bool truncated; /* raw is only the head of a message over MIME_MESSAGE_MAX */
};

struct mail_outcome {
	const char *verdict; /* new, reply, note, ignore, bounce, refused, or duplicate (nothing new done) */
	const char *reason;  /* for ignore, bounce, refused */
	const char *ticket;  /* the number of the ticket made or answered */
	int64_t message_row; /* its mail_messages id */
	bool unknown_user;   /* refused by a mailbox whose policy is bounce */
};

/* Take one message in, c's actor the system: the raw bytes stored with
 * what they produce in one transaction (a comment as the sender, a new
 * ticket of the mailbox's kind with the sender as requester, CC'd users
 * as watchers, attachments), or, when the message cannot be acted on
 * (unreadable, too large, unknown sender, refused by the ticket's rules),
 * stored alone as refused with the reason.  The same message again
 * (dedupe key) is "duplicate" and changes nothing.  Fails only when
 * storage does (SW_EBUSY, SW_EDB...): then nothing was stored and the
 * message should come again. */
enum sw_err mail_intake(struct ctx *c, const struct mail_intake *in, struct mail_outcome *out, struct sw_error *err);

#endif
