/**
 * Networks on top of the kernel layer (Deep Learning part II). This first part is the
 * define-by-run reverse-mode automatic differentiation of section 6.5.
 */
module deepvec.nn {
    requires transitive deepvec.simd;

    exports deepvec.nn.autograd;
    exports deepvec.nn.data;
    exports deepvec.nn.init;
    exports deepvec.nn.layer;
    exports deepvec.nn.loss;
    exports deepvec.nn.optim;
    exports deepvec.nn.regularize;
}
