/*
 * hook.c — one webhook delivery over HTTP(S); see hook.h.
 */
#include <curl/curl.h>
#include <string.h>

#include "mail/hook.h"
#include "base/banned.h"

#define ANSWER_MAX (64 * 1024) /* bytes of an answer read before the rest is dropped */

/* The answer's body: counted, not kept. */
static size_t drop(char *ptr, size_t size, size_t n, void *arg)
{
	(void)ptr;
	size_t *seen = arg;
	*seen += size * n;
	return *seen > ANSWER_MAX ? 0 : size * n; /* a huge answer ends the transfer */
}

enum sw_err hook_post(const char *url, const char *const *headers, size_t count, const char *body, size_t len,
		      long timeout_s, int *status, struct sw_error *err)
{
	*status = 0;
	CURL *h = curl_easy_init();
	if (!h)
		return sw_fail(err, SW_ENOMEM, NULL, "libcurl cannot start a transfer");
	struct curl_slist *list = NULL, *grown;
	enum sw_err rc = SW_OK;
	for (size_t i = 0; !rc && i < count; i++) {
		if (!(grown = curl_slist_append(list, headers[i])))
			rc = sw_fail(err, SW_ENOMEM, NULL, "out of memory");
		else
			list = grown;
	}
	char errbuf[CURL_ERROR_SIZE] = "";
	size_t seen = 0;
	if (!rc) {
		curl_easy_setopt(h, CURLOPT_URL, url);
		curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
		curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, drop);
		curl_easy_setopt(h, CURLOPT_WRITEDATA, &seen);
		curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, timeout_s < 10 ? timeout_s : 10L);
		curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout_s);
		curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
		CURLcode c = curl_easy_perform(h);
		long code = 0;
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
		*status = (int)code;
		if (code >= 200 && code < 300) /* taken, whatever became of the rest of the answer */
			rc = SW_OK;
		else if (code)
			rc = sw_fail(err, SW_EIO, NULL, "HTTP %ld", code);
		else
			rc = sw_fail(err, SW_EIO, NULL, "%s", errbuf[0] ? errbuf : curl_easy_strerror(c));
	}
	curl_slist_free_all(list);
	curl_easy_cleanup(h);
	return rc;
}
