/** A learned per-feature gain as a deepvec layer plugin. */
module com.example.gain {
    requires deepvec.nn;

    provides deepvec.nn.spi.LayerProvider with com.example.gain.GainProvider;
}
