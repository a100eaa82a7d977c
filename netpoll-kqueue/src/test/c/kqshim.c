/*
 * Test-only kqueue(2) and kevent(2) for Linux, over epoll and eventfd, so that the kqueue provider's
 * real code (its JNA binding, its struct kevent codec, its poller state machine) runs on a Linux
 * build machine. Built by the tests with gcc into the build folder, never shipped, never committed
 * as a binary.
 *
 * Compile with -DKQ_ABI_FREEBSD (FreeBSD 12+: 64-byte struct kevent with ext[4], EVFILT_USER -11)
 * or -DKQ_ABI_DARWIN (macOS: 32-byte struct kevent, EVFILT_USER -10).
 *
 * Model. The kqueue descriptor is an outer epoll instance that watches three things: one inner
 * epoll instance for the EVFILT_READ knotes, one for the EVFILT_WRITE knotes (so each (fd, filter)
 * pair is its own registration with its own EV_CLEAR, which one epoll registration per fd could
 * not express), and an eventfd that is readable while an EVFILT_USER knote is triggered. A knote's
 * udata and flags live in per-filter tables indexed by fd; the inner epoll registrations carry the
 * fd only. EV_CLEAR is EPOLLET. EV_EOF is set on EVFILT_READ for EPOLLRDHUP or EPOLLHUP and on
 * EVFILT_WRITE for EPOLLHUP; an error alone (EPOLLERR) reports the knote without EV_EOF, as BSD's
 * filt_soread/filt_sowrite do for so_error. The shim never reads SO_ERROR: that would clear it.
 *
 * Changes follow FreeBSD's kern_kevent: each change is applied in order; a failed one, or any one
 * with EV_RECEIPT, is reported as an EV_ERROR event whose data is the errno (0 for a receipt) while
 * there is room in the event list; without room a failure ends the call with -1 and errno. When any
 * such event was reported, kevent returns at once without waiting.
 *
 * Implemented: EVFILT_READ and EVFILT_WRITE with EV_ADD, EV_DELETE, EV_CLEAR, EV_RECEIPT; EVFILT_USER
 * with EV_ADD, EV_DELETE, EV_CLEAR and NOTE_TRIGGER plus the NOTE_FF* controls; timeouts NULL, zero
 * and positive (rounded up to milliseconds). Anything else is EINVAL. errno values are Linux's.
 * close() is exported too: closing a kqueue descriptor frees its state, as on BSD; any other
 * descriptor is simply closed (its knotes are not dropped: callers delete them first).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#if defined(KQ_ABI_FREEBSD)
struct kevent {
    uintptr_t ident;
    short filter;
    unsigned short flags;
    unsigned int fflags;
    int64_t data;
    void *udata;
    uint64_t ext[4];
};
_Static_assert(sizeof(struct kevent) == 64, "FreeBSD 12+ struct kevent is 64 bytes");
#define EVFILT_USER (-11)
#elif defined(KQ_ABI_DARWIN)
#pragma pack(push, 4)
struct kevent {
    uintptr_t ident;
    int16_t filter;
    uint16_t flags;
    uint32_t fflags;
    intptr_t data;
    void *udata;
};
#pragma pack(pop)
_Static_assert(sizeof(struct kevent) == 32, "macOS struct kevent is 32 bytes");
#define EVFILT_USER (-10)
#else
#error "define KQ_ABI_FREEBSD or KQ_ABI_DARWIN"
#endif

_Static_assert(offsetof(struct kevent, filter) == 8, "filter");
_Static_assert(offsetof(struct kevent, flags) == 10, "flags");
_Static_assert(offsetof(struct kevent, fflags) == 12, "fflags");
_Static_assert(offsetof(struct kevent, data) == 16, "data");
_Static_assert(offsetof(struct kevent, udata) == 24, "udata");

#define EVFILT_READ (-1)
#define EVFILT_WRITE (-2)
#define EV_ADD 0x0001
#define EV_DELETE 0x0002
#define EV_CLEAR 0x0020
#define EV_RECEIPT 0x0040
#define EV_ERROR 0x4000
#define EV_EOF 0x8000
#define NOTE_FFNOP 0x00000000u
#define NOTE_FFAND 0x40000000u
#define NOTE_FFOR 0x80000000u
#define NOTE_FFCOPY 0xc0000000u
#define NOTE_FFCTRLMASK 0xc0000000u
#define NOTE_FFLAGSMASK 0x00ffffffu
#define NOTE_TRIGGER 0x01000000u

#define MAX_USER 8

/* A knote of EVFILT_READ or EVFILT_WRITE, found by fd in its filter's table. */
struct knote {
    int active;
    unsigned short flags; /* EV_CLEAR or 0 */
    void *udata;
};

struct uknote {
    int active;
    int triggered;
    uintptr_t ident;
    unsigned short flags;
    unsigned int fflags;
    void *udata;
};

struct kq {
    int fd;    /* the outer epoll instance: the kqueue descriptor */
    int ep[2]; /* inner epoll instances: [0] EVFILT_READ, [1] EVFILT_WRITE */
    int efd;   /* readable while a user knote is triggered */
    pthread_mutex_t mu;
    struct knote *kn[2];
    int cap[2];
    struct uknote user[MAX_USER];
    unsigned long triggers; /* NOTE_TRIGGER changes applied, for tests */
    struct kq *next;
};

static pthread_mutex_t kqs_mu = PTHREAD_MUTEX_INITIALIZER;
static struct kq *kqs;

/* The real close(2): the exported close() below must not call itself. */
static int raw_close(int fd) {
    return (int) syscall(SYS_close, fd);
}

static struct kq *find(int fd) {
    pthread_mutex_lock(&kqs_mu);
    struct kq *k = kqs;
    while (k != NULL && k->fd != fd) {
        k = k->next;
    }
    pthread_mutex_unlock(&kqs_mu);
    return k;
}

static void destroy(struct kq *k) {
    for (int i = 0; i < 2; i++) {
        if (k->ep[i] >= 0) {
            raw_close(k->ep[i]);
        }
        free(k->kn[i]);
    }
    if (k->efd >= 0) {
        raw_close(k->efd);
    }
    if (k->fd >= 0) {
        raw_close(k->fd);
    }
    pthread_mutex_destroy(&k->mu);
    free(k);
}

int kqueue(void) {
    struct kq *k = calloc(1, sizeof *k);
    if (k == NULL) {
        errno = ENOMEM;
        return -1;
    }
    pthread_mutex_init(&k->mu, NULL);
    k->fd = epoll_create1(EPOLL_CLOEXEC);
    k->ep[0] = epoll_create1(EPOLL_CLOEXEC);
    k->ep[1] = epoll_create1(EPOLL_CLOEXEC);
    k->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    int watched[3] = {k->ep[0], k->ep[1], k->efd};
    int ok = k->fd >= 0 && k->ep[0] >= 0 && k->ep[1] >= 0 && k->efd >= 0;
    for (int i = 0; ok && i < 3; i++) {
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t) i};
        ok = epoll_ctl(k->fd, EPOLL_CTL_ADD, watched[i], &ev) == 0;
    }
    if (!ok) {
        int e = errno;
        destroy(k);
        errno = e;
        return -1;
    }
    pthread_mutex_lock(&kqs_mu);
    k->next = kqs;
    kqs = k;
    pthread_mutex_unlock(&kqs_mu);
    return k->fd;
}

int close(int fd) {
    pthread_mutex_lock(&kqs_mu);
    struct kq **p = &kqs;
    while (*p != NULL && (*p)->fd != fd) {
        p = &(*p)->next;
    }
    struct kq *k = *p;
    if (k != NULL) {
        *p = k->next;
    }
    pthread_mutex_unlock(&kqs_mu);
    if (k != NULL) {
        k->fd = -1;
        destroy(k);
    }
    return raw_close(fd);
}

/* The knote of (fd, filter f), growing the table when asked; NULL when absent or out of memory. */
static struct knote *slot(struct kq *k, int f, int fd, int grow) {
    if (fd >= k->cap[f]) {
        if (!grow) {
            return NULL;
        }
        int n = k->cap[f] == 0 ? 64 : k->cap[f];
        while (n <= fd) {
            n *= 2;
        }
        struct knote *t = realloc(k->kn[f], (size_t) n * sizeof *t);
        if (t == NULL) {
            return NULL;
        }
        memset(t + k->cap[f], 0, (size_t) (n - k->cap[f]) * sizeof *t);
        k->kn[f] = t;
        k->cap[f] = n;
    }
    return &k->kn[f][fd];
}

static int apply_io(struct kq *k, int f, const struct kevent *ch) {
    if (ch->ident > INT_MAX) {
        return EBADF;
    }
    int fd = (int) ch->ident;
    if (ch->flags & EV_DELETE) {
        struct knote *n = slot(k, f, fd, 0);
        if (n == NULL || !n->active) {
            return ENOENT;
        }
        n->active = 0;
        /* A closed descriptor has left the epoll set already; that is not an error here. */
        epoll_ctl(k->ep[f], EPOLL_CTL_DEL, fd, NULL);
        return 0;
    }
    if (!(ch->flags & EV_ADD)) {
        return EINVAL;
    }
    struct knote *n = slot(k, f, fd, 1);
    if (n == NULL) {
        return ENOMEM;
    }
    struct epoll_event ev = {
        .events = (f == 0 ? EPOLLIN | EPOLLRDHUP : EPOLLOUT) | ((ch->flags & EV_CLEAR) ? EPOLLET : 0),
        .data.u64 = (uint64_t) fd,
    };
    int op = n->active ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
    if (epoll_ctl(k->ep[f], op, fd, &ev) < 0) {
        /* MOD of a knote whose descriptor was closed and its number reused; ADD of one still in the set. */
        int retry = (op == EPOLL_CTL_MOD && errno == ENOENT) ? EPOLL_CTL_ADD
                  : (op == EPOLL_CTL_ADD && errno == EEXIST) ? EPOLL_CTL_MOD : 0;
        if (retry == 0 || epoll_ctl(k->ep[f], retry, fd, &ev) < 0) {
            return errno;
        }
    }
    n->active = 1;
    n->flags = ch->flags & EV_CLEAR;
    n->udata = ch->udata;
    return 0;
}

static int apply_user(struct kq *k, const struct kevent *ch) {
    struct uknote *u = NULL;
    for (int i = 0; i < MAX_USER && u == NULL; i++) {
        if (k->user[i].active && k->user[i].ident == ch->ident) {
            u = &k->user[i];
        }
    }
    if (ch->flags & EV_DELETE) {
        if (u == NULL) {
            return ENOENT;
        }
        u->active = 0;
        return 0;
    }
    if (ch->flags & EV_ADD) {
        for (int i = 0; i < MAX_USER && u == NULL; i++) {
            if (!k->user[i].active) {
                u = &k->user[i];
                memset(u, 0, sizeof *u);
                u->active = 1;
                u->ident = ch->ident;
            }
        }
        if (u == NULL) {
            return ENOMEM;
        }
        u->flags = ch->flags & EV_CLEAR;
    } else if (u == NULL) {
        return ENOENT;
    }
    /* FreeBSD assigns udata on every change, a trigger included. */
    u->udata = ch->udata;
    unsigned int ff = ch->fflags & NOTE_FFLAGSMASK;
    switch (ch->fflags & NOTE_FFCTRLMASK) {
    case NOTE_FFAND: u->fflags &= ff; break;
    case NOTE_FFOR: u->fflags |= ff; break;
    case NOTE_FFCOPY: u->fflags = ff; break;
    default: break;
    }
    if (ch->fflags & NOTE_TRIGGER) {
        u->triggered = 1;
        k->triggers++;
        uint64_t one = 1;
        if (write(k->efd, &one, sizeof one) < 0 && errno != EAGAIN) {
            return errno;
        }
    }
    return 0;
}

static int apply(struct kq *k, const struct kevent *ch) {
    if (ch->flags & ~(EV_ADD | EV_DELETE | EV_CLEAR | EV_RECEIPT)) {
        return EINVAL;
    }
    switch (ch->filter) {
    case EVFILT_READ: return apply_io(k, 0, ch);
    case EVFILT_WRITE: return apply_io(k, 1, ch);
    case EVFILT_USER: return apply_user(k, ch);
    default: return EINVAL;
    }
}

/* Moves triggered user knotes into out; the eventfd stays readable while one is still triggered. */
static int collect_user(struct kq *k, struct kevent *out, int max) {
    int n = 0;
    int pending = 0;
    for (int i = 0; i < MAX_USER; i++) {
        struct uknote *u = &k->user[i];
        if (!u->active || !u->triggered) {
            continue;
        }
        if (n == max) {
            pending = 1;
            continue;
        }
        struct kevent *e = &out[n++];
        memset(e, 0, sizeof *e);
        e->ident = u->ident;
        e->filter = EVFILT_USER;
        e->flags = u->flags;
        e->fflags = u->fflags;
        e->udata = u->udata;
        if (u->flags & EV_CLEAR) {
            u->triggered = 0;
            u->fflags = 0;
        } else {
            pending = 1;
        }
    }
    if (!pending) {
        uint64_t drained;
        if (read(k->efd, &drained, sizeof drained) < 0) {
            /* EAGAIN: nothing was counted. */
        }
    }
    return n;
}

static int collect(struct kq *k, struct kevent *out, int max) {
    pthread_mutex_lock(&k->mu);
    int n = collect_user(k, out, max);
    pthread_mutex_unlock(&k->mu);
    for (int f = 0; f < 2 && n < max; f++) {
        struct epoll_event ready[64];
        int room = max - n < 64 ? max - n : 64;
        int r = epoll_wait(k->ep[f], ready, room, 0);
        pthread_mutex_lock(&k->mu);
        for (int j = 0; j < r; j++) {
            int fd = (int) ready[j].data.u64;
            struct knote *kn = slot(k, f, fd, 0);
            if (kn == NULL || !kn->active) {
                continue; /* deleted since epoll queued it */
            }
            uint32_t m = ready[j].events;
            struct kevent *e = &out[n++];
            memset(e, 0, sizeof *e);
            e->ident = (uintptr_t) fd;
            e->filter = f == 0 ? EVFILT_READ : EVFILT_WRITE;
            e->flags = kn->flags;
            e->udata = kn->udata;
            if (f == 0 ? (m & (EPOLLRDHUP | EPOLLHUP)) : (m & EPOLLHUP)) {
                e->flags |= EV_EOF;
            }
        }
        pthread_mutex_unlock(&k->mu);
    }
    return n;
}

static long long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long) t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int kevent(int kqfd, const struct kevent *changes, int nchanges, struct kevent *events, int nevents,
           const struct timespec *timeout) {
    struct kq *k = find(kqfd);
    if (k == NULL) {
        errno = EBADF;
        return -1;
    }
    if (nchanges < 0 || nevents < 0
        || (timeout != NULL && (timeout->tv_sec < 0 || timeout->tv_nsec < 0 || timeout->tv_nsec >= 1000000000L))) {
        errno = EINVAL;
        return -1;
    }
    int out = 0;
    pthread_mutex_lock(&k->mu);
    for (int i = 0; i < nchanges; i++) {
        struct kevent ch = changes[i]; /* the lists may overlap */
        int err = apply(k, &ch);
        if (err != 0 || (ch.flags & EV_RECEIPT)) {
            if (out == nevents) {
                pthread_mutex_unlock(&k->mu);
                if (err != 0) {
                    errno = err;
                    return -1;
                }
                return out;
            }
            struct kevent *e = &events[out++];
            *e = ch;
            e->flags = EV_ERROR;
            e->data = err;
        }
    }
    pthread_mutex_unlock(&k->mu);
    if (out > 0 || nevents == 0) {
        return out;
    }

    long long ms = -1;
    if (timeout != NULL) {
        long long ceil_ms = (long long) timeout->tv_sec * 1000 + (timeout->tv_nsec + 999999) / 1000000;
        ms = ceil_ms > INT_MAX ? INT_MAX : ceil_ms;
    }
    long long deadline = ms > 0 ? now_ms() + ms : 0;
    for (;;) {
        struct epoll_event ready[3];
        if (epoll_wait(k->fd, ready, 3, (int) ms) < 0) {
            return -1; /* EINTR included, as kevent(2) */
        }
        int n = collect(k, events, nevents);
        if (n > 0 || ms == 0) {
            return n;
        }
        if (ms > 0) {
            ms = deadline - now_ms();
            if (ms <= 0) {
                return 0;
            }
        }
    }
}

/* For tests: how many NOTE_TRIGGER changes the kqueue kqfd has applied; 0 for any other descriptor. */
unsigned long kqshim_triggers(int kqfd) {
    struct kq *k = find(kqfd);
    if (k == NULL) {
        return 0;
    }
    pthread_mutex_lock(&k->mu);
    unsigned long n = k->triggers;
    pthread_mutex_unlock(&k->mu);
    return n;
}
