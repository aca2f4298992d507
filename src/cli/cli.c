/* SPDX-License-Identifier: MPL-2.0 */
/* Placeholder so the tree builds while the CLI is being written. */
