// An address inside a fresh object computed with offsets from a part of it
// ('(char *)&it->data + it->nkey + 1', memcached's ITEM_data(it)) and kept
// in a local is another name of that object, as 'h = &it->hdr' is: the
// object stays unpublished, and the writes before the publish are private
// (memcached's storage_write filling a header item before item_replace).
// -DLATE: a write after the publish races.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DLATE | FileCheck %s --check-prefix=RACE
// RACE: warning: data race on 'item::flags'
#include <pthread.h>
#include <stdlib.h>

struct item {
  int nkey;
  int flags;
  char data[];
};
struct hdr {
  int page;
};
#define ITEM_data(i) ((char *)&(i)->data + (i)->nkey + 1)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct item *published;

static void *writer(void *arg) {
  (void)arg;
  struct item *it = malloc(sizeof *it + 64);
  if (!it)
    return 0;
  it->nkey = 3;
  struct hdr *h = (struct hdr *)ITEM_data(it);
  h->page = 1;
#ifndef LATE
  it->flags = 2;
#endif
  pthread_mutex_lock(&lock);
  published = it;
  pthread_mutex_unlock(&lock);
#ifdef LATE
  it->flags = 2;
#endif
  return 0;
}

static void *reader(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  struct item *it = published;
  int f = it ? it->flags : 0;
  pthread_mutex_unlock(&lock);
  return (void *)(long)f;
}

int main(void) {
  pthread_t w, r;
  pthread_create(&w, 0, writer, 0);
  pthread_create(&r, 0, reader, 0);
  pthread_join(w, 0);
  pthread_join(r, 0);
  return 0;
}
