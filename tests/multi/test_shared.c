/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Unit checks of include/tavle/shared.h without root or a network mount: the statfs
 * magic-number classifier (NFS, SMB, CIFS, SMB2 and FUSE refused; ext4, tmpfs, xfs,
 * btrfs, overlayfs accepted), the history user ($TAVLE_USER over $SUDO_USER), and the
 * sharing check on files this user owns (a private database is not checked; a shared
 * one whose -wal is not group-writable, or whose directory lacks setgid, is reported
 * with the exact chmod). Prints "N passed, M failed".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tavle/shared.h"

static int pass, fail;

static void
check(int cond, const char *what)
{
	if (cond) {
		pass++;
		printf("ok - %s\n", what);
	} else {
		fail++;
		printf("not ok - %s\n", what);
	}
}

static int
name_is(unsigned long magic, const char *want)
{
	const char *n = tv_fs_network_name(magic);
	return want ? n && strcmp(n, want) == 0 : n == NULL;
}

static void
touch(const char *path, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd >= 0)
		close(fd);
	chmod(path, mode);
}

int
main(void)
{
	check(name_is(0x6969, "NFS"), "NFS refused");
	check(name_is(0x517B, "SMB"), "SMB refused");
	check(name_is(0xFF534D42, "CIFS"), "CIFS refused");
	check(name_is(0xFE534D42, "SMB2"), "SMB2 refused");
	check(name_is(0x65735546, "FUSE"), "FUSE (sshfs, ...) refused");
	check(name_is(0xFFFFFFFFFF534D42ul, "CIFS"), "sign-extended f_type still CIFS");
	check(name_is(0xEF53, NULL), "ext4 accepted");
	check(name_is(0x01021994, NULL), "tmpfs accepted");
	check(name_is(0x58465342, NULL), "xfs accepted");
	check(name_is(0x9123683E, NULL), "btrfs accepted");
	check(name_is(0x794C7630, NULL), "overlayfs accepted");

	setenv("SUDO_USER", "sudoer", 1);
	setenv("TAVLE_USER", "Anne Koordinator", 1);
	char *u = tv_default_user();
	check(strcmp(u, "Anne Koordinator") == 0, "TAVLE_USER names the history's user");
	free(u);
	unsetenv("TAVLE_USER");
	u = tv_default_user();
	check(strcmp(u, "sudoer") == 0, "else SUDO_USER");
	free(u);
	unsetenv("SUDO_USER");
	u = tv_default_user();
	check(u && *u, "else the login name");
	free(u);

	char tmpl[] = "/tmp/tavle-shared.XXXXXX";
	char *dir = mkdtemp(tmpl);
	if (!dir)
		return 1;
	char *db = NULL, *wal = NULL;
	if (asprintf(&db, "%s/t.db", dir) < 0 || asprintf(&wal, "%s/t.db-wal", dir) < 0)
		return 1;
	chmod(dir, 0700);
	touch(db, 0600);
	check(!tv_shared_is_shared(db), "a 0600 database in a private directory is private");
	char *r = tv_shared_check(db);
	check(r == NULL, "a private database is not checked");
	free(r);

	touch(db, 0660);
	chmod(dir, 02770);
	touch(wal, 0600);
	r = tv_shared_check(db);
	char want[512];
	snprintf(want, sizeof want, "chmod g+rw %s", wal);
	check(r && strstr(r, want), "a -wal the group cannot write is reported with its chmod");
	if (r)
		printf("# %s", r);
	free(r);

	chmod(wal, 0660);
	r = tv_shared_check(db);
	check(r == NULL, "a good shared setup reports nothing");
	free(r);

	chmod(dir, 0770);
	r = tv_shared_check(db);
	snprintf(want, sizeof want, "chmod 2770 %s", dir);
	check(r && strstr(r, "setgid") && strstr(r, want),
		"a directory without setgid is reported with chmod 2770");
	free(r);

	unlink(wal);
	unlink(db);
	rmdir(dir);
	free(db);
	free(wal);
	printf("%d passed, %d failed\n", pass, fail);
	return fail ? 1 : 0;
}
