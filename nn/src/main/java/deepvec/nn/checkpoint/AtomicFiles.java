package deepvec.nn.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Writes a file so that readers see either the old contents or the complete new ones, even if
 * the process is killed or the machine loses power: the bytes go to a temporary file
 * {@code .<name>.<random>.partial} in the same folder (created like any new file, so it honours
 * the umask), are forced to the device, the temporary file is renamed over the target, and the
 * folder is forced so the rename itself is durable. On failure the temporary file is deleted;
 * leftovers of a killed writer of the same target are swept before the next write.
 */
public final class AtomicFiles {

    private static final String SUFFIX = ".partial";

    private AtomicFiles() {
    }

    /** What writes the contents. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code file} atomically, creating its folder if needed. */
    public static void write(Path file, Writer contents) throws IOException {
        Path target = file.toAbsolutePath();
        Path folder = target.getParent();
        Files.createDirectories(folder);
        if (Files.isDirectory(target)) {
            throw new IOException(target + " is a folder; expected a file path to write");
        }
        sweepLeftovers(target);
        Path temporary = null;
        try {
            FileChannel channel = null;
            while (channel == null) {
                temporary = folder.resolve(prefix(target) + Long.toHexString(ThreadLocalRandom.current().nextLong()) + SUFFIX);
                try {
                    channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    temporary = null;          // another name
                }
            }
            try (FileChannel open = channel) {
                OutputStream out = Channels.newOutputStream(open);
                contents.writeTo(out);
                out.flush();
                open.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
            forceFolder(folder);
        } finally {
            if (temporary != null) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /** Writes a text file (UTF-8) atomically. */
    public static void writeString(Path file, String text) throws IOException {
        write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Deletes the temporary files that interrupted writes of {@code target} left behind. */
    static void sweepLeftovers(Path target) throws IOException {
        Pattern ours = Pattern.compile(Pattern.quote(prefix(target)) + "[0-9a-f]{1,16}" + Pattern.quote(SUFFIX));
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(target.getParent(),
                p -> ours.matcher(p.getFileName().toString()).matches())) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    private static String prefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    /**
     * Forces the folder's entries (the rename) to the device. Only POSIX file systems can open
     * a folder for this; elsewhere (Windows) the rename is durable without it.
     */
    private static void forceFolder(Path folder) throws IOException {
        if (!folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
