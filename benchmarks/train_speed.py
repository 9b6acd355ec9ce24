"""How close training runs to the cost of its unavoidable matrix products.

For the cat models (L-layer [12288, 20, 7, 5, 1] and two-layer (12288, 7, 1), m = 209) this times,
in one process, interleaved, several repetitions each:
  rowspace dnn_utils' training as L_layer_model / two_layer_model run it (method="auto" picks the
           row-space path here: W[1] = W[1]_0 + C Xᵀ, first layer n1·m² instead of n1·n0·m),
  course   the same loop with method="direct" (the textbook algorithm, at the speed of its products),
  textbook the same algorithm as it is usually written (per-layer tuple caches, dA0 computed,
           dAL by division, a new parameter dict every step, float64), once with the same BLAS
           thread limit as the course loop and once with the BLAS environment left as it is
           (what a learner's own notebook gets),
  floor    only the matrix products one iteration cannot avoid, same shapes.
It prints medians and min-max of the times and the ratios rowspace/floor, rowspace/course,
course/floor and textbook/course, the achieved GFLOP/s (of the textbook algorithm's products), and
checks that course and textbook give the same costs (1e-12 relative) and rowspace and textbook too
(1e-10 relative).
It also compares 1 and 2 BLAS threads and the course's choice by measurement
(training.run_with_tuned_threads) for the course loop (method="direct") and the row-space path, on the idle machine and with the other core
kept busy by a second process (as on a shared machine), against the textbook loop as a learner runs
it (textbook*: BLAS threads left as they are). Data: the real cat images if
lr_utils finds them, otherwise random inputs of the same shape (the speed does not depend on
the values). Usage: python benchmarks/train_speed.py [--iterations N] [--repeats K]
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

import dnn_utils
from dnn_utils import training


def textbook_sigmoid(Z):
    return 1 / (1 + np.exp(-Z)), Z


def textbook_relu(Z):
    return np.maximum(0, Z), Z


def textbook_train(X, Y, parameters, learning_rate, num_iterations):
    """The usual notebook implementation, kept deliberately plain (as learners write it)."""
    L = len(parameters) // 2
    costs = []
    logged = set(training.cost_iterations(num_iterations))
    m = Y.shape[1]
    for i in range(num_iterations):
        caches = []
        A = X
        for l in range(1, L + 1):
            A_prev = A
            W, b = parameters["W" + str(l)], parameters["b" + str(l)]
            Z = np.dot(W, A_prev) + b
            A, activation_cache = (textbook_sigmoid if l == L else textbook_relu)(Z)
            caches.append(((A_prev, W, b), activation_cache))
        AL = A
        cost = np.squeeze(-(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / m)
        if i in logged:
            costs.append(float(cost))
        grads = {}
        dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
        for l in reversed(range(1, L + 1)):
            (A_prev, W, b), Z = caches[l - 1]
            if l == L:
                s = 1 / (1 + np.exp(-Z))
                dZ = dA * s * (1 - s)
            else:
                dZ = np.array(dA, copy=True)
                dZ[Z <= 0] = 0
            grads["dW" + str(l)] = np.dot(dZ, A_prev.T) / m
            grads["db" + str(l)] = np.sum(dZ, axis=1, keepdims=True) / m
            grads["dA" + str(l - 1)] = np.dot(W.T, dZ)
            dA = grads["dA" + str(l - 1)]
        parameters = {k: parameters[k] - learning_rate * grads["d" + k] for k in parameters}
    return parameters, costs


def floor(X, Y, parameters, learning_rate, num_iterations):
    """Only the products: Z[l] = W[l]·A[l-1] forward, dW[l] = dZ[l]·A[l-1]ᵀ and
    dA[l-1] = W[l]ᵀ·dZ[l] (l > 1) backward, into preallocated buffers, in the layout measured
    fastest for them (transposed, examples as rows: the course loop's layout)."""
    L = len(parameters) // 2
    WT = [None] + [np.ascontiguousarray(parameters[f"W{l}"].T) for l in range(1, L + 1)]
    m = Y.shape[1]
    AT = [np.ascontiguousarray(X.T)] + [np.ones((m, WT[l].shape[1])) for l in range(1, L + 1)]
    dWT = [None] + [np.empty_like(WT[l]) for l in range(1, L + 1)]
    for _ in range(num_iterations):
        for l in range(1, L + 1):
            np.matmul(AT[l - 1], WT[l], out=AT[l])
        for l in range(L, 0, -1):
            np.matmul(AT[l - 1].T, AT[l], out=dWT[l])
            if l > 1:
                np.matmul(AT[l], WT[l].T, out=AT[l - 1])
    return None, []


def flops(dims, m):
    fwd = sum(2 * dims[l] * dims[l - 1] * m for l in range(1, len(dims)))
    bwd = sum(2 * dims[l] * dims[l - 1] * m * (2 if l > 1 else 1) for l in range(1, len(dims)))
    return fwd + bwd


def load_inputs():
    try:
        import lr_utils
        train_x_orig, train_y, *_ = lr_utils.load_dataset(download=False)
        return train_x_orig.reshape(train_x_orig.shape[0], -1).T / 255.0, train_y.astype(float), "cat data"
    except Exception as err:  # noqa: BLE001 - any problem: fall back to random data
        rng = np.random.default_rng(0)
        return rng.random((12288, 209)), (rng.random((1, 209)) > 0.65).astype(float), f"random ({err})"


def timed(fn, *args):
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def summary(xs):
    return f"median {statistics.median(xs):7.3f} s  (min {min(xs):.3f}, max {max(xs):.3f})"


def bench_model(name, X, Y, dims, init, iterations, repeats):
    lr = 0.0075
    params = init()
    training.BLAS_THREADS = 1  # compare the algorithms at one thread; threads are measured below
    runs = {"rowspace": [], "course": [], "textbook": [], "textbook*": [], "floor": []}
    ratio_floor, ratio_textbook, ratio_default = [], [], []
    row_floor, row_course = [], []
    for _ in range(repeats):
        t_row, (_, c_row) = timed(training.gradient_descent, X, Y, params, lr, iterations, False,
                                  "rowspace")
        t_course, (_, c_course) = timed(training.gradient_descent, X, Y, params, lr, iterations,
                                        False, "direct")
        with threadpool_limits(limits=training.BLAS_THREADS, user_api="blas"):
            t_text, (_, c_text) = timed(textbook_train, X, Y, params, lr, iterations)
            t_floor, _ = timed(floor, X, Y, params, lr, iterations)
        t_default, (_, c_default) = timed(textbook_train, X, Y, params, lr, iterations)
        for k, t in zip(runs, (t_row, t_course, t_text, t_default, t_floor)):
            runs[k].append(t)
        row_floor.append(t_row / t_floor)
        row_course.append(t_row / t_course)
        ratio_floor.append(t_course / t_floor)
        ratio_textbook.append(t_text / t_course)
        ratio_default.append(t_default / t_course)
        for other in (c_text, c_default):
            rel = np.max(np.abs(np.array(c_course) - other) / np.abs(other))
            assert rel < 1e-12, f"costs differ from the textbook run: {rel:.2e} relative"
            rel = np.max(np.abs(np.array(c_row) - other) / np.abs(other))
            assert rel < 1e-10, f"rowspace costs differ from the textbook run: {rel:.2e} relative"
    gf = flops(dims, X.shape[1]) * iterations / 1e9
    print(f"\n{name} {dims}, {iterations} iterations, {repeats} interleaved repeats, "
          f"BLAS threads {training.BLAS_THREADS}")
    for k, v in runs.items():
        print(f"  {k:9s} {summary(v)}  {gf / statistics.median(v):6.1f} GFLOP/s")
    print(f"  rowspace / floor   = {statistics.median(row_floor):.3f}  "
          f"(min {min(row_floor):.3f}, max {max(row_floor):.3f})")
    print(f"  rowspace / course  = {statistics.median(row_course):.3f}  "
          f"(min {min(row_course):.3f}, max {max(row_course):.3f})")
    print(f"  course / floor     = {statistics.median(ratio_floor):.3f}  "
          f"(min {min(ratio_floor):.3f}, max {max(ratio_floor):.3f})")
    print(f"  textbook / course  = {statistics.median(ratio_textbook):.3f}  "
          f"(min {min(ratio_textbook):.3f}, max {max(ratio_textbook):.3f})  same thread limit")
    print(f"  textbook* / course = {statistics.median(ratio_default):.3f}  "
          f"(min {min(ratio_default):.3f}, max {max(ratio_default):.3f})  BLAS as it is")
    print("  costs: course == textbook within 1e-12 relative, rowspace == textbook within 1e-10, "
          "at every logged iteration")
    return statistics.median(row_floor), statistics.median(ratio_floor), statistics.median(ratio_textbook)


def busy_core():
    """A process that keeps one core busy with single-threaded matrix products (a shared machine)."""
    code = "import numpy as np\na = np.ones((400, 400))\nwhile True:\n    a @ a\n"
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    return subprocess.Popen([sys.executable, "-c", code], env=env)


def bench_threads(X, Y, iterations, repeats, busy=False):
    params = dnn_utils.initialize_parameters_deep([12288, 20, 7, 5, 1], seed=1, init="lecun")
    times = {1: [], 2: [], None: [], "rowspace": [], "textbook*": []}
    hog = busy_core() if busy else None
    try:
        for _ in range(repeats):
            for n in times:
                if n == "textbook*":
                    times[n].append(timed(textbook_train, X, Y, params, 0.0075, iterations)[0])
                    continue
                training.BLAS_THREADS = None if n == "rowspace" else n
                method = "rowspace" if n == "rowspace" else "direct"  # threads matter for the big products
                times[n].append(timed(training.gradient_descent, X, Y, params, 0.0075, iterations,
                                      False, method)[0])
    finally:
        training.BLAS_THREADS = None
        if hog is not None:
            hog.kill()
            hog.wait()
    where = "the other core kept busy by another process" if busy else "otherwise idle machine"
    print(f"\nBLAS threads, L-layer model ({iterations} iterations, interleaved, {where}):")
    names = {1: "1 thread", 2: "2 threads", None: "tuned", "rowspace": "rowspace (tuned)",
             "textbook*": "textbook*"}
    for n, v in times.items():
        print(f"  {names[n]:16s} {summary(v)}")
    med = {n: statistics.median(v) for n, v in times.items()}
    print(f"  2 threads / 1 thread = {med[2] / med[1]:.3f}; tuned / 1 thread = {med[None] / med[1]:.3f}; "
          f"textbook* / tuned = {med['textbook*'] / med[None]:.3f}; "
          f"rowspace / tuned = {med['rowspace'] / med[None]:.3f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iterations", type=int, default=300)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    X, Y, source = load_inputs()
    blas = [(i["internal_api"], i["num_threads"], i.get("architecture")) for i in threadpool_info()]
    print(f"inputs: {source}; numpy {np.__version__}; BLAS {blas}")
    deep = [12288, 20, 7, 5, 1]
    bench_model("L_layer_model", X, Y, deep,
                lambda: dnn_utils.initialize_parameters_deep(deep, seed=1, init="lecun"),
                args.iterations, args.repeats)
    bench_model("two_layer_model", X, Y, [12288, 7, 1],
                lambda: dnn_utils.initialize_parameters(12288, 7, 1), args.iterations, args.repeats)
    bench_threads(X, Y, args.iterations, args.repeats)
    bench_threads(X, Y, args.iterations, args.repeats, busy=True)
    per_run = args.iterations
    print(f"\n(times are for {per_run} iterations; a 2500-iteration run takes about "
          f"{2500 / per_run:.1f}x as long)")


if __name__ == "__main__":
    main()
