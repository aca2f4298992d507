/* SPDX-License-Identifier: MPL-2.0 */
/* Placeholder so the tree builds while the module is being written. */
#include "tavle/text.h"
