// A stand-in for libevent's API, found through -isystem: a library.
#pragma once
struct event_base;
struct event { int fd; struct event_base *ev_base; };
void event_set(struct event *ev, int fd, short flags, void (*cb)(int, short, void *), void *arg);
int event_base_loop(struct event_base *base, int flags);
struct event_base *event_base_new(void);
int event_base_set(struct event_base *base, struct event *ev);
int event_base_dispatch(struct event_base *base);
