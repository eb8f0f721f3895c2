package deepvec.viz;

import deepvec.nn.checkpoint.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes images as PNG files atomically (never a half-written picture on disk). */
final class Png {

    private Png() {
    }

    static void write(Path file, BufferedImage image) throws IOException {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer in this JDK's javax.imageio");
            }
        });
    }
}
