#!/usr/bin/python3
"""The peer of RecurrentTrainingBenchmark: PyTorch's nn.LSTM / nn.GRU row classifier.

The same network as deepvec's SequenceNets.rowClassifier (28 steps of 28 pixels, 128 hidden
units, a linear layer to 10 classes), one Adam step (lr 1e-3) on a fixed random batch of 64, and
inference on it, timed after warm-up at 1 and 2 threads. Prints samples/s per row.

Run with Debian's python3-torch:  /usr/bin/python3 bench/peers/pytorch_rnn.py
On an AVX-512 CPU run it with OPENBLAS_CORETYPE=SkylakeX too (the machine's environment sets
Haswell); the script prints which BLAS core type was in effect.
"""
import os
import time

import torch
from torch import nn


class RowClassifier(nn.Module):
    def __init__(self, cell):
        super().__init__()
        self.rnn = (nn.LSTM if cell == "lstm" else nn.GRU)(28, 128, batch_first=True)
        self.out = nn.Linear(128, 10)

    def forward(self, x):
        _, state = self.rnn(x.view(-1, 28, 28))
        h = state[0] if isinstance(state, tuple) else state
        return self.out(h[-1])


def timed(step, seconds=4.0):
    for _ in range(20):
        step()
    calls, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        step()
        calls += 1
    return (time.perf_counter() - start) / calls


def main():
    torch.manual_seed(1)
    batch = 64
    x = torch.rand(batch, 784)
    y = torch.randint(0, 10, (batch,))
    print(f"torch {torch.__version__}, OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    for cell in ("lstm", "gru"):
        for threads in (1, 2):
            torch.set_num_threads(threads)
            model = RowClassifier(cell)
            opt = torch.optim.Adam(model.parameters(), lr=1e-3)
            loss_fn = nn.CrossEntropyLoss()

            def train():
                opt.zero_grad()
                loss_fn(model(x), y).backward()
                opt.step()

            def infer():
                with torch.no_grad():
                    model(x)

            t_train = timed(train)
            t_infer = timed(infer)
            print(f"{cell} threads={threads} train {batch / t_train:9.0f} samples/s  inference {batch / t_infer:9.0f} samples/s")


if __name__ == "__main__":
    main()
