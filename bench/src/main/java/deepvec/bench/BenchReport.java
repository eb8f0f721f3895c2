package deepvec.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the benchmarks through JMH and prints one table: GEMM in GFLOP/s against the FMA peak
 * measured in the same run and against the native peers (OpenBLAS with its strongest kernels,
 * oneDNN) in the same run, the reference CNN's convolutions in GFLOP/s
 * beside the GEMMs they lower to, the elementwise kernels in Gelem/s and GB/s against the
 * scalar reference and a plain memory copy, and MLP and CNN training in samples/s. {@code --quick} runs a short
 * subset (what {@code ./deepvec bench} shows); {@code --full} runs every shape at 1 and 2
 * threads with the iteration counts used for published figures.
 */
public final class BenchReport {

    private static final String[] QUICK_SHAPES = {"256x256x256", "512x512x512", "128x10x256", "32x50176x9", "64x12544x288"};
    private static final String[] QUICK_TWO_THREAD_SHAPES = {"512x512x512"};
    private static final String[] DEMO_SHAPES = {"512x512x512", "128x10x256", "64x12544x288"};
    private static final String[] QUICK_OPS = {"relu", "add", "exp", "sigmoid", "tanh", "copy", "vectorCopy"};

    private final boolean full;
    private final PrintStream out;

    private BenchReport(boolean full, PrintStream out) {
        this.full = full;
        this.out = out;
    }

    /**
     * {@code --quick} (default), {@code --full}, {@code --gemm} (the demo's short GEMM table),
     * {@code --training} or {@code --conv} (the last two: only that table; with {@code --full}, at full length).
     */
    public static void main(String[] args) throws RunnerException {
        List<String> flags = List.of(args);
        BenchReport report = new BenchReport(flags.contains("--full"), System.out);
        if (flags.contains("--training")) {
            report.trainingTable();
        } else if (flags.contains("--conv")) {
            report.convolutionTable(Peers.load(), report.measuredPeak());
        } else {
            report.run(flags.contains("--gemm"));
        }
    }

    /** The native GEMM peers found on this machine. */
    record Peers(Optional<OpenBlas> blas, Optional<OneDnn> dnnl) {
        static Peers load() {
            return new Peers(OpenBlas.load(), OneDnn.load());
        }

        /** The JMH methods of GemmBenchmark to run: deepvec's and each installed peer's. */
        String methods() {
            return "(deepvec" + (blas.isPresent() ? "|openblas" : "") + (dnnl.isPresent() ? "|onednn" : "") + ")$";
        }

        void describe(PrintStream out) {
            out.println(blas.map(b -> "peer: OpenBLAS " + b.library() + ", kernel " + b.coreName()
                    + (NativeProcess.hasAvx512() ? " (OPENBLAS_CORETYPE=SkylakeX set for the peer: the CPU has AVX-512)" : ""))
                    .orElse("peer: OpenBLAS not installed (" + OpenBlas.INSTALL_HINT + ")"));
            out.println(dnnl.map(d -> "peer: oneDNN " + d.version() + " " + d.library())
                    .orElse("peer: oneDNN not installed (" + OneDnn.INSTALL_HINT + "), the strongest GEMM peer on x86"));
        }
    }

    private void run(boolean gemmOnly) throws RunnerException {
        Peers peers = Peers.load();
        out.println("deepvec benchmark (" + (full ? "full" : "quick") + "), JDK " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores");
        out.println("Measuring with JMH, please wait...");
        peers.describe(out);
        double peak = measuredPeak();
        out.printf(Locale.ROOT, "measured FMA peak of one core: %.1f GFLOP/s (%d float lanes)%n%n", peak, FmaPeakBenchmark.lanes());
        gemmTable(peers, peak, gemmOnly);
        if (!gemmOnly) {
            convolutionTable(peers, peak);
            elementwiseTable();
            trainingTable();
        }
    }

    private ChainedOptionsBuilder options() {
        ChainedOptionsBuilder b = new OptionsBuilder().verbosity(VerboseMode.SILENT).forks(1)
                .jvmArgsAppend("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                        "--sun-misc-unsafe-memory-access=allow",   // JMH itself uses sun.misc.Unsafe
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        // quick runs still warm up for 2 s: the skinny kernels take about that to reach C2 code
        return full ? b : b.warmupIterations(4).warmupTime(TimeValue.milliseconds(500))
                .measurementIterations(3).measurementTime(TimeValue.milliseconds(500));
    }

    private double measuredPeak() throws RunnerException {
        Collection<RunResult> r = new Runner(options().include(FmaPeakBenchmark.class.getName() + ".fmaChains").build()).run();
        double nsPerFma = r.iterator().next().getPrimaryResult().getScore();
        return 2.0 * FmaPeakBenchmark.lanes() / nsPerFma;
    }

    private void gemmTable(Peers peers, double peak, boolean gemmOnly) throws RunnerException {
        String[] shapes = full ? GemmShape.ALL : gemmOnly ? DEMO_SHAPES : QUICK_SHAPES;
        String[] twoThreadShapes = full ? GemmShape.ALL : gemmOnly ? new String[0] : QUICK_TWO_THREAD_SHAPES;
        Map<String, Double> scores = new LinkedHashMap<>();
        runGemm(shapes, "1", peers, scores);
        if (twoThreadShapes.length > 0) {
            runGemm(twoThreadShapes, "2", peers, scores);
        }
        out.println("GEMM C = A B, row-major, beta = 0 (GFLOP/s; higher is better)");
        out.printf(Locale.ROOT, "%-16s %3s %10s %7s %10s %8s %7s%n", "M x N x K", "thr", "deepvec", "%peak", "OpenBLAS",
                "oneDNN", "ratio");
        for (String threads : new String[] {"1", "2"}) {
            for (String shape : threads.equals("1") ? shapes : twoThreadShapes) {
                double flops = GemmShape.parse(shape).flops();
                Double ours = scores.get("deepvec/" + shape + "/" + threads);
                Double blas = scores.get("openblas/" + shape + "/" + threads);
                Double dnnl = scores.get("onednn/" + shape + "/" + threads);
                if (ours == null) {
                    continue;
                }
                double g = flops / ours / 1e3;                      // scores are microseconds
                int cores = Integer.parseInt(threads);
                Double best = blas == null ? dnnl : dnnl == null ? blas : Math.min(blas, dnnl);
                out.printf(Locale.ROOT, "%-16s %3s %10.1f %6.0f%% %10s %8s %7s%n", shape, threads, g, 100 * g / (peak * cores),
                        gflops(flops, blas), gflops(flops, dnnl), best == null ? "-" : String.format(Locale.ROOT, "%.2f", best / ours));
            }
        }
        out.println("%peak: of the FMA peak measured above, times the threads; ratio: deepvec / the faster peer");
        out.println();
    }

    private void runGemm(String[] shapes, String threads, Peers peers, Map<String, Double> scores) throws RunnerException {
        String methods = GemmBenchmark.class.getName() + "." + peers.methods();
        Collection<RunResult> results = new Runner(options().include(methods)
                .param("shape", shapes).param("threads", threads).build()).run();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            scores.put(method + "/" + r.getParams().getParam("shape") + "/" + threads, r.getPrimaryResult().getScore());
        }
    }

    private void elementwiseTable() throws RunnerException {
        List<String> ops = full ? List.of("relu", "add", "exp", "sigmoid", "tanh", "log", "copy", "vectorCopy") : List.of(QUICK_OPS);
        String[] sizes = full ? new String[] {"1048576", "16777216"} : new String[] {"16777216"};
        Collection<RunResult> results = new Runner(options()
                .include(ElementwiseBenchmark.class.getName() + ".(" + String.join("|", ops) + ")$")
                .param("n", sizes).build()).run();
        Map<String, Double> scores = new LinkedHashMap<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            scores.put(method + "/" + r.getParams().getParam("n") + "/" + r.getParams().getParam("kernels"),
                    r.getPrimaryResult().getScore());
        }
        out.println("Elementwise kernels, one thread (Gelem/s; GB/s of data read and written)");
        out.printf(Locale.ROOT, "%-10s %9s %10s %8s %10s %8s %9s %9s%n", "op", "n", "simd G/s", "GB/s", "scalar G/s", "speedup",
                "vs copy", "vs vcopy");
        List<String> rows = new ArrayList<>();
        for (String n : sizes) {
            double copyBytes = 8.0 * Long.parseLong(n);
            double copyGbs = copyBytes / scores.getOrDefault("copy/" + n + "/simd", Double.NaN) / 1e3;
            double vectorCopyGbs = copyBytes / scores.getOrDefault("vectorCopy/" + n + "/simd", Double.NaN) / 1e3;
            for (String op : ops) {
                Double simd = scores.get(op + "/" + n + "/simd");
                Double scalar = scores.get(op + "/" + n + "/scalar");
                if (simd == null) {
                    continue;
                }
                long elems = Long.parseLong(n);
                double bytes = (op.equals("add") ? 12.0 : 8.0) * elems;
                double gbs = bytes / simd / 1e3;                     // scores are microseconds
                rows.add(String.format(Locale.ROOT, "%-10s %9s %10.2f %8.1f %10.2f %7.1fx %8.0f%% %8.0f%%", op, n,
                        elems / simd / 1e3, gbs, scalar == null ? Double.NaN : elems / scalar / 1e3,
                        scalar == null ? Double.NaN : scalar / simd, 100 * gbs / copyGbs, 100 * gbs / vectorCopyGbs));
            }
        }
        rows.forEach(out::println);
        out.println("copy: System.arraycopy (non-temporal stores); vcopy: Vector API load/store loop (ordinary stores,");
        out.println("which read each destination line before writing it), the bandwidth an elementwise kernel can reach");
    }

    /** The MLP 784-256-128-10 on batches of 128 and the reference CNN on batches of 64: Adam steps and inference. */
    private void trainingTable() throws RunnerException {
        samplesTable(MlpTrainingBenchmark.class, "MLP 784-256-128-10, batch 128");
        samplesTable(CnnTrainingBenchmark.class, "Reference CNN (conv 32, conv 64, linear 128), batch 64");
        out.println("trainStep: forward, fused softmax cross-entropy, backward, Adam update; inference: forward only");
    }

    private void samplesTable(Class<?> benchmark, String title) throws RunnerException {
        Collection<RunResult> results = new Runner(options().include(benchmark.getName()).param("threads", "1", "2").build()).run();
        out.println();
        out.println(title + " (samples/s; higher is better)");
        out.printf(Locale.ROOT, "%-12s %3s %12s %12s%n", "", "thr", "samples/s", "us/batch");
        for (RunResult r : results) {
            double micros = r.getPrimaryResult().getScore();
            int batch = Integer.parseInt(r.getParams().getParam("batch"));
            out.printf(Locale.ROOT, "%-12s %3s %12.0f %12.1f%n", methodOf(r), r.getParams().getParam("threads"),
                    batch / micros * 1e6, micros);
        }
    }

    /**
     * The reference CNN's convolutions at 1 and 2 threads in GFLOP/s, beside the GEMM each one
     * lowers to over the whole batch (deepvec and OpenBLAS, the lowering itself not counted).
     */
    private void convolutionTable(Peers peers, double corePeak) throws RunnerException {
        String[] layers = {"1x32x28", "32x64x14"};
        String[] loweredShapes = {"32x50176x9", "64x12544x288"};
        Collection<RunResult> results = new Runner(options().include(ConvBenchmark.class.getName())
                .param("threads", "1", "2").build()).run();
        Map<String, Double> gemm = new LinkedHashMap<>();
        runGemm(loweredShapes, "1", peers, gemm);
        runGemm(loweredShapes, "2", peers, gemm);
        Map<String, Double> scores = new LinkedHashMap<>();
        for (RunResult r : results) {
            scores.put(methodOf(r) + "/" + r.getParams().getParam("layer") + "/" + r.getParams().getParam("threads"),
                    r.getPrimaryResult().getScore());
        }
        out.println("Convolution 3x3, pad 1, batch 64 (GFLOP/s; higher is better)");
        out.printf(Locale.ROOT, "%-14s %3s %9s %6s %9s %6s %12s %9s %8s%n", "in->out HxW", "thr", "forward", "%peak", "fwd+bwd",
                "%peak", "GEMM deepvec", "OpenBLAS", "oneDNN");
        for (String threads : new String[] {"1", "2"}) {
            for (int i = 0; i < layers.length; i++) {
                String layer = layers[i];
                double flops = ConvBenchmark.flops(layer, 64);
                double peak = corePeak * Integer.parseInt(threads);
                double forward = flops / scores.getOrDefault("forward/" + layer + "/" + threads, Double.NaN) / 1e3;
                double both = 3 * flops / scores.getOrDefault("forwardBackward/" + layer + "/" + threads, Double.NaN) / 1e3;
                double lowered = GemmShape.parse(loweredShapes[i]).flops();
                String[] sides = layer.split("x");
                out.printf(Locale.ROOT, "%-14s %3s %9.1f %5.0f%% %9.1f %5.0f%% %12.1f %9s %8s%n",
                        sides[0] + "->" + sides[1] + " " + sides[2] + "x" + sides[2], threads, forward, 100 * forward / peak,
                        both, 100 * both / peak, lowered / gemm.getOrDefault("deepvec/" + loweredShapes[i] + "/" + threads,
                                Double.NaN) / 1e3,
                        gflops(lowered, gemm.get("openblas/" + loweredShapes[i] + "/" + threads)),
                        gflops(lowered, gemm.get("onednn/" + loweredShapes[i] + "/" + threads)));
            }
        }
        out.println("fwd+bwd: forward, input, weight and bias gradients, counted as 3x the forward flops;");
        out.println("GEMM: the same forward as one product over the batch (32x50176x9, 64x12544x288), lowering not counted");
        out.println();
    }

    /** GFLOP/s of a score in microseconds, or "-" when the peer did not run. */
    private static String gflops(double flops, Double micros) {
        return micros == null ? "-" : String.format(Locale.ROOT, "%.1f", flops / micros / 1e3);
    }

    private static String methodOf(RunResult r) {
        String benchmark = r.getParams().getBenchmark();
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }
}
