//===- rt_fde.cpp - unwind entries read from the library files, not their mappings ---------===//
//
// Each frame the shim's unwinder steps through needs its function's unwind entry (FDE): libgcc
// finds the object with _dl_find_object, binary-searches the object's .eh_frame_hdr table and
// reads the FDE and its CIE from .eh_frame, all through the object's mapping. A program that
// never unwinds has none of those pages resident, and the kernel maps 64 KiB around each page
// fault of a file mapping (fault-around): a C++ program's thread-creation stack, which passes
// through libstdc++'s std::thread::_M_start_thread, made two such windows of libstdc++'s
// tables resident (128 KiB of peak RSS in bench's hot-mutex; issue 13: peak memory within 1.1x
// native).
//
// So the private copy of libgcc's unwinder (libgcc_eh.a, rt_unwind.cpp) calls
// __parcheck_dl_find_object in place of _dl_find_object (runtime/CMakeLists.txt renames the
// reference). It asks glibc, then, for an object loaded at start-up, reads the function's
// table entry, FDE and CIE from the object's file with pread (page-cache pages, never mapped
// into the process) and hands libgcc a small table of its own instead of the object's: a
// header with no search table, pointing at a copy of the CIE and the FDE in the shim's memory.
// The copy has the same call-frame instructions; only what refers to addresses changes: the
// FDE's start and length become absolute 8-byte values (its augmentation "zR", absptr), and
// the personality routine and the LSDA are dropped: the shim's unwinder only walks stacks
// (_Unwind_Backtrace; the shim is built with -fno-exceptions), it never calls a personality
// routine. Each copy is kept (about a hundred bytes per function), and each return address
// looked up is noted with its answer in a table read without a lock.
//
// Anything unexpected falls back to the object's own tables in memory, as before: an object
// loaded later (dlopen: it may be unloaded and its addresses reused), a file that is not the
// one mapped (its device and inode, from /proc/self/maps, differ: replaced on disk), no file
// (the vDSO), a table or encoding other than what the linkers write (.eh_frame_hdr version 1
// with a sorted table; pc-relative FDE addresses; CIE version 1 or 3), DW_CFA_set_loc, an
// entry over 512 bytes, or a refused system call (for that look-up only when no descriptor was
// free, else for that return address from then on). The shim's own frames, which start every
// walk, always use its mapping: its tables lie in the one 64 KiB window of its read-only
// segment that the dynamic linker's symbol look-ups keep resident anyway.
//===----------------------------------------------------------------------===//
#include "rt_flags.h"
#include "rt_stack.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <link.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

namespace parcheck {
namespace {

// Counted only for verbosity=2's exit line: a walk looks up every frame, and the shim's own
// start every walk, from every thread.
bool g_count;
std::atomic<uint64_t> g_from_file{0}, g_from_memory{0}, g_own{0};
[[maybe_unused]] void Count(std::atomic<uint64_t> &c) {
  if (g_count) c.fetch_add(1, std::memory_order_relaxed);
}

#if defined(DLFO_STRUCT_HAS_EH_DBASE) && defined(__x86_64__)

// The DW_EH_PE_* pointer encodings used below.
enum : uint8_t {
  kPeAbsptr = 0x00, kPeUdata4 = 0x03, kPeSdata4 = 0x0b, kPeUdata8 = 0x04, kPeSdata8 = 0x0c,
  kPePcrel = 0x10, kPeDatarel = 0x30, kPeOmit = 0xff,
};

// An object loaded before the runtime started (so never unloaded): its link map, noted by
// InitUnwindTables, and what the first look-up in it learns.
struct Object {
  const link_map *map;
  int state;           // 0 not looked at yet, 1 its file is the one mapped, -1 use memory
  uintptr_t hdr;       // its .eh_frame_hdr in memory (_dl_find_object's dlfo_eh_frame)
  dev_t dev;           // the mapped file
  ino_t ino;
  uintptr_t lo, hi;    // the mapping that holds hdr, and its offset in the file
  uint64_t off;
};
constexpr int kMaxObjects = 256;
Object g_objects[kMaxObjects];
int g_num_objects;
const link_map *g_shim;  // the shim's own object (its frames start every walk)

// The copies made so far, [begin, end) of a function -> its header, sorted by begin (functions
// do not overlap). Used under g_miss_mu only: a look-up first asks the pc table below.
struct Entry {
  uintptr_t begin, end;
  const void *hdr;
};
struct Copies {  // plain data: no destructor runs at exit, while other threads may unwind
  Entry *at;
  size_t size, cap;
};
Copies g_copies;
SpinLock g_miss_mu;

// An answer for a pc whose unwind entry the files do not give: the mapping's is used.
const void *const kUseMemory = reinterpret_cast<const void *>(uintptr_t(1));

// What each return address looked up so far was answered (its copy's header, or kUseMemory),
// read without a lock: the same call sites are unwound again and again, and a program with
// thousands of them must not scan a list per frame, or read the files again once a fixed-size
// list is full. Open addressing over exact pcs (never 0), at most half full; written under
// g_miss_mu (a slot's answer before its pc, with release), and grown by doubling into a new
// table that is then published. An old table is never freed: a reader may still be in it
// (together they are less than the last one). Past kMaxPcSlots nothing more is noted, and a
// pc not noted takes the lock and searches the copies (still correct, only slower).
struct PcSlot {
  std::atomic<uintptr_t> pc;
  const void *hdr;
};
struct PcTable {
  size_t mask;  // slots - 1
  size_t used;
  PcSlot slot[1];  // (mask + 1 of them)
};
constexpr size_t kFirstPcSlots = 256;  // 4 KiB: one page for a program with few call sites
constexpr size_t kMaxPcSlots = size_t(1) << 20;
std::atomic<PcTable *> g_pcs{nullptr};

size_t PcTableBytes(size_t slots) { return sizeof(PcTable) + (slots - 1) * sizeof(PcSlot); }

// The answer noted for pc, or null if pc was not looked up yet (or could not be noted).
const void *Lookup(uintptr_t pc) {
  const PcTable *t = g_pcs.load(std::memory_order_acquire);
  if (!t) return nullptr;
  for (size_t i = U64Map<int>::hash(pc) & t->mask;; i = (i + 1) & t->mask) {
    uintptr_t k = t->slot[i].pc.load(std::memory_order_acquire);
    if (k == pc) return t->slot[i].hdr;
    if (k == 0) return nullptr;
  }
}

void PutPc(PcTable *t, uintptr_t pc, const void *hdr) {
  size_t i = U64Map<int>::hash(pc) & t->mask;
  while (t->slot[i].pc.load(std::memory_order_relaxed) != 0) i = (i + 1) & t->mask;
  t->slot[i].hdr = hdr;
  t->slot[i].pc.store(pc, std::memory_order_release);
  ++t->used;
}

// Notes pc's answer (under g_miss_mu; pc not noted yet).
void NotePc(uintptr_t pc, const void *hdr) {
  PcTable *t = g_pcs.load(std::memory_order_relaxed);
  if (!t || 2 * (t->used + 1) > t->mask + 1) {
    size_t slots = t ? 2 * (t->mask + 1) : kFirstPcSlots;
    if (slots > kMaxPcSlots) return;
    auto *n = static_cast<PcTable *>(InternalAlloc(PcTableBytes(slots)));  // zeroed
    n->mask = slots - 1;
    if (t)
      for (size_t i = 0; i <= t->mask; ++i)
        if (uintptr_t k = t->slot[i].pc.load(std::memory_order_relaxed)) PutPc(n, k, t->slot[i].hdr);
    g_pcs.store(n, std::memory_order_release);
    t = n;
  }
  PutPc(t, pc, hdr);
}

// The index of the first copy that begins after pc (under g_miss_mu).
size_t CopiesUpTo(uintptr_t pc) {
  size_t lo = 0, hi = g_copies.size;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (g_copies.at[mid].begin <= pc) lo = mid + 1; else hi = mid;
  }
  return lo;
}

// The copy whose function holds pc, or null (under g_miss_mu).
const Entry *FindCopy(uintptr_t pc) {
  size_t n = CopiesUpTo(pc);
  return n > 0 && pc < g_copies.at[n - 1].end ? &g_copies.at[n - 1] : nullptr;
}

// Keeps a new copy in address order (under g_miss_mu).
void AddCopy(const Entry &e) {
  Copies &c = g_copies;
  if (c.size == c.cap) {
    size_t cap = c.cap ? 2 * c.cap : 32;
    auto *at = static_cast<Entry *>(InternalAlloc(cap * sizeof(Entry)));
    if (c.size) memcpy(at, c.at, c.size * sizeof(Entry));
    if (c.at) InternalFree(c.at, c.cap * sizeof(Entry));
    c.at = at;
    c.cap = cap;
  }
  size_t i = CopiesUpTo(e.begin);
  memmove(&c.at[i + 1], &c.at[i], (c.size - i) * sizeof(Entry));
  c.at[i] = e;
  ++c.size;
}

// The file offset of [a, a + n) of the object (within the mapping that holds its header),
// or -1.
long FileOffset(const Object &o, uintptr_t a, size_t n) {
  if (a < o.lo || a > o.hi || n > o.hi - a) return -1;
  return long(o.off + (a - o.lo));
}

bool ReadAt(int fd, const Object &o, uintptr_t a, void *out, size_t n) {
  long off = FileOffset(o, a, n);
  return off >= 0 && RtPread(fd, out, n, off) == long(n);
}

// Hexadecimal (base 16) or decimal digits at p; advances p past them.
uint64_t Number(const char *&p, unsigned base) {
  uint64_t v = 0;
  for (;; ++p) {
    char c = *p;
    unsigned d = c >= '0' && c <= '9' ? unsigned(c - '0')
                 : base == 16 && c >= 'a' && c <= 'f' ? unsigned(c - 'a' + 10) : base;
    if (d >= base) return v;
    v = v * base + d;
  }
}

// One line of /proc/self/maps: "lo-hi perms offset major:minor inode path". True if it maps
// address a from a file (inode not 0); fills o's mapping and file fields.
bool MapsLine(const char *p, uintptr_t a, Object *o) {
  uint64_t lo = Number(p, 16);
  if (*p++ != '-') return false;
  uint64_t hi = Number(p, 16);
  if (a < lo || a >= hi) return false;
  while (*p == ' ') ++p;
  while (*p && *p != ' ') ++p;  // permissions
  while (*p == ' ') ++p;
  uint64_t off = Number(p, 16);
  while (*p == ' ') ++p;
  unsigned maj = unsigned(Number(p, 16));
  if (*p++ != ':') return false;
  unsigned mn = unsigned(Number(p, 16));
  while (*p == ' ') ++p;
  uint64_t inode = Number(p, 10);
  if (inode == 0) return false;
  o->lo = uintptr_t(lo);
  o->hi = uintptr_t(hi);
  o->off = off;
  o->dev = makedev(maj, mn);
  o->ino = ino_t(inode);
  return true;
}

// What a look-up that the files could not serve learns: use the mapping for that pc from now
// on, or only this time (no descriptor was free: the next look-up tries the file again).
enum : int { kNever = -1, kNotNow = -2 };
bool NoDescriptor(long r) { return r == -EMFILE || r == -ENFILE; }

// The mapping of o.hdr and its file, from /proc/self/maps: 1 found, 0 not, kNotNow.
int FindMapping(Object *o) {
  int fd = RtOpen("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (NoDescriptor(fd)) return kNotNow;
  if (fd < 0) return 0;
  char buf[1024];
  size_t have = 0;
  bool found = false;
  for (bool eof = false; !found && !eof;) {
    long r = RtRead(fd, buf + have, sizeof(buf) - 1 - have);
    eof = r <= 0;
    if (!eof) have += size_t(r);
    buf[have] = 0;
    size_t used = 0;
    for (;;) {
      size_t e = used;
      while (e < have && buf[e] != '\n') ++e;
      if (e == have && !eof) break;  // an unfinished line: read on
      buf[e] = 0;
      if (MapsLine(buf + used, o->hdr, o)) {
        found = true;
        break;
      }
      if (e >= have) break;
      used = e + 1;
    }
    if (used == 0 && have == sizeof(buf) - 1) used = have;  // a line longer than the buffer
    for (size_t i = used; i < have; ++i) buf[i - used] = buf[i];
    have -= used;
  }
  RtClose(fd);
  return found;
}

// Opens the object's file if it is the one mapped (its mapping found once per object);
// kNever or kNotNow otherwise. Under g_miss_mu.
int OpenObject(Object &o) {
  if (o.state < 0) return kNever;
  const char *name = o.map->l_name;
  int fd = RtOpen(name && name[0] ? name : "/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (NoDescriptor(fd)) return kNotNow;
  struct stat s;
  int found = 1;
  if (fd >= 0 && o.state != 1) found = FindMapping(&o);
  if (found == kNotNow) {
    RtClose(fd);
    return kNotNow;
  }
  bool ok = fd >= 0 && found == 1 && RtFstat(fd, &s) == 0 && s.st_dev == o.dev &&
            s.st_ino == o.ino;
  if (!ok) {
    if (fd >= 0) RtClose(fd);
    o.state = -1;
    return kNever;
  }
  o.state = 1;
  return fd;
}

// A byte reader over one copied entry; any overrun sets `bad`.
struct Cursor {
  const uint8_t *p, *end;
  bool bad = false;
  uint8_t u8() {
    if (p >= end) { bad = true; return 0; }
    return *p++;
  }
  uint64_t fixed(size_t n) {
    if (size_t(end - p) < n) { bad = true; p = end; return 0; }
    uint64_t v = 0;
    memcpy(&v, p, n);
    p += n;
    return v;
  }
  uint64_t uleb() {
    uint64_t v = 0;
    for (unsigned shift = 0;; shift += 7) {
      uint8_t b = u8();
      if (bad || shift > 63) { bad = true; return 0; }
      v |= uint64_t(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
  }
  int64_t sleb() {
    int64_t v = 0;
    unsigned shift = 0;
    uint8_t b;
    do {
      b = u8();
      if (bad || shift > 63) { bad = true; return 0; }
      v |= int64_t(b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    if (shift < 64 && (b & 0x40)) v |= -(int64_t(1) << shift);
    return v;
  }
  void skip(uint64_t n) {
    if (uint64_t(end - p) < n) { bad = true; p = end; return; }
    p += n;
  }
};

// The size of a value in encoding e (its low four bits), 0 if not supported.
size_t EncodedSize(uint8_t e) {
  switch (e & 0x0f) {
  case kPeAbsptr: case kPeUdata8: case kPeSdata8: return 8;
  case kPeUdata4: case kPeSdata4: return 4;
  default: return 0;
  }
}
int64_t Extend(uint64_t v, uint8_t e) {
  return (e & 0x0f) == kPeSdata4 ? int64_t(int32_t(uint32_t(v))) : int64_t(v);
}

// Whether a run of call-frame instructions is position-independent as copied: every opcode
// known, no DW_CFA_set_loc (an address in the FDE's encoding).
bool PlainInstructions(Cursor c) {
  while (c.p < c.end && !c.bad) {
    uint8_t op = c.u8();
    switch (op >> 6) {
    case 1: case 3: continue;          // advance_loc, restore
    case 2: c.uleb(); continue;        // offset
    }
    switch (op) {
    case 0x00: case 0x0a: case 0x0b: case 0x2d: break;  // nop, remember/restore_state, window
    case 0x02: c.skip(1); break;
    case 0x03: c.skip(2); break;
    case 0x04: c.skip(4); break;
    case 0x06: case 0x07: case 0x08: case 0x0d: case 0x0e: case 0x2e: c.uleb(); break;
    case 0x13: c.sleb(); break;
    case 0x05: case 0x09: case 0x0c: case 0x14: case 0x2f: c.uleb(); c.uleb(); break;
    case 0x11: case 0x12: case 0x15: c.uleb(); c.sleb(); break;
    case 0x0f: c.skip(c.uleb()); break;                       // def_cfa_expression
    case 0x10: case 0x16: c.uleb(); c.skip(c.uleb()); break;  // (val_)expression
    default: return false;  // set_loc, or unknown
    }
  }
  return !c.bad;
}

void PutU32(uint8_t *&p, uint32_t v) { memcpy(p, &v, 4); p += 4; }
void PutU64(uint8_t *&p, uint64_t v) { memcpy(p, &v, 8); p += 8; }

constexpr uint32_t kMaxEntryBytes = 512;  // on the unwinding thread's stack, twice

// Reads the length-prefixed CIE or FDE at address a into buf (kMaxEntryBytes); its size
// (length field included), or 0.
uint32_t ReadEntry(int fd, const Object &o, uintptr_t a, uint8_t *buf) {
  uint32_t len;
  if (!ReadAt(fd, o, a, &len, 4) || len == 0 || len > kMaxEntryBytes - 4) return 0;
  return ReadAt(fd, o, a, buf, len + 4) ? len + 4 : 0;
}

// Builds the header, CIE and FDE copy for pc from the object's file: 1, or kNever or kNotNow
// to use the mapping.
int Build(Object &o, uintptr_t pc, Entry *out) {
  int fd = OpenObject(o);
  if (fd < 0) return fd;
  bool ok = false;
  uint8_t fde[kMaxEntryBytes], cie[kMaxEntryBytes];
  do {
    // The header: version 1, a pc-relative 4-byte .eh_frame pointer, a 4-byte count and the
    // sorted table of (start, FDE) pairs, 4-byte offsets from the header.
    uint8_t h[12];
    if (!ReadAt(fd, o, o.hdr, h, sizeof(h)) || h[0] != 1 || h[1] != (kPePcrel | kPeSdata4) ||
        h[2] != kPeUdata4 || h[3] != (kPeDatarel | kPeSdata4))
      break;
    uint32_t count;
    memcpy(&count, h + 8, 4);
    if (count == 0) break;
    // The last entry starting at or before pc.
    uint64_t lo = 0, hi = count;
    int32_t pair[2] = {0, 0};
    bool readOk = true;
    while (hi - lo > 1) {
      uint64_t mid = (lo + hi) / 2;
      if (!ReadAt(fd, o, o.hdr + 12 + 8 * mid, pair, 8)) { readOk = false; break; }
      if (o.hdr + int64_t(pair[0]) <= pc) lo = mid; else hi = mid;
    }
    if (!readOk || !ReadAt(fd, o, o.hdr + 12 + 8 * lo, pair, 8) || o.hdr + int64_t(pair[0]) > pc)
      break;
    uintptr_t fdeAt = o.hdr + int64_t(pair[1]);
    uint32_t fdeSize = ReadEntry(fd, o, fdeAt, fde);
    if (!fdeSize) break;
    uint32_t delta;
    memcpy(&delta, fde + 4, 4);
    if (delta == 0) break;  // a CIE, not an FDE
    uintptr_t cieAt = fdeAt + 4 - delta;
    uint32_t cieSize = ReadEntry(fd, o, cieAt, cie);
    if (!cieSize) break;

    // The CIE: id 0, version, augmentation, alignments, return column, augmentation data.
    Cursor c{cie + 4, cie + cieSize};
    if (c.fixed(4) != 0) break;
    uint8_t version = c.u8();
    if (version != 1 && version != 3) break;
    const char *aug = reinterpret_cast<const char *>(c.p);
    size_t augLen = 0;
    while (augLen < size_t(c.end - c.p) && aug[augLen]) ++augLen;
    if (augLen == size_t(c.end - c.p) || aug[0] != 'z') break;
    c.skip(augLen + 1);
    const uint8_t *alignStart = c.p;
    c.uleb();
    c.sleb();
    uint64_t ra = version == 1 ? c.u8() : c.uleb();
    const uint8_t *alignEnd = c.p;
    if (ra > (version == 1 ? 255 : 127)) break;  // the copy is version 1: a one-byte column
    uint64_t augDataLen = c.uleb();
    const uint8_t *augData = c.p;
    c.skip(augDataLen);
    if (c.bad) break;
    Cursor a{augData, augData + augDataLen};
    uint8_t fdeEnc = kPeAbsptr;
    bool signal = false, known = true;
    for (const char *l = aug + 1; *l && known && !a.bad; ++l) {
      switch (*l) {
      case 'R': fdeEnc = a.u8(); break;
      case 'L': a.u8(); break;
      case 'P': {
        uint8_t e = a.u8();
        size_t n = EncodedSize(e);
        if (!n || (e & 0x70) > kPePcrel) known = false; else a.skip(n);
        break;
      }
      case 'S': signal = true; break;
      default: known = false;
      }
    }
    // Only pc-relative (or, where nothing is relocated, absolute) starts, never indirect.
    if (!known || a.bad || !EncodedSize(fdeEnc) || (fdeEnc & 0x80) ||
        ((fdeEnc & 0x70) != kPePcrel && (fdeEnc & 0x70) != 0))
      break;
    Cursor cieInsns{c.p, cie + cieSize};
    if (!PlainInstructions(cieInsns)) break;

    // The FDE: start (pc-relative to its own field), length, augmentation data, instructions.
    Cursor f{fde + 8, fde + fdeSize};
    size_t n = EncodedSize(fdeEnc);
    int64_t start = Extend(f.fixed(n), fdeEnc);
    uint64_t begin = (fdeEnc & 0x70) == kPePcrel ? uint64_t(fdeAt + 8 + start) : uint64_t(start);
    uint64_t range = f.fixed(n);
    f.skip(f.uleb());  // the LSDA pointer, if any
    if (f.bad || pc < begin || pc - begin >= range) break;
    if ((fdeEnc & 0x70) == 0 && o.map->l_addr != 0) break;  // absolute, but relocated
    Cursor fdeInsns{f.p, fde + fdeSize};
    if (!PlainInstructions(fdeInsns)) break;

    // The copy: header (version 1, absptr .eh_frame pointer, no table), CIE "zR"/"zRS" with
    // absptr FDE addresses, FDE with absolute start and length, and the terminating 0.
    size_t cieInsnLen = size_t(cieInsns.end - cieInsns.p);
    size_t fdeInsnLen = size_t(fdeInsns.end - fdeInsns.p);
    size_t alignLen = size_t(alignEnd - alignStart);
    size_t cieBody = 4 + 1 + (signal ? 4 : 3) + alignLen + 1 + 1 + cieInsnLen;
    size_t cieTotal = 4 + ((cieBody + 7) & ~size_t(7));
    size_t fdeBody = 4 + 16 + 1 + fdeInsnLen;
    size_t fdeTotal = 4 + ((fdeBody + 7) & ~size_t(7));
    size_t total = 16 + cieTotal + fdeTotal + 4;
    uint8_t *mem = static_cast<uint8_t *>(InternalAlloc(total));  // zeroed: nops as padding
    uint8_t *p = mem;
    *p++ = 1;
    *p++ = kPeAbsptr;
    *p++ = kPeOmit;
    *p++ = kPeOmit;
    PutU64(p, uint64_t(uintptr_t(mem + 16)));
    p = mem + 16;
    uint8_t *cieStart = p;
    PutU32(p, uint32_t(cieTotal - 4));
    PutU32(p, 0);
    *p++ = 1;
    memcpy(p, signal ? "zRS" : "zR", signal ? 4 : 3);
    p += signal ? 4 : 3;
    // The alignments and the return column, as they were (version 3's uleb of a column below
    // 128 is the one byte version 1 has).
    memcpy(p, alignStart, alignLen);
    p += alignLen;
    *p++ = 1;  // augmentation data: the FDE encoding alone
    *p++ = kPeAbsptr;
    memcpy(p, cieInsns.p, cieInsnLen);
    p = cieStart + cieTotal;
    PutU32(p, uint32_t(fdeTotal - 4));
    PutU32(p, uint32_t(p - cieStart));
    PutU64(p, begin);
    PutU64(p, range);
    *p++ = 0;  // no augmentation data
    memcpy(p, fdeInsns.p, fdeInsnLen);
    out->begin = uintptr_t(begin);
    out->end = uintptr_t(begin + range);
    out->hdr = mem;
    ok = true;
  } while (false);
  RtClose(fd);
  return ok ? 1 : kNever;
}

// The answer for pc, not noted yet, in the object `map` whose table glibc found at `table`
// (under g_miss_mu): a copy that holds pc (another return address in the same function), a
// new copy, or kUseMemory. Noted unless the files could not be read only for now. A pc the
// files do not serve (another object's, or one its file has no entry for) is noted too, so
// that the next look-up neither reads again nor takes the lock: using the mapping is right
// whatever object is there later.
const void *Miss(uintptr_t pc, const link_map *map, void *table) {
  const void *hdr = kUseMemory;
  bool note = true;
  if (const Entry *c = FindCopy(pc)) {
    hdr = c->hdr;
  } else {
    for (int i = 0; i < g_num_objects; ++i) {
      Object &o = g_objects[i];
      if (o.map != map) continue;
      if (!o.hdr) o.hdr = uintptr_t(table);
      if (o.hdr != uintptr_t(table)) break;
      Entry e;
      int r = Build(o, pc, &e);
      if (r == 1) {
        Count(g_from_file);
        AddCopy(e);
        hdr = e.hdr;
      }
      note = r != kNotNow;
      break;
    }
  }
  if (note) NotePc(pc, hdr);
  return hdr;
}

#endif  // DLFO_STRUCT_HAS_EH_DBASE && __x86_64__

} // namespace

void InitUnwindTables() {
#if defined(DLFO_STRUCT_HAS_EH_DBASE) && defined(__x86_64__)
  if (g_shim || g_num_objects) return;
  g_count = g_flags.verbosity >= 2;
  // Not the shim itself: its own use keeps its unwind tables resident (they share the 64 KiB
  // window of its read-only segment with the symbols every look-up of the dynamic linker reads).
  dl_find_object self;
  if (_dl_find_object(reinterpret_cast<void *>(&InitUnwindTables), &self) == 0)
    g_shim = self.dlfo_link_map;
  if (!g_flags.unwind_from_files) return;
  for (const link_map *m = _r_debug.r_map; m && g_num_objects < kMaxObjects; m = m->l_next)
    if (m != g_shim) g_objects[g_num_objects++].map = m;
#endif
}

void UnwindTablesResetInChild() {
#if defined(DLFO_STRUCT_HAS_EH_DBASE) && defined(__x86_64__)
  g_miss_mu.reset();
#endif
}

uint64_t UnwindEntriesFromFiles() { return g_from_file.load(std::memory_order_relaxed); }
uint64_t UnwindEntriesFromMemory() { return g_from_memory.load(std::memory_order_relaxed); }
uint64_t UnwindEntriesOwn() { return g_own.load(std::memory_order_relaxed); }

} // namespace parcheck

#if defined(DLFO_STRUCT_HAS_EH_DBASE) && defined(__x86_64__)
// Called by the shim's copy of libgcc's unwinder in place of _dl_find_object (see the top):
// glibc's answer, with the object's table replaced by the copy made for pc where there is one.
extern "C" int __parcheck_dl_find_object(void *pc, struct dl_find_object *out) {
  using namespace parcheck;
  int r = _dl_find_object(pc, out);
  if (r != 0 || !out->dlfo_eh_frame) return r;
  if (out->dlfo_link_map == g_shim) {
    Count(g_own);
    return r;
  }
  if (g_num_objects == 0) {  // unwind_from_files=0
    Count(g_from_memory);
    return r;
  }
  uintptr_t a = uintptr_t(pc);
  const void *hdr = Lookup(a);
  if (!hdr) {
    SpinGuard g(g_miss_mu);
    hdr = Lookup(a);  // another thread's miss noted it meanwhile
    if (!hdr) hdr = Miss(a, out->dlfo_link_map, out->dlfo_eh_frame);
  }
  if (hdr && hdr != kUseMemory)
    out->dlfo_eh_frame = const_cast<void *>(hdr);
  else
    Count(g_from_memory);
  return r;
}
#endif
