// A stand-in for libuv's API, found through -isystem: a library.
#pragma once
typedef struct uv_loop_s uv_loop_t;
typedef struct uv_timer_s { void *data; } uv_timer_t;
typedef void (*uv_timer_cb)(uv_timer_t *handle);
uv_loop_t *uv_loop_new(void);
int uv_timer_init(uv_loop_t *loop, uv_timer_t *handle);
int uv_timer_start(uv_timer_t *handle, uv_timer_cb cb, unsigned long long timeout,
                   unsigned long long repeat);
int uv_run(uv_loop_t *loop, int mode);
