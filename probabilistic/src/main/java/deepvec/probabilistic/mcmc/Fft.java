package deepvec.probabilistic.mcmc;

/** An in-place iterative radix-2 complex FFT in double precision, for autocorrelations. */
final class Fft {

    private Fft() {
    }

    /**
     * Transforms {@code (re, im)} in place: {@code X_k = sum_j x_j e^(-2 pi i j k / n)}, or the
     * inverse (with the 1/n factor) when {@code inverse}. The length must be a power of two.
     */
    static void transform(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        if (Integer.bitCount(n) != 1 || im.length != n) {
            throw new IllegalArgumentException("FFT length must be a power of two, with equal parts; got " + n + " and " + im.length);
        }
        for (int i = 1, j = 0; i < n; i++) {            // bit-reversal permutation
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int length = 2; length <= n; length <<= 1) {
            double angle = 2 * Math.PI / length * (inverse ? 1 : -1);
            double stepRe = Math.cos(angle);
            double stepIm = Math.sin(angle);
            for (int start = 0; start < n; start += length) {
                double wRe = 1;
                double wIm = 0;
                for (int k = 0; k < length / 2; k++) {
                    int a = start + k;
                    int b = a + length / 2;
                    double bRe = re[b] * wRe - im[b] * wIm;
                    double bIm = re[b] * wIm + im[b] * wRe;
                    re[b] = re[a] - bRe;
                    im[b] = im[a] - bIm;
                    re[a] += bRe;
                    im[a] += bIm;
                    double nextRe = wRe * stepRe - wIm * stepIm;
                    wIm = wRe * stepIm + wIm * stepRe;
                    wRe = nextRe;
                }
            }
        }
        if (inverse) {
            for (int i = 0; i < n; i++) {
                re[i] /= n;
                im[i] /= n;
            }
        }
    }
}
