/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Sharing one database between several Unix users on one server: who is recorded in
 * the history (a checked display name, and the account), which file systems can hold a WAL database, setting up a group-shared
 * directory (setgid, 2770) and checking that the database, its -wal and -shm files and
 * their directory let every member of the group in. Plain POSIX file operations; no
 * SQLite (the store calls tv_fs_network_name before it opens a file).
 */
#ifndef TAVLE_SHARED_H
#define TAVLE_SHARED_H

#include <stdbool.h>

#include "tavle/status.h"

/* The name of a network or FUSE file system ("NFS", "SMB", "CIFS", "SMB2", "FUSE")
 * for a statfs() f_type, or NULL for a local one. Pure; for the store and tests. */
const char *tv_fs_network_name(unsigned long f_type);

/* The longest display name recorded in the history, in characters. */
#define TV_MAX_USER_CHARS 64

/* Is `name` usable as the display name in the history: valid UTF-8, no control
 * characters or bidirectional overrides, not blank, at most TV_MAX_USER_CHARS
 * characters? `what` names its source in the message ("TAVLE_USER is 122880 bytes
 * long; ..."); the name itself is never quoted. TV_OK or TV_INVALID. */
enum tv_status tv_user_name_check(const char *what, const char *name, struct tv_diag *diag);

/* The Unix account this process acts as (getpwuid(geteuid())), or "uid N" when it
 * has no name: what a shared database's history records beside the display name.
 * Caller frees. */
char *tv_user_account(void);

/* The user recorded in the history: $TAVLE_USER (a display name, until the config
 * file exists), else $SUDO_USER, else the login name, else $USER, else "unknown".
 * A variable that fails tv_user_name_check is passed over (the command line refuses
 * it before it gets here). Caller frees. */
char *tv_default_user(void);

/* Prepare the directory of `db_path` for a database shared by `group`: create it if
 * missing, then give it the group and mode 2770 (setgid: files created in it, among
 * them SQLite's -wal and -shm, take the group). An existing directory is changed only
 * if it holds nothing but this database's files. An existing database and its -wal
 * and -shm get the group and mode 0660. TV_INVALID for an unknown group or a directory
 * with other files; TV_IO / TV_READONLY when the change is not permitted. */
enum tv_status tv_shared_prepare(const char *db_path, const char *group, struct tv_diag *diag);

/* Is `db_path` meant to be shared by a group (the file is group-writable, or its
 * directory has the setgid bit)? Private databases (0600) are not checked. */
bool tv_shared_is_shared(const char *db_path);

/* May the database `db_path` and the files SQLite reads with it (-wal, -shm,
 * -journal) be trusted? Each present one must belong to this user, to root, to the
 * database's owner (for the companions; root may open anyone's database), or, for a
 * shared database (tv_shared_is_shared) of a group this user is in, to that group
 * (the database file's) without being writable by others. Anything else may have
 * been planted by another account (in a world-writable directory, say): TV_UNSUPPORTED
 * naming the file and its owner. TV_OK when all is well or there is no database. */
enum tv_status tv_shared_trust_files(const char *db_path, struct tv_diag *diag);

/* For a shared database: every way another member of its group would be locked out
 * (a file not group-readable-writable or of another group, a directory without setgid
 * or not group-writable), each as a line saying exactly what to run, e.g.
 * "chmod g+rw /srv/tavle/tavle.db-wal". NULL when all is well or the database is not
 * shared. Caller frees. */
char *tv_shared_check(const char *db_path);

#endif
