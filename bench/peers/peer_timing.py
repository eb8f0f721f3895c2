"""Timing and BLAS set-up shared by the PyTorch peer scripts: the statistic deepvec's JMH
iterations report (median and best of fifteen half-second windows) and OpenBLAS's thread count
and kernel."""
import ctypes
import time

import torch
from torch import nn


def timed(step):
    """Seconds per call as (median, best) of fifteen half-second windows after warm-up, the
    statistics reported for deepvec's JMH iterations of the same length."""
    for _ in range(20):
        step()
    window(step, 5.0)
    windows = sorted(window(step, 0.5) for _ in range(15))
    return windows[len(windows) // 2], windows[0]


def window(step, seconds):
    calls, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        step()
        calls += 1
    return (time.perf_counter() - start) / calls


def blas_threads(threads):
    """Sets OpenBLAS's own thread count to match torch's (its pthread build sizes a pool of its own)."""
    for name in ("libopenblas.so.0", "libblas.so.3"):
        try:
            lib = ctypes.CDLL(name)
            lib.openblas_set_num_threads(threads)
            lib.openblas_get_config.restype = ctypes.c_char_p
            lib.openblas_get_corename.restype = ctypes.c_char_p
            return f"{lib.openblas_get_config().decode()}, core {lib.openblas_get_corename().decode()}"
        except (OSError, AttributeError):
            continue
    return "not OpenBLAS (the reference BLAS is slow: install libopenblas0-pthread)"


def classifier_steps(model, x, y):
    """One Adam step (lr 1e-3) of softmax cross-entropy on the fixed batch (x, y), and inference on x."""
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    def train():
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()

    def infer():
        with torch.no_grad():
            model(x)

    return train, infer
