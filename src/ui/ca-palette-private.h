/* ca-palette-private.h: what the tests and benchmarks see of the palette
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ca-palette.h"
#include "ca-palette-model.h"

G_BEGIN_DECLS

/* The rows, the search, the folds and the recent actions. */
CaPaletteModel *ca_palette_get_model (CaPalette *self);

G_END_DECLS
