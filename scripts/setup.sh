#!/usr/bin/env bash
# Installs what is missing (Debian 12, as root) and builds parcheck into build/.
# Idempotent: with everything present it costs one dpkg query and a no-op ninja.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${PARCHECK_BUILD_DIR:-$top/build}

pkgs=(clang-19 libclang-19-dev llvm-19-dev llvm-19-tools libclang-rt-19-dev
      cmake ninja-build python3 python3-jsonschema googletest libgtest-dev
      graphviz chromium chromium-driver python3-selenium distcc libmimalloc-dev)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing packages and not root; run as root or install: ${missing[*]}" >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$top" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 >/dev/null
fi
# One retry: on this machine kind clang++-19 has been seen to fail spuriously
# ("source file is not valid UTF-8" in <built-in>, a segfault) on a file that
# builds the next time; a real error fails twice and is shown.
if ! ninja -C "$build" >"$build/ninja.log" 2>&1; then
  if ! ninja -C "$build" >"$build/ninja.log" 2>&1; then
    cat "$build/ninja.log" >&2
    echo "setup: build failed" >&2
    exit 2
  fi
  echo "setup: the first build attempt failed and the retry succeeded" >&2
fi
