/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Runs a libFuzzer target over saved inputs without libFuzzer, so every corpus is an
 * ordinary test under gcc: each argument is a file or a directory of files, and each
 * file is passed once to LLVMFuzzerTestOneInput. A target that finds a violation
 * aborts, which fails the test. Running no input at all is an error too (a wrong
 * corpus path must not pass silently).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		perror(path);
		return -1;
	}
	size_t cap = 4096, len = 0;
	uint8_t *buf = malloc(cap);
	size_t n;
	while (buf && (n = fread(buf + len, 1, cap - len, fp)) > 0) {
		len += n;
		if (len == cap) {
			cap *= 2;
			uint8_t *grown = realloc(buf, cap);
			if (!grown) {
				free(buf);
				buf = NULL;
			}
			buf = grown;
		}
	}
	fclose(fp);
	if (!buf) {
		fprintf(stderr, "%s: out of memory\n", path);
		return -1;
	}
	/* An exact-size copy lets ASan catch reads past the end. */
	uint8_t *exact = malloc(len ? len : 1);
	memcpy(exact, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	return 0;
}

static int
compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	int ran = 0, failed = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			failed++;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			failed += run_file(argv[i]) != 0;
			ran++;
			continue;
		}
		DIR *d = opendir(argv[i]);
		if (!d) {
			perror(argv[i]);
			failed++;
			continue;
		}
		char **names = NULL;
		size_t nnames = 0;
		struct dirent *e;
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			char **grown = realloc(names, (nnames + 1) * sizeof *names);
			if (!grown)
				abort();
			names = grown;
			size_t len = strlen(argv[i]) + strlen(e->d_name) + 2;
			names[nnames] = malloc(len);
			snprintf(names[nnames], len, "%s/%s", argv[i], e->d_name);
			nnames++;
		}
		closedir(d);
		/* a fixed order makes a failure reproducible */
		qsort(names, nnames, sizeof *names, compare);
		for (size_t k = 0; k < nnames; k++) {
			if (stat(names[k], &st) == 0 && S_ISREG(st.st_mode)) {
				failed += run_file(names[k]) != 0;
				ran++;
			}
			free(names[k]);
		}
		free(names);
	}
	printf("replayed %d input(s), %d unreadable\n", ran, failed);
	return ran == 0 || failed ? 1 : 0;
}
