package deepvec.bench;

/** An M x N x K GEMM problem, parsed from benchmark parameters like {@code "128x256x784"}. */
public record GemmShape(int m, int n, int k) {

    /** The shapes of the foundation issue: squares, MLP layers, and convolutions lowered by im2col. */
    public static final String[] ALL = {
        "128x128x128", "256x256x256", "512x512x512", "1024x1024x1024", "2048x2048x2048",
        "128x256x784", "128x10x256", "256x784x128", "1024x1024x64", "32x50176x9",
        "64x12544x288", "64x128x3136", "64x512x128",
    };

    public static GemmShape parse(String text) {
        String[] parts = text.split("x");
        if (parts.length != 3) {
            throw new IllegalArgumentException("GEMM shape '" + text + "' is not MxNxK");
        }
        return new GemmShape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    }

    /** 2 M N K: one multiply and one add per term. */
    public double flops() {
        return 2.0 * m * n * k;
    }

    @Override
    public String toString() {
        return m + "x" + n + "x" + k;
    }
}
