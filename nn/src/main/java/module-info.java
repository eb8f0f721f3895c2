/**
 * Networks on top of the kernel layer (Deep Learning part II): define-by-run reverse-mode
 * automatic differentiation (section 6.5), layers, losses, initialisers, optimisers, regularisers,
 * data loading, training and checkpoints. Plugins add layer types by providing
 * {@link deepvec.nn.layer.LayerProvider}.
 */
module deepvec.nn {
    requires transitive deepvec.simd;
    requires com.fasterxml.jackson.core;
    requires org.slf4j;

    exports deepvec.nn.autograd;
    exports deepvec.nn.checkpoint;
    exports deepvec.nn.data;
    exports deepvec.nn.init;
    exports deepvec.nn.layer;
    exports deepvec.nn.loss;
    exports deepvec.nn.optim;
    exports deepvec.nn.regularize;
    exports deepvec.nn.seq2seq;
    exports deepvec.nn.text;
    exports deepvec.nn.train;
    exports deepvec.nn.zoo;

    uses deepvec.nn.layer.LayerProvider;
}
