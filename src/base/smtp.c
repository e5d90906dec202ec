/*
 * smtp.c — one e-mail through libcurl's SMTP (see smtp.h). The message is
 * built in memory (headers, then the body with CRLF line ends) and read by
 * libcurl from there; libcurl does the dot-stuffing.
 */
#include "base/smtp.h"

#include "base/strbuf.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

void smtp_global_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct upload {
    const char *data;
    size_t left;
};

static size_t read_part(char *buf, size_t size, size_t nmemb, void *ctx)
{
    struct upload *u = ctx;
    size_t n = size * nmemb < u->left ? size * nmemb : u->left;
    memcpy(buf, u->data, n);
    u->data += n;
    u->left -= n;
    return n;
}

static int header_safe(const char *s)
{
    return s && s[0] && strpbrk(s, "\r\n<>") == NULL;
}

/* The body with every line end as CRLF. */
static void append_crlf(struct strbuf *b, const char *text)
{
    for (; *text; text++) {
        if (*text == '\r')
            continue;
        if (*text == '\n')
            strbuf_append(b, "\r\n", 2);
        else
            strbuf_append(b, text, 1);
    }
}

int smtp_send(const struct smtp_config *c, const char *to, const char *subject, const char *body,
              struct error *e)
{
    struct curl_slist *rcpt = NULL;
    struct strbuf msg = STRBUF_INIT;
    struct upload up;
    char date[64], from[300], recipient[300], id[128];
    CURL *curl = NULL;
    CURLcode res;
    time_t now = time(NULL);
    struct tm tm;
    int rc = 0;

    if (!header_safe(to) || !header_safe(c->from) || strpbrk(subject, "\r\n"))
        return error_set(e, ERR_INVALID, "email", "an address or subject with a line break");
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    snprintf(id, sizeof id, "<%lld.%ld@vitaal>", (long long)now, (long)clock());
    strbuf_printf(&msg,
                  "Date: %s\r\nTo: <%s>\r\nFrom: <%s>\r\nSubject: %s\r\nMessage-ID: %s\r\n"
                  "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                  "Content-Transfer-Encoding: 8bit\r\nAuto-Submitted: auto-generated\r\n\r\n",
                  date, to, c->from, subject, id);
    append_crlf(&msg, body);
    snprintf(from, sizeof from, "<%s>", c->from);
    snprintf(recipient, sizeof recipient, "<%s>", to);
    if ((curl = curl_easy_init()) == NULL || (rcpt = curl_slist_append(NULL, recipient)) == NULL) {
        rc = error_set(e, ERR_NOMEM, NULL, "out of memory");
        goto cleanup;
    }
    up = (struct upload){strbuf_str(&msg), msg.len};
    curl_easy_setopt(curl, CURLOPT_URL, c->url);
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_part);
    curl_easy_setopt(curl, CURLOPT_READDATA, &up);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, c->timeout_s > 0 ? c->timeout_s : 30L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
    if (c->require_tls)
        curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    if (c->user)
        curl_easy_setopt(curl, CURLOPT_USERNAME, c->user);
    if (c->password)
        curl_easy_setopt(curl, CURLOPT_PASSWORD, c->password);
    if ((res = curl_easy_perform(curl)) != CURLE_OK)
        rc = error_set(e, ERR_IO, c->url, "sending mail: %s", curl_easy_strerror(res));
cleanup:
    curl_slist_free_all(rcpt);
    if (curl)
        curl_easy_cleanup(curl);
    strbuf_release(&msg);
    return rc;
}
