/* ca-palette-category.c: one category of the action palette
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ca-action.h"
#include "ca-enums.h"
#include "ca-palette-category.h"
#include "ca-search-text.h"

/* A root row of the palette's tree: the actions of one category that pass
 * the search, as a filter model over the whole catalog. The search filter
 * is shared by the three categories; the category test comes first so the
 * search only looks at the actions of its own category. */
struct _CaPaletteCategory
{
  GObject             parent_instance;

  CaCategory          category;
  GtkFilterListModel *model;
  guint               count;
  guint               searching : 1;
};

enum {
  PROP_0,
  PROP_CATEGORY,
  PROP_TITLE,
  PROP_ICON_NAME,
  PROP_MODEL,
  PROP_COUNT,
  PROP_SEARCHING,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (CaPaletteCategory, ca_palette_category, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

const char *
ca_palette_category_title_for (CaCategory category)
{
  switch (category)
    {
    case CA_CATEGORY_CHANNEL:
      /* Translators: a palette category: the built-in email, SMS,
       * push and in-app message channels */
      return _("Channels");

    case CA_CATEGORY_CAMPAIGN:
      /* Translators: a palette category: transactional messages of
       * Adobe Campaign, a product name */
      return _("Adobe Campaign");

    case CA_CATEGORY_CUSTOM:
      /* Translators: a palette category: actions that call any REST API */
      return _("Custom actions");

    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
ca_palette_category_icon_for (CaCategory category)
{
  switch (category)
    {
    case CA_CATEGORY_CHANNEL:
      return "mail-send-symbolic";

    case CA_CATEGORY_CAMPAIGN:
      return "x-office-address-book-symbolic";

    case CA_CATEGORY_CUSTOM:
      return "network-server-symbolic";

    default:
      g_return_val_if_reached (NULL);
    }
}

/* Words that tell an action's channel, in its name, label or URL, as
 * ca_search_text_contains() finds them (folded): simple and the same on
 * every run. In-app first ("in-app push" is an in-app message), then SMS
 * ("sms-mail-gateway"), push, email ("mail", "e-mail", "email"). */
static const struct {
  const char *words[4];
  const char *icon_name;
} channels[] = {
  { { "inapp", "in-app", "in_app", "in app" }, "phone-symbolic" },
  { { "sms", "text message", "textmessage", NULL }, "chat-message-new-symbolic" },
  { { "push", NULL, NULL, NULL }, "preferences-system-notifications-symbolic" },
  { { "mail", NULL, NULL, NULL }, "mail-unread-symbolic" },
};

const char *
ca_palette_category_icon_for_action (CaAction *action)
{
  CaCategory category;
  const char *texts[3];

  g_return_val_if_fail (CA_IS_ACTION (action), NULL);

  category = ca_action_get_category (action);
  if (category != CA_CATEGORY_CHANNEL)
    return ca_palette_category_icon_for (category);

  texts[0] = ca_action_get_name (action);
  texts[1] = ca_action_get_label (action);
  texts[2] = ca_action_get_url (action);

  for (guint c = 0; c < G_N_ELEMENTS (channels); c++)
    {
      for (guint w = 0; w < G_N_ELEMENTS (channels[c].words) && channels[c].words[w] != NULL; w++)
        {
          for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
            {
              if (ca_search_text_contains (texts[t], channels[c].words[w]))
                return channels[c].icon_name;
            }
        }
    }

  return ca_palette_category_icon_for (category);
}

static gboolean
ca_palette_category_match (gpointer item,
                           gpointer user_data)
{
  CaPaletteCategory *self = user_data;

  return ca_action_get_category (item) == self->category;
}

static void
ca_palette_category_items_changed_cb (CaPaletteCategory *self,
                                      guint              position,
                                      guint              removed,
                                      guint              added,
                                      GListModel        *model)
{
  guint count = g_list_model_get_n_items (model);

  if (count != self->count)
    {
      self->count = count;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
    }
}

static void
ca_palette_category_pending_changed_cb (CaPaletteCategory  *self,
                                        GParamSpec         *pspec,
                                        GtkFilterListModel *model)
{
  gboolean searching = gtk_filter_list_model_get_pending (model) > 0;

  if (searching != self->searching)
    {
      self->searching = searching;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
    }
}

static void
ca_palette_category_dispose (GObject *object)
{
  CaPaletteCategory *self = (CaPaletteCategory *)object;

  g_clear_object (&self->model);

  G_OBJECT_CLASS (ca_palette_category_parent_class)->dispose (object);
}

static void
ca_palette_category_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CaPaletteCategory *self = CA_PALETTE_CATEGORY (object);

  switch (prop_id)
    {
    case PROP_CATEGORY:
      g_value_set_enum (value, self->category);
      break;

    case PROP_TITLE:
      g_value_set_string (value, ca_palette_category_get_title (self));
      break;

    case PROP_ICON_NAME:
      g_value_set_string (value, ca_palette_category_get_icon_name (self));
      break;

    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    case PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;

    case PROP_SEARCHING:
      g_value_set_boolean (value, self->searching);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_palette_category_class_init (CaPaletteCategoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ca_palette_category_dispose;
  object_class->get_property = ca_palette_category_get_property;

  properties[PROP_CATEGORY] =
    g_param_spec_enum ("category", NULL, NULL,
                       CA_TYPE_CATEGORY,
                       CA_CATEGORY_CHANNEL,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SEARCHING] =
    g_param_spec_boolean ("searching", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ca_palette_category_init (CaPaletteCategory *self)
{
}

/**
 * ca_palette_category_new:
 * @category: the category
 * @actions: a #GListModel of #CaAction, the whole catalog
 * @search_filter: (nullable): the palette's search
 *
 * Returns: (transfer full): the category, listing the actions of @actions
 *   in @category that @search_filter lets through
 */
CaPaletteCategory *
ca_palette_category_new (CaCategory  category,
                         GListModel *actions,
                         GtkFilter  *search_filter)
{
  CaPaletteCategory *self;
  GtkEveryFilter *filter;

  g_return_val_if_fail (G_IS_LIST_MODEL (actions), NULL);
  g_return_val_if_fail (!search_filter || GTK_IS_FILTER (search_filter), NULL);

  self = g_object_new (CA_TYPE_PALETTE_CATEGORY, NULL);
  self->category = category;

  filter = gtk_every_filter_new ();
  gtk_multi_filter_append (GTK_MULTI_FILTER (filter),
                           GTK_FILTER (gtk_custom_filter_new (ca_palette_category_match, self, NULL)));
  if (search_filter != NULL)
    gtk_multi_filter_append (GTK_MULTI_FILTER (filter), g_object_ref (search_filter));

  self->model = gtk_filter_list_model_new (g_object_ref (actions), GTK_FILTER (filter));
  self->count = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  g_signal_connect_object (self->model,
                           "items-changed",
                           G_CALLBACK (ca_palette_category_items_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model,
                           "notify::pending",
                           G_CALLBACK (ca_palette_category_pending_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);

  return self;
}

CaCategory
ca_palette_category_get_category (CaPaletteCategory *self)
{
  g_return_val_if_fail (CA_IS_PALETTE_CATEGORY (self), CA_CATEGORY_CUSTOM);

  return self->category;
}

const char *
ca_palette_category_get_title (CaPaletteCategory *self)
{
  g_return_val_if_fail (CA_IS_PALETTE_CATEGORY (self), NULL);

  return ca_palette_category_title_for (self->category);
}

const char *
ca_palette_category_get_icon_name (CaPaletteCategory *self)
{
  g_return_val_if_fail (CA_IS_PALETTE_CATEGORY (self), NULL);

  return ca_palette_category_icon_for (self->category);
}

/**
 * ca_palette_category_get_model:
 *
 * Returns: (transfer none): the #CaAction of the category that match
 */
GListModel *
ca_palette_category_get_model (CaPaletteCategory *self)
{
  g_return_val_if_fail (CA_IS_PALETTE_CATEGORY (self), NULL);

  return G_LIST_MODEL (self->model);
}

guint
ca_palette_category_get_count (CaPaletteCategory *self)
{
  g_return_val_if_fail (CA_IS_PALETTE_CATEGORY (self), 0);

  return self->count;
}

gboolean
ca_palette_category_get_searching (CaPaletteCategory *self)
{
  g_return_val_if_fail (CA_IS_PALETTE_CATEGORY (self), FALSE);

  return self->searching;
}

void
ca_palette_category_set_incremental (CaPaletteCategory *self,
                                     gboolean           incremental)
{
  g_return_if_fail (CA_IS_PALETTE_CATEGORY (self));

  gtk_filter_list_model_set_incremental (self->model, incremental);
}
