/*
 * mime.h — one email message (RFC 5322 + MIME) read into a bounded intake
 * record with GMime 3: mime.c is the only file that includes the GMime
 * (and GLib) headers, as smtp.c is for libcurl.
 *
 * Everything in the record is UTF-8 without NUL, copied into the caller's
 * arena (nothing of GMime outlives mime_parse).  Header words in RFC 2047
 * are decoded, bodies converted to UTF-8 from their charset (bytes that
 * are still not UTF-8 become U+FFFD), the text body preferring text/plain
 * and an HTML-only message turned into plain text (tags dropped, scripts
 * and styles with them, entities decoded, blocks on lines of their own).
 * Every other leaf part, a forwarded message/rfc822, signatures (S/MIME,
 * PGP) and winmail.dat among them, is an attachment with a cleaned name
 * and its decoded bytes, up to the limits; what the limits drop is
 * counted, never silently lost (the raw message is kept by the caller).
 *
 * Thread-safe: GMime is initialised once (pthread_once).
 */
#ifndef SW_MAIL_MIME_H
#define SW_MAIL_MIME_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"

#define MIME_MESSAGE_MAX (25 * 1024 * 1024) /* bytes of a raw message read at all */
#define MIME_PARTS_MAX 500                  /* parts walked */
#define MIME_ATTACHMENTS_MAX 50             /* attachments kept */
#define MIME_ATTACHMENT_MAX (10 * 1024 * 1024)
#define MIME_TEXT_MAX (512 * 1024) /* bytes of the text body kept */
#define MIME_ADDRESSES_MAX 100     /* addresses kept per header */
#define MIME_REFERENCES_MAX 50
#define MIME_DEPTH_MAX 16 /* nested multiparts walked */

struct mime_attachment {
	const char *filename;     /* cleaned: base name, no control characters, never empty */
	const char *content_type; /* as declared, "type/subtype" lower case */
	const unsigned char *data;
	size_t len;
	bool is_inline; /* an inline image, say */
};

struct mime_address {
	const char *name; /* display name, "" when none */
	const char *addr; /* lower case; never NULL */
};

struct mime_message {
	struct mime_address from;     /* addr "" when there is no usable From */
	const char *reply_to;         /* addr or NULL */
	struct mime_address *to, *cc; /* up to MIME_ADDRESSES_MAX each */
	size_t to_count, cc_count;
	const char *subject;     /* "" when none */
	const char *message_id;  /* without <>; NULL when missing */
	const char **references; /* In-Reply-To first, then References newest first, without <> */
	size_t reference_count;
	const char *text;    /* the body as plain text, "" when none */
	bool text_from_html; /* text was converted from text/html */
	struct mime_attachment *attachments;
	size_t attachment_count;
	size_t dropped_attachments; /* over MIME_ATTACHMENTS_MAX or MIME_ATTACHMENT_MAX each */
	size_t part_count;          /* leaf parts seen (up to MIME_PARTS_MAX + 1) */
	/* loop and abuse signals, as the headers say */
	bool auto_submitted;      /* Auto-Submitted: anything but "no"; X-Autoreply, X-Autorespond */
	bool bulk;                /* Precedence: bulk, junk or list; List-Id */
	bool bounce;              /* a delivery status report, or from MAILER-DAEMON / postmaster */
	const char *x_loop;       /* X-Loop: value, or NULL */
	const char *notice_about; /* a bounce: the Message-ID of the message it is about, if found */
};

/* Parse len bytes at raw into *out (strings in a).  SW_ETOOLARGE over
 * MIME_MESSAGE_MAX, SW_EINVALID when GMime finds no message at all,
 * SW_ENOMEM when the arena is full; everything else a message has is
 * read as well as it can be (a broken boundary is a part that ends at the
 * end, an unknown charset is read as Latin-1...). */
enum sw_err mime_parse(const char *raw, size_t len, struct arena *a, struct mime_message *out, struct sw_error *err);

/* HTML to plain text (exposed for tests): at most max bytes of output,
 * UTF-8, in a. */
const char *mime_html_text(struct arena *a, const char *html, size_t len, size_t max);

#endif
