/*
 * page.h — the UI's page ("/" and "/index.html") with the first screen's
 * reads and labels in it for the user of the session cookie (page.c says
 * how and why).
 */
#ifndef VITAAL_HTTP_PAGE_H
#define VITAAL_HTTP_PAGE_H

#include "http/request.h"

/* Answers one request completely (the router's dispatch, passed in so that
 * the page asks its reads through it without this file depending on the
 * router that calls it). */
typedef void (*page_dispatch)(struct request *req);

/* Answers req when its path is the page's: the page (200), 404 when the
 * build made none, 405 for a method other than GET and HEAD; returns 1.
 * Returns 0, touching nothing, for every other path. */
int page_serve(struct request *req, page_dispatch dispatch);

#endif
