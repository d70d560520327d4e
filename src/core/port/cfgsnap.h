/*
 * port/cfgsnap.h — what the configuration snapshot (core/kernel/cfgsnap.h)
 * needs from storage besides the configuration reads it caches: the
 * version every configuration write changes, where a transaction stands,
 * and the round robin's position, which creates write and so is not in
 * the snapshot.  Implemented in src/store/repo_cfgsnap.c (and store.c).
 */
#ifndef SW_CORE_PORT_CFGSNAP_H
#define SW_CORE_PORT_CFGSNAP_H

#include "core/port/store.h"

/* The configuration version (migration 45): a number that every write to
 * the configuration a ticket write reads changes in its own transaction. */
enum sw_err store_config_version(struct store *s, int64_t *out, struct sw_error *err);
/* 0 outside a transaction; inside, a number that changes at every begin,
 * commit and rollback on s (of a savepoint too), so a value read in one
 * transaction is known not to be the next one's.  No statement runs. */
uint64_t store_tx_mark(const struct store *s);
/* The last user an assignment rule's round robin chose (0 for none). */
enum sw_err store_rule_last_assignee(struct store *s, int64_t rule_id, int64_t *out, struct sw_error *err);

#endif
