/*
 * seal.h — secrets the server must use again but never shows (a
 * mailbox's IMAP password, a webhook's signing secret), sealed before
 * they are stored: libsodium's secretbox under the key the config file or
 * STEWARD_MAIL_KEY gives (mail_key, 64 hex digits), a random nonce then
 * the box, as base64.
 */
#ifndef SW_CORE_KERNEL_SEAL_H
#define SW_CORE_KERNEL_SEAL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/core.h"

/* A client's secret for field, given (plain NULL: removed, *out NULL):
 * sealed into *out, or a field error collected in err when no key is
 * configured.  SW_ENOMEM when out of memory, else SW_OK. */
enum sw_err seal_field(struct ctx *c, const char *field, const char *plain, const char **out, struct sw_error *err);
/* sealed opened into out (max bytes, NUL-terminated); "" for NULL or "".
 * SW_EINVALID with a detail naming what (for example "mailbox 'x'") when
 * no key is configured or the box does not open with it. */
enum sw_err seal_open(const struct core_config *cfg, const char *sealed, const char *what, char *out, size_t max,
		      struct sw_error *err);

#endif
