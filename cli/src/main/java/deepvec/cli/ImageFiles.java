package deepvec.cli;

import deepvec.nn.data.IdxFile;
import deepvec.nn.data.ImageInput;
import deepvec.simd.Tensor;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/** Images on disk as a batch a classifier reads: grey, resized, scaled to [0, 1], light on dark. */
final class ImageFiles {

    private ImageFiles() {
    }

    /**
     * PNG or JPEG files as a {@code [n, height * width]} batch: each made grey (luma
     * 0.299 R + 0.587 G + 0.114 B), resized to the input's size with bilinear interpolation, scaled
     * by 1/255 and, for dark objects on a light background, inverted.
     *
     * @throws NoSuchFileException if a file does not exist
     * @throws IOException if a file is not an image ImageIO can read
     */
    static Tensor read(List<Path> files, ImageInput input, boolean darkOnLight) throws IOException {
        float[] batch = new float[files.size() * input.features()];
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null, "no such image file");
            }
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new IOException(file + " is not an image ImageIO can read; expected PNG or JPEG");
            }
            BufferedImage resized = new BufferedImage(input.width(), input.height(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = resized.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, input.width(), input.height(), null);
            g.dispose();
            boolean invert = darkOnLight == input.lightOnDark();
            for (int y = 0; y < input.height(); y++) {
                for (int x = 0; x < input.width(); x++) {
                    int rgb = resized.getRGB(x, y);
                    double luma = 0.299 * (rgb >> 16 & 0xFF) + 0.587 * (rgb >> 8 & 0xFF) + 0.114 * (rgb & 0xFF);
                    float value = (float) (luma / 255);
                    batch[i * input.features() + y * input.width() + x] = invert ? 1 - value : value;
                }
            }
        }
        return Tensor.of(batch, files.size(), input.features());
    }

    /**
     * The images of an IDX file {@code [n, height, width]} of unsigned bytes, scaled by 1/255.
     *
     * @throws IllegalArgumentException if its images are not of the input's size
     */
    static Tensor fromIdx(IdxFile idx, ImageInput input, Path file) {
        int[] shape = idx.shape();
        if (shape.length != 3 || shape[1] != input.height() || shape[2] != input.width()) {
            throw new IllegalArgumentException(file + " holds images of shape " + Arrays.toString(shape) + "; the model reads [n, "
                    + input.height() + ", " + input.width() + "]");
        }
        float[] batch = new float[idx.data().length];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = (idx.data()[i] & 0xFF) / 255f;
        }
        return Tensor.of(batch, shape[0], input.features());
    }
}
