package dev.svcsim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaCommandTest {

  @TempDir Path dir;



  private static byte[] resource() throws IOException {
    try (InputStream in = SchemaCommandTest.class.getResourceAsStream("/dev/svcsim/scenario/scenario.schema.json")) {
      return in.readAllBytes();
    }
  }

  @Test
  void printsTheSchemaUnchanged() throws IOException {
    CliRun o = CliRun.svcsim("schema");
    assertEquals(ExitCode.OK, o.exitCode(), o.err());
    assertEquals(new String(resource(), StandardCharsets.UTF_8), o.out());
    assertEquals("", o.err());
  }

  @Test
  void writesTheSchemaToAFile() throws IOException {
    Path file = dir.resolve("out/nested/scenario.schema.json");
    CliRun o = CliRun.svcsim("schema", "--out", file.toString());
    assertEquals(ExitCode.OK, o.exitCode(), o.err());
    assertEquals("", o.out());
    assertArrayEquals(resource(), Files.readAllBytes(file));
  }

  /** -o means the output format in run, check and compare; schema has one format, so no -o. */
  @Test
  void dashOIsNotOut() {
    CliRun o = CliRun.svcsim("schema", "-o", "x.json");
    assertEquals(ExitCode.BAD_INPUT, o.exitCode());
    assertEquals("svcsim: schema writes to a file with --out x.json (-o is gone from schema: in run, check and"
        + " compare -o names the output format)\n", o.err());
  }

  @Test
  void anUnwritableFileIsBadInput() throws IOException {
    Path blocker = dir.resolve("file");
    Files.writeString(blocker, "x");
    CliRun o = CliRun.svcsim("schema", "--out", blocker.resolve("schema.json").toString());
    assertEquals(ExitCode.BAD_INPUT, o.exitCode());
    assertTrue(o.err().startsWith("svcsim: cannot write "), o.err());
  }

  @Test
  void helpExplainsHowToUseItInAnEditor() {
    CliRun o = CliRun.svcsim("schema", "--help");
    assertEquals(ExitCode.OK, o.exitCode());
    assertTrue(o.out().contains("Usage: svcsim schema"), o.out());
    assertTrue(o.out().contains("# yaml-language-server: $schema="), o.out());
    assertTrue(o.out().contains("yaml.schemas"), o.out());
    assertTrue(o.out().contains("--out=FILE"), o.out());
    CliRun top = CliRun.svcsim("--help");
    assertTrue(top.out().contains("schema"), "listed among the commands: " + top.out());
  }
}
