/**
 * Networks on top of the kernel layer (Deep Learning part II): define-by-run reverse-mode
 * automatic differentiation (section 6.5), layers, losses, initialisers, optimisers, regularisers,
 * data loading, training and checkpoints. Plugins add layer types and optimisers by providing
 * {@link deepvec.nn.spi.LayerProvider} and {@link deepvec.nn.spi.OptimizerProvider}; deepvec's own
 * are provided the same way, and a {@link deepvec.nn.spi.PluginRegistry} finds them all.
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
    exports deepvec.nn.spi;
    exports deepvec.nn.text;
    exports deepvec.nn.train;
    exports deepvec.nn.zoo;

    uses deepvec.nn.spi.LayerProvider;
    uses deepvec.nn.spi.OptimizerProvider;

    provides deepvec.nn.spi.LayerProvider with
            deepvec.nn.layer.BuiltInLayers.LinearProvider,
            deepvec.nn.layer.BuiltInLayers.IdentityProvider,
            deepvec.nn.layer.BuiltInLayers.ReluProvider,
            deepvec.nn.layer.BuiltInLayers.LeakyReluProvider,
            deepvec.nn.layer.BuiltInLayers.AbsProvider,
            deepvec.nn.layer.BuiltInLayers.SigmoidProvider,
            deepvec.nn.layer.BuiltInLayers.TanhProvider,
            deepvec.nn.layer.BuiltInLayers.SoftplusProvider,
            deepvec.nn.layer.BuiltInLayers.SoftmaxProvider,
            deepvec.nn.layer.BuiltInLayers.PReluProvider,
            deepvec.nn.layer.BuiltInLayers.MaxoutProvider,
            deepvec.nn.layer.BuiltInLayers.DropoutProvider,
            deepvec.nn.layer.BuiltInLayers.SparsityPenaltyProvider,
            deepvec.nn.layer.BuiltInLayers.Conv2dProvider,
            deepvec.nn.layer.BuiltInLayers.MaxPoolProvider,
            deepvec.nn.layer.BuiltInLayers.AveragePoolProvider,
            deepvec.nn.layer.BuiltInLayers.FlattenProvider,
            deepvec.nn.layer.BuiltInLayers.ToImagesProvider,
            deepvec.nn.layer.BuiltInLayers.ToSequencesProvider,
            deepvec.nn.layer.BuiltInLayers.ToRowsProvider,
            deepvec.nn.layer.BuiltInLayers.BidirectionalProvider,
            deepvec.nn.layer.BuiltInLayers.LeakyRnnProvider,
            deepvec.nn.layer.BuiltInLayers.HierarchicalSoftmaxProvider,
            deepvec.nn.layer.BuiltInLayers.EmbeddingProvider,
            deepvec.nn.layer.BuiltInLayers.RnnProvider,
            deepvec.nn.layer.BuiltInLayers.LstmProvider,
            deepvec.nn.layer.BuiltInLayers.GruProvider,
            deepvec.nn.layer.BuiltInLayers.OutputRnnProvider,
            deepvec.nn.layer.BuiltInLayers.EncoderDecoderProvider,
            deepvec.nn.layer.BuiltInLayers.BatchNormProvider,
            deepvec.nn.layer.BuiltInLayers.LocalResponseNormProvider,
            deepvec.nn.layer.BuiltInLayers.SequentialProvider,
            deepvec.nn.layer.BuiltInLayers.AutoencoderProvider;
    provides deepvec.nn.spi.OptimizerProvider with
            deepvec.nn.optim.BuiltInOptimizers.SgdProvider,
            deepvec.nn.optim.BuiltInOptimizers.MomentumProvider,
            deepvec.nn.optim.BuiltInOptimizers.NesterovProvider,
            deepvec.nn.optim.BuiltInOptimizers.AdaGradProvider,
            deepvec.nn.optim.BuiltInOptimizers.RmsPropProvider,
            deepvec.nn.optim.BuiltInOptimizers.AdamProvider,
            deepvec.nn.optim.BuiltInOptimizers.AdaDeltaProvider;
}
