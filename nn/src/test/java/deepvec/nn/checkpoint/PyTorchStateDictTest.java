package deepvec.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepvec.nn.layer.Activation;
import deepvec.nn.layer.BatchNorm;
import deepvec.nn.layer.Layer;
import deepvec.nn.layer.Linear;
import deepvec.nn.layer.RecurrentLayer;
import deepvec.nn.layer.Sequential;
import deepvec.simd.Recurrent;
import deepvec.simd.Tensor;
import deepvec.simd.random.Rng;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PyTorch state_dicts written by the test in PyTorch's layout, checked against PyTorch's equations computed here in double. */
class PyTorchStateDictTest {

    @TempDir
    Path dir;

    private static float[] values(long seed, int n) {
        float[] v = new float[n];
        Rng.seeded(seed).normal(0f, 0.5f, v, 0, n);
        return v;
    }

    private Path write(Map<String, StoredTensor> tensors) throws IOException {
        Path file = dir.resolve("state_dict.safetensors");
        Safetensors.write(file, tensors, Map.of("format", "pt"));
        return file;
    }

    @Test
    void anMlpsLinearWeightsAreTransposedFromPyTorchsOutByInLayout() throws IOException {
        // nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
        float[] w0 = values(1, 12);
        float[] b0 = values(2, 3);
        float[] w2 = values(3, 6);
        float[] b2 = values(4, 2);
        Map<String, StoredTensor> file = new LinkedHashMap<>();
        file.put("0.weight", StoredTensor.of(Tensor.of(w0, 3, 4)));
        file.put("0.bias", StoredTensor.of(Tensor.of(b0, 3)));
        file.put("2.weight", StoredTensor.of(Tensor.of(w2, 2, 3)));
        file.put("2.bias", StoredTensor.of(Tensor.of(b2, 2)));
        Sequential model = new Sequential(new Linear(4, 3, Rng.seeded(9)), Activation.relu(), new Linear(3, 2, Rng.seeded(9)));
        PyTorchStateDict.Report report = PyTorchStateDict.load(write(file), model, Map.of(), true);
        assertTrue(report.complete(), report.toString());

        float[] x = values(5, 2 * 4);
        float[] y = model.predict(Tensor.of(x, 2, 4)).toArray();
        for (int n = 0; n < 2; n++) {
            double[] h = new double[3];
            for (int j = 0; j < 3; j++) {
                double s = b0[j];
                for (int i = 0; i < 4; i++) {
                    s += x[n * 4 + i] * w0[j * 4 + i];          // y = x W^T + b, W [out, in]
                }
                h[j] = Math.max(0, s);
            }
            for (int k = 0; k < 2; k++) {
                double s = b2[k];
                for (int j = 0; j < 3; j++) {
                    s += h[j] * w2[k * 3 + j];
                }
                assertEquals(s, y[n * 2 + k], 1e-5, "output " + n + "," + k);
            }
        }
    }

    @Test
    void anLstmTakesPyTorchsGateOrderAndTwoBiases() throws IOException {
        int d = 3;
        int h = 2;
        float[] wih = values(11, 4 * h * d);
        float[] whh = values(12, 4 * h * h);
        float[] bih = values(13, 4 * h);
        float[] bhh = values(14, 4 * h);
        Map<String, StoredTensor> file = new LinkedHashMap<>();
        file.put("lstm.weight_ih_l0", StoredTensor.of(Tensor.of(wih, 4 * h, d)));
        file.put("lstm.weight_hh_l0", StoredTensor.of(Tensor.of(whh, 4 * h, h)));
        file.put("lstm.bias_ih_l0", StoredTensor.of(Tensor.of(bih, 4 * h)));
        file.put("lstm.bias_hh_l0", StoredTensor.of(Tensor.of(bhh, 4 * h)));
        RecurrentLayer lstm = new RecurrentLayer(Recurrent.Cell.LSTM, d, h, false, Rng.seeded(1));
        PyTorchStateDict.Report report = PyTorchStateDict.load(write(file), lstm, Map.of("lstm.", ""), true);
        assertEquals(List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh"), report.loaded());

        int steps = 4;
        float[] x = values(15, steps * d);
        float[] out = lstm.predict(Tensor.of(x, 1, steps, d)).toArray();
        double[] state = new double[h];
        double[] cell = new double[h];
        for (int t = 0; t < steps; t++) {
            double[] gates = new double[4 * h];                       // PyTorch: rows i, f, g, o
            for (int r = 0; r < 4 * h; r++) {
                double s = bih[r] + bhh[r];
                for (int i = 0; i < d; i++) {
                    s += wih[r * d + i] * x[t * d + i];
                }
                for (int j = 0; j < h; j++) {
                    s += whh[r * h + j] * state[j];
                }
                gates[r] = s;
            }
            for (int j = 0; j < h; j++) {
                double in = sigmoid(gates[j]);
                double forget = sigmoid(gates[h + j]);
                double g = Math.tanh(gates[2 * h + j]);
                double o = sigmoid(gates[3 * h + j]);
                cell[j] = forget * cell[j] + in * g;
                state[j] = o * Math.tanh(cell[j]);
            }
        }
        assertArrayEquals(new float[] {(float) state[0], (float) state[1]}, out, 1e-5f);
    }

    @Test
    void aGruTakesPyTorchsGateOrderRZN() throws IOException {
        int d = 3;
        int h = 2;
        float[] wih = values(31, 3 * h * d);
        float[] whh = values(32, 3 * h * h);
        float[] bih = values(33, 3 * h);
        float[] bhh = values(34, 3 * h);
        Map<String, StoredTensor> file = new LinkedHashMap<>();
        file.put("weight_ih_l0", StoredTensor.of(Tensor.of(wih, 3 * h, d)));
        file.put("weight_hh_l0", StoredTensor.of(Tensor.of(whh, 3 * h, h)));
        file.put("bias_ih_l0", StoredTensor.of(Tensor.of(bih, 3 * h)));
        file.put("bias_hh_l0", StoredTensor.of(Tensor.of(bhh, 3 * h)));
        RecurrentLayer gru = new RecurrentLayer(Recurrent.Cell.GRU, d, h, false, Rng.seeded(1));
        assertTrue(PyTorchStateDict.load(write(file), gru, Map.of(), true).complete());

        int steps = 4;
        float[] x = values(35, steps * d);
        float[] out = gru.predict(Tensor.of(x, 1, steps, d)).toArray();
        double[] state = new double[h];
        for (int t = 0; t < steps; t++) {
            double[] in = new double[3 * h];                          // W_ih x + b_ih, rows r, z, n
            double[] rec = new double[3 * h];                         // W_hh h + b_hh
            for (int r = 0; r < 3 * h; r++) {
                in[r] = bih[r];
                rec[r] = bhh[r];
                for (int i = 0; i < d; i++) {
                    in[r] += wih[r * d + i] * x[t * d + i];
                }
                for (int j = 0; j < h; j++) {
                    rec[r] += whh[r * h + j] * state[j];
                }
            }
            double[] next = new double[h];
            for (int j = 0; j < h; j++) {                             // PyTorch: n = tanh(in_n + r * rec_n), h' = (1 - z) n + z h
                double reset = sigmoid(in[j] + rec[j]);
                double update = sigmoid(in[h + j] + rec[h + j]);
                double n = Math.tanh(in[2 * h + j] + reset * rec[2 * h + j]);
                next[j] = (1 - update) * n + update * state[j];
            }
            state = next;
        }
        assertArrayEquals(new float[] {(float) state[0], (float) state[1]}, out, 1e-5f);
    }

    @Test
    void aConvolutionsWeightsLoadInPyTorchsOutInKhKwLayout() throws IOException {
        float[] w = values(41, 3 * 2 * 3 * 3);
        float[] b = values(42, 3);
        Map<String, StoredTensor> file = new LinkedHashMap<>();
        file.put("weight", StoredTensor.of(Tensor.of(w, 3, 2, 3, 3)));
        file.put("bias", StoredTensor.of(Tensor.of(b, 3)));
        deepvec.nn.layer.Conv2d conv = new deepvec.nn.layer.Conv2d(2, 3, deepvec.nn.layer.Conv2d.Shape.square(3, 1, 1), true, Rng.seeded(1));
        assertTrue(PyTorchStateDict.load(write(file), conv, Map.of(), true).complete());
        float[] x = values(43, 2 * 5 * 5);
        float[] y = conv.predict(Tensor.of(x, 1, 2, 5, 5)).toArray();
        for (int o = 0; o < 3; o++) {
            for (int r = 0; r < 5; r++) {
                for (int c = 0; c < 5; c++) {
                    double sum = b[o];                                // PyTorch's cross-correlation, zero padding 1
                    for (int i = 0; i < 2; i++) {
                        for (int kr = 0; kr < 3; kr++) {
                            for (int kc = 0; kc < 3; kc++) {
                                int rr = r + kr - 1;
                                int cc = c + kc - 1;
                                if (rr >= 0 && rr < 5 && cc >= 0 && cc < 5) {
                                    sum += w[((o * 2 + i) * 3 + kr) * 3 + kc] * x[(i * 5 + rr) * 5 + cc];
                                }
                            }
                        }
                    }
                    assertEquals(sum, y[(o * 5 + r) * 5 + c], 1e-5, "output " + o + "," + r + "," + c);
                }
            }
        }
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    @Test
    void batchNormStatisticsLoadAndWhatDoesNotMatchIsReported() throws IOException {
        BatchNorm norm = new BatchNorm(3, 0.1f, 1e-5f);
        Map<String, StoredTensor> file = new LinkedHashMap<>();
        file.put("bn.weight", StoredTensor.of(Tensor.of(new float[] {1f, 2f, 3f}, 3)));
        file.put("bn.bias", StoredTensor.of(Tensor.of(new float[] {0f, 1f, 0f}, 3)));
        file.put("bn.running_mean", StoredTensor.of(Tensor.of(new float[] {0.5f, -1f, 2f}, 3)));
        file.put("bn.running_var", StoredTensor.of(Tensor.of(new float[] {4f, 1f, 0.25f}, 3)));
        file.put("bn.num_batches_tracked", StoredTensor.ofLongs(new long[] {100}));
        file.put("head.weight", StoredTensor.of(Tensor.of(new float[] {1f}, 1)));
        PyTorchStateDict.Report report = PyTorchStateDict.load(write(file), norm, Map.of("bn.", ""), false);
        assertEquals(List.of("head.weight"), report.unexpected(), "num_batches_tracked is not reported");
        assertEquals(List.of(), report.missing());
        assertArrayEquals(new float[] {0.5f, -1f, 2f}, norm.namedBuffers().get("running_mean").toArray());
        assertArrayEquals(new float[] {4f, 1f, 0.25f}, norm.namedBuffers().get("running_var").toArray());
        float[] y = norm.predict(Tensor.of(new float[] {2.5f, 0f, 2.5f}, 1, 3)).toArray();
        assertArrayEquals(new float[] {(float) (2.0 / Math.sqrt(4 + 1e-5)), (float) (2 * 1 / Math.sqrt(1 + 1e-5) + 1),
            (float) (3 * 0.5 / Math.sqrt(0.25 + 1e-5))}, y, 1e-5f);
    }

    @Test
    void aStrictImportOfAnIncompleteOrMisshapenFileChangesNothing() throws IOException {
        Linear linear = new Linear(2, 2, Rng.seeded(3));
        float[] before = linear.namedParameters().get("weight").value().toArray();
        Path onlyWeight = write(Map.of("weight", StoredTensor.of(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2))));
        ArchitectureMismatchException incomplete = assertThrows(ArchitectureMismatchException.class,
                () -> PyTorchStateDict.load(onlyWeight, linear, Map.of(), true));
        assertTrue(incomplete.getMessage().contains("bias"), incomplete.getMessage());
        assertArrayEquals(before, linear.namedParameters().get("weight").value().toArray(), "nothing written");

        Path misshapen = write(Map.of("weight", StoredTensor.of(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2)),
                "bias", StoredTensor.of(Tensor.of(new float[] {0, 0}, 2))));
        ArchitectureMismatchException shape = assertThrows(ArchitectureMismatchException.class,
                () -> PyTorchStateDict.load(misshapen, linear, Map.of(), false));
        assertTrue(shape.getMessage().contains("[3, 2]"), shape.getMessage());

        Path infinite = write(Map.of("weight", StoredTensor.of(Tensor.of(new float[] {1, Float.NaN, 3, 4}, 2, 2)),
                "bias", StoredTensor.of(Tensor.of(new float[] {0, 0}, 2))));
        assertThrows(CorruptCheckpointException.class, () -> PyTorchStateDict.load(infinite, linear, Map.of(), true));
        assertArrayEquals(before, linear.namedParameters().get("weight").value().toArray(), "nothing written");
    }

    @Test
    void aBidirectionalLayersBackwardDirectionIsPyTorchsReverse() throws IOException {
        Layer bidirectional = deepvec.nn.spi.PluginRegistry.standard().layers().create(deepvec.nn.layer.LayerConfig.of("bidirectional",
                "gates", 3, "in", 2, "hidden", 2, "sequence", false), Rng.seeded(1));
        Map<String, StoredTensor> file = new LinkedHashMap<>();
        for (String direction : List.of("_l0", "_l0_reverse")) {
            file.put("weight_ih" + direction, StoredTensor.of(Tensor.of(values(21, 12), 6, 2)));
            file.put("weight_hh" + direction, StoredTensor.of(Tensor.of(values(22, 12), 6, 2)));
            file.put("bias_ih" + direction, StoredTensor.of(Tensor.of(values(23, 6), 6)));
            file.put("bias_hh" + direction, StoredTensor.of(Tensor.of(values(24, 6), 6)));
        }
        PyTorchStateDict.Report report = PyTorchStateDict.load(write(file), bidirectional, Map.of(), true);
        assertTrue(report.loaded().contains("backward.weight_ih") && report.loaded().contains("forward.bias_hh"), report.toString());
        assertArrayEquals(values(21, 12), bidirectional.namedParameters().get("backward.weight_ih").value().toArray());
    }
}
