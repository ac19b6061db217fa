package dev.svcsim.scenario.sweep;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that they are either all there or not there at all, even if the process is
 * killed or the machine loses power: the bytes go to a temporary file in the same folder, which
 * is flushed to the disk (fsync) and then renamed over the target in one step; the folder is
 * flushed too, so that the rename itself survives. Temporary files are named
 * {@code .NAME.*.tmp}; {@link #isTemporary} recognises the ones a killed process left behind.
 */
public final class DurableFiles {

  private DurableFiles() {}

  /** Writes {@code text} as UTF-8 to {@code file}, atomically and durably. */
  public static void write(Path file, String text) throws IOException {
    write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code bytes} to {@code file}, atomically and durably. */
  public static void write(Path file, byte[] bytes) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    syncFolder(dir);
  }

  /** Flushes a folder's entries to the disk, where the platform allows it (Linux and macOS do). */
  static void syncFolder(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open a folder as a channel; its renames are durable enough
    }
  }

  /** Whether a file name is one of {@link #write}'s temporary files. */
  public static boolean isTemporary(String name) {
    return name.startsWith(".") && name.endsWith(".tmp");
  }
}
