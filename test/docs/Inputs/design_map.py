#!/usr/bin/env python3
"""Checks that every source path docs/design.md names exists, so the map stays true.

  design_map.py [--complete] <source root> [design.md]

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

With --complete the map must also name every source file of the layout
(MAPPED_TOPS: .cpp .h .c .def .inc .py under checker/, runtime/, common/ and
tools/, except __init__.py), in a block or in backquotes: each one it does not
name is printed as "UNMAPPED <path>", then "<n> source files, <m> unmapped";
exits 1 if any is unmapped. A file added without its place on the map fails.
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


MAPPED_TOPS = ('checker', 'runtime', 'common', 'tools')
MAPPED_EXT = ('.cpp', '.h', '.c', '.def', '.inc', '.py')


def source_files(root):
    """The source files --complete wants on the map, relative to root, sorted."""
    out = []
    for top in MAPPED_TOPS:
        for d, _, files in os.walk(os.path.join(root, top)):
            for f in files:
                if f.endswith(MAPPED_EXT) and f != '__init__.py':
                    out.append(os.path.relpath(os.path.join(d, f), root))
    return sorted(out)


def unmapped(root, named):
    """Source files none of the named paths (globs included) stand for."""
    have = set()
    for p in named:
        hits = glob.glob(os.path.join(root, p)) if '*' in p else [os.path.join(root, p)]
        have.update(os.path.normpath(os.path.relpath(h, root)) for h in hits)
    return [f for f in source_files(root) if f not in have]


def main():
    args = sys.argv[1:]
    complete = bool(args) and args[0] == '--complete'
    if complete:
        args = args[1:]
    root = args[0]
    doc = args[1] if len(args) > 1 else os.path.join(root, 'docs', 'design.md')
    lines = open(doc, encoding='utf-8').read().split('\n')
    missing = 0
    checked = 0
    named = []
    for p, n in block_paths(lines):
        checked += 1
        if exists(root, p):
            print('ok', p)
            named.append(p)
        else:
            print('MISSING %s (line %d)' % (p, n))
            missing += 1
    for p, n in prose_paths(root, lines):
        checked += 1
        r = resolve_prose(root, p)
        if r:
            print('ok', r)
            named.append(r)
        else:
            print('MISSING %s (line %d)' % (p, n))
            missing += 1
    print('%d paths, %d missing' % (checked, missing))
    if not complete:
        return 1 if missing else 0
    left = unmapped(root, named)
    for f in left:
        print('UNMAPPED', f)
    print('%d source files, %d unmapped' % (len(source_files(root)), len(left)))
    return 1 if missing or left else 0


if __name__ == '__main__':
    sys.exit(main())
