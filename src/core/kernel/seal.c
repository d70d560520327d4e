/*
 * seal.c — secrets sealed under mail_key; see seal.h.
 */
#include <sodium.h>
#include <string.h>

#include "core/kernel/seal.h"
#include "base/banned.h"

static bool key_of(const struct core_config *cfg, unsigned char key[crypto_secretbox_KEYBYTES])
{
	size_t n = 0;
	const char *hex = cfg ? cfg->mail_key : NULL;
	return hex && strlen(hex) == 2 * crypto_secretbox_KEYBYTES &&
	       sodium_hex2bin(key, crypto_secretbox_KEYBYTES, hex, strlen(hex), NULL, &n, NULL) == 0 &&
	       n == crypto_secretbox_KEYBYTES;
}

/* plain sealed under key, as base64 in c's arena; NULL when out of memory. */
static const char *seal_text(struct ctx *c, const char *plain, const unsigned char *key)
{
	size_t len = strlen(plain);
	size_t box_len = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + len;
	unsigned char *box = arena_alloc(c->arena, box_len);
	size_t b64_len = sodium_base64_ENCODED_LEN(box_len, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = arena_alloc(c->arena, b64_len);
	const char *out = NULL;
	if (box && b64) {
		randombytes_buf(box, crypto_secretbox_NONCEBYTES);
		crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain, len, box, key);
		out = sodium_bin2base64(b64, b64_len, box, box_len, sodium_base64_VARIANT_ORIGINAL);
	}
	return out;
}

enum sw_err seal_field(struct ctx *c, const char *field, const char *plain, const char **out, struct sw_error *err)
{
	unsigned char key[crypto_secretbox_KEYBYTES];
	*out = NULL;
	if (!plain)
		return SW_OK;
	if (!key_of(c->cfg, key)) {
		sw_field_fail(err, field, "cannot be stored: no mail_key (64 hex digits) is configured to seal it");
		return SW_OK;
	}
	*out = seal_text(c, plain, key);
	sodium_memzero(key, sizeof(key));
	return *out ? SW_OK : sw_fail(err, SW_ENOMEM, NULL, "out of memory");
}

#define SEALED_MAX 4096 /* bytes of a box: the secrets are short */

enum sw_err seal_open(const struct core_config *cfg, const char *sealed, const char *what, char *out, size_t max,
		      struct sw_error *err)
{
	unsigned char key[crypto_secretbox_KEYBYTES];
	if (!sealed || !*sealed) {
		out[0] = 0;
		return SW_OK;
	}
	if (!key_of(cfg, key))
		return sw_fail(err, SW_EINVALID, NULL, "%s has a secret but no mail_key is configured", what);
	unsigned char box[SEALED_MAX];
	size_t n = 0;
	enum sw_err rc = SW_OK;
	if (sodium_base642bin(box, sizeof(box), sealed, strlen(sealed), NULL, &n, NULL,
			      sodium_base64_VARIANT_ORIGINAL) ||
	    n < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES ||
	    n - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES >= max ||
	    crypto_secretbox_open_easy((unsigned char *)out, box + crypto_secretbox_NONCEBYTES,
				       n - crypto_secretbox_NONCEBYTES, box, key))
		rc = sw_fail(err, SW_EINVALID, NULL, "%s: its secret does not open with mail_key", what);
	else
		out[n - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES] = 0;
	sodium_memzero(key, sizeof(key));
	sodium_memzero(box, sizeof(box));
	return rc;
}
