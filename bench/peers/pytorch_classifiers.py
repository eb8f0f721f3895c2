#!/usr/bin/python3
"""The peer of MlpTrainingBenchmark, CnnTrainingBenchmark (cnn) and ConvBenchmark: PyTorch.

- The same MLP as deepvec's FeedForwardNets.mlp (784-256-128-10, ReLU), batch 128.
- The same reference CNN as ConvNets.reference, batch 64: conv 1->32 3x3 pad 1, ReLU, max-pool 2,
  conv 32->64, ReLU, max-pool 2, linear 3136->128, ReLU, linear 128->10.

For each: one Adam step (lr 1e-3) on a fixed random batch, and inference on it. Then the CNN's two
convolution layers alone at batch 64: the forward pass, and forward plus the input, weight and bias
gradients, in GFLOP/s with the flops counted as ConvBenchmark counts them (2 N Cout H W Cin 9 for
the forward, three times that for both). Everything runs at 1 and 2 threads, and the script prints
the median and the best of fifteen half-second windows.

Run with Debian's python3-torch:  OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 bench/peers/pytorch_classifiers.py
"""
import os

import torch
from torch import nn

from peer_timing import blas_threads, classifier_steps, timed


def mlp():
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))


def cnn():
    return nn.Sequential(nn.Unflatten(1, (1, 28, 28)),
                         nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))


def classifier_rows(name, build, batch):
    x = torch.rand(batch, 784)
    y = torch.randint(0, 10, (batch,))
    train, infer = classifier_steps(build(), x, y)
    training, inference = timed(train), timed(infer)
    return (f"{name} batch {batch}: train {batch / training[0]:8.0f} samples/s (best {batch / training[1]:8.0f})"
            f"  inference {batch / inference[0]:8.0f} samples/s (best {batch / inference[1]:8.0f})")


def conv_rows(cin, cout, side, batch=64):
    conv = nn.Conv2d(cin, cout, 3, padding=1)
    x = torch.rand(batch, cin, side, side, requires_grad=True)
    dy = torch.rand(batch, cout, side, side)
    flops = 2.0 * batch * cout * side * side * cin * 9

    def forward():
        with torch.no_grad():
            conv(x)

    def both():
        x.grad = None
        conv.zero_grad()
        conv(x).backward(dy)

    f, b = timed(forward), timed(both)
    return (f"conv {cin}->{cout} {side}x{side}: forward {flops / f[0] / 1e9:6.1f} GFLOP/s (best {flops / f[1] / 1e9:6.1f})"
            f"  fwd+bwd {3 * flops / b[0] / 1e9:6.1f} GFLOP/s (best {3 * flops / b[1] / 1e9:6.1f})")


def main():
    torch.manual_seed(1)
    print(f"torch {torch.__version__}, OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}, "
          f"oneDNN (mkldnn) {torch.backends.mkldnn.is_available()}")
    for threads in (1, 2):
        torch.set_num_threads(threads)
        print(f"threads={threads}; BLAS: {blas_threads(threads)}")
        print("  " + classifier_rows("mlp", mlp, 128))
        print("  " + classifier_rows("cnn", cnn, 64))
        print("  " + conv_rows(1, 32, 28))
        print("  " + conv_rows(32, 64, 14))


if __name__ == "__main__":
    main()
