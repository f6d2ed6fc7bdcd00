/* ca-palette-category.c: one category of the action palette
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ca-action.h"
#include "ca-enums.h"
#include "ca-palette-category.h"
#include "ca-palette-slots.h"
#include "ca-search-text.h"

/* A root row of the palette's tree: a category and those of its actions
 * that pass the search, as slots (see ca-palette-slots.c). The palette
 * model does the searching and gives each root the category it shows,
 * which a search may change (see ca_palette_model_lay_out()). */
struct _CaPaletteCategory
{
  GObject         parent_instance;

  CaCategory      category;
  CaPaletteSlots *slots;
};

enum {
  PROP_0,
  PROP_CATEGORY,
  PROP_TITLE,
  PROP_MODEL,
  PROP_COUNT,
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

static void
ca_palette_category_items_changed_cb (CaPaletteCategory *self,
                                      guint              position,
                                      guint              removed,
                                      guint              added,
                                      GListModel        *model)
{
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
}

static void
ca_palette_category_dispose (GObject *object)
{
  CaPaletteCategory *self = (CaPaletteCategory *)object;

  g_clear_object (&self->slots);

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

    case PROP_MODEL:
      g_value_set_object (value, self->slots);
      break;

    case PROP_COUNT:
      g_value_set_uint (value, ca_palette_category_get_count (self));
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
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ca_palette_category_init (CaPaletteCategory *self)
{
  self->slots = ca_palette_slots_new ();

  g_signal_connect_object (self->slots,
                           "items-changed",
                           G_CALLBACK (ca_palette_category_items_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
}

/**
 * ca_palette_category_new:
 * @category: the category
 *
 * Returns: (transfer full): the category, showing no action yet
 */
CaPaletteCategory *
ca_palette_category_new (CaCategory category)
{
  CaPaletteCategory *self = g_object_new (CA_TYPE_PALETTE_CATEGORY, NULL);

  self->category = category;

  return self;
}

/* Shows @category (the actions stay until set_actions()). */
void
ca_palette_category_set_category (CaPaletteCategory *self,
                                  CaCategory         category)
{
  g_return_if_fail (CA_IS_PALETTE_CATEGORY (self));

  if (category == self->category)
    return;

  self->category = category;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATEGORY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
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

/**
 * ca_palette_category_get_model:
 *
 * Returns: (transfer none): the #CaPaletteSlot of the actions shown
 */
GListModel *
ca_palette_category_get_model (CaPaletteCategory *self)
{
  g_return_val_if_fail (CA_IS_PALETTE_CATEGORY (self), NULL);

  return G_LIST_MODEL (self->slots);
}

guint
ca_palette_category_get_count (CaPaletteCategory *self)
{
  g_return_val_if_fail (CA_IS_PALETTE_CATEGORY (self), 0);

  return ca_palette_slots_get_actions (self->slots)->len;
}

void
ca_palette_category_set_actions (CaPaletteCategory *self,
                                 GPtrArray         *actions)
{
  g_return_if_fail (CA_IS_PALETTE_CATEGORY (self));

  ca_palette_slots_set_actions (self->slots, actions);
}

gboolean
ca_palette_category_find_action (CaPaletteCategory *self,
                                 CaAction          *action,
                                 guint             *position)
{
  g_return_val_if_fail (CA_IS_PALETTE_CATEGORY (self), FALSE);

  return ca_palette_slots_find (self->slots, action, position);
}
