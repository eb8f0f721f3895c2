#!/usr/bin/python3
"""The peer of ElementwiseBenchmark: PyTorch's vectorised elementwise kernels at one thread.

The same inputs as the benchmark's: x uniform on [-10, 10) for exp, sigmoid and tanh, y uniform
on [0.5, 1.5) for log, on 1 Mi floats (cache-resident) and 16 Mi (memory-bound), written into a
preallocated output (out=) as deepvec's kernels write theirs. Prints Gelem/s as the median and
the best of fifteen half-second windows, and the instruction set PyTorch dispatched to.

Run with Debian's python3-torch:  /usr/bin/python3 bench/peers/pytorch_elementwise.py
"""
import torch

from peer_timing import timed


def rows(n):
    generator = torch.Generator().manual_seed(7)
    x = torch.rand(n, generator=generator) * 20 - 10
    y = torch.rand(n, generator=generator) + 0.5
    out = torch.empty(n)
    ops = {
        "add": lambda: torch.add(x, y, out=out),
        "relu": lambda: torch.clamp(x, min=0, out=out),
        "exp": lambda: torch.exp(x, out=out),
        "sigmoid": lambda: torch.sigmoid(x, out=out),
        "tanh": lambda: torch.tanh(x, out=out),
        "log": lambda: torch.log(y, out=out),
        "copy": lambda: out.copy_(x),
    }
    for name, op in ops.items():
        median, best = timed(op)
        yield f"  {name:8s} n={n:9d}: {n / median / 1e9:6.2f} Gelem/s (best {n / best / 1e9:6.2f})"


def capability():
    """The instruction set ATen's kernels dispatch to (ATEN_CPU_CAPABILITY=avx512 asks for AVX-512)."""
    for line in torch.__config__.show().splitlines():
        if "CPU capability" in line:
            return line.strip(" -")
    return "CPU capability not reported"


def main():
    torch.set_num_threads(1)
    print(f"torch {torch.__version__}, 1 thread, {capability()}")
    for n in (1 << 20, 1 << 24):
        for row in rows(n):
            print(row, flush=True)


if __name__ == "__main__":
    main()
