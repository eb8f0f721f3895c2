package deepvec.nn.layer;

import deepvec.nn.autograd.NormalizationOps;
import deepvec.nn.autograd.Variable;
import deepvec.simd.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Batch normalisation (Deep Learning section 8.7.1) of the C channels of [N, C] features or
 * [N, C, H, W] images: in training each channel is standardised by the batch's own mean and
 * variance and then scaled by gamma and shifted by beta (learned, starting at 1 and 0); the
 * running averages {@code r <- (1 - momentum) r + momentum batch} of the mean and the unbiased
 * variance are kept for evaluation, where they replace the batch statistics. The
 * {@link ForwardContext} says which: a probing pass uses batch statistics but leaves the running
 * averages alone.
 */
public final class BatchNorm implements Layer {

    private final Variable gamma;
    private final Variable beta;
    private final Tensor runningMean;
    private final Tensor runningVariance;
    private final float momentum;
    private final float eps;

    /**
     * @param channels C
     * @param momentum weight of each batch in the running averages, in (0, 1]
     * @param eps added to the variance before the square root, &gt; 0
     */
    public BatchNorm(int channels, float momentum, float eps) {
        if (channels < 1 || !(momentum > 0f && momentum <= 1f) || !(eps > 0f)) {
            throw new IllegalArgumentException("batch norm: " + channels + " channels, momentum " + momentum + ", eps " + eps
                    + "; expected channels >= 1, momentum in (0, 1] and eps > 0");
        }
        this.gamma = Variable.parameter(Tensor.full(1f, channels));
        this.beta = Variable.parameter(Tensor.zeros(channels));
        this.runningMean = Tensor.zeros(channels);
        this.runningVariance = Tensor.full(1f, channels);
        this.momentum = momentum;
        this.eps = eps;
    }

    /** The usual settings: momentum 0.1, eps 1e-5. */
    public BatchNorm(int channels) {
        this(channels, 0.1f, 1e-5f);
    }

    @Override
    public Variable forward(Variable input) {
        ForwardContext pass = ForwardContext.current();
        if (!pass.isTraining()) {
            return NormalizationOps.batchNormInference(input, gamma, beta, runningMean.data(), runningVariance.data(), eps);
        }
        NormalizationOps.Statistics batch = NormalizationOps.statistics(input.value());
        if (pass.updatesStatistics()) {
            int count = batch.count();
            float unbias = count > 1 ? (float) count / (count - 1) : 1f;
            for (int c = 0; c < runningMean.size(); c++) {
                runningMean.data()[c] += momentum * (batch.mean()[c] - runningMean.data()[c]);
                runningVariance.data()[c] += momentum * (batch.variance()[c] * unbias - runningVariance.data()[c]);
            }
        }
        return NormalizationOps.batchNorm(input, gamma, beta, batch, eps);
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.of("batch_norm", "channels", gamma.value().size(), "momentum", momentum, "eps", eps);
    }

    @Override
    public Map<String, Variable> localParameters() {
        Map<String, Variable> params = new LinkedHashMap<>();
        params.put("weight", gamma);
        params.put("bias", beta);
        return params;
    }

    @Override
    public Map<String, Tensor> localBuffers() {
        Map<String, Tensor> buffers = new LinkedHashMap<>();
        buffers.put("running_mean", runningMean);
        buffers.put("running_var", runningVariance);
        return buffers;
    }
}
