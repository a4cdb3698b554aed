#!/usr/bin/env python3
"""Function lengths from clang's AST, a cross-check of scripts/long-functions.py.

  scripts/long-functions-ast.py <source root> <build dir> [LIMIT [FILE-SUFFIX...]]

Every function definition written in checker/, runtime/, common/ or unittests/
of the source root (headers included, each counted once), as clang-query
(on PATH) finds it in the TUs of <build dir>/compile_commands.json (only
those ending in one of the FILE-SUFFIXes, when given): its extent from the
first line of its declaration (a template header not included) to its
closing brace, lambdas inside it included. Prints the ten longest and every
one over LIMIT (default 150). A reader, not a gate: the gate is
test/docs/function-length.test (the scanner), which needs no clang-query
and takes seconds; this parses every TU (minutes).
"""
import json, re, subprocess, sys
root, build, limit = sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 150
db = json.load(open(build + '/compile_commands.json'))
files = sorted({e['file'] for e in db if re.search(r'/(checker|runtime|unittests)/', e['file'])})
if len(sys.argv) > 4:
    files = [f for f in files if any(f.endswith(x) for x in sys.argv[4:])]
pat = root.rstrip('/') + '/(checker|runtime|common|unittests)/'
matcher = ('functionDecl(isDefinition(), unless(isImplicit()), '
           'isExpansionInFileMatching("%s"))' % pat)
decl = re.compile(r'^(?:FunctionDecl|CXXMethodDecl|CXXConstructorDecl|CXXDestructorDecl|'
                  r'CXXConversionDecl) 0x[0-9a-f]+ .*?<([^,>]*), ([^>]*)>.*? (?:line:\d+:\d+|col:\d+) '
                  r'(?:used |referenced |constexpr |implicit |invalid )*([~\w:<>=!+*/%&|^\[\]() -]+?) \'')
seen = {}
for i in range(0, len(files), 8):
    chunk = files[i:i + 8]
    out = subprocess.run(['clang-query', '-p', build, *chunk, '-c', 'set output dump',
                          '-c', 'match ' + matcher], capture_output=True, text=True).stdout
    for line in out.splitlines():
        m = decl.match(line)
        if not m:
            continue
        b, e, name = m.groups()
        bm = re.match(r'(.*):(\d+):\d+$', b)
        if not bm or not bm.group(1).startswith(root):
            continue
        f, l1 = bm.group(1), int(bm.group(2))
        em = re.match(r'line:(\d+):\d+$', e)
        l2 = int(em.group(1)) if em else l1
        key = (f[len(root):].lstrip('/'), l1)
        seen[key] = max(seen.get(key, (0, ''))[0], l2 - l1 + 1), name
    print('read %d/%d TUs' % (min(i + 8, len(files)), len(files)), file=sys.stderr)
rows = sorted(((n, f, l, name) for (f, l), (n, name) in seen.items()), reverse=True)
print('%d function definitions from %d TUs' % (len(rows), len(files)))
for n, f, l, name in rows[:10]:
    print('%5d lines  %s:%d  %s' % (n, f, l, name))
over = [r for r in rows if r[0] > limit]
print('%d over %d lines' % (len(over), limit))
for n, f, l, name in over:
    print('OVER %5d lines  %s:%d  %s' % (n, f, l, name))
