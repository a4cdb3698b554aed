#!/usr/bin/env python3
"""Checks that every source path docs/design.md names exists, so the map stays true.

  design_map.py <source root> [design.md]

Two forms are read:
  * the layout blocks (``` fenced): a line "folder/   text" at column 0 opens a
    folder; an indented line starts with the files of it, up to the first word
    that is not one: "Options.cpp/.h" (Options.cpp and Options.h),
    "A.cpp, B.cpp", "ExtractContext.*" (a glob that must match). A line that
    starts with no file name is a group heading ("detectors") or a
    description's continuation.
  * `backquoted` paths in the prose: a relative path with a source extension,
    resolved from the root, checker/ or runtime/ (a bare file name anywhere
    under checker/, runtime/ or common/). Placeholders (<name>) and paths out
    of the tree (../) are not paths to check.
Prints every path it checked as "ok <path>" or "MISSING <path> (line N)", then
a summary; exits 1 if anything is missing.
"""
import glob
import os
import re
import sys

EXT = r'(?:cpp|h|c|def|inc|in|py|cmake|md|txt|sh|test|json|yaml)'
FILE = re.compile(r'^\w[\w.+-]*\.(?:' + EXT[3:-1] + r'|\*)(?:/\.\w+)*$')
PROSE = re.compile(r'`([\w./<>*+-]+\.' + EXT + r')`')


def expand(entry):
    """'Options.cpp/.h' -> ['Options.cpp', 'Options.h']."""
    parts = entry.split('/.')
    base = parts[0]
    stem = base[:base.rfind('.')]
    return [base] + [stem + '.' + ext for ext in parts[1:]]


def exists(root, rel):
    if '*' in rel:
        return bool(glob.glob(os.path.join(root, rel)))
    return os.path.exists(os.path.join(root, rel))


def block_paths(lines):
    """(path, line number) of every file the layout blocks list."""
    out, folder, fenced = [], None, False
    for n, line in enumerate(lines, 1):
        if line.startswith('```'):
            fenced, folder = not fenced, None
            continue
        if not fenced or not line.strip():
            continue
        if not line.startswith(' '):
            head = line.split()[0]
            folder = head if head.endswith('/') else None
            continue
        if folder is None:
            continue
        for token in line.split():
            entry = token.rstrip(',')
            if not FILE.match(entry):
                break
            out.extend((folder + p, n) for p in expand(entry))
    return out


def prose_paths(root, lines):
    """(path, line number) of every backquoted source path outside the blocks."""
    out, fenced = [], False
    for n, line in enumerate(lines, 1):
        if line.startswith('```'):
            fenced = not fenced
            continue
        if fenced:
            continue
        for m in PROSE.finditer(line):
            p = m.group(1)
            if '<' in p or '*' in p or p.startswith('../'):
                continue
            out.append((p, n))
    return out


def resolve_prose(root, p):
    if '/' in p:
        for base in ('', 'checker/', 'runtime/'):
            if exists(root, base + p):
                return base + p
        return None
    for top in ('checker', 'runtime', 'common'):
        hits = glob.glob(os.path.join(root, top, '**', p), recursive=True)
        if hits:
            return os.path.relpath(sorted(hits)[0], root)
    return None


def main():
    root = sys.argv[1]
    doc = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, 'docs', 'design.md')
    lines = open(doc, encoding='utf-8').read().split('\n')
    missing = 0
    checked = 0
    for p, n in block_paths(lines):
        checked += 1
        if exists(root, p):
            print('ok', p)
        else:
            print('MISSING %s (line %d)' % (p, n))
            missing += 1
    for p, n in prose_paths(root, lines):
        checked += 1
        r = resolve_prose(root, p)
        if r:
            print('ok', r)
        else:
            print('MISSING %s (line %d)' % (p, n))
            missing += 1
    print('%d paths, %d missing' % (checked, missing))
    return 1 if missing else 0


if __name__ == '__main__':
    sys.exit(main())
