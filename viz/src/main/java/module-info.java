/**
 * Pictures of training: PNG line charts of the metrics, confusion matrices, and image grids of
 * samples and filters. Kept apart from the library modules because it needs java.desktop (AWT).
 */
module deepvec.viz {
    requires transitive deepvec.nn;
    requires java.desktop;
    requires org.knowm.xchart;

    exports deepvec.viz;
}
