/* LD_PRELOAD shim for benches/slow_media.py: a slow medium (a USB 2.0 stick, a disc
 * burner) simulated by rate-limiting write() and pwrite() to files under
 * $THROTTLE_DIR to $THROTTLE_BPS bytes per second (one token bucket shared by all
 * threads). Reads are not limited. Build: gcc -O2 -shared -fPIC -o throttle.so
 * throttle.c -ldl -lpthread */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static double next_free = 0; /* when the "device" is free again, seconds */

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int throttled(int fd) {
    const char *dir = getenv("THROTTLE_DIR");
    if (!dir || fd < 3) return 0;
    char link[64], path[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0) return 0;
    path[n] = 0;
    return strncmp(path, dir, strlen(dir)) == 0;
}

static void pay(size_t bytes) {
    const char *bps = getenv("THROTTLE_BPS");
    double rate = bps ? atof(bps) : 20e6;
    pthread_mutex_lock(&lock);
    double t = now();
    if (next_free < t) next_free = t;
    next_free += bytes / rate;
    double wait = next_free - t;
    pthread_mutex_unlock(&lock);
    if (wait > 0) {
        struct timespec s = {(time_t)wait, (long)((wait - (time_t)wait) * 1e9)};
        nanosleep(&s, NULL);
    }
}

ssize_t write(int fd, const void *buf, size_t count) {
    static ssize_t (*real)(int, const void *, size_t);
    if (!real) real = dlsym(RTLD_NEXT, "write");
    ssize_t r = real(fd, buf, count);
    if (r > 0 && throttled(fd)) pay((size_t)r);
    return r;
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off_t off) {
    static ssize_t (*real)(int, const void *, size_t, off_t);
    if (!real) real = dlsym(RTLD_NEXT, "pwrite64");
    ssize_t r = real(fd, buf, count, off);
    if (r > 0 && throttled(fd)) pay((size_t)r);
    return r;
}
