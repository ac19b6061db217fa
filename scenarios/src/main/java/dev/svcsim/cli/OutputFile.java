package dev.svcsim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a command writes what it made: standard output, or a file named by an option such as
 * {@code --out} (its folders created; a failure is bad input, exit code 2, with the reason).
 */
final class OutputFile {

  private OutputFile() {}

  /** Fails early, before anything is simulated, when {@code file} names a folder. */
  static void requireNotFolder(Path file, String option, String what) {
    if (file != null && Files.isDirectory(file)) {
      throw new InvalidInputException(option + " " + file + " is a folder; name a file to write " + what + " to");
    }
  }

  /** Writes {@code text} to {@code file}, or to {@code stdout} when {@code file} is null. */
  static void emit(PrintWriter stdout, Path file, String text, String what) {
    if (file == null) {
      stdout.print(text);
      stdout.flush();
    } else {
      write(file, text, what);
    }
  }

  /** Writes {@code text} to {@code file}, creating its folder; {@code what} names it in errors. */
  static void write(Path file, String text, String what) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (e instanceof AccessDeniedException) {
        why = "permission denied";
      } else if (e instanceof FileAlreadyExistsException) {
        why = "a file is in the way of a folder on that path";
      }
      throw new InvalidInputException("cannot write " + what + " to " + file + ": " + why);
    }
  }
}
