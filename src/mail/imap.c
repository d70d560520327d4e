/*
 * imap.c — see imap.h.  libcurl does the protocol (LOGIN, SELECT, FETCH
 * of ";UID=n", custom commands); this file builds the URLs (folder names
 * escaped), runs UID SEARCH, UID MOVE and UID STORE as custom requests
 * and reads the untagged SEARCH answer.
 */
#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail/imap.h"
#include "base/banned.h"

struct imap_session {
	CURL *h;
	struct imap_config cfg;
	char errbuf[CURL_ERROR_SIZE];
};

static size_t into_buf(char *p, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;
	return buf_append(b, p, size * n) ? 0 : size * n; /* over the cap: libcurl stops */
}

enum sw_err imap_open(const struct imap_config *cfg, struct imap_session **out, struct sw_error *err)
{
	struct imap_session *s = calloc(1, sizeof(*s));
	if (!s || !(s->h = curl_easy_init())) {
		free(s);
		return sw_fail(err, SW_EIO, NULL, "libcurl: cannot make a handle");
	}
	s->cfg = *cfg;
	*out = s;
	return SW_OK;
}

void imap_close(struct imap_session *s)
{
	if (!s)
		return;
	curl_easy_cleanup(s->h);
	free(s);
}

/* One request on the session: url (the server's, then path), a custom
 * command or none (a FETCH by the URL), the answer into out. */
static enum sw_err run(struct imap_session *s, const char *folder, const char *suffix, const char *command,
		       struct buf *out, struct sw_error *err)
{
	char *esc = curl_easy_escape(s->h, folder, 0);
	if (!esc)
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	size_t n = strlen(s->cfg.url) + strlen(esc) + strlen(suffix) + 4;
	char *url = malloc(n);
	if (!url) {
		curl_free(esc);
		return sw_fail(err, SW_ENOMEM, NULL, "out of memory");
	}
	const char *base = s->cfg.url;
	size_t bl = strlen(base);
	while (bl && base[bl - 1] == '/')
		bl--;
	snprintf(url, n, "%.*s/%s%s", (int)bl, base, esc, suffix);
	curl_free(esc);
	CURL *h = s->h;
	s->errbuf[0] = 0;
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	if (s->cfg.user && *s->cfg.user) {
		curl_easy_setopt(h, CURLOPT_USERNAME, s->cfg.user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, s->cfg.password ? s->cfg.password : "");
	}
	if (s->cfg.ca_file && *s->cfg.ca_file)
		curl_easy_setopt(h, CURLOPT_CAINFO, s->cfg.ca_file);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, command);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, into_buf);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, s->cfg.timeout_s > 0 ? s->cfg.timeout_s : 120L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, s->errbuf);
	CURLcode rc = curl_easy_perform(h);
	free(url);
	if (rc == CURLE_WRITE_ERROR)
		return sw_fail(err, SW_ETOOLARGE, NULL, "imap: the message is over %zu bytes", out->max);
	if (rc != CURLE_OK)
		return sw_fail(err, SW_EIO, NULL, "imap: %s", s->errbuf[0] ? s->errbuf : curl_easy_strerror(rc));
	return SW_OK;
}

static int cmp_uid(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

enum sw_err imap_pending(struct imap_session *s, const char *folder, bool moving, uint64_t *uids, size_t max,
			 size_t *count, struct sw_error *err)
{
	struct buf b;
	buf_init(&b, 4 * 1024 * 1024);
	enum sw_err rc =
		run(s, folder, "",
		    moving ? "UID SEARCH NOT DELETED" : "UID SEARCH NOT DELETED UNKEYWORD " IMAP_DONE_FLAG, &b, err);
	size_t n = 0;
	if (!rc) {
		/* "* SEARCH 4 7 9\r\n" */
		const char *p = strstr(buf_cstr(&b), "* SEARCH");
		p = p ? p + 8 : "";
		while (*p && *p != '\r' && *p != '\n' && n < max) {
			while (*p == ' ')
				p++;
			uint64_t v = 0;
			int digits = 0;
			while (*p >= '0' && *p <= '9' && digits < 19) {
				v = v * 10 + (uint64_t)(*p++ - '0');
				digits++;
			}
			if (!digits)
				break;
			uids[n++] = v;
		}
		qsort(uids, n, sizeof(*uids), cmp_uid);
		*count = n;
	}
	buf_release(&b);
	return rc;
}

enum sw_err imap_fetch(struct imap_session *s, const char *folder, uint64_t uid, struct buf *out, struct sw_error *err)
{
	char suffix[48];
	snprintf(suffix, sizeof(suffix), "/;UID=%llu", (unsigned long long)uid);
	return run(s, folder, suffix, NULL, out, err);
}

enum sw_err imap_done(struct imap_session *s, const char *folder, uint64_t uid, const char *processed,
		      struct sw_error *err)
{
	char cmd[600];
	if (processed && *processed) {
		/* the folder name as an IMAP quoted string */
		char q[520];
		size_t k = 0;
		for (const char *p = processed; *p && k + 3 < sizeof(q); p++) {
			if (*p == '"' || *p == '\\')
				q[k++] = '\\';
			q[k++] = *p;
		}
		q[k] = 0;
		snprintf(cmd, sizeof(cmd), "UID MOVE %llu \"%s\"", (unsigned long long)uid, q);
	} else {
		snprintf(cmd, sizeof(cmd), "UID STORE %llu +FLAGS (\\Seen " IMAP_DONE_FLAG ")",
			 (unsigned long long)uid);
	}
	struct buf b;
	buf_init(&b, 64 * 1024);
	enum sw_err rc = run(s, folder, "", cmd, &b, err);
	buf_release(&b);
	return rc;
}
