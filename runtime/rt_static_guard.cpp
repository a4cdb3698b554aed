//===- rt_static_guard.cpp - refuse a -static link with a readable message ===//
//
// libparcheck_rt_static.a cannot work in a statically linked program: it finds libc's real
// lock functions with dlsym(RTLD_NEXT) and glibc's compat aliases (__pthread_mutex_lock@
// GLIBC_2.2.5), and a static program has neither; its own pthread_mutex_lock would also have
// to replace libc.a's, which libc's internals call directly. Such a link fails on those
// undefined compat symbols. This object (only in the static archive) makes GNU ld say why: a
// .gnu.warning.<sym> section prints its text wherever <sym> is referenced, and
// __libc_setup_tls is referenced only by libc.a's start-up code, that is, only in a static
// link. (ParcheckInstrument.cmake refuses a -static target at configure time.)
//===----------------------------------------------------------------------===//

__attribute__((used, section(".gnu.warning.__libc_setup_tls"))) static const char
    kParcheckStaticLinkRefused[] =
        "parcheck: libparcheck_rt_static.a cannot be linked into a -static program (it "
        "needs the dynamic libc to find the real lock functions): link the program "
        "dynamically (drop -static), or run a dynamic build under parcheck-run";
