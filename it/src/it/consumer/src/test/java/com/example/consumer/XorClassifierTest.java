package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.checkpoint.Checkpoint;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.LayerRegistry;
import deepvec.simd.Simd;
import deepvec.simd.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs once on the module path and once on the class path (see the pom). */
class XorClassifierTest {

    @Test
    void deepvecIsLoadedTheWayThisRunAskedFor() {
        boolean modulePath = System.getProperty("consumer.path").equals("module");
        assertEquals(modulePath, Tensor.class.getModule().isNamed(), "deepvec.simd as a named module");
        assertEquals(modulePath ? "deepvec.nn" : null, Layer.class.getModule().getName());
        assertTrue(Simd.isVectorized(), "the Vector API kernels run (--add-modules jdk.incubator.vector)");
    }

    @Test
    void trainsXorSavesAndReloadsTheSameModel(@TempDir Path dir) throws Exception {
        Layer model = XorClassifier.train(7);
        Tensor scores = model.predict(XorClassifier.POINTS);
        assertArrayEquals(XorClassifier.LABELS, XorClassifier.classes(scores));

        Path file = dir.resolve("xor.safetensors");
        Checkpoint.save(file, model, LayerRegistry.standard());
        assertTrue(Files.size(file) > 0);
        Layer reloaded = Checkpoint.loadModel(file, LayerRegistry.standard());
        assertArrayEquals(scores.toArray(), reloaded.predict(XorClassifier.POINTS).toArray(), 0f);
    }
}
