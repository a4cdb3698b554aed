#!/usr/bin/env python3
"""Lists the function bodies longer than a limit (default 150 lines).

  scripts/long-functions.py [--limit N] [--allow FILE] [--root DIR] [paths...]

The paths (default: checker runtime common tools unittests, under --root or
the current folder) are walked for C and C++ sources (.c .cc .cpp .h .inc)
and Python programs (.py, or a file without a suffix whose first line names
python). One line per function over the limit:

  path:line: N lines: signature

A function's lines run from the first line of its signature (template and
return type included) to its closing brace; lambdas, local classes and
nested functions count towards the function that holds them. Exit status:
0 when every long function is in the allow-list, 1 otherwise.

The allow-list (--allow) names the functions that may stay long: one
"path function-name" a line, '#' starts a comment that should say why. An
entry that matches no long function is stale and is an error too, so the
list shrinks when a function is split.

C and C++ are read with a small scanner, not a parser: comments, string and
character literals and preprocessor lines are blanked, then every '{' is
classified by the text before it. A namespace, extern "C", class, struct or
union opens a scope whose members are looked at; a '{' after a ')' (with
const, override, noexcept, a trailing return type or a constructor's
initialisers) in a scope opens a function; anything else (an initialiser,
an enum) is data and is skipped. Python is read with the ast module.
"""
import argparse
import ast
import os
import re
import sys

DEFAULT_PATHS = ['checker', 'runtime', 'common', 'tools', 'unittests']
C_SUFFIXES = ('.c', '.cc', '.cpp', '.h', '.inc')


def blank(text):
    """text with comments, literals and preprocessor lines turned to spaces,
    newlines kept, so that offsets and line numbers stay those of text."""
    out = list(text)
    i, n = 0, len(text)
    line_start = True

    def clear(a, b):
        for k in range(a, b):
            if out[k] != '\n':
                out[k] = ' '

    while i < n:
        c = text[i]
        if line_start and c == '#':
            # A preprocessor line, with its continuations.
            j = i
            while j < n and not (text[j] == '\n' and text[j - 1] != '\\'):
                j += 1
            clear(i, j)
            i = j
            continue
        if c == '\n':
            line_start = True
            i += 1
            continue
        if c in ' \t':
            i += 1
            continue
        line_start = False
        if text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            clear(i, j)
            i = j
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            clear(i, j)
            i = j
        elif c == 'R' and text.startswith('"', i + 1) and not (i and (text[i - 1].isalnum() or
                                                                      text[i - 1] == '_')):
            m = re.match(r'R"([^()\\\s]{0,16})\(', text[i:])
            if not m:
                i += 1
                continue
            end = text.find(')' + m.group(1) + '"', i + m.end())
            j = n if end < 0 else end + len(m.group(1)) + 2
            clear(i + 1, j)
            i = j
        elif c in '"\'':
            if c == "'" and i and text[i - 1].isalnum():
                i += 1  # a digit separator (1'000) or a suffix, not a literal
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != '\n':
                j += 2 if text[j] == '\\' else 1
            clear(i + 1, min(j, n))
            i = j + 1
        else:
            i += 1
    return ''.join(out)


SCOPE = re.compile(r'\b(namespace|class|struct|union)\b|^extern\s*"')
# What may follow a function's ')' before its '{'.
TAIL = re.compile(r'(\s*(const|volatile|override|final|noexcept(\s*\([^()]*\))?|mutable|try|'
                  r'&&?|->[^;{}()]*|__attribute__\s*\(\([^()]*\)\)))*\s*$')
ACCESS = re.compile(r'^(?:\s*(?:public|private|protected)\s*:(?!:))+')


def is_function(head):
    """A '{' after head opens a function body: head ends with a parameter
    list (and qualifiers), or with a constructor's initialisers."""
    h = TAIL.sub('', head)
    if h.endswith(')'):
        return True
    # A constructor: 'Foo(int x) : A(x), B{x}' (a braced initialiser kept in head).
    return bool(re.search(r'\)\s*:[^:]', h)) and re.search(r'[)}]$', h) is not None


def c_functions(path):
    """(first line, number of lines, signature) of every function in path."""
    text = open(path, encoding='utf-8', errors='replace').read()
    code = blank(text)
    line_of = [0] * (len(code) + 1)
    line = 1
    for k, ch in enumerate(code):
        line_of[k] = line
        if ch == '\n':
            line += 1
    line_of[len(code)] = line

    stack = []        # 'scope', 'function', 'data' for each open '{'
    head_start = 0    # where the text before the next '{' starts, at scope level
    fn_start = None   # (offset of the signature, offset of its '{') of the open function
    for k, ch in enumerate(code):
        if ch not in '{};':
            continue
        in_scope = all(kind == 'scope' for kind in stack)
        if ch == ';':
            if in_scope:
                head_start = k + 1
            continue
        if ch == '{':
            if not in_scope:
                stack.append('data')
                continue
            raw = code[head_start:k]
            m = ACCESS.match(raw)
            skip = m.end() if m else 0
            head = raw[skip:].strip()
            if is_function(head):
                stack.append('function')
                start = head_start + skip + len(raw[skip:]) - len(raw[skip:].lstrip())
                fn_start = (start, k)
            elif SCOPE.search(head) and not head.endswith('=') and \
                    not re.search(r'\benum\b', head):
                stack.append('scope')
                head_start = k + 1
            else:
                stack.append('data')
            continue
        # '}'
        if not stack:
            continue
        kind = stack.pop()
        if not all(kind2 == 'scope' for kind2 in stack):
            continue
        if kind == 'function':
            start, brace = fn_start
            sig = re.sub(r'\s+', ' ', text[start:brace + 1]).strip()
            yield line_of[start], line_of[k] - line_of[start] + 1, sig[:100]
            head_start = k + 1
        elif kind == 'scope':
            head_start = k + 1
        # 'data' at scope level: an initialiser ('= {...};') ends at its ';';
        # a constructor's braced initialiser ('A{x}, B(y) {') is part of the head.


def is_python(path):
    if path.endswith('.py'):
        return True
    if os.path.splitext(path)[1]:
        return False
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            first = f.readline()
    except OSError:
        return False
    return first.startswith('#!') and 'python' in first


def py_functions(path):
    tree = ast.parse(open(path, encoding='utf-8').read(), path)
    # Only the outermost functions: a nested one counts towards its holder.
    todo = [tree]
    while todo:
        node = todo.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([child.lineno] + [d.lineno for d in child.decorator_list])
                yield first, child.end_lineno - first + 1, f'def {child.name}(...)'
            else:
                todo.append(child)


def functions(path):
    if path.endswith(C_SUFFIXES):
        return c_functions(path)
    if is_python(path):
        return sorted(py_functions(path))
    return []


def read_allow(path):
    """{(path, name): line of the entry} from an allow-list file."""
    allow = {}
    for n, line in enumerate(open(path, encoding='utf-8'), 1):
        line = line.split('#', 1)[0].strip()
        if line:
            file, name = line.split(None, 1)
            allow[(file, name.strip())] = n
    return allow


def function_name(sig):
    """The qualified name in a signature: 'FunctionAnalyzer::recordCall'."""
    m = re.match(r'def (\w+)', sig)
    if m:
        return m.group(1)
    before = sig.split('(')[0].split()
    return before[-1].lstrip('*&') if before else sig


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--limit', type=int, default=150)
    ap.add_argument('--allow', help='allow-list file ("path function-name" a line)')
    ap.add_argument('--root', default='.', help='folder the paths are relative to')
    ap.add_argument('paths', nargs='*', default=DEFAULT_PATHS)
    a = ap.parse_args()
    allow = read_allow(a.allow) if a.allow else {}
    used = set()
    found = 0
    for root in a.paths:
        top = os.path.join(a.root, root)
        files = [top] if os.path.isfile(top) else \
            [os.path.join(d, f) for d, _, fs in os.walk(top) for f in fs]
        for p in sorted(files):
            rel = os.path.relpath(p, a.root)
            for line, n, sig in functions(p):
                if n <= a.limit:
                    continue
                key = (rel, function_name(sig))
                if key in allow:
                    used.add(key)
                    print(f'{rel}:{line}: {n} lines: {sig} (allowed)')
                    continue
                print(f'{rel}:{line}: {n} lines: {sig}')
                found += 1
    for key, n in sorted(allow.items(), key=lambda kv: kv[1]):
        if key not in used:
            print(f'{a.allow}:{n}: stale entry: {key[0]} {key[1]} is not over {a.limit} lines; '
                  f'remove it')
            found += 1
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main())
