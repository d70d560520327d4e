/*
 * upload.h — files uploaded for a catalogue item's attachment variable
 * before the request exists (issue #15).  The portal uploads the file
 * first: checked against the variable's size limit and content types, it
 * waits as a pending upload owned by its uploader for the configured time
 * (core_config upload_ttl_s: STEWARD_UPLOAD_TTL, a day).  An
 * order names it in the variable as "upload:<id>"; the submission's check
 * refuses (400, variables.<name>) another user's upload, one unknown,
 * expired or used already, and one over the variable's limits; ordering
 * moves it into the new request's attachments in the order's transaction
 * (the answer then names the attachment).  The scheduler removes expired
 * ones.  See docs/requests.md#uploads-before-the-request.
 */
#ifndef SW_CORE_UPLOAD_H
#define SW_CORE_UPLOAD_H

#include "core/catalog/form.h"
#include "core/model.h"

#define UPLOAD_PREFIX "upload:" /* a variable's value naming a pending upload */
#define UPLOADS_PENDING_MAX 20  /* waiting uploads a person may have (429 beyond) */

struct upload {
	int64_t id;
	const char *filename, *content_type, *sha256;
	int64_t size;
	int64_t created_by_id;
	const char *created_by;
	int64_t created_at, expires_at;
};

/* POST /api/v1/catalog-items/{name}/uploads?variable=&filename=: the
 * caller may order item name (as catalog_item_check says), variable is
 * an attachment variable of its current form (else 422 `variable`), and
 * the file fits it (422 `file`: over its size limit, not a type it
 * takes).  One transaction with its audit row. */
enum sw_err upload_create(struct ctx *c, const char *item, const char *variable, const char *filename, const void *data,
			  size_t len, struct upload *out, struct sw_error *err);

/* The pending upload an attachment answer names ("upload:<id>", whose id
 * into *id), or false when it names an attachment (a number). */
bool upload_named(const char *text, int64_t *id);

/* An attachment answer naming a pending upload, checked as the caller's
 * submission: field f (variables.<name>) refused with 400 when it is
 * another user's, unknown, used, expired, over var's size limit or of a
 * type var does not take.  var may be NULL (no limits of its own). */
enum sw_err upload_check(struct ctx *c, const char *f, int64_t id, const struct form_var *var, struct sw_error *err);

/* In an order's transaction, once its request ticket_id exists: each
 * answer naming a pending upload gets it moved into the request's
 * attachments (audited there as an upload) and names the attachment. */
enum sw_err upload_claim_answers(struct ctx *c, int64_t ticket_id, struct form_answers *answers, struct sw_error *err);

/* The scheduler: remove up to batch uploads expired now; *removed counts them. */
enum sw_err upload_purge_pass(struct ctx *c, int batch, int *removed, struct sw_error *err);

#endif
