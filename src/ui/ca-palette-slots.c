/* ca-palette-slots.c: the actions a palette category shows, as slots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ca-palette-slot.h"
#include "ca-palette-slots.h"

/* A list of CaPaletteSlot: item n is the slot of the n-th action shown.
 * A new list of actions changes the actions in the slots there are (each
 * says so) and adds or removes slots at the end only: the list view keeps
 * its rows, and the tree above it its nodes. Measured with GTK 4.8 on
 * 10,000 actions, a search keystroke costs a few milliseconds this way,
 * against 30 to 70 with a filter model, whose changes make the list view
 * destroy and build again most of its ~200 rows.
 *
 * Slots are made when asked for, and dropped at the next change once no
 * row holds them: a list of 100,000 actions scrolled through from top to
 * bottom only keeps the slots of the rows the list view has. */
struct _CaPaletteSlots
{
  GObject    parent_instance;

  GPtrArray *actions;
  /* CaPaletteSlot or NULL (not made yet), per position, up to the last
   * one asked for. */
  GPtrArray *slots;
};

static void ca_palette_slots_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CaPaletteSlots, ca_palette_slots, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ca_palette_slots_list_model_init))

static GType
ca_palette_slots_get_item_type (GListModel *model)
{
  return CA_TYPE_PALETTE_SLOT;
}

static guint
ca_palette_slots_get_n_items (GListModel *model)
{
  return CA_PALETTE_SLOTS (model)->actions->len;
}

static gpointer
ca_palette_slots_get_item (GListModel *model,
                           guint       position)
{
  CaPaletteSlots *self = CA_PALETTE_SLOTS (model);
  CaPaletteSlot *slot;

  if (position >= self->actions->len)
    return NULL;

  if (position >= self->slots->len)
    g_ptr_array_set_size (self->slots, position + 1);

  slot = g_ptr_array_index (self->slots, position);
  if (slot == NULL)
    {
      slot = ca_palette_slot_new ();
      ca_palette_slot_set_action (slot, g_ptr_array_index (self->actions, position));
      g_ptr_array_index (self->slots, position) = slot;
    }

  return g_object_ref (slot);
}

static void
ca_palette_slots_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ca_palette_slots_get_item_type;
  iface->get_n_items = ca_palette_slots_get_n_items;
  iface->get_item = ca_palette_slots_get_item;
}

static void
ca_palette_slots_finalize (GObject *object)
{
  CaPaletteSlots *self = (CaPaletteSlots *)object;

  g_clear_pointer (&self->slots, g_ptr_array_unref);
  g_clear_pointer (&self->actions, g_ptr_array_unref);

  G_OBJECT_CLASS (ca_palette_slots_parent_class)->finalize (object);
}

static void
ca_palette_slots_class_init (CaPaletteSlotsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ca_palette_slots_finalize;
}

static void
ca_palette_slots_unref_slot (gpointer slot)
{
  if (slot != NULL)
    g_object_unref (slot);
}

static void
ca_palette_slots_init (CaPaletteSlots *self)
{
  self->actions = g_ptr_array_new_with_free_func (g_object_unref);
  self->slots = g_ptr_array_new_with_free_func (ca_palette_slots_unref_slot);
}

CaPaletteSlots *
ca_palette_slots_new (void)
{
  return g_object_new (CA_TYPE_PALETTE_SLOTS, NULL);
}

/**
 * ca_palette_slots_get_actions:
 *
 * Returns: (transfer none) (element-type CaAction): the actions shown
 */
GPtrArray *
ca_palette_slots_get_actions (CaPaletteSlots *self)
{
  g_return_val_if_fail (CA_IS_PALETTE_SLOTS (self), NULL);

  return self->actions;
}

void
ca_palette_slots_set_actions (CaPaletteSlots *self,
                              GPtrArray      *actions)
{
  g_autoptr(GPtrArray) old = NULL;
  guint n_old, n_new, n_both;

  g_return_if_fail (CA_IS_PALETTE_SLOTS (self));
  g_return_if_fail (actions != NULL);

  if (actions == self->actions)
    {
      g_ptr_array_unref (actions);
      return;
    }

  old = g_steal_pointer (&self->actions);
  self->actions = actions;
  n_old = old->len;
  n_new = actions->len;
  n_both = MIN (n_old, n_new);

  /* The slots a row holds show their new action; the others go, as do
   * those past the end (with their rows, in the items-changed). */
  for (guint i = 0; i < MIN (n_both, self->slots->len); i++)
    {
      CaPaletteSlot **slot = (CaPaletteSlot **) &g_ptr_array_index (self->slots, i);

      if (*slot == NULL)
        continue;
      if (g_atomic_int_get (&G_OBJECT (*slot)->ref_count) == 1)
        g_clear_object (slot);
      else
        ca_palette_slot_set_action (*slot, g_ptr_array_index (actions, i));
    }

  if (self->slots->len > n_new)
    g_ptr_array_set_size (self->slots, n_new);
  while (self->slots->len > 0 && g_ptr_array_index (self->slots, self->slots->len - 1) == NULL)
    g_ptr_array_set_size (self->slots, self->slots->len - 1);

  if (n_old != n_new)
    g_list_model_items_changed (G_LIST_MODEL (self), n_both, n_old - n_both, n_new - n_both);
}

guint
ca_palette_slots_count_made (CaPaletteSlots *self)
{
  guint n = 0;

  g_return_val_if_fail (CA_IS_PALETTE_SLOTS (self), 0);

  for (guint i = 0; i < self->slots->len; i++)
    n += g_ptr_array_index (self->slots, i) != NULL;
  return n;
}

gboolean
ca_palette_slots_find (CaPaletteSlots *self,
                       CaAction       *action,
                       guint          *position)
{
  g_return_val_if_fail (CA_IS_PALETTE_SLOTS (self), FALSE);

  return g_ptr_array_find (self->actions, action, position);
}
