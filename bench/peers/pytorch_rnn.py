#!/usr/bin/python3
"""The peer of RecurrentTrainingBenchmark: PyTorch's nn.LSTM / nn.GRU row classifier.

The same network as deepvec's SequenceNets.rowClassifier (28 steps of 28 pixels, 128 hidden
units, a linear layer to 10 classes), one Adam step (lr 1e-3) on a fixed random batch of 64, and
inference on it, timed after warm-up at 1 and 2 threads. Prints samples/s per row: the median
half-second window and the best.

Run with Debian's python3-torch:  /usr/bin/python3 bench/peers/pytorch_rnn.py
On an AVX-512 CPU run it with OPENBLAS_CORETYPE=SkylakeX too (the machine's environment sets
Haswell); the script prints which BLAS core type was in effect.
"""
import os

import torch
from torch import nn

from peer_timing import blas_threads, classifier_steps, timed


class RowClassifier(nn.Module):
    def __init__(self, cell):
        super().__init__()
        self.rnn = (nn.LSTM if cell == "lstm" else nn.GRU)(28, 128, batch_first=True)
        self.out = nn.Linear(128, 10)

    def forward(self, x):
        _, state = self.rnn(x.view(-1, 28, 28))
        h = state[0] if isinstance(state, tuple) else state
        return self.out(h[-1])


def main():
    torch.manual_seed(1)
    batch = 64
    x = torch.rand(batch, 784)
    y = torch.randint(0, 10, (batch,))
    print(f"torch {torch.__version__}, OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    for cell in ("lstm", "gru"):
        for threads in (1, 2):
            # torch's own threads and OpenBLAS's pool compete for the cores: run every split of the
            # thread budget and keep the best, so the peer runs at its best
            best = None
            for torch_threads, blas_threads_count in {(threads, 1), (1, threads), (threads, threads)}:
                torch.set_num_threads(torch_threads)
                blas = blas_threads(blas_threads_count)
                train, infer = classifier_steps(RowClassifier(cell), x, y)
                training, inference = timed(train), timed(infer)
                result = (batch / training[0], batch / training[1], batch / inference[0], batch / inference[1],
                          torch_threads, blas_threads_count, blas)
                best = result if best is None or result[0] > best[0] else best
            print(f"{cell} threads={threads} train {best[0]:7.0f} samples/s (best {best[1]:7.0f})"
                  f"  inference {best[2]:7.0f} samples/s (best {best[3]:7.0f})"
                  f"  (torch threads {best[4]}, BLAS threads {best[5]}; BLAS: {best[6]})")


if __name__ == "__main__":
    main()
