#!/bin/bash
# The facts step as a distcc job: a distccd on localhost is the volunteer, parcheck-cc the
# "compiler" it runs. distcc preprocesses each TU locally (parcheck-cc -E, clang's own
# preprocessor), ships the .i to distccd, which runs `parcheck-cc -c x.i -o x.o` and sends the
# "object" (the facts file) back. Then `parcheck --from-facts` analyses them.
#
#   distcc-demo.sh PARCHECK_BIN_DIR WORK_DIR SOURCES...
#
# Exits non-zero when a job did not run on distccd (DISTCC_FALLBACK=0: no silent local run).
set -eu
bin=$1 work=$2
shift 2
mkdir -p "$work/facts"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# --enable-tcp-insecure lets distccd run a compiler that is not masqueraded in /usr/lib/distcc
# (a test must not change the system); a real volunteer lists parcheck-cc there instead
# (docs/scale.md). Bound to 127.0.0.1 only.
# distccd, started as root, runs jobs as the user 'distcc': it works in /tmp, not in the
# caller's private TMPDIR (lit's is mode 700).
(cd / && TMPDIR=/tmp PATH="$bin:$PATH" exec distccd --no-detach --daemon --listen 127.0.0.1 --port "$port" --allow 127.0.0.1 \
  --enable-tcp-insecure --log-stderr --log-level info --jobs 2 2> "$work/distccd.log") &
daemon=$!
trap 'kill $daemon 2>/dev/null; wait $daemon 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do  # until distccd listens (at most 30 s)
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.05
done
# distcc keeps its state under $DISTCC_DIR (else $HOME/.distcc; lit runs without HOME).
export DISTCC_DIR="$work/distcc-state"
mkdir -p "$DISTCC_DIR"
export DISTCC_HOSTS="127.0.0.1:$port/2" DISTCC_FALLBACK=0 DISTCC_SKIP_LOCAL_RETRY=1 \
  DISTCC_LOG="$work/distcc.log" DISTCC_VERBOSE=1
for src in "$@"; do
  out="$work/facts/$(basename "$src").facts.json"
  PATH="$bin:$PATH" distcc parcheck-cc -c "$src" -o "$out"
done
kill $daemon
wait $daemon 2>/dev/null || true
trap - EXIT
# Every TU compiled remotely: the client says so for each job.
grep -c "compile .* on 127.0.0.1:$port.* completed ok" "$work/distcc.log" || true
