/*
 * openapi_attachments.c — the OpenAPI description of the evidence
 * endpoints (api_attachments.c): the schema Attachment and, for every kind
 * that takes attachments (domain/attachment.h's one list), its upload and
 * list, then the download and delete.
 */
#include "domain/attachment.h"
#include "http/openapi_internal.h"

#include <stdio.h>

static json_t *attachment_schema(void)
{
    return json_pack(
        "{s:s, s:[s,s,s,s,s], s:{s:{s:s}, s:{s:s}, s:{s:s, s:s}, s:{s:s}, s:{s:s, s:s}, "
        "s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s, s:s}, s:{s:s}}}",
        "type", "object", "required", "id", "name", "type", "size", "sha256", "properties", "id",
        "type", "integer", "name", "type", "string", "type", "type", "string", "description",
        "the media type, decided from the content", "size", "type", "integer", "sha256", "type",
        "string", "pattern", "^[0-9a-f]{64}$", "kind", "type", "string", "record", "type", "string",
        "uploaded_by", "type", "string", "uploaded_at", "type", "string", "format", "date-time",
        "classification", "type", "string");
}

static json_t *id_param(void)
{
    return json_pack("[{s:s, s:s, s:b, s:s, s:{s:s, s:i}}]", "name", "id", "in", "path", "required",
                     1, "description", "the attachment's id", "schema", "type", "integer",
                     "minimum", 1);
}

void openapi_add_attachment_paths(json_t *paths, json_t *schemas)
{
    char path[160], id[80];
    json_t *op;
    size_t i;

    json_object_set_new(schemas, "Attachment", attachment_schema());
    for (i = 0; attachment_parent_kinds[i]; i++) {
        const char *kind = attachment_parent_kinds[i];
        snprintf(path, sizeof path, "/api/v1/%s/{id}/attachments", kind);
        snprintf(id, sizeof id, "upload_attachment_%s", kind);
        op = openapi_operation(
            id, "records", "Attach a file (evidence)",
            "The file is the raw request body (any Content-Type), its name the query "
            "parameter name. Whoever may write the record may attach to it. The type is "
            "decided from the content: PDF, PNG, JPEG, OOXML (docx, xlsx, pptx), "
            "OpenDocument, CSV, plain text; anything else 415, whatever its name. At most "
            "the setting attachment_max_bytes (default 25 MiB; 413 over it). Audited "
            "(attach) in the write's transaction.");
        json_object_set_new(
            op, "parameters",
            json_pack("[o, {s:s, s:s, s:b, s:s, s:{s:s, s:i}}]",
                      openapi_component_ref("parameters", "id"), "name", "name", "in", "query",
                      "required", 1, "description",
                      "the file name: 1..200 bytes, no / or \\, no control characters", "schema",
                      "type", "string", "maxLength", 200));
        json_object_set_new(op, "requestBody",
                            json_pack("{s:b, s:{s:{s:{s:s, s:s}}}}", "required", 1, "content",
                                      "application/octet-stream", "schema", "type", "string",
                                      "format", "binary"));
        json_object_set_new(json_object_get(op, "responses"), "201",
                            openapi_response("stored", openapi_schema_ref("Attachment")));
        openapi_add_errors(json_object_get(op, "responses"), "400 401 403 404 413 415");
        openapi_add_operation(paths, path, "post", op);

        snprintf(id, sizeof id, "list_attachments_%s", kind);
        op = openapi_operation(id, "records", "The record's attachments",
                               "Their metadata, oldest first, for whoever may read the record "
                               "(404 when it is hidden).");
        json_object_set_new(op, "parameters",
                            json_pack("[o]", openapi_component_ref("parameters", "id")));
        json_object_set_new(
            json_object_get(op, "responses"), "200",
            openapi_response(
                "the attachments",
                json_pack("{s:s, s:[s,s], s:{s:{s:s, s:o}, s:{s:s}}}", "type", "object", "required",
                          "items", "total", "properties", "items", "type", "array", "items",
                          openapi_schema_ref("Attachment"), "total", "type", "integer")));
        openapi_add_errors(json_object_get(op, "responses"), "400 401 404");
        openapi_add_operation(paths, path, "get", op);
    }

    op = openapi_operation(
        "download_attachment", "records", "Download an attachment",
        "Under the need-to-know of the record it hangs on (404 when that is hidden). Always "
        "Content-Disposition: attachment (filename and RFC 6266 filename*), the stored type, "
        "X-Content-Type-Options: nosniff. Every download is audited.");
    json_object_set_new(op, "parameters", id_param());
    json_object_set_new(json_object_get(op, "responses"), "200",
                        json_pack("{s:s, s:{s:{s:{s:s}}}, s:{s:{s:{s:s, s:s}}}}", "description",
                                  "the file", "headers", "Content-Disposition", "schema", "type",
                                  "string", "content", "application/octet-stream", "schema", "type",
                                  "string", "format", "binary"));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 404");
    openapi_add_operation(paths, "/api/v1/attachments/{id}", "get", op);

    op = openapi_operation("delete_attachment", "records", "Delete an attachment",
                           "By whoever may write the record it hangs on. Audited (detach).");
    json_object_set_new(op, "parameters", id_param());
    json_object_set_new(json_object_get(op, "responses"), "204", openapi_response("deleted", NULL));
    openapi_add_errors(json_object_get(op, "responses"), "400 401 403 404");
    openapi_add_operation(paths, "/api/v1/attachments/{id}", "delete", op);
}
