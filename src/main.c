/* SPDX-License-Identifier: MPL-2.0 */
/* Placeholder main. */
int main(void) { return 0; }
