/** A user's module: deepvec.nn brings deepvec.simd with it (requires transitive). */
module com.example.consumer {
    requires deepvec.nn;
    exports com.example.consumer;
}
