/* ca-types.h: the enumerations of the action file format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The nicks are the words of the action file format (glib-mkenums reads
 * them), so the enum types double as the format's vocabularies. */

typedef enum {
  CA_CATEGORY_CHANNEL,  /*< nick=channel >*/
  CA_CATEGORY_CAMPAIGN, /*< nick=campaign >*/
  CA_CATEGORY_CUSTOM,   /*< nick=custom >*/
} CaCategory;

typedef enum {
  CA_METHOD_POST, /*< nick=POST >*/
  CA_METHOD_GET,  /*< nick=GET >*/
  CA_METHOD_PUT,  /*< nick=PUT >*/
} CaMethod;

typedef enum {
  CA_FIELD_KIND_CONSTANT, /*< nick=constant >*/
  CA_FIELD_KIND_VARIABLE, /*< nick=variable >*/
} CaFieldKind;

typedef enum {
  CA_FIELD_TYPE_STRING,              /*< nick=string >*/
  CA_FIELD_TYPE_INTEGER,             /*< nick=integer >*/
  CA_FIELD_TYPE_DECIMAL,             /*< nick=decimal >*/
  CA_FIELD_TYPE_BOOLEAN,             /*< nick=boolean >*/
  CA_FIELD_TYPE_DATE_TIME,           /*< nick=dateTime >*/
  CA_FIELD_TYPE_DATE_TIME_ONLY,      /*< nick=dateTimeOnly >*/
  CA_FIELD_TYPE_DATE_ONLY,           /*< nick=dateOnly >*/
  CA_FIELD_TYPE_LIST_STRING,         /*< nick=listString >*/
  CA_FIELD_TYPE_LIST_INTEGER,        /*< nick=listInteger >*/
  CA_FIELD_TYPE_LIST_DECIMAL,        /*< nick=listDecimal >*/
  CA_FIELD_TYPE_LIST_BOOLEAN,        /*< nick=listBoolean >*/
  CA_FIELD_TYPE_LIST_DATE_TIME,      /*< nick=listDateTime >*/
  CA_FIELD_TYPE_LIST_DATE_TIME_ONLY, /*< nick=listDateTimeOnly >*/
  CA_FIELD_TYPE_LIST_DATE_ONLY,      /*< nick=listDateOnly >*/
  CA_FIELD_TYPE_LIST_OBJECT,         /*< nick=listObject >*/
  CA_FIELD_TYPE_LIST_ANY,            /*< nick=listAny >*/
} CaFieldType;

typedef enum {
  CA_AUTH_TYPE_NONE,   /*< nick=none >*/
  CA_AUTH_TYPE_BASIC,  /*< nick=basic >*/
  CA_AUTH_TYPE_API_KEY, /*< nick=apiKey >*/
  CA_AUTH_TYPE_BEARER, /*< nick=bearer >*/
  CA_AUTH_TYPE_CUSTOM, /*< nick=custom >*/
} CaAuthType;

typedef enum {
  CA_KEY_LOCATION_HEADER, /*< nick=header >*/
  CA_KEY_LOCATION_QUERY,  /*< nick=query >*/
} CaKeyLocation;

typedef enum {
  CA_TOKEN_METHOD_POST, /*< nick=POST >*/
  CA_TOKEN_METHOD_GET,  /*< nick=GET >*/
} CaTokenMethod;

typedef enum {
  CA_BODY_TYPE_FORM, /*< nick=form >*/
  CA_BODY_TYPE_JSON, /*< nick=json >*/
} CaBodyType;

typedef enum {
  CA_TIME_UNIT_SECONDS, /*< nick=seconds >*/
  CA_TIME_UNIT_MINUTES, /*< nick=minutes >*/
  CA_TIME_UNIT_HOURS,   /*< nick=hours >*/
} CaTimeUnit;

typedef enum {
  CA_TOKEN_PLACEMENT_BEARER,      /*< nick=bearer >*/
  CA_TOKEN_PLACEMENT_HEADER,      /*< nick=header >*/
  CA_TOKEN_PLACEMENT_QUERY_PARAM, /*< nick=queryParam >*/
} CaTokenPlacement;

/* The format's word for @value of the enum type @enum_type. */
const char *ca_enum_to_nick   (GType        enum_type,
                               int          value);
/* Looks @nick up; FALSE when it is not a word of @enum_type. */
gboolean    ca_enum_from_nick (GType        enum_type,
                               const char  *nick,
                               int         *value);
/* "a, b or c": the words of @enum_type, for error messages. */
char       *ca_enum_list_nicks (GType       enum_type);

gboolean    ca_field_type_is_list (CaFieldType type);
const char *ca_field_type_describe (CaFieldType type);

G_END_DECLS

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* ISO 8601 forms of the date types: with an offset, without one, a date. */
gboolean    ca_is_date_time       (const char *text);
gboolean    ca_is_date_time_only  (const char *text);
gboolean    ca_is_date_only       (const char *text);

/* Whether @value is a JSON value of @type (an element of a list type is
 * checked against the list's element type; null is never accepted). */
gboolean    ca_field_type_accepts (CaFieldType  type,
                                   JsonNode    *value);
/* The type of list elements (string for listString …); @type itself for
 * scalars, listObject and listAny. */
CaFieldType ca_field_type_element (CaFieldType  type);
/* The type that best describes a sample value (a string that reads as a
 * date becomes a date type). */
CaFieldType ca_field_type_guess   (JsonNode    *value);

G_END_DECLS
