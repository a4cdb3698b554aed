//===- rt_stack.cpp - call stacks captured in hooks ------------------------===//
#include "rt_stack.h"
#include "rt_flags.h"

// parcheck_call_entry(fn, a, b, c) (rt_stack.h): calls fn(a, b, c) from a frame of its own,
// whose return address parcheck_entry_return a walk recognises. Its CFI is exact (pthread_exit
// and cancellation unwind through it), and it keeps the stack aligned for fn.
#if defined(__x86_64__)
__asm__(".section .text.parcheck_call_entry,\"ax\",@progbits\n"
        ".globl parcheck_call_entry\n"
        ".hidden parcheck_call_entry\n"
        ".type parcheck_call_entry,@function\n"
        ".p2align 4\n"
        "parcheck_call_entry:\n"
        ".cfi_startproc\n"
        "  subq $8, %rsp\n"
        ".cfi_adjust_cfa_offset 8\n"
        "  movq %rdi, %rax\n"
        "  movq %rsi, %rdi\n"
        "  movq %rdx, %rsi\n"
        "  movq %rcx, %rdx\n"
        "  callq *%rax\n"
        ".globl parcheck_entry_return\n"
        ".hidden parcheck_entry_return\n"
        "parcheck_entry_return:\n"
        "  addq $8, %rsp\n"
        ".cfi_adjust_cfa_offset -8\n"
        "  retq\n"
        ".cfi_endproc\n"
        ".size parcheck_call_entry, .-parcheck_call_entry\n"
        ".previous\n");
#else
extern "C" void *parcheck_call_entry(void *fn, void *a, void *b, void *c) {
  return reinterpret_cast<void *(*)(void *, void *, void *)>(fn)(a, b, c);
}
#endif

namespace parcheck {

static const Unwinder kLinkedUnwinder = {_Unwind_Backtrace, _Unwind_GetIP, _Unwind_GetCFA,
                                         _Unwind_GetGR};
static std::atomic<const Unwinder *> g_unwinder{&kLinkedUnwinder};
const Unwinder *CurrentUnwinder() { return g_unwinder.load(std::memory_order_acquire); }
void UseUnwinder(const Unwinder *u) { g_unwinder.store(u, std::memory_order_release); }

namespace {
// glibc's backtrace(), step for step (debug/backtrace.c): the first frame (the caller of
// _Unwind_Backtrace) is skipped, a frame with the same pc and CFA as the one before ends the
// walk, and a last null pc (above _start) is dropped; unlike it, the walk also ends at the
// frame of CallEntry (rt_stack.h), which is dropped as well. Called directly rather than through
// libc, which would map the 64 KiB of libc's text around backtrace() and read its unwind
// entry, and dlopen libgcc_s on first use (the shim's own copy of the unwinder makes that
// library unneeded, rt_unwind.cpp).
struct BacktraceArg {
  const Unwinder *u;
  void **array;
  uintptr_t cfa;
  int cnt, size;
};
_Unwind_Reason_Code BacktraceStep(struct _Unwind_Context *ctx, void *a) {
  BacktraceArg *arg = static_cast<BacktraceArg *>(a);
  if (arg->cnt != -1) {
    arg->array[arg->cnt] = reinterpret_cast<void *>(arg->u->getIP(ctx));
    uintptr_t cfa = arg->u->getCFA(ctx);
    if (arg->cnt > 0 && arg->array[arg->cnt - 1] == arg->array[arg->cnt] && cfa == arg->cfa)
      return _URC_END_OF_STACK;
    arg->cfa = cfa;
    if (IsEntryReturn(uintptr_t(arg->array[arg->cnt]))) return _URC_END_OF_STACK;
  }
  if (++arg->cnt == arg->size) return _URC_END_OF_STACK;
  return _URC_NO_REASON;
}
} // namespace

__attribute__((noinline)) int Backtrace(void **array, int size) {
  if (size <= 0) return 0;
  const Unwinder *u = CurrentUnwinder();
  BacktraceArg arg = {u, array, 0, -1, size};
  u->backtrace(BacktraceStep, &arg);
  if (arg.cnt > 1 && arg.array[arg.cnt - 1] == nullptr) --arg.cnt;
  int n = arg.cnt != -1 ? arg.cnt : 0;
  __asm__ __volatile__("" ::: "memory");  // not a tail call: this frame is the one skipped
  return n;
}

StackRef StackFromPc(uintptr_t pc) {
  StackRef s;
  s.pcs = static_cast<uintptr_t *>(InternalAlloc(sizeof(uintptr_t)));
  s.pcs[0] = pc;
  s.n = 1;
  return s;
}

StackRef CopyStack(const StackRef &o) {
  StackRef s;
  if (!o.n) return s;
  s.pcs = static_cast<uintptr_t *>(InternalAlloc(o.n * sizeof(uintptr_t)));
  memcpy(s.pcs, o.pcs, o.n * sizeof(uintptr_t));
  s.n = o.n;
  return s;
}

void ReleaseStack(StackRef &s) {
  if (s.pcs) InternalFree(s.pcs, s.n * sizeof(uintptr_t));
  s.pcs = nullptr;
  s.n = 0;
}

StackRef CaptureStack(uintptr_t callerPc) {
  void *buf[80];
  int depth = g_flags.stack_depth;
  int n = Backtrace(buf, depth + 8 < 80 ? depth + 8 : 80);
  // Drop the runtime's own frames: everything before the interceptor's caller.
  int start = 0;
  for (int i = 0; i < n; ++i)
    if (uintptr_t(buf[i]) == callerPc) {
      start = i;
      break;
    }
  if (start == 0 && (n == 0 || uintptr_t(buf[0]) != callerPc)) return StackFromPc(callerPc);
  int cnt = n - start;
  if (cnt > depth) cnt = depth;
  StackRef s;
  s.pcs = static_cast<uintptr_t *>(InternalAlloc(cnt * sizeof(uintptr_t)));
  for (int i = 0; i < cnt; ++i) s.pcs[i] = uintptr_t(buf[start + i]);
  s.n = uint32_t(cnt);
  return s;
}

uint32_t CaptureStackInto(uintptr_t callerPc, uintptr_t *out, uint32_t max) {
  void *buf[80];
  int depth = g_flags.stack_depth < int(max) ? g_flags.stack_depth : int(max);
  int n = Backtrace(buf, depth + 8 < 80 ? depth + 8 : 80);
  int start = -1;
  for (int i = 0; i < n && start < 0; ++i)
    if (uintptr_t(buf[i]) == callerPc) start = i;
  if (start < 0) {  // the caller is not on the unwound stack (a tail call): its pc alone
    out[0] = callerPc;
    return 1;
  }
  int cnt = n - start < depth ? n - start : depth;
  for (int i = 0; i < cnt; ++i) out[i] = uintptr_t(buf[start + i]);
  return uint32_t(cnt);
}

} // namespace parcheck
