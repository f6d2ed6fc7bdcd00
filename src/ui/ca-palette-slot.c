/* ca-palette-slot.c: a place in the action list of a palette category
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ca-palette-slot.h"

/* The n-th action a category shows, whichever action that is: a search
 * changes the action in a slot and says so ("notify::action") rather than
 * replacing the slot. GTK 4.8's list view gives a new widget to every new
 * item in its ~200 rows and destroys the widgets of the items gone, which
 * costs far more than a frame when a search changes most of them; a slot
 * keeps its row, and the row only shows another action (see
 * ca-palette-slots.c). */
struct _CaPaletteSlot
{
  GObject   parent_instance;

  CaAction *action;
};

enum {
  PROP_0,
  PROP_ACTION,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (CaPaletteSlot, ca_palette_slot, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
ca_palette_slot_dispose (GObject *object)
{
  CaPaletteSlot *self = (CaPaletteSlot *)object;

  g_clear_object (&self->action);

  G_OBJECT_CLASS (ca_palette_slot_parent_class)->dispose (object);
}

static void
ca_palette_slot_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CaPaletteSlot *self = CA_PALETTE_SLOT (object);

  switch (prop_id)
    {
    case PROP_ACTION:
      g_value_set_object (value, self->action);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ca_palette_slot_class_init (CaPaletteSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ca_palette_slot_dispose;
  object_class->get_property = ca_palette_slot_get_property;

  properties[PROP_ACTION] =
    g_param_spec_object ("action", NULL, NULL,
                         CA_TYPE_ACTION,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ca_palette_slot_init (CaPaletteSlot *self)
{
}

CaPaletteSlot *
ca_palette_slot_new (void)
{
  return g_object_new (CA_TYPE_PALETTE_SLOT, NULL);
}

/**
 * ca_palette_slot_get_action:
 *
 * Returns: (transfer none) (nullable): the action in the slot
 */
CaAction *
ca_palette_slot_get_action (CaPaletteSlot *self)
{
  g_return_val_if_fail (CA_IS_PALETTE_SLOT (self), NULL);

  return self->action;
}

void
ca_palette_slot_set_action (CaPaletteSlot *self,
                            CaAction      *action)
{
  g_return_if_fail (CA_IS_PALETTE_SLOT (self));
  g_return_if_fail (action == NULL || CA_IS_ACTION (action));

  if (g_set_object (&self->action, action))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION]);
}

/**
 * ca_palette_item_get_action:
 *
 * Returns: (transfer none) (nullable): the action @item stands for
 */
CaAction *
ca_palette_item_get_action (gpointer item)
{
  if (CA_IS_ACTION (item))
    return item;

  if (CA_IS_PALETTE_SLOT (item))
    return CA_PALETTE_SLOT (item)->action;

  return NULL;
}
