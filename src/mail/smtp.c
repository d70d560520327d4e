/*
 * smtp.c — see smtp.h.  libcurl speaks SMTP (EHLO, STARTTLS, AUTH, MAIL,
 * RCPT, DATA with dot-stuffing); this file only feeds it the message.
 */
#include <curl/curl.h>
#include <string.h>

#include "mail/smtp.h"
#include "base/banned.h"

static const char *const tls_names[SMTP_TLS__COUNT] = {
	[SMTP_TLS_NO] = "no", [SMTP_TLS_TRY] = "try", [SMTP_TLS_YES] = "yes"};

enum sw_err smtp_tls_parse(const char *s, enum smtp_tls *out)
{
	for (int i = 0; s && i < SMTP_TLS__COUNT; i++)
		if (strcmp(s, tls_names[i]) == 0) {
			*out = (enum smtp_tls)i;
			return SW_OK;
		}
	return SW_EINVALID;
}

enum sw_err smtp_global_init(struct sw_error *err)
{
	CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
	return rc == CURLE_OK ? SW_OK : sw_fail(err, SW_EIO, NULL, "libcurl: %s", curl_easy_strerror(rc));
}

void smtp_global_cleanup(void)
{
	curl_global_cleanup();
}

struct reader {
	const char *p;
	size_t left;
};

static size_t feed(char *out, size_t size, size_t n, void *arg)
{
	struct reader *r = arg;
	size_t max = size * n, k = r->left < max ? r->left : max;
	memcpy(out, r->p, k);
	r->p += k;
	r->left -= k;
	return k;
}

/* "<addr>" for the envelope, from "addr" or "Name <addr>". */
static void envelope(const char *addr, char *out, size_t max)
{
	const char *lt = strchr(addr, '<');
	if (lt) {
		const char *gt = strchr(lt, '>');
		size_t len = gt ? (size_t)(gt - lt + 1) : strlen(lt);
		if (len >= max)
			len = max - 1;
		memcpy(out, lt, len);
		out[len] = 0;
		return;
	}
	size_t len = strlen(addr);
	if (len + 3 > max)
		len = max - 3;
	out[0] = '<';
	memcpy(out + 1, addr, len);
	out[len + 1] = '>';
	out[len + 2] = 0;
}

enum sw_err smtp_send(const struct smtp_config *cfg, const char *from, const char *to, const char *message, size_t len,
		      struct sw_error *err)
{
	CURL *h = curl_easy_init();
	if (!h)
		return sw_fail(err, SW_EIO, NULL, "libcurl: cannot make a handle");
	char sender[320], rcpt[320], errbuf[CURL_ERROR_SIZE] = "";
	envelope(from, sender, sizeof(sender));
	envelope(to, rcpt, sizeof(rcpt));
	struct curl_slist *to_list = curl_slist_append(NULL, rcpt);
	struct reader r = {message, len};
	static const long tls[SMTP_TLS__COUNT] = {
		[SMTP_TLS_NO] = CURLUSESSL_NONE, [SMTP_TLS_TRY] = CURLUSESSL_TRY, [SMTP_TLS_YES] = CURLUSESSL_ALL};
	curl_easy_setopt(h, CURLOPT_URL, cfg->url);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_USE_SSL, tls[cfg->tls]);
	if (cfg->user && *cfg->user) {
		curl_easy_setopt(h, CURLOPT_USERNAME, cfg->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, cfg->password ? cfg->password : "");
	}
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, sender);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, to_list);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, feed);
	curl_easy_setopt(h, CURLOPT_READDATA, &r);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, cfg->timeout_s > 0 ? cfg->timeout_s : 60L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	CURLcode rc = curl_easy_perform(h);
	long code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(to_list);
	curl_easy_cleanup(h);
	if (rc == CURLE_OK)
		return SW_OK;
	return sw_fail(err, SW_EIO, NULL, "smtp %ld: %s", code, errbuf[0] ? errbuf : curl_easy_strerror(rc));
}
