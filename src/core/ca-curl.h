/* ca-curl.h: a request as a curl command
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ca-request.h"

G_BEGIN_DECLS

/* A POSIX shell command that sends the same request as Custom Actions
 * (method, URL with query, headers, body bytes). Secret values are
 * CA_MASK unless @reveal. */
char *ca_curl_command (const CaRequest *request,
                       gboolean         reveal);

G_END_DECLS
