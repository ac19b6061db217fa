package dev.svcsim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SchemaCommandTest {

  @TempDir Path dir;

  private record Outcome(int exitCode, String out, String err) {}

  private static Outcome run(String... args) {
    CommandLine cmd = Svcsim.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Outcome(code, out.toString(), err.toString());
  }

  private static byte[] resource() throws IOException {
    try (InputStream in = SchemaCommandTest.class.getResourceAsStream("/dev/svcsim/scenario/scenario.schema.json")) {
      return in.readAllBytes();
    }
  }

  @Test
  void printsTheSchemaUnchanged() throws IOException {
    Outcome o = run("schema");
    assertEquals(ExitCode.OK, o.exitCode(), o.err());
    assertEquals(new String(resource(), StandardCharsets.UTF_8), o.out());
    assertEquals("", o.err());
  }

  @Test
  void writesTheSchemaToAFile() throws IOException {
    for (String option : new String[] {"-o", "--out"}) {
      Path file = dir.resolve(option.replace("-", "") + "/nested/scenario.schema.json");
      Outcome o = run("schema", option, file.toString());
      assertEquals(ExitCode.OK, o.exitCode(), o.err());
      assertEquals("", o.out());
      assertArrayEquals(resource(), Files.readAllBytes(file));
    }
  }

  @Test
  void anUnwritableFileIsBadInput() throws IOException {
    Path blocker = dir.resolve("file");
    Files.writeString(blocker, "x");
    Outcome o = run("schema", "--out", blocker.resolve("schema.json").toString());
    assertEquals(ExitCode.BAD_INPUT, o.exitCode());
    assertTrue(o.err().startsWith("svcsim: cannot write "), o.err());
  }

  @Test
  void helpExplainsHowToUseItInAnEditor() {
    Outcome o = run("schema", "--help");
    assertEquals(ExitCode.OK, o.exitCode());
    assertTrue(o.out().contains("Usage: svcsim schema"), o.out());
    assertTrue(o.out().contains("# yaml-language-server: $schema="), o.out());
    assertTrue(o.out().contains("yaml.schemas"), o.out());
    assertTrue(o.out().contains("--out=FILE"), o.out());
    Outcome top = run("--help");
    assertTrue(top.out().contains("schema"), "listed among the commands: " + top.out());
  }
}
