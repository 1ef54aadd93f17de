/* LD_PRELOAD shim for tests/it/faults.rs: a medium that stops reading part-way (a
 * scratched disc, a stick pulled out, a failing flash cell). Reads from files whose
 * path contains $FAULT_PATH succeed for the first $FAULT_AFTER bytes (counted over all
 * such files, all threads) and then fail with errno $FAULT_ERRNO (default EIO, what
 * the kernel returns for an unreadable sector or a vanished USB device). With
 * FAULT_OP=write the same happens to writes instead (a stick pulled out while it is
 * written), and reads are never touched. With FAULT_STALL=1 the operation does not
 * fail but hangs (a drive retrying a scratched sector for minutes): the process is
 * stuck part-way until a signal ends it.
 *
 * Swap mode (tests/it/extract.rs: another local user changing the extract while it is
 * sealed): with FAULT_SWAP=VICTIM and FAULT_SWAP_TO=TARGET, the first read of a file
 * whose path contains $FAULT_SWAP_ON (FAULT_SWAP_WHEN=read, the default), or the
 * first stat of a path containing it (FAULT_SWAP_WHEN=stat: fstatat, statx, after
 * the call returned), renames VICTIM to VICTIM.orig and puts a symbolic link to
 * TARGET in its place (a FIFO instead when TARGET is "FIFO"): the swap happens at a
 * chosen point, never by a timing race. With FAULT_SWAP_ASIDE=PATH, VICTIM is renamed
 * to PATH instead (a medium folder moved into the extract, a link left behind); with
 * FAULT_SWAP_TO=NONE nothing is put in VICTIM's place (a folder renamed by a colleague
 * or in a file manager while isou runs).
 * Built by the tests: cc -O2 -shared -fPIC -o
 * iofault.so iofault.c -ldl */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static atomic_llong served = 0;

static int writing(void) {
    const char *op = getenv("FAULT_OP");
    return op && strcmp(op, "write") == 0;
}

static int faulty_for(int fd, int write_op) {
    if (writing() != write_op) return 0;
    const char *pat = getenv("FAULT_PATH");
    if (!pat || !*pat || fd < 3) return 0;
    char link[64], path[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0) return 0;
    path[n] = 0;
    return strstr(path, pat) != NULL;
}

static int faulty(int fd) { return faulty_for(fd, 0); }

/* How many of `count` bytes may still be read; 0 means fail now. */
static size_t allowance(size_t count) {
    const char *a = getenv("FAULT_AFTER");
    long long limit = a ? atoll(a) : 0;
    long long done = atomic_load(&served);
    if (done >= limit) return 0;
    return (size_t)(limit - done) < count ? (size_t)(limit - done) : count;
}

static ssize_t fail(void) {
    const char *stall = getenv("FAULT_STALL");
    if (stall && strcmp(stall, "1") == 0)
        for (;;) pause();
    const char *e = getenv("FAULT_ERRNO");
    errno = e ? atoi(e) : EIO;
    return -1;
}

static atomic_int swapped = 0;

int mkfifo(const char *path, mode_t mode); /* <sys/stat.h> would clash with fstatat64 below */

/* The swap, once, when `what` ("read" or "stat") happened to `path`. */
static void maybe_swap(const char *what, const char *path) {
    const char *victim = getenv("FAULT_SWAP"), *target = getenv("FAULT_SWAP_TO");
    const char *on = getenv("FAULT_SWAP_ON"), *when = getenv("FAULT_SWAP_WHEN");
    if (!victim || !target || !on || !*on || !path) return;
    if (strcmp(when ? when : "read", what) != 0 || !strstr(path, on)) return;
    if (atomic_exchange(&swapped, 1)) return;
    char aside[PATH_MAX];
    const char *aside_env = getenv("FAULT_SWAP_ASIDE");
    snprintf(aside, sizeof aside, "%s", aside_env ? aside_env : "");
    if (!aside_env) snprintf(aside, sizeof aside, "%s.orig", victim);
    int fifo = strcmp(target, "FIFO") == 0, none = strcmp(target, "NONE") == 0;
    if (rename(victim, aside) != 0
        || (none ? 0 : fifo ? mkfifo(victim, 0600) : symlink(target, victim)) != 0) {
        perror("iofault: swap");
        abort();
    }
}

static void swap_on_read(int fd) {
    if (!getenv("FAULT_SWAP") || fd < 3 || atomic_load(&swapped)) return;
    char link[64], path[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0) return;
    path[n] = 0;
    maybe_swap("read", path);
}

#define REAL(name, ret, ...)                                   \
    static ret (*real)(__VA_ARGS__);                           \
    if (!real) real = (ret (*)(__VA_ARGS__))dlsym(RTLD_NEXT, name)

ssize_t read(int fd, void *buf, size_t count) {
    REAL("read", ssize_t, int, void *, size_t);
    swap_on_read(fd);
    if (count == 0 || !faulty(fd)) return real(fd, buf, count);
    size_t n = allowance(count);
    if (n == 0) return fail();
    ssize_t r = real(fd, buf, n);
    if (r > 0) atomic_fetch_add(&served, r);
    return r;
}

ssize_t pread64(int fd, void *buf, size_t count, off_t off) {
    REAL("pread64", ssize_t, int, void *, size_t, off_t);
    swap_on_read(fd);
    if (count == 0 || !faulty(fd)) return real(fd, buf, count, off);
    size_t n = allowance(count);
    if (n == 0) return fail();
    ssize_t r = real(fd, buf, n, off);
    if (r > 0) atomic_fetch_add(&served, r);
    return r;
}

ssize_t pread(int fd, void *buf, size_t count, off_t off) {
    return pread64(fd, buf, count, off);
}

/* Vectored reads are let through whole while under the limit, then fail. */
ssize_t readv(int fd, const struct iovec *iov, int cnt) {
    REAL("readv", ssize_t, int, const struct iovec *, int);
    if (!faulty(fd)) return real(fd, iov, cnt);
    if (allowance(1) == 0) return fail();
    ssize_t r = real(fd, iov, cnt);
    if (r > 0) atomic_fetch_add(&served, r);
    return r;
}

ssize_t preadv64(int fd, const struct iovec *iov, int cnt, off_t off) {
    REAL("preadv64", ssize_t, int, const struct iovec *, int, off_t);
    if (!faulty(fd)) return real(fd, iov, cnt, off);
    if (allowance(1) == 0) return fail();
    ssize_t r = real(fd, iov, cnt, off);
    if (r > 0) atomic_fetch_add(&served, r);
    return r;
}

ssize_t preadv(int fd, const struct iovec *iov, int cnt, off_t off) {
    return preadv64(fd, iov, cnt, off);
}

ssize_t write(int fd, const void *buf, size_t count) {
    REAL("write", ssize_t, int, const void *, size_t);
    if (count == 0 || !faulty_for(fd, 1)) return real(fd, buf, count);
    size_t n = allowance(count);
    if (n == 0) return fail();
    ssize_t r = real(fd, buf, n);
    if (r > 0) atomic_fetch_add(&served, r);
    return r;
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off_t off) {
    REAL("pwrite64", ssize_t, int, const void *, size_t, off_t);
    if (count == 0 || !faulty_for(fd, 1)) return real(fd, buf, count, off);
    size_t n = allowance(count);
    if (n == 0) return fail();
    ssize_t r = real(fd, buf, n, off);
    if (r > 0) atomic_fetch_add(&served, r);
    return r;
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t off) {
    return pwrite64(fd, buf, count, off);
}

ssize_t writev(int fd, const struct iovec *iov, int cnt) {
    REAL("writev", ssize_t, int, const struct iovec *, int);
    if (!faulty_for(fd, 1)) return real(fd, iov, cnt);
    if (allowance(1) == 0) return fail();
    ssize_t r = real(fd, iov, cnt);
    if (r > 0) atomic_fetch_add(&served, r);
    return r;
}

struct stat;
struct statx;

int fstatat(int dirfd, const char *path, struct stat *st, int flags) {
    REAL("fstatat", int, int, const char *, struct stat *, int);
    int r = real(dirfd, path, st, flags);
    maybe_swap("stat", path);
    return r;
}

int fstatat64(int dirfd, const char *path, struct stat *st, int flags) {
    REAL("fstatat64", int, int, const char *, struct stat *, int);
    int r = real(dirfd, path, st, flags);
    maybe_swap("stat", path);
    return r;
}

int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *st) {
    REAL("statx", int, int, const char *, int, unsigned int, struct statx *);
    int r = real(dirfd, path, flags, mask, st);
    maybe_swap("stat", path);
    return r;
}
