package deepvec.nn.autograd;

import deepvec.simd.BinaryOp;
import deepvec.simd.ConvGeometry;
import deepvec.simd.Convolution;
import deepvec.simd.Elementwise;
import deepvec.simd.Pool;
import deepvec.simd.PoolGeometry;
import deepvec.simd.ShapeException;
import deepvec.simd.Tensor;
import deepvec.simd.UnaryOp;
import java.util.Arrays;

/**
 * Differentiable operations on NCHW image batches (Deep Learning chapter 9): convolution,
 * pooling and reshaping between images and feature vectors. Gradients of inputs that need
 * none (the data fed to a first layer) are not computed.
 */
public final class ImageOps {

    private ImageOps() {
    }

    /**
     * 2-D convolution (cross-correlation, eq. 9.6-9.7) of x [N, C, H, W] with kernel w
     * [O, C/groups, kH, kW] plus a bias b [O] (null for none), stride, zero padding and
     * dilation given as {height, width}: the output is [N, O, outH, outW]. The backward rule is
     * eq. 9.11-9.13: dW = sum dY cols^T, dX = col2im(W^T dY), db = sum of dY per channel.
     */
    public static Variable conv2d(Variable x, Variable w, Variable b, int[] stride, int[] padding, int[] dilation, int groups) {
        return convolution(x, w, b, stride, padding, dilation, groups, false);
    }

    /**
     * relu(conv2d(x, w, b)) as one op: the ReLU is applied in the convolution's epilogue, and its
     * backward gates the output gradient by y &gt; 0 before the convolution's backward, so no
     * tensor holds the unrectified output. The same values and gradients as the two ops.
     */
    public static Variable conv2dRelu(Variable x, Variable w, Variable b, int[] stride, int[] padding, int[] dilation, int groups) {
        return convolution(x, w, b, stride, padding, dilation, groups, true);
    }

    private static Variable convolution(Variable x, Variable w, Variable b, int[] stride, int[] padding, int[] dilation, int groups,
            boolean rectify) {
        Tensor input = x.value();
        Tensor weight = w.value();
        ConvGeometry g = Convolution.geometry(input, weight, stride, padding, dilation, groups);
        Tensor y = Convolution.forward(g, input, weight, b == null ? null : b.value(), rectify);
        int outChannels = weight.dim(0);
        Ops.Rule rule = (gradOutput, needed) -> {
            Tensor dy = rectify ? Elementwise.binary(BinaryOp.WHERE_POSITIVE, gradOutput, y) : gradOutput;
            Tensor dx = needed[0] ? Convolution.inputGradient(g, dy, weight) : null;
            Tensor dw = needed[1] ? Convolution.weightGradient(g, input, dy, outChannels) : null;
            return b == null ? new Tensor[] {dx, dw} : new Tensor[] {dx, dw, needed[2] ? Convolution.biasGradient(dy) : null};
        };
        String name = rectify ? "conv2dRelu" : "conv2d";
        return b == null ? Ops.primitive(name, y, rule, x, w) : Ops.primitive(name, y, rule, x, w, b);
    }

    /** Max pooling (section 9.3) of each plane of x [N, C, H, W]; the gradient goes to each window's first maximum. */
    public static Variable maxPool2d(Variable x, PoolGeometry g) {
        return maxPool(x, g, false);
    }

    /**
     * Max pooling of relu(x), computed as relu(maxPool(x)), which is the same function (ReLU is
     * monotone) on a quarter of the elements for 2 x 2 windows: the ReLU runs on the pooled
     * output, and the backward pass passes a window's gradient to its first maximum only where
     * that maximum is positive, with no tensor for relu(x) or its gradient. The same values and
     * gradients as the two ops.
     */
    public static Variable maxPool2dOfRelu(Variable x, PoolGeometry g) {
        return maxPool(x, g, true);
    }

    private static Variable maxPool(Variable x, PoolGeometry g, boolean rectify) {
        String name = rectify ? "maxPool2dOfRelu" : "maxPool2d";
        Tensor input = planes(name, x.value(), g);
        int planes = input.dim(0) * input.dim(1);
        Tensor y = Tensor.zeros(input.dim(0), input.dim(1), g.outHeight(), g.outWidth());
        int[] argmax = new int[y.size()];
        Pool.maxForward(g, input.data(), input.offset(), planes, y.data(), 0, argmax);
        if (rectify) {
            Elementwise.unary(UnaryOp.RELU, y, y);
        }
        int[] shape = input.shape();
        return Ops.primitive(name, y, (gradOutput, needed) -> {
            Tensor dy = (rectify ? Elementwise.binary(BinaryOp.WHERE_POSITIVE, gradOutput, y) : gradOutput).contiguous();
            Tensor dx = Tensor.zeros(shape);
            Pool.maxBackward(g, dy.data(), dy.offset(), argmax, planes, dx.data(), 0);
            return new Tensor[] {dx};
        }, x);
    }

    /**
     * Average pooling of each plane of x [N, C, H, W]: the mean of each window's real elements,
     * or of the whole window with padding counted as zeros when {@code countPadding}.
     */
    public static Variable avgPool2d(Variable x, PoolGeometry g, boolean countPadding) {
        Tensor input = planes("avgPool2d", x.value(), g);
        int planes = input.dim(0) * input.dim(1);
        Tensor y = Tensor.zeros(input.dim(0), input.dim(1), g.outHeight(), g.outWidth());
        Pool.avgForward(g, countPadding, input.data(), input.offset(), planes, y.data(), 0);
        int[] shape = input.shape();
        return Ops.primitive("avgPool2d", y, (dy, needed) -> {
            Tensor dense = dy.contiguous();
            Tensor dx = Tensor.zeros(shape);
            Pool.avgBackward(g, countPadding, dense.data(), dense.offset(), planes, dx.data(), 0);
            return new Tensor[] {dx};
        }, x);
    }

    private static Tensor planes(String op, Tensor x, PoolGeometry g) {
        if (x.rank() != 4 || x.dim(2) != g.height() || x.dim(3) != g.width()) {
            throw new ShapeException(op + ": input " + Arrays.toString(x.shape()) + "; expected [N, C, " + g.height() + ", "
                    + g.width() + "]");
        }
        return x.contiguous();
    }
}
