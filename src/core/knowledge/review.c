/*
 * review.c — stale content: the scheduler's pass that tells each
 * article's owner, through the notification rules and templates of the
 * article_review event (notify.h), that its review-by date has come.
 * Each article and date is told once: the mark on the row is an UPDATE
 * that only one pass can make, in the transaction that writes the
 * notification.  See article.h.
 */
#include "core/core_int.h"
#include "core/knowledge/article_int.h"
#include "core/notify/notify.h"
#include "core/port/knowledge.h"
#include "base/banned.h"

enum sw_err article_review_pass(struct ctx *c, int batch, int *notified, struct sw_error *err)
{
	*notified = 0;
	enum sw_err rc = core_tx_begin(c, err);
	if (rc)
		return rc;
	struct article_list due;
	if ((rc = store_articles_review_due(c->store, c->now, batch, &due, err)))
		goto out;
	for (size_t i = 0; !rc && i < due.count; i++) {
		const struct article *a = &due.items[i];
		bool marked;
		if ((rc = store_article_review_mark(c->store, a->id, a->review_by, &marked, err)) || !marked)
			continue;
		const char *date = article_date(c, a->review_by);
		struct notify_article about = {.id = a->id,
					       .number = a->number,
					       .title = a->v.title,
					       .state = article_state_name(a->state),
					       .owner_id = a->owner_id,
					       .owner = a->owner};
		struct changes ch;
		changes_init(&ch);
		changes_set_str(&ch, "review_by", date);
		changes_set_str(&ch, "owner", a->owner);
		if ((rc = notify_article_event(c, NE_ARTICLE_REVIEW, &about, date, err)) ||
		    (rc = audit_changes(c, "article", a->id, "review_due", true, &ch, err)))
			break;
		(*notified)++;
	}
out:
	return core_tx_end(c, rc, err);
}
