#!/usr/bin/env python3
# check_nested_creates.py — finds calls whose arguments create two or more MLIR ops (ir/, codegen/, frontend/).
#
# C++ leaves the order in which a call's arguments are evaluated unspecified: GCC goes right to left, Clang left to
# right, so `f(X::create(…), Y::create(…))` emits X and Y in a different order depending on the compiler that built
# leptonc (the sanitizer and fuzz builds use Clang, the normal one GCC). Such calls must create their ops in
# statements of their own; a braced list (`ValueRange{a(), b()}`) is evaluated in order and is fine.
# "Creating" means `::create(`, `.create<`, or a call to one of HELPERS (project functions and lambdas that build
# ops: add a new helper's name here). Usage: check_nested_creates.py [FILE…] (default: every .cpp/.h of the three
# folders); prints each call and exits 1 if there is any.
import os
import re
import sys

HELPERS = """idx mix uniform between toIndex activation addRegularizers buffer call cliString countCorrect createEnv
createExternEnv createTensorSet epsilonAt f32 f64 i32 i64 index finishReturns forward heapView learningRate
loadDataset loadDatasetDecl lossOp lossTarget noErrorYet null pointer resetInto resetState running runningAverage
shapeArray solvedNow string tableView tensor zeroedBuffer mean bytes at rows alloc below every act c coin draw
offset loop update store row cst step denseForward convForward poolForward batchNormForward dropoutForward
pointerArray inRange flat sameMemory progressFlags loadOrZero matrix vec arg forRange isZero notI1 isPositive
f32Constant activationElement buildElementwise buildGeneric fill emptyTensor emptyLike""".split()

CREATING = re.compile(r'(::create\s*\(|\.create\s*<|\b(' + '|'.join(HELPERS) + r')\s*\()')
CALL = re.compile(r'[A-Za-z_][A-Za-z0-9_:<>]*\s*\(')
KEYWORD = re.compile(r'(if|for|while|switch|return|sizeof)\s*\($')


def blank_comments_and_strings(src):
    """The source with comments and string/char literal contents replaced by spaces (offsets kept)."""
    out, i, n = [], 0, len(src)
    while i < n:
        if src.startswith('//', i):
            j = src.find('\n', i)
            j = n if j < 0 else j
        elif src.startswith('/*', i):
            j = src.find('*/', i) + 2
        elif src[i] in '"\'':
            j = i + 1
            while j < n and src[j] != src[i]:
                j += 2 if src[j] == '\\' else 1
            j += 1
        else:
            out.append(src[i])
            i += 1
            continue
        out.append(re.sub(r'[^\n]', ' ', src[i:j]))
        i = j
    return ''.join(out)


def arguments(s, open_paren):
    depth, start, args = 0, open_paren + 1, []
    for k in range(open_paren, len(s)):
        if s[k] in '([{':
            depth += 1
        elif s[k] in ')]}':
            depth -= 1
            if depth == 0:
                args.append(s[start:k])
                return args
        elif s[k] == ',' and depth == 1:
            args.append(s[start:k])
            start = k + 1
    return args


def findings(path):
    s = blank_comments_and_strings(open(path, encoding='utf-8').read())
    for m in CALL.finditer(s):
        if KEYWORD.match(m.group(0)):
            continue
        # A lambda argument is a body builder: it runs later, not while the arguments are evaluated.
        creating = [a for a in arguments(s, m.end() - 1) if CREATING.search(a) and not a.strip().startswith('[')]
        if len(creating) >= 2:
            yield s.count('\n', 0, m.start()) + 1, m.group(0).rstrip('( ')


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    files = sys.argv[1:] or sorted(
        os.path.join(d, f) for folder in ('ir', 'codegen', 'frontend')
        for d, _, names in os.walk(os.path.join(root, folder)) for f in names if f.endswith(('.cpp', '.h')))
    count = 0
    for path in files:
        for line, name in findings(path):
            print(f'{os.path.relpath(path, root)}:{line}: {name}(...) has two or more op-creating arguments')
            count += 1
    if count:
        print(f'{count} call(s): create each op in a statement of its own (docs/testing.md)')
    return 1 if count else 0


if __name__ == '__main__':
    sys.exit(main())
