/*
 * smtp.h — sending one plain-text e-mail through an SMTP relay with
 * libcurl. Knows nothing of vitaal's records: domain/notify.h decides what
 * to send and to whom, the CLI (serve, notify send-mail) wires the two.
 *
 * Call smtp_global_init once before any thread starts (libcurl's rule).
 * The relay is a URL: smtp://host:port (plain, STARTTLS when the server
 * offers it and the URL is smtp:// with "+tls" asked: smtp_config.require_tls)
 * or smtps://host:port; a user and password when the relay wants a login.
 */
#ifndef VITAAL_BASE_SMTP_H
#define VITAAL_BASE_SMTP_H

#include "base/error.h"

struct smtp_config {
    const char *url;      /* smtp://host:port or smtps://host:port */
    const char *from;     /* the sender's address */
    const char *user;     /* or NULL */
    const char *password; /* or NULL */
    int require_tls;      /* refuse to send without TLS (STARTTLS on smtp://) */
    long timeout_s;       /* the whole exchange; 0: 30 seconds */
};

void smtp_global_init(void);

/* Sends subject and body (UTF-8 text; LF line ends, sent as CRLF) to one
 * address. ERR_INVALID for an address or subject with a line break or
 * angle bracket (no header injection), ERR_IO with libcurl's word on what
 * failed. */
int smtp_send(const struct smtp_config *c, const char *to, const char *subject, const char *body,
              struct error *e);

#endif
