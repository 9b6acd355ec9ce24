"""Training loops for the cat classifier: batch gradient descent, LINEAR->RELU hidden layers and a
LINEAR->SIGMOID output.

Both models return ``(parameters, costs)``. ``costs`` holds the cost at iterations 0, 100, 200, ...
and at the last iteration (``cost_iterations``); each cost is computed before that iteration's
update. Printing is opt-in; nothing here plots.

Speed: the loop computes exactly what ``L_model_forward`` / ``L_model_backward`` /
``update_parameters`` compute, composed so that only the unavoidable matrix products cost
anything: buffers are allocated once and updated in place, dZ[L] = AL - Y is used directly (exact
for a sigmoid output with cross-entropy, and stable where AL saturates), dA0 (the gradient with
respect to the input images, which nothing uses) is never formed, and the matrices are held
transposed (examples as rows), the layout in which both 12288-wide products run fastest.

BLAS threads are chosen by measurement (``run_with_tuned_threads``): on an idle 2-core machine two
threads took 0.54x the time of one, but with the other core busy they took 2-7x as long, erratically
(OpenBLAS threads spin-wait for each other), and the load average cannot tell the two apart in time.
So training times a few iterations with 1 thread and with more, keeps the faster, and measures again
every 300 iterations. The thread count does not change the costs. See benchmarks/train_speed.py.
"""
import os
import time
from contextlib import nullcontext

import numpy as np

from .activations import logistic, rectifier
from .model import compute_cost, initialize_parameters, initialize_parameters_deep, predict

__all__ = ["two_layer_model", "L_layer_model", "gradient_descent", "cost_iterations",
           "run_with_tuned_threads", "thread_candidates", "blas_limit", "report_cost",
           "choose_method", "divergence_warning", "hyperparameter_run", "refine_candidates", "PRINT_EVERY",
           "BLAS_THREADS"]

PRINT_EVERY = 100
BLAS_THREADS = None  # None: tuned by measurement during training; an int fixes the count
MAX_BLAS_THREADS = 4  # the products are small (20 x 12288 x 209); more threads stop paying off
PROBE_ITERATIONS = 8
REPROBE_EVERY = 300
MORE_THREADS_IF = 0.85  # more threads only when their probe took < 85% of the 1-thread time


def report_cost(i, cost):
    """The progress line training prints every PRINT_EVERY iterations (fixed decimals)."""
    print(f"第 {i:4d} 次迭代后的代价 (cost after iteration {i}): {cost:.8f}")


def cost_iterations(num_iterations, every=PRINT_EVERY):
    """Iterations at which training records the cost: 0, every, 2·every, ... and the last one."""
    its = list(range(0, num_iterations, every))
    if num_iterations > 0 and its[-1] != num_iterations - 1:
        its.append(num_iterations - 1)
    return its


def _limit(threads):
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # threadpoolctl is a requirement; without it BLAS is just not pinned
        return nullcontext()
    return threadpool_limits(limits=threads, user_api="blas")


def blas_limit():
    """Context manager: BLAS_THREADS threads (1 when unset), for loops too short to tune."""
    return _limit(BLAS_THREADS or 1)


def thread_candidates(cores=None):
    """BLAS thread counts worth trying: [BLAS_THREADS] if set, else [1] and [1, n] with
    n = min(cores, MAX_BLAS_THREADS) on a multi-core machine."""
    if BLAS_THREADS is not None:
        return [int(BLAS_THREADS)]
    n = min(cores or os.cpu_count() or 1, MAX_BLAS_THREADS)
    return [1] if n <= 1 else [1, n]


def run_with_tuned_threads(step, num_iterations):
    """Call step(i) for i in range(num_iterations): PROBE_ITERATIONS iterations with each
    candidate thread count, then the fastest for REPROBE_EVERY iterations, and again. More
    threads must be clearly faster (MORE_THREADS_IF): when they lose, they lose badly."""
    candidates = thread_candidates()
    i = 0
    while i < num_iterations:
        best, best_time = candidates[0], float("inf")
        if len(candidates) > 1:
            for n in candidates:
                k = min(PROBE_ITERATIONS, num_iterations - i)
                start = time.perf_counter()
                with _limit(n):
                    for j in range(i, i + k):
                        step(j)
                i += k
                per_iteration = (time.perf_counter() - start) / max(k, 1)
                if k and per_iteration < best_time * (MORE_THREADS_IF if n > best else 1.0):
                    best, best_time = n, per_iteration
        end = min(num_iterations, i + REPROBE_EVERY)
        with _limit(best):
            for j in range(i, end):
                step(j)
        i = end


def choose_method(n0, m, num_iterations, n1, snapshot_every=None):
    """"rowspace" when it needs fewer multiply-adds than "direct", else "direct".
    Direct: 2·n1·n0·m per iteration for the first layer (forward and dW[1]). Row space:
    n1·m² per iteration, plus n0·m² (K = XᵀX) and n0·m·n1 (P = W[1]_0 X) once and n0·m·n1 for
    every W[1] that is materialised (the result and each snapshot)."""
    if n0 <= m or num_iterations < 1:
        return "direct"
    materialised = 1 + (num_iterations // snapshot_every if snapshot_every else 0)
    direct = 2 * n1 * n0 * m * num_iterations
    rowspace = n1 * m * m * num_iterations + n0 * m * m + n0 * m * n1 * (1 + materialised)
    return "rowspace" if rowspace < direct else "direct"


DIVERGE_RISES = 2  # recorded costs rising this many times in a row, past the first: diverging


def divergence_warning(i, why):
    """The line training prints once when it sees the run diverging."""
    print(f"⚠ 警告：训练在发散 (diverging)：{why}（第 {i} 次迭代）。"
          f"学习率 (learning_rate) 多半太大了，把它调小（例如除以 10）再试。")


def gradient_descent(X, Y, parameters, learning_rate, num_iterations, print_cost=False,
                     method="auto", snapshot_every=None, on_snapshot=None):
    """Train [LINEAR->RELU] x (L-1) -> LINEAR->SIGMOID from the given parameters (not modified).
    X (n0, m), Y (1, m) -> (parameters, costs).

    Internally every matrix is held transposed (examples as rows: A^T (m, n[l]), W^T
    (n[l-1], n[l])), so Z^T = A_prev^T W^T + b^T; the arithmetic is the course's, but the two
    12288-wide products then read both operands in the order BLAS handles fastest.

    method: "direct" updates W[1] itself. "rowspace" uses that every step dW[1] = (1/m) dZ[1] Xᵀ
    is a combination of the training examples, so W[1] = W[1]_0 + C Xᵀ with C (n1, m): with
    P = W[1]_0 X and K = XᵀX computed once, Z[1] = P + C K + b[1] costs n1·m² instead of
    n1·n0·m, the update is C -= (α/m) dZ[1], and W[1] is formed only for the result and the
    snapshots. Same iterates in exact arithmetic (costs agree to ~1e-12 in float64).
    "auto" (default) takes "rowspace" when it is cheaper (choose_method: n0 > m).

    on_snapshot(i, parameters), if given, is called with the parameters before update i for
    i = 0, snapshot_every, 2·snapshot_every, ... < num_iterations (default every PRINT_EVERY).

    Prints a warning containing "发散 (diverging)" once if the recorded cost rises DIVERGE_RISES
    times in a row to above the first recorded cost, or a parameter becomes non-finite (the cost
    clipping in compute_cost keeps a diverging run's costs finite and normal-looking)."""
    L = len(parameters) // 2
    WT = [None] + [np.array(parameters[f"W{l}"], dtype=float).T.copy() for l in range(1, L + 1)]
    bT = [None] + [np.array(parameters[f"b{l}"], dtype=float).T.copy() for l in range(1, L + 1)]
    YT = np.asarray(Y, dtype=float).reshape(-1, 1)
    m = YT.shape[0]
    XT = np.ascontiguousarray(np.asarray(X, dtype=float).T)  # (m, n0)
    n0, n1 = WT[1].shape
    if on_snapshot is not None and snapshot_every is None:
        snapshot_every = PRINT_EVERY
    if method == "auto":
        method = choose_method(n0, m, num_iterations, n1, snapshot_every if on_snapshot else None)
    if method not in ("direct", "rowspace"):
        raise ValueError(f'method must be "direct", "rowspace" or "auto", not {method!r}')
    rowspace = method == "rowspace"
    AT = [XT] + [np.empty((m, WT[l].shape[1])) for l in range(1, L + 1)]
    ZT = [None] + [np.empty_like(AT[l]) for l in range(1, L + 1)]
    dZT = [None] + [np.empty_like(AT[l]) for l in range(1, L + 1)]
    dWT = [None] + [np.empty_like(WT[l]) for l in range(1, L + 1)]
    dbT = [None] + [np.empty_like(bT[l]) for l in range(1, L + 1)]
    PT = K = CT = W1T_0 = None
    if rowspace:
        with blas_limit():
            PT = XT @ WT[1]  # (W[1]_0 X)ᵀ, (m, n1)
            K = XT @ XT.T  # XᵀX, (m, m), symmetric
        CT = np.zeros((m, n1))  # Cᵀ: W[1]ᵀ = W[1]_0ᵀ + X Cᵀ
        W1T_0 = WT[1]
        dWT[1] = None
    logged = set(cost_iterations(num_iterations))
    costs = []
    state = {"rises": 0, "warned": False}
    step_size = learning_rate / m

    def first_layer_WT():
        return W1T_0 + XT.T @ CT if rowspace else WT[1]

    def current():
        out = {}
        for l in range(1, L + 1):
            # copies, never views: training goes on updating WT and bT in place
            out[f"W{l}"] = (first_layer_WT() if l == 1 else WT[l]).T.copy()
            out[f"b{l}"] = bT[l].T.copy()
        return out

    def watch(i, cost):
        if state["warned"]:
            return
        if len(costs) > 1 and costs[-1] > costs[-2]:
            state["rises"] += 1
        else:
            state["rises"] = 0
        params = [CT] if rowspace else []
        params += [WT[l] for l in range(1 if not rowspace else 2, L + 1)] + bT[1:]
        if not all(np.isfinite(p).all() for p in params) or not np.isfinite(AT[L]).all():
            why = "参数里出现了 nan 或 inf"
        elif state["rises"] >= DIVERGE_RISES and cost > costs[0]:
            # rising, and already above where training started: not a bump on the way down
            why = f"记录的代价连续 {state['rises']} 次上升，已经高于第 0 次迭代时的 {costs[0]:.4f}"
        else:
            return
        state["warned"] = True
        divergence_warning(i, why)

    def step(i):
        if on_snapshot is not None and i % snapshot_every == 0:
            on_snapshot(i, current())
        if rowspace:
            np.matmul(K, CT, out=ZT[1])
            ZT[1] += PT
        else:
            np.matmul(AT[0], WT[1], out=ZT[1])
        ZT[1] += bT[1]
        if L > 1:
            rectifier(ZT[1], out=AT[1])
        for l in range(2, L + 1):
            np.matmul(AT[l - 1], WT[l], out=ZT[l])
            ZT[l] += bT[l]
            if l < L:
                rectifier(ZT[l], out=AT[l])
        logistic(ZT[L], out=AT[L])
        if i in logged:
            cost = compute_cost(AT[L].T, YT.T)
            costs.append(cost)
            if print_cost:
                report_cost(i, cost)
            watch(i, cost)
        np.subtract(AT[L], YT, out=dZT[L])
        for l in range(L, 0, -1):
            if l > 1:  # dZ[l-1] needs W[l] before its update
                np.matmul(dZT[l], WT[l].T, out=dZT[l - 1])
                dZT[l - 1] *= ZT[l - 1] > 0
            # Scale the small dZ (m, n[l]) by α/m rather than the large dW: then the product is
            # already the step α·dW, and W is updated in one pass with no temporary.
            dZT[l] *= step_size
            np.sum(dZT[l], axis=0, keepdims=True, out=dbT[l])
            if l == 1 and rowspace:
                np.subtract(CT, dZT[1], out=CT)  # α·dW[1]ᵀ = X (α/m dZ[1]ᵀ): only the coefficients change
            else:
                np.matmul(AT[l - 1].T, dZT[l], out=dWT[l])
                WT[l] -= dWT[l]
            bT[l] -= dbT[l]

    run_with_tuned_threads(step, num_iterations)
    with blas_limit():
        trained = current()
    return trained, costs


# two_layer_model and L_layer_model keep the original course's argument name `layers_dims`: the
# learner writes these two functions in notebooks 11 and 12 with exactly this signature. Everywhere
# else the library calls the same list `layer_dims`.

def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000,
                    print_cost=False):
    """LINEAR->RELU->LINEAR->SIGMOID, initialised by initialize_parameters (seed 1).
    X (n_x, m), Y (1, m), layers_dims = (n_x, n_h, n_y) -> (parameters, costs)."""
    n_x, n_h, n_y = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    return gradient_descent(X, Y, parameters, learning_rate, num_iterations, print_cost)


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False,
                  seed=1, init="lecun"):
    """[LINEAR->RELU] x (L-1) -> LINEAR->SIGMOID. Initialised by initialize_parameters_deep with
    seed=1, init="lecun" (randn / sqrt(n[l-1])), the setting that reproduces the published run.
    X (n0, m), Y (1, m), layers_dims = [n0, ..., nL] -> (parameters, costs)."""
    parameters = initialize_parameters_deep(layers_dims, seed=seed, init=init)
    return gradient_descent(X, Y, parameters, learning_rate, num_iterations, print_cost)


def hyperparameter_run(X, Y, X_val, Y_val, learning_rate=0.3, num_iterations=2000, n_hidden=8,
                       depth=2):
    """Train [n_x] + [n_hidden] * depth + [1] with L_layer_model (seed 1, lecun init) for notebook
    09. X (2, m), Y (1, m) -> dict of L_layer_model's arguments layers_dims and num_iterations,
    and parameters, costs, train_acc, val_acc."""
    dims = [X.shape[0]] + [int(n_hidden)] * int(depth) + [1]
    parameters, costs = L_layer_model(X, Y, dims, learning_rate, int(num_iterations))
    acc = lambda A, B: float(np.mean(predict(A, B, parameters) == B))  # noqa: E731
    return {"layers_dims": dims, "num_iterations": int(num_iterations), "parameters": parameters,
            "costs": costs, "train_acc": acc(X, Y), "val_acc": acc(X_val, Y_val)}


def refine_candidates(rates, final_costs, n):
    """The second round of a coarse-to-fine search (notebook 09): n learning rates evenly spaced in
    log10, both ends included, between the two neighbours in the coarse grid of its best finite run.
    rates (k,) increasing, k >= 2; final_costs (k,), nan or inf for runs that diverged -> (n,).
    A best rate at an end of the grid means the minimum may lie beyond it: the missing neighbour is
    then the other one mirrored about the best rate in log scale (best**2 / other), one step past
    the grid."""
    rates = np.asarray(rates, dtype=float)
    costs = np.asarray(final_costs, dtype=float)
    finite = np.flatnonzero(np.isfinite(costs))
    if rates.ndim != 1 or rates.size < 2 or costs.shape != rates.shape or finite.size == 0:
        raise ValueError("refine_candidates 要两个同样长的一维数组（至少两个学习率），并且至少有一次试验的代价是有限的数 "
                         f"(got rates {rates.shape}, final_costs {costs.shape}, {finite.size} finite)")
    i = finite[np.argmin(costs[finite])]          # the index in the whole grid, not among the finite runs
    lo = rates[i - 1] if i > 0 else rates[i] ** 2 / rates[i + 1]
    hi = rates[i + 1] if i < rates.size - 1 else rates[i] ** 2 / rates[i - 1]
    return np.geomspace(lo, hi, n)
