"""CPython side of the interpreter-speed comparison: the programs of bench/lang/*.wh, written
plainly in Python so that the two interpreters do the same work.

    python3 bench/lang/anchor.py NAME       run NAME once and print its result
    python3 bench/lang/anchor.py NAME N     run NAME N times in this process and print
                                            "NAME result=R median=Ts min=Ts n=N"
                                            (time.perf_counter around each run; start-up excluded)

NAME is one of fib, sumsq, sort, strbuf, strcat, noop (bench/lang/run.sh parses the timed line).
"""
import sys
import time

PROGRAMS = {}


def program(fn):
    """Registers a benchmark under its function name (without the leading "run_")."""
    PROGRAMS[fn.__name__[len("run_"):]] = fn
    return fn


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


@program
def run_fib():
    # Recursion and calls: fib(27) = 196418.
    return fib(27)


@program
def run_sumsq():
    # A hot integer loop over 0..<3_000_000. Python's ints are exact, so the sum is too
    # (Whittle's numbers are doubles and print a rounded total).
    total = 0
    for k in range(3_000_000):
        total += k * k
    return total


@program
def run_sort():
    # 200k values of the linear congruential generator x' = (1103515245 x + 12345) mod 2^31,
    # seeded with 12345, then sorted; the result is the element at index 100_000.
    seed = 12345
    values = []
    for _ in range(200_000):
        seed = (seed * 1103515245 + 12345) % 2147483648
        values.append(seed)
    values.sort()
    return values[100_000]


@program
def run_strbuf():
    # The idiomatic way to build a long string: collect the pieces, join once.
    pieces = []
    for k in range(100_000):
        pieces.append(str(k))
    return len("".join(pieces))


@program
def run_strcat():
    # The naive way: grow one string piece by piece.
    text = ""
    for k in range(100_000):
        text += str(k)
    return len(text)


@program
def run_noop():
    # Nothing at all: measures start-up when timed as a whole process.
    return 0


def timed(name, runs):
    fn = PROGRAMS[name]
    seconds = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        seconds.append(time.perf_counter() - start)
    seconds.sort()
    median = seconds[runs // 2]
    return f"{name} result={result} median={median:.4f}s min={seconds[0]:.4f}s n={runs}"


def main(argv):
    if not 2 <= len(argv) <= 3 or argv[1] not in PROGRAMS:
        sys.exit(f"usage: {argv[0]} {{{'|'.join(PROGRAMS)}}} [RUNS]")
    runs = int(argv[2]) if len(argv) == 3 else 0
    if runs > 0:
        print(timed(argv[1], runs))
    else:
        print(PROGRAMS[argv[1]]())


if __name__ == "__main__":
    main(sys.argv)
