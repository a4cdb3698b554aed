#!/usr/bin/env python3
"""Lists the C++ function bodies longer than a limit (default 150 lines).

  scripts/long-functions.py [--limit N] [paths...]   (default: checker runtime)

A body starts at a line that opens a brace after a signature at indentation 0
or 2 (free functions, members defined in a class) and ends at the matching
closing brace at the same indentation. Lambdas and nested classes count
towards the function that holds them. Heuristic: good enough for this
project's LLVM style, not a C++ parser.
"""
import argparse
import os
import re
import sys

SIG = re.compile(r'^( {0,2})(?!(?:if|for|while|switch|return|else|do|namespace|struct|class|enum|union)\b)'
                 r'[A-Za-z_~].*\)\s*(?:const\s*)?(?:override\s*)?(?:noexcept\s*)?(?:->[^{]*)?\{\s*$')


def functions(path):
    lines = open(path, encoding='utf-8', errors='replace').read().split('\n')
    i = 0
    while i < len(lines):
        m = SIG.match(lines[i])
        if not m:
            # A signature split over lines: the '{' line ends with ") {" or
            # ") const {" and an earlier line at the same indentation starts it.
            i += 1
            continue
        indent = m.group(1)
        start = i
        # Walk back over a signature that wraps.
        while start > 0 and lines[start - 1].startswith(indent + ' ') is False and \
                lines[start - 1].strip() and not lines[start - 1].rstrip().endswith((';', '}', '{')) \
                and not lines[start - 1].lstrip().startswith(('//', '#')):
            start -= 1
        end = i + 1
        close = indent + '}'
        while end < len(lines) and not (lines[end].startswith(close) and
                                         not lines[end].startswith(close + ' //')
                                         or lines[end].rstrip() == close):
            end += 1
        name = re.sub(r'\s+', ' ', ' '.join(l.strip() for l in lines[start:i + 1]))
        yield start + 1, end - start + 1, name[:100]
        i = end + 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--limit', type=int, default=150)
    ap.add_argument('paths', nargs='*', default=['checker', 'runtime'])
    a = ap.parse_args()
    found = 0
    for root in a.paths:
        for dirpath, _, files in sorted(os.walk(root)):
            for f in sorted(files):
                if not f.endswith(('.cpp', '.h', '.c', '.inc')):
                    continue
                p = os.path.join(dirpath, f)
                for line, n, name in functions(p):
                    if n > a.limit:
                        print(f'{p}:{line}: {n} lines: {name}')
                        found += 1
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main())
