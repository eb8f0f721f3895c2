package deepvec.nn.layer;

import deepvec.nn.autograd.Ops;
import deepvec.nn.autograd.Variable;
import deepvec.simd.Elementwise;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.util.Map;

/**
 * Dropout (Deep Learning section 7.12): in training, each unit is kept with probability
 * 1 - p and zeroed otherwise, and kept units are scaled by 1 / (1 - p), so that evaluation,
 * which uses every unit unscaled, matches the expected activation (the weight scaling
 * inference rule applied at training time). Masks are drawn only in a training
 * {@link ForwardContext}.
 */
public final class Dropout implements Layer {

    private final float dropProbability;
    private final long seed;
    private final Rng rng;

    /**
     * @param dropProbability p in [0, 1)
     * @param seed the seed of the masks; the same seed gives the same masks
     */
    public Dropout(float dropProbability, long seed) {
        if (!(dropProbability >= 0f && dropProbability < 1f)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + dropProbability);
        }
        this.dropProbability = dropProbability;
        this.seed = seed;
        this.rng = Rng.seeded(seed);
    }

    @Override
    public Variable forward(Variable input) {
        if (!ForwardContext.current().isTraining() || dropProbability == 0f) {
            return input;
        }
        Tensor mask = Tensor.zeros(input.value().shape());
        rng.bernoulli(1f - dropProbability, mask.data(), 0, mask.size());
        return Ops.mul(input, Variable.constant(Elementwise.scale(mask, 1f / (1f - dropProbability))));
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.of("dropout", "p", dropProbability, "seed", seed);
    }

    @Override
    public Map<String, Rng> localGenerators() {
        return Map.of("masks", rng);
    }
}
